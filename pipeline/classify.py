"""SOP step 3, sorting archives: JRA status of each archive item on the reference date.

The retention clock starts when the file was closed (year-end of Tahun Pembuatan when no date
is given); when the JRA counts from an event ("Setelah Data Diperbarui") the clock needs that
event's date, and without it the status is "Perlu konfirmasi" rather than a guess.
"""

from datetime import date

import pandas as pd

from pipeline.dates import add_years, year_end
from pipeline.reference import References

AKTIF = "Aktif"
INAKTIF = "Inaktif"
STATIS = "Statis"
USUL_MUSNAH = "Habis retensi – usul musnah"
DINILAI_KEMBALI = "Habis retensi – dinilai kembali"
PERLU_KONFIRMASI = "Perlu konfirmasi"
BUKAN_ARSIP = "Bukan arsip"
CLOSED_TO_PUBLIC = {AKTIF, INAKTIF}

ACCESS_RULE = {
    AKTIF: "Tidak dapat diakses oleh pihak yang tidak berkepentingan; tidak dibuka untuk umum.",
    INAKTIF: "Dapat diakses dengan izin pemilik arsip; tidak dibuka untuk umum.",
    STATIS: "Terbuka untuk umum.",
    USUL_MUSNAH: "Retensi telah habis; diusulkan musnah sesuai JRA.",
    DINILAI_KEMBALI: "Retensi telah habis; dinilai kembali oleh unit kearsipan.",
    PERLU_KONFIRMASI: "Tanggal peristiwa pemicu retensi belum diketahui; lengkapi tanggalnya.",
    BUKAN_ARSIP: "",
}


def classify_archives(items: pd.DataFrame, refs: References, on: date) -> pd.DataFrame:
    """Add status_arsip, akses_arsip, retensi (JRA text) and jenis_arsip to each item."""
    result = items.copy()
    statuses, retentions, kinds = [], [], []
    for _, item in items.iterrows():
        code = item["kode_arsip"]
        if item["dari_arsip"] != "Ya" or not isinstance(code, str) or code not in refs.jra.index:
            statuses.append(BUKAN_ARSIP)
            retentions.append("")
            kinds.append("")
            continue
        row: pd.Series = refs.jra.loc[code]  # type: ignore[assignment]
        statuses.append(archive_status(item, row, on))
        retentions.append(retention_text(row))
        kinds.append(str(row["jenis_arsip"]))
    result["status_arsip"] = statuses
    result["akses_arsip"] = [ACCESS_RULE[s] for s in statuses]
    result["retensi"] = retentions
    result["jenis_arsip"] = kinds
    return result


def archive_status(item: pd.Series, jra: pd.Series, on: date) -> str:
    closed = item["tanggal_ditutup"]
    if not isinstance(closed, date):
        if jra["pemicu"]:
            return PERLU_KONFIRMASI
        closed = year_end(int(item["tahun_pembuatan"]))
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


def retention_text(jra: pd.Series) -> str:
    """'Aktif 2 tahun sejak ..., inaktif 3 tahun, Permanen' for the DIP's retention column."""
    active = f"Aktif {jra['retensi_aktif']} tahun"
    if jra["pemicu"]:
        active += f" {jra['pemicu'][0].lower()}{jra['pemicu'][1:]}"
    return f"{active}; inaktif {jra['retensi_inaktif']} tahun; {jra['nasib_akhir']}"
