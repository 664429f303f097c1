"""What `periksa` hands back: the validation report and each file's own workbook, annotated."""

import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from pipeline.intake import FEEDBACK_SHEET
from pipeline.problems import COLUMNS, GALAT, Source, shown
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
WRAP = Alignment(wrap_text=True, vertical="top")
AUTHOR = "PPID"  # comments we write; cleared when a corrected feedback file comes back
OURS = "\n--- PPID ---\n"  # separates a comment the staff wrote from ours


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

    The original in masuk/ is never touched; this is a new file in keluaran/umpan_balik/. Marks
    left by an earlier round (a corrected feedback file sent back) are cleared first, and a
    comment the staff wrote themselves is kept above ours.
    """

    def build(target: Path) -> None:
        workbook = _open_as_workbook(source_path)
        if FEEDBACK_SHEET in workbook.sheetnames:
            del workbook[FEEDBACK_SHEET]
        sheet = (
            workbook[source.sheet]
            if source.sheet in workbook.sheetnames
            else workbook.worksheets[0]
        )
        _clear_marks(sheet)
        for cell_name, group in problems[problems["Sel"] != ""].groupby("Sel", sort=False):
            cell = _writable(sheet, str(cell_name))
            level = GALAT if (group["Tingkat"] == GALAT).any() else "Peringatan"
            cell.fill = LEVEL_FILL[level]
            text = "\n".join(
                f"{t}: {m}" for t, m in zip(group["Tingkat"], group["Pesan"], strict=True)
            )
            own = cell.comment.text if cell.comment else ""
            cell.comment = Comment(
                f"{own}{OURS}{text}" if own else text, AUTHOR, width=360, height=140
            )
        issues = workbook.create_sheet(FEEDBACK_SHEET)  # last, so their own sheet stays first
        _table(issues, COLUMNS, problems.itertuples(index=False), [26, 14, 7, 28, 7, 30, 11, 90])
        _link_cells(issues, problems, lambda name: "")
        workbook.active = workbook.sheetnames.index(sheet.title)
        workbook.save(target)

    return write_atomically(path, build)


def _clear_marks(sheet: Worksheet) -> None:
    """Remove the fills and comments an earlier feedback round put on this sheet."""
    ours = {fill.start_color.rgb for fill in LEVEL_FILL.values()}
    for line in sheet.iter_rows():
        for cell in line:
            if (
                cell.fill is not None
                and cell.fill.fill_type == "solid"
                and cell.fill.start_color.rgb in ours
            ):
                cell.fill = PatternFill(fill_type=None)
            if cell.comment is None:
                continue
            if cell.comment.author == AUTHOR:
                cell.comment = None
            elif OURS in cell.comment.text:
                own = cell.comment.text.split(OURS)[0]
                cell.comment = Comment(own, cell.comment.author, width=360, height=140)


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


def _open_as_workbook(path: Path) -> Workbook:
    """openpyxl keeps the staff's layout for .xlsx/.xlsm; .ods and .xls are copied sheet by
    sheet, hidden ones included (the form's bidang code lives in one), values only."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions (e.g. slicers) are dropped
            return load_workbook(path, keep_vba=False, keep_links=False)
    source = CalamineWorkbook.from_path(str(path))
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for meta in source.sheets_metadata:
        target = workbook.create_sheet(str(meta.name))
        if not str(meta.visible).endswith("Visible"):
            target.sheet_state = "hidden"
        grid = source.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
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
        lines = 1
        for position, (value, width) in enumerate(zip(values, widths, strict=True), start=1):
            cell = sheet.cell(row=row, column=position)
            write_text(cell, value)
            cell.alignment = WRAP
            lines = max(lines, -(-len(shown(value)) // max(width - 2, 1)))
        sheet.row_dimensions[row].height = 15 * lines  # not every client fits wrapped rows
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    landscape_fit_to_width(sheet, 1)
