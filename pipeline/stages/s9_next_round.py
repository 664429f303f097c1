"""After the round: the next period's workspace starts from this one's signed list (init --dari).

The last round is read from its workspace folder (the signed list and its snapshot from arsip/,
checked against the register; instansi.toml; the office's own JRA, logo and templates; the
decisions it continued, from its riwayat/) or from the zip `ekspor` made of it (every file
checked against manifest.json). Either is read like any file from outside: sizes bounded before
anything is read, names that would leave the folder refused, every hash compared.

The new workspace gets the office's settings with the period and its dates moved on and each
letter counter marked <<...>> for the agenda book's next number; riwayat/ with the decisions it
continues (signed files and riwayat.json); and one form per bidang holding the bidang's items
as they were signed, each saying what the list decided and whether it is tested again.
"""

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.kit.config import Config, load_config, scaffold, toml_string
from pipeline.kit.dates import NOT_YET, add_years, parse_date
from pipeline.kit.errors import ConfigError, WorkspaceError
from pipeline.kit.reference import References
from pipeline.kit.schema import YA, inventory_spec
from pipeline.kit.workspace import Workspace, sha256, write_atomically
from pipeline.stages import s6_archive as archive
from pipeline.stages.s1_previous import (
    KEEP,
    History,
    PastDecision,
    PastItem,
    reasons,
    write_history,
)
from pipeline.stages.s2_forms import build_form
from pipeline.stages.s3d_classify import archive_status
from pipeline.stages.s5_snapshot import FORMAT as SNAPSHOT_FORMAT
from pipeline.stages.s5_snapshot import Snapshot, SnapshotError, parse_snapshot
from pipeline.stages.s7_publish import EXPORT_FORMAT
from pipeline.stages.s7_publish import LINEAGE_FILE as SNAPSHOT_IN_EXPORT

MAX_FILE = 512 * 1024 * 1024  # the snapshot of 100,000 items is about 250 MB; a signed scan
MAX_ZIP = 1024 * 1024 * 1024  # on disk, and all members unpacked
MAX_MEMBERS = 64
MAX_TEMPLATES = 20


@dataclass
class LastRound:
    """What the next round takes from the last: all read and checked, nothing yet written."""

    source: str  # the folder or zip, as the officer named it
    snapshot: Snapshot
    signed_name: str
    signed: bytes
    config_text: str | None = None  # instansi.toml of a workspace folder; None from a zip
    office_files: dict[str, bytes] = field(default_factory=dict)  # JRA, logo, templat/*.docx
    earlier_files: dict[str, bytes] = field(default_factory=dict)  # riwayat/ signed files


@dataclass
class NextRound:
    """What `start` wrote."""

    tahun: int
    history: History
    forms: list[Path]
    carried: int  # items put into the forms
    due: int  # of which to be tested again
    unplaced: list[str]  # bidang of the last list that instansi.toml no longer has


# --- reading the last round ----------------------------------------------------------------


def read_last_round(source: Path) -> LastRound:
    """The last round from its workspace folder or its export zip; one sentence when neither."""
    if source.is_dir():
        return _from_folder(source)
    if source.is_file() and zipfile.is_zipfile(source):
        return _from_zip(source)
    raise WorkspaceError(
        f"{source} bukan folder kerja atau berkas ekspor .zip; sebutkan folder kerja tahun lalu "
        "(yang berisi instansi.toml dan arsip/) atau zip dari perintah ekspor."
    )


