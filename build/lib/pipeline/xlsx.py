"""The one kit for every workbook the tool writes: forms, fill sheets, the report, feedback.

Styles are named styles (one definition per workbook, so 30,000-row sheets stay small and fast),
in one font; dropdown lists live on a hidden sheet behind defined names (an inline list is
limited to 255 characters, and openpyxl keeps named-range validations when it re-saves); every
sheet prints landscape, one page wide, on the office's paper, header rows repeated.
Text is always written as text, never as a live formula.
"""

import math
from collections.abc import Iterable, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.text import clean_text

FONT = "Arial"
LISTS_SHEET = "Daftar"
PAPER_SIZES = {"A4": 9, "F4": 14}  # Excel's codes; 14 = Folio 8.5 x 13 in, the F4 sheet
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP = Alignment(wrap_text=True, vertical="top")

STYLES = {
    "judul": NamedStyle("judul", font=Font(name=FONT, size=14, bold=True)),
    "keterangan": NamedStyle("keterangan", font=Font(name=FONT, size=10, italic=True)),
    "tebal": NamedStyle("tebal", font=Font(name=FONT, size=10, bold=True)),
    "kepala": NamedStyle(
        "kepala",
        font=Font(name=FONT, size=10, bold=True, color="FFFFFF"),
        fill=PatternFill("solid", start_color="1F4E78"),
        border=_BORDER,
        alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    ),
    "isian": NamedStyle(
        "isian",
        font=Font(name=FONT, size=10),
        border=_BORDER,
        alignment=_TOP,
        protection=Protection(locked=False),
    ),
    "tetap": NamedStyle(
        "tetap",
        font=Font(name=FONT, size=10),
        fill=PatternFill("solid", start_color="E7E6E6"),
        border=_BORDER,
        alignment=_TOP,
        protection=Protection(locked=True),
    ),
    "teks": NamedStyle("teks", font=Font(name=FONT, size=10), alignment=_TOP),
    "tautan": NamedStyle(
        "tautan", font=Font(name=FONT, size=10, color="0563C1", underline="single"), alignment=_TOP
    ),
}
LEVEL_FILLS = {"Galat": "FFC7CE", "Peringatan": "FFEB9C"}  # problem cells in feedback


def new_workbook(first_sheet: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    for style in STYLES.values():
        workbook.add_named_style(style)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = first_sheet
    return workbook, sheet


def use_styles(workbook: Workbook) -> None:
    """Make the kit's named styles available in a workbook the tool did not create."""
    for name, style in STYLES.items():
        if name not in workbook.named_styles:
            workbook.add_named_style(style)


def write_text(cell: Cell, value: object) -> None:
    """Write a value so that text stays text: a leading '=' never becomes a live formula.

    Missing values (None, NaN, NA) leave the cell empty.
    """
    if (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    ):
        cell.value = None
    elif isinstance(value, str):
        cell.value = clean_text(value) if value else None
        if cell.value is not None:
            cell.data_type = "s"
    else:
        cell.value = value


def header_row(sheet: Worksheet, columns: Sequence[tuple[str, float, bool]], row: int = 1) -> None:
    """The header (label, width, hidden) at `row`, frozen above the data."""
    for position, (label, width, hidden) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=position, value=label)
        cell.style = "kepala"
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].hidden = hidden
    sheet.row_dimensions[row].height = 32
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    first_row: int = 1,
) -> int:
    """A plain report table with wrapped cells; returns the last row written.

    Row heights are set from the wrapped text, because not every client fits them itself.
    """
    header_row(sheet, [(h, w, False) for h, w in zip(headers, widths, strict=True)], first_row)
    row = first_row
    for row, values in enumerate(rows, start=first_row + 1):
        lines = 1
        for position, (value, width) in enumerate(zip(values, widths, strict=True), start=1):
            cell = sheet.cell(row=row, column=position)
            cell.style = "teks"  # before the value, so a date keeps its date format
            write_text(cell, value)
            text = "" if cell.value is None else str(cell.value)
            lines = max(lines, -(-len(text) // max(int(width) - 2, 1)), text.count("\n") + 1)
        sheet.row_dimensions[row].height = 13 * lines
    sheet.auto_filter.ref = f"A{first_row}:{get_column_letter(len(headers))}{max(row, first_row)}"
    return row


def print_setup(sheet: Worksheet, header: int, paper: str) -> None:
    """Landscape, one page wide, on the office's paper, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_SIZES.get(paper.upper(), PAPER_SIZES["A4"])
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def named_list(workbook: Workbook, name: str, values: Sequence[str]) -> str:
    """Put a dropdown list in the next column of the hidden lists sheet; its defined name."""
    if LISTS_SHEET in workbook.sheetnames:
        lists = workbook[LISTS_SHEET]
        position = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
    else:
        lists = workbook.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        position = 1
    lists.cell(row=1, column=position, value=name)
    for row, value in enumerate(values, start=2):
        write_text(lists.cell(row=row, column=position), value)
    letter = get_column_letter(position)
    reference = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(values) + 1}"
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    return name


def validation(
    sheet: Worksheet,
    area: str,
    title: str,
    help_text: str,
    *,
    list_name: str | None = None,
    formula: str | None = None,
    max_length: int | None = None,
    strict: bool = True,
) -> DataValidation:
    """A cell rule with its input message: a dropdown, a custom formula, a length, or only
    the message. `strict` refuses a wrong entry; otherwise Excel only warns."""
    if list_name:
        rule = DataValidation(type="list", formula1=f"={list_name}", allow_blank=True)
    elif formula:
        rule = DataValidation(type="custom", formula1=formula, allow_blank=True)
    elif max_length:
        rule = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(max_length),
            allow_blank=True,
        )  # fmt: skip
    else:
        rule = DataValidation(allow_blank=True)
    rule.prompt = help_text[:255]
    rule.promptTitle = title[:32]
    rule.showInputMessage = bool(help_text)
    rule.showErrorMessage = bool(list_name or formula or max_length)
    rule.errorStyle = "stop" if strict else "warning"
    rule.errorTitle = title[:32]
    rule.error = help_text[:255] or title
    sheet.add_data_validation(rule)
    rule.add(area)
    return rule


def protect(sheet: Worksheet) -> None:
    """Lock the given cells; people may still filter, sort and resize."""
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def fill_level(cell: Cell, level: str) -> None:
    cell.fill = PatternFill("solid", start_color=LEVEL_FILLS[level])


def has_level_fill(cell: Cell) -> bool:
    """Whether a cell carries a problem colour an earlier feedback round put there."""
    fill = cell.fill
    return (
        fill is not None
        and fill.fill_type == "solid"
        and str(fill.start_color.rgb)[-6:] in LEVEL_FILLS.values()
    )
