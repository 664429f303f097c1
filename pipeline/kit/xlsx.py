"""The one kit for every workbook the tool writes: forms, fill sheets, the report, feedback.

Styles are named styles (one definition per workbook, so 30,000-row sheets stay small and fast),
in one font; dropdown lists live on a hidden sheet behind defined names (an inline list is
limited to 255 characters, and openpyxl keeps named-range validations when it re-saves); every
sheet prints landscape on the office's paper, header rows repeated, never smaller than a size
people can read: one page wide when that keeps the text readable, else over as few pages wide
as needed with the identifying columns repeated on each.
Text is always written as text, never as a live formula.

Large tables (the fill sheets, tens of thousands of rows) are not held as openpyxl cells:
`save` writes their rows into the saved sheet's XML with the style each column's first cell
gets from openpyxl, as openpyxl writes a row (12,000 rows of 15 columns: 2.4 s -> 0.25 s, and
no cell objects in memory).
"""

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.kit.text import clean_text
from pipeline.kit.workspace import write_atomically

FONT = "Arial"
LISTS_SHEET = "Daftar"
PAPER_SIZES = {"A4": 9, "F4": 14}  # Excel's codes; 14 = Folio 8.5 x 13 in, the F4 sheet
PAPER_LONG_SIDE_PT = {"A4": 842, "F4": 936}  # landscape width of the paper, points
MARGIN_IN = 0.5  # left and right margin, inches
MIN_SCALE = 0.7  # 10 pt text never prints smaller than 7 pt
HEADER_LINE_PT = 13  # height of one line of 10 pt text in a row
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
TIMES = (date, time, timedelta)  # written as Excel's numbers, in the format openpyxl gives each
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


@dataclass
class Rows:
    """Rows of values for `save` to write below a sheet's header, each cell in its column's
    named style (the cells openpyxl holds stay above or below them)."""

    sheet: Worksheet
    first: int  # the first row's number
    styles: Sequence[str]  # one named style per column
    values: Sequence[Sequence[object]]


def save(workbook: Workbook, target: Path, tables: Sequence[Rows] = ()) -> None:
    """Save the workbook with each table's rows written into its sheet's XML."""
    parts = {f"xl/worksheets/sheet{workbook.worksheets.index(t.sheet) + 1}.xml": t for t in tables}
    if len(parts) != len(tables):
        raise ValueError("two tables for one sheet")
    formats = {name: _formats(table) for name, table in parts.items()}  # before styles.xml
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(target, "w") as out:
        for info in saved.infolist():
            if info.filename not in parts:
                out.writestr(info, saved.read(info), zipfile.ZIP_DEFLATED)
                continue
            table = parts[info.filename]
            head, tail = _split_sheet(saved.read(info).decode("utf-8"), table)
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with out.open(member, "w") as stream:
                stream.write(head.encode("utf-8"))
                for batch in _row_batches(table, formats[info.filename]):
                    stream.write(batch.encode("utf-8"))
                stream.write(tail.encode("utf-8"))


def _formats(rows: Rows) -> list[dict[type, int]]:
    """For each column, the cell format openpyxl gives a cell of its style for each type of
    value the column holds (a date takes a date format)."""
    examples: list[dict[type, object]] = [{} for _ in rows.styles]
    for line in rows.values:
        for seen, value in zip(examples, line, strict=True):
            seen.setdefault(type(value), value)
    formats = []
    for style, seen in zip(rows.styles, examples, strict=True):
        probes = {}
        for kind, value in seen.items():
            probe = Cell(rows.sheet)
            probe.style = style  # before the value, as a date sets its format only on General
            probe.value = value if isinstance(value, TIMES) else None
            probes[kind] = probe.style_id
        formats.append(probes)
    return formats


_ROW_NUMBER = re.compile(r'<row r="([0-9]+)"')


