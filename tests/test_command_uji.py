"""`uji` (SOP step 3): the consequence sheet refreshed, everything the team filled kept."""

from openpyxl import load_workbook

from pipeline.kit.schema import consequence_spec
from tests.conftest import GOOD_ROW, run_cli, write_inventory
from tests.conftest import row as inventory_row
from tests.example_round import rows_of, set_cells


def test_outcomes_of_a_withdrawn_file_are_kept_aside_and_come_back(ran):
    workspace, _ = ran
    filled = rows_of(workspace.test_sheet, "Uji Konsekuensi")
    moved = workspace.root / "PA.xlsx"
    (workspace.inbox / "PA.xlsx").rename(moved)
    for _ in range(2):  # kept aside across more than one refresh
        status, printed = run_cli("uji", "--workspace", str(workspace.root))
        assert status == 0 and "disimpan di lembar 'Isian Tanpa Butir'" in printed
        aside = rows_of(workspace.test_sheet, "Isian Tanpa Butir")
        result = consequence_spec().names.index("hasil_uji")  # where the team wrote the result
        assert set(aside) == {i for i in filled if i.startswith("PA-") and filled[i][result]}
        assert "PA-0001" not in rows_of(workspace.test_sheet, "Uji Konsekuensi")
        assert "'Isian Tanpa Butir': PA-" in printed  # the officer learns which ones
    assert list(workspace.out("cadangan").glob("uji_konsekuensi-*.xlsx"))
    moved.rename(workspace.inbox / "PA.xlsx")
    assert run_cli("uji", "--workspace", str(workspace.root))[0] == 0
    assert rows_of(workspace.test_sheet, "Uji Konsekuensi") == filled
    assert "Isian Tanpa Butir" not in load_workbook(workspace.test_sheet).sheetnames


def test_uji_points_at_cells_that_need_the_team_but_not_at_untested_proposals(ran):
    workspace, _ = ran
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Hasil Uji": "Xyz"})
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "SET-0005", {"Hasil Uji": None})
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert status == 0, printed
    assert "Perlu diisi atau diperbaiki di lembar uji" in printed
    assert "PA-0001" in printed and "'Xyz' bukan pilihan kolom 'Hasil Uji'" in printed
    assert "SET-0005" not in printed  # counted as untested, not listed
    assert "1 usulan belum diuji: isi Hasil Uji" in " ".join(printed.split())
    assert workspace.out("perbaikan.xlsx").is_file()
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Hasil Uji": "Dikecualikan"})
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert "Perlu diisi" not in printed and not workspace.out("perbaikan.xlsx").exists()


def test_a_sheet_the_team_added_is_never_dropped(ran):
    workspace, _ = ran
    workbook = load_workbook(workspace.test_sheet)
    workbook.create_sheet("Notulen Rapat Uji")["A1"] = "catatan rapat"
    workbook.save(workspace.test_sheet)
    (workspace.inbox / "PA.xlsx").unlink()  # the sheet must change, so uji wants to rewrite it
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert status == 2 and "lembar tambahan 'Notulen Rapat Uji'" in printed
    assert "Notulen Rapat Uji" in load_workbook(workspace.test_sheet).sheetnames


def test_the_test_sheet_shows_what_the_bidang_wrote(workspace):
    """The team tests without opening the bidang's workbooks: summary and reason are there."""
    write_inventory(workspace.inbox / "PP.xlsx", [inventory_row()])
    assert run_cli("uji", "--workspace", str(workspace.root))[0] == 0
    sheet = load_workbook(workspace.test_sheet)["Uji Konsekuensi"]
    header = [cell.value for cell in sheet[1]]
    line = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert line["Ringkasan Isi"] == GOOD_ROW["Ringkasan Isi"]
    assert line["Alasan Usulan"] == GOOD_ROW["Alasan Usulan"]
    assert header.index("Ringkasan Isi") == header.index("Judul Informasi") + 1


def test_only_the_last_ten_backups_are_kept(example, ran):
    for _ in range(6):  # PA's items leave and come back: each uji rewrites the sheet
        (example.inbox / "PA.xlsx").rename(example.root / "PA.xlsx")
        assert run_cli("uji", "--workspace", str(example.root))[0] == 0
        (example.root / "PA.xlsx").rename(example.inbox / "PA.xlsx")
        assert run_cli("uji", "--workspace", str(example.root))[0] == 0
    backups = list(example.out("cadangan").glob("uji_konsekuensi-*.xlsx"))
    assert len(backups) == 10
