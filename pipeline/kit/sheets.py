"""Workbooks the tool writes for people to fill (uji, tinjauan), and reading them back.

Given columns are grey and locked; the columns people fill are white, with dropdowns and an
input message from the schema. A refresh rewrites the file only when its content changes, keeps
the previous version, and never replaces a file that changed since it was read. Nor one whose
rewrite would drop something people typed: a column the schema does not know (added, or a
renamed header), a white column gone, a formula in a white cell (only its last value is read).
"""

import html
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.kit import xlsx
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.guarded import Refused, open_workbook, passed
from pipeline.kit.problems import LOCATION, Source, shown
from pipeline.kit.schema import SheetSpec
from pipeline.kit.text import clean_cells, clean_text
from pipeline.kit.timing import stage
from pipeline.kit.workspace import FileState, back_up, ensure_not_open, write_atomically

SPARE_ROWS = 200  # empty rows below the data that keep their dropdowns, for rows people add


@dataclass
class FillSheet:
    """A sheet people fill, as read: every row (main sheet first, then rows kept aside)."""

    path: Path
    rows: pd.DataFrame  # LOCATION + one raw column per schema column
    sources: dict[tuple[str, str], Source]
    sheet_names: list[str]
    state: FileState = field(repr=False)
    laid_out: bool = True  # every column where the tool writes it (false after a schema change)
    # (sheet, column letter, header) of each column the schema does not know, holding anything
    strays: list[tuple[str, str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # labels of white columns not found


def read_fill_sheet(path: Path, spec: SheetSpec) -> FillSheet | None:
    """The sheet as people left it; None when the file does not exist yet.

    Rows kept aside by an earlier refresh are read too, so they are carried forward (or return
    when their item comes back)."""
    if not path.exists():
        return None
    state = FileState.of(path)
    try:
        workbook = open_workbook(path, round_sheet=True)  # a far cell or a bomb: one sentence
        names = [spec.sheet] + [
            n for n in workbook.sheet_names if n not in (spec.sheet, xlsx.LISTS_SHEET)
        ]
        grids = [workbook.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in names]
        sheet_names = list(workbook.sheet_names)
    except Refused:
        raise
    except Exception as error:
        raise WorkspaceError(
            f"{path.name} tidak dapat dibaca (lembar '{spec.sheet}' hilang atau berkas rusak); "
            "pulihkan dari keluaran/cadangan/ atau hapus agar dibuat ulang."
        ) from error
    frames: list[pd.DataFrame] = []
    sources = {}
    strays: list[tuple[str, str, str]] = []
    for index, (name, grid) in enumerate(zip(names, grids, strict=True)):
        source = Source(name=path.name, sheet=str(name), header_row=1)
        for position, value in enumerate(grid[0] if grid else []):
            column = spec.match_header(str(value))
            if column and column.name not in source.columns:
                source.columns[column.name] = (position, column.label)
        if spec.key not in source.columns:
            if index == 0:
                raise WorkspaceError(
                    f"{path.name}: kolom '{spec[str(spec.key)].label}' tidak ditemukan pada "
                    f"baris 1 lembar '{spec.sheet}'; pulihkan dari keluaran/cadangan/ atau hapus "
                    "agar dibuat ulang."
                )
            continue
        sources[(path.name, source.sheet)] = source
        frames.append(_rows(grid, spec, source))
        strays += [(source.sheet, *stray) for stray in _strays(grid, source)]
    rows = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    main = sources[(path.name, spec.sheet)].columns
    laid_out = [main.get(name, (-1,))[0] for name in spec.names] == list(range(len(spec.names)))
    missing = [column.label for column in spec.filled if column.name not in main]
    return FillSheet(path, rows, sources, sheet_names, state, laid_out, strays, missing)


def _strays(grid: Sequence[Sequence[object]], source: Source) -> list[tuple[str, str]]:
    """(letter, header) of each column that is not one of the schema's but holds something: a
    header of its own, or a value under an empty one."""
    known = {position for position, _ in source.columns.values()}
    width = max(map(len, grid), default=0)
    found = []
    for position in range(width):
        if position in known:
            continue
        cells = [line[position] if position < len(line) else "" for line in grid]
        header = clean_text(str(cells[0])) if cells and cells[0] not in ("", None) else ""
        if header or any(value not in ("", None) for value in cells[1:]):
            found.append((get_column_letter(position + 1), header))
    return found


def unchanged(
    previous: FillSheet | None, rows: pd.DataFrame, aside: pd.DataFrame, besides: Sequence[str] = ()
) -> bool:
    """Whether writing rows and aside would give back what the file already holds (`besides`:
    columns whose difference does not count)."""
    if previous is None or not previous.laid_out:
        return False
    names = [n for n in previous.rows.columns if n not in LOCATION and n not in besides]
    fresh = pd.concat([rows[names], aside[names]], ignore_index=True)
    return _same_text(fresh, previous.rows[names])


def refresh_fill_sheet(
    path: Path,
    spec: SheetSpec,
    rows: pd.DataFrame,
    aside: pd.DataFrame,
    previous: FillSheet | None,
    backups: Path,
    paper: str,
) -> tuple[bool, Path | None]:
    """Rewrite a sheet people fill only when its content changes, keeping the old version.

    Returns (written, backup of the previous version)."""
    if unchanged(previous, rows, aside):
        return False, None
    ensure_not_open(path)
    if previous is not None:
        _refuse_losses(previous, spec)
        foreign = [n for n in previous.sheet_names if n not in {spec.sheet, spec.aside,
                                                                  xlsx.LISTS_SHEET}]  # fmt: skip
        if foreign:
            raise WorkspaceError(
                f"{path.name} memuat lembar tambahan '{foreign[0]}' yang akan hilang bila berkas "
                "diperbarui; pindahkan lembar itu ke berkas lain, lalu ulangi."
            )
    backup = back_up(path, backups) if previous is not None else None
    state = previous.state if previous is not None else FileState.absent(path)
    write_fill_sheet(path, spec, rows, aside, paper, expected=state)
    return True, backup


def write_fill_sheet(
    path: Path,
    spec: SheetSpec,
    rows: pd.DataFrame,
    aside: pd.DataFrame,
    paper: str = "A4",
    expected: FileState | None = None,
) -> Path:
    """Write a sheet to fill, plus the rows kept aside (their item is gone) on a second sheet.

    With `expected`, the file is replaced only if it is still as it was read."""

    def build(target: Path) -> None:
        workbook, sheet = xlsx.new_workbook(spec.sheet)
        tables = [_fill_table(sheet, spec, rows, paper, with_rules=True)]
        if len(aside):
            aside_sheet = workbook.create_sheet(spec.aside)
            tables.append(_fill_table(aside_sheet, spec, aside, paper, with_rules=False))
        xlsx.save(workbook, target, tables)

    with stage(f"write {path.name}"):
        written = write_atomically(path, build, expected=expected)
        passed(written, round_sheet=True)  # the next command need not inspect what we wrote
        return written


def _fill_table(
    sheet: Worksheet, spec: SheetSpec, rows: pd.DataFrame, paper: str, with_rules: bool
) -> xlsx.Rows:
    """The sheet's header, rules and print setup; its rows, for xlsx.save to write."""
    xlsx.header_row(sheet, [(c.label, c.width, c.hidden) for c in spec.columns])
    styles = ["tetap" if column.given else "isian" for column in spec.columns]
    values = list(zip(*(rows.reindex(columns=spec.names)[name].tolist() for name in spec.names),
                      strict=True))  # fmt: skip
    last = max(len(rows) + 1, 2)
    if with_rules:
        for position, column in enumerate(spec.columns, start=1):
            if column.given:
                continue
            letter = get_column_letter(position)
            offered = column.choices or column.suggestions
            list_name = (
                xlsx.named_list(sheet.parent, f"Pilihan_{position}", offered) if offered else None
            )
            xlsx.validation(sheet, f"{letter}2:{letter}{last + SPARE_ROWS}", column.label,
                            column.help, list_name=list_name,
                            max_length=None if list_name else column.max_length,
                            strict=not column.suggestions)  # fmt: skip
            for empty in range(last + 1, last + SPARE_ROWS + 1):
                sheet.cell(row=empty, column=position).style = "isian"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{last}"
    xlsx.print_setup(sheet, 1, paper, repeat_columns="A:C")  # ID, Bidang, Judul on every page
    xlsx.protect(sheet)
    return xlsx.Rows(sheet, 2, styles, values)


def _refuse_losses(sheet: FillSheet, spec: SheetSpec) -> None:
    """Stop a rewrite that would drop what people typed; the file stays as it is."""
    name = sheet.path.name
    kept = "berkas tidak diubah"
    if sheet.strays:
        where, letter, header = sheet.strays[0]
        shown_as = f"'{header}'" if header else "tanpa judul"
        meant = f" (mungkin '{sheet.missing[0]}' yang diganti judulnya)" if sheet.missing else ""
        raise WorkspaceError(
            f"{name}: kolom {letter} {shown_as} di lembar '{where}' tidak dikenal alat ini{meant} "
            "dan isinya akan hilang bila berkas diperbarui; kembalikan judul kolom seperti "
            f"semula, atau pindahkan isinya ke kolom yang benar lalu hapus kolom itu; {kept}."
        )
    if sheet.missing:
        raise WorkspaceError(
            f"{name}: kolom '{sheet.missing[0]}' tidak ada di lembar '{spec.sheet}' (dihapus atau "
            "diganti judulnya); kembalikan kolom itu dengan judul persis seperti itu (salinan "
            f"lama ada di keluaran/cadangan/), lalu ulangi; {kept}."
        )
    formulas = _formulas(sheet, spec)
    if formulas:
        where, cell, label = formulas[0]
        raise WorkspaceError(
            f"{name}: sel {cell} (kolom '{label}', lembar '{where}') berisi rumus, yang tidak "
            "dapat disimpan ulang; ganti dengan nilainya (Salin, lalu Tempel Nilai), lalu "
            f"ulangi; {kept}."
        )


_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]+)"')


