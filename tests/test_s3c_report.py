"""The feedback copy made by patching the workbook's XML is the copy openpyxl's load and save
makes, read back cell by cell; what the patch does not handle takes openpyxl's way."""

import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from openpyxl import load_workbook
from openpyxl.comments import Comment
from python_calamine import CalamineWorkbook

from pipeline.kit.problems import COLUMNS, GALAT, PERINGATAN
from pipeline.kit.xlsx import LEVEL_FILLS
from pipeline.stages import s3c_report
from pipeline.stages.s3a_intake import FEEDBACK_SHEET, ORIGIN_SHEET
from tests.conftest import EXAMPLE, SOFFICE, needs_libreoffice, row, write_inventory

TITLE = ("Laporan Validasi", "Dinas Sosial", "Dibuat 1 Juli 2026")


def problems(name: str, places: list[tuple[str, str]]) -> pd.DataFrame:
    """A problem at each (sheet, cell), levels alternating, and one about the whole file."""
    rows = [
        {"Berkas": name, "Lembar": sheet, "Baris": 0, "Kolom": "Kolom", "Sel": cell,
         "Nilai": "x", "Tingkat": GALAT if n % 2 else PERINGATAN, "Pesan": f"Masalah {n} <&>"}
        for n, (sheet, cell) in enumerate(places)
    ] + [{"Berkas": name, "Lembar": "", "Baris": None, "Kolom": "", "Sel": "", "Nilai": "",
          "Tingkat": GALAT, "Pesan": "Berkas ini bermasalah."}]  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


@pytest.fixture
def openpyxl_way(monkeypatch):
    """The workbooks the openpyxl path opened."""
    opened = []
    real = s3c_report._open_as_workbook

    def spy(path):
        opened.append(path.name)
        return real(path)

    monkeypatch.setattr(s3c_report, "_open_as_workbook", spy)
    return opened


@pytest.fixture
def both(tmp_path, monkeypatch, openpyxl_way):
    """Make the copy of a workbook both ways: (patched, through openpyxl)."""

    def make(source: Path, found: pd.DataFrame) -> tuple[Path, Path]:
        fast = s3c_report.write_feedback(tmp_path / "patched.xlsx", source, found, "F4", TITLE)
        assert not openpyxl_way, "the patch refused this workbook"
        with monkeypatch.context() as patch:
            patch.setattr(s3c_report, "_patched", lambda *args: False)
            slow = s3c_report.write_feedback(tmp_path / "openpyxl.xlsx", source, found, "F4",
                                             TITLE)  # fmt: skip
        return fast, slow

    return make


def _look(cell):
    return (cell.value, repr(cell.font), repr(cell.fill), repr(cell.border), repr(cell.alignment),
            repr(cell.protection), cell.number_format, cell.style,
            (cell.comment.text, cell.comment.author) if cell.comment else None,
            cell.hyperlink.location if cell.hyperlink else None)  # fmt: skip


def assert_same(fast: Path, slow: Path) -> None:
    """Sheets, their order, states and print setup, every cell's value, style, comment and
    link, read back by openpyxl; every value read back by calamine."""
    mine, theirs = load_workbook(fast), load_workbook(slow)
    assert mine.sheetnames == theirs.sheetnames
    assert mine.active.title == theirs.active.title == FEEDBACK_SHEET
    for ours, other in zip(mine.worksheets, theirs.worksheets, strict=True):
        assert ours.sheet_state == other.sheet_state
        assert bool(ours.sheet_view.tabSelected) == bool(other.sheet_view.tabSelected)
        assert (ours.print_title_rows, ours.print_title_cols, ours.freeze_panes) == (
            other.print_title_rows, other.print_title_cols, other.freeze_panes)  # fmt: skip
        assert repr(ours.page_setup) == repr(other.page_setup)
        assert ours.oddHeader.center.text == other.oddHeader.center.text
        assert sorted(map(str, ours.merged_cells.ranges)) == sorted(
            map(str, other.merged_cells.ranges)
        )
        widths = {k: (d.width, d.hidden) for k, d in ours.column_dimensions.items()}
        assert widths == {k: (d.width, d.hidden) for k, d in other.column_dimensions.items()}
        for place in sorted(set(ours._cells) | set(other._cells)):
            assert _look(ours.cell(*place)) == _look(other.cell(*place)), (ours.title, place)
    read, reread = CalamineWorkbook.from_path(str(fast)), CalamineWorkbook.from_path(str(slow))
    assert read.sheet_names == reread.sheet_names
    for name in read.sheet_names:
        assert (read.get_sheet_by_name(name).to_python()
                == reread.get_sheet_by_name(name).to_python())  # fmt: skip


