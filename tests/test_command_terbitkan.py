"""`terbitkan`: the latest signed and archived list published to keluaran/web/."""

import json

from tests.conftest import run_cli


def test_terbitkan_and_ekspor_wait_for_the_signed_list_then_publish_the_latest(example, ran):
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert status == 2 and "Belum ada daftar bertanda tangan di arsip" in printed
    final = example.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert status == 0 and "30 informasi dikecualikan." in printed  # the DIP is not signed yet
    assert "Daftar Informasi Publik tidak diterbitkan" in printed
    web = example.out("web")
    assert not (web / "dip.csv").exists() and "dip" not in json.loads(
        (web / "data.json").read_text()
    )
    public = example.out("daftar_informasi_publik.docx")
    assert run_cli("arsip", str(public), "--dip", "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert status == 0 and "30 informasi dikecualikan, 25 informasi publik" in printed
    page = (web / "index.html").read_text(encoding="utf-8")
    signed = sorted(path.name for path in web.glob("*.docx"))
    assert signed == ["daftar_informasi_publik_000-8-3-4-46-DSPPA-DIP-2026.docx",
                      "keputusan_000-8-3-4-45-DSPPA-2026.docx"]  # fmt: skip
    assert all(f'href="{name}"' in page for name in signed)
    config = example.config.read_text(encoding="utf-8")  # a later round, signed and archived
    example.config.write_text(config.replace("nomor = 45", "nomor = 46"), encoding="utf-8")
    run_cli("tetapkan", "--workspace", str(example.root))
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert "Menggantikan terbitan Keputusan Nomor 000.8.3.4/45/DSPPA/2026" in printed
    status, printed = run_cli("ekspor", "--workspace", str(example.root))
    assert status == 0 and list(example.out("ekspor").glob("*.zip"))
    assert "ke PPID Utama Pemerintah Kabupaten Kapuas Hulu." in printed  # the office's region
    assert (example.root / "riwayat_ekspor.csv").is_file()