def _formulas(sheet: FillSheet, spec: SheetSpec) -> list[tuple[str, str, str]]:
    """(sheet, cell, column label) of each formula in a white column. calamine reads only a
    formula's last value (none when the file was saved by a tool that does not calculate), so
    a rewrite would keep that value at best. Found in the sheets' XML: a formula is rare, the
    search for its tag is quick, and only a file about to be rewritten is searched."""
    if sheet.path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return []
    white = {column.name: column.label for column in spec.filled}
    found = []
    with zipfile.ZipFile(sheet.path) as package:
        for name, part in _worksheet_parts(package).items():
            source = sheet.sources.get((sheet.path.name, name))
            if source is None:
                continue
            letters = {
                get_column_letter(position + 1): white[column]
                for column, (position, _) in source.columns.items()
                if column in white
            }
            xml = package.read(part)
            for formula in _FORMULA.finditer(xml):
                cells = list(_CELL.finditer(xml, max(formula.start() - 4096, 0), formula.start()))
                if cells and int(cells[-1].group(2)) > 1:
                    letter, row = (group.decode() for group in cells[-1].groups())
                    if letter in letters:
                        found.append((name, f"{letter}{row}", letters[letter]))
    return found


def _worksheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip, from workbook.xml and its relationships."""

    def attributes(tag: bytes) -> dict[str, str]:
        return {key.decode().rpartition(":")[2]: value.decode("utf-8", "replace")
                for key, value in _ATTRIBUTE.findall(tag)}  # fmt: skip

    try:
        book = package.read("xl/workbook.xml")
        relations = package.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in _RELATION.findall(relations):
        values = attributes(tag)
        target = values.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[values.get("Id", "")] = str(PurePosixPath(path))
    parts = {}
    for tag in _SHEET.findall(book):
        values = attributes(tag)
        if values.get("id") in targets:
            parts[html.unescape(values.get("name", ""))] = targets[values["id"]]
    return parts


def _same_text(fresh: pd.DataFrame, previous: pd.DataFrame) -> bool:
    """Whether two tables show the same text in every cell (3 and 3.0 alike, empty and None
    alike); column by column, cheap when nothing changed."""
    if len(fresh) != len(previous):
        return False
    for name in fresh.columns:
        new, old = fresh[name].reset_index(drop=True), previous[name].reset_index(drop=True)
        if not new.astype(object).equals(old.astype(object)) and not _shown(new).equals(
            _shown(old)
        ):
            return False
    return True


def _shown(column: pd.Series) -> pd.Series:
    return column.astype(object).where(column.notna(), "").map(shown)


def _rows(grid: Sequence[Sequence[object]], spec: SheetSpec, source: Source) -> pd.DataFrame:
    positions = {name: position for name, (position, _) in source.columns.items()}
    table = pd.DataFrame(list(grid[1:]), dtype=object)
    columns = {}
    for name in spec.names:
        position = positions.get(name)
        if position is None or position >= table.shape[1]:
            columns[name] = pd.Series(None, index=table.index, dtype=object)
        else:
            columns[name] = pd.Series(_cells(table[position].tolist()), index=table.index)
    values = pd.DataFrame(columns, index=table.index)
    values = values[values.notna().any(axis=1)]
    values.insert(0, "baris", values.index + 2)
    values.insert(0, "lembar", source.sheet)
    values.insert(0, "berkas", source.name)
    return values.reset_index(drop=True)


def _cells(values: list[object]) -> list[object]:
    """Cells as read: text cleaned, whole numbers as int, and empty as None."""
    return [
        int(value) if isinstance(value, float) and value.is_integer() else value
        for value in clean_cells(values)
    ]
