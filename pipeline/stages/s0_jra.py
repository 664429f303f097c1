"""An office's own JRA (its Perbup/Pergub Jadwal Retensi Arsip), imported from Excel or CSV.

The table is checked cell by cell against schemas/jra.toml by the same checker as every sheet
people fill, so a mistyped retention is reported at its cell; classification headings (rows
without retention) are skipped. The result has the columns of data/referensi/jra.csv.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.kit.checker import check_cells
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.guarded import Refused, csv_records, open_workbook, read_text
from pipeline.kit.problems import GALAT, LOCATION, PERINGATAN, Source, frame, problem, records
from pipeline.kit.reference import JRA_COLUMNS, References
from pipeline.kit.schema import SheetSpec, jra_spec
from pipeline.stages.s3a_intake import HEADER_SEARCH_ROWS, MIN_HEADER_MATCHES

_CODE = re.compile(r"\d{3}(?:\.\d{1,3})*")  # a classification code: a data row, not a header
# Where a note names the event the active retention counts from: "Setelah pegawai pensiun",
# "Retensi aktif dihitung sejak perkara selesai", "Sampai dengan masalah selesai".
_EVENT = re.compile(r"\b(?:setelah|sejak|sampai dengan|sampai|selama)\s+\S[^.;]*", re.IGNORECASE)


@dataclass
class Imported:
    table: pd.DataFrame  # JRA_COLUMNS, one row per classification code with a retention
    problems: pd.DataFrame  # Masalah rows; the table is usable only when none is a Galat
    headings: int  # classification headings skipped
    header_rows: tuple[int, ...] = ()  # the sheet rows read as the header (1 or 2 of them)
    noted_events: int = 0  # codes whose triggering event came from the Keterangan column

    @property
    def usable(self) -> bool:
        return not (self.problems["Tingkat"] == GALAT).any()


def import_jra(path: Path, spec: SheetSpec, refs: References) -> Imported:
    """Read and check an office's JRA table from .xlsx/.xls/.ods or .csv."""
    sheet, grid = _grid(path)
    found = _find_header(grid, spec)
    source = Source(name=path.name, sheet=sheet)
    if found is None:
        message = (
            f"Baris judul kolom JRA tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama; beri "
            f"judul kolom {', '.join(c.label for c in spec.columns if c.required)}."
        )
        return Imported(_empty(), frame([problem(source, None, None, "", "", GALAT, message)]), 0)
    rows_read, source.columns = found
    if "nasib_akhir" not in source.columns and "keterangan" in source.columns:
        # many Perbup tables write Musnah/Permanen in their KETERANGAN column
        source.columns["nasib_akhir"] = source.columns.pop("keterangan")
    source.header_row = rows_read[-1]
    missing = [c.label for c in spec.columns if c.required and c.name not in source.columns]
    if missing:
        return Imported(_empty(), frame([_missing_columns(grid, rows_read, missing, source)]), 0)
    records_read, headings = [], 0
    first = rows_read[-1]  # index of the first row below the header
    for number, line in enumerate(grid[first:], start=first + 1):
        values = {name: _value(line, position) for name, (position, _) in source.columns.items()}
        if all(value is None for value in values.values()) or _numbering(values):
            continue
        if values["retensi_aktif"] is None and values["retensi_inaktif"] is None:
            headings += 1  # a classification heading, e.g. "400.2 PEMBERDAYAAN PEREMPUAN ..."
            continue
        records_read.append({"berkas": path.name, "lembar": sheet, "baris": number, **values})
    rows = pd.DataFrame(records_read, columns=[*LOCATION, *spec.names])
    checked = check_cells(rows, spec, refs, {(path.name, sheet): source})
    table, notes, noted = _table(checked.typed, source)
    problems = pd.concat([checked.problems, frame(notes)], ignore_index=True)
    return Imported(table, problems, headings, tuple(rows_read), noted)


Columns = dict[str, tuple[int, str]]


def _find_header(grid: list[list[object]], spec: SheetSpec) -> tuple[list[int], Columns] | None:
    """(the sheet rows read as the header, 1-based; where each column is) for the row in the
    first 20 that names the most columns, alone or with the row below it as its second row."""
    best: tuple[list[int], Columns] | None = None
    for index in range(min(HEADER_SEARCH_ROWS, len(grid))):
        found = _header_at(grid, index, spec)
        if len(found[1]) >= MIN_HEADER_MATCHES and (best is None or len(found[1]) > len(best[1])):
            best = found
    return best


def _header_at(grid: list[list[object]], index: int, spec: SheetSpec) -> tuple[list[int], Columns]:
    """The columns a header starting at row `index` names.

    When the row below names columns under a heading that spans them ("RETENSI" over "AKTIF"
    and "INAKTIF"), it is the header's second row: each of its cells is read after the heading
    above it ("Retensi Aktif"), or alone."""
    top = [_text(value) for value in grid[index]]
    below = [_text(value) for value in grid[index + 1]] if index + 1 < len(grid) else []
    if (
        any(_CODE.fullmatch(text) for text in below)  # data under a one-row header
        or not any(spec.match_header(text) for text in top if text)  # a title above the header
    ):
        below = []
    columns: Columns = {}
    second = False  # whether a column was read from the row below
    heading = ""
    for position in range(max(len(top), len(below))):
        upper = top[position] if position < len(top) else ""
        lower = below[position] if position < len(below) else ""
        if upper:
            heading = upper
        elif not lower:
            heading = ""  # an empty column ends a heading that spans columns
        names = [f"{upper or heading} {lower}", lower, upper] if lower else [upper]
        for name in filter(None, names):
            column = spec.match_header(name)
            if column and column.name not in columns:
                columns[column.name] = (position, name)
                second |= name != upper
                break
    return ([index + 1, index + 2] if second else [index + 1]), columns


