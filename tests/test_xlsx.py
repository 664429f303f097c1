"""Workbooks that print: the office's paper, never below a readable size, headers whole."""

import pytest
from openpyxl import load_workbook

from pipeline.kit import xlsx
from pipeline.kit.config import load_config
from pipeline.stages.s2_forms import HEADER_ROW
from tests.conftest import row, run_cli, write_inventory
from tests.test_forms import make_form


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Tahun", 14, 1),
        ("Dasar Pengecualian (Pasal 17) *", 22, 2),
        ("a\nb", 40, 2),
        ("x" * 50, 12, 5),
    ],
)
def test_wrapped_lines_count_what_a_column_shows(text, width, lines):
    assert xlsx.wrapped_lines(text, width) == lines


@pytest.mark.parametrize(("widths", "pages"), [([30] * 5, 1), ([30] * 12, 2), ([30] * 20, 4)])
def test_a_sheet_is_one_page_wide_only_while_it_stays_readable(widths, pages):
    _, sheet = xlsx.new_workbook("Data")
    xlsx.header_row(sheet, [(f"Kolom {n}", w, False) for n, w in enumerate(widths)])
    xlsx.print_setup(sheet, 1, "F4", repeat_columns="A:B", title=("Judul", "Dinas", "Tahun 2026"))
    assert sheet.page_setup.fitToWidth == pages
    assert sheet.page_setup.paperSize == xlsx.PAPER_SIZES["F4"]
    assert (sheet.print_title_cols is not None) == (pages > 1)
    assert sheet.oddHeader.left.text == "Judul" and sheet.oddHeader.left.font == "Arial,Bold"
    assert sheet.oddFooter.right.text == "Halaman &P dari &N"


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_the_form_prints_on_the_office_paper_readably(workspace, paper):
    text = workspace.config.read_text(encoding="utf-8").replace(
        'kertas = "F4"', f'kertas = "{paper}"'
    )
    workspace.config.write_text(text, encoding="utf-8")
    workbook = load_workbook(make_form(workspace))
    form, guide = workbook["Inventaris"], workbook["Petunjuk"]
    for sheet in (form, guide, workbook["Contoh"]):
        assert sheet.page_setup.paperSize == xlsx.PAPER_SIZES[paper]
        assert sheet.page_setup.orientation == "landscape"
    # The inventory is wide: two pages wide, No and Judul on both, never shrunk to 5 pt.
    assert form.page_setup.fitToWidth == 2
    assert (
        form.print_title_cols == "$A:$B" and form.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    )
    labels = [(c.value, form.column_dimensions[c.column_letter].width) for c in form[HEADER_ROW]]
    needed = max(xlsx.wrapped_lines(label, width, bold=True) for label, width in labels)
    assert form.row_dimensions[HEADER_ROW].height >= xlsx.HEADER_LINE_PT * needed
    assert guide.page_setup.fitToWidth == 1  # the Petunjuk is one page wide
    assert all(guide.row_dimensions[r].height for r in range(2, guide.max_row + 1))
    assert load_config(workspace.config).paper == paper


def test_the_report_says_what_whose_and_when_and_that_all_is_well(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row()])
    assert run_cli("periksa", "--workspace", str(workspace.root))[0] == 0
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    assert report.sheetnames[:2] == ["Ringkasan", "Masalah"]
    assert report.properties.title == "Laporan Validasi Isian Inventaris Tahun 2026"
    for sheet in (report["Ringkasan"], report["Masalah"]):
        assert sheet.oddHeader.left.text == "Laporan Validasi Isian Inventaris Tahun 2026"
        assert sheet.oddHeader.center.text.startswith("Dinas Sosial, Pemberdayaan Perempuan")
        assert sheet.oddHeader.right.text.startswith("Dibuat ")
        assert sheet.page_setup.paperSize == xlsx.PAPER_SIZES["F4"]
    assert report["Masalah"]["A2"].value.startswith("Tidak ada masalah")
    assert report["Ringkasan"]["A1"].value == "Berkas"  # the tables still start at row 1


