"""SOP step 3, consequence test: the team's outcomes joined to the items, and what conflicts.

The outcomes live in uji_konsekuensi.xlsx, one row per item; its cells are checked against
schemas/uji_konsekuensi.toml where they are, and the rules of the law that span a row's columns
are checked here. Refreshing the sheet keeps everything the team filled; rows whose item
disappeared are kept aside, never dropped or given to another item.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from pipeline.kit.carry import carry_filled
from pipeline.kit.checker import check_cells
from pipeline.kit.citations import UU_KIP, Reference, parse
from pipeline.kit.laws import Register
from pipeline.kit.periods import is_unlimited
from pipeline.kit.problems import GALAT, LOCATION, records
from pipeline.kit.reference import References, Suggestion, SuggestionIndex
from pipeline.kit.schema import TIDAK, YA, SheetSpec, consequence_spec
from pipeline.kit.sheets import FillSheet
from pipeline.kit.text import plain
from pipeline.stages.s3d_classify import CLOSED_TO_PUBLIC, PERLU_KONFIRMASI, STATIS, USUL_MUSNAH

DIKECUALIKAN, SEBAGIAN, TERBUKA = consequence_spec()["hasil_uji"].choices
EXEMPTED = {DIKECUALIKAN, SEBAGIAN}
TEMPORARY_LETTERS = set("abcdef")  # UU 14/2008 Pasal 20: these exemptions are not permanent
# Outcomes follow an item while its ID and its title stay the same; a renumbered or renamed
# item starts untested, and its old outcome is kept aside rather than misattributed.
MATCH = ["id", "judul"]
# A conflict blocks the list; a note informs the reviewers; a warning is a note that tetapkan
# shows too, beside the list it writes (a legal basis the Komisi Informasi may not accept).
KONFLIK, CATATAN, PERINGATAN = "konflik", "catatan", "peringatan"
FINDING_COLUMNS = ["id", "jenis", "sel", "pesan"]
CARRIED_GIVEN = [c.name for c in consequence_spec(carried=True).columns if c.carried]
# The columns of an item that the rules spanning its columns weigh (_row_rules).
RULE_COLUMNS = ["id", "hasil", "hasil_uji", "status_arsip", "pasal17_kode", "jangka_waktu",
                "dasar_hukum_lain", "dasar_dibuka", "tanggal_uji", "uji_ulang"]  # fmt: skip


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

    @property
    def warnings(self) -> pd.DataFrame:
        return self.findings[self.findings["jenis"] == PERINGATAN]


def given_columns(
    items: pd.DataFrame, bidang_names: dict[str, str], suggestions: Sequence[Suggestion] = ()
) -> pd.DataFrame:
    """The read-only part of the consequence-test sheet, from the classified items (and, in a
    round that continues the last list, why each is tested again and where its test was)."""
    proposed = items["usulan"] == YA
    index = SuggestionIndex(suggestions)
    given = pd.DataFrame(
        {
            "id": items["id"],
            "bidang": items["bidang"].map(lambda code: bidang_names.get(code, code)),
            "judul": items["judul"],
            "ringkasan": items["ringkasan"].fillna(""),
            "status_arsip": items["status_arsip"],
            "usulan": items["usulan"],
            "dasar_usulan": items["dasar_usulan"].fillna(""),
            "alasan": items["alasan"].fillna(""),
            "saran": [
                suggested(f"{title} {summary}", index) if wanted else ""
                for title, summary, wanted in zip(
                    items["judul"], items["ringkasan"].fillna(""), proposed, strict=True
                )
            ],
        }
    )
    for name in CARRIED_GIVEN:
        if name in items:
            given[name] = items[name]
    return given


def suggested(text: str, index: SuggestionIndex) -> str:
    """'Pasal 17: 17.h.1; 17.h.3. Dasar lain: Pasal 4 ayat (2) huruf f UU 27/2022 (data
    keuangan pribadi)': what is usually cited for information described by `text`."""
    hits = index.found(text)
    codes = list(dict.fromkeys(code for s in hits for code in s.pasal17))
    others = [f"{s.basis} ({s.note})" if s.note else s.basis for s in hits if s.basis]
    parts = [f"Pasal 17: {'; '.join(codes)}."] * bool(codes)
    parts += [f"Dasar lain: {'; '.join(others)}."] * bool(others)
    return " ".join(parts)


