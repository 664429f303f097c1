"""One checker for every sheet people fill: the inventory, uji_konsekuensi.xlsx, tinjauan.xlsx.

Each cell is typed by its column's type, so a bad cell gets its own message instead of failing a
column; pandera then checks the typed rows against the column rules declared in schemas/*.toml
(lazily, to collect every failure), and each failure becomes a `Masalah` row at its cell.
Rules that span several items stay with the stage that owns them.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import pandera.pandas as pa

from pipeline.kit.dates import (
    NOT_YET,
    month_end,
    not_yet,
    parse_date,
    parse_month,
    parse_year,
    parse_year_or_date,
    year_end,
)
from pipeline.kit.periods import parse_period
from pipeline.kit.problems import GALAT, Source, frame, problem, shown
from pipeline.kit.reference import References, office_code, parse_pasal17
from pipeline.kit.schema import Column, SheetSpec


class CellError(ValueError):
    """A cell that cannot be typed, with the message that tells how to fix it."""


@dataclass
class Checked:
    """A sheet's rows typed and checked: the values to use and the problems to report."""

    typed: pd.DataFrame  # the input's index and location; checked columns typed, bad cells None
    problems: pd.DataFrame  # Masalah rows, one per bad cell


Sources = Mapping[tuple[str, str], Source]  # (file, sheet) -> where its columns are


def check_cells(rows: pd.DataFrame, spec: SheetSpec, refs: References, sources: Sources) -> Checked:
    """Type and check the columns people fill; `rows` holds LOCATION and raw cell values."""
    columns = spec.filled
    typed = rows.copy()
    # Where each row is and what each cell held, made when the first problem needs them: a
    # sheet of 20,000 untested proposals must not pay a DataFrame lookup per problem.
    places: dict[Any, tuple[Source, int | None]] = {}
    cells: dict[str, dict[Any, object]] = {}
    found: list[dict[str, object]] = []
    failed: set[tuple[Any, str]] = set()

    def where(index: Any) -> tuple[Source, int | None]:
        """The row's source and Excel row."""
        if not places:
            places.update(_places(rows, sources))
        return places[index]

    def cell(index: Any, name: str) -> object:
        """The cell as read."""
        if name not in cells:
            cells[name] = dict(zip(rows.index, rows[name].tolist(), strict=True))
        return cells[name][index]

    def report(index: Any, column: Column, message: str) -> None:
        failed.add((index, column.name))
        source, line = where(index)
        value = cell(index, column.name)
        found.append(problem(source, line, column.name, column.label, value, GALAT, message))

    for column in columns:
        values, bad = _typed_column(rows[column.name], column)
        typed[column.name] = pd.Series(values, index=rows.index, dtype=object)
        for index, message in bad.items():
            report(index, column, message)
    holders: dict[str, dict[tuple[object, object], list[Any]]] = {}  # column -> value -> rows
    for index, name, check in _rule_failures(typed, columns, spec, refs):
        if (index, name) not in failed:  # else the cell already has its own typing problem
            column = spec[name]
            if check.startswith("unik:"):
                if name not in holders:  # grouped once: a file of one repeated No stays linear
                    holders[name] = _holders(typed, name)
                key = (typed.at[index, "berkas"], typed.at[index, name])
                lines = [where(other)[1] for other in holders[name][key] if other != index]
                report(index, column, _duplicate_message(column, typed.at[index, name], lines))
            else:
                report(index, column, _message(check, column, cell(index, name), spec, refs))
    for index, name in failed:
        typed.at[index, name] = None
    return Checked(typed=typed, problems=frame(found))


def _places(rows: pd.DataFrame, sources: Sources) -> dict[Any, tuple[Source, int | None]]:
    """index -> (source, Excel row) of every row."""
    return {
        index: (sources[(str(berkas), str(lembar))], None if pd.isna(baris) else int(baris))
        for index, berkas, lembar, baris in zip(
            rows.index, rows["berkas"], rows["lembar"], rows["baris"], strict=True
        )
    }


# --- typing cells -----------------------------------------------------------------------------


def _typed_column(raw: pd.Series, column: Column) -> tuple[list[object], dict[object, str]]:
    """(typed values, {index: message} of cells that cannot be typed). Values repeat a lot in a
    sheet (Ya, Tidak, years), so each distinct value is parsed once, and each cell then looks
    its value up (a value is known by its type too: 1, 1.0 and True are different cells)."""
    parse = PARSERS[column.type]
    cells = raw.tolist()
    keys = list(zip(map(type, cells), cells, strict=True))
    parsed: dict[tuple[type, object], object] = {}
    failed: dict[tuple[type, object], str] = {}
    for key in dict.fromkeys(keys):
        value = key[1]
        parsed[key] = None
        if value is None or (isinstance(value, float) and value != value):
            continue
        try:
            parsed[key] = parse(value, column)
        except CellError as error:
            failed[key] = str(error)
        except ValueError:
            failed[key] = _type_message(column, value)
    values = [parsed[key] for key in keys]
    if not failed:
        return values, {}
    bad = {index: failed[key] for index, key in zip(raw.index, keys, strict=True) if key in failed}
    return values, bad


