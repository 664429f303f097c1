"""SOP step 3, collecting: every inventory workbook in masuk/ into one DataFrame.

Cells are read with python-calamine (fast, decodes Excel's _xHHHH_ escapes, reads .xlsx, .xlsm,
.xls and .ods without running macros) and kept as they are: typing is the checker's job.
Every row keeps its file, sheet and Excel row number; every sheet that carries the inventory
header is read.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from pipeline.kit.config import Bidang
from pipeline.kit.guarded import Refused, open_workbook
from pipeline.kit.limits import MAX_FILE_BYTES, display_name
from pipeline.kit.problems import GALAT, LOCATION, PERINGATAN, Source, frame, problem
from pipeline.kit.schema import SheetSpec, normalize_label
from pipeline.kit.text import clean_cells, clean_text
from pipeline.kit.workspace import inbox_files, sha256

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
FEEDBACK_SHEET = "Masalah"  # the sheet our feedback adds to the staff's workbook
FORM_SHEETS = {"petunjuk", "contoh"}  # our blank form's help sheets (the examples are not items)
META_SHEET = "_formulir"  # hidden sheet of the blank form: bidang code and form version
ORIGIN_SHEET = "_umpan_balik"  # hidden sheet of a feedback copy: the file it was made from
HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 3
Merges = list[tuple[tuple[int, int], tuple[int, int]]]


@dataclass
class Received:
    """One workbook from masuk/: its bidang, the sheets holding items, and whether it is usable."""

    name: str
    bidang: str | None = None
    sheets: list[Source] = field(default_factory=list)
    blocked: bool = False  # a file-level Galat rejects all its rows
    digest: str = ""
    origin: str = ""  # digest of the file our feedback copy was made from, when it is one
    copy_of: str | None = None  # an identical copy of this file, read once
    replaced_by: str | None = None  # a corrected version of this file came in

    @property
    def file(self) -> Source:
        """Where file-level problems are reported (no sheet, no cell)."""
        return Source(name=self.name, bidang=self.bidang)


@dataclass
class Intake:
    """Everything masuk/ held: the raw rows, each file as received, and what reading found."""

    rows: pd.DataFrame  # LOCATION, bidang + one raw column per schema column
    files: list[Received]
    problems: pd.DataFrame  # what reading found: file-level Galat, merged cells, skipped rows

    @property
    def sources(self) -> dict[tuple[str, str], Source]:
        return {(s.name, s.sheet): s for received in self.files for s in received.sheets}


def _digest(path: Path) -> str:
    """The content's hash, for telling versions apart; a file that limits.inspect refuses
    unread (over the size limit, a pipe, a broken link, unreadable) is known by its name."""
    try:
        if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            return sha256(path)
    except OSError:
        pass
    return path.name


def inbox_state(inbox: Path) -> list[str]:
    """Each workbook in masuk/ by name and content: what reading the inbox depends on."""
    return [f"{display_name(path)} {_digest(path)}" for path in inbox_files(inbox)]


def read_inbox(
    inbox: Path,
    spec: SheetSpec,
    bidang: tuple[Bidang, ...],
    advance: Callable[[str], None] = lambda name: None,
) -> Intake:
    """Read every workbook in masuk/; one bad file becomes a problem row, never a stop.

    Versions are recognised: an identical copy is read once, and a corrected feedback copy
    (whatever its name) replaces the file it was made from."""
    frames: dict[str, pd.DataFrame] = {}
    files, problems = [], []
    read: dict[str, Received] = {}
    paths = inbox_files(inbox)
    digests = {path: _digest(path) for path in paths}
    kept: dict[
        str, Path
    ] = {}  # of identical files, the one with the plainest name is read ('PP.xlsx')
    for path in sorted(paths, key=lambda p: (len(p.name), p.name)):
        kept.setdefault(digests[path], path)
    for path in paths:
        advance(display_name(path))
        digest = digests[path]
        if kept[digest] != path:
            received = Received(name=display_name(path), digest=digest, copy_of=kept[digest].name)
            files.append(received)
            message = (
                f"Salinan identik dari {received.copy_of}; isinya dibaca sekali saja. Hapus "
                "salah satunya dari masuk/."
            )
            problems.append(problem(received.file, None, None, "", "", PERINGATAN, message))
            continue
        received, rows, found = read_workbook(path, spec, bidang)
        received.digest = digest
        read[digest] = received
        files.append(received)
        problems.extend(found)
        if len(rows):
            frames[received.name] = rows
    for copy in files:
        if copy.copy_of:
            copy.bidang = read[copy.digest].bidang
    for newer in files:
        older = read.get(newer.origin)
        if older is None or older is newer:
            continue
        # not a problem of anyone's: periksa says it, and moves the old one to masuk/lama/
        older.replaced_by = newer.name
        frames.pop(older.name, None)
        problems = [p for p in problems if p["Berkas"] != older.name]
    columns = [*LOCATION, "bidang", *spec.names]
    rows_frame = (
        pd.concat(frames.values(), ignore_index=True) if frames else pd.DataFrame(columns=columns)
    )
    return Intake(rows=rows_frame[columns], files=files, problems=frame(problems))


def read_workbook(
    path: Path, spec: SheetSpec, bidang: tuple[Bidang, ...]
) -> tuple[Received, pd.DataFrame, list[dict[str, object]]]:
    """One workbook: (what it is, its data rows, the problems found reading it)."""
    received = Received(name=display_name(path))
    columns = [*LOCATION, "bidang", *spec.names]

    def refuse(message: str, value: object = "") -> tuple[Received, pd.DataFrame, list[Any]]:
        received.blocked = True
        problems = [problem(received.file, None, None, "", value, GALAT, message)]
        return received, pd.DataFrame(columns=columns), problems

    if path.suffix.lower() not in SUFFIXES:
        return refuse(
            f"Berkas {path.suffix or 'tanpa akhiran'} tidak dapat dibaca; simpan sebagai "
            "Buku Kerja Excel (.xlsx) lalu kirim ulang."
        )
    received.bidang = _bidang_of(path, {}, bidang)[0]  # named in the report even if unreadable
    try:
        workbook = open_workbook(path, from_bidang=True)
        meta = _meta(workbook, META_SHEET)
        received.origin = _meta(workbook, ORIGIN_SHEET).get("sha256_asal", "")
        sheets = _sheets_read(workbook, spec, bool(meta))
    except Refused as refused:  # a file no parser may touch: over a size, a bomb, a bad name
        return refuse(refused.reason)
    except Exception:  # calamine raises several types for corrupt or foreign files
        return refuse(
            "Berkas tidak dapat dibuka sebagai buku kerja Excel (rusak, kosong, terkunci kata "
            "sandi, atau bukan berkas Excel); buka di Excel, simpan sebagai .xlsx, kirim ulang."
        )
    code, unknown = _bidang_of(path, meta, bidang)
    received.bidang = code
    found: list[dict[str, object]] = []
    parts: list[pd.DataFrame] = []
    for name, grid, header, merged, hidden in sheets:
        if header is not None and hidden:
            found.append(
                problem(Source(path.name, name), None, None, "", "", PERINGATAN,
                        f"Lembar '{name}' tersembunyi, tetapi memuat judul kolom inventaris, "
                        "sehingga isinya dibaca; bila lembar itu bukan butir informasi, hapus "
                        "lembarnya, lalu kirim ulang.")
            )  # fmt: skip
        if header is None:
            if hidden:
                continue  # a hidden sheet of lists or settings, never items
            if any(value not in ("", None) for line in grid for value in line):
                found.append(
                    problem(Source(path.name, name), None, None, "", "", PERINGATAN,
                            f"Lembar '{name}' berisi data tetapi tanpa baris judul kolom, sehingga "
                            "tidak dibaca; bila lembar itu memuat butir informasi, salin baris "
                            "judul dari formulir ke atasnya.")
                )  # fmt: skip
            continue
        source = Source(name=path.name, sheet=name, bidang=code, header_row=header + 1)
        received.sheets.append(source)
        _map_columns(source, grid[header], spec)
        found.extend(_unread_columns(source, grid, header))
        _unmerge_data_cells(source, grid, merged, header, found)
        parts.append(_data_rows(source, grid, header, spec, found))
        missing = [c.label for c in spec.columns if c.required and c.name not in source.columns]
        if missing:
            received.blocked = True
            found.append(
                problem(source, None, None, "", "", GALAT,
                        f"Kolom wajib tidak ditemukan: {', '.join(missing)}; "
                        f"tambahkan kolom itu pada baris judul (baris {source.header_row}) atau "
                        "salin isian ke formulir dari PPID.")
            )  # fmt: skip
    if not received.sheets:
        expected = next((name for name, *_, hidden in sheets if not hidden), "")
        return refuse(
            f"Baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama lembar "
            f"'{expected}'; pakai formulir dari PPID (judul kolom: {', '.join(spec.labels)})."
        )
    if code is None:
        received.blocked = True
        found.append(
            problem(received.file, None, None, "", unknown, GALAT, _bidang_message(unknown, bidang))
        )
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return received, rows, found


def _sheets_read(
    workbook: CalamineWorkbook, spec: SheetSpec, is_form: bool
) -> list[tuple[str, list[list[object]], int | None, Merges, bool]]:
    """(sheet, cells, header row index or None, merged ranges, hidden) of each sheet that may
    hold items: never our own Masalah sheet, hidden settings nor the form's help sheets. A
    hidden sheet is read too: items someone hid are still items (the caller says so)."""
    visible = {m.name for m in workbook.sheets_metadata if str(m.visible).endswith("Visible")}
    skipped = {normalize_label(name) for name in (FEEDBACK_SHEET, META_SHEET, ORIGIN_SHEET)}
    skipped |= FORM_SHEETS if is_form else set()
    names = [name for name in workbook.sheet_names if normalize_label(name) not in skipped]
    if not any(name in visible for name in names):
        raise ValueError("tidak ada lembar")
    result = []
    for name in names:
        sheet = workbook.get_sheet_by_name(name)
        grid: list[list[object]] = [list(line) for line in sheet.to_python(skip_empty_area=False)]
        merged = list(sheet.merged_cell_ranges or [])
        result.append((str(name), grid, find_header(grid, spec), merged, name not in visible))
    return result


def _unmerge_data_cells(
    source: Source,
    grid: list[list[object]],
    merged: Merges,
    header: int,
    found: list[dict[str, object]],
) -> None:
    """Merged cells below the header: a merge down one column means its value for every row
    (used, with a warning); a merge across columns cannot be read and is a Galat."""
    names = {index: name for name, (index, _) in source.columns.items()}
    for (top, left), (bottom, right) in merged:
        if top <= header or left not in names:  # title and header merges are fine
            continue
        area = f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}"
        name, value = names[left], grid[top][left]
        if left != right:
            found.append(
                problem(source, top + 1, name, name, value, GALAT,
                        f"Sel {area} digabung melintasi beberapa kolom; pisahkan gabungan sel "
                        "(Merge & Center) dan isi setiap kolom sendiri.")
            )  # fmt: skip
            continue
        for line in range(top + 1, min(bottom, len(grid) - 1) + 1):  # a merge may run past the data
            grid[line][left] = value
        found.append(
            problem(source, top + 1, name, name, value, PERINGATAN,
                    f"Sel {area} digabung; isinya dipakai untuk baris {top + 1} sampai "
                    f"{bottom + 1}. Sebaiknya pisahkan gabungan sel dan isi setiap baris.")
        )  # fmt: skip


def _meta(workbook: CalamineWorkbook, sheet: str) -> dict[str, str]:
    """The key/value pairs of one of our hidden sheets; empty when the workbook has none."""
    if sheet not in workbook.sheet_names:
        return {}
    grid = workbook.get_sheet_by_name(sheet).to_python()
    return {str(row[0]).strip(): str(row[1]).strip() for row in grid if len(row) >= 2 and row[0]}


def find_header(grid: Sequence[Sequence[object]], spec: SheetSpec) -> int | None:
    best, best_count = None, MIN_HEADER_MATCHES - 1
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        count = sum(1 for value in row if isinstance(value, str) and spec.match_header(value))
        if count > best_count:
            best, best_count = index, count
    return best


def _map_columns(source: Source, header: Sequence[object], spec: SheetSpec) -> None:
    for index, value in enumerate(header):
        text = clean_text(value) if isinstance(value, str) else str(value or "")
        if not text:
            continue
        column = spec.match_header(text)  # other columns stay in the staff's own workbook
        if column and column.name not in source.columns:
            source.columns[column.name] = (index, " ".join(text.split()))


def _unread_columns(
    source: Source, grid: Sequence[Sequence[object]], header: int
) -> list[dict[str, object]]:
    """A column the form does not have but that holds data (pasted in, or added): a note at
    its header, so what is written there is not lost without a word."""
    used = {index for index, _ in source.columns.values()}
    found = []
    for index, value in enumerate(grid[header]):
        if index in used:
            continue
        filled = any(
            index < len(line) and line[index] not in ("", None) for line in grid[header + 1 :]
        )
        if not filled:
            continue
        title = " ".join(str(value).split()) if value not in ("", None) else ""
        column = get_column_letter(index + 1)
        named = f"Kolom '{title}' ({column})" if title else f"Kolom {column} (tanpa judul)"
        note = problem(source, header + 1, None, title or column, title, PERINGATAN,
                       f"{named} bukan kolom formulir dan isinya tidak dibaca; bila isinya "
                       "bagian dari butir, pindahkan ke kolom formulir yang sesuai (mis. "
                       "Keterangan).")  # fmt: skip
        found.append(note | {"Sel": f"{column}{header + 1}"})  # its header cell
    return found


def _data_rows(
    source: Source,
    grid: Sequence[Sequence[object]],
    header: int,
    spec: SheetSpec,
    found: list[dict[str, object]],
) -> pd.DataFrame:
    """The item rows below the header, a column per schema column, each row where Excel has it."""
    names = list(source.columns)
    columns = [*LOCATION, "bidang", *spec.names]
    table = pd.DataFrame(list(grid[header + 1 :]), dtype=object)
    if table.empty or not names:
        return pd.DataFrame(columns=columns)
    table = table.iloc[:, [source.columns[name][0] for name in names]]
    table.columns = pd.Index(names)
    for name in names:
        table[name] = pd.Series(clean_cells(table[name].tolist()), index=table.index)
    filled = table.notna()
    count = filled.sum(axis=1)
    has = {key: filled.get(key, False) for key in ("no", "judul")}
    # blank separator rows and formatted empty rows at the end
    keep = count > 0
    # a number filled down, a signature block, a note below the table
    outside = keep & (((count == 1) & has["no"]) | (~(has["no"] | has["judul"]) & (count <= 2)))
    numbering = pd.Series(False, index=table.index)
    first = table.index[0]
    if keep[first] and _is_column_numbering(table.loc[first].to_dict(), source):
        numbering[first] = True  # the "1 2 3 ..." row under the header of many government tables
    ignored = [int(i) + header + 2 for i in table.index[outside & ~numbering]]
    if ignored:
        shown = f"{ignored[0]}" if len(ignored) == 1 else f"{ignored[0]} sampai {ignored[-1]}"
        found.append(
            problem(source, ignored[0], None, "", "", PERINGATAN,
                    f"Baris {shown} hanya berisi nomor atau teks di luar tabel dan diabaikan; "
                    f"bila itu butir informasi, lengkapi {spec['judul'].label} dan kolom "
                    "lainnya.")
        )  # fmt: skip
    rows = table[keep & ~outside & ~numbering]
    rows = rows.assign(
        berkas=source.name, lembar=source.sheet, baris=rows.index + header + 2, bidang=source.bidang
    )
    return rows.reindex(columns=columns).reset_index(drop=True)


def _is_column_numbering(values: dict[str, object], source: Source) -> bool:
    """A row holding each column's position number (1, 2, 3 ...) under the header."""
    order = sorted(source.columns, key=lambda name: source.columns[name][0])
    numbers = [values[name] for name in order if not _missing(values[name])]
    if len(numbers) < 3 or not all(isinstance(n, int | float) and n == int(n) for n in numbers):
        return False
    whole = [int(n) for n in numbers]  # type: ignore[call-overload]
    return whole[0] <= 2 and all(b > a for a, b in pairwise(whole))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _bidang_of(
    path: Path, meta: dict[str, str], bidang: tuple[Bidang, ...]
) -> tuple[str | None, str]:
    """The bidang from the form's own code, else from the file name."""
    codes = {b.kode: b for b in bidang}
    if meta.get("kode_bidang"):
        code = meta["kode_bidang"].upper()
        return (code if code in codes else None), code
    stem = normalize_label(path.stem)
    tokens = set(re.split(r"[^0-9a-z]+", stem))
    for b in bidang:
        if b.kode.casefold() in tokens or normalize_label(b.nama) in stem.replace("_", " "):
            return b.kode, ""
    return None, path.stem


def _bidang_message(unknown: str, bidang: tuple[Bidang, ...]) -> str:
    codes = ", ".join(b.kode for b in bidang)
    return (
        f"Bidang berkas ini tidak dikenali ('{unknown}'); beri nama berkas dengan kode bidang "
        f"({codes}), mis. REHSOS.xlsx, atau pakai formulir dari PPID."
    )
