"""Publishing a signed round: a static web page, and a zip for the kabupaten's PPID Utama.

Both are made from the snapshot `tetapkan` archives beside each signed file, so nothing is
retyped and nothing is shown that a signed list does not print: only each list's declared
columns, plus `bidang`, the Pasal 17 codes of the summary, every reference of a legal basis as
data, and each item's published identifier (s5_snapshot.item_identifier, never its internal ID).
Reviewer notes and system notes in a snapshot row are dropped here, whatever the producer put in.
Only what was signed is public: the DIP is published only with its own signed file, from a
determination whose DIP is the one beside the signed DIK.

The data files (the CSVs, data.json, datapackage.json) hold nothing but the archived round, no
time of writing: publishing and exporting the same decision give the same bytes, so one content
has one hash. Each list is written twice: `<list>.csv` for a spreadsheet (printed headers, BOM,
CRLF, formula triggers neutralised) and `<list>_data.csv` for programs and data portals (the
field names of datapackage.json, UTF-8 without BOM, LF, values exactly as in data.json).

Both also carry the archive register's head (s6_archive.head) as witnesses of the register: the
page (shown, and in a meta element `witnesses` reads back), the export's manifest and the export
log; `arsip --periksa`, `terbitkan` and `ekspor` compare the register with them. The head is
kept out of the data files, which must stay the same bytes in the site and the export.

A decision that replaces earlier ones keeps them in view: the page and data.json name each
earlier decision (number, date, its signed file beside the page and in the export), mark the
rows the new list added or changed, and list what it removed and why. The export carries the
snapshot itself (daftar.json, with the lineage), from which `init --dari` starts the next round.
"""

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import textwrap
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from pipeline.kit.dates import long_date
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import append_log, neutralize, read_log, read_table
from pipeline.kit.resources import TEMPLATES, version
from pipeline.kit.workspace import sha256, write_atomically
from pipeline.stages.s1_previous import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    Change,
    PastDecision,
    count_by_kind,
)
from pipeline.stages.s3e_consequence import SEBAGIAN
from pipeline.stages.s3f_listing import NONE
from pipeline.stages.s5_snapshot import EXTRA, Decision, PrintedList, Snapshot
from pipeline.stages.s6_archive import (  # Witness: for commands
    EXTENSIONS,
    SIGNATURE_COLUMNS,
    Witness,
    content_kind,
    signing,
)

# /2: no time of writing, stable identifiers, the DIP only when signed, references, key of laws,
# the decisions replaced and what changed
DATA_FORMAT = "dik-ppid-terbitan/2"
PACKAGE = "datapackage.json"
MACHINE_CSV = {"dik": "dik_data.csv", "dip": "dip_data.csv"}
EXPORT_FORMAT = "dik-ppid-ekspor/2"
LINEAGE_FILE = "daftar.json"  # in the export: the snapshot as archived, lineage included
# How a row of the new DIK is marked on the page: (label, CSS class).
MARKS = {ADDED: ("Baru", "baru"), CHANGED: ("Berubah", "berubah")}
Earlier = list[tuple[PastDecision, Path | None]]  # each earlier decision and its signed file
WEB_DIR = TEMPLATES / "web"
LOG_COLUMNS = [
    "Waktu", "Nomor Keputusan", "Berkas Ekspor", "SHA-256", "Jumlah DIK", "Jumlah DIP",
    "Baris Register", "Sidik Register",
]  # fmt: skip
OLD_LOG_COLUMNS = LOG_COLUMNS[:6]  # a log begun before the register's head was witnessed
MAX_MANIFEST = 1_000_000  # bytes of an export's manifest.json read back, at most
TITLES = {"dik": "Daftar Informasi yang Dikecualikan", "dip": "Daftar Informasi Publik"}
SIGNED_NAMES = {"dik": "keputusan", "dip": "daftar-publik"}  # the signed files in datapackage.json
# The published fields of datapackage.json, described; a field not here is described by its
# printed header.
FIELDS = {
    "id": "Pengenal tetap informasi: UUID versi 5 dari kode instansi, tahun informasi itu pertama "
    "kali didaftar dan ID butirnya pada tahun itu. Sama dari tahun ke tahun, dan sama di DIK dan "
    "DIP untuk informasi yang dikecualikan sebagian.",
    "no": "Nomor urut pada daftar bertanda tangan.",
    "informasi": "Informasi yang dikecualikan, sebagaimana tertulis pada daftar.",
    "dasar_hukum": "Dasar hukum pengecualian: Pasal 17 UU 14/2008 dan peraturan lain.",
    "dibuka": "Konsekuensi bagi publik bila informasi dibuka.",
    "ditutup": "Pertimbangan bagi publik bila informasi ditutup.",
    "jangka_waktu": "Jangka waktu pengecualian.",
    "status_arsip": "Status arsip informasi menurut Jadwal Retensi Arsip.",
    "ringkasan": "Ringkasan isi informasi publik.",
    "penguasa": "Pejabat atau unit yang menguasai informasi.",
    "penanggung_jawab": "Penanggung jawab pembuatan atau penerbitan informasi.",
    "waktu_tempat": "Tempat dan waktu pembuatan informasi.",
    "bentuk": "Bentuk informasi.",
    "retensi": "Jangka waktu penyimpanan atau retensi arsip.",
    "dasar_dibuka": "Dasar informasi arsip aktif atau inaktif dibuka untuk umum.",
    "bidang": "Bidang atau unit kerja yang menguasai informasi.",
    "pasal17": "Kode dasar pengecualian menurut Pasal 17 UU 14/2008 (mis. 17.h.2), dipisah '; '.",
}
INTEGER_FIELDS = {"no"}
# The register's signature columns under the keys the published files use.
SIGNATURE_KEYS = dict(zip(("cara", "penanda_tangan", "waktu", "rantai_sertifikat"),
                          SIGNATURE_COLUMNS, strict=True))  # fmt: skip
