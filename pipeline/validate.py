"""SOP step 3, checking: typed, validated inventory rows, and every problem as a report row.

Cells are typed here, one by one, so a bad cell is reported with its own message instead of
failing a whole column; pandera then checks the typed rows (lazily, to collect every problem)
and each failure becomes a `Masalah` row naming the cell and the fix. Rows in = valid + rejected.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pandera.pandas as pa

from pipeline.dates import parse_date, parse_year, parse_year_or_date, year_end
from pipeline.problems import GALAT, PERINGATAN, Source, frame, problem, shown
from pipeline.reference import References, parse_pasal17
from pipeline.schema import Column, SheetSpec


class CellError(ValueError):
    """A cell that cannot be typed, with the message that tells how to fix it."""


UNUSUAL_LETTERS = {"b", "c", "d", "e", "f"}  # almost never apply to a kabupaten social office


@dataclass
class Checked:
    items: pd.DataFrame  # valid rows, with id; one column per schema column, typed
    rows: pd.DataFrame  # every row read, with its galat / peringatan flags
    problems: pd.DataFrame


def validate_inventory(
    rows: pd.DataFrame, sources: list[Source], spec: SheetSpec, refs: References
) -> Checked:
    by_name = {source.name: source for source in sources}
    typed_parts, problems = [], []
    for source in sources:
        problems.extend(source.notes)
    for name, part in rows.groupby("berkas", sort=False):
        source = by_name[str(name)]
        if source.blocked:
            typed_parts.append(part.set_index("baris", drop=False))
            continue
        typed, found = _check_file(part.set_index("baris", drop=False), source, spec, refs)
        typed_parts.append(typed)
        problems.extend(found)
    typed = pd.concat(typed_parts) if typed_parts else rows.set_index("baris", drop=False)
    typed = typed.reset_index(drop=True)
    typed["id"] = [_item_id(b, n) for b, n in zip(typed["bidang"], typed["no"], strict=True)]
    problems.extend(_cross_file_problems(typed, by_name, spec))
    table = frame(problems)
    typed["galat"] = _flag(typed, table, GALAT) | typed["berkas"].map(
        lambda name: by_name[name].blocked
    ).astype(bool)
    typed["peringatan"] = _flag(typed, table, PERINGATAN)
    items = typed.loc[~typed["galat"]].drop(columns=["galat", "peringatan"])
    return Checked(items=items.reset_index(drop=True), rows=typed, problems=table)


def _check_file(
    part: pd.DataFrame, source: Source, spec: SheetSpec, refs: References
) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    typed, problems, failed = _parse_cells(part, source, spec)
    try:
        _pandera_schema(spec, refs).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.dropna(subset=["index"])
        # A table-wide check fails once per column of the row; its own column is in its name.
        cells = {
            (str(check), _column_of(str(check), column), int(row))
            for check, column, row in zip(
                cases["check"], cases["column"], cases["index"], strict=True
            )
        }
        for check, column, row in sorted(
            cells, key=lambda cell: (cell[2], spec.names.index(cell[1]))
        ):
            if (row, column) in failed:
                continue  # the cell already has its own typing problem
            problems.append(
                problem(
                    source,
                    row,
                    column,
                    spec[column].label,
                    part.at[row, column],
                    GALAT,
                    _message(check, spec[column], part.at[row, column], refs),
                )
            )
    problems.extend(_warnings(typed, part, source, spec, refs))
    return typed, problems


# --- typing cells -----------------------------------------------------------------------------


def _parse_cells(
    part: pd.DataFrame, source: Source, spec: SheetSpec
) -> tuple[pd.DataFrame, list[dict[str, object]], set[tuple[int, str]]]:
    typed = part.copy()
    problems: list[dict[str, object]] = []
    failed: set[tuple[int, str]] = set()
    for column in spec.columns:
        parse = PARSERS[column.type]
        values: list[object] = []
        for row, value in part[column.name].items():
            if value is None or (isinstance(value, float) and pd.isna(value)):
                values.append(None)
                continue
            try:
                values.append(parse(value, column))
            except ValueError as error:
                values.append(None)
                failed.add((int(row), column.name))  # type: ignore[call-overload]
                message = (
                    str(error) if isinstance(error, CellError) else _type_message(column, value)
                )
                problems.append(
                    problem(source, int(row), column.name, column.label, value, GALAT, message)  # type: ignore[call-overload]
                )
        typed[column.name] = pd.Series(values, index=part.index, dtype=object)
    typed["tanggal_pembuatan"] = typed["tahun_pembuatan"].map(
        lambda v: v[1] if isinstance(v, tuple) else None
    )
    typed["tahun_pembuatan"] = typed["tahun_pembuatan"].map(
        lambda v: v[0] if isinstance(v, tuple) else None
    )
    return typed, problems, failed


def _as_text(value: object, column: Column) -> str:
    return shown(value)


def _as_integer(value: object, column: Column) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    text = shown(value).strip().rstrip(".")
    if not text.lstrip("-").isdigit():
        raise ValueError(value)
    if int(text) < 1:
        raise CellError(f"No {text} tidak sah; pakai nomor urut 1, 2, 3, dan seterusnya.")
    return int(text)


def _as_year_or_date(value: object, column: Column) -> tuple[int, date | None]:
    return parse_year_or_date(value)


def _as_date_or_year(value: object, column: Column) -> date:
    try:
        return year_end(parse_year(value))
    except ValueError:
        return parse_date(value)


def _as_choice(value: object, column: Column) -> str:
    text = _as_text(value, column)
    return column.choice(text) or text  # an unknown value is reported by the pandera check


def _as_archive_code(value: object, column: Column) -> str:
    if isinstance(value, (int, float)):
        raise CellError(
            f"Kode '{_as_text(value, column)}' tersimpan sebagai angka, sehingga angka nol dan "
            "titik bisa hilang; ketik ulang sebagai teks (format sel Teks) atau pilih dari daftar."
        )
    return "".join(str(value).split()).rstrip(".")


def _as_pasal17(value: object, column: Column) -> str:
    codes, unreadable = parse_pasal17(_as_text(value, column))
    if unreadable:
        raise CellError(
            f"'{unreadable[0]}' bukan rujukan Pasal 17 yang dikenali; tulis seperti 17.h.2 atau "
            "Pasal 17 huruf h angka 2, pisahkan beberapa rujukan dengan titik koma (;)."
        )
    return "; ".join(codes)


PARSERS: dict[str, Callable[[object, Column], object]] = {
    "text": _as_text,
    "integer": _as_integer,
    "year_or_date": _as_year_or_date,
    "date_or_year": _as_date_or_year,
    "choice": _as_choice,
    "archive_code": _as_archive_code,
    "pasal17_refs": _as_pasal17,
    "period": _as_text,
}

TYPE_HINTS = {
    "integer": "bilangan bulat, mis. 12",
    "year_or_date": "tahun 4 angka (mis. 2023) atau tanggal (mis. 30/01/2023)",
    "date_or_year": "tanggal (mis. 30/01/2023 atau 30 Januari 2023) atau tahun (mis. 2023)",
}


def _type_message(column: Column, value: object) -> str:
    return (
        f"'{shown(value)}' tidak dapat dibaca sebagai isian kolom '{column.label}'; "
        f"tulis {TYPE_HINTS.get(column.type, 'teks')}."
    )


# --- pandera checks ---------------------------------------------------------------------------

CONDITIONS = {
    "when_archive": ("dari_arsip", "Ya"),
    "when_proposed": ("usulan", "Ya"),
}


def _pandera_schema(spec: SheetSpec, refs: References) -> pa.DataFrameSchema:
    known_codes = set(refs.jra.index)
    known_pasal = set(refs.pasal17.index)
    columns = {}
    for column in spec.columns:
        checks = []
        if column.choices:
            checks.append(pa.Check(lambda s, c=column: s.isin(c.choices), name="pilihan"))
        if column.max_length:
            checks.append(pa.Check(lambda s, n=column.max_length: s.str.len() <= n, name="panjang"))
        if column.type == "archive_code":
            checks.append(pa.Check(lambda s: s.isin(known_codes), name="kode_jra"))
        if column.type == "pasal17_refs":
            checks.append(
                pa.Check(
                    lambda s: s.map(lambda v: set(v.split("; ")) <= known_pasal),
                    name="pasal17",
                )
            )
        columns[column.name] = pa.Column(
            None, nullable=not column.mandatory, unique=column.unique, checks=checks
        )
    conditional = [
        pa.Check(
            lambda d, name=column.name, cond=CONDITIONS[str(column.required)]: (
                ~((d[cond[0]] == cond[1]) & d[name].isna())
            ),
            name=f"wajib_bila:{column.name}",
        )
        for column in spec.columns
        if column.required in CONDITIONS
    ]
    return pa.DataFrameSchema(columns, checks=conditional)


def _column_of(check: str, column: object) -> str:
    return check.split(":", 1)[1] if check.startswith("wajib_bila:") else str(column)


def _message(check: str, column: Column, cell: object, refs: References) -> str:
    label, value = column.label, shown(cell)
    if check == "not_nullable":
        return f"Kolom '{label}' wajib diisi. {column.help}"
    if check.startswith("wajib_bila:"):
        return f"Kolom '{label}' wajib diisi pada baris ini. {column.help}"
    if check == "pilihan":
        return (
            f"'{value}' bukan pilihan kolom '{label}'; pilih salah satu: "
            f"{', '.join(column.choices)}."
        )
    if check == "panjang":
        return (
            f"Isi kolom '{label}' {len(str(value))} karakter, terlalu panjang; ringkas menjadi "
            f"paling banyak {column.max_length} karakter."
        )
    if check == "field_uniqueness":
        return f"No {value} dipakai lebih dari sekali dalam berkas ini; beri nomor lain."
    if check == "kode_jra":
        if value in refs.classification.index:
            known = f"'{value}' ({refs.classification.loc[value, 'nama']!s}) adalah kode pokok "
            return (
                f"Kode klasifikasi {known}tanpa jadwal retensi di JRA; pilih kode yang lebih "
                f"rinci{_nearest_code(value, refs)}."
            )
        return (
            f"Kode klasifikasi arsip '{value}' tidak ada dalam tabel JRA; pilih kode dari daftar "
            f"pada kolom ini atau lembar Petunjuk{_nearest_code(value, refs)}."
        )
    if check == "pasal17":
        return (
            f"Rujukan '{value}' memuat huruf/angka yang tidak ada dalam Pasal 17 UU 14/2008; "
            "lihat tabel Pasal 17 pada lembar Petunjuk (mis. 17.h.2)."
        )
    return f"Isian kolom '{label}' tidak sah ({check})."


def _nearest_code(code: str, refs: References) -> str:
    """The JRA codes under the code itself, else under its closest parent that has some."""
    parent = code
    while parent:
        children = [c for c in refs.jra.index if c.startswith(parent + ".")]
        if children:
            return f" (kode di bawah {parent}: {', '.join(children[:4])})"
        parent = parent.rsplit(".", 1)[0] if "." in parent else ""
    return ""


# --- warnings and cross-file checks -----------------------------------------------------------


def _warnings(
    typed: pd.DataFrame, raw: pd.DataFrame, source: Source, spec: SheetSpec, refs: References
) -> list[dict[str, object]]:
    found = []
    for row, item in typed.iterrows():

        def warn(column: str, message: str, at: object = row) -> None:
            value = raw.at[at, column]
            found.append(
                problem(source, int(at), column, spec[column].label, value, PERINGATAN, message)  # type: ignore[call-overload]
            )

        basis, code = item["dasar_usulan"], item["kode_arsip"]
        if isinstance(basis, str) and basis:
            letters = sorted({c.split(".")[1] for c in basis.split("; ")} & UNUSUAL_LETTERS)
            if letters:
                warn(
                    "dasar_usulan",
                    f"Pasal 17 huruf {', '.join(letters)} jarang berlaku bagi dinas sosial; "
                    "pastikan rujukan ini memang dimaksud.",
                )
            if item["usulan"] == "Tidak":
                warn(
                    "dasar_usulan",
                    "Dasar pengecualian diisi padahal Usulan Dikecualikan = Tidak; "
                    "ubah usulan menjadi Ya atau kosongkan dasar pengecualian.",
                )
        if not isinstance(code, str) or not code:
            continue
        if item["dari_arsip"] == "Tidak":
            warn(
                "kode_arsip",
                "Kode klasifikasi diisi padahal Berasal dari Arsip = Tidak; ubah menjadi Ya "
                "bila informasi ini memang arsip.",
            )
        elif (
            item["dari_arsip"] == "Ya"
            and code in refs.jra.index
            and refs.jra.at[code, "pemicu"]
            and raw.at[row, "tanggal_ditutup"] is None
        ):
            trigger = str(refs.jra.at[code, "pemicu"]).lower()
            warn(
                "tanggal_ditutup",
                f"Retensi aktif kode {code} dihitung {trigger}; isi tanggal peristiwa itu agar "
                "status arsip dapat dihitung.",
            )
    return found


def _cross_file_problems(
    typed: pd.DataFrame, sources: dict[str, Source], spec: SheetSpec
) -> list[dict[str, object]]:
    """Same ID from two files of one bidang (Galat); same title in two bidang (Peringatan)."""
    found = []
    usable = typed[typed["id"].notna()]
    for _, group in usable.groupby("id"):
        if group["berkas"].nunique() < 2:
            continue
        first = group.iloc[0]
        for _, later in group.iloc[1:].iterrows():
            if later["berkas"] == first["berkas"]:
                continue
            found.append(
                problem(
                    sources[later["berkas"]],
                    int(later["baris"]),
                    "no",
                    spec["no"].label,
                    later["no"],
                    GALAT,
                    f"ID {later['id']} sudah dipakai di berkas {first['berkas']} baris "
                    f"{first['baris']}; beri No lain yang belum dipakai bidang ini.",
                )
            )
    titles = usable.assign(key=usable["judul"].map(lambda t: " ".join(str(t).casefold().split())))
    for _, group in titles[titles["judul"].notna()].groupby("key"):
        if group["bidang"].nunique() < 2:
            continue
        for _, item in group.iterrows():
            others = sorted(set(group["id"]) - {item["id"]})
            found.append(
                problem(
                    sources[item["berkas"]],
                    int(item["baris"]),
                    "judul",
                    spec["judul"].label,
                    item["judul"],
                    PERINGATAN,
                    f"Judul yang sama juga diusulkan sebagai {', '.join(others)}; pastikan bukan "
                    "informasi yang sama, atau sepakati satu bidang penguasanya.",
                )
            )
    return found


def _item_id(bidang: object, number: object) -> str | None:
    if not isinstance(bidang, str) or not isinstance(number, int):
        return None
    return f"{bidang}-{number:04d}"


def _flag(typed: pd.DataFrame, problems: pd.DataFrame, level: str) -> pd.Series:
    hits = problems[(problems["Tingkat"] == level) & problems["Baris"].notna()]
    keys = set(zip(hits["Berkas"], hits["Baris"].astype(int), strict=True))
    return pd.Series(
        [(b, int(r)) in keys for b, r in zip(typed["berkas"], typed["baris"], strict=True)],
        index=typed.index,
        dtype=bool,
    )
