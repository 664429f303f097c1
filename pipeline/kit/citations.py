"""Laws as the documents cite them: short in a table cell ("Pasal 4 UU 27/2022"), the full
title once (in the Mengingat, or in the key under a table).

Below the stages, so the consequence test can say where a citation lacks its title and the
lists can print it.
"""

import re
from functools import lru_cache

UU_KIP = "UU 14/2008"
# Full titles of the laws the documents themselves rest on (the Mengingat of the decision).
TITLES = {
    "UU 14/2008": "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
    "UU 43/2009": "Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan",
    "UU 23/2014": "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "UU 27/2022": "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
    "PP 61/2010": "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan "
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
    "Perki 1/2017": "Peraturan Komisi Informasi Nomor 1 Tahun 2017 tentang Pengklasifikasian "
    "Informasi Publik",
    "Perki 1/2021": "Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan "
    "Informasi Publik",
    "Permendagri 3/2017": "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2017 tentang Pedoman "
    "Pengelolaan Pelayanan Informasi dan Dokumentasi di Lingkungan Kementerian Dalam Negeri dan "
    "Pemerintahan Daerah",
}
# How the Mengingat of a regional decision cites a law amended since (reference §1.11).
AMENDED = {
    "UU 23/2014": " sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 "
    "Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 "
    "tentang Cipta Kerja menjadi Undang-Undang",
}
# The office's own bases, below the national ones, in the order of their kinds.
_LOCAL_KINDS = (
    "Peraturan Daerah Provinsi",
    "Peraturan Daerah",
    "Peraturan Gubernur",
    "Peraturan Bupati",
    "Peraturan Wali Kota",
    "Peraturan Walikota",
    "Keputusan",
)
# Kinds of regulation, as written in full and in short; the long spellings are tried first.
_KINDS = {
    "Undang-Undang": "UU",
    "Peraturan Pemerintah": "PP",
    "Peraturan Presiden": "Perpres",
    "Peraturan Menteri Dalam Negeri": "Permendagri",
    "Peraturan Komisi Informasi": "Perki",
}
_SPELLINGS = sorted([*_KINDS, *_KINDS.values(), "UU RI", "Undang Undang"], key=len, reverse=True)
_LAW = re.compile(
    r"\b(?P<kind>" + "|".join(re.escape(s) for s in _SPELLINGS) + r")\s+"
    r"(?:(?:Nomor|No\.?)\s*(?P<number>\d+)\s+Tahun\s+(?P<year>\d{4})"
    r"|(?P<short_number>\d+)\s*/\s*(?P<short_year>\d{4}))",
    re.IGNORECASE,
)
# A title runs from "tentang" to the end of the citation, or to the next article it is joined to.
_TITLE_END = re.compile(r"\s*(?:,|\bdan\b|\bserta\b)\s+(?=Pasal\s+\d)", re.IGNORECASE)


def _kind(spelling: str) -> str:
    folded = spelling.casefold().replace(" ri", "").replace("undang undang", "undang-undang")
    for long, short in _KINDS.items():
        if folded in (long.casefold(), short.casefold()):
            return short
    return spelling


def _full_name(short: str) -> str:
    """'UU 27/2022' -> 'Undang-Undang Nomor 27 Tahun 2022'."""
    kind, _, rest = short.partition(" ")
    number, _, year = rest.partition("/")
    long = next(name for name, abbreviation in _KINDS.items() if abbreviation == kind)
    return f"{long} Nomor {number} Tahun {year}"


def short_citations(text: str) -> tuple[str, dict[str, str]]:
    """A legal basis in the short style, and the full title of each law it cites.

    'Pasal 4 UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi' ->
    ('Pasal 4 UU 27/2022', {'UU 27/2022': 'Undang-Undang Nomor 27 Tahun 2022 tentang ...'}).
    Text that cites no law in a recognised form is kept as it is.
    """
    short, titles = _citations(text)
    return short, dict(titles)


@lru_cache(maxsize=4096)  # a round cites the same few laws in thousands of rows
def _citations(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    titles: dict[str, str] = {}
    pieces = []
    for citation in filter(None, (part.strip() for part in re.split(r";", text))):
        pieces.append(_shorten(citation, titles))
    return "; ".join(pieces), tuple(titles.items())


def _shorten(citation: str, titles: dict[str, str]) -> str:
    result, position = [], 0
    while match := _LAW.search(citation, position):
        number = match["number"] or match["short_number"]
        year = match["year"] or match["short_year"]
        short = f"{_kind(match['kind'])} {int(number)}/{year}"
        result.append(citation[position : match.start()] + short)
        position = match.end()
        rest = citation[position:]
        about = re.match(r"\s*tentang\s+", rest, re.IGNORECASE)
        if about:
            end = _TITLE_END.search(rest, about.end())
            title = rest[about.end() : end.start() if end else len(rest)].strip(" ,.")
            position += end.start() if end else len(rest)
            full = f"{_full_name(short)} tentang {_spell_out(title)}"
            if len(full) > len(titles.get(short, "")):
                titles[short] = full
        else:
            titles.setdefault(short, TITLES.get(short, _full_name(short)))
        if short in TITLES:
            titles[short] = TITLES[short]
    result.append(citation[position:])
    return "".join(result).strip()


def _spell_out(title: str) -> str:
    """Laws named inside a title are written in full: 'Perubahan atas Undang-Undang Nomor 23
    Tahun 2002 tentang Perlindungan Anak'."""
    return _LAW.sub(
        lambda m: _full_name(
            f"{_kind(m['kind'])} {int(m['number'] or m['short_number'])}/"
            f"{m['year'] or m['short_year']}"
        ),
        title,
    )


_LEVELS = {"UU": 0, "PP": 1, "Perpres": 2, "Permendagri": 3, "Perki": 3}  # a ministry's and
# a commission's regulations stand side by side (UU 12/2011 Pasal 8): by year between them


def hierarchy(short: str) -> tuple[int, int, int]:
    """Where a law stands among others: by the hierarchy of laws, then by year and number."""
    kind, _, rest = short.partition(" ")
    number, _, year = rest.partition("/")
    return _LEVELS[kind], int(year), int(number)


def mengingat(local: tuple[str, ...] = ()) -> list[str]:
    """The Mengingat of the decision: the national laws the list rests on, then the office's
    own bases, each kind in the order of the hierarchy of laws and then by year; a national
    law the office also wrote down is cited once."""
    entries = [(hierarchy(short), TITLES[short] + AMENDED.get(short, "")) for short in TITLES]
    for position, text in enumerate(local):
        found = _LAW.match(text.strip())
        if found:
            short = f"{_kind(found['kind'])} {int(found['number'] or found['short_number'])}/" + (
                found["year"] or found["short_year"]
            )
            if short in TITLES:
                continue  # already cited, in the words above
            entries.append((hierarchy(short), text))
            continue
        kind = next(
            (i for i, k in enumerate(_LOCAL_KINDS) if text.startswith(k)), len(_LOCAL_KINDS)
        )
        year = re.search(r"\bTahun\s+(\d{4})\b", text)
        entries.append(((10 + kind, int(year.group(1)) if year else 9999, position), text))
    return [text for _, text in sorted(entries, key=lambda entry: entry[0])]


def untitled(text: str) -> list[str]:
    """The laws `text` cites without their title ('UU 17/2023'), which the key under a table
    could only print as 'Undang-Undang Nomor 17 Tahun 2023'."""
    return [short for short, title in short_citations(text)[1].items() if " tentang " not in title]