LAWS_COLUMNS = ["Singkatan", "Judul Lengkap"]  # peraturan.csv: the key of the laws cited
# What a spreadsheet would read as the start of a formula (OWASP "CSV injection").
_PASAL = re.compile(r"^17\.([a-j])(?:\.(\d+))?$")
_LONG_WORD = re.compile(r"\S{25,}")
# The register's head as the page states it for `witnesses` (rows, last Sidik Baris, published).
_WITNESS_META = re.compile(
    r'<meta name="dik-register-arsip" content="([0-9]+) ([0-9a-f]{64}) ([^"<>]*)">'
)
MAX_PAGE_HEAD = 64 * 1024  # the meta element stands in the page's head
_FILE_MODE, _DIR_MODE = 0o644, 0o755  # a published site is read by a web server's user


@dataclass(frozen=True)
class SignedPublic:
    """The signed DIP as archived: what its snapshot holds, the file, its register row."""

    snapshot: Snapshot
    path: Path
    registration: dict[str, str]


@dataclass(frozen=True)
class _Signed:
    """The signed file read once, so what is hashed is exactly what is published; with how it
    is signed, as the archive register recorded it."""

    kind: str  # "PDF", "DOCX", "PNG", "JPEG", "TIFF": what its content is
    name: str
    content: bytes
    signature: dict[str, str]
    signing: str  # the same in one sentence

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def write_site(
    snapshot: Snapshot,
    signed: Path,
    registration: dict[str, str],
    target: Path,
    public: SignedPublic | None = None,
    head: dict[str, int | str] | None = None,
    earlier: Earlier | None = None,
) -> list[Path]:
    """Replace `target` (keluaran/web/) with the page, its data files and the signed files
    (the DIP only with `public`, its signed file; the decisions it replaced, when kept);
    `head` is the archive register's, shown on the page.

    The folder is built beside `target` and swapped in, so a half-published site never exists.
    """
    lists, documents, ids = _published(snapshot, signed, registration, public)
    published = _now()
    before = _earlier(snapshot, earlier)

    def build(folder: Path) -> list[str]:
        files = {document.name: document.content for document in documents.values()}
        files |= {entry["nama"]: entry["isi"] for entry in before if entry["nama"]}
        files |= _data_files(snapshot, lists, documents, ids, public, before)
        page = _page(snapshot, lists, documents, published, public, head, before)
        files["index.html"] = page.encode("utf-8")
        for name, content in files.items():
            _write(folder / name, content)
        return list(files)

    return [target / name for name in _replace_folder(target, build)]


