"""Where the round stands: counts per SOP step and bidang, what is missing, what is due."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from pipeline import archive
from pipeline.consequence import EXEMPTED
from pipeline.dates import long_date, parse_date
from pipeline.review import SETUJU
from pipeline.steps import Round, build_draft, merged_review
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
    rows, table = draft.checked.rows, draft.table
    review = merged_review(draft, round_)[0] if workspace.review_sheet.exists() else None
    agreed = set()
    if review is not None:
        both = (review["keputusan_pembantu"] == SETUJU) & (review["keputusan_atasan"] == SETUJU)
        agreed = set(review.loc[both, "id"])
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
                "Disetujui": int(items["id"].isin(agreed).sum()),
            }
        )
    per_bidang_ = pd.DataFrame(lines)
    totals = {"Bidang": "Jumlah"} | {c: int(per_bidang_[c].sum()) for c in per_bidang_.columns[1:]}
    report = StatusReport(pd.concat([per_bidang_, pd.DataFrame([totals])], ignore_index=True))
    report.missing = _missing(round_, workspace, draft, review, report.per_bidang)
    due = _due(draft.exempted, round_, today)
    report.lines = (
        due or ["Tidak ada jangka waktu pengecualian yang berakhir dalam 90 hari."]
    ) + _changed(workspace, table)
    report.next_step = _next_step(workspace, report.missing)
    return report


def _missing(
    round_: Round,
    workspace: Workspace,
    draft: object,
    review: pd.DataFrame | None,
    per_bidang: pd.DataFrame,
) -> list[str]:
    table = draft.table  # type: ignore[attr-defined]
    names = {b.kode: b.nama for b in round_.config.bidang}
    empty = per_bidang.loc[
        (per_bidang["Berkas"] == 0) & (per_bidang["Bidang"] != "Jumlah"), "Bidang"
    ]
    missing = [f"isian {names[code]}" for code in empty]
    if int(per_bidang["Baris Galat"].sum()):
        missing.append(
            f"perbaikan {int(per_bidang['Baris Galat'].sum())} baris isian (make periksa)"
        )
    if not workspace.test_sheet.exists():
        missing.append("lembar uji_konsekuensi.xlsx (make uji)")
    untested = int((table["hasil"] == "").sum())
    if untested:
        missing.append(f"hasil uji {untested} usulan")
    if review is None:
        missing.append("tinjauan.xlsx (make konsep)")
    else:
        undecided = int((review["keputusan_atasan"] != SETUJU).sum())
        if undecided:
            missing.append(f"keputusan tinjauan {undecided} butir")
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
        ends = start.replace(year=start.year + int(match.group(1)))
        if ends - today <= DUE_WITHIN:
            lines.append(f"Jangka waktu {item['id']} ({item['judul']}) berakhir {long_date(ends)}.")
    return lines


def _changed(workspace: Workspace, table: pd.DataFrame) -> list[str]:
    """Archive items whose JRA status differs from the last archived list."""
    snapshot = archive.latest_items(workspace.archive)
    if snapshot is None or not snapshot.is_file():
        return []
    before = pd.read_csv(snapshot, dtype=str, keep_default_na=False).set_index("id")["status_arsip"]
    now = table.set_index("id")["status_arsip"]
    return [
        f"Status arsip {item} berubah: {before[item]} → {now[item]} sejak daftar terakhir."
        for item in before.index.intersection(now.index)
        if before[item] != now[item]
    ]


def _next_step(workspace: Workspace, missing: list[str]) -> str:
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
