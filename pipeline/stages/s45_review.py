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

from pipeline.kit.carry import carry_filled
from pipeline.kit.checker import check_cells
from pipeline.kit.logs import append_log, locked, neutralize, read_log, restore
from pipeline.kit.problems import LOCATION, frame, records
from pipeline.kit.reference import References
from pipeline.kit.schema import SheetSpec, review_spec
from pipeline.kit.sheets import FillSheet
from pipeline.kit.text import plain

SETUJU, DIKEMBALIKAN = review_spec()["keputusan_pembantu"].choices
LEVELS = (
    ("keputusan_pembantu", "catatan_pembantu", "ppid_pembantu", "Langkah 4 (PPID Pembantu)"),
    ("keputusan_atasan", "catatan_atasan", "kepala", "Langkah 5 (Atasan PPID)"),
)
DECISIONS = [level[0] for level in LEVELS]
DATES = ["tanggal_pembantu", "tanggal_atasan"]  # when each level decided, as typed dates
CHANGED = "isi berubah setelah diputuskan"
DIK, DIP, BOTH = "DIK", "DIP", "DIK dan DIP"  # which list an item is printed in
REVIEWERS = ("PPID Pembantu", "Atasan PPID")  # who decides at steps 4 and 5, as the sheet says
AWAITING = "belum diputuskan {}"
STALE = "Isi butir berubah setelah diputuskan, maka keputusannya dikosongkan: putuskan lagi"


def fingerprint(values: Mapping[str, object]) -> str:
    """A short hash of an item's printed content; any change in any field changes it."""
    content = "\x1f".join([f"{key}={plain(values[key])}" for key in sorted(values)])
    return hashlib.sha256(content.encode()).hexdigest()[:12]


@dataclass
class Verdict:
    """What SOP steps 4-5 add up to: signed only when nothing is returned or pending."""

    approved: bool
    returned: pd.DataFrame  # id, judul, oleh, tahap, catatan, tanggal (date or None), daftar
    pending: pd.DataFrame  # id, judul, alasan

    @property
    def at_step5(self) -> pd.Series:
        """Which pending items were approved at step 4 and wait only for step 5."""
        return self.pending["alasan"] == AWAITING.format(REVIEWERS[1])


@dataclass
class Review:
    """tinjauan.xlsx as it is, as it should be, and what its decisions add up to."""

    previous: FillSheet | None
    rows: pd.DataFrame  # what tinjauan.xlsx should hold (decisions as people typed them)
    aside: pd.DataFrame  # decisions on items no longer in the draft
    current: dict[str, str]  # id -> fingerprint of what is printed now
    problems: pd.DataFrame  # cells whose decision cannot be read
    verdict: Verdict
    redecide: list[str]  # items whose content changed after a decision: decide again
    # id, DECISIONS and DATES of the decisions that hold on the content as it is now, typed; a
    # date only beside an approval (a return asks for a new test, which may well follow it)
    standing: pd.DataFrame

    @property
    def orphan_decisions(self) -> pd.DataFrame:
        return self.aside[self.aside[DECISIONS].notna().any(axis=1)]


def assess_review(
    given: pd.DataFrame, previous: FillSheet | None, spec: SheetSpec, refs: References
) -> Review:
    """The review sheet refreshed from the draft (`given` carries each row's fingerprint),
    every decision kept with the fingerprint it was made on, and the verdict."""
    rows, aside = carry_filled(given, previous.rows if previous else None, spec, ["id"])
    decided = rows[[c.name for c in spec.filled]].notna().any(axis=1)
    rows.loc[decided, "sidik"] = rows.loc[decided, "id"].map(
        previous.rows.drop_duplicates(subset="id").set_index("id")["sidik"]
        if previous is not None
        else {}
    )
    rows["sidik"] = rows["sidik"].where(~decided, rows["sidik"].fillna(""))
    current = dict(zip(given["id"].tolist(), given["sidik"].tolist(), strict=True))
    stale = decided & (rows["sidik"] != rows["id"].map(current))
    typed, problems = rows.astype(object), frame([])
    located = rows["baris"].notna()
    if previous is not None and located.any():
        checked = check_cells(rows[located], spec, refs, previous.sources)
        typed.loc[located, DECISIONS + DATES] = checked.typed[DECISIONS + DATES]
        problems = checked.problems
    typed.loc[~located, DATES] = None
    verdict = decide(typed, current, _unreadable(rows, problems))
    standing = typed[["id", *DECISIONS, *DATES]].copy()
    standing.loc[stale, DECISIONS] = None
    for decision, day in zip(DECISIONS, DATES, strict=True):
        standing.loc[standing[decision] != SETUJU, day] = None
    return Review(previous, _cleared(rows, stale, spec, current), aside, current, problems,
                  verdict, list(rows.loc[stale, "id"]), standing)  # fmt: skip