def assess_outcomes(
    items: pd.DataFrame,
    previous: FillSheet | None,
    spec: SheetSpec,
    refs: References,
    bidang_names: dict[str, str],
    carried: Mapping[str, Mapping[str, object]] | None = None,
    since: date | None = None,
) -> Outcomes:
    """Each item with its outcome (`hasil` is what holds: Terbuka when not proposed and not
    tested), and every conflict and note for the reviewers.

    `carried`: the last list's test of each item whose test stands, written into the sheet
    where the item has no row yet; `since`: the date of that list's decision, before which a
    test of an item due to be tested again does not count."""
    given = given_columns(items, bidang_names, refs.suggestions).reset_index(drop=True)
    rows, aside = carry_filled(given, previous.rows if previous else None, spec, MATCH)
    located = rows["baris"].notna()
    if carried:
        for index in rows.index[~located & rows["id"].isin(list(carried))]:
            for name, value in carried[str(rows.at[index, "id"])].items():
                rows.at[index, name] = value  # type: ignore[assignment]
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
        plain(result) or (TERBUKA if proposal == TIDAK else "")
        for result, proposal in zip(typed["hasil_uji"], table["usulan"], strict=True)
    ]
    table["pasal17_kode"] = table["pasal17"].map(plain)
    moved = set(aside["id"].dropna())
    # a dict per item of what _row_rules reads, not of every column
    weighed = records(table[[c for c in RULE_COLUMNS if c in table.columns]])
    for item, place in zip(weighed, records(rows[LOCATION]), strict=True):
        findings.extend(_row_rules(item, _cells(place, previous), item["id"] in moved, refs.laws,
                                   since))  # fmt: skip
    return Outcomes(rows, aside, previous, table, pd.DataFrame(findings, columns=FINDING_COLUMNS))


def _cells(row: Mapping[str, Any], sheet: FillSheet | None) -> Callable[[str], str] | None:
    """'uji_konsekuensi.xlsx!L12' for a column of this row; None when it is not in the sheet."""
    line = row["baris"]
    if sheet is None or line is None or line is pd.NA or line != line:  # None, NA or NaN: not read
        return None
    source = sheet.sources[(row["berkas"], row["lembar"])]
    return lambda name: f"{source.name}!{source.cell(name, int(line))}"


def _row_rules(
    item: Mapping[str, Any],
    cell: Callable[[str], str] | None,
    moved: bool,
    laws: Register,
    since: date | None,
) -> list[dict[str, object]]:
    """The rules of the law and the SOP that weigh several of an item's columns."""
    found = []
    item_id, result, status = item["id"], item["hasil"], item["status_arsip"]
    located, spec = cell is not None, consequence_spec()

    def add(kind: str, message: str, column: str = "") -> None:
        where = cell(column) if cell is not None and column else ""
        found.append(_finding(item_id, kind, where, message))

    if not result and moved:
        add(KONFLIK,
            "Belum diuji: judul atau nomor butir ini berubah sejak diuji, dan hasil uji lamanya "
            f"ada di lembar '{spec.aside}' (uji); salin kembali bila masih berlaku.")  # fmt: skip
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
        for kind, message in _exemption_basis(letters, plain(item["dasar_hukum_lain"]), laws):
            add(kind, message, "dasar_hukum_lain")
    if result == TERBUKA:
        dasar_dibuka = spec["dasar_dibuka"].label
        for kind, message in _laws_in_force(plain(item["dasar_dibuka"]), laws, dasar_dibuka):
            add(kind, message, "dasar_dibuka")
    if result == TERBUKA and status in CLOSED_TO_PUBLIC:
        reason = plain(item["dasar_dibuka"])
        if reason:
            add(CATATAN, f"Arsip berstatus {status} dibuka untuk umum: {reason}.")
        elif not plain(item["hasil_uji"]):  # not proposed, so open unless the test says why
            add(KONFLIK,
                f"Arsip berstatus {status} tidak dibuka untuk umum menurut SOP; bila informasi "
                f"ini memang terbuka, isi {spec['hasil_uji'].label} {TERBUKA} dan "
                f"{spec['dasar_dibuka'].label}, atau uji sebagai informasi yang dikecualikan.",
                "dasar_dibuka")  # fmt: skip
    if status == PERLU_KONFIRMASI:
        add(CATATAN, "Status arsip perlu konfirmasi: tanggal peristiwa pemicu retensi belum ada.")
    tested, again = item["tanggal_uji"], plain(item.get("uji_ulang"))
    if again and result and since is not None and isinstance(tested, date) and tested <= since:
        add(KONFLIK,
            f"Perlu diuji ulang ({again[:1].lower()}{again[1:]}), tetapi hasil uji baris ini "
            f"bertanggal {tested:%d/%m/%Y}, sebelum keputusan yang lalu; uji kembali dan isi "
            f"{spec['tanggal_uji'].label} dengan tanggal uji yang baru.",
            "tanggal_uji")  # fmt: skip
    return found


