"""SOP steps 4-5: the reviewers' decisions on the draft, and what they add up to.

A decision holds only for the content it was given: each row carries a fingerprint (sidik) of
what the reviewers saw, and a decision on content that changed since must be given again.
"""

import hashlib
from dataclasses import dataclass

import pandas as pd

from pipeline.schema import SheetSpec

SETUJU = "Setuju"
DIKEMBALIKAN = "Dikembalikan"
LEVELS = (
    ("keputusan_pembantu", "catatan_pembantu", "ppid_pembantu", "Langkah 4 (PPID Pembantu)"),
    ("keputusan_atasan", "catatan_atasan", "kepala", "Langkah 5 (Atasan PPID)"),
)
FINGERPRINTED = ["id", "judul", "hasil_uji", "pasal17", "jangka_waktu", "status_arsip"]


def fingerprint(row: pd.Series) -> str:
    content = "\x1f".join(str(row[name]) for name in FINGERPRINTED)
    return hashlib.sha256(content.encode()).hexdigest()[:12]


def review_rows(
    draft: pd.DataFrame, previous: pd.DataFrame | None, spec: SheetSpec
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows for tinjauan.xlsx, rows kept aside), keeping every decision already filled.

    The fingerprint is renewed only while a row has no decision, so a decision stays tied to
    the content it was made on.
    """
    decided_columns = [c.name for c in spec.columns if not c.given]
    rows = draft.reset_index(drop=True).copy()
    current = rows.apply(fingerprint, axis=1) if len(rows) else pd.Series(dtype=str)
    rows["sidik"] = current
    for name in decided_columns:
        rows[name] = None
    if previous is None or previous.empty:
        return rows[spec.names], rows.iloc[0:0][spec.names]
    previous = previous.drop_duplicates(subset="id").set_index("id", drop=False)
    known = rows["id"].isin(previous.index)
    for name in decided_columns:
        rows.loc[known, name] = rows.loc[known, "id"].map(previous[name]).to_numpy()
    decided = known & rows[decided_columns].notna().any(axis=1)
    old = rows.loc[decided, "id"].map(previous["sidik"])
    rows.loc[decided, "sidik"] = old.where(old.notna(), rows.loc[decided, "sidik"])
    stale = decided & (rows["sidik"] != current)
    rows.loc[stale, "catatan_sistem"] = rows.loc[stale, "catatan_sistem"].map(
        lambda note: _join(
            note,
            "Isi butir berubah setelah diputuskan: kosongkan keputusan, jalankan konsep, "
            "lalu putuskan lagi.",
        )
    )
    orphans = previous[~previous.index.isin(rows["id"])]
    orphans = orphans[orphans[decided_columns].notna().any(axis=1)]
    return rows[spec.names], orphans.reset_index(drop=True)[spec.names]


@dataclass
class Verdict:
    approved: bool
    returned: pd.DataFrame  # id, judul, oleh (role key), tahap, catatan
    pending: pd.DataFrame  # id, judul, alasan


def decide(review: pd.DataFrame, spec: SheetSpec) -> Verdict:
    """Both levels must agree on every item, on unchanged content, with no blocking conflict."""
    returned, pending = [], []
    for _, row in review.iterrows():
        current = fingerprint(row)
        first = spec["keputusan_pembantu"].choice(_text(row["keputusan_pembantu"]) or "-")
        second = spec["keputusan_atasan"].choice(_text(row["keputusan_atasan"]) or "-")
        for decision, (_, note, role, step) in zip((first, second), LEVELS, strict=True):
            if decision == DIKEMBALIKAN:
                returned.append(
                    {
                        "id": row["id"],
                        "judul": row["judul"],
                        "oleh": role,
                        "tahap": step,
                        "catatan": _text(row[note]) or "(tanpa catatan)",
                    }
                )
                break
        else:
            reason = _pending_reason(row, first, second, current)
            if reason:
                pending.append({"id": row["id"], "judul": row["judul"], "alasan": reason})
    return Verdict(
        approved=not returned and not pending and len(review) > 0,
        returned=pd.DataFrame(returned, columns=["id", "judul", "oleh", "tahap", "catatan"]),
        pending=pd.DataFrame(pending, columns=["id", "judul", "alasan"]),
    )


def _pending_reason(row: pd.Series, first: str | None, second: str | None, current: str) -> str:
    if row["sidik"] and row["sidik"] != current:
        return "isi berubah setelah diputuskan"
    if first != SETUJU:
        return "belum diputuskan PPID Pembantu"
    if second != SETUJU:
        return "belum diputuskan Atasan PPID"
    return ""


def _join(first: object, second: str) -> str:
    text = "" if first is None or (isinstance(first, float) and pd.isna(first)) else str(first)
    return f"{text}; {second}" if text else second


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()
