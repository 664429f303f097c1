"""Reference tables (JRA, Pasal 17, classification codes, the register of laws), read from
data/referensi as text."""

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.kit.errors import ConfigError
from pipeline.kit.guarded import Refused, csv_table, read_text
from pipeline.kit.laws import Register, load_register
from pipeline.kit.resources import REFERENCE, SCHEMAS

BUNDLED_JRA = "JRA bawaan alat ini (contoh JRA provinsi, belum tentu berlaku di kantor Anda)"
JRA_COLUMNS = ["kode", "jenis_arsip", "retensi_aktif", "pemicu", "retensi_inaktif", "nasib_akhir"]

# "17.h.2", "Pasal 17 huruf h angka 2", "17 h 2", "17(h)(2)", "h.2", "huruf i"
_PASAL_REF = re.compile(
    r"^(?:pasal\s*)?(?:17\s*[.\s]?\s*)?(?:huruf\s*)?\(?([a-j])\)?"
    r"\s*[.\s]?\s*(?:angka\s*)?(?:\((\d{1,2})\)|(\d{1,2}))?$"
)
_SEPARATORS = re.compile(r"\s*(?:[,;\n]|\bdan\b)\s*")


@dataclass(frozen=True)
class Suggestion:
    """Grounds usually cited for information whose title or summary holds one of `words`."""

    name: str
    words: tuple[str, ...]
    pasal17: tuple[str, ...]
    basis: str  # sector articles, in the short style
    note: str


class SuggestionIndex:
    """Which suggestions a text calls for: those with a word standing whole in it (any case).

    Where a word stands whole, each of its runs of letters and digits is a whole word of the
    text; so a text is split into its words once, and only the words whose runs are all among
    them are searched for (20,912 proposals of 500 characters: 0.99 s -> 0.55 s)."""

    def __init__(self, suggestions: Sequence[Suggestion]) -> None:
        self.suggestions = tuple(suggestions)
        # first run of a word -> (all its runs, which suggestion, the word standing whole);
        # a word without runs ("&") is under "", searched for in every text
        self.words: dict[str, list[tuple[frozenset[str], int, re.Pattern[str]]]] = {"": []}
        for number, suggestion in enumerate(self.suggestions):
            for word in filter(None, map(str.strip, suggestion.words)):
                runs = _RUN.findall(word.lower())
                entry = (frozenset(runs), number, _standing_whole(word))
                self.words.setdefault(runs[0] if runs else "", []).append(entry)

    def found(self, text: str) -> list[Suggestion]:
        """The suggestions called for, in their order."""
        runs = {"", *_RUN.findall(text.lower())}
        hits: set[int] = set()
        for first in runs.intersection(self.words):
            for needed, number, whole in self.words[first]:
                if number not in hits and needed <= runs and whole.search(text):
                    hits.add(number)
        return [self.suggestions[number] for number in sorted(hits)]


_RUN = re.compile(r"\w+")


def _standing_whole(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)


def load_suggestions(office: Path | None = None) -> tuple[Suggestion, ...]:
    """schemas/saran_dasar_hukum.toml, with the office's entries added (or replacing ones of
    the same name)."""
    found = {s.name: s for s in _suggestions(SCHEMAS / "saran_dasar_hukum.toml")}
    if office is not None:
        found |= {s.name: s for s in _suggestions(office)}
    return tuple(found.values())


def _suggestions(path: Path) -> list[Suggestion]:
    try:
        entries = tomllib.loads(read_text(path)).get("saran", [])
        return [
            Suggestion(
                name=str(entry["nama"]),
                words=tuple(str(word) for word in entry["kata"]),
                pasal17=tuple(str(code) for code in entry.get("pasal17", [])),
                basis=str(entry.get("dasar", "")),
                note=str(entry.get("catatan", "")),
            )
            for entry in entries
        ]
    except Refused as refused:
        raise ConfigError(f"Tabel saran {refused}") from refused
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise ConfigError(
            f"Tabel saran {path.name} tidak dapat dibaca ({_why(error)}); setiap [[saran]] "
            "memerlukan nama dan kata, seperti schemas/saran_dasar_hukum.toml."
        ) from error


