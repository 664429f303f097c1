import pandas as pd
from openpyxl.utils import get_column_letter

from pipeline.kit.reference import load_references
from pipeline.kit.schema import review_spec
from pipeline.kit.sheets import read_fill_sheet, write_fill_sheet
from pipeline.stages.s45_review import assess_review, fingerprint

SPEC = review_spec()
REFS = load_references()


def draft(**changes) -> pd.DataFrame:
    """The given part of a review row; its fingerprint stands for everything printed."""
    base = {"id": "PP-0001", "bidang": "Bidang PP", "judul": "Berkas korban", "hasil_uji": "Dikecualikan",
            "pasal17": "17.h.1", "jangka_waktu": "Tidak terbatas", "status_arsip": "Aktif",
            "catatan_sistem": "", "akibat": "Stigma.", "daftar": "DIK"}  # fmt: skip
    row = base | changes
    row["sidik"] = fingerprint({k: v for k, v in row.items() if k not in ("catatan_sistem",)})
    return pd.DataFrame([row]).drop(columns="akibat")


def decided(tmp_path, given, first="Setuju", second="Setuju", note=None, **changes):
    """The review sheet as the reviewers saved it, read back as the tool reads it."""
    rows = assess_review(given, None, SPEC, REFS).rows
    rows = rows.assign(keputusan_pembantu=first, keputusan_atasan=second, catatan_atasan=note,
                       **changes)  # fmt: skip
    path = write_fill_sheet(tmp_path / "tinjauan.xlsx", SPEC, rows, rows.iloc[0:0])
    return read_fill_sheet(path, SPEC)


def test_first_review_sheet_has_fingerprints_and_no_decisions():
    review = assess_review(draft(), None, SPEC, REFS)
    assert review.rows.loc[0, "sidik"] == draft().loc[0, "sidik"]
    assert review.rows["keputusan_pembantu"].isna().all()
    assert review.aside.empty and not review.verdict.approved


def test_decisions_survive_a_refresh_as_typed(tmp_path):
    previous = decided(tmp_path, draft(), first="setuju", second="Disetujui")
    review = assess_review(draft(), previous, SPEC, REFS)
    assert (review.rows.loc[0, "keputusan_pembantu"], review.rows.loc[0, "keputusan_atasan"]) == (
        "setuju",
        "Disetujui",
    )
    assert review.verdict.approved


def test_a_decision_on_changed_content_must_be_given_again(tmp_path):
    previous = decided(tmp_path, draft())
    review = assess_review(draft(akibat="Teks lain yang tercetak di daftar"), previous, SPEC, REFS)
    assert "berubah setelah diputuskan" in review.rows.loc[0, "catatan_sistem"]
    assert not review.verdict.approved
    assert review.verdict.pending.loc[0, "alasan"] == "isi berubah setelah diputuskan"


def test_a_removed_fingerprint_counts_as_changed(tmp_path):
    previous = decided(tmp_path, draft(), sidik=None)
    review = assess_review(draft(), previous, SPEC, REFS)
    assert review.verdict.pending.loc[0, "alasan"] == "isi berubah setelah diputuskan"


def test_an_unknown_decision_is_named_at_its_cell(tmp_path):
    review = assess_review(draft(), decided(tmp_path, draft(), second="OK"), SPEC, REFS)
    column = get_column_letter(SPEC.names.index("keputusan_atasan") + 1)
    assert list(review.problems["Sel"]) == [f"{column}2"]
    assert (
        "'OK' bukan pilihan kolom 'Keputusan Atasan PPID'"
        in review.verdict.pending.loc[0, "alasan"]
    )


def test_returned_items_name_who_and_why(tmp_path):
    previous = decided(tmp_path, draft(), second="dikembalikan", note="Jangka waktu terlalu luas")
    verdict = assess_review(draft(), previous, SPEC, REFS).verdict
    assert not verdict.approved
    returned = verdict.returned.iloc[0]
    assert (returned["oleh"], returned["catatan"]) == ("kepala", "Jangka waktu terlalu luas")


def test_pembantu_return_stops_before_the_head(tmp_path):
    previous = decided(tmp_path, draft(), first="Dikembalikan", second=None)
    verdict = assess_review(draft(), previous, SPEC, REFS).verdict
    assert verdict.returned.iloc[0]["oleh"] == "ppid_pembantu"
    assert verdict.returned.iloc[0]["catatan"] == "(tanpa catatan)"


def test_missing_decisions_are_pending(tmp_path):
    verdict = assess_review(draft(), decided(tmp_path, draft(), second=None), SPEC, REFS).verdict
    assert verdict.pending.loc[0, "alasan"] == "belum diputuskan Atasan PPID"


def test_decisions_on_items_gone_from_the_draft_are_kept_aside(tmp_path):
    review = assess_review(draft(id="PP-0002"), decided(tmp_path, draft()), SPEC, REFS)
    assert list(review.orphan_decisions["id"]) == ["PP-0001"]


def test_empty_list_is_not_approved():
    assert not assess_review(draft().iloc[0:0], None, SPEC, REFS).verdict.approved


def test_a_stale_decision_is_emptied_for_the_sheet_and_kept_in_the_note(tmp_path):
    previous = decided(tmp_path, draft(), second="Dikembalikan", note="Perjelas")
    review = assess_review(draft(akibat="Teks baru"), previous, SPEC, REFS)
    assert review.redecide == ["PP-0001"]
    row = review.rows.iloc[0]
    assert row[["keputusan_pembantu", "keputusan_atasan", "catatan_atasan"]].isna().all()
    assert row["sidik"] == draft(akibat="Teks baru").loc[0, "sidik"]
    assert (
        "Keputusan Atasan PPID: Dikembalikan; Catatan Atasan PPID: Perjelas"
        in row["catatan_sistem"]
    )
    again = assess_review(draft(akibat="Teks baru"), None, SPEC, REFS)
    assert again.verdict.pending.loc[0, "alasan"] == "belum diputuskan PPID Pembantu"


def test_after_one_return_the_others_waiting_for_step_5_are_one_line(example):
    """The PPID Pembantu returns one item and approves the rest; the head decides nothing
    until the corrected draft comes back: tetapkan says so once, not item by item."""
    from openpyxl import load_workbook

    from tests.conftest import run_cli

    workbook = load_workbook(example.review_sheet)
    sheet = workbook["Tinjauan"]
    column = {cell.value: cell.column for cell in sheet[1]}
    for line in range(2, sheet.max_row + 1):
        sheet.cell(line, column["Keputusan Atasan PPID"]).value = None
        sheet.cell(line, column["Tanggal Keputusan Atasan PPID"]).value = None
        if sheet.cell(line, 1).value == "SET-0004":
            sheet.cell(line, column["Keputusan PPID Pembantu"]).value = "Dikembalikan"
            sheet.cell(line, column["Catatan PPID Pembantu"]).value = "Perjelas akibatnya."
    workbook.save(example.review_sheet)
    status, printed = run_cli("tetapkan", "--workspace", str(example.root))
    assert status == 1
    assert "belum diputuskan Atasan PPID" not in printed
    assert "29 informasi lain sudah disetujui PPID Pembantu; Atasan PPID memutuskannya" in (
        " ".join(printed.split())
    )
