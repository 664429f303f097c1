"""What the lists say, apart from how they are drawn: the rows of the DIK, the DIP and the
lembar pengujian, their column headers, and the one citation style for legal bases.

Review fingerprints are taken from these rows and the documents print them, so a decision is
always bound to exactly what the signed list shows. The column headers below are the only
place a list's header is spelled: the Word templates and the archived snapshot both use them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from pipeline.kit.citations import TITLES, UU_KIP, hierarchy, short_citations
from pipeline.kit.config import Config
from pipeline.kit.dates import long_date
from pipeline.kit.problems import records
from pipeline.kit.text import plain
from pipeline.stages.s3d_classify import BUKAN_ARSIP
from pipeline.stages.s3e_consequence import EXEMPTED, SEBAGIAN, TERBUKA

Row = dict[str, str]
NONE = "-"  # an empty cell in a printed list


@dataclass(frozen=True)
class Column:
    """A printed column: its key in the rows, its header, and the header it is grouped under."""

    key: str
    label: str
    group: str = ""

    @property
    def title(self) -> str:
        """The header read on its own (a CSV column, the web page)."""
        return f"{self.group} bila {self.label}" if self.group else self.label


CONSEQUENCE = "Konsekuensi/Pertimbangan bagi Publik"
# The columns of Perki 1/2021's lembar pengujian (reference §2.2), shared by the lembar, the
# draft and the signed list, so one field always has one header.
NO = Column("no", "No.")
INFORMASI = Column("informasi", "Informasi")
DASAR_HUKUM = Column("dasar_hukum", "Dasar Hukum Pengecualian Informasi")
DIBUKA = Column("dibuka", "Dibuka", CONSEQUENCE)
DITUTUP = Column("ditutup", "Ditutup", CONSEQUENCE)
JANGKA_WAKTU = Column("jangka_waktu", "Jangka Waktu")
STATUS_ARSIP = Column("status_arsip", "Status Arsip")
HASIL = Column("hasil", "Hasil Uji")

DIK_COLUMNS = (NO, INFORMASI, DASAR_HUKUM, DIBUKA, DITUTUP, JANGKA_WAKTU, STATUS_ARSIP)
TEST_COLUMNS = (NO, INFORMASI, DASAR_HUKUM, DIBUKA, DITUTUP, JANGKA_WAKTU, HASIL)
# Perki 1/2021's minimum content of a DIP (reference §2.7), then the ground for opening an
# active or inactive archive, which the document prints under the summary.
DIP_COLUMNS = (
    NO,
    Column("ringkasan", "Ringkasan Isi Informasi"),
    Column("penguasa", "Pejabat/Unit yang Menguasai Informasi"),
    Column("penanggung_jawab", "Penanggung Jawab Pembuatan/Penerbitan Informasi"),
    Column("waktu_tempat", "Tempat dan Waktu Pembuatan"),
    Column("bentuk", "Bentuk Informasi"),
    Column("retensi", "Jangka Waktu Penyimpanan/Retensi Arsip"),
    Column("dasar_dibuka", "Dasar Dibuka untuk Umum"),
)
DIP_REQUIRED = tuple(c.key for c in DIP_COLUMNS if c.key != "dasar_dibuka")


# The item columns each list reads: a row is made from a dict of these, not of every column.
EXEMPT_FIELDS = ["id", "judul", "hasil", "bentuk_diberikan", "bidang", "pasal17_kode",
                 "dasar_hukum_lain", "akibat_dibuka", "pertimbangan_ditutup", "jangka_waktu",
                 "status_arsip"]  # fmt: skip
LEMBAR_FIELDS = [*EXEMPT_FIELDS, "dasar_usulan", "dasar_dibuka"]
PUBLIC_FIELDS = ["id", "judul", "ringkasan", "hasil", "bentuk_diberikan", "tanggal_pembuatan",
                 "tahun_pembuatan", "retensi", "status_arsip", "dasar_dibuka", "bidang",
                 "penguasa", "penanggung_jawab", "bentuk"]  # fmt: skip


def exempt_rows(table: pd.DataFrame, config: Config) -> list[Row]:
    """The Daftar Informasi yang Dikecualikan: one row per exempted item, numbered."""
    names = _bidang_names(config)
    rows = []
    for number, item in enumerate(records(table[EXEMPT_FIELDS]), 1):
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "informasi": _information(item),
                "bidang": names.get(item["bidang"], item["bidang"]),
                "dasar_hukum": legal_basis(item["pasal17_kode"], item["dasar_hukum_lain"]),
                "dibuka": plain(item["akibat_dibuka"]),
                "ditutup": plain(item["pertimbangan_ditutup"]),
                "jangka_waktu": plain(item["jangka_waktu"]),
                "status_arsip": item["status_arsip"],
                "uu": cited_laws(item["pasal17_kode"], item["dasar_hukum_lain"]),
            }
        )
    return rows


def lembar_rows(table: pd.DataFrame, config: Config) -> list[Row]:
    """The lembar pengujian: every item proposed or tested, with its result, numbered."""
    tested = table[(table["usulan"] == "Ya") | table["hasil_uji"].map(lambda v: bool(plain(v)))]
    names = _bidang_names(config)
    rows = []
    for number, item in enumerate(records(tested[LEMBAR_FIELDS]), 1):
        result = item["hasil"] or "Belum diuji"
        if item["hasil"] in EXEMPTED:
            basis = legal_basis(item["pasal17_kode"], item["dasar_hukum_lain"])
            laws = cited_laws(item["pasal17_kode"], item["dasar_hukum_lain"])
        else:
            proposed = legal_basis(plain(item["dasar_usulan"]), "")
            opened = plain(item["dasar_dibuka"])
            parts = [f"Diusulkan: {proposed}"] * bool(proposed)
            parts += [f"Dibuka: {short_citations(opened)[0]}"] * bool(opened)
            basis = "; ".join(parts) or NONE
            laws = cited_laws(plain(item["dasar_usulan"]), opened)
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "informasi": _information(item),
                "bidang": names.get(item["bidang"], item["bidang"]),
                "dasar_hukum": basis,
                "dibuka": plain(item["akibat_dibuka"]) or NONE,
                "ditutup": plain(item["pertimbangan_ditutup"]) or NONE,
                "jangka_waktu": (plain(item["jangka_waktu"]) if item["hasil"] in EXEMPTED else "")
                or NONE,
                "hasil": result,
                "uu": laws,
            }
        )
    return rows


def public_rows(table: pd.DataFrame, config: Config) -> list[Row]:
    """The Daftar Informasi Publik: open items, and what can be given of partly exempted ones."""
    names = _bidang_names(config)
    rows = []
    for number, item in enumerate(records(table[PUBLIC_FIELDS]), 1):
        summary = f"{item['judul']}: {item['ringkasan']}"
        if item["hasil"] == SEBAGIAN:
            # What is released leads; the whole file stays in the DIK.
            summary = (
                f"{plain(item['bentuk_diberikan'])} (bagian yang dapat diberikan dari "
                f"{item['judul']}; selebihnya dikecualikan)"
            )
        made = item["tanggal_pembuatan"]
        when = long_date(made) if isinstance(made, date) else plain(item["tahun_pembuatan"])
        retention = item["retensi"] or (
            "Bukan arsip" if item["status_arsip"] == BUKAN_ARSIP else ""
        )
        opened = plain(item["dasar_dibuka"]) if item["hasil"] == TERBUKA else ""
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "bidang": names.get(item["bidang"], item["bidang"]),
                "ringkasan": summary,
                "penguasa": plain(item["penguasa"]),
                "penanggung_jawab": plain(item["penanggung_jawab"]) or plain(item["penguasa"]),
                "waktu_tempat": f"{config.office['tempat']}, {when}" if when else "",
                "bentuk": plain(item["bentuk"]),
                "retensi": retention,
                "dasar_dibuka": short_citations(opened)[0],
                "uu": cited_laws("", opened),
            }
        )
    return rows


def _bidang_names(config: Config) -> dict[str, str]:
    """Each bidang code's name, as config.bidang_name gives it (the first of a code)."""
    names: dict[str, str] = {}
    for bidang in config.bidang:
        names.setdefault(bidang.kode, bidang.nama)
    return names


