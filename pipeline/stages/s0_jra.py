"""An office's own JRA (its Perbup/Pergub Jadwal Retensi Arsip), imported from Excel or CSV.

The table is checked cell by cell against schemas/jra.toml by the same checker as every sheet
people fill, so a mistyped retention is reported at its cell; classification headings (rows
without retention) are skipped. The result has the columns of data/referensi/jra.csv.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.kit.checker import check_cells
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.guarded import Refused, csv_records, open_workbook, read_text
from pipeline.kit.problems import GALAT, LOCATION, Source, frame, problem
from pipeline.kit.reference import JRA_COLUMNS, References
from pipeline.kit.schema import SheetSpec
from pipeline.stages.s3a_intake import find_header


@dataclass
class Imported:
    table: pd.DataFrame  # JRA_COLUMNS, one row per classification code with a retention
    problems: pd.DataFrame  # Masalah rows; the table is usable only when none is a Galat
    headings: int  # classification headings skipped

    @property
    def usable(self) -> bool:
        return not (self.problems["Tingkat"] == GALAT).any()


def import_jra(path: Path, spec: SheetSpec, refs: References) -> Imported:
    """Read and check an office's JRA table from .xlsx/.xls/.ods or .csv."""
    sheet, grid = _grid(path)
    header = find_header(grid, spec)
    source = Source(name=path.name, sheet=sheet)
    if header is None:
        message = (
            f"Baris judul kolom JRA tidak ditemukan di 20 baris pertama; beri judul kolom "
            f"{', '.join(spec.labels)}."
        )
        return Imported(_empty(), frame([problem(source, None, None, "", "", GALAT, message)]), 0)
    source.header_row = header + 1
    for index, value in enumerate(grid[header]):
        column = spec.match_header(str(value))
        if column and column.name not in source.columns:
            source.columns[column.name] = (index, " ".join(str(value).split()))
    missing = [c.label for c in spec.columns if c.name not in source.columns]
    if missing:
        message = f"Kolom JRA tidak ditemukan: {', '.join(missing)}; tambahkan pada baris judul."
        return Imported(_empty(), frame([problem(source, None, None, "", "", GALAT, message)]), 0)
    records, headings = [], 0
    for number, line in enumerate(grid[header + 1 :], start=header + 2):
        values = {name: _value(line, position) for name, (position, _) in source.columns.items()}
        if all(value is None for value in values.values()):
            continue
        if values["retensi_aktif"] is None and values["retensi_inaktif"] is None:
            headings += 1  # a classification heading, e.g. "400.2 PEMBERDAYAAN PEREMPUAN ..."
            continue
        records.append({"berkas": path.name, "lembar": sheet, "baris": number, **values})
    rows = pd.DataFrame(records, columns=[*LOCATION, *spec.names])
    checked = check_cells(rows, spec, refs, {(path.name, sheet): source})
    return Imported(_table(checked.typed), checked.problems, headings)


def _table(typed: pd.DataFrame) -> pd.DataFrame:
    valid = typed.dropna(subset=["kode", "jenis_arsip", "retensi_aktif", "retensi_inaktif",
                                 "nasib_akhir"])  # fmt: skip
    return pd.DataFrame(
        {
            "kode": valid["kode"],
            "jenis_arsip": valid["jenis_arsip"],
            "retensi_aktif": [years for years, _ in valid["retensi_aktif"]],
            "pemicu": [event for _, event in valid["retensi_aktif"]],
            "retensi_inaktif": [years for years, _ in valid["retensi_inaktif"]],
            "nasib_akhir": valid["nasib_akhir"],
        },
        columns=JRA_COLUMNS,
    )


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


def _value(line: list[object], position: int) -> object:
    value = line[position] if position < len(line) else None
    if isinstance(value, str):
        value = " ".join(value.split())
    return value if value not in ("", None) else None
