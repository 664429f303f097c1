"""SOP step 3, consequence test: the team's outcomes joined to the items, and what conflicts.

The outcomes live in uji_konsekuensi.xlsx, one row per item ID; refreshing that sheet keeps
everything the team filled, and rows whose item disappeared are kept aside, never dropped.
"""

import pandas as pd

from pipeline.classify import CLOSED_TO_PUBLIC, PERLU_KONFIRMASI, STATIS, USUL_MUSNAH
from pipeline.reference import References, parse_pasal17
from pipeline.schema import SheetSpec
from pipeline.text import plain

DIKECUALIKAN = "Dikecualikan"
SEBAGIAN = "Dikecualikan Sebagian"
TERBUKA = "Terbuka"
EXEMPTED = {DIKECUALIKAN, SEBAGIAN}
TEMPORARY_LETTERS = set("abcdef")  # UU 14/2008 Pasal 20: these exemptions are not permanent
UU_KIP = "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"


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


def apply_outcomes(
    items: pd.DataFrame,
    outcomes: pd.DataFrame,
    aside: pd.DataFrame,
    spec: SheetSpec,
    refs: References,
) -> pd.DataFrame:
    """Each item with its test outcome (`hasil` effective), and `konflik` / `catatan` lists.

    `outcomes` are the sheet's rows matched to the items (carry_filled); `aside` the filled rows
    that no longer match an item. `konflik` blocks the list; `catatan` informs the reviewers.
    """
    filled = [c.name for c in spec.columns if not c.given]
    table = items.reset_index(drop=True).copy()
    by_id = outcomes.set_index("id")
    for name in filled:
        table[name] = table["id"].map(by_id[name])
    moved = set(aside["id"].dropna())
    results = [_assess(item, spec, refs, item["id"] in moved) for _, item in table.iterrows()]
    table["hasil"] = [r[0] for r in results]
    table["pasal17_kode"] = [r[1] for r in results]
    table["konflik"] = [r[2] for r in results]
    table["catatan"] = [r[3] for r in results]
    return table


def _assess(
    item: pd.Series, spec: SheetSpec, refs: References, moved: bool
) -> tuple[str, str, list[str], list[str]]:
    conflicts: list[str] = []
    notes: list[str] = []
    raw = plain(item["hasil_uji"])
    result = (
        spec["hasil_uji"].choice(raw) if raw else (TERBUKA if item["usulan"] == "Tidak" else "")
    )
    if raw and not result:
        conflicts.append(
            f"Hasil Uji '{raw}' tidak dikenal; pilih {', '.join(spec['hasil_uji'].choices)}."
        )
    elif not result and moved:
        conflicts.append(
            "Belum diuji: judul atau nomor butir ini berubah sejak diuji, dan hasil uji lamanya "
            "ada di lembar 'Isian Tanpa Butir' (make uji); salin kembali bila masih berlaku."
        )
    elif not result:
        conflicts.append("Belum diuji: isi Hasil Uji di uji_konsekuensi.xlsx.")
    codes, unreadable = parse_pasal17(plain(item["pasal17"]))
    unknown = [code for code in codes if code not in refs.pasal17.index]
    if unreadable or unknown:
        conflicts.append(
            f"Pasal 17 '{(unreadable + unknown)[0]}' tidak dikenal; tulis seperti 17.h.2."
        )
    status = item["status_arsip"]
    if result in EXEMPTED:
        missing = [
            spec[name].label
            for name in ("pasal17", "akibat_dibuka", "pertimbangan_ditutup", "jangka_waktu")
            if not plain(item[name])
        ]
        if result == SEBAGIAN and not plain(item["bentuk_diberikan"]):
            missing.append(spec["bentuk_diberikan"].label)
        if missing:
            conflicts.append(f"{result} tanpa {', '.join(missing)}: lengkapi uji konsekuensi.")
        letters = {code.split(".")[1] for code in codes}
        if letters and letters <= TEMPORARY_LETTERS and _is_unlimited(item["jangka_waktu"]):
            conflicts.append(
                "Pengecualian atas dasar Pasal 17 huruf a-f tidak boleh tanpa batas waktu "
                "(Pasal 20 UU 14/2008); tetapkan jangka waktu tertentu."
            )
        if status == STATIS:
            notes.append(
                "Arsip statis terbuka untuk umum menurut SOP; pengecualian memerlukan alasan "
                "khusus (arsip statis tertutup)."
            )
        if status == USUL_MUSNAH:
            notes.append("Retensi arsip telah habis dan diusulkan musnah menurut JRA.")
        other = plain(item["dasar_hukum_lain"])
        if other and not any(word in other.casefold() for word in ("uu", "undang")):
            notes.append(
                "Dasar Hukum Lain tidak menyebut Undang-Undang; Komisi Informasi "
                "mensyaratkan dasar Undang-Undang."
            )
    if result == TERBUKA and status in CLOSED_TO_PUBLIC:
        if plain(item["akibat_dibuka"]):  # the test documented why opening harms no one
            notes.append(f"Arsip berstatus {status} dibuka atas dasar uji konsekuensi.")
        else:
            conflicts.append(
                f"Arsip berstatus {status} tidak boleh dibuka untuk umum (SOP) tanpa alasan; "
                "isi Akibat bila Dibuka dengan hasil uji, atau ubah Hasil Uji."
            )
    if status == PERLU_KONFIRMASI:
        notes.append("Status arsip perlu konfirmasi: tanggal peristiwa pemicu retensi belum ada.")
    return result or "", "; ".join(codes), conflicts, notes


def _is_unlimited(period: object) -> bool:
    return plain(period).casefold().startswith(("tidak terbatas", "permanen"))


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


def legal_basis(item: pd.Series) -> str:
    """The 'Dasar Hukum Pengecualian' cell: Pasal 17 UU KIP, then the other Undang-Undang."""
    basis = pasal17_text(item["pasal17_kode"])
    text = f"{basis} {UU_KIP}" if basis else ""
    other = plain(item["dasar_hukum_lain"])
    return f"{text}; {other}" if text and other else text or other