@dataclass(frozen=True)
class _Bad:
    message: str


def _as_text(value: object, column: Column) -> str:
    return value if type(value) is str else shown(value)  # shown(text) is the text itself


def _as_integer(value: object, column: Column) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    text = shown(value).strip().rstrip(".")
    if not text.lstrip("-").isdigit():
        raise ValueError(value)
    if int(text) < 1:
        raise CellError(
            f"{column.label} {text} tidak sah; pakai nomor urut 1, 2, 3, dan seterusnya."
        )
    return int(text)


def _as_date_or_year(value: object, column: Column) -> date | str:
    """A date; a year or a month without its day means its last day (a file closed in 2024,
    or in June 2024, is closed by 31 December, or 30 June)."""
    if not_yet(value):
        return NOT_YET
    try:
        return year_end(parse_year(value))
    except ValueError:
        pass
    try:
        return month_end(*parse_month(value))
    except ValueError:
        return parse_date(value)


def _as_date(value: object, column: Column) -> date:
    """A whole date: a test or a decision is held on a day."""
    try:
        return parse_date(value)
    except ValueError:
        try:
            parse_month(value)
        except ValueError:
            try:
                parse_year(value)
            except ValueError:
                raise ValueError(value) from None
        raise CellError(
            f"'{shown(value)}' tidak menyebut harinya; {column.label} perlu tanggal lengkap, "
            "mis. 16/06/2025 atau 16 Juni 2025."
        ) from None


def _as_choice(value: object, column: Column) -> str:
    text = shown(value)
    return column.choice(text) or text  # an unknown value is reported by the pandera check


def _as_archive_code(value: object, column: Column) -> str:
    if isinstance(value, int | float):
        raise CellError(
            f"Kode '{shown(value)}' tersimpan sebagai angka, sehingga angka nol dan titik bisa "
            "hilang; ketik ulang sebagai teks (format sel Teks) atau pilih dari daftar."
        )
    return "".join(str(value).split()).rstrip(".")


def _as_classification_code(value: object, column: Column) -> str:
    code = _as_archive_code(value, column)
    if not re.fullmatch(r"\d{3}(\.\d{1,3})*", code):
        raise CellError(f"'{code}' bukan kode klasifikasi; tulis angka bertitik seperti 400.2.3.2.")
    return code


# Retention years as some JRA tables spell them ('Dua Tahun', 'Sepuluh Tahun').
_YEARS_IN_WORDS = {
    word: number
    for number, word in enumerate(
        ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
         "sepuluh"], 1)
}  # fmt: skip


def _as_retention(value: object, column: Column) -> tuple[int, str]:
    """(years, the event the years count from) from '2 Tahun Setelah Penetapan Pensiun' (or
    'Dua Tahun ...')."""
    text = " ".join(shown(value).split())
    first, _, rest = text.partition(" ")
    if first.casefold() in _YEARS_IN_WORDS:
        text = f"{_YEARS_IN_WORDS[first.casefold()]} {rest}".strip()
    match = re.fullmatch(r"(\d{1,3})(?:\s*(?:tahun|thn|th)\b\.?)?\s*(.*)", text, re.IGNORECASE)
    if not match:
        raise CellError(
            f"'{text}' bukan retensi; tulis jumlah tahun, boleh dengan peristiwa pemicunya, "
            "mis. 2 Tahun atau 2 Tahun Setelah Penetapan Pensiun."
        )
    event = match.group(2).strip(" ,;")
    return int(match.group(1)), event[:1].upper() + event[1:]


DISPOSITIONS = ("Musnah", "Permanen", "Dinilai Kembali")


def _as_disposition(value: object, column: Column) -> str:
    text = " ".join(shown(value).split())
    for fate in DISPOSITIONS:
        if text.casefold().startswith(fate.casefold()):
            return fate + text[len(fate) :]
    raise CellError(
        f"'{text}' bukan nasib akhir arsip; tulis Musnah, Permanen atau Dinilai Kembali."
    )


def _as_pasal17(value: object, column: Column) -> str:
    text = shown(value)
    codes, unreadable = parse_pasal17(text)
    if unreadable:
        start = text.casefold().find(unreadable[0])  # quoted as typed, not lower-cased
        part = text[start : start + len(unreadable[0])] if start >= 0 else unreadable[0]
        raise CellError(
            f"'{part}' bukan rujukan Pasal 17 yang dikenali; tulis seperti 17.h.2 atau "
            "Pasal 17 huruf h angka 2, pisahkan beberapa rujukan dengan titik koma (;)."
        )
    return "; ".join(codes)


