"""The one way the tool opens a file that people may have made or edited.

Whoever made it (a bidang's inventory, the team's uji_konsekuensi.xlsx, an office's JRA, a
register someone opened in Excel), limits.inspect reads it first without a parser: a cell at
the grid's far corner, a bomb or a broken zip never reaches calamine, which aborts the whole
process on some of them and takes gigabytes on others. A text table passes the same inspection
(its size, that it is a file), and a field longer than the csv module accepts is a sentence too.
"""

import csv
import io
from pathlib import Path

from python_calamine import CalamineWorkbook

from pipeline.kit.errors import WorkspaceError
from pipeline.kit.limits import display_name, inspect


class Refused(WorkspaceError):
    """A file the tool does not open: `reason` is the sentence for a report row (which names
    the file in a column of its own), the message names the file as well."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{display_name(path)} tidak dibuka: {reason}")
        self.reason = reason


def open_workbook(
    path: Path, *, round_sheet: bool = False, from_bidang: bool = False
) -> CalamineWorkbook:
    """The workbook, once inspected (see limits.inspect for the two flags); what the parser
    itself raises for a corrupt or foreign file is the caller's to phrase."""
    reason = inspect(path, round_sheet=round_sheet, from_bidang=from_bidang)
    if reason:
        raise Refused(path, reason)
    return CalamineWorkbook.from_path(str(path))


def read_text(path: Path) -> str:
    """A text file (a CSV table) as UTF-8 without its BOM, once inspected; UnicodeDecodeError
    is the caller's to phrase."""
    reason = inspect(path, from_bidang=False)
    if reason:
        raise Refused(path, reason)
    return path.read_bytes().decode("utf-8-sig")


def csv_records(
    path: Path, text: str, dialect: type[csv.Dialect] | csv.Dialect | None = None
) -> list[list[str]]:
    """Every record of a CSV text read from `path`, exactly as stored."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect or csv.excel)
    try:
        return list(reader)
    except csv.Error as error:
        line = reader.line_num
        if "field larger than field limit" in str(error):
            what = f"memuat isian lebih panjang dari {csv.field_size_limit():,} huruf".replace(
                ",", "."
            )
        else:
            what = "tidak dapat dibaca sebagai CSV"
        raise Refused(
            path,
            f"baris {line} {what}; pulihkan versi sebelumnya atau perbaiki baris itu, lalu ulangi.",
        ) from error