def _from_folder(folder: Path) -> LastRound:
    old = Workspace(folder)
    if not old.config.is_file():
        raise WorkspaceError(
            f"Folder {folder} bukan folder kerja (tidak ada instansi.toml); sebutkan folder kerja "
            "tahun lalu atau berkas ekspor .zip."
        )
    config = load_config(old.config)
    entry = archive.current(old.archive)
    if entry is None:
        raise WorkspaceError(
            f"Folder kerja {folder} belum memiliki daftar bertanda tangan di arsip/; arsipkan "
            "daftar itu lebih dulu (arsip), lalu ulangi init --dari."
        )
    try:
        snapshot = archive.current_snapshot(old.archive)
    except SnapshotError as error:
        raise WorkspaceError(f"{error} (arsip {folder})") from error
    signed = archive.signed_file(old.archive, entry)
    if snapshot is None or signed is None:
        raise WorkspaceError(
            f"Daftar bertanda tangan nomor {entry['No']} di {folder}/arsip tidak utuh (SHA-256 "
            "tidak cocok dengan register, atau berkasnya hilang); periksa dengan arsip --periksa "
            "di folder itu."
        )
    last = LastRound(str(folder), snapshot, signed.name, _bounded(signed),
                     _bounded(old.config).decode("utf-8-sig"))  # fmt: skip
    logo = config.office.get("logo", "").strip()
    wanted = [config.jra_path, folder / logo if logo else None]
    own = folder / "templat"
    if own.is_dir() and not own.is_symlink():
        wanted += sorted(own.glob("*.docx"))[:MAX_TEMPLATES]
    for path in wanted:
        if path is not None:
            name = _inside(folder, path)
            last.office_files[name] = _bounded(path)
    for decision in snapshot.keputusan_lalu:
        kept = old.history / decision.berkas if decision.berkas else None
        if kept and kept.is_file() and not kept.is_symlink() and sha256(kept) == decision.sha256:
            last.earlier_files[decision.berkas] = _bounded(kept)
    return last


def _inside(folder: Path, path: Path) -> str:
    """`path` relative to `folder`, refused when it leaves it (a link, `..`) or is no file."""
    try:
        relative = path.resolve().relative_to(folder.resolve())
    except ValueError:
        raise WorkspaceError(
            f"{path} berada di luar folder kerja {folder}; salin berkas itu ke folder kerja "
            "dan perbaiki instansi.toml-nya, lalu ulangi."
        ) from None
    if path.is_symlink() or not path.is_file():
        raise WorkspaceError(f"{path} bukan berkas biasa; ganti dengan berkasnya, lalu ulangi.")
    return relative.as_posix()


def _bounded(path: Path) -> bytes:
    if path.stat().st_size > MAX_FILE:
        raise WorkspaceError(
            f"{path.name} lebih dari {MAX_FILE // 1024 // 1024} MB; bukan berkas putaran ini."
        )
    return path.read_bytes()


def _from_zip(path: Path) -> LastRound:
    """The export zip, every member checked before it is trusted."""
    if path.stat().st_size > MAX_ZIP:
        raise _zip_error(path, f"lebih dari {MAX_ZIP // 1024 // 1024} MB")
    try:
        with zipfile.ZipFile(path) as package:
            members = _members(package, path)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise _zip_error(path, "tidak dapat dibuka") from error
    manifest = _json(members, "manifest.json", path)
    if manifest.get("format") != EXPORT_FORMAT:
        raise _zip_error(path, f"manifest.json bukan {EXPORT_FORMAT}")
    listed = manifest.get("berkas")
    if not isinstance(listed, list):
        raise _zip_error(path, "manifest.json tanpa daftar berkas")
    for entry in listed:
        name = entry.get("nama") if isinstance(entry, dict) else None
        if not isinstance(name, str) or name not in members:
            raise _zip_error(path, f"berkas {name!r} dari manifest.json tidak ada")
        if hashlib.sha256(members[name]).hexdigest() != entry.get("sha256"):
            raise _zip_error(path, f"SHA-256 {name} tidak cocok dengan manifest.json")
    names = {entry["nama"] for entry in listed}
    if "data.json" not in names:
        raise _zip_error(path, "tanpa data.json")
    if SNAPSHOT_IN_EXPORT not in names:
        raise _zip_error(
            path, f"tanpa {SNAPSHOT_IN_EXPORT} (dibuat versi lama); pakai folder kerja tahun lalu"
        )
    data = _json(members, SNAPSHOT_IN_EXPORT, path)
    if data.get("format") != SNAPSHOT_FORMAT:
        raise _zip_error(path, f"{SNAPSHOT_IN_EXPORT} bukan {SNAPSHOT_FORMAT}")
    try:
        snapshot = parse_snapshot(data)
    except SnapshotError as error:
        raise _zip_error(path, str(error)) from error
    published = _json(members, "data.json", path).get("berkas_keputusan") or {}
    signed = published.get("nama") if isinstance(published, dict) else None
    if not isinstance(signed, str) or signed not in names:
        raise _zip_error(path, "berkas keputusan bertanda tangan tidak ada")
    return LastRound(str(path), snapshot, signed, members[signed])


