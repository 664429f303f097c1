"""`nota` (SOP step 2): the Nota Dinas assigning PPID staff, numbered and dated from instansi.toml."""

from tests.conftest import run_cli
from tests.example_round import docx_text


def test_nota_carries_the_office_and_its_numbers(example):
    status, printed = run_cli("nota", "--workspace", str(example.root))
    assert status == 0 and "Nota Dinas nomor 000.8.3.4/39/DSPPA/SET dibuat" in printed
    nota = docx_text(example.out("nota_dinas.docx"))
    assert "000.8.3.4/39/DSPPA/SET" in nota and "6 Februari 2026" in nota
    assert "Bidang Perlindungan Anak" in nota and "20 Februari 2026" in nota