def _why(error: Exception) -> str:
    """What is wrong, in our words: a TOML fault with its line, a missing key, a wrong type."""
    if isinstance(error, tomllib.TOMLDecodeError):
        found = re.search(r"line (\d+)", str(error))
        return f"penulisan TOML tidak sah{f' di baris {found.group(1)}' if found else ''}"
    if isinstance(error, KeyError):
        return f"tanpa {error.args[0]!r}"
    if isinstance(error, UnicodeDecodeError):
        return "bukan teks UTF-8"
    return "susunannya tidak sesuai"


@dataclass(frozen=True)
class References:
    """The reference tables in force for a round (the office's own JRA when it has one)."""

    jra: pd.DataFrame  # indexed by kode
    pasal17: pd.DataFrame  # indexed by kode
    classification: pd.DataFrame  # indexed by kode
    jra_name: str = BUNDLED_JRA  # which JRA is in force, as messages name it
    laws: Register = field(default_factory=load_register)  # titles and whether in force
    suggestions: tuple[Suggestion, ...] = field(default_factory=load_suggestions)


def read_table(path: Path, required: list[str]) -> pd.DataFrame:
    """A CSV read as text only, so '000.8' stays '000.8' and 'NA' stays 'NA'; whatever is wrong
    with the file (missing, a folder, too large, not UTF-8, a row of another width) is one
    sentence naming it."""
    if not path.exists():
        raise ConfigError(f"Tabel referensi {path} tidak ditemukan.")
    records = csv_table(path, "Tabel referensi", "dengan kolom " + ", ".join(required))
    header, *rows = records or [[]]
    missing = [column for column in required if column not in header]
    if missing:
        raise ConfigError(f"Tabel referensi {path} tidak memiliki kolom {', '.join(missing)}.")
    for line, row in enumerate(rows, start=2):
        if row and len(row) != len(header):
            raise ConfigError(
                f"Tabel referensi {path} baris {line} berisi {len(row)} kolom, sedangkan baris "
                f"judulnya {len(header)}; perbaiki baris itu (tanda koma atau kutip berlebih?)."
            )
    table = pd.DataFrame([row for row in rows if row], columns=header, dtype=str)
    return table.apply(lambda column: column.str.strip())


def load_references(
    jra_path: Path | None = None,
    laws_path: Path | None = None,
    suggestions_path: Path | None = None,
) -> References:
    """Read the tables as text (codes keep their zeros); a broken table is one sentence."""
    jra = read_table(jra_path or REFERENCE / "jra.csv", JRA_COLUMNS)
    for column in ("retensi_aktif", "retensi_inaktif"):
        numbers = pd.to_numeric(jra[column], errors="coerce")
        if numbers.isna().any():
            bad = jra.loc[numbers.isna(), "kode"].iloc[0]
            raise ConfigError(
                f"Tabel JRA: {column} pada kode {bad} harus berupa angka tahun (mis. 2)."
            )
        jra[column] = numbers.astype(int)
    pasal17 = read_table(REFERENCE / "pasal17.csv", ["kode", "huruf", "uraian", "kelompok"])
    classification = read_table(REFERENCE / "klasifikasi.csv", ["kode", "nama"])
    return References(
        jra=jra.set_index("kode", drop=False),
        pasal17=pasal17.set_index("kode", drop=False),
        classification=classification.set_index("kode", drop=False),
        jra_name=f"JRA kantor ({jra_path.name})" if jra_path else BUNDLED_JRA,
        laws=load_register(laws_path),
        suggestions=load_suggestions(suggestions_path),
    )