def _exemption_basis(letters: set[str], other: str, laws: Register) -> list[tuple[str, str]]:
    """What a Komisi Informasi would ask of an exemption's other laws (Perki 1/2021 Pasal 49:
    the test analyses the Undang-Undang that protects the information): each law named with
    the article that protects it, in force, and an Undang-Undang where huruf j rests on one."""
    spec = consequence_spec()
    other_label = spec["dasar_hukum_lain"].label
    found = _laws_in_force(other, laws, other_label)
    citation = parse(other)
    references = [r for r in citation.references if r.law != UU_KIP]
    for position, reference in enumerate(references):
        if not reference.provisions and not _amending(references, position, laws):
            found.append((KONFLIK,
                f"{reference.law.short} disebut tanpa pasal; sebutkan pasal yang melindungi "
                f"informasi ini, mis. 'Pasal ... {reference.law.short}' (uji konsekuensi "
                "menganalisis pasal Undang-Undang yang menjadi dasar)."))  # fmt: skip
    below = [r.law.short for r in references if not r.law.statute]
    if "j" in letters and not references:
        found.append((KONFLIK,
            "Pasal 17 huruf j mengecualikan informasi yang tidak boleh diungkapkan berdasarkan "
            f"Undang-Undang; sebutkan Undang-Undang dan pasalnya di {other_label}."))  # fmt: skip
    elif references and len(below) == len(references):
        what = (
            "Pasal 17 huruf j mensyaratkan Undang-Undang"
            if "j" in letters
            else ("Komisi Informasi menganalisis Undang-Undang yang menjadi dasar")
        )
        found.append((PERINGATAN,
            f"{other_label} hanya menyebut peraturan di bawah Undang-Undang "
            f"({', '.join(below)}); {what}: sebutkan Undang-Undang yang menjadi "
            "dasar peraturan itu."))  # fmt: skip
    for text in citation.unread:
        found.append((PERINGATAN,
            f"'{text}' tidak terbaca sebagai rujukan peraturan dan dicetak seperti tertulis; "
            "tulis jenis, nomor dan tahunnya, mis. 'Pasal 4 UU Nomor 27 Tahun 2022', atau "
            f"pindahkan penjelasannya ke {spec['akibat_dibuka'].label}."))  # fmt: skip
    return found


def _laws_in_force(text: str, laws: Register, label: str) -> list[tuple[str, str]]:
    """A revoked law cited (with its successor), and a law the key could not title."""
    found = []
    for reference in parse(text).references:
        entry = laws.get(reference.law)
        if entry is not None and entry.revoked:
            successors = "; ".join(laws.full_title(law) for law in entry.revoked_by)
            found.append((KONFLIK,
                f"{reference.law.short} ({entry.title}) telah dicabut dan diganti {successors}; "
                f"sebutkan pasal peraturan pengganti itu di {label}."))  # fmt: skip
        elif entry is None and not reference.title:
            found.append((PERINGATAN,
                f"{reference.law.short} tidak ada di daftar peraturan alat ini; tulis judulnya, "
                f"mis. '{reference.law.full_name} tentang ...', agar keterangan di bawah daftar "
                "memuatnya (atau tambahkan ke peraturan_kantor.csv)."))  # fmt: skip
    return found


def _amending(references: list[Reference], position: int, laws: Register) -> bool:
    """A law without an article of its own that is chained ('jo.') to a law it amends or
    that amends it: 'Pasal 79 UU 23/2006 jo. UU 24/2013' cites the article as amended."""
    chain = [position]
    while chain[0] > 0 and references[chain[0]].chained:
        chain.insert(0, chain[0] - 1)
    end = position
    while end + 1 < len(references) and references[end + 1].chained:
        end += 1
        chain.append(end)
    return any(
        references[other].provisions and laws.amends(references[position].law,
                                                     references[other].law)
        for other in chain if other != position
    )  # fmt: skip


def _finding(item: object, kind: str, cell: str, message: str) -> dict[str, object]:
    return {"id": item, "jenis": kind, "sel": cell, "pesan": message}


def exempted(table: pd.DataFrame) -> pd.DataFrame:
    """What the DIK lists: exempted items, wholly or in part."""
    return table[table["hasil"].isin(EXEMPTED)]


def public(table: pd.DataFrame) -> pd.DataFrame:
    """What the DIP lists: open items, and the releasable part of partly exempted ones."""
    return table[table["hasil"].isin({TERBUKA, SEBAGIAN})]
