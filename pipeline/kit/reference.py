"""Reference tables (JRA, Pasal 17, classification codes), read from data/referensi as text."""

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.kit.errors import ConfigError
from pipeline.kit.resources import REFERENCE

BUNDLED_JRA = "JRA bawaan alat ini (contoh JRA provinsi, belum tentu berlaku di kantor Anda)"
JRA_COLUMNS = ["kode", "jenis_arsip", "retensi_aktif", "pemicu", "retensi_inaktif", "nasib_akhir"]

# "17.h.2", "Pasal 17 huruf h angka 2", "17 h 2", "17(h)(2)", "h.2", "huruf i"
_PASAL_REF = re.compile(
    r"^(?:pasal\s*)?(?:17\s*[.\s]?\s*)?(?:huruf\s*)?\(?([a-j])\)?"
    r"\s*[.\s]?\s*(?:angka\s*)?(?:\((\d{1,2})\)|(\d{1,2}))?$"
)
_SEPARATORS = re.compile(r"\s*(?:[,;\n]|\bdan\b)\s*")


@dataclass(frozen=True)
class References:
    """The reference tables in force for a round (the office's own JRA when it has one)."""

    jra: pd.DataFrame  # indexed by kode
    pasal17: pd.DataFrame  # indexed by kode
    classification: pd.DataFrame  # indexed by kode
    jra_name: str = BUNDLED_JRA  # which JRA is in force, as messages name it


def read_table(path: Path, required: list[str]) -> pd.DataFrame:
    """A CSV read as text only, so '000.8' stays '000.8' and 'NA' stays 'NA'."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise ConfigError(f"Tabel referensi {path} tidak ditemukan.") from error
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise ConfigError(f"Tabel referensi {path} tidak dapat dibaca: {error}.") from error
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise ConfigError(f"Tabel referensi {path} tidak memiliki kolom {', '.join(missing)}.")
    return table.apply(lambda column: column.str.strip())


def load_references(jra_path: Path | None = None) -> References:
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
    )


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
    codes = sorted(refs.jra.index, key=code_sort_key)
    preferred = [c for c in codes if any(c == p or c.startswith(p + ".") for p in usual)]
    scored = [(len(words & _words(str(refs.jra.at[c, "jenis_arsip"]))), c)
              for c in preferred or codes]  # fmt: skip
    best = max(scored, key=lambda pair: pair[0])
    if best[0] == 0 and preferred:  # no kindred series among the usual: look at all of them
        scored = [(len(words & _words(str(refs.jra.at[c, "jenis_arsip"]))), c) for c in codes]
        best = max([best, *scored], key=lambda pair: pair[0])
    return best[1]


def _words(text: str) -> set[str]:
    """The words that tell one record series from another (five letters or more)."""
    return {word for word in re.findall(r"[a-z]+", text.casefold()) if len(word) >= 5}