def _members(package: zipfile.ZipFile, path: Path) -> dict[str, bytes]:
    """Each member by name, read no further than its declared size allows."""
    entries = package.infolist()
    if len(entries) > MAX_MEMBERS:
        raise _zip_error(path, f"lebih dari {MAX_MEMBERS} berkas")
    found: dict[str, bytes] = {}
    total = 0
    for entry in entries:
        name = entry.filename
        if (not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}", name) or name in found
                or entry.flag_bits & 0x1):  # fmt: skip
            raise _zip_error(path, f"nama berkas {name!r} tidak sah, ganda atau terkunci")
        total += entry.file_size
        if entry.file_size > MAX_FILE or total > MAX_ZIP:
            raise _zip_error(path, f"{name} terlalu besar setelah dibuka")
        with package.open(entry) as handle:
            content = handle.read(entry.file_size + 1)
        if len(content) != entry.file_size:
            raise _zip_error(path, f"ukuran {name} tidak sesuai dengan yang tercatat")
        found[name] = content
    return found


def _json(members: Mapping[str, bytes], name: str, path: Path) -> dict[str, Any]:
    try:
        data = json.loads(members[name].decode("utf-8"))
    except (KeyError, UnicodeDecodeError, ValueError) as error:
        raise _zip_error(path, f"{name} tidak ada atau tidak terbaca") from error
    if not isinstance(data, dict):
        raise _zip_error(path, f"{name} tidak berisi objek")
    return data


def _zip_error(path: Path, why: str) -> WorkspaceError:
    return WorkspaceError(
        f"Berkas ekspor {path.name} tidak dapat dipakai ({why}); minta salinan dari riwayat "
        "ekspor, atau pakai folder kerja tahun lalu."
    )


# --- starting the next round ------------------------------------------------------------------


def start(
    last: LastRound,
    target: Workspace,
    tahun: int | None,
    refs_for: Callable[[Config], References],
) -> NextRound:
    """Write the new period's workspace into `target` (which has no instansi.toml yet).

    `refs_for(config)` gives the reference tables the new config names (its own JRA)."""
    old = last.snapshot
    year = tahun or old.tahun + 1
    if year < old.tahun:
        raise ConfigError(f"--tahun {year} mendahului daftar yang dilanjutkan (Tahun {old.tahun}).")
    text = (_moved_on(last.config_text, old, year) if last.config_text is not None
            else _scaffolded(old, year))  # fmt: skip
    target.root.mkdir(parents=True, exist_ok=True)
    for name, content in last.office_files.items():
        _put(target.root / name, content)
    write_atomically(target.config, lambda path: path.write_text(text, encoding="utf-8"))
    try:
        config = load_config(target.config)
    except ConfigError:
        target.config.unlink(missing_ok=True)
        raise
    history = _keep_history(last, target)
    target.inbox.mkdir(exist_ok=True)
    refs = refs_for(config)
    rows = form_rows(history, config, refs)
    folder = target.out("formulir")
    folder.mkdir(parents=True, exist_ok=True)
    forms = [build_form(folder / f"{bidang.kode}.xlsx", bidang, config, inventory_spec(True), refs,
                        rows.get(bidang.kode, [])) for bidang in config.bidang]  # fmt: skip
    codes = {bidang.kode for bidang in config.bidang}
    placed = [item for item in history.items if item.bidang in codes]
    due = sum(1 for item in placed if _due(item, history.last, config, refs))
    unplaced = sorted({item.bidang for item in history.items} - codes)
    return NextRound(year, history, forms, len(placed), due, unplaced)


