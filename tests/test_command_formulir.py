"""`formulir` (SOP steps 2-3): one blank inventory form per bidang."""

from tests.conftest import run_cli


def test_formulir_makes_one_form_per_bidang(example):
    assert run_cli("formulir", "--workspace", str(example.root))[0] == 0
    assert sorted(p.name for p in example.out("formulir").iterdir()) == sorted(
        f"{code}.xlsx" for code in ["SET", "REHSOS", "LINJAMSOS", "DAYASOS", "PP", "PA", "UPTDPPA"]
    )
