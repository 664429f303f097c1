"""Text as people type it, made safe for XML (docx, xlsx) without losing meaning."""

import math
import re
import unicodedata

import pandas as pd
from openpyxl.cell.cell import Cell

# Characters that XML 1.0 forbids; Alt+Enter pastes may bring vertical tabs (\x0b).
_ILLEGAL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Normalise line breaks, turn vertical tabs into line breaks and drop XML-illegal chars."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _ILLEGAL.sub("", unicodedata.normalize("NFC", text)).strip()


def plain(value: object) -> str:
    """A cell's text for checks and documents: empty for missing values (None, NaN, NA)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def write_text(cell: Cell, value: object) -> None:
    """Write a value so that text stays text: a leading '=' never becomes a live formula.

    Missing values (None, NaN) leave the cell empty.
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
