"""SOP step 6: the signed list stored in arsip/, with a register that proves it unchanged.

arsip/ is append-only: files are copied in under a new name, the register only grows, and
nothing here is ever rewritten. `verify` recomputes every checksum against the register.
"""

import hashlib
import shutil
from datetime import datetime
from pathlib import Path

from filelock import FileLock

from pipeline.config import Config
from pipeline.errors import WorkspaceError
from pipeline.logs import append_log, read_log

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


def store(folder: Path, signed: Path, final_items: Path | None, config: Config) -> dict[str, str]:
    """Copy the signed list (and the item list it was made from) in, and register it."""
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
        year_folder = folder / str(config.tahun)
        year_folder.mkdir(exist_ok=True)
        stored = year_folder / f"{number:03d}_{signed.name}"
        shutil.copy2(signed, stored)
        items_copy = ""
        if final_items and final_items.is_file():
            items_path = year_folder / f"{number:03d}_butir.csv"
            shutil.copy2(final_items, items_path)
            items_copy = items_path.relative_to(folder).as_posix()
        decided = config.date_of(config.penetapan, "tanggal")
        head = config.officials["kepala"]
        entry = {
            "No": str(number),
            "Tanggal Arsip": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "Berkas Asli": signed.name,
            "Berkas Arsip": stored.relative_to(folder).as_posix(),
            "Nomor Keputusan": config.number("keputusan", decided).strip(),
            "Tanggal Penetapan": decided.isoformat(),
            "Penanda Tangan": f"{head.nama}, {head.jabatan_singkat}",
            "NIP": head.nip_text,
            "SHA-256": checksum,
            "Kode Klasifikasi": config.archive.get("kode", ""),
            "Retensi": config.archive.get("retensi", ""),
            "Jumlah Butir": _count_rows(final_items),
            "Daftar Butir": items_copy,
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


def latest_items(folder: Path) -> Path | None:
    """The item list behind the most recent archived list, to compare statuses against."""
    for entry in reversed(read_register(folder)):
        if entry.get("Daftar Butir"):
            return folder / entry["Daftar Butir"]
    return None


def _count_rows(path: Path | None) -> str:
    return str(len(read_log(path))) if path and path.is_file() else ""
