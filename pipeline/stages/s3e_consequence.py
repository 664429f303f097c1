"""SOP step 3, consequence test: the team's outcomes joined to the items, and what conflicts.

The outcomes live in uji_konsekuensi.xlsx, one row per item; its cells are checked against
schemas/uji_konsekuensi.toml where they are, and the rules of the law that span a row's columns
are checked here. Refreshing the sheet keeps everything the team filled; rows whose item
disappeared are kept aside, never dropped or given to another item.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.kit.carry import carry_filled
from pipeline.kit.checker import check_cells
from pipeline.kit.citations import untitled
from pipeline.kit.periods import is_unlimited
from pipeline.kit.problems import GALAT, LOCATION, records
from pipeline.kit.reference import References
from pipeline.kit.schema import SheetSpec
from pipeline.kit.sheets import FillSheet
from pipeline.kit.text import plain
from pipeline.stages.s3d_classify import CLOSED_TO_PUBLIC, PERLU_KONFIRMASI, STATIS, USUL_MUSNAH

DIKECUALIKAN = "Dikecualikan"
SEBAGIAN = "Dikecualikan Sebagian"
TERBUKA = "Terbuka"
EXEMPTED = {DIKECUALIKAN, SEBAGIAN}
TEMPORARY_LETTERS = set("abcdef")  # UU 14/2008 Pasal 20: these exemptions are not permanent
ASIDE_TITLE = "Isian Tanpa Butir"
# Outcomes follow an item while its ID and its title stay the same; a renumbered or renamed
# item starts untested, and its old outcome is kept aside rather than misattributed.
MATCH = ["id", "judul"]
KONFLIK, CATATAN = "konflik", "catatan"  # a conflict blocks the list; a note informs reviewers
FINDING_COLUMNS = ["id", "jenis", "sel", "pesan"]
# The columns of an item that the rules spanning its columns weigh (_row_rules).
RULE_COLUMNS = ["id", "hasil", "hasil_uji", "status_arsip", "pasal17_kode", "jangka_waktu",
                "dasar_hukum_lain", "dasar_dibuka"]  # fmt: skip


@dataclass
class Outcomes:
    """SOP step 3's consequence test as it stands for every item."""

    rows: pd.DataFrame  # what uji_konsekuensi.xlsx should hold, with where each row was read
    aside: pd.DataFrame  # filled rows that match no item any more
    previous: FillSheet | None  # the sheet as it is
    table: pd.DataFrame  # the items with their typed outcome, `hasil` and `pasal17_kode`
    findings: pd.DataFrame  # FINDING_COLUMNS: each conflict and note, at its cell where it has one

    @property
    def conflicts(self) -> pd.DataFrame:
        return self.findings[self.findings["jenis"] == KONFLIK]


def given_columns(items: pd.DataFrame, bidang_names: dict[str, str]) -> pd.DataFrame:
    """The read-only part of the consequence-test sheet, from the classified items."""
    return pd.DataFrame(
        {
            "id": items["id"],
            "bidang": items["bidang"].map(lambda code: bidang_names.get(code, code)),
            "judul": items["judul"],
            "status_arsip": items["status_arsip"],
            "usulan": items["usulan"],
            "dasar_usulan": items["dasar_usulan"].fillna(""),
        }
    )


def assess_outcomes(
    items: pd.DataFrame,
    previous: FillSheet | None,
    spec: SheetSpec,
    refs: References,
    bidang_names: dict[str, str],
) -> Outcomes:
    """Each item with its outcome (`hasil` is what holds: Terbuka when not proposed and not
    tested), and every conflict and note for the reviewers."""
    given = given_columns(items, bidang_names).reset_index(drop=True)
    rows, aside = carry_filled(given, previous.rows if previous else None, spec, MATCH)
    located = rows["baris"].notna()
    typed = rows.astype(object)
    findings: list[dict[str, object]] = []
    if previous is not None and located.any():
        checked = check_cells(rows[located], spec, refs, previous.sources)
        typed.loc[located, checked.typed.columns] = checked.typed
        by_place = rows[located].set_index(LOCATION)["id"]
        for found in records(checked.problems):
            item = by_place.get((found["Berkas"], found["Lembar"], found["Baris"]))
            kind = KONFLIK if found["Tingkat"] == GALAT else CATATAN
            findings.append(
                _finding(item, kind, f"{found['Berkas']}!{found['Sel']}", found["Pesan"])
            )
    table = items.reset_index(drop=True).copy()
    for column in spec.filled:
        table[column.name] = typed[column.name].to_numpy()
    table["hasil"] = [
        plain(result) or (TERBUKA if proposal == "Tidak" else "")
        for result, proposal in zip(typed["hasil_uji"], table["usulan"], strict=True)
    ]
    table["pasal17_kode"] = table["pasal17"].map(plain)
    moved = set(aside["id"].dropna())
    weighed = records(table[RULE_COLUMNS])  # a dict per item of what _row_rules reads, not all
    for item, place in zip(weighed, records(rows[LOCATION]), strict=True):
        findings.extend(_row_rules(item, _cells(place, previous), item["id"] in moved))
    return Outcomes(rows, aside, previous, table, pd.DataFrame(findings, columns=FINDING_COLUMNS))


