"""What each document of the round says: the template variables, from the config and the lists.

The drawing is render's job; the rows come from listing, so every document prints the same
words for the same item.
"""

from datetime import date
from typing import Any

import pandas as pd

from pipeline.config import Config, Official
from pipeline.dates import count, date_in_words, long_date
from pipeline.listing import Row
from pipeline.render import Picture

LOGO_HEIGHT_MM = 24


def nota_context(config: Config) -> dict[str, Any]:
    """SOP step 2: the Nota Dinas ordering PPID staff to work with the bidang."""
    nota = config.nota
    day = config.date_of(nota, "tanggal")
    signer = config.officials["ppid"]
    return _common(config) | {
        "nota": {
            "kepada": nota.get("kepada", "Staf Pengelola Informasi dan Dokumentasi"),
            "dari": signer.jabatan,
            "tembusan": config.officials["kepala"].jabatan,
            "tanggal": long_date(day),
            "nomor": config.number("nota_dinas", day),
            "sifat": nota.get("sifat", "Biasa"),
            "lampiran": nota.get("lampiran", "1 (satu) berkas"),
            "hal": nota.get(
                "hal", f"Pendokumentasian Informasi yang Dikecualikan Tahun {config.tahun}"
            ),
            "batas_waktu": long_date(config.date_of(nota, "batas_waktu")),
        },
        "bidang": [{"no": i, "nama": b.nama} for i, b in enumerate(config.bidang, 1)],
        "penanda_tangan": _signer(signer, signer.jabatan_singkat),
    }


def draft_context(rows: list[Row], config: Config) -> dict[str, Any]:
    """SOP step 3's draft lists (DIK or DIP), for the reviewers."""
    return _common(config) | {
        "butir": rows,
        "jumlah": count(len(rows)),
        "tanggal": long_date(config.date_of(config.penetapan, "tanggal_uji")),
        "penyusun": _signer(config.officials["ppid"], config.officials["ppid"].jabatan),
    }


def test_sheet_context(rows: list[Row], config: Config) -> dict[str, Any]:
    """The lembar pengujian konsekuensi that records the test and its participants."""
    day = config.date_of(config.penetapan, "tanggal_uji")
    opening = (
        f"Pada hari ini, {date_in_words(day)}, bertempat di {config.office['tempat']}, telah "
        f"dilakukan Pengujian Konsekuensi terhadap Informasi Publik di lingkungan "
        f"{config.office['sebutan']} sebagaimana disebutkan pada tabel di bawah ini:"
    )
    participants = [config.officials[role] for role in ("ppid", "ppid_pembantu")]
    return _common(config) | {
        "lembar": {"nomor": config.number("lembar_uji", day), "pembuka": opening},
        "butir": rows,
        "peserta": [_signer(p, p.jabatan) for p in participants],
    }


def decision_context(rows: list[Row], config: Config) -> dict[str, Any]:
    """The decision with the DIK as its annex, for the head of office to sign."""
    day = config.date_of(config.penetapan, "tanggal")
    tested = config.date_of(config.penetapan, "tanggal_uji")
    head = config.officials["kepala"]
    return _common(config) | {
        "keputusan": {
            "nomor": config.number("keputusan", day),
            "tanggal": long_date(day),
            "tanggal_uji": long_date(tested),
            "nomor_lembar_uji": config.number("lembar_uji", tested),
        },
        "butir": rows,
        "jumlah": count(len(rows)),
        "penanda_tangan": _signer(head, head.jabatan.upper()),
        "tembusan": [str(line) for line in config.penetapan.get("tembusan", ["Arsip"])],
    }


def return_context(returned: pd.DataFrame, pending: pd.DataFrame, config: Config) -> dict[str, Any]:
    """The return of the draft to the Ketua PPID (SOP steps 4-5), with who returned what."""
    butir = [
        {
            "no": str(number),
            "id": row["id"],
            "informasi": row["judul"],
            "oleh": config.officials[row["oleh"]].named,
            "tahap": row["tahap"],
            "catatan": row["catatan"],
        }
        for number, (_, row) in enumerate(returned.iterrows(), 1)
    ]
    return _common(config) | {
        "tanggal": long_date(date.today()),
        "kepada": config.officials["ppid"].jabatan,
        "butir": butir,
        "jumlah": count(len(butir)),
        "belum": [
            {"id": row["id"], "informasi": f"{row['judul']} ({row['alasan']})"}
            for _, row in pending.iterrows()
        ],
    }


def _common(config: Config) -> dict[str, Any]:
    logo_name = config.office.get("logo", "").strip()
    logo_path = config.path.parent / logo_name if logo_name else None
    logo: Picture | str = ""
    if logo_path and logo_path.is_file():
        logo = Picture(logo_path, LOGO_HEIGHT_MM)
    return {
        "kop": {
            "pemerintah": config.office["pemerintah"],
            "instansi": config.office["nama"],
            "alamat": config.office["alamat"],
            "kontak": config.office.get("kontak", ""),
            "logo": logo,
        },
        "instansi": config.office["sebutan"],
        "tempat": config.office["tempat"],
        "tahun": str(config.tahun),
    }


def _signer(person: Official, title: str) -> dict[str, str]:
    return {
        "jabatan": title,
        "nama": person.nama,
        "pangkat": person.pangkat,
        "nip": person.nip_text,
    }
