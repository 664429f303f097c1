"""Publishing a signed round: a static web page, and a zip for the kabupaten's PPID Utama.

Both are made from the snapshot `tetapkan` archives beside the signed file, so nothing is retyped
and nothing is shown that the signed list does not print: only each list's declared columns, plus
`bidang` and the Pasal 17 codes of the summary. Reviewer notes, system notes and internal IDs in
a snapshot row are dropped here, whatever the producer put in.

A decision that replaces earlier ones keeps them in view: the page and data.json name each
earlier decision (number, date, its signed file beside the page), mark the rows the new list
added or changed, and list what it removed and why. The export carries the snapshot itself
(daftar.json, with the lineage), from which `init --dari` starts the next round.
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
from importlib import metadata
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from pipeline.kit.dates import long_date
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import append_log, neutralize
from pipeline.kit.resources import TEMPLATES
from pipeline.kit.workspace import sha256, write_atomically
from pipeline.stages.s1_previous import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    Change,
    PastDecision,
    count,
)
from pipeline.stages.s5_snapshot import Decision, PrintedList, Snapshot

DATA_FORMAT = "dik-ppid-terbitan/1"
EXPORT_FORMAT = "dik-ppid-ekspor/1"
LINEAGE_FILE = "daftar.json"  # in the export: the snapshot as archived, lineage included
# How a row of the new DIK is marked on the page: (label, CSS class).
MARKS = {ADDED: ("Baru", "baru"), CHANGED: ("Berubah", "berubah")}
Earlier = list[tuple[PastDecision, Path | None]]  # each earlier decision and its signed file
WEB_DIR = TEMPLATES / "web"
LOG_COLUMNS = [
    "Waktu", "Nomor Keputusan", "Berkas Ekspor", "SHA-256", "Jumlah DIK", "Jumlah DIP",
]  # fmt: skip
TITLES = {"dik": "Daftar Informasi yang Dikecualikan", "dip": "Daftar Informasi Publik"}
# How each list stands to the signed decision: the decision determines the DIK; the DIP is the
# same test's open side, drawn up with it (the decision does not enumerate it).
BASIS = {"dik": "menurut", "dip": "yang disusun bersama"}
# What a spreadsheet would read as the start of a formula (OWASP "CSV injection").
_PASAL = re.compile(r"^17\.([a-j])(?:\.(\d+))?$")
_LONG_WORD = re.compile(r"\S{25,}")
_FILE_MODE, _DIR_MODE = 0o644, 0o755  # a published site is read by a web server's user


@dataclass(frozen=True)
class _Signed:
    """The signed file read once, so what is hashed is exactly what is published."""

    suffix: str
    name: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def write_site(
    snapshot: Snapshot,
    signed: Path,
    registration: dict[str, str],
    target: Path,
    earlier: Earlier | None = None,
) -> list[Path]:
    """Replace `target` (keluaran/web/) with the page, its data files and the signed file (and
    the signed files of the decisions it replaced, when kept).

    The folder is built beside `target` and swapped in, so a half-published site never exists.
    """
    lists = snapshot.lists
    document = _signed(snapshot, signed, registration)
    published = _now()
    before = _earlier(snapshot, earlier)

    def build(folder: Path) -> list[str]:
        files = {document.name: document.content}
        files |= {entry["nama"]: entry["isi"] for entry in before if entry["nama"]}
        files |= _data_files(snapshot, lists, document, published, before)
        files["index.html"] = _page(snapshot, lists, document, published, before).encode("utf-8")
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
    recorded: Path | None = None,
) -> Path:
    """A zip for the kabupaten's PPID Utama in the folder `target`, logged in `log` (CSV).

    The zip holds dik.csv, dip.csv, data.json, the signed file, register.csv (this archive row),
    daftar.json (`recorded`, the snapshot as archived, with its lineage) and manifest.json with
    every file's size and SHA-256. Exporting the same decision again replaces its zip; the log
    keeps every export.
    """
    lists = snapshot.lists
    document = _signed(snapshot, signed, registration)
    created = _now()
    files = {document.name: document.content}
    files |= _data_files(snapshot, lists, document, created, _earlier(snapshot, None))
    files["register.csv"] = _csv(list(registration), [registration])
    if recorded is not None:
        files[LINEAGE_FILE] = recorded.read_bytes()
    decision = snapshot.keputusan
    listing = [_entry(name, content) for name, content in files.items()]
    manifest = {
        "format": EXPORT_FORMAT,
        "instansi": snapshot.instansi,
        "periode": snapshot.tahun,
        "keputusan": {"nomor": decision.nomor, "tanggal": decision.tanggal.isoformat()},
        "jumlah": {key: len(item.rows) for key, item in lists.items()},
        "berkas": listing,
        "alat": {"nama": "dik-ppid", "versi": _version()},
        "dibuat": created.isoformat(timespec="seconds"),
    }
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
        "Jumlah DIP": str(len(lists["dip"].rows)),
    }
    append_log(log, LOG_COLUMNS, [{key: neutralize(value) for key, value in row.items()}])
    return zip_path


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


def _signed(snapshot: Snapshot, signed: Path, registration: dict[str, str]) -> _Signed:
    """The signed file, refused unless it is the very file the archive register recorded."""
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
    name = f"keputusan_{_slug(number) or snapshot.tahun}{signed.suffix.lower()}"
    return _Signed(signed.suffix.lstrip(".").upper(), name, content)


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
    document: _Signed,
    published: datetime,
    before: list[dict[str, Any]],
) -> dict[str, bytes]:
    files = {
        f"{key}.csv": _csv(item.headers, [[_cell(row[k]) for k in item.keys] for row in item.rows])
        for key, item in lists.items()
    }
    decision = snapshot.keputusan
    data = {
        "format": DATA_FORMAT,
        "instansi": snapshot.instansi,
        "tahun": snapshot.tahun,
        "keputusan": {
            "nomor": decision.nomor,
            "tanggal": decision.tanggal.isoformat(),
            "penanda_tangan": _signer(decision),
        },
        "berkas_keputusan": {
            "nama": document.name,
            "ukuran": len(document.content),
            "sha256": document.sha256,
        },
        "diterbitkan": published.isoformat(timespec="seconds"),
        **{
            key: {"kolom": [asdict(column) for column in item.columns], "baris": list(item.rows)}
            for key, item in lists.items()
        },
        **_lineage(snapshot, before),
    }
    files["data.json"] = _json(data)
    return files


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
        values = [row[h] for h in headers] if isinstance(row, dict) else row
        writer.writerow([neutralize(_cell(value)) for value in values])
    return buffer.getvalue().encode("utf-8-sig")


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _page(
    snapshot: Snapshot,
    lists: dict[str, PrintedList],
    document: _Signed,
    published: datetime,
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
    decision = snapshot.keputusan
    context = {
        "instansi": snapshot.instansi,
        "tahun": snapshot.tahun,
        "keputusan": {
            "nomor": decision.nomor,
            "tanggal_iso": decision.tanggal.isoformat(),
            "tanggal": long_date(decision.tanggal),
            "penanda_tangan": _signer(decision),
        },
        "berkas": {
            "nama": document.name,
            "jenis": document.suffix or "berkas",
            "ukuran": _size(len(document.content)),
            "sha256": document.sha256,
        },
        "daftar": [
            _table(item, _marks(snapshot) if key == "dik" else {}) for key, item in lists.items()
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
        "ringkasan": _summary(lists),
        "diterbitkan": long_date(published.date()),
        "versi": _version(),
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
    counts = count(snapshot.perubahan)
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


def _table(item: PrintedList, marks: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """One list as the template shows it: declared columns only, bidang kept for the filter,
    and the mark of a row the new decision added or changed."""
    keys = [column.kunci for column in item.columns]
    # The first column that is not the running number names the item: the row's header cell.
    header = next((i for i, key in enumerate(keys) if key != "no"), 0)
    return {
        "kunci": item.key,
        "judul": TITLES[item.key],
        "dasar": BASIS[item.key],
        "kolom": [column.judul for column in item.columns],
        "kepala_baris": header,
        "baris": [
            {
                "bidang": _cell(row["bidang"]),
                "sel": [_cell(row[key]) for key in keys],
                "tanda": marks.get(_cell(row.get("no")), ("", "")),
            }
            for row in item.rows
        ],
        "bidang": list(dict.fromkeys(_cell(row["bidang"]) for row in item.rows)),
    }


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


def _summary(lists: dict[str, PrintedList]) -> dict[str, Any]:
    """Counts per bidang and per Pasal 17 basis, as tables and as the charts drawn from them."""
    dik, dip = (Counter(_cell(row["bidang"]) for row in lists[key].rows) for key in ("dik", "dip"))
    fields = list(dict.fromkeys([*dik, *dip]))
    pasal = Counter(code for row in lists["dik"].rows for code in dict.fromkeys(row["pasal17"]))
    bases = sorted(pasal, key=_code_order)
    by_field = [(name, dik[name], dip[name]) for name in fields]
    by_basis = [(_pasal_label(code), pasal[code]) for code in bases]
    charts = _charts(by_field, by_basis) if fields else {}
    return {"per_bidang": by_field, "per_pasal": by_basis, "diagram": charts}


def _charts(
    by_field: list[tuple[str, int, int]], by_basis: list[tuple[str, int]]
) -> dict[str, Markup]:
    """Two horizontal bar charts as inline SVG; matplotlib is loaded only when a site is made."""
    charts = {
        "bidang": _bar_chart(
            [name for name, _, _ in by_field],
            {
                "Dikecualikan": [n for _, n, _ in by_field],
                "Publik": [n for _, _, n in by_field],
            },
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


def _version() -> str:
    try:
        return metadata.version("dik-ppid")
    except metadata.PackageNotFoundError:
        return "tidak diketahui"


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