def test_a_feedback_workbook_opens_on_what_to_fix(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row(Bentuk_Informasi="Kertas")], header_row=3)
    assert run_cli("periksa", "--workspace", str(workspace.root))[0] == 1
    feedback = load_workbook(workspace.out("umpan_balik", "PP.xlsx"))
    assert feedback.sheetnames == ["Masalah", "Inventaris", "_umpan_balik"]  # ours hidden
    assert feedback.active.title == "Masalah"
    assert [s.title for s in feedback.worksheets if s.sheet_view.tabSelected] == ["Masalah"]
    assert feedback["Masalah"].page_setup.paperSize == xlsx.PAPER_SIZES["F4"]
    assert feedback["Inventaris"]["A3"].value == "No"  # their sheet as they sent it


def test_table_rows_saved_as_xml_read_back_as_openpyxl_cells_would(tmp_path):
    from datetime import date, datetime, time, timedelta

    values = [
        ["PP-0001", "Judul & <data>\nbaris dua", 3, date(2025, 1, 31), None],
        ["=1+1", float("nan"), 2.5, datetime(2025, 2, 1, 8, 30), True],
        ["  spasi  ", "", None, None, "isi\x0bvertikal"],
        ["waktu", time(10, 30), timedelta(hours=5), None, None],
    ]
    styles = ["tetap", "tetap", "isian", "isian", "isian"]

    def workbook_with(cells_by_openpyxl: bool) -> xlsx.Workbook:
        workbook, sheet = xlsx.new_workbook("Data")
        xlsx.header_row(sheet, [(f"K{i}", 10, False) for i in range(5)])
        sheet.cell(row=6, column=1, value="di bawah").style = "isian"  # a cell below the table
        target = tmp_path / f"{cells_by_openpyxl}.xlsx"
        if cells_by_openpyxl:
            for number, line in enumerate(values, start=2):
                for position, (value, style) in enumerate(zip(line, styles, strict=True), start=1):
                    cell = sheet.cell(row=number, column=position)
                    cell.style = style
                    xlsx.write_text(cell, value)
            workbook.save(target)
        else:
            xlsx.save(workbook, target, [xlsx.Rows(sheet, 2, styles, values)])
        return load_workbook(target)

    expected, saved = workbook_with(True)["Data"], workbook_with(False)["Data"]
    assert saved.dimensions == expected.dimensions == "A1:E6"
    seen = [
        [(c.value, c.style, c.number_format, c.data_type, c.protection.locked) for c in row]
        for row in saved.iter_rows()
    ]
    assert seen == [
        [(c.value, c.style, c.number_format, c.data_type, c.protection.locked) for c in row]
        for row in expected.iter_rows()
    ]
    assert saved["A3"].value == "=1+1" and saved["A3"].data_type == "s"
    assert saved["B2"].value == "Judul & <data>\nbaris dua"
    assert saved["E4"].value == "isi\nvertikal"
    assert saved["D2"].number_format == "yyyy-mm-dd" and not saved["D2"].protection.locked
    assert saved["B5"].value == time(10, 30) and saved["C5"].value == timedelta(hours=5)


def test_a_row_openpyxl_holds_inside_a_table_is_refused(tmp_path):
    workbook, sheet = xlsx.new_workbook("Data")
    sheet.row_dimensions[3].height = 30  # openpyxl writes a <row> for it
    with pytest.raises(ValueError, match="row 3"):
        xlsx.save(workbook, tmp_path / "x.xlsx", [xlsx.Rows(sheet, 2, ["isian"], [["a"], ["b"]])])


def test_a_table_without_rows_leaves_the_sheet_as_openpyxl_writes_it(tmp_path):
    workbook, sheet = xlsx.new_workbook("Data")
    xlsx.header_row(sheet, [("ID", 10, False), ("Judul", 20, False)])
    sheet.cell(row=3, column=1).style = "isian"  # a spare row below
    xlsx.save(workbook, tmp_path / "kosong.xlsx", [xlsx.Rows(sheet, 2, ["tetap", "isian"], [])])
    saved = load_workbook(tmp_path / "kosong.xlsx")["Data"]
    assert [c.value for c in saved[1]] == ["ID", "Judul"]
    assert saved.max_row == 3 and saved["A3"].style == "isian"
