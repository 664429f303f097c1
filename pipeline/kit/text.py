"""Text as people type it, made safe for XML (docx, xlsx) without losing meaning."""

import math
import re
import unicodedata

import pandas as pd

# Characters that XML 1.0 forbids (Alt+Enter pastes may bring vertical tabs, \x0b), and those
# that hide or reorder text: bidi overrides and isolates could make a signed line read other
# than it is written, zero-width characters make equal titles differ.
_ILLEGAL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_HIDDEN = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # a file name that was not UTF-8


_NEEDS_WORK = re.compile(
    r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff"
    r"\ud800-\udfff]"
)


def clean_text(value: str) -> str:
    """The one cleaning boundary for text coming in: line breaks normalised, vertical tabs
    made line breaks, XML-illegal and hidden characters dropped."""
    if not _NEEDS_WORK.search(value) and unicodedata.is_normalized("NFC", value):
        return value.strip()  # almost every cell: nothing to clean
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    return _HIDDEN.sub("", _ILLEGAL.sub("", unicodedata.normalize("NFC", text))).strip()


def clean_cells(values: list[object]) -> list[object]:
    """A column of cells as read: clean_text on the text (empty text becomes None), other
    values as they are. One scan of the whole column finds, as almost always, that stripping
    is all it needs (a space neither composes with nor breaks a neighbour's NFC form); text
    that is all printable holds none of the characters cleaning removes, and str.isprintable
    tells that at twice the speed of the search."""
    joined = " ".join([value for value in values if isinstance(value, str)])
    if (joined.isprintable() or not _NEEDS_WORK.search(joined)) and unicodedata.is_normalized(
        "NFC", joined
    ):
        return [(value.strip() or None) if isinstance(value, str) else value for value in values]
    return [(clean_text(value) or None) if isinstance(value, str) else value for value in values]


def plain(value: object) -> str:
    """A cell's text for checks and documents: empty for missing values (None, NaN, NA)."""
    if type(value) is str:  # most cells, and a million calls a round at 30,000 items
        return value.strip()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()
