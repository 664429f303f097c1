"""One documentation round, loaded once per command: each SOP stage computed at most once.

The round's state is data: where it stands (`Stage`), what still stops the list from being
signed (`Blocker`s, each naming the item, the cell and the fix), and the snapshot of what was
determined. Commands only present it.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.kit import cache
from pipeline.kit.config import Config, load_config
from pipeline.kit.dates import add_years, long_date
from pipeline.kit.periods import is_unlimited, years_of
from pipeline.kit.problems import LOCATION, Source, records
from pipeline.kit.reference import References, load_references
from pipeline.kit.schema import consequence_spec, inventory_spec, review_spec
from pipeline.kit.sheets import FillSheet, read_fill_sheet, unchanged
from pipeline.kit.text import plain
from pipeline.kit.timing import stage, timed
from pipeline.kit.workspace import Workspace, sha256, write_atomically
from pipeline.stages import s6_archive as archive
from pipeline.stages.s3a_intake import Intake, inbox_files, inbox_state, read_inbox
from pipeline.stages.s3b_validate import Inventory, validate_inventory
from pipeline.stages.s3d_classify import PERLU_KONFIRMASI, STATIS, USUL_MUSNAH, classify_archives
from pipeline.stages.s3e_consequence import TERBUKA, Outcomes, assess_outcomes, exempted, public
from pipeline.stages.s3f_listing import (
    DIK_COLUMNS,
    DIP_COLUMNS,
    DIP_REQUIRED,
    Column,
    Row,
    exempt_rows,
    lembar_rows,
    public_rows,
)
from pipeline.stages.s45_review import Review, assess_review, fingerprint

FINAL_SNAPSHOT = "daftar_final.json"  # what the final list holds; archived beside the signed file
SNAPSHOT_FORMAT = "dik-ppid/1"
DUE_WITHIN = timedelta(days=90)


class Stage(Enum):
    """Where a round stands, in SOP order: the first step that still has work."""

    PENGUMPULAN = "pengumpulan"  # no inventory has come in
    PERBAIKAN = "perbaikan"  # inventory rows rejected: the bidang must correct them
    UJI = "uji"  # the consequence-test sheet is missing, out of date, or incomplete
    KONSEP = "konsep"  # the draft and review sheet are missing or out of date
    TINJAUAN = "tinjauan"  # reviewers have not decided every item
    PENGEMBALIAN = "pengembalian"  # reviewers returned items: back to step 3
    PENETAPAN = "penetapan"  # both levels agree: the final list can be made
    ARSIP = "arsip"  # the final list awaits its signature and archiving
    SELESAI = "selesai"


@dataclass(frozen=True)
class Blocker:
    """Something that stops the list from being signed, and where it is fixed."""

    stage: Stage
    item: str  # item ID, or "" when it concerns the round
    cell: str  # 'uji_konsekuensi.xlsx!G12', a file name, or ""
    fix: str  # one sentence: what is wrong and what to do


class Round:
    """A workspace with its config and reference tables; stages computed on first use."""

    def __init__(self, workspace: Workspace, config: Config, refs: References):
        self.workspace = workspace
        self.config = config
        self.refs = refs

    @classmethod
    def open(cls, workspace: Workspace) -> "Round":
        config = load_config(workspace.config)
        return cls(workspace, config, load_references(config.jra_path))

    @property
    def bidang_names(self) -> dict[str, str]:
        return {b.kode: b.nama for b in self.config.bidang}

    # --- SOP step 3: collecting, checking, sorting archives, testing ------------------------

    def read(self, advance: Callable[[str], None] = lambda name: None) -> Intake:
        """Read masuk/ (once per round); `advance` is told each file as it is read."""
        if "intake" not in self.__dict__:
            if self._checked_before is not None:
                self.__dict__["intake"] = self._checked_before[0]
            else:
                with stage("read inbox"):
                    self.__dict__["intake"] = read_inbox(
                        self.workspace.inbox, inventory_spec(), self.config.bidang, advance
                    )
        intake: Intake = self.__dict__["intake"]
        return intake

    @cached_property
    def inventory(self) -> Inventory:
        if self._checked_before is not None:
            return self._checked_before[1]
        intake = self.read()
        with stage("validate"):
            inventory = validate_inventory(intake, inventory_spec(), self.refs)
            if self._inbox_key() == self._key_at_start:  # nothing changed while it was read
                cache.store(self._key_at_start, (intake, inventory))
        return inventory

    @cached_property
    def _checked_before(self) -> tuple[Intake, Inventory] | None:
        """The inventory as an earlier command read and checked it, when neither masuk/ nor
        the office's bidang and JRA nor the tool changed since."""
        with stage("read inbox"):
            kept = cache.load(self._key_at_start)
        return kept if isinstance(kept, tuple) else None

    @cached_property
    def _key_at_start(self) -> str | None:
        return self._inbox_key()

    def _inbox_key(self) -> str | None:
        jra = self.config.jra_path
        return cache.key(
            "inventaris",
            repr(self.config.bidang),
            f"{jra} {sha256(jra) if jra and jra.is_file() else ''}",
            *inbox_state(self.workspace.inbox),
        )

    @cached_property
    @timed("classify")
    def items(self) -> pd.DataFrame:
        """Valid items with their archive status, in the config's bidang order."""
        order = {b.kode: i for i, b in enumerate(self.config.bidang)}
        items = classify_archives(self.inventory.items, self.refs, self.config.tanggal_acuan)
        items = items.assign(_order=items["bidang"].map(order)).sort_values(["_order", "no"])
        return items.drop(columns="_order").reset_index(drop=True)

    @cached_property
    @timed("read uji_konsekuensi.xlsx")
    def test_sheet(self) -> FillSheet | None:
        return read_fill_sheet(self.workspace.test_sheet, consequence_spec())

    @cached_property
    @timed("consequence test")
    def outcomes(self) -> Outcomes:
        return assess_outcomes(
            self.items, self.test_sheet, consequence_spec(), self.refs, self.bidang_names
        )

    @property
    def exempted(self) -> pd.DataFrame:
        return exempted(self.outcomes.table)

    @property
    def public(self) -> pd.DataFrame:
        return public(self.outcomes.table)

    # --- what the lists say -----------------------------------------------------------------

    @cached_property
    @timed("lists")
    def exempt_list(self) -> list[Row]:
        return exempt_rows(self.exempted, self.config)

    @cached_property
    @timed("lists")
    def public_list(self) -> list[Row]:
        return public_rows(self.public, self.config)

    @cached_property
    @timed("lists")
    def test_list(self) -> list[Row]:
        """The lembar pengujian: every item proposed or tested, with its result."""
        return lembar_rows(self.outcomes.table, self.config)

    # --- SOP steps 4-5: review ----------------------------------------------------------------

    @cached_property
    @timed("read tinjauan.xlsx")
    def review_sheet(self) -> FillSheet | None:
        return read_fill_sheet(self.workspace.review_sheet, review_spec())

    @cached_property
    @timed("review")
    def review(self) -> Review:
        table = self.exempted
        notes: dict[object, list[str]] = {}
        findings = self.outcomes.findings
        for item, message in zip(findings["id"], findings["pesan"], strict=True):
            notes.setdefault(item, []).append(message)
        given = pd.DataFrame(
            {
                "id": table["id"],
                "bidang": table["bidang"].map(self.bidang_names),
                "judul": table["judul"],
                "hasil_uji": table["hasil"],
                "pasal17": table["pasal17_kode"],
                "jangka_waktu": table["jangka_waktu"],
                "status_arsip": table["status_arsip"],
                "catatan_sistem": ["; ".join(notes.get(item, ())) for item in table["id"]],
                "sidik": [
                    fingerprint({k: v for k, v in row.items() if k != "no"})
                    for row in self.exempt_list
                ],
            }
        )
        return assess_review(given, self.review_sheet, review_spec(), self.refs)

    def tests_written(self) -> None:
        """uji_konsekuensi.xlsx was rewritten: it and all that follows from it are read again
        when next needed (its rows now sit where the tool wrote them)."""
        for name in ("test_sheet", "outcomes", "exempt_list", "public_list", "test_list",
                     "_test_places"):  # fmt: skip
            self.__dict__.pop(name, None)
        self.review_written()

    def review_written(self) -> None:
        """tinjauan.xlsx was rewritten: what was read from it is read again when next needed."""
        for name in ("review_sheet", "review", "blockers", "_review_places"):
            self.__dict__.pop(name, None)

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

    @cached_property
    def rejections(self) -> list[Blocker]:
        """What the bidang must correct before the list is complete (step 3, periksa)."""
        found = []
        inventory = self.inventory
        if inventory.rejected_rows:
            fix = (
                f"{inventory.rejected_rows} baris isian ditolak; perbaiki dulu (periksa), daftar "
                "belum lengkap."
            )
            found.append(Blocker(Stage.PERBAIKAN, "", "laporan_validasi.xlsx", fix))
        for name in inventory.unreadable:
            fix = f"Berkas {name} tidak terbaca; minta bidang mengirim ulang."
            found.append(Blocker(Stage.PERBAIKAN, "", name, fix))
        return found

    @cached_property
    def test_conflicts(self) -> list[Blocker]:
        """What the consequence test's own rules find, at its cells (uji shows these)."""
        return [
            Blocker(Stage.UJI, str(conflict["id"]), str(conflict["sel"]), str(conflict["pesan"]))
            for conflict in records(self.outcomes.conflicts)
        ]

    @cached_property
    @timed("blockers")
    def blockers(self) -> list[Blocker]:
        """Why the list cannot be signed as it stands (the review verdict aside)."""
        found = self.rejections + self.test_conflicts
        for _, orphan in self.review.orphan_decisions.iterrows():
            cell = f"{self.workspace.review_sheet.name}!{orphan['lembar']}"
            fix = (
                "Ada keputusan tinjauan untuk butir yang tidak ada lagi di konsep; periksa lembar "
                "itu dan kosongkan atau pindahkan keputusannya."
            )
            found.append(Blocker(Stage.TINJAUAN, str(orphan["id"] or "tanpa ID"), cell, fix))
        return found + self._archive_blockers() + self._public_blockers() + self._date_blockers()

    def _archive_blockers(self) -> list[Blocker]:
        """An archive status the list cannot rest on: unknown, or contradicting the exemption."""
        found = []
        table, exempted = self.outcomes.table, self.exempted
        for item in records(table[table["status_arsip"] == PERLU_KONFIRMASI]):
            rule = self.refs.jra.loc[item["kode_arsip"]]
            fix = (
                f"Status arsip belum dapat ditentukan: retensi kode {item['kode_arsip']} "
                f"dihitung {str(rule['pemicu']).lower()}; minta "
                f"{self.config.bidang_name(item['bidang'])} mengisi Tanggal Berkas Ditutup "
                "dengan tanggal peristiwa itu, lalu periksa dan konsep lagi."
            )
            cell = self._inventory_cell(item, "tanggal_ditutup")
            found.append(Blocker(Stage.PERBAIKAN, item["id"], cell, fix))
        lasting = set(self.refs.pasal17.index[self.refs.pasal17["kelompok"] == "tetap"])
        for item in records(exempted[exempted["status_arsip"].isin([USUL_MUSNAH, STATIS])]):
            status, period = item["status_arsip"], plain(item["jangka_waktu"])
            if status == USUL_MUSNAH and is_unlimited(period):
                fix = (
                    "Arsip ini habis retensi dan diusulkan musnah menurut JRA, sehingga tidak "
                    "dapat dikecualikan tanpa batas waktu; tulis jangka waktu 'Sampai arsip "
                    "dimusnahkan sesuai JRA', atau uji ulang."
                )
                cell = self._test_cell(item["id"], "jangka_waktu")
                found.append(Blocker(Stage.UJI, item["id"], cell, fix))
            codes = {code for code in item["pasal17_kode"].split("; ") if code}
            grounds = {".".join(code.split(".")[:2]) for code in codes} | codes
            if status == STATIS and not grounds & lasting:
                fix = (
                    "Arsip statis terbuka untuk umum menurut SOP; pengecualiannya hanya dapat "
                    "didasarkan pada Pasal 17 huruf g, h, i atau j UU 14/2008, yang menurut "
                    "Pasal 20 tidak dibatasi waktu: ubah Hasil Uji menjadi Terbuka, atau "
                    "cantumkan dasar itu."
                )
                cell = self._test_cell(item["id"], "pasal17")
                found.append(Blocker(Stage.UJI, item["id"], cell, fix))
        return found

    def _public_blockers(self) -> list[Blocker]:
        """A DIP column left empty (Perki 1/2021 asks for every one of them)."""
        # Where each column's words come from, when not the inventory column of the same name.
        where = {"waktu_tempat": "tahun_pembuatan", "retensi": "kode_arsip"}
        labels = {column.key: column.label for column in DIP_COLUMNS}
        empty = [(position, key) for position, row in enumerate(self.public_list)
                 for key in DIP_REQUIRED if not plain(row[key])]  # fmt: skip
        positions = sorted({position for position, _ in empty})
        items = dict(zip(positions, records(self.public.iloc[positions]), strict=True))
        found = []
        for position, key in empty:
            item = items[position]
            if key == "ringkasan" and item["hasil"] != TERBUKA:
                cell = self._test_cell(item["id"], "bentuk_diberikan")
                stage, source = Stage.UJI, "Bentuk yang Dapat Diberikan"
            else:
                cell = self._inventory_cell(item, where.get(key, key))
                stage = Stage.PERBAIKAN
                source = inventory_spec()[where.get(key, key)].label
            fix = (
                f"Kolom '{labels[key]}' Daftar Informasi Publik kosong; isi {source} pada sel "
                "itu, lalu konsep lagi."
            )
            found.append(Blocker(stage, item["id"], cell, fix))
        return found

    def _date_blockers(self) -> list[Blocker]:
        """A test dated after the decision on it, or step 5 decided before step 4. An item not
        yet decided at step 5 (re-tested after a return) waits for its decision: the round's
        decision date stands for an item's own only when step 5 decided it without a date."""
        found = []
        dates = self.review.dates
        decided = {} if not len(dates) else dict(zip(
            dates["id"], zip(dates["tanggal_pembantu"], dates["tanggal_atasan"], strict=True),
            strict=True))  # fmt: skip
        rows = self.review.rows
        at_step5 = set(rows.loc[rows["keputusan_atasan"].notna(), "id"]) if len(rows) else set()
        keputusan = self.decision_date
        table = self.outcomes.table
        for item_id, tested in zip(table["id"], table["tanggal_uji"], strict=True):
            if not isinstance(tested, date):
                continue
            later = []
            if item_id in decided:
                first, second = decided[item_id]
                later += [(first, "keputusan PPID Pembantu"), (second, "keputusan Atasan PPID")]
            if item_id in at_step5 and not any(isinstance(day, date) for day, _ in later[1:]):
                later.append((keputusan, "tanggal keputusan"))
            for day, what in later:
                if isinstance(day, date) and tested > day:
                    fix = (
                        f"Tanggal Uji {long_date(tested)} jatuh sesudah {what} "
                        f"{long_date(day)}; uji konsekuensi harus mendahului keputusan: perbaiki "
                        "Tanggal Uji, atau tanggal keputusan di tinjauan.xlsx."
                    )
                    cell = self._test_cell(item_id, "tanggal_uji")
                    found.append(Blocker(Stage.UJI, item_id, cell, fix))
                    break
        for item_id, (first, second) in decided.items():
            if isinstance(first, date) and isinstance(second, date) and second < first:
                fix = (
                    f"Atasan PPID memutuskan ({long_date(second)}) sebelum PPID Pembantu "
                    f"({long_date(first)}); langkah 5 menyusul langkah 4, perbaiki tanggalnya."
                )
                cell = self._review_cell(str(item_id), "tanggal_atasan")
                found.append(Blocker(Stage.TINJAUAN, str(item_id), cell, fix))
        return found

    def _inventory_cell(self, item: Mapping[str, Any], column: str) -> str:
        """'PA.xlsx!J8': where an item's value sits in the bidang's own workbook."""
        source = self.read().sources.get((item["berkas"], item["lembar"]))
        cell = source.cell(column, int(item["baris"])) if source else ""
        sheet = "" if item["lembar"] == inventory_spec().sheet else f"'{item['lembar']}'!"
        where = cell or f"baris {int(item['baris'])}"
        return f"{item['berkas']}!{sheet}{where}"

    def _test_cell(self, item_id: str, column: str) -> str:
        return _sheet_cell(self.test_sheet, self._test_places, item_id, column)

    def _review_cell(self, item_id: str, column: str) -> str:
        return _sheet_cell(self.review_sheet, self._review_places, item_id, column)

    @cached_property
    def _test_places(self) -> dict[str, dict[str, Any]]:
        return _places(self.outcomes.rows)

    @cached_property
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
        days = [d for d in self.review.dates["tanggal_atasan"] if isinstance(d, date)]
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
                    "Dikecualikan": int(items["hasil"].isin({"Dikecualikan",
                                                          "Dikecualikan Sebagian"}).sum()),
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
        """Exempted items the reviewers have still to agree on (steps 4-5)."""
        return set(self.exempted["id"]) - self.approved()

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
        """Archive items whose JRA status differs from the last archived list."""
        snapshot = archive.current_snapshot(self.workspace.archive)
        if snapshot is None:
            return []
        before = {item["id"]: item["status_arsip"] for item in snapshot.get("butir", [])}
        now = dict(zip(self.outcomes.table["id"], self.outcomes.table["status_arsip"],
                       strict=True))  # fmt: skip
        return [
            f"Status arsip {item} berubah: {before[item]} → {now[item]} sejak daftar terakhir."
            for item in before
            if item in now and before[item] != now[item]
        ]

    # --- the determined list ----------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """What the final list holds, as archived beside the signed file and published."""
        config, head = self.config, self.config.officials["kepala"]
        table = self.exempted
        return {
            "format": SNAPSHOT_FORMAT,
            "instansi": {
                key: config.office[key]
                for key in ("pemerintah", "nama", "sebutan", "kode", "tempat")
            },
            "tahun": config.tahun,
            "keputusan": {
                "nomor": self.decision_number(),
                "tanggal": self.decision_date.isoformat(),
                "penanda_tangan": {
                    "jabatan": head.jabatan,
                    "nama": head.nama,
                    "nip": head.nip_text,
                },
            },
            "dik": _printed(DIK_COLUMNS, self.exempt_list, table, self.bidang_names, True),
            "dip": _printed(DIP_COLUMNS, self.public_list, self.public, self.bidang_names, False),
            "butir": [
                {
                    "id": item["id"],
                    "judul": item["judul"],
                    "hasil": item["hasil"],
                    "pasal17": item["pasal17_kode"],
                    "jangka_waktu": item["jangka_waktu"] or "",
                    "status_arsip": item["status_arsip"],
                    "kode_arsip": item["kode_arsip"] or "",
                    "tanggal_uji": item["tanggal_uji"].isoformat()
                    if isinstance(item["tanggal_uji"], date)
                    else "",
                }
                for item in records(table)
            ],
        }

    def write_snapshot(self, target: Path) -> Path:
        snapshot = self.snapshot()

        def write(path: Path) -> None:  # streamed: the text is never held whole
            with path.open("w", encoding="utf-8") as handle:
                json.dump(snapshot, handle, ensure_ascii=False, indent=1)

        return write_atomically(target, write)

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
    columns: tuple[Column, ...],
    rows: list[Row],
    table: pd.DataFrame,
    names: dict[str, str],
    with_basis: bool,
) -> dict[str, Any]:
    """A list as printed (its columns and rows), with each row's bidang and Pasal 17 codes."""
    result = []
    for row, item in zip(rows, records(table), strict=True):
        entry: dict[str, Any] = {column.key: row[column.key] for column in columns}
        entry["bidang"] = names.get(item["bidang"], item["bidang"])
        if with_basis:
            entry["pasal17"] = [code for code in item["pasal17_kode"].split("; ") if code]
        result.append(entry)
    return {"kolom": [{"kunci": c.key, "judul": c.title} for c in columns], "baris": result}


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