def _split_sheet(xml: str, rows: Rows) -> tuple[str, str]:
    """The sheet's XML before and after where the table's rows go, its dimension widened."""
    sheet, last = rows.sheet, rows.first + len(rows.values) - 1
    held = [r for r in [*(row for row, _ in sheet._cells), *sheet.row_dimensions]
            if rows.first <= r <= last]  # fmt: skip
    if held:  # openpyxl would write its own <row> there too
        raise ValueError(f"row {held[0]} of {sheet.title} holds cells and table rows")
    dimension = (
        f"{get_column_letter(sheet.min_column)}{min(sheet.min_row, rows.first)}:"
        f"{get_column_letter(max(sheet.max_column, len(rows.styles)))}{max(sheet.max_row, last)}"
    )
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', xml, count=1)
    if "<sheetData/>" in xml:
        xml = xml.replace("<sheetData/>", "<sheetData></sheetData>", 1)
    start = xml.index("<sheetData>") + len("<sheetData>")
    end = xml.index("</sheetData>")
    cut = next((m.start() for m in _ROW_NUMBER.finditer(xml, start, end)
                if int(m.group(1)) > last), end)  # fmt: skip
    return xml[:cut], xml[cut:]


def _row_batches(rows: Rows, formats: list[dict[type, int]], size: int = 2000) -> Iterable[str]:
    """The rows' XML as openpyxl writes a row, a few thousand rows at a time."""
    letters = [get_column_letter(i) for i in range(1, len(rows.styles) + 1)]
    pieces: list[str] = []
    for number, line in enumerate(rows.values, start=rows.first):
        pieces.append(f'<row r="{number}">')
        for letter, styles, value in zip(letters, formats, line, strict=True):
            pieces.append(_cell_xml(f"{letter}{number}", styles[type(value)], value))
        pieces.append("</row>")
        if (number - rows.first) % size == size - 1:
            yield "".join(pieces)
            pieces = []
    yield "".join(pieces)


def _cell_xml(reference: str, style: int, value: object) -> str:
    start = f'<c r="{reference}" s="{style}"'
    if _missing(value):
        return start + "/>"
    if isinstance(value, str):
        text = clean_text(value)
        return f'{start} t="inlineStr"><is><t>{escape(text)}</t></is></c>' if text else start + "/>"
    if isinstance(value, bool):
        return f'{start} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, TIMES):
        return f'{start} t="n"><v>{to_excel(value)}</v></c>'
    if isinstance(value, int | float) and math.isfinite(value):
        return f'{start} t="n"><v>{safe_string(value)}</v></c>'
    return _cell_xml(reference, style, str(value))


def _missing(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    )


def write_text(cell: Cell, value: object) -> None:
    """Write a value so that text stays text: a leading '=' never becomes a live formula.

    Missing values (None, NaN, NA) leave the cell empty.
    """
    if _missing(value):
        cell.value = None
    elif isinstance(value, str):
        cell.value = clean_text(value) if value else None
        if cell.value is not None:
            cell.data_type = "s"
    else:
        cell.value = value


def header_row(sheet: Worksheet, columns: Sequence[tuple[str, float, bool]], row: int = 1) -> None:
    """The header (label, width, hidden) at `row`, frozen above the data, tall enough for its
    longest wrapped label, so no label is cut off on screen or on paper."""
    lines = 2
    for position, (label, width, hidden) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=position, value=label)
        cell.style = "kepala"
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].hidden = hidden
        if not hidden:
            lines = max(lines, wrapped_lines(label, width, bold=True))
    sheet.row_dimensions[row].height = HEADER_LINE_PT * lines + 6
    sheet.freeze_panes = f"A{row + 1}"  # a coordinate: no empty cell is made there


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines a text wraps to in a column `width` characters wide (a word that does not
    fit moves to the next line). A column's character is a digit's width; an average letter of
    Arial is narrower, a bold one wider."""
    room = max(width - 1.5, 1.0) / (0.95 if bold else 0.85)
    count = 0
    for paragraph in str(text).split("\n"):
        line, count = 0.0, count + 1
        for word in paragraph.split():
            if line and line + 1 + len(word) > room:
                count += 1
                line = len(word)
            else:
                line += (1 if line else 0) + len(word)
            while line > room:  # a word longer than the column
                count += 1
                line -= room
    return max(count, 1)


def fit_height(sheet: Worksheet, row: int) -> None:
    """A row as tall as its most wrapped cell, because not every client fits rows itself."""
    lines = 1
    for cell in sheet[row]:
        if cell.value is None or not cell.alignment.wrap_text:
            continue
        if (merged := _merged_width(sheet, cell)) is not None:
            width = merged
        else:
            width = sheet.column_dimensions[cell.column_letter].width or 8.43
        lines = max(lines, wrapped_lines(str(cell.value), width, bold=bool(cell.font.b)))
    sheet.row_dimensions[row].height = HEADER_LINE_PT * lines + 2


def _merged_width(sheet: Worksheet, cell: Cell) -> float | None:
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            return sum(
                sheet.column_dimensions[get_column_letter(c)].width or 8.43
                for c in range(merged.min_col, merged.max_col + 1)
            )
    return None


def write_table(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    paper: str,
) -> Path:
    """A workbook of one plain table (its sheet named `title`), printed on the office's paper."""

    def build(target: Path) -> None:
        workbook, sheet = new_workbook(title)
        table(sheet, headers, rows, widths)
        print_setup(sheet, 1, paper)
        workbook.save(target)

    return write_atomically(path, build)


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
            if cell.value is not None:
                lines = max(lines, wrapped_lines(str(cell.value), width))
        sheet.row_dimensions[row].height = HEADER_LINE_PT * lines
    sheet.auto_filter.ref = f"A{first_row}:{get_column_letter(len(headers))}{max(row, first_row)}"
    return row


