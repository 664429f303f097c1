"""What the lists say, apart from how they are drawn: the rows of the DIK, the DIP and the
lembar pengujian, their column headers, and the one citation style for legal bases.

Review fingerprints are taken from these rows and the documents print them, so a decision is
always bound to exactly what the signed list shows. The column headers below are the only
place a list's header is spelled: the Word templates and the archived snapshot both use them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from pipeline.kit.citations import UU_KIP, Basis, Law, basis
from pipeline.kit.config import Config
from pipeline.kit.dates import long_date
from pipeline.kit.laws import Register
from pipeline.kit.problems import records
from pipeline.kit.schema import YA
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
    Column("jenis", "Jenis Informasi"),
    Column("retensi", "Jangka Waktu Penyimpanan/Retensi Arsip"),
    Column("dasar_dibuka", "Dasar Dibuka untuk Umum"),
)
DIP_REQUIRED = tuple(c.key for c in DIP_COLUMNS if c.key not in ("dasar_dibuka", "jenis"))
# UU 14/2008: what Pasal 9, 10 and 11 oblige a body to publish, as the DIP names its kind.
KINDS_OF_PUBLIC = {"9": "Berkala", "10": "Serta-merta", "11": "Setiap saat"}


def exempt_rows(table: pd.DataFrame, config: Config, laws: Register) -> list[Row]:
    """The Daftar Informasi yang Dikecualikan: one row per exempted item, numbered."""
    rows = []
    for number, item in enumerate(records(table), 1):
        cited = exemption_basis(item)
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "informasi": _information(item),
                "bidang": config.bidang_name(item["bidang"]),
                "dasar_hukum": cited.short,
                "dibuka": plain(item["akibat_dibuka"]),
                "ditutup": plain(item["pertimbangan_ditutup"]),
                "jangka_waktu": plain(item["jangka_waktu"]),
                "status_arsip": item["status_arsip"],
                "uu": cited_laws(cited, laws),
            }
        )
    return rows


OPENED = "Informasi yang diuji dan tidak dikecualikan"  # the lembar's second part


def lembar_rows(table: pd.DataFrame, config: Config, laws: Register) -> list[Row]:
    """The lembar pengujian: every item proposed or tested, with its result. The exempted come
    first, in the order and with the numbers the Daftar Informasi yang Dikecualikan gives them
    (drafts and annex alike), so a row is found by its number in every document; then those
    not exempted, numbered on, under a heading of their own (their bidang within it)."""
    tested = table[(table["usulan"] == YA) | table["hasil_uji"].map(lambda v: bool(plain(v)))]
    exempt = tested["hasil"].isin(EXEMPTED)
    tested = pd.concat([tested[exempt], tested[~exempt]])
    rows = []
    for number, item in enumerate(records(tested), 1):
        result = item["hasil"] or "Belum diuji"
        if item["hasil"] in EXEMPTED:
            cited = exemption_basis(item)
            written = cited.short
        else:
            proposed, opened = (
                basis(plain(item["dasar_usulan"])),
                basis("", plain(item["dasar_dibuka"])),
            )
            parts = [f"Diusulkan: {proposed.short}"] * bool(proposed.short)
            parts += [f"Dibuka: {opened.short}"] * bool(opened.short)
            written = "; ".join(parts) or NONE
            cited = Basis(opened.citations, proposed.pasal17)
        bidang = config.bidang_name(item["bidang"])
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "informasi": _information(item),
                "bidang": bidang,
                "kelompok": bidang if item["hasil"] in EXEMPTED else OPENED,
                "bagian": "" if item["hasil"] in EXEMPTED else bidang,
                "dasar_hukum": written,
                "dibuka": plain(item["akibat_dibuka"]) or NONE,
                "ditutup": plain(item["pertimbangan_ditutup"]) or NONE,
                "jangka_waktu": (plain(item["jangka_waktu"]) if item["hasil"] in EXEMPTED else "")
                or NONE,
                "hasil": result,
                "uu": cited_laws(cited, laws),
            }
        )
    return rows


def public_rows(table: pd.DataFrame, config: Config, laws: Register) -> list[Row]:
    """The Daftar Informasi Publik: open items, and what can be given of partly exempted ones."""
    rows = []
    for number, item in enumerate(records(table), 1):
        summary = f"{item['judul']}: {continued(plain(item['ringkasan']))}"
        if item["hasil"] == SEBAGIAN:
            # What is released leads; the whole file stays in the DIK.
            summary = (
                f"{plain(item['bentuk_diberikan'])} (bagian yang dapat diberikan dari "
                f"{item['judul']}; selebihnya dikecualikan)"
            )
        made = item["tanggal_pembuatan"]
        # a date, a month as written ('Juni 2025'), or the year
        when = (
            long_date(made)
            if isinstance(made, date)
            else plain(made) or plain(item["tahun_pembuatan"])
        )
        retention = item["retensi"]
        if not retention and item["status_arsip"] == BUKAN_ARSIP:
            why = plain(item.get("alasan_bukan_arsip"))
            retention = f"{BUKAN_ARSIP}: {continued(why)}" if why else BUKAN_ARSIP
        opened = basis("", plain(item["dasar_dibuka"]) if item["hasil"] == TERBUKA else "")
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "bidang": config.bidang_name(item["bidang"]),
                "ringkasan": summary,
                "penguasa": plain(item["penguasa"]),
                "penanggung_jawab": plain(item["penanggung_jawab"]) or plain(item["penguasa"]),
                "waktu_tempat": f"{config.office['tempat']}, {when}" if when else "",
                "bentuk": plain(item["bentuk"]),
                "jenis": kind_of_public(opened) or NONE,
                "retensi": retention,
                "dasar_dibuka": opened.short,
                "uu": cited_laws(opened, laws),
            }
        )
    return rows


def _information(item: Mapping[str, Any]) -> str:
    information = str(item["judul"])
    if item["hasil"] == SEBAGIAN:
        given = continued(plain(item["bentuk_diberikan"]))
        information += f" (dikecualikan sebagian; dapat diberikan: {given})"
    return information


def continued(text: str) -> str:
    """Text that goes on a sentence (after a colon): its first letter lower-cased, unless its
    first word is a name: an acronym ('NIK'), a word with capitals inside ('KabupatenX'), or
    the first of several capitalised words ('Kabupaten Kapuas Hulu')."""
    words = text.split(maxsplit=2)
    if not words or not words[0][:1].isupper():
        return text
    first = words[0]
    named = sum(ch.isupper() for ch in first) > 1 or any(ch.isdigit() for ch in first)
    if named or (len(words) > 1 and words[1][:1].isupper()):
        return text
    return first[:1].lower() + text[1:]


def kind_of_public(opened: Basis) -> str:
    """'Berkala', 'Serta-merta' or 'Setiap saat' when the ground for opening cites Pasal 9, 10
    or 11 of UU 14/2008; empty otherwise."""
    found = [
        KINDS_OF_PUBLIC[provision.pasal]
        for reference in opened.references
        if reference.law == UU_KIP
        for provision in reference.provisions
        if provision.pasal in KINDS_OF_PUBLIC
    ]
    return ", ".join(dict.fromkeys(found))


# --- the citation style -----------------------------------------------------------------------


def exemption_basis(item: Mapping[str, Any]) -> Basis:
    """The 'Dasar Hukum Pengecualian Informasi' of an exempted item: Pasal 17 UU 14/2008 from
    its column, then every reference of Dasar Hukum Lain, in the short style."""
    return basis(plain(item["pasal17_kode"]), plain(item["dasar_hukum_lain"]))


def legal_basis(codes: str, other_law: object) -> str:
    """The 'Dasar Hukum Pengecualian Informasi' cell in the short style."""
    return basis(codes, plain(other_law)).short


def cited_laws(cited: Basis, laws: Register) -> str:
    """The full title of each law a legal basis cites, one 'short<TAB>title' line each: the
    row keeps them, so the key under a table is built from the rows it prints."""
    titles: dict[Law, str] = {}
    for reference in cited.references:
        title = laws.full_title(reference.law, reference.title)
        if len(title) > len(titles.get(reference.law, "")):
            titles[reference.law] = title
    return "\n".join(f"{law.short}\t{title}" for law, title in titles.items())
