"""`tetapkan` (SOP steps 4-5): the list to sign, or the return letters, and what blocks signing."""

import csv
import shutil
from datetime import date

import pytest
from openpyxl import load_workbook

from pipeline.round import Round
from tests.conftest import run_cli
from tests.example_round import assert_not_signed, docx_text, rows_of, set_cells


def test_a_returned_item_produces_the_return_letter(ran):
    workspace, _ = ran
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan Atasan PPID": "Dikembalikan", "Catatan Atasan PPID": "Perjelas jangka waktu & <bentuk>"})  # fmt: skip
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 1
    assert "1 informasi dikembalikan" in printed
    letter = docx_text(workspace.out("pengembalian_langkah5.docx"))
    assert "PA-0001" in letter and "Perjelas jangka waktu & <bentuk>" in letter
    assert "Dra. MARIA GORETTI SUSANTI, M.Si." in letter  # signed by who returned it
    assert not workspace.out("pengembalian_langkah4.docx").exists()
    assert not workspace.out("daftar_informasi_dikecualikan.docx").exists()
    run_cli("tetapkan", "--workspace", str(workspace.root))  # run again: logged once
    with workspace.return_log.open(encoding="utf-8-sig") as handle:
        log = list(csv.DictReader(handle))
    assert [(r["ID"], r["Tahap"], r["Catatan"]) for r in log] == [
        ("PA-0001", "Langkah 5 (Atasan PPID)", "Perjelas jangka waktu & <bentuk>")
    ]
    assert log[0]["Oleh"] == "Dra. MARIA GORETTI SUSANTI, M.Si. (Kepala Dinas)"


@pytest.mark.parametrize(
    ("item_id", "column", "value"),
    [("PA-0001", "Jangka Waktu", "5 tahun"), ("SET-0005", "Akibat bila Dibuka", "Teks baru")],
)
def test_content_changed_after_approval_needs_a_new_decision(ran, item_id, column, value):
    workspace, _ = ran
    set_cells(workspace.test_sheet, "Uji Konsekuensi", item_id, {column: value})
    assert_not_signed(workspace, "isi berubah setelah diputuskan")


def test_a_rejected_inventory_row_blocks_the_signed_list(ran):
    workspace, _ = ran
    path = workspace.inbox / "REHSOS.xlsx"
    workbook = load_workbook(path)
    workbook["Inventaris"]["B6"].value = None  # REHSOS-0001 loses its title
    workbook.save(path)
    assert_not_signed(workspace, "1 baris isian ditolak")


def test_a_returned_item_is_fixed_redecided_and_signed(ran):
    workspace, _ = ran
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan Atasan PPID": "Dikembalikan", "Catatan Atasan PPID": "Jangka waktu terlalu luas"})  # fmt: skip
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 1
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Jangka Waktu": "5 tahun"})
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert "keputusannya dikosongkan" in printed and "putuskan lagi: PA-0001" in printed
    assert "mengisi keputusan di tinjauan.xlsx" in printed  # taken before the sheet was written
    row = rows_of(workspace.review_sheet, "Tinjauan")["PA-0001"]
    assert row[9] is None and row[11] is None and "Keputusan lama" in row[8]
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan PPID Pembantu": "Setuju", "Keputusan Atasan PPID": "Setuju"})  # fmt: skip
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 0, printed
    assert "5 (lima) tahun" in docx_text(workspace.out("daftar_informasi_dikecualikan.docx"))
    assert Round.open(workspace).stage.name == "ARSIP"  # the 'decide again' note does not hold it
    status, printed = run_cli("status", "--workspace", str(workspace.root))
    assert "make arsip" in printed.split("Langkah berikutnya")[-1]


def test_return_letters_are_kept_after_approval_and_made_again_from_the_record(ran):
    """A signed return letter stays with the round once the list is approved, and comes back
    from riwayat_pengembalian.csv when keluaran/ is deleted ('safe to delete')."""
    workspace, _ = ran
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan PPID Pembantu": "Dikembalikan", "Catatan PPID Pembantu": "Perjelas.",
               "Tanggal Keputusan PPID Pembantu": date(2026, 2, 19),
               "Keputusan Atasan PPID": None})  # fmt: skip
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 1
    letter = workspace.out("pengembalian_langkah4.docx")
    first = docx_text(letter)
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan PPID Pembantu": "Setuju", "Keputusan Atasan PPID": "Setuju"})  # fmt: skip
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 0, printed
    assert letter.is_file() and workspace.out("daftar_informasi_dikecualikan.docx").is_file()
    shutil.rmtree(workspace.output)
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 0
    assert docx_text(letter) == first
    assert "19 Februari 2026" in first and "Perjelas." in first


@pytest.mark.parametrize(
    ("sheet", "damage", "message"),
    [
        ("test_sheet", b"bukan excel", "uji_konsekuensi.xlsx tidak dapat dibaca"),
        ("review_sheet", b"bukan excel", "tinjauan.xlsx tidak dapat dibaca"),
        ("test_sheet", None, "kolom 'ID' tidak ditemukan pada baris 1 lembar 'Uji Konsekuensi'"),
        ("review_sheet", None, "kolom 'ID' tidak ditemukan pada baris 1 lembar 'Tinjauan'"),
    ],
)
def test_a_corrupt_or_headerless_fill_sheet_is_one_sentence(example, sheet, damage, message):
    path = getattr(example, sheet)
    if damage is None:
        workbook = load_workbook(path)
        workbook.worksheets[0].delete_rows(1)  # the header row is gone
        workbook.save(path)
    else:
        path.write_bytes(damage)
    status, printed = run_cli("tetapkan", "--workspace", str(example.root))
    assert status == 2 and message in printed
    assert "keluaran/cadangan" in printed


def test_a_broken_template_writes_neither_list(ran):
    """The two lists render side by side; both templates are checked before either is written,
    so a signer never gets a DIP without its DIK."""
    from tests.test_hostile_templates import own_template

    workspace, _ = ran
    finals = [workspace.out(f"{name}.docx")
              for name in ("daftar_informasi_dikecualikan", "daftar_informasi_publik")]  # fmt: skip
    for final in finals:
        final.unlink()
    own_template(workspace.root, "daftar_informasi_dikecualikan", "{{ tanggal_salah }}")
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 2 and "tanggal_salah" in printed
    assert not any(final.exists() for final in finals)