def _missing_columns(
    grid: list[list[object]], rows: list[int], missing: list[str], source: Source
) -> dict[str, object]:
    """The header's missing columns, naming the rows read and what they hold."""
    where = " dan ".join(str(r) for r in rows)
    held = ", ".join(f"'{text}'" for r in rows for text in (_text(v) for v in grid[r - 1]) if text)
    message = (
        f"Kolom JRA tidak ditemukan: {', '.join(missing)}. Baris judul yang dibaca: baris "
        f"{where} ({held}); beri judul kolom itu, atau tulis judulnya di dua baris seperti "
        "lampiran Perbup (RETENSI di atas AKTIF dan INAKTIF)."
    )
    return problem(source, None, None, "", "", GALAT, message)


def _numbering(values: dict[str, object]) -> bool:
    """The '1 2 3 4 5' row many government tables print under their header."""
    numbers = [value for value in values.values() if value is not None]
    return len(numbers) >= 3 and all(
        isinstance(n, int | float) and not isinstance(n, bool) and n == int(n) and n < 30
        for n in numbers
    )


def _table(
    typed: pd.DataFrame, source: Source
) -> tuple[pd.DataFrame, list[dict[str, object]], int]:
    """The schedule; a note for each triggering event read from Keterangan (or from the words
    after the final disposition), so the officer can check it; how many were read so."""
    valid = typed.dropna(subset=["kode", "jenis_arsip", "retensi_aktif", "retensi_inaktif",
                                 "nasib_akhir"])  # fmt: skip
    notes: list[dict[str, object]] = []
    events, fates = [], []
    taken = 0
    active = jra_spec()["retensi_aktif"].label
    for item in records(valid):
        event = item["retensi_aktif"][1]
        fate, noted = _disposition(str(item["nasib_akhir"]), item.get("keterangan"))
        where = "keterangan" if isinstance(item.get("keterangan"), str) else "nasib_akhir"
        if noted and not event:
            event = noted
            taken += 1
            notes.append(
                problem(source, item["baris"], where, where, noted, PERINGATAN,
                        f"Retensi aktif kode {item['kode']} dihitung {noted[:1].lower()}"
                        f"{noted[1:]} (dibaca dari kolom {source.header(where, where)}); "
                        "periksa bahwa itu memang peristiwa pemicunya.")
            )  # fmt: skip
        elif noted and noted.casefold() != event.casefold():
            notes.append(
                problem(source, item["baris"], where, where, noted, PERINGATAN,
                        f"Keterangan menyebut peristiwa '{noted}', sedangkan {active} "
                        f"menyebut '{event}'; yang dipakai: {active}.")
            )  # fmt: skip
        events.append(event)
        fates.append(fate)
    table = pd.DataFrame(
        {
            "kode": valid["kode"],
            "jenis_arsip": valid["jenis_arsip"],
            "retensi_aktif": [years for years, _ in valid["retensi_aktif"]],
            "pemicu": events,
            "retensi_inaktif": [years for years, _ in valid["retensi_inaktif"]],
            "nasib_akhir": fates,
        },
        columns=JRA_COLUMNS,
    )
    return table, notes, taken


def _disposition(fate: str, note: object) -> tuple[str, str]:
    """(the final disposition, the triggering event a note names, or '')."""
    text = note if isinstance(note, str) else fate
    found = _EVENT.search(text)
    if found is None:
        return fate, ""
    event = found.group().strip(" ,;")
    if text is fate:  # 'Musnah. Dihitung setelah ...': the disposition is the first sentence
        fate = re.split(r"[.;]", fate[: found.start()])[0].strip(" ,") or fate
    return fate, event[:1].upper() + event[1:]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=JRA_COLUMNS)


def _grid(path: Path) -> tuple[str, list[list[object]]]:
    """(sheet name, cells) of the table: the first sheet of a workbook, or a CSV file."""
    try:
        if path.suffix.lower() == ".csv":
            text = read_text(path)
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            records: list[list[object]] = [list(r) for r in csv_records(path, text, dialect)]
            return path.stem, records
        workbook = open_workbook(path)
        name = workbook.sheet_names[0]
        return name, [list(r) for r in workbook.get_sheet_by_name(name).to_python()]
    except Refused:
        raise
    except Exception as error:  # csv, decoding and calamine each raise their own types
        raise WorkspaceError(
            f"{path.name} tidak dapat dibaca sebagai tabel JRA; simpan sebagai .xlsx atau .csv "
            "(UTF-8) dengan satu baris judul kolom, lalu ulangi."
        ) from error


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _value(line: list[object], position: int) -> object:
    value = line[position] if position < len(line) else None
    if isinstance(value, str):
        value = " ".join(value.split())
    return value if value not in ("", None) else None
