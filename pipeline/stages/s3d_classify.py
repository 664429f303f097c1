"""SOP step 3, sorting archives: JRA status of each archive item on the reference date.

The retention clock starts when the file was closed (year-end of Tahun Pembuatan when no date
is given); when the JRA counts from an event ("Setelah Data Diperbarui") the clock needs that
event's date, and without it the status is "Perlu konfirmasi" rather than a guess.
"""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from pipeline.kit.dates import NOT_YET, add_years, year_end
from pipeline.kit.problems import records
from pipeline.kit.reference import References
from pipeline.kit.schema import YA

AKTIF = "Aktif"
INAKTIF = "Inaktif"
STATIS = "Statis"
USUL_MUSNAH = "Habis retensi – usul musnah"
DINILAI_KEMBALI = "Habis retensi – dinilai kembali"
PERLU_KONFIRMASI = "Perlu konfirmasi"
BUKAN_ARSIP = "Bukan arsip"
CLOSED_TO_PUBLIC = {AKTIF, INAKTIF}


def classify_archives(items: pd.DataFrame, refs: References, on: date) -> pd.DataFrame:
    """Add status_arsip and retensi (the JRA's words, for the DIP) to each item."""
    statuses, retentions = [], []
    jra = {row["kode"]: row for row in records(refs.jra)}  # each code's row, looked up once
    texts = {code: retention_text(row) for code, row in jra.items()}
    for from_archive, code, closed, year in zip(
        items["dari_arsip"], items["kode_arsip"], items["tanggal_ditutup"],
        items["tahun_pembuatan"], strict=True,
    ):  # fmt: skip
        if from_archive != YA or not isinstance(code, str) or code not in jra:
            statuses.append(BUKAN_ARSIP)
            retentions.append("")
            continue
        statuses.append(archive_status(closed, year, jra[code], on))
        retentions.append(texts[code])
    return items.assign(status_arsip=statuses, retensi=retentions)


def archive_status(closed: object, year: object, jra: Mapping[str, Any], on: date) -> str:
    """Where the file stands on `on`: the clock starts when it was closed (or its event); a
    file whose event has not happened yet is still in use, so active."""
    if closed == NOT_YET:
        return AKTIF
    if not isinstance(closed, date):
        if jra["pemicu"]:
            return PERLU_KONFIRMASI
        closed = year_end(int(year))  # type: ignore[call-overload]
    active_until = add_years(closed, int(jra["retensi_aktif"]))
    if on < active_until:
        return AKTIF
    if on < add_years(active_until, int(jra["retensi_inaktif"])):
        return INAKTIF
    fate = str(jra["nasib_akhir"]).casefold()
    if fate.startswith("permanen"):
        return STATIS
    if fate.startswith("dinilai"):
        return DINILAI_KEMBALI
    return USUL_MUSNAH


def retention_text(jra: Mapping[str, Any]) -> str:
    """'Aktif 2 tahun setelah data diperbarui, inaktif 3 tahun, kemudian permanen': the JRA's
    row in the words of a sentence, for the DIP's retention column."""
    active = f"Aktif {jra['retensi_aktif']} tahun"
    if jra["pemicu"]:
        active += f" {_in_sentence(jra['pemicu'])}"
    fate = _in_sentence(str(jra["nasib_akhir"]))
    return f"{active}, inaktif {jra['retensi_inaktif']} tahun, kemudian {fate}"


def _in_sentence(phrase: str) -> str:
    """A JRA phrase as it reads inside a sentence: capitalised words lower-cased (acronyms such
    as SK kept) and the English glosses of the source dropped ('(Update)', '(Upgrade)')."""
    phrase = re.sub(r"\s*\((?:update|upgrade)\)", "", phrase, flags=re.IGNORECASE)
    return re.sub(r"[^\s/]+", lambda m: _lower_word(m.group()), phrase)


def _lower_word(word: str) -> str:
    return word if word.isupper() and len(word) > 1 else word[:1].lower() + word[1:]