def _information(item: Mapping[str, Any]) -> str:
    information = str(item["judul"])
    if item["hasil"] == SEBAGIAN:
        information += f" (dikecualikan sebagian; dapat diberikan: {item['bentuk_diberikan']})"
    return information


# --- the citation style -----------------------------------------------------------------------
@lru_cache(maxsize=4096)
def pasal17_text(codes: str) -> str:
    """'17.a.2; 17.h.1; 17.h.2' → 'Pasal 17 huruf a angka 2 serta huruf h angka 1 dan 2'."""
    by_letter: dict[str, list[str]] = {}
    for code in filter(None, codes.split("; ")):
        parts = code.split(".")
        by_letter.setdefault(parts[1], [])
        if len(parts) == 3:
            by_letter[parts[1]].append(parts[2])
    phrases = []
    for letter, numbers in by_letter.items():
        phrase = f"huruf {letter}"
        if numbers:
            listed = ", ".join(numbers[:-1]) + (" dan " if len(numbers) > 1 else "") + numbers[-1]
            phrase += f" angka {listed}"
        phrases.append(phrase)
    return "Pasal 17 " + " serta ".join(phrases) if phrases else ""


@lru_cache(maxsize=4096, typed=True)  # a round cites the same few bases in thousands of rows
def legal_basis(codes: str, other_law: object) -> str:
    """The 'Dasar Hukum Pengecualian Informasi' cell: Pasal 17 UU KIP, then the other laws,
    all in the short style."""
    basis = pasal17_text(codes)
    parts = [f"{basis} {UU_KIP}"] if basis else []
    other = short_citations(plain(other_law))[0]
    if other:
        parts.append(other)
    return "; ".join(parts)


@lru_cache(maxsize=4096, typed=True)
def cited_laws(codes: str, other_law: object) -> str:
    """The full title of each law a legal basis cites, one 'short<TAB>title' line each: the
    row keeps them, so the key under a table is built from the rows it prints."""
    titles = short_citations(plain(other_law))[1]
    if plain(codes):
        titles = {UU_KIP: TITLES[UU_KIP]} | titles
    return "\n".join(f"{short}\t{title}" for short, title in titles.items())


def law_key(rows: list[Row]) -> list[str]:
    """'UU 14/2008: Undang-Undang Nomor 14 Tahun 2008 tentang ...' for each law the rows cite,
    in the order of the hierarchy of laws, then by year and number."""
    found: dict[str, str] = {}
    for row in rows:
        for line in filter(None, row.get("uu", "").split("\n")):
            short, _, title = line.partition("\t")
            if len(title) > len(found.get(short, "")):
                found[short] = title
    return [f"{short}: {found[short]}" for short in sorted(found, key=hierarchy)]