def _as_period(value: object, column: Column) -> str:
    try:
        return parse_period(shown(value))
    except ValueError as error:
        raise CellError(str(error)) from error


PARSERS: dict[str, Callable[[object, Column], object]] = {
    "text": _as_text,
    "integer": _as_integer,
    "year_or_date": lambda value, column: parse_year_or_date(value),
    "date_or_year": _as_date_or_year,
    "date": _as_date,
    "choice": _as_choice,
    "archive_code": _as_archive_code,
    "pasal17_refs": _as_pasal17,
    "period": _as_period,
    "classification_code": _as_classification_code,
    "retention": _as_retention,
    "disposition": _as_disposition,
}

TYPE_HINTS = {
    "integer": "bilangan bulat, mis. 12",
    "year_or_date": "tahun 4 angka (mis. 2023), bulan (mis. Juni 2023) atau tanggal (mis. "
    "30/01/2023)",
    "date_or_year": "tanggal (mis. 30/01/2023 atau 30 Januari 2023), bulan (mis. Juni 2023), "
    f"tahun (mis. 2023), atau '{NOT_YET}' bila peristiwanya belum terjadi",
    "date": "tanggal, mis. 16/02/2026 atau 16 Februari 2026",
}


def _type_message(column: Column, value: object) -> str:
    return (
        f"'{shown(value)}' tidak dapat dibaca sebagai isian kolom '{column.label}'; "
        f"tulis {TYPE_HINTS.get(column.type, 'teks')}."
    )


# --- pandera checks ---------------------------------------------------------------------------


