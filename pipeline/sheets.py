"""Workbooks the tool writes for people to fill (uji, tinjauan) and reads back.

Given columns are grey and locked; the columns people fill are white, with dropdowns and an
input message from the schema. Text is always written as text, never as a live formula.
"""

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from pipeline.errors import WorkspaceError
from pipeline.problems import shown
from pipeline.schema import SheetSpec
from pipeline.text import clean_text, plain, write_text
from pipeline.workspace import back_up, ensure_not_open, write_atomically

HEADER_FILL = PatternFill("solid", start_color="1F4E78")
GIVEN_FILL = PatternFill("solid", start_color="E7E6E6")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LISTS_SHEET = "Daftar"


def refresh_fill_sheet(
    path: Path,
    spec: SheetSpec,
    rows: pd.DataFrame,
    aside: pd.DataFrame,
    aside_title: str,
    previous: pd.DataFrame | None,
    backups: Path,
) -> tuple[bool, Path | None]:
    """Rewrite a sheet people fill only when its content changes, keeping the old version.

    Returns (written, backup of the previous version).
    """
    if unchanged(previous, rows, aside):
        return False, None
    ensure_not_open(path)
    _refuse_foreign_sheets(path, {spec.sheet, aside_title, LISTS_SHEET})
    backup = back_up(path, backups)
    write_fill_sheet(path, spec, rows, aside, aside_title)
    return True, backup


def carry_filled(
    given: pd.DataFrame, previous: pd.DataFrame | None, spec: SheetSpec, match: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows for the sheet, rows kept aside): given columns fresh, filled columns as they were.

    A previous row carries over only to the row whose `match` columns are the same, and only
    once; every other previous row with something filled is kept aside, never dropped.
    """
    filled = [c.name for c in spec.columns if not c.given]
    rows = given.reset_index(drop=True).copy()
    for name in filled:
        if name not in rows:
            rows[name] = None
    if previous is None or previous.empty:
        return rows[spec.names], rows.iloc[0:0][spec.names]
    previous = previous.reset_index(drop=True)
    lookup: dict[tuple[str, ...], int] = {}
    for index, key in _keys(previous, match).items():
        if all(key) and key not in lookup:
            lookup[key] = int(index)  # type: ignore[call-overload]
    source = [lookup.get(key) for key in _keys(rows, match)]
    for name in filled:
        values = previous[name].to_dict()
        rows[name] = [None if i is None else values[i] for i in source]
    used = {i for i in source if i is not None}
    rest = previous.drop(index=list(used))
    aside = rest[rest[filled].notna().any(axis=1)]
    return rows[spec.names], aside.reset_index(drop=True)[spec.names]


def _keys(table: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Each row's match key, compared as people read it (case and spacing ignored)."""
    return table[columns].apply(
        lambda row: tuple(" ".join(plain(v).casefold().split()) for v in row), axis=1
    )


def write_fill_sheet(
    path: Path, spec: SheetSpec, rows: pd.DataFrame, aside: pd.DataFrame, aside_title: str
) -> Path:
    """Write a sheet to fill, plus the rows kept aside (their item is gone) on a second sheet."""

    def build(target: Path) -> None:
        workbook, sheet, lists = new_workbook(spec.sheet)
        fill_table(sheet, spec, rows, lists)
        if len(aside):
            fill_table(workbook.create_sheet(aside_title), spec, aside, None)
        workbook.save(target)

    return write_atomically(path, build)


