"""What the lists say, apart from how they are drawn: the rows of the DIK, the DIP and the
lembar pengujian, with the legal basis and the Pasal 17 wording.

Review fingerprints are taken from these rows and the documents print them, so a decision is
always bound to exactly what the signed list shows.
"""

from datetime import date

import pandas as pd

from pipeline.config import Config
from pipeline.consequence import SEBAGIAN
from pipeline.dates import long_date
from pipeline.problems import records
from pipeline.text import plain

UU_KIP = "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"
Row = dict[str, str]


def exempt_rows(table: pd.DataFrame, config: Config) -> list[Row]:
    """The Daftar Informasi yang Dikecualikan: one row per exempted item, numbered."""
    rows = []
    for number, item in enumerate(records(table), 1):
        information = item["judul"]
        if item["hasil"] == SEBAGIAN:
            information += f" (dikecualikan sebagian; dapat diberikan: {item['bentuk_diberikan']})"
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "informasi": information,
                "bidang": config.bidang_name(item["bidang"]),
                "dasar_hukum": legal_basis(item["pasal17_kode"], item["dasar_hukum_lain"]),
                "dibuka": plain(item["akibat_dibuka"]),
                "ditutup": plain(item["pertimbangan_ditutup"]),
                "jangka_waktu": plain(item["jangka_waktu"]),
                "status_arsip": item["status_arsip"],
            }
        )
    return rows


def public_rows(table: pd.DataFrame, config: Config) -> list[Row]:
    """The Daftar Informasi Publik: open items, and what can be given of partly exempted ones."""
    rows = []
    for number, item in enumerate(records(table), 1):
        summary = f"{item['judul']}: {item['ringkasan']}"
        if item["hasil"] == SEBAGIAN:
            summary = f"{item['judul']} (bentuk yang dapat diberikan: {item['bentuk_diberikan']})"
        made = item["tanggal_pembuatan"]
        when = long_date(made) if isinstance(made, date) else str(item["tahun_pembuatan"])
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "ringkasan": summary,
                "penguasa": item["penguasa"],
                "penanggung_jawab": plain(item["penanggung_jawab"]) or item["penguasa"],
                "waktu_tempat": f"{config.office['tempat']}, {when}",
                "bentuk": item["bentuk"],
                "retensi": item["retensi"] or "-",
                "dasar_dibuka": plain(item["dasar_dibuka"]),
            }
        )
    return rows


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


def legal_basis(codes: str, other_law: object) -> str:
    """The 'Dasar Hukum Pengecualian' cell: Pasal 17 UU KIP, then the other Undang-Undang."""
    basis = pasal17_text(codes)
    text = f"{basis} {UU_KIP}" if basis else ""
    other = plain(other_law)
    return f"{text}; {other}" if text and other else text or other
