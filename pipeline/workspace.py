"""The workspace folder of one round, and writing files there without ever losing work."""

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.errors import WorkspaceError


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
    def return_log(self) -> Path:
        """Who returned which item, when and why, across every round of review (append-only)."""
        return self.root / "riwayat_pengembalian.csv"

    def out(self, *parts: str) -> Path:
        return self.output.joinpath(*parts)


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, then rename: never a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except PermissionError as error:
        raise WorkspaceError(
            f"{path} tidak dapat ditulis; tutup berkas itu bila sedang dibuka, lalu ulangi."
        ) from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def ensure_not_open(path: Path) -> None:
    """Refuse to refresh a sheet that Excel or LibreOffice has open: their save would win."""
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise WorkspaceError(
                f"{path.name} sedang dibuka ({lock.name}); simpan dan tutup dulu, lalu ulangi."
            )


def back_up(path: Path, folder: Path, keep: int = 10) -> Path | None:
    """Keep the previous version of a sheet people fill before it is refreshed (the last ten)."""
    if not path.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    copy = folder / f"{path.stem}-{stamp}{path.suffix}"
    shutil.copy2(path, copy)
    for old in sorted(folder.glob(f"{path.stem}-*{path.suffix}"))[:-keep]:
        old.unlink()
    return copy
