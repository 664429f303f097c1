"""`ekspor`: the signed and archived list as one zip for the region's PPID Utama, the signed DIP
in it once archived too, each export logged in riwayat_ekspor.csv."""

import csv
import zipfile

from tests.conftest import run_cli


def test_ekspor_waits_for_the_signed_list_and_takes_the_dip_once_it_is_archived(ran):
    workspace, _ = ran
    root = ("--workspace", str(workspace.root))
    status, printed = run_cli("ekspor", *root)
    assert status == 2 and "Belum ada daftar bertanda tangan di arsip" in printed
    assert not workspace.out("ekspor").exists()
    final = workspace.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), *root)[0] == 0
    status, printed = run_cli("ekspor", *root)
    said = " ".join(printed.split())
    assert status == 0 and "Ekspor Keputusan Nomor 000.8.3.4/45/DSPPA/2026 dibuat" in said
    assert "Daftar Informasi Publik tidak ikut diekspor" in said
    [made] = workspace.out("ekspor").glob("*.zip")
    with zipfile.ZipFile(made) as archive:
        first = set(archive.namelist())
    public = workspace.out("daftar_informasi_publik.docx")
    assert run_cli("arsip", str(public), "--dip", *root)[0] == 0
    status, printed = run_cli("ekspor", *root)  # the same decision: its zip replaced
    assert status == 0 and "tidak ikut diekspor" not in printed
    assert list(workspace.out("ekspor").glob("*.zip")) == [made]
    with zipfile.ZipFile(made) as archive:
        names = set(archive.namelist())
    assert {"dik.csv", "data.json", "datapackage.json", "register.csv", "manifest.json",
            "keputusan_000-8-3-4-45-DSPPA-2026.docx"} <= first  # fmt: skip
    assert names - first == {
        "dip.csv", "dip_data.csv", "daftar_informasi_publik_000-8-3-4-46-DSPPA-DIP-2026.docx"
    }  # fmt: skip
    with (workspace.root / "riwayat_ekspor.csv").open(encoding="utf-8-sig") as handle:
        log = list(csv.DictReader(handle))
    columns = ("Berkas Ekspor", "Jumlah DIK", "Jumlah DIP", "Baris Register")
    assert [tuple(r[c] for c in columns) for r in log] == [
        (made.name, "30", "", "1"),  # both exports logged, each with the register's head
        (made.name, "30", "25", "2"),
    ]
