"""Problems found in what people filled: data for reports, never exceptions."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from openpyxl.utils import column_index_from_string, get_column_letter

GALAT = "Galat"  # blocks the row
PERINGATAN = "Peringatan"  # reported, does not block
COLUMNS = ["Berkas", "Lembar", "Baris", "Kolom", "Sel", "Nilai", "Tingkat", "Pesan"]
LOCATION = ["berkas", "lembar", "baris"]  # where a row read from a sheet sits


@dataclass
class Source:
    """Where one sheet's data sits, so every problem can name its exact cell."""

    name: str
    sheet: str = ""
    bidang: str | None = None
    header_row: int = 0
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (index, header)

    def cell(self, name: str, row: int | None) -> str:
        if name not in self.columns or row is None:
            return ""
        return f"{get_column_letter(self.columns[name][0] + 1)}{row}"

    def header(self, name: str, default: str) -> str:
        return self.columns[name][1] if name in self.columns else default


def problem(
    source: Source,
    row: int | None,
    column: str | None,
    label: str,
    value: object,
    level: str,
    message: str,
) -> dict[str, object]:
    return {
        "Berkas": source.name,
        "Lembar": source.sheet,
        "Baris": row,
        "Kolom": source.header(column, label) if column else label,
        "Sel": source.cell(column, row) if column else "",
        "Nilai": shown(value),
        "Tingkat": level,
        "Pesan": message,
    }


def shown(value: object) -> str:
    """A cell value as the person sees it in Excel: 3 not 3.0, 30/01/2023 not 2023-01-30."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows it
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts keyed by column name: far cheaper per row than iterrows, and than
    to_dict, which boxes every value."""
    names = [str(name) for name in table.columns]
    columns = [table[name].tolist() for name in table.columns]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["Baris"] = table["Baris"].astype("Int64")
    return table


def ordered(problems: pd.DataFrame) -> pd.DataFrame:
    """Problems by file, then row (file-level first), then column as the sheet has them."""
    position = problems["Sel"].map(
        lambda cell: column_index_from_string(cell.rstrip("0123456789")) if cell else 0
    )
    keyed = problems.assign(_position=position)
    keyed = keyed.sort_values(["Berkas", "Baris", "_position"], na_position="first", kind="stable")
    return keyed.drop(columns="_position").reset_index(drop=True)