def _keep_history(last: LastRound, target: Workspace) -> History:
    """riwayat/: the signed list continued (and those before it, when kept), and their record."""
    old = last.snapshot
    folder = target.history
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(last.signed_name).suffix.lower()
    name = f"keputusan_{old.tahun}_{re.sub(r'[^0-9A-Za-z]+', '-', old.keputusan.nomor).strip('-')}"
    _put(folder / f"{name}{suffix}", last.signed)
    history = old.as_history(f"{name}{suffix}", hashlib.sha256(last.signed).hexdigest())
    decisions = [history.last]
    for decision in history.decisions[1:]:
        content = last.earlier_files.get(decision.berkas)
        if content is None:
            decision = replace(decision, berkas="", sha256="")
        else:
            _put(folder / decision.berkas, content)
        decisions.append(decision)
    history = History(tuple(decisions), history.items)
    write_history(folder, history)
    return history


def _put(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda target: target.write_bytes(content))


def form_rows(
    history: History, config: Config, refs: References
) -> dict[str, list[dict[str, Any]]]:
    """Each bidang's rows of the last list for its form: the cells as they were signed, what
    the list decided and whether the item is tested again, its key, marked to keep."""
    rows: dict[str, list[dict[str, Any]]] = {}
    decision = history.last
    for item in history.items:
        row: dict[str, Any] = {name: _typed(name, value) for name, value in item.isian.items()}
        row["no"] = _number(item)
        due = _due(item, decision, config, refs)
        row["daftar_lalu"] = _decided(item, decision) + (
            f"; diuji ulang: {'; '.join(due)}." if due else "; tetap berlaku."
        )
        row["tindak_lanjut"] = KEEP
        row["kode_butir"] = item.kunci
        rows.setdefault(item.bidang, []).append(row)
    return rows


def _typed(name: str, value: str) -> object:
    """A recorded cell as the bidang would have typed it: numbers, dates, or the text."""
    if not value:
        return None
    if name in ("no", "tahun_pembuatan") and value.isdigit():
        return int(value)
    if name in ("tahun_pembuatan", "tanggal_ditutup") and value != NOT_YET:
        try:
            return parse_date(value)
        except ValueError:
            return value
    return value


def _number(item: PastItem) -> int | None:
    text = item.isian.get("no") or item.id.rpartition("-")[2]
    return int(text) if text.isdigit() else None


def _decided(item: PastItem, decision: PastDecision) -> str:
    if item.exempted:
        period = item.uji.get("jangka_waktu", "")
        what = f"{item.hasil}{f', jangka waktu {period}' if period else ''}"
    else:
        what = f"{item.hasil} (Daftar Informasi Publik)"
    return f"{what} menurut Keputusan Nomor {decision.nomor}"


def _due(item: PastItem, decision: PastDecision, config: Config, refs: References) -> list[str]:
    """Why the item is tested again as things stand when the round starts: its exemption ends
    within the period, or its archive status on the new reference date is another."""
    if not item.exempted and item.isian.get("usulan") != YA:
        return []
    found = reasons(item, decision, config.tahun)
    status = _status_on(item, refs, config.tanggal_acuan)
    if item.status_arsip and status and status != item.status_arsip:
        found.append(f"status arsip {item.status_arsip} → {status}")
    return found


def _status_on(item: PastItem, refs: References, day: date) -> str:
    code, clock = item.isian.get("kode_arsip", ""), item.archive_clock()
    if clock is None or code not in refs.jra.index:
        return ""
    closed, year = clock
    rule = refs.jra.loc[code]
    return archive_status(closed, year, dict(zip(map(str, rule.index), rule, strict=True)), day)


