"""One documentation round, loaded once per command: each SOP stage computed at most once.

The round's state is data: where it stands (`Stage`), what still stops the list from being
signed (`Blocker`s, each naming the item, the cell and the fix), and the snapshot of what was
determined. Commands only present it.

Each stage is `derived`: computed on first use and kept. The round notes which stages each one
read while it was computed, so when the tool rewrites a sheet, the stage that read the sheet
and everything computed from it are dropped together and rebuilt when next asked for.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import pandas as pd

from pipeline import blockers
from pipeline.blockers import Blocker, Cells, Stage
from pipeline.documents import Revocation, law_titles
from pipeline.kit import cache
from pipeline.kit.citations import references_data
from pipeline.kit.config import Config, load_config
from pipeline.kit.dates import add_years, long_date
from pipeline.kit.periods import years_of
from pipeline.kit.problems import LOCATION, Source, records
from pipeline.kit.reference import References, load_references
from pipeline.kit.schema import SheetSpec, consequence_spec, inventory_spec, review_spec
from pipeline.kit.sheets import FillSheet, read_fill_sheet, refresh_fill_sheet, unchanged
from pipeline.kit.timing import stage, timed
from pipeline.kit.workspace import Workspace, inbox_files, sha256
from pipeline.stages import s6_archive as archive
from pipeline.stages.s1_previous import (
    LINEAGE_COLUMNS,
    UNCHANGED,
    Change,
    History,
    Lineage,
    PastDecision,
    PastItem,
    changes,
    count_by_kind,
    follow,
    read_history,
    record,
    unfollowed,
)
from pipeline.stages.s3a_intake import (
    SUFFIXES,
    Intake,
    inbox_state,
    read_inbox,
)
from pipeline.stages.s3b_validate import Inventory, validate_inventory
from pipeline.stages.s3d_classify import classify_archives
from pipeline.stages.s3e_consequence import (
    EXEMPTED,
    Outcomes,
    assess_outcomes,
    exempted,
    public,
)
from pipeline.stages.s3f_listing import (
    DIK_COLUMNS,
    DIP_COLUMNS,
    Column,
    Row,
    exempt_rows,
    lembar_rows,
    public_rows,
)
from pipeline.stages.s5_snapshot import FILE as FINAL_SNAPSHOT
from pipeline.stages.s5_snapshot import (
    Decision,
    Item,
    ListColumn,
    PrintedList,
    Signer,
    Snapshot,
    SnapshotError,
    read_snapshot,
)
from pipeline.stages.s45_review import (
    Review,
    assess_review,
    fingerprint,
    log_returns,
    logged_returns,
)

DUE_WITHIN = timedelta(days=90)
T = TypeVar("T")


class derived(Generic[T]):
    """A stage of the round: computed on first use and kept until a file it was computed from,
    directly or through other stages, is rewritten."""

    def __init__(self, compute: Callable[["Round"], T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, round_: None, owner: type) -> "derived[T]": ...

    @overload
    def __get__(self, round_: "Round", owner: type) -> T: ...

    def __get__(self, round_: "Round | None", owner: type) -> "T | derived[T]":
        if round_ is None:
            return self
        return round_._derive(self.name, self.compute)


class Round:
    """A workspace with its config and reference tables; stages computed on first use."""

    def __init__(self, workspace: Workspace, config: Config, refs: References):
        self.workspace = workspace
        self.config = config
        self.refs = refs
        self._kept: dict[str, Any] = {}
        self._readers: dict[str, set[str]] = {}  # stage -> the stages computed from it
        self._computing: list[str] = []
        self._advance: Callable[[str], None] = lambda name: None

    @classmethod
    def open(cls, workspace: Workspace) -> "Round":
        config = load_config(workspace.config)
        refs = load_references(config.jra_path, config.laws_path, config.suggestions_path)
        return cls(workspace, config, refs)

    def _derive(self, name: str, compute: Callable[["Round"], T]) -> T:
        if self._computing:
            self._readers.setdefault(name, set()).add(self._computing[-1])
        if name not in self._kept:
            self._computing.append(name)
            try:
                self._kept[name] = compute(self)
            finally:
                self._computing.pop()
        value: T = self._kept[name]
        return value

    def _forget(self, name: str) -> None:
        """Drop a stage and, before it, every stage computed from it."""
        for reader in self._readers.pop(name, set()):
            self._forget(reader)
        self._kept.pop(name, None)

    @property
    def bidang_names(self) -> dict[str, str]:
        return {b.kode: b.nama for b in self.config.bidang}

    # --- SOP step 1: where the round starts --------------------------------------------------

    @derived
    def history(self) -> History | None:
        """The decisions this round continues (riwayat/, from init --dari); None in a round
        that starts from nothing."""
        return read_history(self.workspace.history)

    @property
    def continuing(self) -> bool:
        """Whether the round starts from the last signed list: its forms and its test sheet
        then carry what that list said of each item."""
        return self.history is not None

    @property
    def inventory_spec(self) -> SheetSpec:
        return inventory_spec(carried=self.continuing)

    @property
    def test_spec(self) -> SheetSpec:
        return consequence_spec(carried=self.continuing)

    # --- SOP step 3: collecting, checking, sorting archives, testing ------------------------

    def read(self, advance: Callable[[str], None]) -> Intake:
        """Read masuk/ (once per round); `advance` is told each file as it is read."""
        self._advance = advance
        return self.intake

    def workbooks(self, stages: Sequence[str]) -> list[tuple[Path, bool]]:
        """The workbooks these stages open (named as kit.timing records them), in the stages'
        order: (path, whether a sheet of the round)."""
        space = self.workspace
        inbox = [path for path in inbox_files(space.inbox) if path.suffix.lower() in SUFFIXES]
        opened = {
            "read inbox": [(path, False) for path in inbox],
            f"read {space.test_sheet.name}": [(space.test_sheet, True)],
            f"read {space.review_sheet.name}": [(space.review_sheet, True)],
        }
        return [workbook for name in stages for workbook in opened.get(name, [])]

    @derived
    def intake(self) -> Intake:
        if self._checked_before is not None:
            return self._checked_before[0]
        with stage("read inbox"):
            return read_inbox(self.workspace.inbox, self.inventory_spec, self.config.bidang,
                              self._advance)  # fmt: skip

    @derived
    def inventory(self) -> Inventory:
        if self._checked_before is not None:
            return self._checked_before[1]
        intake = self.intake
        with stage("validate"):
            inventory = validate_inventory(intake, self.inventory_spec, self.refs)
            if self._inbox_key() == self._key_at_start:  # nothing changed while it was read
                cache.store(self._key_at_start, (intake, inventory))
        return inventory

    @derived
    def _checked_before(self) -> tuple[Intake, Inventory] | None:
        """The inventory as an earlier command read and checked it, when neither masuk/ nor
        the office's bidang and JRA nor the tool changed since."""
        with stage("read inbox"):
            kept = cache.load(self._key_at_start)
        return kept if isinstance(kept, tuple) else None

    @derived
    def _key_at_start(self) -> str | None:
        return self._inbox_key()

    def _inbox_key(self) -> str | None:
        jra = self.config.jra_path
        return cache.key(
            "inventaris",
            " ".join(self.inventory_spec.names),
            repr(self.config.bidang),
            f"{jra} {sha256(jra) if jra and jra.is_file() else ''}",
            *inbox_state(self.workspace.inbox),
        )

    @derived
    @timed("classify")
    def _classified(self) -> pd.DataFrame:
        """Valid rows with their archive status, in the config's bidang order."""
        order = {b.kode: i for i, b in enumerate(self.config.bidang)}
        items = classify_archives(self.inventory.items, self.refs, self.config.tanggal_acuan)
        items = items.assign(_order=items["bidang"].map(order)).sort_values(["_order", "no"])
        return items.drop(columns="_order").reset_index(drop=True)

    @derived
    def lineage(self) -> Lineage:
        """Each item's key and what it continues of the last list; what must be tested again."""
        return follow(self._classified, self.history, self.config.tahun)

    @derived
    def items(self) -> pd.DataFrame:
        """Valid items with their archive status and key (`kunci`, with `asal`, `uji_ulang`,
        `uji_lalu` from the lineage); rows the bidang removed from the last list are not items."""
        classified, lineage = self._classified, self.lineage
        kept = classified[classified["id"].isin(lineage.table["id"])]
        form = [c.name for c in inventory_spec(carried=True).columns if c.carried]
        kept = kept.drop(columns=[name for name in form if name in kept])
        lines = lineage.table.set_index("id")
        columns = {name: kept["id"].map(lines[name]).astype(object) for name in LINEAGE_COLUMNS}
        return kept.assign(**columns).reset_index(drop=True)

    @derived
    @timed("read uji_konsekuensi.xlsx")
    def test_sheet(self) -> FillSheet | None:
        return read_fill_sheet(self.workspace.test_sheet, self.test_spec)

    @derived
    @timed("consequence test")
    def outcomes(self) -> Outcomes:
        history = self.history
        return assess_outcomes(
            self.items, self.test_sheet, self.test_spec, self.refs, self.bidang_names,
            self.lineage.carried, history.last.tanggal if history else None,
        )  # fmt: skip

    @property
    def carried_tests(self) -> set[str]:
        """Items whose test from the last list stands: not tested again in this round."""
        if self.history is None:
            return set()
        since, table = self.history.last.tanggal, self.outcomes.table
        return {
            item_id
            for item_id, again, day in zip(table["id"], table["uji_ulang"], table["tanggal_uji"],
                                           strict=True)
            if not again and isinstance(day, date) and day <= since
        }  # fmt: skip

    def revocation(self) -> Revocation | None:
        """What the decision says of the one it replaces; None in a first round."""
        if self.history is None:
            return None
        carried = bool(set(self.exempted["id"]) & self.carried_tests)
        return Revocation(self.history.last, self.changes, carried)

    def unfollowed(self) -> tuple[PastItem, ...]:
        """Items of the last list that the bidang's isian neither keep nor remove (periksa tells
        them before the test; tetapkan refuses while any is left)."""
        if self.history is None:
            return ()
        return unfollowed(self.inventory.items, self.history)

    @derived
    def changes(self) -> tuple[Change, ...]:
        """What this round's DIK changes in the one it replaces (none in a first round)."""
        if self.history is None:
            return ()
        return changes(self.history, self.outcomes.table, self.lineage, self.bidang_names)

    def change_counts(self) -> dict[str, int]:
        """How many items of each kind of change (carried ones too), in the annex's order."""
        return count_by_kind(self.changes)

    def changed(self) -> list[Change]:
        """The items that are not simply carried over: what a reader of the new list asks."""
        return [change for change in self.changes if change.jenis != UNCHANGED]

    @property
    def exempted(self) -> pd.DataFrame:
        return exempted(self.outcomes.table)

    @property
    def public(self) -> pd.DataFrame:
        return public(self.outcomes.table)

    # --- what the lists say -----------------------------------------------------------------

    @derived
    @timed("lists")
    def exempt_list(self) -> list[Row]:
        return exempt_rows(self.exempted, self.config, self.refs.laws)

    @derived
    @timed("lists")
    def public_list(self) -> list[Row]:
        return public_rows(self.public, self.config, self.refs.laws)

    @derived
    @timed("lists")
    def test_list(self) -> list[Row]:
        """The lembar pengujian: every item proposed or tested in this round, with its result
        (a test carried from the last list stands on that list's lembar)."""
        table = self.outcomes.table
        return lembar_rows(
            table[~table["id"].isin(self.carried_tests)], self.config, self.refs.laws
        )

    # --- SOP steps 4-5: review ----------------------------------------------------------------

    @derived
    @timed("read tinjauan.xlsx")
    def review_sheet(self) -> FillSheet | None:
        return read_fill_sheet(self.workspace.review_sheet, review_spec())

    @derived
    @timed("review")
    def review(self) -> Review:
        """Steps 4-5 over both lists: every item of the DIK and of the DIP, each decision bound
        by its fingerprint to what the signed lists print for it."""
        exempted, public = self.exempted, self.public
        table = pd.concat([exempted, public[~public["id"].isin(exempted["id"])]])
        notes: dict[object, list[str]] = {}
        findings = self.outcomes.findings
        for item, message in zip(findings["id"], findings["pesan"], strict=True):
            notes.setdefault(item, []).append(message)
        printed = {"DIK": _by_id(self.exempt_list), "DIP": _by_id(self.public_list)}
        lists = [_lists(item, printed) for item in table["id"]]
        given = pd.DataFrame(
            {
                "id": table["id"],
                "bidang": table["bidang"].map(self.bidang_names),
                "judul": table["judul"],
                "hasil_uji": table["hasil"],
                "daftar": [" dan ".join(found) for found in lists],
                "pasal17": table["pasal17_kode"],
                "jangka_waktu": table["jangka_waktu"],
                "status_arsip": table["status_arsip"],
                "catatan_sistem": ["; ".join(notes.get(item, ())) for item in table["id"]],
                "sidik": [
                    _fingerprint([printed[name][item] for name in found])
                    for item, found in zip(table["id"], lists, strict=True)
                ],
            }
        )
        return assess_review(given, self.review_sheet, review_spec(), self.refs)

    def write_tests(self) -> tuple[bool, Path | None]:
        """uji_konsekuensi.xlsx as the outcomes stand, filled cells kept; (written, backup)."""
        return self._write_sheet("test_sheet", self.test_spec, self.outcomes)

    def write_review(self) -> tuple[bool, Path | None]:
        """tinjauan.xlsx as the review stands, decisions kept; (written, backup)."""
        return self._write_sheet("review_sheet", review_spec(), self.review)

    def _write_sheet(
        self, sheet: str, spec: SheetSpec, filled: Outcomes | Review
    ) -> tuple[bool, Path | None]:
        """Refresh the fill sheet `sheet` (the workspace's path and the stage that reads it share
        the name); when it was rewritten, all that was computed from it goes."""
        written, backup = refresh_fill_sheet(
            getattr(self.workspace, sheet), spec, filled.rows, filled.aside, filled.previous,
            self.workspace.out("cadangan"), self.config.paper,
        )  # fmt: skip
        if written:
            self._forget(sheet)
        return written, backup

    def log_returns(self, today: date) -> int:
        """Each return at steps 4-5 not logged before, appended to riwayat_pengembalian.csv."""
        names = {role: person.named for role, person in self.config.officials.items()}
        return log_returns(self.workspace.return_log, self.review.verdict.returned,
                           self.review.rows, names, today)  # fmt: skip

    def return_history(self) -> list[dict[str, object]]:
        """Every return logged at steps 4-5, with its step and date (the return letters)."""
        return logged_returns(self.workspace.return_log)

    # --- the round's state ------------------------------------------------------------------

    @property
    def tests_current(self) -> bool:
        """Whether uji_konsekuensi.xlsx holds exactly what uji would write now."""
        return unchanged(self.test_sheet, self.outcomes.rows, self.outcomes.aside)

    @property
    def review_current(self) -> bool:
        """Whether tinjauan.xlsx is the sheet konsep would write; the system's notes aside (a
        'decide again' note stays there after the decision was given again, until konsep)."""
        return unchanged(self.review_sheet, self.review.rows, self.review.aside, ["catatan_sistem"])

    @derived
    def rejections(self) -> list[Blocker]:
        """What the bidang must correct before the list is complete (step 3, periksa)."""
        return blockers.rejections(self.inventory)

    @derived
    def test_conflicts(self) -> list[Blocker]:
        """What the consequence test's own rules find, at its cells (uji shows these)."""
        return blockers.test_conflicts(self.outcomes)

    @derived
    @timed("blockers")
    def blockers(self) -> list[Blocker]:
        """Why the list cannot be signed as it stands (the review verdict aside)."""
        cells = self.cells
        table = self.outcomes.table
        return [
            *self.rejections,
            *self.test_conflicts,
            *blockers.orphan_decisions(self.review, self.workspace.review_sheet.name),
            *blockers.archive_conflicts(table, self.exempted, self.refs, self.config, cells),
            *blockers.empty_public_columns(self.public_list, self.public, cells),
            *blockers.misdated(table, self.review, self.decision_date, cells),
            *blockers.missing_items(self.lineage.missing, self.config),
        ]

    @property
    def basis_warnings(self) -> list[Blocker]:
        """Warnings on the legal basis of items either list prints (they do not block)."""
        listed = set(self.exempted["id"]) | set(self.public["id"])
        return [
            Blocker(Stage.UJI, str(found["id"]), str(found["sel"]), str(found["pesan"]))
            for found in records(self.outcomes.warnings)
            if found["id"] in listed
        ]

    @property
    def cells(self) -> Cells:
        return Cells(self._inventory_cell, self._test_cell, self._review_cell)

    def _inventory_cell(self, item: Mapping[str, Any], column: str) -> str:
        """'PA.xlsx!J8': where an item's value sits in the bidang's own workbook."""
        source = self.intake.sources.get((item["berkas"], item["lembar"]))
        cell = source.cell(column, int(item["baris"])) if source else ""
        sheet = "" if item["lembar"] == inventory_spec().sheet else f"'{item['lembar']}'!"
        where = cell or f"baris {int(item['baris'])}"
        return f"{item['berkas']}!{sheet}{where}"

    def _test_cell(self, item_id: str, column: str) -> str:
        return _sheet_cell(self.test_sheet, self._test_places, item_id, column)

    def _review_cell(self, item_id: str, column: str) -> str:
        return _sheet_cell(self.review_sheet, self._review_places, item_id, column)

    @derived
    def _test_places(self) -> dict[str, dict[str, Any]]:
        return _places(self.outcomes.rows)

    @derived
    def _review_places(self) -> dict[str, dict[str, Any]]:
        return _places(self.review.rows)

    @property
    def stage(self) -> Stage:
        if not inbox_files(self.workspace.inbox):
            return Stage.PENGUMPULAN
        if self.rejections:
            return Stage.PERBAIKAN
        if self.test_sheet is None or not self.tests_current:
            return Stage.UJI
        if any(b.stage is Stage.UJI for b in self.blockers):
            return Stage.UJI
        if self.review_sheet is None or not self.review_current:
            return Stage.KONSEP
        verdict = self.review.verdict
        if len(verdict.returned):
            return Stage.PENGEMBALIAN
        if not verdict.approved or self.blockers:
            return Stage.TINJAUAN
        if not self.workspace.out(FINAL_SNAPSHOT).is_file():
            return Stage.PENETAPAN
        current = archive.current(self.workspace.archive)
        if current is None:
            return Stage.ARSIP
        numbered = bool(self.config.numbering["keputusan"].number)  # else written by hand
        if numbered and current.get("Nomor Keputusan") != self.decision_number():
            return Stage.ARSIP
        public = self.registration(public=True)
        if self.public_list and (
            public is None or public.get("Tanggal Penetapan") != self.decision_date.isoformat()
        ):
            return Stage.ARSIP  # the DIP of this decision is not signed and archived yet
        return Stage.SELESAI

    def decision_number(self, written: str = "") -> str:
        """The decision's number: instansi.toml's, or the agenda number written by hand on the
        signed list (`written`, given to arsip when instansi.toml leaves it blank)."""
        numbering = self.config.numbering["keputusan"]
        if written:
            numbering = replace(numbering, number=written)
        day = self.decision_date
        return numbering.format(self.config.office["kode"], day.year, day.month).strip()

    @property
    def decision_date(self) -> date:
        """The date of the signed decision: the last decision of the Atasan PPID in
        tinjauan.xlsx; instansi.toml's [penetapan] tanggal only when the sheet has none."""
        days = [d for d in self.review.standing["tanggal_atasan"] if isinstance(d, date)]
        return max(days) if days else self.config.date_of(self.config.penetapan, "tanggal")

    @property
    def test_dates(self) -> list[date]:
        """The days the consequence test was held, in order, from the items' Tanggal Uji;
        instansi.toml's [penetapan] tanggal_uji only when no item has one."""
        listed = {row["id"] for row in self.test_list}
        table = self.outcomes.table
        days: set[date] = {
            day
            for item_id, day in zip(table["id"], table["tanggal_uji"], strict=True)
            if item_id in listed and isinstance(day, date)
        }
        return sorted(days) or [self.config.date_of(self.config.penetapan, "tanggal_uji")]

    # --- what status reports ----------------------------------------------------------------

    def counts(self, approved: set[str]) -> pd.DataFrame:
        """Per bidang: files, valid and rejected rows, tested, exempted, approved; and totals."""
        rows, table = self.inventory.rows, self.outcomes.table
        tested = self.test_sheet is not None
        lines = []
        for bidang in self.config.bidang:
            mine, items = rows[rows["bidang"] == bidang.kode], table[table["bidang"] == bidang.kode]
            lines.append(
                {
                    "Bidang": bidang.kode,
                    "Berkas": mine["berkas"].nunique(),
                    "Valid": int((~mine["galat"]).sum()),
                    "Galat": int(mine["galat"].sum()),
                    "Diuji": int(items["hasil_uji"].notna().sum()) if tested else 0,
                    "Dikecualikan": int(items["hasil"].isin(EXEMPTED).sum()),
                    "Disetujui": int(items["id"].isin(approved).sum()),
                }
            )  # fmt: skip
        counts = pd.DataFrame(lines)
        totals = {"Bidang": "Jumlah"} | {c: int(counts[c].sum()) for c in counts.columns[1:]}
        return pd.concat([counts, pd.DataFrame([totals])], ignore_index=True)

    def approved(self) -> set[str]:
        """IDs both levels agreed on, on unchanged content."""
        if self.review_sheet is None:
            return set()
        verdict = self.review.verdict
        undecided = set(verdict.pending["id"]) | set(verdict.returned["id"])
        return set(self.review.rows["id"]) - undecided

    def undecided(self) -> set[str]:
        """Items of either list the reviewers have still to agree on (steps 4-5)."""
        return (set(self.exempted["id"]) | set(self.public["id"])) - self.approved()

    def due(self, today: date) -> list[str]:
        """Exemptions whose period ends within 90 days (Pasal 20: they then become public)."""
        lines = []
        for item in records(self.exempted):
            years = years_of(str(item["jangka_waktu"] or ""))
            if years is None:
                continue
            start = item["tanggal_uji"] if isinstance(item["tanggal_uji"], date) else None
            ends = add_years(start or self.decision_date, years)
            if ends - today <= DUE_WITHIN:
                lines.append(
                    f"Jangka waktu {item['id']} ({item['judul']}) berakhir {long_date(ends)}."
                )
        return lines

    def changed_statuses(self) -> list[str]:
        """Archive items whose JRA status differs from the last list: this workspace's archived
        one, else the one the round continues."""
        try:
            snapshot = archive.current_snapshot(self.workspace.archive)
        except SnapshotError as error:
            return [str(error)]
        table = self.outcomes.table
        if snapshot is not None:
            before = {item.id: item.status_arsip for item in snapshot.butir}
            now = dict(zip(table["id"], table["status_arsip"], strict=True))
        elif self.history is not None:
            before = {item.kunci: item.status_arsip for item in self.history.items}
            now = dict(zip(table["kunci"], table["status_arsip"], strict=True))
            names = dict(zip(table["kunci"], table["id"], strict=True))
            before = {names[key]: status for key, status in before.items() if key in names}
            now = {names[key]: status for key, status in now.items()}
        else:
            return []
        return [
            f"Status arsip {item} berubah: {before[item]} → {now[item]} sejak daftar terakhir."
            for item in before
            if item in now and before[item] and before[item] != now[item]
        ]

    def decision_in_force(self) -> History | None:
        """The signed list in force, as the next round would start from it: this workspace's
        latest archived list, else the last one this round continues."""
        snapshot = archive.current_snapshot(self.workspace.archive)
        if snapshot is not None:
            return snapshot.as_history()
        return self.history

    # --- SOP step 6: the archive -----------------------------------------------------------

    def registration(self, public: bool = False) -> dict[str, str] | None:
        """The register row of the latest signed DIK (or DIP) in arsip/."""
        return archive.current(self.workspace.archive, _kind(public))

    def archived_snapshot(self, public: bool = False) -> Snapshot | None:
        """What the latest signed DIK (or DIP) in arsip/ holds."""
        return archive.current_snapshot(self.workspace.archive, _kind(public))

    def recorded_file(self, registration: dict[str, str]) -> Path | None:
        """The snapshot archived beside a signed list, when it is still the one registered."""
        return archive.snapshot_file(self.workspace.archive, registration)

    def earlier_decisions(self, snapshot: Snapshot) -> list[tuple[PastDecision, Path | None]]:
        """The decisions a signed list replaced, each with its signed file in riwayat/ when
        that is still the file recorded there."""
        found = []
        for decision in snapshot.keputusan_lalu:
            path = self.workspace.history / decision.berkas
            kept = bool(decision.berkas) and path.is_file() and not path.is_symlink()
            found.append((decision, path if kept and sha256(path) == decision.sha256 else None))
        return found

    def signing(self, entry: dict[str, str]) -> str:
        """How a registered file is signed, in one sentence."""
        return archive.signing(entry)

    def verify_archive(self, witnesses: Sequence[archive.Witness] = ()) -> list[archive.Finding]:
        """arsip/ against its register, and the register against each witness of its head."""
        return archive.verify(self.workspace.archive, witnesses, self.workspace.certificates)

    def unwitnessed(self, witnesses: Sequence[archive.Witness]) -> list[archive.Finding]:
        """Where the register no longer holds a head that was published or exported."""
        return archive.check_witnesses(self.workspace.archive, witnesses)

    def archive_head(self) -> dict[str, int | str] | None:
        """The register's head, for the page and the export to witness."""
        return archive.head(self.workspace.archive)

    def withdraw(self, number: str, reason: str) -> dict[str, str]:
        return archive.withdraw(self.workspace.archive, number, reason)

    def archive_signed(
        self, signed: Path, number: str, written: bool, public: bool = False
    ) -> dict[str, str]:
        """Store the signed DIK (or, `public`, the signed DIP) with the snapshot tetapkan wrote
        (`written`: the number was written by hand on the list, so the snapshot takes it
        first); the register row."""
        path = self.workspace.out(FINAL_SNAPSHOT)
        recorded = path.is_file()
        if written and recorded:
            kept = read_snapshot(path)
            (kept.numbered_dip(number) if public else kept.numbered(number)).write(path)
        if public:
            decision = self.public_decision(number if written else "")
            signer, count = decision.penanda_tangan, len(self.public_list)
            signed_by, nip = f"{signer.nama}, {signer.jabatan}", signer.nip
        else:
            head = self.config.officials["kepala"]
            signed_by, nip, count = (
                f"{head.nama}, {head.jabatan_singkat}",
                head.nip_text,
                len(self.exempt_list),
            )
        details = {
            "Nomor Keputusan": number,
            "Tanggal Penetapan": self.decision_date.isoformat(),
            "Penanda Tangan": signed_by,
            "NIP": nip,
            "Kode Klasifikasi": self.config.archive.get("kode", ""),
            "Retensi": self.config.archive.get("retensi", ""),
            "Jumlah Butir": str(count) if recorded else "",
        }
        return archive.store(
            self.workspace.archive, signed, path if recorded else None, details, self.config.tahun,
            _kind(public), self.workspace.certificates,
        )  # fmt: skip

    # --- the determined list ----------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """What the final list holds, as archived beside the signed file and published."""
        config, head = self.config, self.config.officials["kepala"]
        table = self.exempted
        return Snapshot(
            instansi={key: config.office[key]
                      for key in ("pemerintah", "nama", "sebutan", "kode", "tempat")},
            tahun=config.tahun,
            keputusan=Decision(self.decision_number(), self.decision_date,
                               Signer(head.jabatan, head.nama, head.nip_text)),
            dik=_printed("dik", DIK_COLUMNS, self.exempt_list, table, self.bidang_names),
            dip=_printed("dip", DIP_COLUMNS, self.public_list, self.public, self.bidang_names),
            penetapan_dip=self.public_decision() if self.public_list else None,
            butir=tuple(
                Item(
                    id=item["id"],
                    judul=item["judul"],
                    hasil=item["hasil"],
                    pasal17=item["pasal17_kode"],
                    jangka_waktu=item["jangka_waktu"] or "",
                    status_arsip=item["status_arsip"],
                    kode_arsip=item["kode_arsip"] or "",
                    tanggal_uji=item["tanggal_uji"].isoformat()
                    if isinstance(item["tanggal_uji"], date) else "",
                )
                for item in records(table)
            ),
            inventaris=self._recorded_items(),
            lembar_uji=(self.config.number("lembar_uji", self.test_dates[-1]),
                        self.test_dates[-1].isoformat()),
            keputusan_lalu=self.history.decisions if self.history else (),
            perubahan=self.changes,
        )  # fmt: skip

    def public_decision(self, written: str = "") -> Decision:
        """Who sets and signs the DIP ([daftar_publik] in instansi.toml, the PPID by default),
        its number (none without [penomoran.daftar_publik]; `written` by hand) and date."""
        signer = self.config.officials[self.config.public_signer]
        numbering = self.config.numbering.get("daftar_publik")
        day = self.decision_date
        number = ""
        if numbering is not None:
            numbering = replace(numbering, number=written) if written else numbering
            number = numbering.format(self.config.office["kode"], day.year, day.month).strip()
        return Decision(number, day, Signer(signer.jabatan, signer.nama, signer.nip_text))

    def _recorded_items(self) -> tuple[PastItem, ...]:
        """Every item as the next round starts from it, with its rows in the DIK and the DIP."""
        in_dik = {item: str(n) for n, item in enumerate(self.exempted["id"], 1)}
        in_dip = {item: str(n) for n, item in enumerate(self.public["id"], 1)}
        return tuple(
            record(item, in_dik.get(item["id"], ""), in_dip.get(item["id"], ""))
            for item in records(self.outcomes.table)
        )

    def feedback_names(self) -> dict[str, str]:
        """keluaran/umpan_balik/<name> for each input file: its own stem, unless two files share
        one (PP.xlsx and PP.ods), then the full name."""
        names = [received.name for received in self.inventory.files]
        stems = [Path(name).stem.casefold() for name in names]
        return {
            name: f"{Path(name).stem}.xlsx" if stems.count(stem) == 1 else f"{name}.xlsx"
            for name, stem in zip(names, stems, strict=True)
        }