def _mixed_workbook(path: Path) -> Path:
    """Several sheets, one whose name needs quotes, the second active; formulas with their
    values (a number, text, an error), a merged range, print titles, a defined name."""
    book = xlsxwriter.Workbook(path)
    data = book.add_worksheet("Inventaris")
    other = book.add_worksheet("Lembar 'dua' & tiga")
    book.add_worksheet("Catatan").write("A1", "catatan")
    bold = book.add_format({"bold": True, "border": 1, "num_format": "0.00"})
    data.write_row(0, 0, ["No", "Judul", "Kode"], bold)
    data.write_row(1, 0, [1, "satu", "400.1"])
    data.write_formula("A3", "=A2+1", bold, 2)
    data.write_formula("B3", '="du"&"a"', None, "dua")
    data.write_formula("C3", "=NA()", None, "#N/A")
    data.merge_range("B5:C6", "gabung", bold)
    data.write("A10", "jauh")
    data.repeat_rows(0)
    other.write("A1", "x")
    other.write_formula("B2", "=Inventaris!A2*3", None, 3)
    other.activate()
    book.define_name("Kode", "=Inventaris!$C$2:$C$3")
    book.close()
    return path


def test_a_mixed_workbook_is_patched_as_openpyxl_copies_it(tmp_path, both):
    source = _mixed_workbook(tmp_path / "campur.xlsx")
    found = problems(source.name, [
        ("Inventaris", "A3"), ("Inventaris", "C6"),  # a formula's value; inside a merged range
        ("Inventaris", "D8"), ("Inventaris", "E1"),  # a missing row; a missing cell in a row
        ("Lembar 'dua' & tiga", "B2"), ("Hilang", "A1"),  # a sheet the workbook does not have
    ])  # fmt: skip
    fast, slow = both(source, found)
    assert_same(fast, slow)
    copy = load_workbook(fast)
    data = copy["Inventaris"]
    assert [data["A3"].value, data["B3"].value, data["C3"].value] == [2, "dua", "#N/A"]
    assert data["A3"].data_type != "f" and data["A3"].font.b  # its own look, our fill
    assert data["A3"].fill.start_color.rgb[-6:] == LEVEL_FILLS[PERINGATAN]
    assert data["B5"].fill.start_color.rgb[-6:] == LEVEL_FILLS[GALAT]  # the merged range's
    assert data["B5"].comment.text == f"{GALAT}: Masalah 1 <&>"
    assert data["D8"].comment.author == s3c_report.AUTHOR
    assert copy.sheetnames == [FEEDBACK_SHEET, "Inventaris", "Lembar 'dua' & tiga", "Catatan",
                               ORIGIN_SHEET]  # fmt: skip
    assert data.print_title_rows == "$1:$1"  # its sheet-scoped name followed it
    assert copy[FEEDBACK_SHEET]["E2"].hyperlink.location == "'Inventaris'!A3"
    assert copy[ORIGIN_SHEET]["A1"].value == "berkas_asal"
    assert copy[ORIGIN_SHEET]["B1"].value == source.name
    with zipfile.ZipFile(fast) as package:
        assert not any(name.endswith("calcChain.xml") for name in package.namelist())
        assert all(b"<f>" not in package.read(name) for name in package.namelist())


@pytest.mark.parametrize("name", sorted(p.name for p in (EXAMPLE / "masuk").glob("*.xlsx")))
def test_the_example_inbox_is_patched_as_openpyxl_copies_it(both, name):
    source = EXAMPLE / "masuk" / name
    sheet = load_workbook(source, read_only=True).sheetnames[0]
    fast, slow = both(source, problems(name, [(sheet, "A5"), (sheet, "B7"), (sheet, "P999")]))
    assert_same(fast, slow)


def test_a_blank_form_is_patched_as_openpyxl_copies_it(blank_forms, both):
    source = sorted(blank_forms.glob("*.xlsx"))[0]
    fast, slow = both(source, problems(source.name, [("Inventaris", "B6"), ("Inventaris", "I40")]))
    assert_same(fast, slow)


def test_a_plain_sheet_is_patched_as_openpyxl_copies_it(tmp_path, both):
    source = write_inventory(tmp_path / "PP.xlsx", [row(), row(No=2, Judul_Informasi="")])
    fast, slow = both(source, problems(source.name, [("Inventaris", "B3"), ("Inventaris", "J2")]))
    assert_same(fast, slow)


