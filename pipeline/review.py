"""SOP steps 4-5: the reviewers' decisions on the draft, and what they add up to.

A decision holds only for the content it was made on: each row carries a fingerprint (sidik) of
everything the signed list prints for that item, and a decision on content that changed since,
or on a row whose fingerprint was removed, must be given again.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline.logs import append_log, locked, neutralize, read_log
from pipeline.schema import SheetSpec
from pipeline.sheets import carry_filled
from pipeline.text import plain

SETUJU = "Setuju"
DIKEMBALIKAN = "Dikembalikan"
LEVELS = (
    ("keputusan_pembantu", "catatan_pembantu", "ppid_pembantu", "Langkah 4 (PPID Pembantu)"),
    ("keputusan_atasan", "catatan_atasan", "kepala", "Langkah 5 (Atasan PPID)"),
)
DECISIONS = [level[0] for level in LEVELS]
STALE = (
    "Isi butir berubah setelah diputuskan: kosongkan keputusan, jalankan make konsep, "
    "lalu putuskan lagi."
)


def fingerprint(values: Mapping[str, object]) -> str:
    """A short hash of an item's printed content; any change in any field changes it."""
    content = "\x1f".join(f"{key}={plain(values[key])}" for key in sorted(values))
    return hashlib.sha256(content.encode()).hexdigest()[:12]


def review_rows(
    given: pd.DataFrame, previous: pd.DataFrame | None, spec: SheetSpec
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows for tinjauan.xlsx, rows kept aside), keeping every decision already filled.

    `given` carries the current fingerprint; a row with a decision keeps the fingerprint it was
    decided on (blank if someone removed it), so a change shows as stale.
    """
    rows, aside = carry_filled(given, previous, spec, ["id"])
    if previous is not None and len(rows):
        decided = rows[[c.name for c in spec.columns if not c.given]].notna().any(axis=1)
        kept = previous.drop_duplicates(subset="id").set_index("id")["sidik"]
        rows.loc[decided, "sidik"] = rows.loc[decided, "id"].map(kept).fillna("").to_numpy()
        stale = decided & (rows["sidik"] != given["sidik"].to_numpy())
        rows.loc[stale, "catatan_sistem"] = rows.loc[stale, "catatan_sistem"].map(
            lambda note: f"{note}; {STALE}" if plain(note) else STALE
        )
    return rows, aside


@dataclass
class Verdict:
    approved: bool
    returned: pd.DataFrame  # id, judul, oleh (role key), tahap, catatan
    pending: pd.DataFrame  # id, judul, alasan


def decide(review: pd.DataFrame, current: Mapping[str, str], spec: SheetSpec) -> Verdict:
    """Both levels must agree on every item, on the content as it is now."""
    returned, pending = [], []
    for _, row in review.iterrows():
        decisions = [_decision(row, name, spec) for name in DECISIONS]
        for decision, (_, note, role, step) in zip(decisions, LEVELS, strict=True):
            if decision == DIKEMBALIKAN:
                returned.append(
                    {"id": row["id"], "judul": row["judul"], "oleh": role, "tahap": step,
                     "catatan": plain(row[note]) or "(tanpa catatan)"}
                )  # fmt: skip
                break
        else:
            reason = _pending_reason(row, decisions, current.get(row["id"], ""))
            if reason:
                pending.append({"id": row["id"], "judul": row["judul"], "alasan": reason})
    return Verdict(
        approved=not returned and not pending and len(review) > 0,
        returned=pd.DataFrame(returned, columns=["id", "judul", "oleh", "tahap", "catatan"]),
        pending=pd.DataFrame(pending, columns=["id", "judul", "alasan"]),
    )


def agreed(review: pd.DataFrame, current: Mapping[str, str], spec: SheetSpec) -> set[str]:
    """IDs both levels agreed on, on unchanged content."""
    return {
        row["id"]
        for _, row in review.iterrows()
        if not _pending_reason(
            row, [_decision(row, n, spec) for n in DECISIONS], current.get(row["id"], "")
        )
    }


def _decision(row: pd.Series, name: str, spec: SheetSpec) -> str | None:
    """The decision as meant ('setuju' is Setuju); None when empty, the raw text when unknown."""
    text = plain(row[name])
    return (spec[name].choice(text) or text) if text else None


def _pending_reason(row: pd.Series, decisions: list[str | None], current: str) -> str:
    if any(d is not None for d in decisions) and plain(row["sidik"]) != current:
        return "isi berubah setelah diputuskan"
    for decision, label in zip(decisions, ("PPID Pembantu", "Atasan PPID"), strict=True):
        if decision is None:
            return f"belum diputuskan {label}"
        if decision != SETUJU:
            return f"keputusan {label} '{decision}' tidak dikenal; isi Setuju atau Dikembalikan"
    return ""


LOG_COLUMNS = ["Tanggal", "ID", "Judul", "Tahap", "Oleh", "Catatan", "Sidik Isi"]


def log_returns(
    path: Path, returned: pd.DataFrame, review: pd.DataFrame, names: Mapping[str, str], day: date
) -> int:
    """Append each return not logged before (same item, step, note and content); the count added.

    The log makes SOP steps 4-5 traceable after tinjauan.xlsx has been corrected and re-decided.
    """
    fingerprints = dict(zip(review["id"], review["sidik"], strict=True))
    key = ("ID", "Tahap", "Catatan", "Sidik Isi")
    with locked(path):
        seen = {tuple(r[k] for k in key) for r in read_log(path, LOG_COLUMNS)}  # as stored
        new = [
            {"Tanggal": day.isoformat(), "ID": r["id"], "Judul": r["judul"], "Tahap": r["tahap"],
             "Oleh": names[r["oleh"]], "Catatan": r["catatan"],
             "Sidik Isi": plain(fingerprints.get(r["id"]))}
            for _, r in returned.iterrows()
        ]  # fmt: skip
        new = [r for r in new if tuple(neutralize(r[k]) for k in key) not in seen]
        if new:
            append_log(path, LOG_COLUMNS, new)
    return len(new)