def _printed(
    key: str,
    columns: tuple[Column, ...],
    rows: list[Row],
    table: pd.DataFrame,
    names: dict[str, str],
) -> PrintedList:
    """A list as printed (its columns and rows), with each row's bidang and Pasal 17 codes, and
    the items' IDs beside the rows."""
    result, ids = [], []
    for row, item in zip(rows, records(table), strict=True):
        entry: dict[str, Any] = {column.key: row[column.key] for column in columns}
        entry["bidang"] = names.get(item["bidang"], item["bidang"])
        if key == "dik":
            entry["pasal17"] = [code for code in item["pasal17_kode"].split("; ") if code]
            entry["rujukan"] = references_data(row["dasar_hukum"])
        result.append(entry)
        ids.append(str(item["id"]))
    declared = tuple(ListColumn(c.key, c.title) for c in columns)
    return PrintedList(key, declared, tuple(result), tuple(ids), tuple(law_titles(rows)))


def _kind(public: bool) -> str:
    return archive.PENGARSIPAN_DIP if public else archive.PENGARSIPAN


def _by_id(rows: list[Row]) -> dict[str, Row]:
    return {row["id"]: row for row in rows}


def _lists(item: str, printed: dict[str, dict[str, Row]]) -> list[str]:
    """Which lists print an item: ['DIK'], ['DIP'] or both (an item exempted in part)."""
    return [name for name, rows in printed.items() if item in rows]


def _fingerprint(rows: list[Row]) -> str:
    """What an item's decision is bound to: its row in each list that prints it (an item
    only in the DIK keeps the fingerprint it had before the DIP was reviewed)."""
    values = {
        (f"{position}:{key}" if position else key): value
        for position, row in enumerate(rows)
        for key, value in row.items()
        if key != "no"
    }
    return fingerprint(values)


def _places(rows: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Each item's row in a sheet the tool wrote (the first, when there are several)."""
    located = rows[rows["baris"].notna()].drop_duplicates("id")
    return {str(place["id"]): place for place in records(located[["id", *LOCATION]])}


def _sheet_cell(
    sheet: FillSheet | None, places: Mapping[str, Mapping[str, Any]], item_id: str, column: str
) -> str:
    """'uji_konsekuensi.xlsx!L12' for an item's cell in a sheet the tool wrote; the file name
    alone when the item has no row there yet."""
    if sheet is None:
        return ""
    row = places.get(item_id)
    if row is None:
        return sheet.path.name
    source: Source = sheet.sources[(row["berkas"], row["lembar"])]
    return f"{source.name}!{source.cell(column, int(row['baris']))}"
