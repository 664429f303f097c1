"""The keys instansi.toml may hold, each with its type, and the line each is written on.

tomllib gives values, not lines: key_lines() finds them by reading the text as TOML is written
by hand (table headers, `key =` lines; a value inside an inline table or a list is found at its
key's line). check() walks the parsed values with SCHEMA before anything reads them: a value of
the wrong type (`kertas = 4`, `tanggal = "2026-02-06"`, `hal = [1, 2]`) is one sentence with
its line and what it must be; the keys SCHEMA does not know are returned, to be pointed out (a
typo such as `tangal` would otherwise be ignored without a word).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pipeline.kit.errors import ConfigError


@dataclass(frozen=True)
class Value:
    types: tuple[type, ...]
    words: str  # what the value must be, as the sentence says it


@dataclass(frozen=True)
class Items:
    item: "Spec"
    words: str


@dataclass(frozen=True)
class Table:
    fields: dict[str, "Spec"]
    words: str
    others: "Spec | None" = field(default=None)  # the spec of a key not in fields, if any


Spec = Value | Items | Table

TEXT = Value((str,), 'teks di antara tanda kutip, mis. "..."')
DATE = Value((date,), "tanggal bertulis TTTT-BB-HH tanpa tanda kutip, mis. 2026-02-16")
TEXTS = Items(TEXT, 'daftar teks, mis. ["Bupati Kapuas Hulu", "Arsip"]')
PERSON_KEYS = ("jabatan", "jabatan_singkat", "nama", "pangkat", "nip")


def _section(name: str, fields: Mapping[str, Spec], others: Spec | None = None) -> Table:
    words = f"bagian tersendiri yang diawali baris [{name}]; salin susunannya dari contoh"
    return Table(dict(fields), words, others)


def _person(words: str) -> Table:
    return Table(dict.fromkeys(PERSON_KEYS, TEXT), words)


SCHEMA = Table(
    {
        "tahun": Value((int,), "tahun 4 angka tanpa tanda kutip, mis. 2026"),
        "tanggal_acuan": DATE,
        "instansi": _section("instansi", dict.fromkeys(
            ("pemerintah", "nama", "alamat", "kontak", "sebutan", "kode", "tempat", "logo"), TEXT)
            | {"kertas": Value((str,), '"A4" atau "F4" (dengan tanda kutip)')}),
        "pejabat": _section("pejabat", {
            role: _person(f"bagian tersendiri yang diawali baris [pejabat.{role}]")
            for role in ("kepala", "ppid", "ppid_pembantu")
        }),
        "nota_dinas": _section("nota_dinas", {
            "kepada": TEXT, "tanggal": DATE, "sifat": TEXT, "lampiran": TEXT, "hal": TEXT,
            "batas_waktu": DATE,
        }),
        "penetapan": _section("penetapan", {
            "tanggal": DATE, "tanggal_uji": DATE, "tembusan": TEXTS,
            "mengingat": Items(TEXT, 'daftar teks, mis. ["Peraturan Bupati ..."]'),
        }),
        "lembar_uji": _section("lembar_uji", {
            "mengetahui": Value((bool,), "true atau false"),
            "penguji": Items(_person("tabel berulang [[lembar_uji.penguji]], satu per orang "
                                     "(nama, jabatan)"),
                             "tabel berulang [[lembar_uji.penguji]], satu per orang (nama, "
                             "jabatan)"),
        }),
        "penomoran": _section("penomoran", {}, Table({
            "pola": TEXT, "kode": TEXT,
            "nomor": Value((str, int), 'nomor urut dari buku agenda (angka, mis. 39), atau "" '
                           "untuk diisi tangan"),
        }, "bagian tersendiri yang diawali baris [penomoran.<dokumen>]")),
        "arsip": _section("arsip", {"kode": TEXT, "retensi": TEXT}),
        "referensi": _section("referensi", {"jra": TEXT, "peraturan": TEXT}),
        "daftar_publik": _section("daftar_publik", {"penanda_tangan": TEXT}),
        "bidang": Items(
            Table({
                "kode": TEXT, "nama": TEXT,
                "kode_arsip": Items(TEXT, 'daftar teks, mis. ["400.9"]'),
                "pejabat": _person('tabel, mis. { jabatan = "Kepala Bidang ...", nama = "...", '
                                   'nip = "..." }'),
            }, 'tabel [[bidang]] dengan kode dan nama, mis. kode = "REHSOS" dan nama = "Bidang '
               'Rehabilitasi Sosial"'),
            "tabel berulang [[bidang]], satu per bidang (kode, nama)",
        ),
    },
    "",
)  # fmt: skip

Path = tuple[str | int, ...]
_TABLE = re.compile(r"\[\s*([^\[\]]+?)\s*\]")
_ARRAY_TABLE = re.compile(r"\[\[\s*([^\[\]]+?)\s*\]\]")
_KEY = re.compile(r"([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=")


def key_lines(text: str) -> dict[Path, int]:
    """The line each table and key is first written on, by its path: ("instansi", "kertas"),
    ("bidang", 2, "kode") for the third [[bidang]]."""
    lines: dict[Path, int] = {}
    table: Path = ()
    repeats: dict[Path, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if found := _ARRAY_TABLE.match(stripped):
            name = _parts(found.group(1))
            repeats[name] = repeats.get(name, -1) + 1
            table = (*name, repeats[name])
        elif found := _TABLE.match(stripped):
            table = _parts(found.group(1))
        elif found := _KEY.match(stripped):
            lines.setdefault((*table, *_parts(found.group(1))), number)
            continue
        else:
            continue
        lines.setdefault(table, number)
    return lines


def _parts(name: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in name.split("."))


def check(raw: dict[str, Any], lines: dict[Path, int], file: str) -> list[str]:
    """Raise ConfigError at the first value of the wrong type; the unknown keys, as shown."""
    unknown: list[str] = []
    _check(raw, SCHEMA, (), raw, lines, file, unknown)
    return unknown


def _check(
    value: Any,
    spec: Spec,
    path: Path,
    raw: dict[str, Any],
    lines: dict[Path, int],
    file: str,
    unknown: list[str],
) -> None:
    def wrong(where: Path, words: str, shown_value: Any) -> ConfigError:
        line = line_of(lines, where)
        at = f"{file} baris {line}" if line else file
        return ConfigError(f"{at}: {shown(where, raw)} harus {words}, bukan {_value(shown_value)}.")

    if isinstance(spec, Table):
        if not isinstance(value, dict):
            raise wrong(path, spec.words, value)
        for key, item in value.items():
            inner = spec.fields.get(key, spec.others)
            if inner is None:
                unknown.append(f"{line_text(lines, (*path, key))}{shown((*path, key), raw)}")
                continue
            _check(item, inner, (*path, key), raw, lines, file, unknown)
    elif isinstance(spec, Items):
        if not isinstance(value, list):
            raise wrong(path, spec.words, value)
        for index, item in enumerate(value):
            if not isinstance(spec.item, Value):
                _check(item, spec.item, (*path, index), raw, lines, file, unknown)
            elif not _fits(item, spec.item):
                raise wrong(path, spec.words, item)  # a list of values is one key to fix
    elif not _fits(value, spec):
        raise wrong(path, spec.words, value)


def _fits(value: Any, spec: Value) -> bool:
    if isinstance(value, bool) and bool not in spec.types:
        return False  # true is an int to Python, never a year or a counter
    if isinstance(value, datetime) and date in spec.types:
        return False  # a date with a time is no date of a letter
    return isinstance(value, spec.types)


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of a key, or of the nearest table or key holding it; 0 when none is known."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0


def line_text(lines: dict[Path, int], path: Path) -> str:
    line = line_of(lines, path)
    return f"baris {line}: " if line else ""


def shown(path: Path, raw: dict[str, Any]) -> str:
    """A key as the officer finds it: 'tahun', [instansi] kertas, pejabat bidang REHSOS,
    [[lembar_uji.penguji]] ke-2 nama."""
    if len(path) == 1:
        return f"'{path[0]}'"
    index = next((i for i, part in enumerate(path) if isinstance(part, int)), None)
    if index is None:
        return f"[{'.'.join(map(str, path[:-1]))}] {path[-1]}"
    table, rest = path[:index], " ".join(map(str, path[index + 1 :]))
    number = int(path[index])
    if table == ("bidang",):
        entries = raw.get("bidang")
        entry = entries[number] if isinstance(entries, list) and number < len(entries) else None
        code = entry.get("kode") if isinstance(entry, dict) else None
        name = f"bidang {code}" if isinstance(code, str) and code else f"bidang ke-{number + 1}"
        return f"{rest} {name}" if rest else name
    return f"[[{'.'.join(map(str, table))}]] ke-{number + 1}" + (f" {rest}" if rest else "")


def _value(value: Any) -> str:
    """A wrong value as written in TOML, cut short."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, dict):
        text = "tabel"
    elif isinstance(value, list):
        text = "daftar"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
