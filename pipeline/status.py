"""Where the round stands: counts per SOP step and bidang, what is missing, what is due."""

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from pipeline import archive
from pipeline.consequence import EXEMPTED
from pipeline.dates import add_years, long_date, parse_date
from pipeline.review import agreed
from pipeline.schema import review_spec
from pipeline.steps import Draft, Review, Round, build_draft, review_state
from pipeline.workspace import Workspace

DUE_WITHIN = timedelta(days=90)
_YEARS = re.compile(r"^(\d+)\s*tahun", re.IGNORECASE)


@dataclass
class StatusReport:
    per_bidang: pd.DataFrame
    lines: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    next_step: str = ""


def round_status(round_: Round, workspace: Workspace, today: date | None = None) -> StatusReport:
    today = today or date.today()
    draft = build_draft(round_)
    review = review_state(draft, round_) if workspace.review_sheet.exists() else None
    approved = agreed(review.rows, review.current, review_spec()) if review else set()
    rows, table = draft.checked.rows, draft.table
    lines = []
    for bidang in round_.config.bidang:
        mine, items = rows[rows["bidang"] == bidang.kode], table[table["bidang"] == bidang.kode]
        lines.append(
            {
                "Bidang": bidang.kode,
                "Berkas": mine["berkas"].nunique(),
                "Baris Valid": int((~mine["galat"]).sum()),
                "Baris Galat": int(mine["galat"].sum()),
                "Diuji": int((items["hasil"] != "").sum()),
                "Dikecualikan": int(items["hasil"].isin(EXEMPTED).sum()),
                "Disetujui": int(items["id"].isin(approved).sum()),
            }
        )
    counts = pd.DataFrame(lines)
    totals = {"Bidang": "Jumlah"} | {c: int(counts[c].sum()) for c in counts.columns[1:]}
    missing = _missing(round_, workspace, draft, review, approved)
    due = _due(draft.exempted, round_, today) or [
        "Tidak ada jangka waktu pengecualian yang berakhir dalam 90 hari."
    ]
    return StatusReport(
        per_bidang=pd.concat([counts, pd.DataFrame([totals])], ignore_index=True),
        lines=due + _changed(workspace, table),
        missing=missing,
        next_step=_next_step(missing),
    )


def _missing(
    round_: Round, workspace: Workspace, draft: Draft, review: Review | None, approved: set[str]
) -> list[str]:
    table = draft.table
    sent = set(draft.checked.rows["bidang"].dropna())
    missing = [f"isian {b.nama}" for b in round_.config.bidang if b.kode not in sent]
    if draft.rejected:
        missing.append(f"perbaikan isian: {draft.rejected} (make periksa)")
    if not workspace.test_sheet.exists():
        missing.append("lembar uji_konsekuensi.xlsx (make uji)")
    untested = int((table["hasil"] == "").sum())
    if untested:
        missing.append(f"hasil uji {untested} usulan")
    if review is None:
        missing.append("tinjauan.xlsx (make konsep)")
    elif undecided := len(set(draft.exempted["id"]) - approved):
        missing.append(f"keputusan tinjauan {undecided} butir (make tetapkan)")
    if not (workspace.archive / "register.csv").exists():
        missing.append("arsip daftar bertanda tangan (make arsip)")
    return missing


def _due(exempted: pd.DataFrame, round_: Round, today: date) -> list[str]:
    """Exemptions whose period ends within 90 days (Pasal 20: they then become public)."""
    lines = []
    decided = round_.config.date_of(round_.config.penetapan, "tanggal")
    for _, item in exempted.iterrows():
        match = _YEARS.match(str(item["jangka_waktu"] or ""))
        if not match:
            continue
        try:
            start = parse_date(item["tanggal_uji"]) if item["tanggal_uji"] else decided
        except ValueError:
            start = decided
        ends = add_years(start, int(match.group(1)))
        if ends - today <= DUE_WITHIN:
            lines.append(f"Jangka waktu {item['id']} ({item['judul']}) berakhir {long_date(ends)}.")
    return lines


def _changed(workspace: Workspace, table: pd.DataFrame) -> list[str]:
    """Archive items whose JRA status differs from the last archived list."""
    entry = archive.current(workspace.archive)
    snapshot = (
        workspace.archive / entry["Daftar Butir"] if entry and entry["Daftar Butir"] else None
    )
    if snapshot is None or not snapshot.is_file():
        return []
    rows = json.loads(snapshot.read_text(encoding="utf-8"))
    before = pd.DataFrame(rows, columns=["id", "status_arsip"]).set_index("id")["status_arsip"]
    now = table.set_index("id")["status_arsip"]
    return [
        f"Status arsip {item} berubah: {before[item]} → {now[item]} sejak daftar terakhir."
        for item in before.index.intersection(now.index)
        if before[item] != now[item]
    ]


def _next_step(missing: list[str]) -> str:
    steps = [
        ("isian ", "kumpulkan isian bidang di masuk/, lalu make periksa."),
        ("perbaikan", "kirim umpan balik ke bidang dan make periksa lagi."),
        ("lembar uji", "make uji."),
        ("hasil uji", "lengkapi uji_konsekuensi.xlsx, lalu make konsep."),
        ("tinjauan", "make konsep."),
        ("keputusan", "PPID Pembantu dan Atasan PPID mengisi tinjauan.xlsx, lalu make tetapkan."),
        ("arsip", "tandatangani daftar, lalu make arsip ARGS=berkasnya."),
    ]
    for prefix, step in steps:
        if any(item.startswith(prefix) for item in missing):
            return step
    return "putaran lengkap; make arsip ARGS=--periksa untuk memeriksa arsip."
