"""What `periksa` hands back: the validation report and each file's own workbook, annotated."""

import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from pipeline.problems import COLUMNS, GALAT, Source
from pipeline.sheets import BORDER, HEADER_FILL, HEADER_FONT, landscape_fit_to_width
from pipeline.text import write_text
from pipeline.workspace import write_atomically

SUMMARY_COLUMNS = [
    "Berkas",
    "Bidang",
    "Baris Dibaca",
    "Baris Valid",
    "Baris Galat",
    "Baris Peringatan",
]
LEVEL_FILL = {
    GALAT: PatternFill("solid", start_color="FFC7CE"),
    "Peringatan": PatternFill("solid", start_color="FFEB9C"),
}
LINK_FONT = Font(color="0563C1", underline="single")


def summarize(
    rows: pd.DataFrame, sources: list[Source], bidang_names: dict[str, str]
) -> pd.DataFrame:
    """One line per input file, and the totals; rows read = valid + rejected, always."""
    lines = []
    for source in sources:
        mine = rows[rows["berkas"] == source.name]
        galat = int(mine["galat"].sum()) if len(mine) else 0
        lines.append(
            {
                "Berkas": source.name,
                "Bidang": bidang_names.get(source.bidang or "", "(tidak dikenali)"),
                "Baris Dibaca": len(mine),
                "Baris Valid": len(mine) - galat,
                "Baris Galat": galat,
                "Baris Peringatan": int((mine["peringatan"] & ~mine["galat"]).sum())
                if len(mine)
                else 0,
            }
        )
    table = pd.DataFrame(lines, columns=SUMMARY_COLUMNS)
    totals = {"Berkas": "Jumlah", "Bidang": ""} | {
        c: int(table[c].sum()) for c in SUMMARY_COLUMNS[2:]
    }
    return pd.concat([table, pd.DataFrame([totals])], ignore_index=True)


def write_validation_report(
    path: Path, summary: pd.DataFrame, problems: pd.DataFrame, feedback: dict[str, str]
) -> Path:
    """laporan_validasi.xlsx: Ringkasan and Masalah; each Sel links to the annotated workbook."""

    def build(target: Path) -> None:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Ringkasan"
        _table(sheet, SUMMARY_COLUMNS, summary.itertuples(index=False), [34, 34, 13, 12, 12, 16])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        issues = workbook.create_sheet("Masalah")
        _table(issues, COLUMNS, problems.itertuples(index=False), [30, 14, 7, 28, 7, 30, 11, 90])
        _link_cells(issues, problems, lambda name: feedback.get(name))
        workbook.save(target)

    return write_atomically(path, build)


def write_feedback(path: Path, source_path: Path, source: Source, problems: pd.DataFrame) -> Path:
    """The staff's own workbook with problem cells coloured and explained, plus a Masalah sheet.

    The original in masuk/ is never touched; this is a new file in keluaran/umpan_balik/.
    """

    def build(target: Path) -> None:
        workbook = _open_as_workbook(source_path, source.sheet)
        sheet = (
            workbook[source.sheet]
            if source.sheet in workbook.sheetnames
            else workbook.worksheets[0]
        )
        for cell_name, group in problems[problems["Sel"] != ""].groupby("Sel", sort=False):
            cell = _writable(sheet, str(cell_name))
            level = GALAT if (group["Tingkat"] == GALAT).any() else "Peringatan"
            cell.fill = LEVEL_FILL[level]
            text = "\n".join(
                f"{level}: {message}"
                for level, message in zip(group["Tingkat"], group["Pesan"], strict=True)
            )
            cell.comment = Comment(text, "PPID", width=360, height=140)
        if "Masalah" in workbook.sheetnames:
            del workbook["Masalah"]
        issues = workbook.create_sheet("Masalah", 0)
        _table(issues, COLUMNS, problems.itertuples(index=False), [26, 14, 7, 28, 7, 30, 11, 90])
        _link_cells(issues, problems, lambda name: "")
        workbook.active = 0
        workbook.save(target)

    return write_atomically(path, build)


def _writable(sheet: Worksheet, name: str) -> Cell:
    """The cell itself, or the top-left cell of the merged range it belongs to."""
    for merged in sheet.merged_cells.ranges:
        if name in merged:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return sheet[name]


def _link_cells(
    sheet: Worksheet, problems: pd.DataFrame, workbook_of: Callable[[str], str | None]
) -> None:
    """Make each Sel a link to its cell: in another workbook, or in this one when it gives ''."""
    column = COLUMNS.index("Sel") + 1
    places = zip(problems["Berkas"], problems["Lembar"], problems["Sel"], strict=True)
    for row, (name, sheet_name, cell_name) in enumerate(places, start=2):
        other = workbook_of(str(name))
        if not cell_name or other is None:
            continue
        cell = sheet.cell(row=row, column=column)
        location = f"'{sheet_name}'!{cell_name}"
        if other:
            cell.hyperlink = f"{other}#{location}"
        else:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location)
        cell.font = LINK_FONT


def _open_as_workbook(path: Path, sheet: str) -> Workbook:
    """openpyxl keeps the staff's layout for .xlsx/.xlsm; other formats are copied cell by cell."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions (e.g. slicers) are dropped
            return load_workbook(path, keep_vba=False, keep_links=False)
    workbook = Workbook()
    target = workbook.active
    assert target is not None
    target.title = sheet or "Inventaris"
    if sheet:
        grid = (
            CalamineWorkbook.from_path(str(path))
            .get_sheet_by_name(sheet)
            .to_python(skip_empty_area=False)
        )
        for row, line in enumerate(grid, start=1):
            for column, value in enumerate(line, start=1):
                if value != "":
                    write_text(target.cell(row=row, column=column), value)
    return workbook


def _table(
    sheet: Worksheet, headers: list[str], rows: Iterable[Sequence[object]], widths: list[int]
) -> None:
    for position, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=position, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(position)].width = width
    for row, values in enumerate(rows, start=2):
        for position, value in enumerate(values, start=1):
            write_text(sheet.cell(row=row, column=position), value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    landscape_fit_to_width(sheet, 1)