def _came_back(tmp_path: Path) -> Path:
    source = write_inventory(tmp_path / "PP.xlsx", [row()])
    first = s3c_report.write_feedback(tmp_path / "umpan_balik.xlsx", source,
                                      problems("PP.xlsx", [("Inventaris", "B2")]), "A4")  # fmt: skip
    return shutil.copy(first, tmp_path / "PP perbaikan.xlsx")


def _with_comment(tmp_path: Path) -> Path:
    source = write_inventory(tmp_path / "PP.xlsx", [row()])
    book = load_workbook(source)
    book["Inventaris"]["B2"].comment = Comment("catatan kami", "Staf")
    book.save(source)
    return source


def _with_external_link(tmp_path: Path) -> Path:
    """A workbook that links to another one (its externalLink part)."""
    source = write_inventory(tmp_path / "PP.xlsx", [row()])
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink"
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{kind}" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode(),
    )
    parts["xl/externalLinks/externalLink1.xml"] = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    with zipfile.ZipFile(source, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return source


def _macro_workbook(tmp_path: Path) -> Path:
    return write_inventory(tmp_path / "PP.xlsm", [row()])


@pytest.mark.parametrize("make", [_came_back, _with_comment, _with_external_link, _macro_workbook])
def test_what_the_patch_does_not_handle_takes_openpyxls_way(tmp_path, openpyxl_way, make):
    source = make(tmp_path)
    found = problems(source.name, [("Inventaris", "B2")])
    copy = s3c_report.write_feedback(tmp_path / "salinan.xlsx", source, found, "A4", TITLE)
    assert openpyxl_way == [source.name]
    workbook = load_workbook(copy)
    assert workbook.sheetnames == [FEEDBACK_SHEET, "Inventaris", ORIGIN_SHEET]
    assert workbook["Inventaris"]["B2"].comment.text.endswith(f"{PERINGATAN}: Masalah 0 <&>")


def test_a_copy_sent_back_loses_the_old_marks(tmp_path):
    source = _came_back(tmp_path)  # B2 was marked; now C2 is the problem
    found = problems(source.name, [("Inventaris", "C2")])
    sheet = load_workbook(s3c_report.write_feedback(tmp_path / "lagi.xlsx", source, found, "A4"))
    assert sheet["Inventaris"]["B2"].comment is None
    assert sheet["Inventaris"]["B2"].fill.fill_type is None
    assert sheet["Inventaris"]["C2"].comment.author == s3c_report.AUTHOR


def test_a_staff_comment_is_kept_above_ours(tmp_path):
    source = _with_comment(tmp_path)
    found = problems(source.name, [("Inventaris", "B2")])
    sheet = load_workbook(s3c_report.write_feedback(tmp_path / "c.xlsx", source, found, "A4"))
    text = sheet["Inventaris"]["B2"].comment.text
    assert text == f"catatan kami{s3c_report.OURS}{PERINGATAN}: Masalah 0 <&>"


@needs_libreoffice
def test_libreoffice_opens_a_patched_copy_as_it_is(tmp_path, both):
    source = _mixed_workbook(tmp_path / "campur.xlsx")
    found = problems(source.name, [("Inventaris", "A3"), ("Inventaris", "D8")])
    fast, _ = both(source, found)
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--calc", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(fast)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    resaved, copy = load_workbook(tmp_path / "lo" / fast.name), load_workbook(fast)
    assert resaved.sheetnames == copy.sheetnames and resaved.active.title == FEEDBACK_SHEET
    for name in resaved.sheetnames:
        values = {(c.coordinate, c.value) for line in resaved[name].iter_rows() for c in line}
        wanted = {(c.coordinate, c.value) for line in copy[name].iter_rows() for c in line}
        if name == "Inventaris":  # LibreOffice writes an error value as the formula =#N/A
            values.discard(("C3", "=#N/A"))
            wanted.discard(("C3", "#N/A"))
        assert values == wanted, name
    marked = resaved["Inventaris"]["D8"]
    assert marked.fill.start_color.rgb[-6:] == LEVEL_FILLS[GALAT]
    assert marked.comment.text == f"{GALAT}: Masalah 1 <&>"
    assert resaved["Inventaris"]["A3"].value == 2 and resaved["Inventaris"]["A3"].font.b
