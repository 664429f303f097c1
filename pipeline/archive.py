"""SOP step 6: the signed list stored in arsip/, with a register that proves it unchanged.

arsip/ is append-only: files are copied in under a new name, the register only grows, and
nothing here is ever rewritten. `verify` recomputes every checksum against the register.
"""

import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from pipeline.errors import WorkspaceError
from pipeline.workspace import append_log, read_log

REGISTER_COLUMNS = [
    "No", "Tanggal Arsip", "Berkas Asli", "Berkas Arsip", "Nomor Keputusan", "Tanggal Penetapan",
    "Penanda Tangan", "NIP", "SHA-256", "Kode Klasifikasi", "Retensi", "Jumlah Butir",
    "Daftar Butir",
]  # fmt: skip


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_register(folder: Path) -> list[dict[str, str]]:
    return read_log(folder / "register.csv")


def store(
    folder: Path, signed: Path, snapshot: Path | None, details: dict[str, str], year: int
) -> dict[str, str]:
    """Copy the signed list (and the snapshot of what it holds) in, and register it."""
    if not signed.is_file():
        raise WorkspaceError(
            f"Berkas {signed} tidak ditemukan; sebutkan berkas daftar yang ditandatangani."
        )
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".register.lock"), timeout=30):
        entries = read_register(folder)
        checksum = sha256(signed)
        for entry in entries:
            if entry["SHA-256"] == checksum:
                raise WorkspaceError(
                    f"Berkas ini sudah diarsipkan sebagai nomor {entry['No']} "
                    f"({entry['Berkas Arsip']}); tidak diarsipkan dua kali."
                )
        number = len(entries) + 1
        year_folder = folder / str(year)
        year_folder.mkdir(exist_ok=True)
        stored = year_folder / f"{number:03d}_{signed.name}"
        shutil.copy2(signed, stored)
        snapshot_copy = ""
        if snapshot and snapshot.is_file():
            copied = year_folder / f"{number:03d}_daftar.json"
            shutil.copy2(snapshot, copied)
            snapshot_copy = copied.relative_to(folder).as_posix()
        entry = {
            "No": str(number),
            "Tanggal Arsip": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "Berkas Asli": signed.name,
            "Berkas Arsip": stored.relative_to(folder).as_posix(),
            **details,
            "SHA-256": checksum,
            "Daftar Butir": snapshot_copy,
        }
        append_log(folder / "register.csv", REGISTER_COLUMNS, [entry])
    return entry


def verify(folder: Path) -> list[tuple[dict[str, str], str]]:
    """(register row, finding) for every stored file: 'utuh', 'hilang' or 'berubah'."""
    results = []
    for entry in read_register(folder):
        path = folder / entry["Berkas Arsip"]
        if not path.is_file():
            results.append((entry, "hilang"))
        elif sha256(path) != entry["SHA-256"]:
            results.append((entry, "berubah"))
        else:
            results.append((entry, "utuh"))
    return results


def current(folder: Path) -> dict[str, str] | None:
    """The latest registration."""
    entries = read_register(folder)
    return entries[-1] if entries else None


def current_snapshot(folder: Path) -> dict[str, Any] | None:
    """What the latest archived list holds, to compare the round against."""
    entry = current(folder)
    if entry is None or not entry.get("Daftar Butir"):
        return None
    path = folder / entry["Daftar Butir"]
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
