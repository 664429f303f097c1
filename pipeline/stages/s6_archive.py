"""SOP step 6: the signed list kept in arsip/, with a register that proves nothing changed since.

arsip/ only grows. A signed file is copied in under the next free number (`<tahun>/NNN_<nama>`,
the snapshot of the list beside it as `NNN_daftar.json`) and never overwritten: the number is one
above the highest found in the register or in any `NNN_` file name, and a copy takes its final
name only once complete, fsync'ed and hashed again. A registration is never edited or removed;
it is withdrawn by a row appended later, and the withdrawn file stays and is still checked.
`verify` checks the whole folder against the whole register.

The register, `arsip/register.csv`, is written through pipeline.kit.logs (so cells are neutralised
against formulas) and has one row per event:
- Jenis "Pengarsipan": one stored file, the signed DIK; "Pengarsipan DIP": the signed DIP. No
  runs 1, 2, 3 ... over both, in order, without gaps.
- Jenis "Penarikan": withdraws registration No, with the date and the reason. A note
  `NNN_DITARIK.txt` is written beside the withdrawn file and registered in that row, so the
  withdrawal shows in the folder and a deleted withdrawal row leaves a file without its row.

Rows are chained. Canonical form of a row: the JSON array of its cells exactly as stored in the
file (after neutralising), in REGISTER_COLUMNS order, leaving out "Sidik Baris" (its own
"Rantai" is included), serialised with `json.dumps(cells, ensure_ascii=False,
separators=(",", ":"))` and encoded as UTF-8. "Sidik Baris" is the SHA-256 (hex) of that form;
"Rantai" is the Sidik Baris of the row before (64 zeros for the first row). An edited row no
longer matches its own Sidik Baris; a deleted or moved row breaks the Rantai of the row after
it. Deleting the last rows is invisible to the register alone: their files are then reported as
"tanpa register".

How each stored file is signed sits beside its SHA-256 (SIGNATURE_COLUMNS): "TTE" for a PDF
whose electronic signature pyHanko found intact and covering the whole file (pipeline.kit.
signatures; a PDF whose signature fails is refused), with the signer, the signing time and what
is known of the certificate chain; a scan (image, or PDF without a signature) is recorded as
wet-signed. `verify` checks those signatures again, which also catches a file swapped together
with a register rewritten to match it. These columns came after the first registers: a row whose
four signature cells are all empty (every row written before them, and every withdrawal) leaves
them out of its canonical form, so its Sidik Baris is unchanged. A register with the first
version's header is read as if those cells were empty, and rewritten once with the full header
when the next file is archived (its rows' bytes otherwise the same).
What the register alone cannot show, copies outside it do: the register's head (how many rows
it holds, and the last one's Sidik Baris) is written into each export's manifest and log and
onto the published page, and `verify` compares the register with every head it is given
(Witness): an older register put back, or a row forged with the chain computed again, no longer
holds the row a witness recorded. A register missing or emptied beside stored files is a
finding, and nothing is archived until it is restored: never a fresh start.
"""

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import (
    LOCK_FILE,
    TEMP_PREFIX,
    append_log,
    default_mode,
    locked,
    neutralize,
    read_table,
    reason,
    sync_folder,
    write_csv,
)
from pipeline.kit.signatures import SignatureError, examine
from pipeline.kit.workspace import sha256
from pipeline.stages.s5_snapshot import Snapshot, read_snapshot

