"""The workspace folder of one round, and writing files there without ever losing work."""

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.kit.errors import WorkspaceError

TEMPORARY = ".tmp-"  # prefix of files being written; a leftover means a killed run

SYSTEM_FILES = {"desktop.ini", "thumbs.db"}  # written by Windows Explorer into any folder
OLD_VERSIONS = "lama"  # masuk/lama/: versions replaced by a corrected one, never deleted


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "instansi.toml"

    @property
    def inbox(self) -> Path:
        return self.root / "masuk"

    @property
    def output(self) -> Path:
        return self.root / "keluaran"

    @property
    def test_sheet(self) -> Path:
        return self.root / "uji_konsekuensi.xlsx"

    @property
    def review_sheet(self) -> Path:
        return self.root / "tinjauan.xlsx"

    @property
    def archive(self) -> Path:
        return self.root / "arsip"

    @property
    def certificates(self) -> Path:
        """Root certificates the office trusts for electronic signatures (optional)."""
        return self.root / "sertifikat"

    @property
    def history(self) -> Path:
        """riwayat/: the previous decisions this round continues (written by init --dari)."""
        return self.root / "riwayat"

    @property
    def return_log(self) -> Path:
        """Who returned which item, when and why, across every round of review (append-only)."""
        return self.root / "riwayat_pengembalian.csv"

    @property
    def export_log(self) -> Path:
        """Every export for the PPID Utama, with the archive register's head (append-only)."""
        return self.root / "riwayat_ekspor.csv"

    def out(self, *parts: str) -> Path:
        return self.output.joinpath(*parts)


@dataclass(frozen=True)
class FileState:
    """A file as it was read (size, time, content hash), to notice a save made since."""

    path: Path
    size: int = -1
    modified: int = -1
    digest: str = ""

    @classmethod
    def of(cls, path: Path) -> "FileState":
        stat = path.stat()
        return cls(path, stat.st_size, stat.st_mtime_ns, sha256(path))

    @classmethod
    def absent(cls, path: Path) -> "FileState":
        return cls(path)

    def still(self) -> bool:
        """Whether the file is as it was: same size, time and content (or still absent)."""
        if not self.path.exists():
            return self.size == -1
        stat = self.path.stat()
        if (stat.st_size, stat.st_mtime_ns) == (self.size, self.modified):
            return True
        return self.size != -1 and stat.st_size == self.size and sha256(self.path) == self.digest


def write_atomically(
    path: Path, write: Callable[[Path], object], expected: FileState | None = None
) -> Path:
    """Write through a temporary file in the same folder, then rename: never a half file.

    With `expected`, the file is replaced only if nobody saved it since it was read; otherwise
    the new version is kept beside it and the command stops, so neither save is lost.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY, suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        if expected is not None and not expected.still():
            kept = path.with_name(f"{path.stem} (baru){path.suffix}")
            os.replace(temporary, kept)
            raise WorkspaceError(
                f"{path.name} disimpan orang lain saat perintah berjalan; isiannya tidak ditimpa. "
                f"Versi baru disimpan sebagai {kept.name}; ulangi perintah setelah berkas ditutup."
            )
        os.replace(temporary, path)
    except PermissionError as error:
        raise WorkspaceError(
            f"{path} tidak dapat ditulis; tutup berkas itu bila sedang dibuka, lalu ulangi."
        ) from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def clean_temporary(workspace: Workspace, age: float = 3600) -> list[Path]:
    """Temporary files that a killed run left behind in the workspace (never a finished file,
    never one younger than `age` seconds, which another command may still be writing)."""
    removed = []
    now = time.time()
    for folder in (workspace.root, workspace.output):
        if not folder.is_dir():
            continue
        for leftover in folder.rglob(f"{TEMPORARY}*"):
            if leftover.is_file() and now - leftover.stat().st_mtime > age:
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed


def ensure_not_open(path: Path) -> None:
    """Refuse to refresh a sheet that Excel or LibreOffice has open: their save would win."""
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise WorkspaceError(
                f"{path.name} sedang dibuka ({lock.name}); simpan dan tutup dulu, lalu ulangi."
            )


def back_up(path: Path, folder: Path, keep: int = 10) -> Path | None:
    """Keep the previous version of a sheet people fill before it is refreshed (the last ten).

    A backup is a complete copy or none: it is copied under a temporary name, then renamed."""
    if not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    copy = folder / f"{path.stem}-{stamp}{path.suffix}"
    write_atomically(copy, lambda target: shutil.copy2(path, target))
    for old in sorted(folder.glob(f"{path.stem}-*{path.suffix}"))[:-keep]:
        old.unlink()
    return copy


def sha256(path: Path) -> str:
    """A file's SHA-256, read in blocks so a large scan needs little memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def inbox_files(inbox: Path) -> list[Path]:
    """Workbooks in masuk/, without Excel/LibreOffice lock files and hidden files. Whatever is
    not a folder is one: a broken link or a pipe gets its message from limits.inspect instead
    of vanishing from the report."""
    if not inbox.is_dir():
        return []
    return sorted(
        path
        for path in inbox.iterdir()
        if not path.is_dir()
        and not path.name.startswith(("~$", "."))
        and not path.name.endswith("#")
        and path.name.casefold() not in SYSTEM_FILES
    )


def inbox_folders(inbox: Path) -> list[Path]:
    """Folders inside masuk/ (but masuk/lama/): their files are not read, which the officer
    must know."""
    if not inbox.is_dir():
        return []
    return sorted(
        p
        for p in inbox.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != OLD_VERSIONS
    )


def put_aside(path: Path) -> Path:
    """Move a replaced version to masuk/lama/, never over another file there."""
    folder = path.parent / OLD_VERSIONS
    folder.mkdir(exist_ok=True)
    target, number = folder / path.name, 1
    while target.exists():
        number += 1
        target = folder / f"{path.stem} ({number}){path.suffix}"
    path.rename(target)
    return target