# --- instansi.toml moved on -------------------------------------------------------------------

_SECTION = re.compile(r"^\s*\[+\s*([A-Za-z0-9_.]+)\s*\]+")
_DATE_VALUE = re.compile(r"^(\s*[A-Za-z_]+\s*=\s*)(\d{4}-\d{2}-\d{2})(\s*(?:#.*)?)$")
_YEAR_VALUE = re.compile(r"^(tahun\s*=\s*)(\d{4})(\s*(?:#.*)?)$")
_COUNTER = re.compile(r'^(\s*nomor\s*=\s*)"?(\d+)"?(\s*(?:#.*)?)$')
_TITLE = re.compile(r"^(\s*hal\s*=\s*\".*Tahun )(\d{4})(.*)$")


def _moved_on(text: str, old: Snapshot, year: int) -> str:
    """The last round's instansi.toml for `year`: the period and every date moved on by the
    years between, each letter counter a <<...>> marker for the agenda book's next number."""
    shift = year - old.tahun
    lines, section = [], ""
    for line in text.splitlines():
        if match := _SECTION.match(line):
            section = match.group(1)
        if not section and (match := _YEAR_VALUE.match(line)):
            line = f"{match.group(1)}{year}{match.group(3)}"
        elif match := _DATE_VALUE.match(line):
            moved = add_years(date.fromisoformat(match.group(2)), shift)
            line = f"{match.group(1)}{moved.isoformat()}{match.group(3)}"
        elif section.startswith("penomoran.") and (match := _COUNTER.match(line)):
            marker = toml_string(f"<<nomor dari buku agenda; {old.tahun}: {match.group(2)}>>")
            line = f"{match.group(1)}{marker}{match.group(3)}"
        elif section == "nota_dinas" and (match := _TITLE.match(line)):
            line = f"{match.group(1)}{year}{match.group(3)}"
        lines.append(line)
    return _heading(old) + "\n".join(lines) + "\n"


def _heading(old: Snapshot) -> str:
    return (
        f"# Dibuat dengan init --dari dari daftar Tahun {old.tahun} (Keputusan Nomor "
        f"{old.keputusan.nomor}): periode dan tanggal\n# sudah dimajukan; ganti setiap nomor "
        "surat bertanda <<...>> dengan nomor dari buku agenda.\n"
    )


def _scaffolded(old: Snapshot, year: int) -> str:
    """instansi.toml for an office known only from its export: its name, code, place and bidang
    from the list, <<...>> wherever the officer must fill in."""
    names: dict[str, str] = {}
    by_row = {("dik", item.no_dik): item.bidang for item in old.inventaris if item.no_dik}
    by_row |= {("dip", item.no_dip): item.bidang for item in old.inventaris if item.no_dip}
    for key, printed in old.lists.items():
        for row in printed.rows:
            code = by_row.get((key, str(row.get("no", ""))))
            if code:
                names.setdefault(code, str(row.get("bidang") or code))
    for item in old.inventaris:
        names.setdefault(item.bidang, item.bidang)
    start = add_years(old.keputusan.tanggal, year - old.tahun)
    text = scaffold(old.instansi.get("sebutan") or old.instansi["nama"],
                    [f"{code}={name}" for code, name in names.items()], start)  # fmt: skip
    known = {key: old.instansi[key] for key in ("pemerintah", "nama", "kode", "tempat")
             if old.instansi.get(key)}  # fmt: skip
    lines, section = [], ""
    for line in text.splitlines():
        if match := _SECTION.match(line):
            section = match.group(1)
        key = line.split("=", 1)[0].strip()
        if not section and (match := _YEAR_VALUE.match(line)):
            line = f"{match.group(1)}{year}{match.group(3)}"
        elif section == "instansi" and key in known and "=" in line:
            line = f"{key} = {toml_string(known[key])}"
        lines.append(line)
    return _heading(old) + "\n".join(lines) + "\n"
