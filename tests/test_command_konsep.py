"""`konsep` (SOP step 3): the draft lists and tinjauan.xlsx, refreshed without losing a decision."""

import pandas as pd
from openpyxl import load_workbook

from pipeline.round import Round
from tests.conftest import run_cli
from tests.example_round import set_cells


def test_refresh_keeps_every_filled_outcome_and_decision(ran):
    workspace, _ = ran
    sheets = (workspace.test_sheet, workspace.review_sheet)
    before = [path.read_bytes() for path in sheets]
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert status == 0 and "Lembar uji (tidak berubah)" in printed
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert status == 0 and "Lembar tinjauan (tidak berubah)" in printed
    assert [path.read_bytes() for path in sheets] == before  # not even rewritten


def test_decisions_of_a_withdrawn_file_are_named_where_they_are_kept(ran):
    workspace, _ = ran
    (workspace.inbox / "PA.xlsx").rename(workspace.root / "PA.xlsx")
    _, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert "disimpan di lembar 'Keputusan Tanpa Butir': PA-0001" in printed


def test_untested_proposal_blocks_the_draft(ran):
    workspace, _ = ran
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Hasil Uji": None})
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert status == 1
    assert "PA-0001" in printed and "Belum diuji" in printed
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 1


def test_renumbered_items_do_not_swap_their_outcomes(ran):
    workspace, _ = ran
    path = workspace.inbox / "SET.xlsx"
    workbook = load_workbook(path)
    sheet = workbook["Inventaris"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(6, 15)}
    sheet.cell(row=rows[1], column=1).value, sheet.cell(row=rows[5], column=1).value = 5, 1
    workbook.save(path)
    assert run_cli("konsep", "--workspace", str(workspace.root))[0] == 1
    outcomes = Round.open(workspace).outcomes
    conflicts = outcomes.conflicts.set_index("id")["pesan"]
    assert list(conflicts.index) == ["SET-0001"]  # now the proposed nota dinas: untested
    assert "berubah sejak diuji" in conflicts["SET-0001"]
    renstra = outcomes.table.set_index("id").loc["SET-0005"]  # not proposed: open, no old reasoning
    assert renstra["hasil"] == "Terbuka" and pd.isna(renstra["akibat_dibuka"])


def test_konsep_says_when_nothing_is_left_to_decide(ran):
    workspace, _ = ran
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert status == 0 and "semua butir sudah disetujui di tinjauan.xlsx" in printed
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001", {"Keputusan Atasan PPID": None})
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert "mengisi keputusan di tinjauan.xlsx" in printed


def test_a_sheet_open_in_excel_is_not_rewritten_and_nothing_is_written_first(example, ran):
    set_cells(example.test_sheet, "Uji Konsekuensi", "PA-0001", {"Jangka Waktu": "5 tahun"})
    lock = example.root / "~$tinjauan.xlsx"
    lock.write_bytes(b"lock")
    draft = example.out("konsep_daftar_informasi_dikecualikan.docx")
    draft.unlink()
    before = example.review_sheet.read_bytes()
    status, printed = run_cli("konsep", "--workspace", str(example.root))
    assert status == 2 and "tinjauan.xlsx sedang dibuka (~$tinjauan.xlsx)" in printed
    assert example.review_sheet.read_bytes() == before
    assert not draft.exists()


def test_a_save_between_read_and_replace_is_kept_and_the_new_version_set_beside(
    example, ran, monkeypatch
):
    from pipeline.kit import sheets

    set_cells(example.test_sheet, "Uji Konsekuensi", "PA-0001", {"Jangka Waktu": "5 tahun"})
    original = sheets._fill_table

    def reviewer_saves_meanwhile(sheet, spec, rows, paper, with_rules):
        if spec.sheet == "Tinjauan" and with_rules:
            set_cells(
                example.review_sheet,
                "Tinjauan",
                "SET-0005",
                {"Catatan PPID Pembantu": "disimpan sekarang"},
            )
        return original(sheet, spec, rows, paper, with_rules)

    monkeypatch.setattr(sheets, "_fill_table", reviewer_saves_meanwhile)
    status, printed = run_cli("konsep", "--workspace", str(example.root))
    assert status == 2 and "disimpan orang lain saat perintah berjalan" in printed
    kept = load_workbook(example.review_sheet)["Tinjauan"]
    assert any(cell.value == "disimpan sekarang" for row in kept.iter_rows() for cell in row)
    assert (example.root / "tinjauan (baru).xlsx").is_file()
