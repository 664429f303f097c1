"""Exemption periods (jangka waktu pengecualian) in the standard wording, stated "jelas dan tegas".

What the team types ("5 thn", "lima tahun", "tidak terbatas", "sampai perkara inkracht") is
turned into one wording ("5 (lima) tahun", "Tidak terbatas", "Sampai perkara inkracht"), so the
signed list never carries shorthand; anything else is reported at its cell.
"""

import re
from functools import cache

from pipeline.kit.dates import in_words

_YEARS = re.compile(
    r"^(?:(\d{1,3})\s*(?:\(\s*[a-z ]+\s*\))?|(?P<words>[a-z ]+?))\s*"
    r"(?:tahun|thn|th)\b\.?(?P<rest>.*)$",
    re.IGNORECASE,
)
UNLIMITED = "Tidak terbatas"
_UNLIMITED = re.compile(r"^(tidak\s+terbatas|tanpa\s+batas(?:\s+waktu)?|selamanya|permanen)\b",
                        re.IGNORECASE)  # fmt: skip
# Periods that end with an event or a consent, as regional lists word them.
_UNTIL = re.compile(r"^(sampai|hingga|selama|setelah|dibuka\s+setelah|terbatas\s+sampai)\b",
                    re.IGNORECASE)  # fmt: skip
EXAMPLES = (
    "5 tahun, Tidak terbatas, Sampai <peristiwa>, atau Sampai ada persetujuan tertulis dari "
    "yang bersangkutan"
)


def parse_period(text: str) -> str:
    """The period in the standard wording; ValueError (with the fix) when it is not one."""
    cleaned = " ".join(text.split()).strip(" .;")
    if match := _YEARS.match(cleaned):
        words = match["words"]
        years = int(match.group(1)) if match.group(1) else _number_words().get(words.lower())
        if years:
            rest = match["rest"].strip(" ,;")
            return f"{years} ({in_words(years)}) tahun" + (f" {rest}" if rest else "")
    if match := _UNLIMITED.match(cleaned):
        rest = cleaned[match.end() :].strip(" ,;")
        return UNLIMITED + (f" {rest}" if rest else "")
    if _UNTIL.match(cleaned):
        return cleaned[0].upper() + cleaned[1:]
    raise ValueError(f"'{text}' bukan jangka waktu yang jelas; tulis seperti {EXAMPLES}.")


@cache
def _number_words() -> dict[str, int]:
    """'lima' -> 5, made on first use: spelling numbers out loads num2words."""
    return {in_words(n): n for n in range(1, 100)}


def years_of(period: str) -> int | None:
    """5 for '5 (lima) tahun ...'; None for a period without a number of years."""
    match = re.match(r"^(\d+) \(", period)
    return int(match.group(1)) if match else None


def is_unlimited(period: str) -> bool:
    return period.startswith(UNLIMITED)