def print_setup(
    sheet: Worksheet,
    header: int | None,
    paper: str,
    *,
    repeat_columns: str | None = None,
    title: Sequence[str] = (),
) -> None:
    """Landscape on the office's paper, header row on every page, never below MIN_SCALE.

    One page wide when that keeps the text readable; else as few pages wide as keep it so,
    with `repeat_columns` (e.g. "A:C", the columns that say which row is which) on every page.
    `title` (left, centre, right) is printed at the top of every page, the page number at the
    bottom."""
    key = paper.upper() if paper.upper() in PAPER_SIZES else "A4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_SIZES[key]
    sheet.page_margins.left = sheet.page_margins.right = MARGIN_IN
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    printable = PAPER_LONG_SIDE_PT[key] - 2 * MARGIN_IN * 72
    content = _printed_width(sheet)
    pages = 1
    if content * MIN_SCALE > printable:
        extra = _printed_width(sheet, repeat_columns) if repeat_columns else 0.0
        pages = 2
        while (content + (pages - 1) * extra) * MIN_SCALE > pages * printable:
            pages += 1
        if repeat_columns:
            sheet.print_title_cols = repeat_columns
    sheet.page_setup.fitToWidth = pages
    sheet.page_setup.fitToHeight = 0
    if header is not None:
        sheet.print_title_rows = f"{header}:{header}"
    if title:
        parts = [*title, "", ""][:3]
        for part, text in zip(
            (sheet.oddHeader.left, sheet.oddHeader.center, sheet.oddHeader.right),
            parts,
            strict=True,
        ):
            part.text, part.font, part.size = text, f"{FONT},Bold", 9
        sheet.oddFooter.right.text = "Halaman &P dari &N"
        sheet.oddFooter.right.font, sheet.oddFooter.right.size = FONT, 8


def _printed_width(sheet: Worksheet, columns: str | None = None) -> float:
    """Points the visible columns take at 100% (a character of Arial 10 is 7 pixels)."""
    span = range(1, sheet.max_column + 1)
    if columns:
        first, _, last = columns.partition(":")
        span = range(column_index_from_string(first), column_index_from_string(last) + 1)
    letters = [get_column_letter(i) for i in span]
    pixels = 0.0
    for letter in letters:
        dimension = sheet.column_dimensions[letter]
        if not dimension.hidden:
            pixels += (dimension.width or 8.43) * 7 + 5
    return pixels * 0.75


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


EXCEL_MESSAGE = 255  # Excel cuts a data-validation message after this many characters


def fitted(text: str, limit: int) -> str:
    """`text` whole when it fits; else its whole sentences that fit, or its words that fit with
    '…' (never a word cut in two, as Excel would cut it)."""
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        if len(f"{kept} {sentence}".strip()) > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


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
    message = fitted(help_text, EXCEL_MESSAGE)
    rule.prompt = message
    rule.promptTitle = title[:32]
    rule.showInputMessage = bool(help_text)
    rule.showErrorMessage = bool(list_name or formula or max_length)
    rule.errorStyle = "stop" if strict else "warning"
    rule.errorTitle = title[:32]
    rule.error = message or title
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