def _rule_failures(
    typed: pd.DataFrame, columns: list[Column], spec: SheetSpec, refs: References
) -> list[tuple[object, str, str]]:
    """(row index, column name, check name) of every rule a typed cell breaks.

    Only the columns the rules read are handed to pandera: a row that breaks a table-wide rule
    becomes one failure case per column of the table: 21,000 untested proposals of
    uji_konsekuensi.xlsx make 230,000 of them, and would make 380,000 with the given columns."""
    read = [c.name for c in columns] + ["berkas"] * any(c.unique for c in columns)
    read += [other for c in columns for other in c.required_when]
    try:
        _schema(columns, spec, refs).validate(typed[list(dict.fromkeys(read))], lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.dropna(subset=["index"])
        # A table-wide check names its column after the colon; pandera reports it per column.
        found = {
            (index, str(check).split(":", 1)[1] if ":" in str(check) else str(column), str(check))
            for check, column, index in zip(
                cases["check"].tolist(),
                cases["column"].tolist(),
                cases["index"].tolist(),
                strict=True,
            )
        }
        order = {name: position for position, name in enumerate(spec.names)}
        return sorted(found, key=lambda case: (str(case[0]), order[case[1]]))
    return []


def _schema(columns: list[Column], spec: SheetSpec, refs: References) -> pa.DataFrameSchema:
    known_codes = set(refs.jra.index)
    known_pasal = set(refs.pasal17.index)
    checks: dict[str, list[pa.Check]] = {column.name: [] for column in columns}
    table_checks = []
    for column in columns:
        own = checks[column.name]
        if column.choices:
            own.append(pa.Check(lambda s, c=column: s.isin(c.choices), name="pilihan"))
        if column.max_length:
            own.append(pa.Check(lambda s, n=column.max_length: s.str.len() <= n, name="panjang"))
        if column.type == "archive_code":
            own.append(pa.Check(lambda s: s.isin(known_codes), name="kode_jra"))
        if column.type == "pasal17_refs":
            own.append(
                pa.Check(
                    lambda s: s.map(lambda v: set(v.split("; ")) <= known_pasal), name="pasal17"
                )
            )
        # Both table checks pass a row whose cells are all empty by themselves, so pandera need
        # not look for such rows (ignore_na), a test of every cell once per check; it then keeps
        # the empty cells of a failing row among the failure cases, which the narrow table
        # _rule_failures hands it keeps few.
        if column.unique:
            table_checks.append(
                pa.Check(
                    lambda d, n=column.name: (
                        d[n].isna() | ~d.duplicated(subset=["berkas", n], keep=False)
                    ),
                    name=f"unik:{column.name}",
                    ignore_na=False,
                )
            )
        if column.required_when:
            table_checks.append(
                pa.Check(
                    lambda d, c=column: ~(_applies(d, c.required_when) & d[c.name].isna()),
                    name=f"wajib_bila:{column.name}",
                    ignore_na=False,
                )
            )
    return pa.DataFrameSchema(
        {
            column.name: pa.Column(None, nullable=not column.required, checks=checks[column.name])
            for column in columns
        },
        checks=table_checks,
    )


def _applies(rows: pd.DataFrame, condition: dict[str, tuple[str, ...]]) -> pd.Series:
    """Rows where every column of the condition holds one of its values."""
    result = pd.Series(True, index=rows.index)
    for other, values in condition.items():
        result &= rows[other].isin(values)
    return result


def _message(check: str, column: Column, cell: object, spec: SheetSpec, refs: References) -> str:
    label, value = column.label, shown(cell)
    if column.missing and (check == "not_nullable" or check.startswith("wajib_bila:")):
        return column.missing
    if check == "not_nullable":
        return f"Kolom '{label}' wajib diisi. {_office_text(column.help, spec, refs)}".strip()
    if check.startswith("wajib_bila:"):
        return (
            f"Kolom '{label}' wajib diisi pada baris ini karena {spec.condition_text(column)}. "
            f"{_office_text(column.guidance, spec, refs)}"
        ).strip()
    if check == "pilihan":
        return (
            f"'{value}' bukan pilihan kolom '{label}'; pilih salah satu: "
            f"{', '.join(column.choices)}."
        )
    if check == "panjang":
        return (
            f"Isi kolom '{label}' {len(value)} karakter, terlalu panjang; ringkas menjadi "
            f"paling banyak {column.max_length} karakter."
        )
    if check == "kode_jra":
        return unknown_code_message(value, refs)
    if check == "pasal17":
        return (
            f"Rujukan '{value}' memuat huruf/angka yang tidak ada dalam Pasal 17 UU 14/2008; "
            "lihat tabel Pasal 17 pada lembar Petunjuk (mis. 17.h.2)."
        )
    return f"Isian kolom '{label}' tidak sah ({check})."


def _office_text(text: str, spec: SheetSpec, refs: References) -> str:
    """Help whose example classification code the JRA in force lacks, with one it has for the
    same kind of file: a message must not suggest a code the office's form refuses."""
    about = spec["judul"].example[0] if "judul" in spec.names and spec["judul"].example else ""
    return re.sub(r"\b\d{3}(?:\.\d{1,3})+\b",
                  lambda found: office_code(found.group(), refs, about), text)  # fmt: skip


SHOWN_ROWS = 5  # the other rows a duplicate names: a file of one repeated No must stay readable


def _holders(typed: pd.DataFrame, name: str) -> dict[tuple[object, object], list[Any]]:
    """(file, value) -> the rows holding it, for the values a file holds more than once."""
    repeated = typed[typed[name].notna() & typed.duplicated(["berkas", name], keep=False)]
    holders: dict[tuple[object, object], list[Any]] = {}
    keys = zip(repeated["berkas"], repeated[name], strict=True)
    for index, key in zip(repeated.index, keys, strict=True):
        holders.setdefault(key, []).append(index)
    return holders


def _duplicate_message(column: Column, value: object, lines: list[int | None]) -> str:
    """A value that must be unique in its file, with the other rows that hold it."""
    known = sorted({line for line in lines if line is not None})
    listed = ", ".join(map(str, known[:SHOWN_ROWS]))
    more = f" dan {len(known) - SHOWN_ROWS} baris lain" if len(known) > SHOWN_ROWS else ""
    also = f" juga ada di baris {listed}{more}" if known else " dipakai lagi"
    return (
        f"{column.label} {shown(value)}{also} berkas ini; bila itu hal yang sama, hapus salah "
        f"satunya, bila berbeda, perbaiki {column.label} salah satunya."
    )


def unknown_code_message(code: str, refs: References) -> str:
    """Why a classification code is refused, with the codes the staff probably meant."""
    if code in refs.classification.index:
        name = refs.classification.loc[code, "nama"]
        return (
            f"Kode klasifikasi '{code}' ({name!s}) adalah kode pokok tanpa jadwal retensi di "
            f"JRA; pilih kode yang lebih rinci{_nearest_code(code, refs)}."
        )
    return (
        f"Kode klasifikasi arsip '{code}' tidak ada dalam {refs.jra_name}; pilih kode dari "
        f"daftar pada kolom ini atau lembar Petunjuk{_nearest_code(code, refs)}. Bila kantor "
        "memakai JRA sendiri, PPID memasangnya dengan perintah jra."
    )


def _nearest_code(code: str, refs: References) -> str:
    """The JRA codes under the code itself, else under its closest parent that has some."""
    parent = code
    while parent:
        children = [c for c in refs.jra.index if c.startswith(parent + ".")]
        if children:
            return f" (kode di bawah {parent}: {', '.join(children[:4])})"
        parent = parent.rsplit(".", 1)[0] if "." in parent else ""
    return ""