def suggested_codes(jra: pd.DataFrame, titles: Sequence[object]) -> list[tuple[str, str] | None]:
    """For each title, (code, record series) of the JRA entry whose name it holds nearly word
    for word, else None (also for what is not text). Names are compared as phrases (rapidfuzz's
    partial ratio, at least JRA_MATCH of 100; the first of the best names) with case,
    punctuation, years and small words set aside; a name is also tried without the examples in
    brackets at its end ('Data Gender (Pengarusutamaan Gender)'), and each example on its own.
    Two words at least: one word says too little. Each distinct title is compared once, all of
    them at once on every core (cdist), JRA_CHUNK at a time to bound the table of scores."""
    from rapidfuzz import fuzz, process  # only periksa asks, for items not from an archive

    names = jra_names(jra)
    codes, choices = [code for code, _ in names], list(names.values())
    comparable = [_comparable(title) if isinstance(title, str) else "" for title in titles]
    queries = list(dict.fromkeys(filter(None, comparable)))
    found: dict[str, str] = {}
    for start in range(0, len(queries) if choices else 0, JRA_CHUNK):
        part = queries[start : start + JRA_CHUNK]
        scores = process.cdist(
            part, choices, scorer=fuzz.partial_ratio, score_cutoff=JRA_MATCH, workers=-1
        )
        best = scores.argmax(axis=1)
        for query, column, score in zip(part, best, scores[range(len(part)), best], strict=True):
            if score >= JRA_MATCH:
                found[query] = codes[column]
    return [
        (found[text], str(jra.at[found[text], "jenis_arsip"])) if text in found else None
        for text in comparable
    ]


def jra_names(jra: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(code, name) -> name, each name of two words or more as titles are compared."""
    names = {}
    for code, series in zip(jra["kode"], jra["jenis_arsip"], strict=True):
        bracketed = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", series)
        spelled = [bracketed[1], *bracketed[2].split(",")] if bracketed else [series]
        for name in (_comparable(text) for text in spelled):
            if len(name.split()) >= 2:
                names[(code, name)] = name
    return names


JRA_MATCH = 90  # on the example's 50 titles: every suggestion right, none missed of three
JRA_CHUNK = 4096  # titles compared at once: 4,096 x the JRA's names scores of 4 bytes
_SMALL_WORDS = frozenset(
    [
        "dan",
        "di",
        "yang",
        "untuk",
        "per",
        "tahun",
        "bagi",
        "atas",
        "dari",
        "dengan",
        "atau",
        "ke",
        "oleh",
        "antara",
        "lain",
        "dalam",
        "serta",
        "pada",
        "tentang",
        "terhadap",
    ]
)


def _comparable(text: str) -> str:
    words = re.sub(r"[^\w\s]", " ", text.casefold()).split()
    return " ".join(w for w in words if w not in _SMALL_WORDS and not w.isdigit())


def parse_pasal17(text: str) -> tuple[list[str], list[str]]:
    """Split a free-text Pasal 17 citation into canonical codes ('17.h.2').

    Returns (codes, parts that are not a Pasal 17 reference). A part without a letter of its own
    ('17.h.1 dan 2') inherits the previous letter.
    """
    codes: list[str] = []
    unreadable: list[str] = []
    letter = ""
    for part in _SEPARATORS.split(text.strip().lower()):
        part = part.strip(" .")
        if not part:
            continue
        if letter and part.isdigit():
            codes.append(f"17.{letter}.{int(part)}")
            continue
        match = _PASAL_REF.match(part)
        if not match:
            unreadable.append(part)
            continue
        letter, number = match.group(1), match.group(2) or match.group(3)
        codes.append(f"17.{letter}.{int(number)}" if number else f"17.{letter}")
    return list(dict.fromkeys(codes)), unreadable


def code_sort_key(code: str) -> tuple[int, ...]:
    """Sort classification codes per segment: 400.9.2 before 400.9.10."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def office_code(code: str, refs: References, about: str = "", usual: tuple[str, ...] = ()) -> str:
    """`code` when the JRA in force has it; else the code of that JRA whose record series shares
    the most words with `about` (the example's title), among the `usual` prefixes first, so an
    example never shows a code the office's form refuses, nor one for another kind of file."""
    if code in refs.jra.index or not len(refs.jra):
        return code
    words = _words(about)

    def shared(candidate: str) -> int:
        return len(words & _words(str(refs.jra.at[candidate, "jenis_arsip"])))

    codes = sorted(refs.jra.index, key=code_sort_key)
    preferred = [c for c in codes if any(c == p or c.startswith(p + ".") for p in usual)]
    best = max(preferred or codes, key=shared)  # the first of the highest, in code order
    if preferred and shared(best) == 0:  # no kindred series among the usual: look at them all
        best = max([best, *codes], key=shared)
    return best


def _words(text: str) -> set[str]:
    """The words that tell one record series from another (five letters or more)."""
    return {word for word in re.findall(r"[a-z]+", text.casefold()) if len(word) >= 5}