def new_workbook(title: str) -> tuple[Workbook, Worksheet, Worksheet]:
    """A workbook with its main sheet and the hidden sheet that holds the dropdown lists."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    return workbook, sheet, lists


def fill_table(
    sheet: Worksheet, spec: SheetSpec, rows: pd.DataFrame, lists: Worksheet | None
) -> None:
    write_header(sheet, spec)
    for index, (_, row) in enumerate(rows.iterrows(), start=2):
        for position, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=index, column=position)
            write_text(cell, row.get(column.name))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BORDER
            if column.given:
                cell.fill = GIVEN_FILL
            else:
                cell.protection = Protection(locked=False)
    last = max(len(rows) + 1, 2)
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        if column.given or lists is None:
            continue
        validation = _validation(sheet, column.label, column.help, column.choices, lists, position)
        validation.add(f"{letter}2:{letter}{last + 200}")
        for empty in range(last + 1, last + 201):
            sheet.cell(row=empty, column=position).protection = Protection(locked=False)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{last}"
    landscape_fit_to_width(sheet, 1)
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def write_header(sheet: Worksheet, spec: SheetSpec, row: int = 1, marks: bool = False) -> None:
    for position, column in enumerate(spec.columns, start=1):
        label = f"{column.label} *" if marks and column.required else column.label
        cell = sheet.cell(row=row, column=position, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].hidden = column.hidden
    sheet.row_dimensions[row].height = 32
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def landscape_fit_to_width(sheet: Worksheet, header_row: int) -> None:
    """Print across one page width, repeating the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _validation(
    sheet: Worksheet,
    title: str,
    help_text: str,
    choices: tuple[str, ...],
    lists: Worksheet,
    position: int,
) -> DataValidation:
    if choices:
        name = f"Pilihan_{position}"
        for index, choice in enumerate(choices, start=1):
            lists.cell(row=index, column=position, value=choice)
        letter = get_column_letter(position)
        reference = f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(choices)}"
        workbook = sheet.parent
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
        validation = DataValidation(type="list", formula1=f"={name}", allow_blank=True)
        validation.error = f"Pilih salah satu: {', '.join(choices)}."
        validation.errorTitle = title[:32]
        validation.showErrorMessage = True
    else:
        validation = DataValidation(allow_blank=True)
    validation.prompt = help_text[:255]
    validation.promptTitle = title[:32]
    validation.showInputMessage = bool(help_text)
    sheet.add_data_validation(validation)
    return validation


def read_fill_sheet(path: Path, spec: SheetSpec) -> pd.DataFrame | None:
    """Every row people can have filled, keyed by schema name; None when the file is absent.

    The main sheet comes first, then the sheet of rows kept aside, so that rows set aside by an
    earlier refresh are carried forward (or return when their item comes back).
    """
    if not path.exists():
        return None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = [spec.sheet] + [
            n for n in workbook.sheet_names if n not in (spec.sheet, LISTS_SHEET)
        ]
        grids = [workbook.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in names]
    except Exception as error:
        raise WorkspaceError(
            f"{path.name} tidak dapat dibaca (lembar '{spec.sheet}' hilang atau berkas rusak); "
            "pulihkan dari keluaran/cadangan/ atau hapus agar dibuat ulang."
        ) from error
    records = _records(grids[0], spec, path, required=True)
    for grid in grids[1:]:
        records.extend(_records(grid, spec, path, required=False))
    return pd.DataFrame(records, columns=spec.names)


def unchanged(previous: pd.DataFrame | None, rows: pd.DataFrame, aside: pd.DataFrame) -> bool:
    """Whether writing rows and aside would give back what the file already holds."""
    if previous is None:
        return False
    fresh = pd.concat([rows, aside], ignore_index=True)
    return _as_text(fresh).equals(_as_text(previous))


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    return (
        table.reset_index(drop=True).astype(object).where(table.notna().to_numpy(), "").map(shown)
    )


def _records(
    grid: Sequence[Sequence[object]], spec: SheetSpec, path: Path, required: bool
) -> list[dict[str, object]]:
    positions = {}
    for index, value in enumerate(grid[0] if grid else []):
        column = spec.match_header(str(value))
        if column:
            positions[column.name] = index
    if spec.key not in positions:
        if not required:
            return []
        raise WorkspaceError(
            f"{path.name}: kolom '{spec[str(spec.key)].label}' tidak ditemukan pada baris 1 "
            f"lembar '{spec.sheet}'; pulihkan dari keluaran/cadangan/ atau hapus agar dibuat ulang."
        )
    records = []
    for line in grid[1:]:
        record = {name: _read(line, positions.get(name)) for name in spec.names}
        if any(value is not None for value in record.values()):
            records.append(record)
    return records


def _refuse_foreign_sheets(path: Path, known: set[str]) -> None:
    """A sheet people added would be lost on refresh: ask them to move it first."""
    if not path.exists():
        return
    foreign = [n for n in CalamineWorkbook.from_path(str(path)).sheet_names if n not in known]
    if foreign:
        raise WorkspaceError(
            f"{path.name} memuat lembar tambahan '{foreign[0]}' yang akan hilang bila berkas "
            "diperbarui; pindahkan lembar itu ke berkas lain, lalu ulangi."
        )


def _read(line: Sequence[object], position: int | None) -> object:
    if position is None or position >= len(line):
        return None
    value = line[position]
    if isinstance(value, str):
        return clean_text(value) or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if value != "" else None
