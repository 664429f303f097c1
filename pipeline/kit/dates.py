"""Indonesian dates and numbers in words, and reading dates the way people type them."""

import re
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from babel.dates import format_date

MONTHS = [
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
]  # fmt: skip
_MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, 1)} | {
    "agt": 8,
    "ags": 8,
    "okt": 10,
    "nop": 11,
    "des": 12,
}
_EXCEL_EPOCH = date(1899, 12, 30)
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(?:(?:tahun|thn|th)\.?\s+)?(\d{4})(?:\.0+)?$", re.IGNORECASE)
_MONTH_WORDS = re.compile(r"^(?:bulan\s+)?([a-z]+)\.?\s+(\d{4})$")
_MONTH_NUMBERS = re.compile(r"^(\d{1,2})[/.\-](\d{4})$|^(\d{4})-(\d{1,2})$")
# Excel serial numbers read as dates when a date cell lost its format: 1990 to 2099 only, so a
# mistyped year (20233) is reported instead of becoming a date in 1955.
SERIALS = (32874, 73051)
# What staff write in a date column when the event it asks for has not happened yet.
NOT_YET = "Belum terjadi"
_NOT_YET = {"belum terjadi", "belum", "belum ada", "belum ditutup", "masih berjalan"}
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@lru_cache(maxsize=4096, typed=True)  # babel takes 25 µs a date; a list prints thousands
def long_date(day: date) -> str:
    """'6 Februari 2023', as Indonesian letters write it."""
    return format_date(day, "d MMMM y", locale="id")


def weekday(day: date) -> str:
    return format_date(day, "EEEE", locale="id")


@cache
def in_words(number: int) -> str:
    """'dua ribu dua puluh tiga'. num2words is imported here, by the documents that spell
    numbers out: it costs checking commands (periksa, uji) a twentieth of a second."""
    from num2words import num2words

    return str(num2words(number, lang="id"))


def count(number: int, unit: str = "") -> str:
    """'12 (dua belas) informasi', the way letters state counts."""
    return f"{number} ({in_words(number)}) {unit}".strip()


def date_in_words(day: date) -> str:
    """'Senin tanggal enam bulan Februari tahun dua ribu dua puluh tiga' for berita-acara style."""
    month = long_date(day).split(" ")[1]
    return f"{weekday(day)} tanggal {in_words(day.day)} bulan {month} tahun {in_words(day.year)}"


def parse_date(value: object) -> date:
    """A date from a real Excel date, '30/01/2023', '2023-01-30' or '30 Januari 2023'.

    Raises ValueError when the value is not a date in one of those forms.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and SERIALS[0] <= value < SERIALS[1]
    ):
        return _EXCEL_EPOCH + timedelta(days=int(value))  # a date left in General format
    text = " ".join(str(value).strip().lower().split())
    if match := _NUMERIC.match(text):
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := _WORDS.match(text):
        day_text, month_name, year_text = match.groups()
        month = _month_number(month_name)
        return date(int(year_text), month, int(day_text))
    raise ValueError(value)


def not_yet(value: object) -> bool:
    """Whether the cell says the event has not happened yet ('Belum terjadi', 'belum')."""
    return isinstance(value, str) and " ".join(value.casefold().split()).rstrip(".") in _NOT_YET


def parse_year(value: object) -> int:
    """A four-digit year typed as a number or text ('2023', 2023.0); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)) and float(value).is_integer():
        year = int(value)
    elif match := _YEAR.match(str(value).strip()):
        year = int(match.group(1))
    else:
        raise ValueError(value)
    if not 1900 <= year <= 2100:
        raise ValueError(value)
    return year


def parse_month(value: object) -> tuple[int, int]:
    """(year, month) from a month without a day: 'Juni 2025', 'Des 2024', 'bulan Juni 2025',
    '06/2025', '2025-06'. Raises ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(value)
    text = " ".join(value.strip().lower().split())
    if match := _MONTH_WORDS.match(text):
        year, month = int(match.group(2)), _month_number(match.group(1))
    elif match := _MONTH_NUMBERS.match(text):
        month_text, year_text = (match.group(1), match.group(2)) if match.group(1) else (
            match.group(4), match.group(3))  # fmt: skip
        year, month = int(year_text), int(month_text)
    else:
        raise ValueError(value)
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        raise ValueError(value)
    return year, month


def month_end(year: int, month: int) -> date:
    """The last day of a month: a file closed 'in June 2025' is closed by 30 June 2025."""
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def month_name(year: int, month: int) -> str:
    """'Juni 2025', as a month is written when its day is not known."""
    return format_date(date(year, month, 1), "MMMM y", locale="id")


def parse_year_or_date(value: object) -> tuple[int, date | str | None]:
    """(year, date) from a year or a date; the date is None when only a year was given, and
    the month as written ('Juni 2025') when only a month was."""
    try:
        return parse_year(value), None
    except ValueError:
        pass
    try:
        year, month = parse_month(value)
        return year, month_name(year, month)
    except ValueError:
        day = parse_date(value)
        return day.year, day


def year_end(year: int) -> date:
    return date(year, 12, 31)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_number(name: str) -> int:
    for number, month in enumerate(MONTHS, 1):
        if name == month:
            return number
    if name[:3] in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[name[:3]]
    raise ValueError(name)