def _cells(row: Mapping[str, Any], sheet: FillSheet | None) -> Callable[[str], str] | None:
    """'uji_konsekuensi.xlsx!L12' for a column of this row; None when it is not in the sheet."""
    line = row["baris"]
    if sheet is None or line is None or line is pd.NA or line != line:  # None, NA or NaN: not read
        return None
    source = sheet.sources[(row["berkas"], row["lembar"])]
    return lambda name: f"{source.name}!{source.cell(name, int(line))}"


def _row_rules(
    item: Mapping[str, Any], cell: Callable[[str], str] | None, moved: bool
) -> list[dict[str, object]]:
    """The rules of the law and the SOP that weigh several of an item's columns."""
    found = []
    item_id, result, status = item["id"], item["hasil"], item["status_arsip"]
    located = cell is not None

    def add(kind: str, message: str, column: str = "") -> None:
        where = cell(column) if cell is not None and column else ""
        found.append(_finding(item_id, kind, where, message))

    if not result and moved:
        add(KONFLIK,
            f"Belum diuji: judul atau nomor butir ini berubah sejak diuji, dan hasil uji lamanya "
            f"ada di lembar '{ASIDE_TITLE}' (uji); salin kembali bila masih berlaku.")  # fmt: skip
    elif not result and not located:
        add(KONFLIK, "Belum diuji: butir ini belum ada di uji_konsekuensi.xlsx; jalankan uji.")
    if result in EXEMPTED:
        letters = {code.split(".")[1] for code in item["pasal17_kode"].split("; ") if code}
        if letters and letters <= TEMPORARY_LETTERS and is_unlimited(plain(item["jangka_waktu"])):
            add(KONFLIK,
                "Pengecualian atas dasar Pasal 17 huruf a-f tidak boleh tanpa batas waktu "
                "(Pasal 20 UU 14/2008); tetapkan jangka waktu tertentu.",
                "jangka_waktu")  # fmt: skip
        if status == STATIS:
            add(CATATAN,
                "Arsip statis terbuka untuk umum menurut SOP; pengecualian memerlukan alasan "
                "khusus (arsip statis tertutup).")  # fmt: skip
        if status == USUL_MUSNAH:
            add(CATATAN, "Retensi arsip telah habis dan diusulkan musnah menurut JRA.")
        other = plain(item["dasar_hukum_lain"])
        if other and not any(word in other.casefold() for word in ("uu", "undang")):
            add(CATATAN,
                "Dasar Hukum Lain tidak menyebut Undang-Undang; Komisi Informasi mensyaratkan "
                "dasar Undang-Undang.")  # fmt: skip
    for column, label in (("dasar_hukum_lain", "Dasar Hukum Lain"),
                          ("dasar_dibuka", "Dasar Dibuka untuk Umum")):  # fmt: skip
        if missing := untitled(plain(item[column])):
            add(CATATAN,
                f"{label} menyebut {', '.join(missing)} tanpa judulnya; tulis lengkap, mis. "
                "'Pasal 4 UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi', agar "
                "keterangan di bawah daftar memuat judul itu.", column)  # fmt: skip
    if result == TERBUKA and status in CLOSED_TO_PUBLIC:
        reason = plain(item["dasar_dibuka"])
        if reason:
            add(CATATAN, f"Arsip berstatus {status} dibuka untuk umum: {reason}.")
        elif not plain(item["hasil_uji"]):  # not proposed, so open unless the test says why
            add(KONFLIK,
                f"Arsip berstatus {status} tidak dibuka untuk umum menurut SOP; bila informasi "
                "ini memang terbuka, isi Hasil Uji Terbuka dan Dasar Dibuka untuk Umum, atau uji "
                "sebagai informasi yang dikecualikan.", "dasar_dibuka")  # fmt: skip
    if status == PERLU_KONFIRMASI:
        add(CATATAN, "Status arsip perlu konfirmasi: tanggal peristiwa pemicu retensi belum ada.")
    return found


def _finding(item: object, kind: str, cell: str, message: str) -> dict[str, object]:
    return {"id": item, "jenis": kind, "sel": cell, "pesan": message}


def exempted(table: pd.DataFrame) -> pd.DataFrame:
    """What the DIK lists: exempted items, wholly or in part."""
    return table[table["hasil"].isin(EXEMPTED)]


def public(table: pd.DataFrame) -> pd.DataFrame:
    """What the DIP lists: open items, and the releasable part of partly exempted ones."""
    return table[table["hasil"].isin({TERBUKA, SEBAGIAN})]
