"""What stops the list from being signed, each at the cell where it is fixed.

A blocker is data: the SOP step that has the work (`Stage`), the item, the cell, and one sentence
saying what is wrong and what to do. The round gathers them from its stages; each function here
reads frames the stages produced and says nothing, so commands decide how to show them.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

import pandas as pd

from pipeline.kit.config import Config
from pipeline.kit.dates import long_date
from pipeline.kit.periods import is_unlimited
from pipeline.kit.problems import records
from pipeline.kit.reference import References
from pipeline.kit.schema import consequence_spec, inventory_spec
from pipeline.kit.text import plain
from pipeline.stages.s1_previous import PastItem
from pipeline.stages.s3b_validate import Inventory
from pipeline.stages.s3d_classify import PERLU_KONFIRMASI, STATIS, USUL_MUSNAH
from pipeline.stages.s3e_consequence import TERBUKA, Outcomes
from pipeline.stages.s3f_listing import DIP_COLUMNS, DIP_REQUIRED, Row
from pipeline.stages.s45_review import SETUJU, Review


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


@dataclass(frozen=True)
class Cells:
    """Where an item's value sits: in the bidang's workbook, the test sheet, the review sheet."""

    inventory: Callable[[Mapping[str, Any], str], str]  # (item, column) -> 'PA.xlsx!J8'
    test: Callable[[str, str], str]  # (item ID, column) -> 'uji_konsekuensi.xlsx!L12'
    review: Callable[[str, str], str]


def rejections(inventory: Inventory) -> list[Blocker]:
    """What the bidang must correct before the list is complete (step 3, periksa)."""
    found = []
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


def test_conflicts(outcomes: Outcomes) -> list[Blocker]:
    """What the consequence test's own rules find, at its cells (uji shows these)."""
    return [
        Blocker(Stage.UJI, str(conflict["id"]), str(conflict["sel"]), str(conflict["pesan"]))
        for conflict in records(outcomes.conflicts)
    ]


def orphan_decisions(review: Review, sheet_name: str) -> list[Blocker]:
    """Decisions in tinjauan.xlsx for items the draft no longer holds."""
    fix = (
        "Ada keputusan tinjauan untuk butir yang tidak ada lagi di konsep; periksa lembar itu dan "
        "kosongkan atau pindahkan keputusannya."
    )
    return [
        Blocker(Stage.TINJAUAN, str(orphan["id"] or "tanpa ID"), f"{sheet_name}!{orphan['lembar']}",
                fix)
        for orphan in records(review.orphan_decisions)
    ]  # fmt: skip


def archive_conflicts(
    table: pd.DataFrame, exempted: pd.DataFrame, refs: References, config: Config, cells: Cells
) -> list[Blocker]:
    """An archive status the list cannot rest on: unknown, or contradicting the exemption."""
    found = []
    for item in records(table[table["status_arsip"] == PERLU_KONFIRMASI]):
        rule = refs.jra.loc[item["kode_arsip"]]
        fix = (
            f"Status arsip belum dapat ditentukan: retensi kode {item['kode_arsip']} dihitung "
            f"{str(rule['pemicu']).lower()}; minta {config.bidang_name(item['bidang'])} mengisi "
            f"{inventory_spec()['tanggal_ditutup'].label} dengan tanggal peristiwa itu, lalu "
            "periksa dan konsep lagi."
        )
        found.append(Blocker(Stage.PERBAIKAN, item["id"], cells.inventory(item, "tanggal_ditutup"),
                             fix))  # fmt: skip
    lasting = set(refs.pasal17.index[refs.pasal17["kelompok"] == "tetap"])
    for item in records(exempted[exempted["status_arsip"].isin([USUL_MUSNAH, STATIS])]):
        status, period = item["status_arsip"], plain(item["jangka_waktu"])
        if status == USUL_MUSNAH and is_unlimited(period):
            fix = (
                "Arsip ini habis retensi dan diusulkan musnah menurut JRA, sehingga tidak dapat "
                "dikecualikan tanpa batas waktu; tulis jangka waktu 'Sampai arsip dimusnahkan "
                "sesuai JRA', atau uji ulang."
            )
            found.append(Blocker(Stage.UJI, item["id"], cells.test(item["id"], "jangka_waktu"),
                                 fix))  # fmt: skip
        codes = {code for code in item["pasal17_kode"].split("; ") if code}
        grounds = {".".join(code.split(".")[:2]) for code in codes} | codes
        if status == STATIS and not grounds & lasting:
            fix = (
                "Arsip statis terbuka untuk umum menurut SOP; pengecualiannya hanya dapat "
                "didasarkan pada Pasal 17 huruf g, h, i atau j UU 14/2008, yang menurut Pasal 20 "
                f"tidak dibatasi waktu: ubah {consequence_spec()['hasil_uji'].label} menjadi "
                f"{TERBUKA}, atau cantumkan dasar itu."
            )
            found.append(Blocker(Stage.UJI, item["id"], cells.test(item["id"], "pasal17"), fix))
    return found


