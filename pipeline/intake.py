"""SOP step 3, collecting: every inventory workbook in masuk/ into one DataFrame.

Cells are read with python-calamine (fast, decodes Excel's _xHHHH_ escapes, reads .xlsx, .xlsm,
.xls and .ods without running macros) and kept as they are: typing is the validator's job.
Every row keeps its file, sheet and Excel row number.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from pipeline.config import Bidang
from pipeline.problems import GALAT, PERINGATAN, Source, frame, problem
from pipeline.schema import SheetSpec, normalize_label
from pipeline.text import clean_text

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SYSTEM_FILES = {"desktop.ini", "thumbs.db"}  # written by Windows Explorer into any folder
META_SHEET = "_formulir"  # hidden sheet of the blank form: bidang code and form version
HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 3


@dataclass
class Intake:
    rows: pd.DataFrame  # berkas, lembar, baris, bidang + one raw column per schema column
    sources: list[Source]
    problems: pd.DataFrame


def inbox_files(inbox: Path) -> list[Path]:
    """Workbooks in masuk/, without Excel/LibreOffice lock files and hidden files."""
    if not inbox.is_dir():
        return []
    return sorted(
        path
        for path in inbox.iterdir()
        if path.is_file()
        and not path.name.startswith(("~$", "."))
        and not path.name.endswith("#")
        and path.name.casefold() not in SYSTEM_FILES
    )


def read_inbox(
    inbox: Path,
    spec: SheetSpec,
    bidang: tuple[Bidang, ...],
    advance: Callable[[str], None] = lambda name: None,
) -> Intake:
    frames, sources, problems = [], [], []
    for path in inbox_files(inbox):
        advance(path.name)
        source, rows, file_problems = read_workbook(path, spec, bidang)
        sources.append(source)
        problems.extend(file_problems)
        if rows:
            frames.append(pd.DataFrame(rows))
    columns = ["berkas", "lembar", "baris", "bidang", *spec.names]
    rows_frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return Intake(rows=rows_frame[columns], sources=sources, problems=frame(problems))


def read_workbook(
    path: Path, spec: SheetSpec, bidang: tuple[Bidang, ...]
) -> tuple[Source, list[dict[str, object]], list[dict[str, object]]]:
    """One workbook: (where its data sits, its data rows, its file-level problems)."""
    source = Source(name=path.name)

    def refuse(message: str) -> tuple[Source, list[dict[str, object]], list[dict[str, object]]]:
        source.blocked = True
        return source, [], [problem(source, None, None, "", "", GALAT, message)]

    if path.suffix.lower() not in SUFFIXES:
        return refuse(
            f"Berkas {path.suffix or 'tanpa akhiran'} tidak dapat dibaca; simpan sebagai "
            "Buku Kerja Excel (.xlsx) lalu kirim ulang."
        )
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet_name = _inventory_sheet(workbook, spec.sheet)
        sheet = workbook.get_sheet_by_name(sheet_name)
        grid: list[list[object]] = [list(line) for line in sheet.to_python(skip_empty_area=False)]
        merged = sheet.merged_cell_ranges or []
        meta = _form_meta(workbook)
    except Exception:  # calamine raises several types for corrupt or foreign files
        return refuse(
            "Berkas tidak dapat dibuka sebagai buku kerja Excel (rusak, kosong, terkunci kata "
            "sandi, atau bukan berkas Excel); buka di Excel, simpan sebagai .xlsx, kirim ulang."
        )
    source.sheet = sheet_name
    header = _find_header(grid, spec)
    if header is None:
        return refuse(
            f"Baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama lembar "
            f"'{sheet_name}'; pakai formulir dari PPID (judul kolom: {', '.join(spec.labels)})."
        )
    source.header_row = header + 1
    _map_columns(source, grid[header], spec)
    _unmerge_data_cells(source, grid, merged, header)
    code, unknown = _bidang_of(path, meta, bidang)
    source.bidang = code
    rows = list(_data_rows(source, grid, header, spec))
    missing = [c.label for c in spec.columns if c.mandatory and c.name not in source.columns]
    if missing:
        source.blocked = True
        message = (
            f"Kolom wajib tidak ditemukan: {', '.join(missing)}; tambahkan kolom itu pada baris "
            f"judul (baris {source.header_row}) atau salin isian ke formulir dari PPID."
        )
        return source, rows, [problem(source, None, None, "", "", GALAT, message)]
    if code is None:
        source.blocked = True
        return (
            source,
            rows,
            [problem(source, None, None, "", unknown, GALAT, _bidang_message(unknown, bidang))],
        )
    return source, rows, []


def _unmerge_data_cells(
    source: Source,
    grid: list[list[object]],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    header: int,
) -> None:
    """Merged cells below the header: a merge down one column means its value for every row
    (used, with a warning); a merge across columns cannot be read and is a Galat."""
    names = {index: name for name, (index, _) in source.columns.items()}
    for (top, left), (bottom, right) in merged:
        if bottom <= header or left not in names:
            continue
        area = f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}"
        name, value = names[left], grid[top][left]
        if left != right:
            source.notes.append(
                problem(source, top + 1, name, name, value, GALAT,
                        f"Sel {area} digabung melintasi beberapa kolom; pisahkan gabungan sel "
                        "(Merge & Center) dan isi setiap kolom sendiri.")
            )  # fmt: skip
            continue
        for line in range(top + 1, bottom + 1):
            grid[line][left] = value
        source.notes.append(
            problem(source, top + 1, name, name, value, PERINGATAN,
                    f"Sel {area} digabung; isinya dipakai untuk baris {top + 1} sampai "
                    f"{bottom + 1}. Sebaiknya pisahkan gabungan sel dan isi setiap baris.")
        )  # fmt: skip


def _inventory_sheet(workbook: CalamineWorkbook, wanted: str) -> str:
    visible = [m.name for m in workbook.sheets_metadata if str(m.visible).endswith("Visible")]
    for name in workbook.sheet_names:
        if normalize_label(name) == normalize_label(wanted):
            return str(name)
    if not visible:
        raise ValueError("tidak ada lembar")
    return str(visible[0])


def _form_meta(workbook: CalamineWorkbook) -> dict[str, str]:
    if META_SHEET not in workbook.sheet_names:
        return {}
    grid = workbook.get_sheet_by_name(META_SHEET).to_python()
    return {str(row[0]).strip(): str(row[1]).strip() for row in grid if len(row) >= 2 and row[0]}


def _find_header(grid: Sequence[Sequence[object]], spec: SheetSpec) -> int | None:
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


def _data_rows(
    source: Source, grid: Sequence[Sequence[object]], header: int, spec: SheetSpec
) -> list[dict[str, object]]:
    rows = []
    for index in range(header + 1, len(grid)):
        line = grid[index]
        values = {name: _cell(line, position) for name, (position, _) in source.columns.items()}
        if all(value is None for value in values.values()):
            continue  # blank separator rows and formatted empty rows at the end
        rows.append(
            {
                "berkas": source.name,
                "lembar": source.sheet,
                "baris": index + 1,
                "bidang": source.bidang,
                **{name: values.get(name) for name in spec.names},
            }
        )
    return rows


def _cell(line: Sequence[object], position: int) -> object:
    value = line[position] if position < len(line) else None
    if isinstance(value, str):
        value = clean_text(value)
        return value or None
    return value


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
        f"({codes}), mis. REHSOS.xlsx, atau pakai formulir dari `make formulir`."
    )