REGISTER = "register.csv"
DETAILS = [
    "Nomor Keputusan", "Tanggal Penetapan", "Penanda Tangan", "NIP", "Kode Klasifikasi",
    "Retensi", "Jumlah Butir",
]  # fmt: skip
SIGNATURE_COLUMNS = ["Tanda Tangan", "Penanda Tangan TTE", "Waktu TTE", "Rantai Sertifikat TTE"]
REGISTER_COLUMNS = [
    "No", "Jenis", "Tanggal Dicatat", "Berkas Asli", "Berkas Arsip", "SHA-256",
    *SIGNATURE_COLUMNS, "Daftar Butir", "SHA-256 Daftar Butir", *DETAILS, "Alasan Penarikan",
    "Rantai", "Sidik Baris",
]  # fmt: skip
# The first registers' header: the same columns without the signature ones.
FIRST_COLUMNS = [column for column in REGISTER_COLUMNS if column not in SIGNATURE_COLUMNS]
# How a stored file is signed ("Tanda Tangan").
TTE = "TTE"
WET = "Basah (pindaian)"
WORD = "Tanpa TTE (dokumen Word)"
PENGARSIPAN = "Pengarsipan"  # the signed DIK (the only kind earlier versions wrote)
PENGARSIPAN_DIP = "Pengarsipan DIP"  # the signed DIP
ARCHIVINGS = (PENGARSIPAN, PENGARSIPAN_DIP)
PENARIKAN = "Penarikan"
SOUND = ("utuh", "ditarik")
FIRST_LINK = "0" * 64
ACCEPTED = (
    "yang dapat diarsipkan hanya PDF, dokumen Word (.docx) atau hasil pindaian PNG, JPEG atau "
    "TIFF, dikenali dari isinya"
)
SNAPSHOT_NAME = "daftar.json"
NOTE_NAME = "DITARIK.txt"
_NUMBERED = re.compile(r"([0-9]+)_")
_SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store", LOCK_FILE}
# What a stored or published file is called by its content; the names a suffix may have.
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "png": ".png", "jpeg": ".jpg", "tiff": ".tif"}
_SUFFIX_KINDS = {
    ".pdf": "pdf", ".docx": "docx", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg",
    ".tif": "tiff", ".tiff": "tiff",
}  # fmt: skip
# A stored name is NNN_<name>: most file systems allow 255 bytes, an encrypted home folder
# (eCryptfs) 143; the name as it came stays in the register's "Berkas Asli".
MAX_NAME_BYTES = 120
_MAGIC = [
    (b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
]  # fmt: skip
_RESTORE = "pulihkan register.csv dari cadangan"


@dataclass(frozen=True)
class Witness:
    """The register's head as a copy outside arsip/ recorded it (see the module docstring)."""

    rows: int
    digest: str  # the Sidik Baris of row `rows`
    where: str  # the copy, as a message names it: "keluaran/web/data.json (terbit ...)"


@dataclass(frozen=True)
class Finding:
    """One thing `verify` found about a stored file or a register row."""

    no: str  # register number, or "" for a file without a row
    berkas: str  # path relative to arsip/
    keadaan: str  # short state: "utuh", "ditarik", "hilang", "berubah", "tanpa register" ...
    pesan: str  # one Indonesian sentence: what is wrong and what to do

    @property
    def sound(self) -> bool:
        return self.keadaan in SOUND


def kind_of(path: Path) -> str | None:
    """What a file is by its content ("pdf", "docx", "png", "jpeg", "tiff"); None otherwise.

    Names lie (a renamed .txt, a scan saved as .pdf.txt, a PDF named .html), so only the
    content counts.
    """
    try:
        with path.open("rb") as handle:
            return _kind(handle)
    except OSError:
        return None


def content_kind(content: bytes) -> str | None:
    """kind_of for content already read."""
    return _kind(io.BytesIO(content))


def _kind(handle: BinaryIO) -> str | None:
    head = handle.read(8)
    handle.seek(0)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(handle) as package:
                return "docx" if "word/document.xml" in package.namelist() else None
        except (zipfile.BadZipFile, ValueError, EOFError):
            return None
    return None


def named_as(name: str, kind: str) -> str:
    """The name under the extension its content has, short enough for any file system once
    numbered (NNN_ before it): 'SK.docx' holding a PDF is 'SK.pdf', 'Pindaian SK.html' is
    'Pindaian SK.html.pdf' (a suffix that is no kind's may be part of the name: 'SK 45.2026')."""
    path = PurePosixPath(name)
    known = _SUFFIX_KINDS.get(path.suffix.lower())
    stem = path.stem if known else name
    suffix = path.suffix if known == kind else EXTENSIONS[kind]
    room = MAX_NAME_BYTES - len(suffix.encode())
    return stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .") + suffix


def store(
    folder: Path,
    signed: Path,
    snapshot: Path | None,
    details: dict[str, str],
    year: int,
    kind: str = PENGARSIPAN,
    roots: Path | None = None,
) -> dict[str, str]:
    """Copy the signed list (and the snapshot of the list it shows) in, and register it as
    `kind` (the DIK, or PENGARSIPAN_DIP) with how it is signed; a PDF whose electronic signature
    fails is refused (`roots`: the office's root certificates, see pipeline.kit.signatures).

    Returns the register row as stored.
    """
    unknown = sorted(set(details) - set(DETAILS))
    if unknown:
        raise ValueError(f"unknown register fields: {unknown}")
    if signed.is_dir():
        raise WorkspaceError(
            f"{signed} adalah folder, bukan berkas; sebutkan berkas daftar yang ditandatangani "
            "di dalamnya."
        )
    if not signed.is_file():
        raise WorkspaceError(
            f"Berkas {signed} tidak ditemukan; sebutkan berkas daftar yang ditandatangani."
        )
    content_kind = kind_of(signed)
    if content_kind is None:
        raise WorkspaceError(f"{signed.name} tidak diarsipkan: {ACCEPTED}.")
    if snapshot is not None and not snapshot.is_file():
        snapshot = None
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        _remove_leftovers(folder)
        records = _readable_records(folder)
        rows = [_row(cells) for cells in records]
        checksum = sha256(signed)
        for row in rows:
            if row["Jenis"] in ARCHIVINGS and row["SHA-256"] == checksum:
                raise WorkspaceError(
                    f"Berkas ini sudah diarsipkan sebagai nomor {row['No']} "
                    f"({row['Berkas Arsip']}); tidak diarsipkan dua kali."
                )
        number = _next_number(folder, rows)
        target = folder / str(year)
        created = not target.exists()
        target.mkdir(exist_ok=True)
        name = named_as(signed.name, content_kind)  # ends .pdf, .docx ...: never a snapshot or note
        entry = {column: "" for column in REGISTER_COLUMNS} | details
        entry |= {
            "No": str(number),
            "Jenis": kind,
            "Tanggal Dicatat": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "Berkas Asli": signed.name,
            "SHA-256": checksum,
        }
        placed: list[Path] = []
        try:
            stored = target / f"{number:03d}_{name}"
            _install(stored, _copier(signed), checksum, signed.name)
            placed.append(stored)
            entry["Berkas Arsip"] = stored.relative_to(folder).as_posix()
            entry |= _signature_cells(stored, content_kind, roots, signed.name)  # the copy hashed
            if snapshot is not None:
                snapshot_sum = sha256(snapshot)
                copy = target / f"{number:03d}_{SNAPSHOT_NAME}"
                _install(copy, _copier(snapshot), snapshot_sum, snapshot.name)
                placed.append(copy)
                entry["Daftar Butir"] = copy.relative_to(folder).as_posix()
                entry["SHA-256 Daftar Butir"] = snapshot_sum
            return _append(folder, records, entry)
        except BaseException:
            for path in placed:  # created under our lock just now: nothing else can refer to it
                path.unlink(missing_ok=True)
            if created and not any(target.iterdir()):
                target.rmdir()
            raise


def withdraw(folder: Path, number: str, reason: str) -> dict[str, str]:
    """Withdraw registration `number` by an appended row; its file stays and is still checked.

    A note beside the file says so to anyone browsing arsip/. Returns the row as stored.
    """
    if not reason.strip():
        raise WorkspaceError("Sebutkan alasan penarikan; penarikan tanpa alasan tidak dicatat.")
    if not re.fullmatch(r"\s*[0-9]+\s*", number):
        raise WorkspaceError(
            f"'{number}' bukan nomor register; sebutkan nomor arsip yang ditarik, mis. 1."
        )
    no = str(int(number))
    with locked(folder):
        _remove_leftovers(folder)
        records = _readable_records(folder)
        rows = [_row(cells) for cells in records]
        registered = [r for r in rows if r["Jenis"] in ARCHIVINGS and r["No"] == no]
        if not registered:
            raise WorkspaceError(
                f"Nomor {no} tidak ada di register arsip; lihat nomornya dengan pemeriksaan "
                "arsip (arsip --periksa)."
            )
        if any(r["Jenis"] == PENARIKAN and r["No"] == no for r in rows):
            raise WorkspaceError(f"Nomor {no} sudah ditarik; penarikan tidak dicatat dua kali.")
        stored = _inside(folder, registered[0]["Berkas Arsip"])
        if stored is None:
            raise WorkspaceError(
                f"Register nomor {no} menunjuk ke luar folder arsip; periksa arsip (arsip "
                f"--periksa) dan {_RESTORE}."
            )
        now = datetime.now().strftime("%Y-%m-%d %H:%M")
        text = (
            f"Arsip nomor {no} ({registered[0]['Berkas Arsip']}) ditarik pada {now}.\n"
            f"Alasan: {reason}\n"
            "Berkasnya tetap disimpan dan diperiksa; lihat register.csv.\n"
        ).encode()
        note = stored.parent / f"{int(no):03d}_{NOTE_NAME}"
        note.parent.mkdir(parents=True, exist_ok=True)
        _install(note, lambda out: _write(out, text), hashlib.sha256(text).hexdigest(), note.name)
        entry = {column: "" for column in REGISTER_COLUMNS} | {
            "No": no,
            "Jenis": PENARIKAN,
            "Tanggal Dicatat": now,
            "Berkas Arsip": note.relative_to(folder.resolve()).as_posix(),
            "SHA-256": hashlib.sha256(text).hexdigest(),
            "Alasan Penarikan": reason,
        }
        try:
            return _append(folder, records, entry)
        except BaseException:
            note.unlink(missing_ok=True)
            raise


def verify(
    folder: Path, witnesses: Sequence[Witness] = (), roots: Path | None = None
) -> list[Finding]:
    """Every finding on arsip/ as a whole, and against each witness of its head; only "utuh"
    and "ditarik" findings mean it is sound.

    Electronic signatures are checked again (`roots` as for `store`). Leftovers of an
    interrupted copy are removed here, and reported this once.
    """
    if not folder.is_dir():
        return check_witnesses(folder, witnesses)
    with locked(folder, reading=True):
        findings = [
            Finding(
                "",
                rel,
                "sisa sementara",
                "Sisa salinan dari pengarsipan yang terputus sudah dihapus; tidak perlu tindakan.",
            )
            for rel in _remove_leftovers(folder)
        ]
        records, problem = _load(folder)
        if problem is not None:
            return [*findings, problem]
        files = [rel for rel in _files(folder) if not _ignored(rel)]
        if not records and files:
            absent = not (folder / REGISTER).is_file()
            state = "register hilang" if absent else "register kosong"
            findings.append(Finding("", REGISTER, state, _without_register(folder, len(files))))
        findings += _check_rows(records)
        findings += _witnessed(records, witnesses)
        findings += _check_files(folder, [_row(cells) for cells in records], files, roots)
    return findings


def head(folder: Path) -> dict[str, int | str] | None:
    """The register's head as witnesses record it: {"baris": rows, "sidik": the last row's
    Sidik Baris}; None while the register holds no row or cannot be read."""
    records, problem = _load(folder)
    if problem is not None or not records:
        return None
    return {"baris": len(records), "sidik": _row(records[-1])["Sidik Baris"]}


def check_witnesses(folder: Path, witnesses: Sequence[Witness]) -> list[Finding]:
    """Where the register no longer holds what a witness recorded (put back, or rewritten)."""
    records, problem = _load(folder)
    return [problem] if problem is not None else _witnessed(records, witnesses)


def _witnessed(records: list[list[str]], witnesses: Sequence[Witness]) -> list[Finding]:
    findings = []
    for witness in witnesses:
        if witness.rows < 1:
            continue
        if witness.rows > len(records):
            what = (
                f"register.csv memuat {len(records)} baris, padahal {witness.where} mencatat "
                f"{witness.rows} baris: register dikembalikan ke versi lama atau barisnya dihapus"
            )
        elif _row(records[witness.rows - 1])["Sidik Baris"] != witness.digest:
            what = (
                f"baris {witness.rows + 1} register.csv berbeda dari yang dicatat {witness.where}: "
                "register diubah dan rantainya dihitung ulang, atau diganti versi lain"
            )
        else:
            continue
        findings.append(Finding("", REGISTER, "saksi", f"{what}; {_RESTORE} yang terbaru."))
    return findings


def current(folder: Path, kind: str = PENGARSIPAN) -> dict[str, str] | None:
    """The latest registration of `kind` that is not withdrawn; None if none, or if
    unreadable."""
    records, problem = _load(folder)
    if problem is not None:
        return None
    rows = [_row(cells) for cells in records]
    withdrawn = {row["No"] for row in rows if row["Jenis"] == PENARIKAN}
    for row in reversed(rows):
        if row["Jenis"] == kind and row["No"] not in withdrawn:
            return row
    return None


def read_register(folder: Path) -> list[dict[str, str]]:
    """The register rows as stored; refuses a register that cannot be read as ours."""
    return [_row(cells) for cells in _readable_records(folder)]


# The register


def _load(folder: Path) -> tuple[list[list[str]], Finding | None]:
    """The register's rows (cells as stored), or why it cannot be read as the register."""
    try:
        table = read_table(folder / REGISTER)
    except WorkspaceError as error:
        return [], Finding("", REGISTER, "format", str(error))
    if not table:
        return [], None
    header, *records = table
    if header == REGISTER_COLUMNS:
        return records, None
    if header == FIRST_COLUMNS:
        return [_widen(cells) for cells in records], None
    if len(header) < len(REGISTER_COLUMNS) and ";" in ",".join(header):
        why = (
            "register.csv disimpan ulang dengan pemisah titik koma (mis. oleh Excel) sehingga "
            f"tidak dapat diperiksa; {_RESTORE} dan buka register hanya untuk dibaca."
        )
    elif len(header) == len(REGISTER_COLUMNS):
        why = f"Baris judul register.csv hilang atau diubah; {_RESTORE}."
    else:
        why = f"Kolom register.csv tidak sesuai dengan yang ditulis alat ini; {_RESTORE}."
    return [], Finding("", REGISTER, "format", why)


def _readable_records(folder: Path) -> list[list[str]]:
    """The register's rows, to be added to; refused when the register cannot be read, or is
    missing or empty beside stored files (a new register would hide them)."""
    records, problem = _load(folder)
    if problem is not None:
        raise WorkspaceError(f"{problem.pesan} Tidak ada yang dicatat.")
    if not records:
        stored = [rel for rel in _files(folder) if not _ignored(rel)]
        if stored:
            raise WorkspaceError(
                f"{_without_register(folder, len(stored))} Tidak ada yang dicatat."
            )
    return records


def _widen(cells: list[str]) -> list[str]:
    """A row of a first-version register with the signature cells (empty) in their place."""
    at = REGISTER_COLUMNS.index(SIGNATURE_COLUMNS[0])
    return [*cells[:at], *[""] * len(SIGNATURE_COLUMNS), *cells[at:]]


def _without_register(folder: Path, files: int) -> str:
    state = "tidak ada" if not (folder / REGISTER).is_file() else "kosong"
    return (
        f"register.csv {state}, padahal arsip berisi {files} berkas; {_RESTORE}, jangan membuat "
        "register baru (bila tidak ada cadangan, pindahkan isi arsip/ ke tempat lain dengan "
        "sepengetahuan atasan, lalu arsipkan lagi)."
    )


def _row(cells: list[str]) -> dict[str, str]:
    padded = cells + [""] * (len(REGISTER_COLUMNS) - len(cells))
    return dict(zip(REGISTER_COLUMNS, padded, strict=False))


def _digest(cells: list[str]) -> str:
    """SHA-256 of a row's canonical form (see the module docstring)."""
    named = list(zip(REGISTER_COLUMNS, cells, strict=False))
    unsigned = not any(cell for column, cell in named if column in SIGNATURE_COLUMNS)
    left_out = {"Sidik Baris", *(SIGNATURE_COLUMNS if unsigned else [])}
    canonical = [cell for column, cell in named if column not in left_out]
    text = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _append(folder: Path, records: list[list[str]], entry: dict[str, str]) -> dict[str, str]:
    """Chain the entry to the last row and append it; the row as stored."""
    entry["Rantai"] = _row(records[-1])["Sidik Baris"] if records else FIRST_LINK
    cells = [neutralize(entry[column]) for column in REGISTER_COLUMNS]
    entry["Sidik Baris"] = cells[-1] = _digest(cells)
    path = folder / REGISTER
    if read_table(path)[:1] == [FIRST_COLUMNS]:  # rewritten once with the signature columns
        write_csv(path, REGISTER_COLUMNS, [*map(_row, records), entry])
    else:
        append_log(path, REGISTER_COLUMNS, [entry])
    return _row(cells)


def _next_number(folder: Path, rows: Iterable[dict[str, str]]) -> int:
    """One above every number in use, in the register or in a file name: never a reused name."""
    numbers = [int(row["No"]) for row in rows if re.fullmatch("[0-9]+", row["No"])]
    for rel in _files(folder):
        match = _NUMBERED.match(PurePosixPath(rel).name)
        if match:
            numbers.append(int(match.group(1)))
    return max(numbers, default=0) + 1


def _check_rows(records: list[list[str]]) -> list[Finding]:
    """Row width, each row's own digest, the chain (first break only), numbering, withdrawals."""
    findings = []
    link, broken, last = FIRST_LINK, False, 0
    registered: set[str] = set()
    withdrawn: set[str] = set()
    for line, cells in enumerate(records, start=2):  # line 1 is the header, as in Excel
        row = _row(cells)
        no = row["No"]
        problems = []
        if len(cells) != len(REGISTER_COLUMNS):
            problems.append(("format", f"{len(cells)} kolom, seharusnya {len(REGISTER_COLUMNS)}"))
        if row["Sidik Baris"] != _digest(cells):
            problems.append(("baris diubah", "isinya diubah sesudah dicatat"))
        if row["Rantai"] != link and not broken:
            broken = True
            problems.append(
                ("rantai", "rantai putus: baris sebelumnya dihapus, diubah atau dipindah")
            )
        link = row["Sidik Baris"]
        if row["Jenis"] in ARCHIVINGS:
            if no != str(last + 1):
                problems.append(("nomor", f"nomor tidak berurutan, seharusnya {last + 1}"))
            last = int(no) if re.fullmatch("[0-9]+", no) else last + 1
            registered.add(no)
        elif row["Jenis"] == PENARIKAN:
            if no not in registered or no in withdrawn:
                problems.append(
                    ("penarikan", "menarik nomor yang belum diarsipkan atau sudah ditarik")
                )
            withdrawn.add(no)
        else:
            problems.append(
                ("format", f"jenis '{row['Jenis']}' bukan {', '.join(ARCHIVINGS)} atau Penarikan")
            )
        findings += [
            Finding(no, REGISTER, state, f"Baris {line} register.csv (nomor {no or '-'}): {what}; "
                    f"{_RESTORE}.")
            for state, what in problems
        ]  # fmt: skip
    return findings


# The files


def _check_files(
    folder: Path, rows: list[dict[str, str]], files: list[str], roots: Path | None
) -> list[Finding]:
    """Each registered file against its hash (and its electronic signature), then every file
    that has no row or several."""
    root = folder.resolve()
    findings = []
    owners: dict[str, list[str]] = {}
    reasons = {row["No"]: row for row in rows if row["Jenis"] == PENARIKAN}
    for row in rows:
        no = row["No"]
        checks = [(row["Berkas Arsip"], row["SHA-256"], "berkas")]
        if row["Jenis"] in ARCHIVINGS and row["Daftar Butir"]:
            checks.append((row["Daftar Butir"], row["SHA-256 Daftar Butir"], "daftar butir"))
        for rel, checksum, what in checks:
            path = _inside(folder, rel)
            if path is not None:
                owners.setdefault(path.relative_to(root).as_posix(), []).append(no)
            state = _state(path, checksum)
            main = what == "berkas" and row["Jenis"] in ARCHIVINGS
            if state == "utuh" and main and no in reasons:
                why = f"{reasons[no]['Tanggal Dicatat']} ({reasons[no]['Alasan Penarikan']})"
                message = f"Ditarik pada {why}; berkasnya tetap disimpan dan utuh."
                findings.append(Finding(no, rel, "ditarik", message))
            elif state == "utuh" and main and row["Tanda Tangan"] == TTE and path is not None:
                findings.append(_signature_finding(no, rel, path, roots))
            elif state != "utuh" or main:
                findings.append(Finding(no, rel, state, _say(state, no, rel, what)))
    for rel, numbers in owners.items():
        if len(numbers) > 1:
            what = f"Berkas ini tercatat pada beberapa baris register (nomor {', '.join(numbers)})"
            findings.append(Finding(", ".join(numbers), rel, "ganda", f"{what}; {_RESTORE}."))
    unregistered = (
        "Berkas ini ada di arsip tetapi tidak tercatat di register; pindahkan keluar dari arsip/ "
        f"bila bukan arsip, atau {_RESTORE}."
    )
    findings += [
        Finding("", rel, "tanpa register", unregistered) for rel in files if rel not in owners
    ]
    return findings


def signing(row: Mapping[str, str]) -> str:
    """How a registered file is signed, in one sentence for the officer and the public."""
    kind = row.get("Tanda Tangan", "")
    if kind == TTE:
        return (
            f"Ditandatangani secara elektronik (TTE) oleh {row['Penanda Tangan TTE']} pada "
            f"{row['Waktu TTE']}; saat diarsipkan tanda tangannya utuh dan mencakup seluruh "
            f"berkas; rantai sertifikat: {row['Rantai Sertifikat TTE']}."
        )
    if kind == WET:
        return (
            "Pindaian daftar bertanda tangan basah; berkasnya tidak memuat tanda tangan elektronik."
        )
    if kind == WORD:
        return "Dokumen Word tanpa tanda tangan elektronik; tanda tangannya ada pada daftar kertas."
    return "Cara penandatanganan tidak tercatat (diarsipkan sebelum register mencatatnya)."


def _signature_cells(path: Path, kind: str, roots: Path | None, name: str) -> dict[str, str]:
    """How the stored file is signed, as the register's signature columns."""
    if kind == "docx":
        return {"Tanda Tangan": WORD}
    try:
        signature = examine(path, roots) if kind == "pdf" else None
    except SignatureError as error:
        raise WorkspaceError(
            f"{name} tidak diarsipkan: {error}; mintakan berkas asli dari penanda tangan, lalu "
            "ulangi."
        ) from error
    if signature is None:
        return {"Tanda Tangan": WET}
    return dict(
        zip(SIGNATURE_COLUMNS, [TTE, signature.signers, signature.times, signature.chain],
            strict=True)
    )  # fmt: skip


def _signature_finding(no: str, rel: str, path: Path, roots: Path | None) -> Finding:
    """A registered TTE checked again: its bytes match the register, does its signature?"""
    try:
        signature = examine(path, roots)
    except SignatureError as error:
        why = f"{error}; kembalikan berkas asli dari cadangan dan {_RESTORE}"
        message = f"Berkas nomor {no} cocok dengan register, tetapi {why}."
        return Finding(no, rel, "TTE rusak", message)
    if signature is None:
        return Finding(no, rel, "TTE hilang", f"Berkas nomor {no} tercatat bertanda tangan "
                       f"elektronik, tetapi tidak memuatnya lagi; {_RESTORE}.")  # fmt: skip
    return Finding(
        no,
        rel,
        "utuh",
        f"SHA-256 cocok dengan register; TTE {signature.signers}, {signature.times}, utuh dan "
        f"mencakup seluruh berkas; rantai sertifikat: {signature.chain}.",
    )


def _state(path: Path | None, checksum: str) -> str:
    if path is None:
        return "di luar arsip"  # never opened, let alone hashed
    if not path.is_file():
        return "hilang"
    return "utuh" if sha256(path) == checksum else "berubah"


def _say(state: str, no: str, rel: str, what: str) -> str:
    return {
        "utuh": "SHA-256 cocok dengan register.",
        "hilang": f"{what.capitalize()} nomor {no} tidak ada di arsip; kembalikan dari cadangan "
        f"ke {rel or '(jalur kosong)'}.",
        "berubah": f"Isi {what} nomor {no} berbeda dari saat diarsipkan (SHA-256 tidak cocok); "
        "kembalikan versi aslinya dari cadangan.",
        "di luar arsip": f"Register nomor {no} menunjuk ke {rel or '(jalur kosong)'}, di luar "
        f"folder arsip, sehingga tidak diperiksa; {_RESTORE}.",
    }[state]


def _inside(folder: Path, rel: str) -> Path | None:
    """The file a register path names, or None when it leaves arsip/ (`../`, absolute, link)."""
    if not rel or PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute():
        return None
    if PureWindowsPath(rel).drive:
        return None
    root = folder.resolve()
    path = (root / rel).resolve()
    return path if path != root and path.is_relative_to(root) else None


def _files(folder: Path) -> list[str]:
    """Every file under folder (symbolic links not followed), relative, in a stable order."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders.sort()
        base = Path(parent).relative_to(folder)
        found += [(base / name).as_posix() for name in sorted(names)]
    return found


def _ignored(rel: str) -> bool:
    """The register itself, and what Windows, macOS, Word and Excel leave beside files."""
    name = PurePosixPath(rel).name
    return (
        rel == REGISTER
        or name.lower() in _SYSTEM_FILES
        or name.startswith("~$")
        or (name.startswith(".~lock.") and name.endswith("#"))
    )


def _remove_leftovers(folder: Path) -> list[str]:
    """Delete temporary files an interrupted copy left behind; only run under the lock."""
    removed = []
    for rel in _files(folder):
        if PurePosixPath(rel).name.startswith(TEMP_PREFIX):
            (folder / rel).unlink(missing_ok=True)
            removed.append(rel)
    return removed


def _copier(source: Path) -> Callable[[BinaryIO], None]:
    return lambda out: _copy(source, out)


def _write(out: BinaryIO, data: bytes) -> None:
    out.write(data)


def _copy(source: Path, out: BinaryIO) -> None:
    with source.open("rb") as handle:
        shutil.copyfileobj(handle, out, 1 << 20)


def _install(target: Path, fill: Callable[[BinaryIO], None], checksum: str, name: str) -> None:
    """Create target with content that hashes to checksum: never a half file, never over one.

    The content goes to a temporary name in the same folder, is fsync'ed and hashed again, and
    takes its final name with os.link, which fails when the name exists (O_EXCL semantics).
    """
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, default_mode())
        if sha256(Path(temporary)) != checksum:
            raise WorkspaceError(
                f"{name} berubah selama disalin ke arsip; tidak ada yang dicatat. Ulangi setelah "
                "berkas itu selesai disimpan."
            )
        _place(Path(temporary), target)
    except OSError as error:
        raise WorkspaceError(_failed_copy(name, error)) from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    sync_folder(target.parent)


def _place(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError as error:
        raise WorkspaceError(
            f"{target.name} sudah ada di arsip dan tidak pernah ditimpa; tidak ada yang dicatat. "
            "Periksa arsip (arsip --periksa)."
        ) from error
    except OSError:
        # No hard links here (FAT/exFAT drive, some network shares): the existence check under
        # our lock stands in for O_EXCL, as no other writer of arsip/ runs meanwhile.
        if target.exists():
            raise WorkspaceError(
                f"{target.name} sudah ada di arsip dan tidak pernah ditimpa; tidak ada yang "
                "dicatat. Periksa arsip (arsip --periksa)."
            ) from None
        os.replace(temporary, target)


def _failed_copy(name: str, error: OSError) -> str:
    return (
        f"{name} tidak dapat disalin ke arsip ({reason(error)}); tidak ada yang dicatat dan tidak "
        "ada berkas yang tertinggal. Atasi penyebabnya, lalu ulangi."
    )


def current_snapshot(folder: Path, kind: str = PENGARSIPAN) -> Snapshot | None:
    """What the latest registered list holds, when its copy is still the one registered."""
    entry = current(folder, kind)
    if entry is None or not entry.get("Daftar Butir"):
        return None
    path = _inside(folder, entry["Daftar Butir"])
    if path is None or not path.is_file() or sha256(path) != entry.get("SHA-256 Daftar Butir"):
        return None
    return read_snapshot(path)


def signed_file(folder: Path, entry: dict[str, str]) -> Path | None:
    """The signed file a registration names, when it is still the one registered."""
    path = _inside(folder, entry.get("Berkas Arsip", ""))
    if path is None or not path.is_file() or sha256(path) != entry.get("SHA-256"):
        return None
    return path


def snapshot_file(folder: Path, entry: dict[str, str]) -> Path | None:
    """The snapshot a registration names, when it is still the one registered."""
    path = _inside(folder, entry.get("Daftar Butir", ""))
    if path is None or not path.is_file() or sha256(path) != entry.get("SHA-256 Daftar Butir"):
        return None
    return path