def empty_public_columns(
    public_list: list[Row], public: pd.DataFrame, cells: Cells
) -> list[Blocker]:
    """A DIP column left empty (Perki 1/2021 asks for every one of them)."""
    # Where each column's words come from, when not the inventory column of the same name.
    where = {"waktu_tempat": "tahun_pembuatan", "retensi": "kode_arsip"}
    labels = {column.key: column.label for column in DIP_COLUMNS}
    empty = [(position, key) for position, row in enumerate(public_list)
             for key in DIP_REQUIRED if not plain(row[key])]  # fmt: skip
    positions = sorted({position for position, _ in empty})
    items = dict(zip(positions, records(public.iloc[positions]), strict=True))
    found = []
    for position, key in empty:
        item = items[position]
        if key == "ringkasan" and item["hasil"] != TERBUKA:
            cell, stage = cells.test(item["id"], "bentuk_diberikan"), Stage.UJI
            source = consequence_spec()["bentuk_diberikan"].label
        else:
            cell, stage = cells.inventory(item, where.get(key, key)), Stage.PERBAIKAN
            source = inventory_spec()[where.get(key, key)].label
        fix = (
            f"Kolom '{labels[key]}' Daftar Informasi Publik kosong; isi {source} pada sel itu, "
            "lalu konsep lagi."
        )
        found.append(Blocker(stage, item["id"], cell, fix))
    return found


def misdated(tests: pd.DataFrame, review: Review, decision: date, cells: Cells) -> list[Blocker]:
    """A test dated after the approval given on it, or step 5 decided before step 4. Only an
    approval that still holds counts: a return asks for a new test, and a decision cleared
    because the content changed is no decision. An item not yet approved at step 5 (re-tested
    after a return) waits for its decision: the round's decision date stands for an item's own
    only when step 5 approved it without a date."""
    found = []
    standing = review.standing
    decided = {} if not len(standing) else dict(zip(
        standing["id"],
        zip(standing["tanggal_pembantu"], standing["tanggal_atasan"], strict=True),
        strict=True))  # fmt: skip
    at_step5 = set(standing.loc[standing["keputusan_atasan"] == SETUJU, "id"])
    for item_id, tested in zip(tests["id"], tests["tanggal_uji"], strict=True):
        if not isinstance(tested, date):
            continue
        later = []
        if item_id in decided:
            first, second = decided[item_id]
            later += [(first, "keputusan PPID Pembantu"), (second, "keputusan Atasan PPID")]
        if item_id in at_step5 and not any(isinstance(day, date) for day, _ in later[1:]):
            later.append((decision, "tanggal keputusan"))
        for day, what in later:
            if isinstance(day, date) and tested > day:
                label = consequence_spec()["tanggal_uji"].label
                fix = (
                    f"{label} {long_date(tested)} jatuh sesudah {what} {long_date(day)}; uji "
                    f"konsekuensi harus mendahului keputusan: perbaiki {label}, atau tanggal "
                    "keputusan di tinjauan.xlsx."
                )
                found.append(Blocker(Stage.UJI, item_id, cells.test(item_id, "tanggal_uji"), fix))
                break
    for item_id, (first, second) in decided.items():
        if isinstance(first, date) and isinstance(second, date) and second < first:
            fix = (
                f"Atasan PPID memutuskan ({long_date(second)}) sebelum PPID Pembantu "
                f"({long_date(first)}); langkah 5 menyusul langkah 4, perbaiki tanggalnya."
            )
            cell = cells.review(str(item_id), "tanggal_atasan")
            found.append(Blocker(Stage.TINJAUAN, str(item_id), cell, fix))
    return found


def missing_items(missing: Iterable[PastItem], config: Config) -> list[Blocker]:
    """Items of the last list that no row of the bidang's isian keeps, changes or removes: a
    revoked list must not drop an exemption without saying why."""
    action = inventory_spec(carried=True)["tindak_lanjut"]
    return [
        Blocker(Stage.PERBAIKAN, item.id, "",
                f"Butir {item.id} ({item.judul}) dari daftar lalu tidak ada dalam isian "
                f"{config.bidang_name(item.bidang)}; kembalikan barisnya dari formulir, atau "
                f"isi {action.label} dengan alasan menghapusnya.")
        for item in missing
    ]  # fmt: skip
