"""The CSV logs the tool keeps (archive register, return history), safe to open in a spreadsheet.

Every cell written here goes through `neutralize` (OWASP CSV injection, ASVS 1.2.10): a value
that starts with `=`, `+`, `-`, `@`, a tab, a carriage return or NUL gets a leading `'`, so
Excel, LibreOffice and Google Sheets show it as text instead of evaluating it. A leading `-` is
quoted whatever follows: telling a harmless `-5` from `-2+3` or `-cmd|...` needs a spreadsheet's
parser, and we never write negative numbers into these logs; NIP, ISO dates, numbers and hashes
start with a digit and stay unchanged. Nothing is stripped: values upstream are stripped
(`text.clean_text`, `text.plain`), which is how a typed `\\t=1+2` reached the log as a live
`=1+2`; neutralising here, on the exact value written, holds whatever happened before.

Files are replaced atomically (temporary file in the same folder, fsync, os.replace) and keep
their permission mode; a new file starts with a UTF-8 BOM so Excel opens it directly. Cells are
read back as stored, quote included: un-quoting would be ambiguous for a value that really
starts with `'`.
"""

import csv
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.kit.errors import WorkspaceError
from pipeline.kit.guarded import csv_records, read_text

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
TEMP_PREFIX = ".tmp-dik-"
LOCK_FILE = ".dik.lock"  # in a folder the tool writes under its lock (arsip/)
_BOM = "\ufeff".encode()


def neutralize(value: str) -> str:
    """The value a spreadsheet shows as text: a leading formula trigger gets a `'` before it."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def restore(value: str) -> str:
    """A value as it was before `neutralize` (for printing it again, not for a spreadsheet)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS) else value


def read_log(path: Path, columns: Sequence[str] | None = None) -> list[dict[str, str]]:
    """The rows of a CSV log as stored; none when it is absent.

    With `columns`, a log whose header differs (e.g. saved again by Excel) is refused, since its
    rows could not be read by column name.
    """
    table = read_table(path)
    if not table:
        return []
    header, *rows = table
    if columns is not None and header != list(columns):
        raise WorkspaceError(_foreign(path))
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in rows]


def read_table(path: Path) -> list[list[str]]:
    """Every record of a CSV file (header first) exactly as stored; empty when it is absent."""
    if not path.is_file():
        return []
    try:
        text = read_text(path)
    except UnicodeDecodeError as error:
        raise WorkspaceError(
            f"{path.name} bukan teks UTF-8 (mungkin disimpan ulang oleh Excel); "
            "pulihkan versi aslinya, lalu ulangi."
        ) from error
    return csv_records(path, text)


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> None:
    """Write a whole CSV file (BOM, header, neutralised rows) in one atomic replacement."""
    _replace(path, _BOM + _encode([list(columns)], columns, rows))


def append_log(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> None:
    """Add rows to an append-only log without touching a byte of what it already holds.

    The whole file is replaced atomically, so a kill or a full disk never leaves half a row; a
    log whose header is not `columns` is refused rather than mixed with rows of another shape.
    """
    table = read_table(path)
    if not table:  # absent or empty: a new log
        write_csv(path, columns, rows)
        return
    if table[0] != list(columns):
        raise WorkspaceError(_foreign(path))
    existing = path.read_bytes()
    if existing and not existing.endswith((b"\n", b"\r")):
        existing += b"\r\n"  # a hand edit dropped the last line break; rows must not merge
    _replace(path, existing + _encode([], columns, rows))


@contextmanager
def locked(target: Path, timeout: float = 30, *, reading: bool = False) -> Iterator[None]:
    """Hold the lock of a log or folder. The lock file lives beside what it guards (LOCK_FILE
    in a folder, `.<name>.lock` beside a file), so every process that works on it finds the
    same lock whatever its environment (a temp folder differs per user, per TMPDIR, per
    computer on a shared drive).

    `reading`: where no lock can be made (a read-only disk or share), nobody can write either,
    and a reader goes on without one.
    """
    path = target / LOCK_FILE if target.is_dir() else target.parent / f".{target.name}.lock"
    lock, held = FileLock(str(path), timeout=timeout), True
    try:
        lock.acquire()
    except Timeout as error:
        raise WorkspaceError(
            f"{target.name} sedang dipakai perintah lain; tunggu sampai selesai, lalu ulangi."
        ) from error
    except OSError as error:
        if not reading:
            raise WorkspaceError(
                f"{target.name} tidak dapat dikunci untuk ditulis ({reason(error)}); pastikan "
                "foldernya boleh ditulis, lalu ulangi."
            ) from error
        held = False
    try:
        yield
    finally:
        if held:
            lock.release()


def _encode(
    header: list[list[str]], columns: Sequence[str], rows: Sequence[Mapping[str, str]]
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerows(header)
    writer.writerows([[neutralize(row.get(column, "")) for column in columns] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _replace(path: Path, data: bytes) -> None:
    """Write data through a temporary file in the same folder: never a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else default_mode()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except PermissionError as error:
        raise WorkspaceError(
            f"{path} tidak dapat ditulis; tutup berkas itu bila sedang dibuka, lalu ulangi."
        ) from error
    except OSError as error:
        raise WorkspaceError(
            f"{path} tidak dapat ditulis ({reason(error)}); isinya tidak berubah. Atasi "
            "penyebabnya, lalu ulangi."
        ) from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    sync_folder(path.parent)


def reason(error: OSError) -> str:
    """Why the system refused, in Indonesian (its own text would be English)."""
    if error.errno == errno.ENOSPC:
        return "ruang disk tidak cukup"
    if error.errno == errno.ENAMETOOLONG:
        return "nama berkas terlalu panjang untuk disk ini; pendekkan namanya"
    if isinstance(error, PermissionError):
        return "izin menulis ditolak"
    return f"galat sistem {errno.errorcode.get(error.errno or 0, error.errno)}"


def default_mode() -> int:
    """The mode a plainly created file gets (mkstemp's own 0600 would hide it from colleagues)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def sync_folder(folder: Path) -> None:
    """Make a rename in folder durable; a no-op where folders cannot be opened (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _foreign(path: Path) -> str:
    return (
        f"{path.name} tidak lagi berformat yang ditulis alat ini (baris judul berbeda, mungkin "
        "disimpan ulang oleh Excel dengan pemisah ';'); pulihkan versi aslinya, lalu ulangi."
    )