def _cleared(
    rows: pd.DataFrame, stale: pd.Series, spec: SheetSpec, current: Mapping[str, str]
) -> pd.DataFrame:
    """The sheet to write: decisions made on content that changed since are emptied, to be
    given again, and what they were is kept in Catatan Sistem (the return log keeps returns)."""
    rows = rows.copy()
    filled = [c.name for c in spec.filled]
    if not stale.any():
        return rows
    labels = {name: spec[name].label for name in filled}
    # a row at a time as dicts: DataFrame.apply makes a Series of each, at ten times the cost
    old = [
        "; ".join(f"{labels[name]}: {plain(value)}" for name, value in row.items() if plain(value))
        for row in records(rows.loc[stale, filled])
    ]
    note = pd.Series([f"{STALE} (Keputusan lama: {text})" for text in old], index=rows.index[stale])
    before = rows.loc[stale, "catatan_sistem"].map(plain)
    rows.loc[stale, "catatan_sistem"] = before.where(before == "", before + "; ") + note
    rows.loc[stale, filled] = None
    rows.loc[stale, "sidik"] = rows.loc[stale, "id"].map(current)
    return rows


def _unreadable(rows: pd.DataFrame, problems: pd.DataFrame) -> dict[str, str]:
    """id -> the message of a decision cell that cannot be read."""
    by_place = rows[rows["baris"].notna()].set_index(LOCATION)["id"]
    return {by_place[(p["Berkas"], p["Lembar"], p["Baris"])]: p["Pesan"] for p in records(problems)}


def decide(
    review: pd.DataFrame, current: Mapping[str, str], unreadable: Mapping[str, str]
) -> Verdict:
    """Both levels must agree on every item, on the content as it is now."""
    returned, pending = [], []
    for row in records(review):
        decisions = [plain(row[name]) or None for name in DECISIONS]
        changed = any(d is not None for d in decisions) and plain(row["sidik"]) != current.get(
            row["id"], ""
        )
        if changed:
            pending.append({"id": row["id"], "judul": row["judul"], "alasan": CHANGED})
            continue
        for decision, (_, note, role, step), day in zip(decisions, LEVELS, DATES, strict=True):
            if decision == DIKEMBALIKAN:
                returned.append(
                    {"id": row["id"], "judul": row["judul"], "oleh": role, "tahap": step,
                     "catatan": plain(row[note]) or "(tanpa catatan)",
                     "tanggal": row.get(day) if isinstance(row.get(day), date) else None,
                     "daftar": plain(row.get("daftar"))}
                )  # fmt: skip
                break
        else:
            # An item only in the DIP is set by the PPID: step 4 confirms it (SOP; reference §2.7).
            needed = decisions[:1] if plain(row.get("daftar")) == DIP else decisions
            reason = unreadable.get(row["id"]) or next(
                (
                    AWAITING.format(label)
                    for decision, label in zip(needed, REVIEWERS, strict=False)
                    if decision is None
                ),
                "",
            )
            if reason:
                pending.append({"id": row["id"], "judul": row["judul"], "alasan": reason})
    return Verdict(
        approved=not returned and not pending and len(review) > 0,
        returned=pd.DataFrame(
            returned, columns=["id", "judul", "oleh", "tahap", "catatan", "tanggal", "daftar"]
        ),
        pending=pd.DataFrame(pending, columns=["id", "judul", "alasan"]),
    )


LOG_COLUMNS = ["Tanggal", "ID", "Judul", "Tahap", "Oleh", "Catatan", "Sidik Isi"]


def log_returns(
    path: Path, returned: pd.DataFrame, review: pd.DataFrame, names: Mapping[str, str], day: date
) -> int:
    """Append each return not logged before (same item, step, note and content); the count added.

    The log makes SOP steps 4-5 traceable after tinjauan.xlsx has been corrected and re-decided.
    A return is dated by its decision in tinjauan.xlsx, `day` when the reviewer left no date.
    """
    fingerprints = dict(zip(review["id"], review["sidik"], strict=True))
    key = ("ID", "Tahap", "Catatan", "Sidik Isi")
    with locked(path):
        seen = {tuple(r[k] for k in key) for r in read_log(path, LOG_COLUMNS)}  # as stored
        new = [
            {"Tanggal": _day(r.get("tanggal"), day).isoformat(), "ID": r["id"],
             "Judul": r["judul"], "Tahap": r["tahap"],
             "Oleh": names[r["oleh"]], "Catatan": r["catatan"],
             "Sidik Isi": plain(fingerprints.get(r["id"]))}
            for _, r in returned.iterrows()
        ]  # fmt: skip
        new = [r for r in new if tuple(neutralize(r[k]) for k in key) not in seen]
        if new:
            append_log(path, LOG_COLUMNS, new)
    return len(new)


def _day(value: object, default: date) -> date:
    return value if isinstance(value, date) else default


def logged_returns(path: Path) -> list[dict[str, object]]:
    """Every return in riwayat_pengembalian.csv: id, judul, catatan, tanggal (a date), and the
    step it was made at ('langkah4' or 'langkah5'); what the return letters are made from, so
    each letter can be made again after the list is approved, or after keluaran/ is gone."""
    steps = {level[3]: f"langkah{number}" for number, level in enumerate(LEVELS, 4)}
    found = []
    for row in read_log(path, LOG_COLUMNS):
        step = steps.get(row["Tahap"])
        try:
            day = date.fromisoformat(row["Tanggal"])
        except ValueError:
            continue  # a line edited by hand beyond reading: the log itself still holds it
        if step is None:
            continue
        found.append({"id": restore(row["ID"]), "judul": restore(row["Judul"]), "langkah": step,
                      "catatan": restore(row["Catatan"]), "tanggal": day})  # fmt: skip
    return found