def write_export(
    snapshot: Snapshot,
    signed: Path,
    registration: dict[str, str],
    target: Path,
    log: Path,
    public: SignedPublic | None = None,
    head: dict[str, int | str] | None = None,
    recorded: Path | None = None,
    earlier: Earlier | None = None,
) -> Path:
    """A zip for the kabupaten's PPID Utama in the folder `target`, logged in `log` (CSV).

    The zip holds the data files the site has (the same bytes: with `public`, the signed DIP's
    too), the signed files (and those of the decisions it replaced, when kept), register.csv
    (their archive rows), daftar.json (`recorded`, the snapshot as archived, with its lineage)
    and manifest.json with every file's size and SHA-256, how each signed file is signed, and
    the archive register's `head`, which the log keeps too. Exporting the same decision again
    replaces its zip; the log keeps every export.
    """
    lists, documents, ids = _published(snapshot, signed, registration, public)
    created = _now()
    files = {document.name: document.content for document in documents.values()}
    before = _earlier(snapshot, earlier)
    files |= {entry["nama"]: entry["isi"] for entry in before if entry["nama"]}
    files |= _data_files(snapshot, lists, documents, ids, public, before)
    rows = [registration] + ([public.registration] if public else [])
    files["register.csv"] = _csv(list(registration), rows)
    if recorded is not None:
        files[LINEAGE_FILE] = recorded.read_bytes()
    decision = snapshot.keputusan
    signatures = {document.name: document.signature for document in documents.values()}
    listing = [_entry(name, content) | ({"tanda_tangan": signatures[name]} if name in signatures
                                         else {}) for name, content in files.items()]  # fmt: skip
    manifest = {
        "format": EXPORT_FORMAT,
        "instansi": snapshot.instansi,
        "periode": snapshot.tahun,
        "keputusan": {"nomor": decision.nomor, "tanggal": decision.tanggal.isoformat()},
        "jumlah": {key: len(item.rows) for key, item in lists.items()},
        "berkas": listing,
        "alat": {"nama": "dik-ppid", "versi": version()},
        "dibuat": created.isoformat(timespec="seconds"),
    }
    if head:
        manifest["register_arsip"] = head
    files["manifest.json"] = _json(manifest)

    def pack(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                member = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
                member.external_attr = _FILE_MODE << 16  # unpacked readable, as the site is
                archive.writestr(member, content, zipfile.ZIP_DEFLATED)
        path.chmod(_FILE_MODE)

    office, year = _slug(snapshot.instansi.get("kode", "")), snapshot.tahun
    zip_path = write_atomically(
        target / f"ekspor_{office}_{year}_{_slug(decision.nomor)}.zip", pack
    )
    row = {
        "Waktu": created.strftime("%Y-%m-%d %H:%M:%S"),
        "Nomor Keputusan": decision.nomor,
        "Berkas Ekspor": zip_path.name,
        "SHA-256": sha256(zip_path),
        "Jumlah DIK": str(len(lists["dik"].rows)),
        "Jumlah DIP": str(len(lists["dip"].rows)) if "dip" in lists else "",
        "Baris Register": str(head["baris"]) if head else "",
        "Sidik Register": str(head["sidik"]) if head else "",
    }
    table = read_table(log)
    columns = OLD_LOG_COLUMNS if table and table[0] == OLD_LOG_COLUMNS else LOG_COLUMNS
    append_log(log, columns, [{key: neutralize(value) for key, value in row.items()}])
    return zip_path


def witnesses(root: Path, web: Path, exports: Path, log: Path) -> list[Witness]:
    """Every head of the archive register recorded here: on the published page (data.json),
    in each export's manifest and in the export log; messages name them from `root`. What
    cannot be read as ours is no witness (a page or zip someone replaced by hand)."""
    found = []

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def witness(head: object, where: str) -> None:
        if isinstance(head, dict) and str(head.get("baris", "")).isdigit():
            found.append(Witness(int(head["baris"]), str(head.get("sidik", "")), where))

    try:
        page = (web / "index.html").read_bytes()[:MAX_PAGE_HEAD].decode("utf-8", "replace")
    except OSError:
        page = ""
    if found_on_page := _WITNESS_META.search(page):
        rows, digest, published = found_on_page.groups()
        witness({"baris": rows, "sidik": digest}, f"{shown(web / 'index.html')} (terbit "
                f"{published})")  # fmt: skip
    for path in sorted(exports.glob("*.zip")) if exports.is_dir() else []:
        try:
            with zipfile.ZipFile(path) as archive, archive.open("manifest.json") as member:
                manifest = json.loads(member.read(MAX_MANIFEST))
            witness(manifest.get("register_arsip"), f"{shown(path)} (dibuat "
                    f"{manifest.get('dibuat', '?')})")  # fmt: skip
        except (OSError, ValueError, KeyError, AttributeError, zipfile.BadZipFile):
            continue
    try:
        rows = read_log(log)
    except WorkspaceError:
        rows = []
    for line, row in enumerate(rows, start=2):
        head = {"baris": row.get("Baris Register", ""), "sidik": row.get("Sidik Register", "")}
        witness(head, f"{shown(log)} baris {line} (ekspor {row.get('Waktu', '?')})")
    return found


def previous(target: Path) -> dict[str, str] | None:
    """The decision (nomor, tanggal) published in `target` now; None if nothing readable is."""
    try:
        data = json.loads((target / "data.json").read_text(encoding="utf-8"))
        decision = data["keputusan"]
        return {"nomor": str(decision["nomor"]), "tanggal": str(decision["tanggal"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _signer(decision: Decision) -> dict[str, str]:
    """Who signed, as the page and data.json show it: title and name only."""
    signer = decision.penanda_tangan
    return {
        key: value for key, value in (("jabatan", signer.jabatan), ("nama", signer.nama)) if value
    }


def _published(
    snapshot: Snapshot, signed: Path, registration: dict[str, str], public: SignedPublic | None
) -> tuple[dict[str, PrintedList], dict[str, _Signed], dict[str, list[str]]]:
    """The lists that were signed, their signed files and their rows' published identifiers:
    the DIK always, the DIP with its own signature only."""
    lists = {"dik": snapshot.dik}
    documents = {"dik": _signed(snapshot, signed, registration)}
    ids = {"dik": snapshot.identifiers("dik")}
    if public is not None and public.snapshot.penetapan_dip is not None:
        lists["dip"] = public.snapshot.dip
        documents["dip"] = _signed_public(public)
        ids["dip"] = public.snapshot.identifiers("dip")
    return lists, documents, ids


def _signed_public(public: SignedPublic) -> _Signed:
    """The signed DIP, refused unless it is the very file the archive register recorded."""
    content = _registered_content(public.path, public.registration)
    decision = public.snapshot.penetapan_dip
    assert decision is not None
    name = f"daftar_informasi_publik_{_slug(decision.nomor) or public.snapshot.tahun}"
    return _signed_file(public.path, name, content, public.registration)


def _registered_content(signed: Path, registration: dict[str, str]) -> bytes:
    if not signed.is_file():
        raise WorkspaceError(
            f"Berkas bertanda tangan {signed} tidak ditemukan; periksa arsip (arsip --periksa)."
        )
    content = signed.read_bytes()
    recorded = registration.get("SHA-256", "").strip().lower()
    if recorded and recorded != hashlib.sha256(content).hexdigest():
        raise WorkspaceError(
            f"Berkas {signed.name} tidak sama dengan yang tercatat di register arsip "
            "(SHA-256 berbeda); terbitkan berkas yang diarsipkan."
        )
    return content


def _signed(snapshot: Snapshot, signed: Path, registration: dict[str, str]) -> _Signed:
    """The signed file, refused unless it is the very file the archive register recorded."""
    content = _registered_content(signed, registration)
    number = snapshot.keputusan.nomor
    if re.search(r"\s{2,}", number):
        raise WorkspaceError(
            f"Nomor keputusan di arsip masih kosong ({number.strip()}); tarik pengarsipan itu "
            "(arsip --tarik), lalu arsipkan lagi dengan nomor yang tertulis pada daftar "
            "(arsip --nomor)."
        )
    registered = registration.get("Nomor Keputusan", "").strip()
    if registered and registered != number.strip():
        raise WorkspaceError(
            f"Register arsip mencatat Keputusan Nomor {registered}, sedangkan data penetapan "
            f"Nomor {number}; terbitkan pasangan yang sesuai."
        )
    name = f"keputusan_{_slug(number) or snapshot.tahun}"
    return _signed_file(signed, name, content, registration)


def _signed_file(path: Path, name: str, content: bytes, registration: dict[str, str]) -> _Signed:
    """A signed file as published under `name`, with the extension its content has (a PDF
    named .html is published as .pdf, never as a page) and how its register row says it is
    signed."""
    kind = content_kind(content)
    if kind is None:
        raise WorkspaceError(
            f"Berkas arsip {path.name} bukan PDF, dokumen Word atau gambar pindaian menurut "
            "isinya, sehingga tidak diterbitkan; tarik pengarsipan itu (arsip --tarik), lalu "
            "arsipkan berkas yang benar."
        )
    signature = {key: registration[column] for key, column in SIGNATURE_KEYS.items()
                 if registration.get(column)}  # fmt: skip
    return _Signed(kind.upper(), name + EXTENSIONS[kind], content, signature,
                   signing(registration))  # fmt: skip


def _earlier(snapshot: Snapshot, earlier: Earlier | None) -> list[dict[str, Any]]:
    """Each decision the snapshot's replaced, as published: its signed file (named by its
    number) when `earlier` gives it."""
    if earlier is None:
        earlier = [(decision, None) for decision in snapshot.keputusan_lalu]
    entries = []
    for decision, path in earlier:
        content = path.read_bytes() if path is not None else b""
        name = f"keputusan_{_slug(decision.nomor)}{path.suffix.lower()}" if path else ""
        entries.append({"keputusan": decision, "nama": name, "isi": content})
    return entries


def _lineage(snapshot: Snapshot, before: list[dict[str, Any]]) -> dict[str, Any]:
    """data.json's record of the decisions replaced and of what changed against the last."""
    revoked = snapshot.keputusan_lalu[0] if snapshot.keputusan_lalu else None
    against = {"nomor": revoked.nomor, "tanggal": revoked.tanggal.isoformat()} if revoked else None
    return {
        "keputusan_sebelumnya": [_earlier_entry(entry) for entry in before],
        "perubahan": {
            "terhadap": against,
            "butir": [_change_entry(change) for change in snapshot.perubahan],
        },
    }


def _earlier_entry(entry: dict[str, Any]) -> dict[str, Any]:
    decision = entry["keputusan"]
    kept = {"nama": entry["nama"], "ukuran": len(entry["isi"]),
            "sha256": hashlib.sha256(entry["isi"]).hexdigest()}  # fmt: skip
    return {
        "tahun": decision.tahun,
        "nomor": decision.nomor,
        "tanggal": decision.tanggal.isoformat(),
        "berkas": kept if entry["nama"] else None,
    }


def _change_entry(change: Change) -> dict[str, str]:
    """A line of the changes as published: what changed and why, without internal IDs."""
    return {key: value for key, value in change.as_json().items() if key not in ("kunci", "id")}


def _data_files(
    snapshot: Snapshot,
    lists: dict[str, PrintedList],
    documents: dict[str, _Signed],
    ids: dict[str, list[str]],
    public: SignedPublic | None,
    before: list[dict[str, Any]],
) -> dict[str, bytes]:
    """Every data file of a published round, from the archive alone (no time of writing)."""
    files = {
        f"{key}.csv": _csv(item.headers, [[_cell(row[k]) for k in item.keys] for row in item.rows])
        for key, item in lists.items()
    }
    for key, item in lists.items():
        rows = [[ident, *(_cell(row[k]) for k in item.keys)]
                for ident, row in zip(ids[key], item.rows, strict=True)]  # fmt: skip
        files[MACHINE_CSV[key]] = _plain_csv(["id", *item.keys], rows)
    laws = _laws(lists)
    files["peraturan.csv"] = _csv(LAWS_COLUMNS, [list(pair) for pair in laws])
    data: dict[str, Any] = {
        "format": DATA_FORMAT,
        "instansi": snapshot.instansi,
        "tahun": snapshot.tahun,
        "keputusan": _decision(snapshot.keputusan),
        "berkas_keputusan": _file(documents["dik"]),
    }
    if public is not None and "dip" in documents:
        assert public.snapshot.penetapan_dip is not None
        data["penetapan_dip"] = _decision(public.snapshot.penetapan_dip)
        data["berkas_dip"] = _file(documents["dip"])
    data |= {
        "peraturan": [{"singkatan": short, "judul": title} for short, title in laws],
        **{
            key: {
                "kolom": [asdict(column) for column in item.columns],
                "baris": [{"id": ident, **row}
                          for ident, row in zip(ids[key], item.rows, strict=True)],
            }
            for key, item in lists.items()
        },
        **_lineage(snapshot, before),
    }  # fmt: skip
    files["data.json"] = _json(data)
    files[PACKAGE] = _json(_package(snapshot, lists, files, documents))
    return files


def _package(
    snapshot: Snapshot,
    lists: dict[str, PrintedList],
    files: dict[str, bytes],
    documents: dict[str, _Signed],
) -> dict[str, Any]:
    """datapackage.json: a Frictionless Data Package of the machine CSVs (tabular resources) and
    the signed files, with the decision and the office as its own metadata."""
    office, decision = snapshot.instansi, snapshot.keputusan
    code = _slug(office.get("kode", "")).lower() or "instansi"
    tables = [_table_resource(item, MACHINE_CSV[key], files[MACHINE_CSV[key]])
              for key, item in lists.items()]  # fmt: skip
    signed_files = [
        {
            "name": SIGNED_NAMES[key],
            "path": document.name,
            "title": f"{TITLES[key]} bertanda tangan",
            "description": document.signing,
            "format": document.kind.lower(),
            **_size_and_hash(document.content),
            "tanda_tangan": document.signature,
        }
        for key, document in documents.items()
    ]
    title = office.get("sebutan") or office["nama"]
    named = " dan ".join(TITLES[key] for key in lists)
    return {
        "profile": "data-package",
        "name": f"daftar-informasi-{code}-{snapshot.tahun}",
        "title": f"{named} {title} Tahun {snapshot.tahun}",
        "description": (
            f"{named} yang ditetapkan dan ditandatangani (Keputusan Nomor {decision.nomor} "
            f"tanggal {decision.tanggal.isoformat()}), satu baris per informasi, persis seperti "
            "daftar bertanda tangan."
        ),
        "keywords": ["informasi publik", "informasi yang dikecualikan", "PPID", "UU 14/2008"],
        "contributors": [{"title": title, "role": "publisher"}],
        "instansi": office,
        "tahun": snapshot.tahun,
        "keputusan": {
            "nomor": decision.nomor,
            "tanggal": decision.tanggal.isoformat(),
            "penanda_tangan": _signer(decision),
            "berkas": documents["dik"].name,
        },
        "resources": [*tables, *signed_files],
    }


def _table_resource(item: PrintedList, path: str, content: bytes) -> dict[str, Any]:
    titles = {column.kunci: column.judul for column in item.columns} | EXTRA[item.key]
    fields: list[dict[str, Any]] = [
        {
            "name": key,
            "title": titles.get(key, "Pengenal Tetap"),
            "type": "integer" if key in INTEGER_FIELDS else "string",
            "description": FIELDS.get(key) or titles.get(key, key),
        }
        for key in ["id", *item.keys]
    ]
    fields[0] |= {"format": "uuid", "constraints": {"required": True, "unique": True}}
    return {
        "profile": "tabular-data-resource",
        "name": item.key,
        "path": path,
        "title": TITLES[item.key],
        "description": f"{TITLES[item.key]} bertanda tangan, satu baris per informasi.",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **_size_and_hash(content),
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
        "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": ["", NONE]},
    }


def _size_and_hash(content: bytes) -> dict[str, Any]:
    return {"bytes": len(content), "hash": f"sha256:{hashlib.sha256(content).hexdigest()}"}


def _decision(decision: Decision) -> dict[str, Any]:
    return {
        "nomor": decision.nomor,
        "tanggal": decision.tanggal.isoformat(),
        "penanda_tangan": _signer(decision),
    }


def _file(document: _Signed) -> dict[str, Any]:
    return {"nama": document.name, "ukuran": len(document.content), "sha256": document.sha256,
            "tanda_tangan": document.signature}  # fmt: skip


def _laws(lists: dict[str, PrintedList]) -> list[tuple[str, str]]:
    """The key of every law the published lists cite, each title once."""
    found: dict[str, str] = {}
    for item in lists.values():
        for short, title in item.laws:
            found.setdefault(short, title)
    return list(found.items())


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(part) for part in value)
    return "" if value is None else str(value)


def _csv(headers: list[str], rows: list[list[str]] | list[dict[str, str]]) -> bytes:
    """UTF-8 with BOM so Excel reads it; every cell neutralised against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(header) for header in headers])
    for row in rows:
        values = [row.get(h, "") for h in headers] if isinstance(row, dict) else row
        writer.writerow([neutralize(_cell(value)) for value in values])
    return buffer.getvalue().encode("utf-8-sig")


def _plain_csv(headers: list[str], rows: list[list[str]]) -> bytes:
    """For programs: UTF-8 without BOM, LF, every value exactly as in data.json."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _page(
    snapshot: Snapshot,
    lists: dict[str, PrintedList],
    documents: dict[str, _Signed],
    published: datetime,
    public: SignedPublic | None,
    head: dict[str, int | str] | None,
    before: list[dict[str, Any]],
) -> str:
    """index.html: the lists as real tables, the summary, and our CSS and JS inlined."""
    import jinja2  # only publishing needs it

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WEB_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["breakable"] = _breakable
    environment.filters["header"] = _header
    environment.filters["css_string"] = _css_string
    decisions = {"dik": snapshot.keputusan}
    if public is not None and public.snapshot.penetapan_dip is not None and "dip" in lists:
        decisions["dip"] = public.snapshot.penetapan_dip
    office = snapshot.instansi.get("sebutan") or snapshot.instansi["nama"]
    context = {
        "instansi": snapshot.instansi,
        "tahun": snapshot.tahun,
        "keputusan": _shown(decisions["dik"], documents["dik"]),
        "dip": _shown(decisions["dip"], documents["dip"]) if "dip" in decisions else None,
        "daftar": [
            _table(item, decisions[key], _marks(snapshot) if key == "dik" else {})
            for key, item in lists.items()
        ],
        "sebelumnya": [
            {
                "nomor": entry["keputusan"].nomor,
                "tanggal_iso": entry["keputusan"].tanggal.isoformat(),
                "tanggal": long_date(entry["keputusan"].tanggal),
                "tahun": entry["keputusan"].tahun,
                "nama": entry["nama"],
            }
            for entry in before
        ],
        "perubahan": _changes_shown(snapshot),
        "register": head,
        "terbit_iso": published.isoformat(timespec="seconds"),
        "ringkasan": _summary(lists, snapshot),
        # at the top of every printed page (the lists' own header rows name each list)
        "judul_cetak": f"{' dan '.join(TITLES[key] for key in lists)} Tahun {snapshot.tahun}, "
        f"{office}, Keputusan Nomor {snapshot.keputusan.nomor}",
        "diterbitkan": long_date(published.date()),
        "versi": version(),
        "css": Markup((WEB_DIR / "site.css").read_text(encoding="utf-8")),
        "js": Markup((WEB_DIR / "site.js").read_text(encoding="utf-8")),
    }
    return environment.get_template("index.html.j2").render(context)


def _marks(snapshot: Snapshot) -> dict[str, tuple[str, str]]:
    """The DIK rows the new decision added or changed: row number -> (label, CSS class)."""
    return {change.no: MARKS[change.jenis] for change in snapshot.perubahan
            if change.jenis in MARKS and change.no}  # fmt: skip


def _changes_shown(snapshot: Snapshot) -> dict[str, Any]:
    """The page's section on what changed: the counts, and every item added, removed or changed
    (the unchanged ones are only counted)."""
    counts = count_by_kind(snapshot.perubahan)
    return {
        "ada": bool(snapshot.keputusan_lalu),
        "jumlah": [(kind.lower(), counts[kind]) for kind in counts],
        "baris": [
            {"jenis": change.jenis, "judul": change.judul, "bidang": change.bidang,
             "no": change.no, "keterangan": change.keterangan}
            for change in snapshot.perubahan if change.jenis != UNCHANGED
        ],
        "dihapus": REMOVED,
    }  # fmt: skip


def _shown(decision: Decision, document: _Signed) -> dict[str, Any]:
    """A signed list's decision and file as the page shows them."""
    return {
        "nomor": decision.nomor,
        "tanggal_iso": decision.tanggal.isoformat(),
        "tanggal": long_date(decision.tanggal),
        "penanda_tangan": _signer(decision),
        "berkas": {
            "nama": document.name,
            "jenis": document.kind,
            "ukuran": _size(len(document.content)),
            "sha256": document.sha256,
            "tanda_tangan": document.signing,
        },
    }


def _table(
    item: PrintedList, decision: Decision, marks: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    """One list as the template shows it: declared columns only, the rows by bidang in the
    order the signed list has them (each bidang once, where it first comes), each with the mark
    of a row the new decision added or changed, and the key of the laws it cites under it."""
    keys = [column.kunci for column in item.columns]
    # The first column that is not the running number names the item: the row's header cell.
    header = next((i for i, key in enumerate(keys) if key != "no"), 0)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in item.rows:
        groups.setdefault(_cell(row["bidang"]), []).append(
            {"sel": [_cell(row[key]) for key in keys],
             "tanda": marks.get(_cell(row.get("no")), ("", ""))}
        )  # fmt: skip
    signer = decision.penanda_tangan
    basis = (
        f"menurut Keputusan Nomor {decision.nomor}"
        if item.key == "dik"
        else f"yang ditetapkan {signer.jabatan or 'PPID'} tanggal {long_date(decision.tanggal)}"
    )
    return {
        "kunci": item.key,
        "judul": TITLES[item.key],
        "dasar": basis,
        "kolom": [column.judul for column in item.columns],
        "kunci_kolom": keys,
        "kepala_baris": header,
        "jumlah": len(item.rows),
        "kelompok": [{"bidang": name, "baris": rows} for name, rows in groups.items()],
        "peraturan": list(item.laws),
    }


def _header(text: str) -> Markup:
    """A column header that may wrap after a slash ('Penyimpanan/Retensi'), as a narrow column
    needs: otherwise the longest such word sets the column's width."""
    return Markup("/<wbr>").join(escape(part) for part in text.split("/"))


def _css_string(text: str) -> Markup:
    """`text` as a quoted CSS string inside a <style> element: quotes and backslashes escaped,
    and no '<' that could end the element."""
    escaped = "".join(c if c.isalnum() or c in " .,/-()" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def _breakable(text: str) -> Markup:
    """Escaped text whose very long words (a pasted URL) may wrap at <wbr> marks.

    A table column is never narrower than its longest word; breaking anywhere instead would
    also split ordinary words in narrow columns.
    """
    parts: list[Markup] = []
    last = 0
    for match in _LONG_WORD.finditer(text):
        word = match.group()
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup("<wbr>").join(word[i : i + 16] for i in range(0, len(word), 16)))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _summary(lists: dict[str, PrintedList], snapshot: Snapshot) -> dict[str, Any]:
    """Counts per bidang (in each list, in both, and the items, each once) and per Pasal 17
    basis, as tables and as the charts drawn from them; the DIP's only once it is signed."""
    dik, dip = (
        Counter(_cell(row["bidang"]) for row in lists[key].rows) if key in lists else Counter()
        for key in ("dik", "dip")
    )
    both = Counter(_partly_exempted(lists["dik"], snapshot)) if "dip" in lists else Counter()
    fields = _merged(list(dip), list(dik))
    pasal = Counter(code for row in lists["dik"].rows for code in dict.fromkeys(row["pasal17"]))
    bases = sorted(pasal, key=_code_order)
    by_field = [(name, dik[name], dip[name], both[name]) for name in fields]
    by_basis = [(_pasal_label(code), pasal[code]) for code in bases]
    charts = _charts(by_field, by_basis, "dip" in lists) if fields else {}
    return {"per_bidang": by_field, "per_pasal": by_basis, "diagram": charts}


def _merged(first: list[str], second: list[str]) -> list[str]:
    """Two lists' bidang in the order both follow (the office's): a bidang only the second has
    comes after the one it follows there."""
    result = list(first)
    for position, name in enumerate(second):
        if name in result:
            continue
        before = [other for other in second[:position] if other in result]
        result.insert(result.index(before[-1]) + 1 if before else 0, name)
    return result


def _partly_exempted(dik: PrintedList, snapshot: Snapshot) -> list[str]:
    """The bidang of each item exempted in part: it is in both lists (its rows in the DIK are
    the snapshot's items, in the same order)."""
    if len(snapshot.butir) != len(dik.rows):
        return []  # recorded without its items: nothing to tell
    return [_cell(row["bidang"]) for row, item in zip(dik.rows, snapshot.butir, strict=True)
            if item.hasil == SEBAGIAN]  # fmt: skip


def _charts(
    by_field: list[tuple[str, int, int, int]], by_basis: list[tuple[str, int]], public: bool
) -> dict[str, Markup]:
    """Two horizontal bar charts as inline SVG; matplotlib is loaded only when a site is made."""
    charts = {
        "bidang": _bar_chart(
            [name for name, *_ in by_field],
            {"Dikecualikan": [n for _, n, _, _ in by_field]}
            | ({"Publik": [n for _, _, n, _ in by_field]} if public else {}),
            "bidang",
        )
    }
    if by_basis:
        charts["pasal"] = _bar_chart(
            [label for label, _ in by_basis], {"Dikecualikan": [n for _, n in by_basis]}, "pasal"
        )
    return charts


# Dark enough against white for graphics (WCAG 1.4.11, at least 3:1), and told apart by lightness.
_SERIES_COLOURS = {"Dikecualikan": "#9a3412", "Publik": "#1d4ed8"}


def _bar_chart(labels: list[str], series: dict[str, list[int]], name: str) -> Markup:
    """Bars with each label above its group, so the bars keep the full width on a phone."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
    from matplotlib.transforms import blended_transform_factory

    # Vertical layout in bar heights: a gap, the label's lines, then one bar per series.
    label_tops, bar_centres, y = [], [], 0.0
    wrapped = [textwrap.fill(label, 44) for label in labels]
    for label in wrapped:
        label_tops.append(y + 0.45)
        y += 0.45 + 0.9 * (label.count("\n") + 1)
        bar_centres.append([y + 0.5 + index for index in range(len(series))])
        y += len(series)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name, "font.size": 11}):
        # Drawn at the width a phone shows it (about 360 px), so its text stays readable there.
        figure = Figure(figsize=(4.4, 0.22 * (y + 0.3) + 0.8), layout="constrained")
        axes = figure.add_subplot()
        for index, (title, values) in enumerate(series.items()):
            centres = [group[index] for group in bar_centres]
            bars = axes.barh(
                centres, values, height=0.85, label=title, color=_SERIES_COLOURS[title]
            )
            axes.bar_label(bars, padding=3, fontsize=10)
        left_edge = blended_transform_factory(axes.transAxes, axes.transData)
        for label, top in zip(wrapped, label_tops, strict=True):
            axes.text(0, top, label, va="top", ha="left", transform=left_edge)
        axes.set_ylim(y + 0.3, 0)
        axes.set_yticks([])
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.margins(x=0.08)
        axes.spines[["top", "right", "left"]].set_visible(False)
        if len(series) > 1:
            axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=len(series), frameon=False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return Markup(_inline_svg(buffer.getvalue(), name))


def _inline_svg(svg: str, prefix: str) -> str:
    """An SVG file made fit to sit inside HTML: no prolog, unique ids, sized by its viewBox."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # matplotlib's style sheet ("*{stroke-linejoin: round}") would apply to the whole page,
    # and to the site the page is pasted into: only the charts get it
    svg = re.sub(r"(<style[^>]*>)\s*\*\s*\{", r"\1.dik-terbitan svg.diagram *{", svg)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    root_end = svg.index(">")
    root = re.sub(r'\s(width|height)="[^"]*"', "", svg[:root_end])
    label = f' role="img" aria-labelledby="judul-diagram-{prefix}" class="diagram"'
    return root + label + svg[root_end:]


def _pasal_label(code: str) -> str:
    """'17.h.2' → 'Pasal 17 huruf h angka 2', as the signed list cites it."""
    match = _PASAL.match(code.strip())
    if not match:
        return code
    letter, number = match.groups()
    return f"Pasal 17 huruf {letter}" + (f" angka {number}" if number else "")


def _code_order(code: str) -> list[tuple[int, int | str]]:
    return [(0, int(part)) if part.isdigit() else (1, part) for part in code.split(".")]


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{format_decimal(size / 1024 / 1024, '#,##0.0', locale='id')} MB"


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-")


def _entry(name: str, content: bytes) -> dict[str, Any]:
    return {"nama": name, "ukuran": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def _now() -> datetime:
    return datetime.now().astimezone()


def _write(path: Path, content: bytes) -> Path:
    def put(temporary: Path) -> None:
        temporary.write_bytes(content)
        temporary.chmod(_FILE_MODE)

    return write_atomically(path, put)


def _replace_folder(target: Path, build: Callable[[Path], list[str]]) -> list[str]:
    """Build a sibling folder, then swap it in; on any failure the published folder is as it was.

    Between the two renames `target` is briefly absent, never half-written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-baru-"))
    retired = staging.with_name(staging.name.replace("-baru-", "-lama-"))
    try:
        staging.chmod(_DIR_MODE)
        names = build(staging)
        if target.exists():
            os.rename(target, retired)
        try:
            os.rename(staging, target)
        except OSError:
            if retired.exists():
                os.rename(retired, target)
            raise
    except PermissionError as error:
        raise WorkspaceError(
            f"Folder {target} tidak dapat diganti; tutup berkas di dalamnya yang sedang dibuka "
            "(mis. dik.csv di Excel), lalu ulangi."
        ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
    return names
