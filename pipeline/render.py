"""Word documents from docxtpl templates: contexts built from the DataFrames, then rendered.

Rendering is strict: autoescape on (so '&' and '<' survive), StrictUndefined, and a pre-flight
check that the context has every variable the template uses.
"""

from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from pipeline import ROOT
from pipeline.config import Config, Official
from pipeline.consequence import SEBAGIAN, legal_basis
from pipeline.dates import count, date_in_words, long_date
from pipeline.errors import TemplateError
from pipeline.text import plain
from pipeline.workspace import write_atomically

TEMPLATE_DIR = ROOT / "templates"
PAPER = {"A4": (Mm(210), Mm(297)), "F4": (Mm(215), Mm(330))}


def render(template: str, context: dict[str, Any], config: Config, target: Path) -> Path:
    source = TEMPLATE_DIR / f"{template}.docx"
    if not source.is_file():
        raise TemplateError(f"Templat {source} tidak ditemukan; pulihkan folder templates/.")
    document = DocxTemplate(source)
    context = {**_common(config, document), **context}
    missing = document.get_undeclared_template_variables(context=context)
    if missing:
        raise TemplateError(
            f"Templat {template}.docx memakai isian yang tidak tersedia: "
            f"{', '.join(sorted(missing))}."
        )
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        document.render(context, environment, autoescape=True)
    except jinja2.TemplateError as error:
        raise TemplateError(f"Templat {template}.docx tidak dapat diisi: {error}.") from error
    _set_paper(document, config.office.get("kertas", "A4"))
    return write_atomically(target, lambda path: document.save(str(path)))


def nota_context(config: Config) -> dict[str, Any]:
    nota = config.nota
    day = config.date_of(nota, "tanggal")
    signer = config.officials["ppid"]
    return {
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


def exempt_rows(table: pd.DataFrame, config: Config) -> list[dict[str, str]]:
    rows = []
    for number, (_, item) in enumerate(table.iterrows(), 1):
        information = item["judul"]
        if item["hasil"] == SEBAGIAN:
            information += f" (dikecualikan sebagian; dapat diberikan: {item['bentuk_diberikan']})"
        rows.append(
            {
                "no": str(number),
                "id": item["id"],
                "informasi": information,
                "bidang": config.bidang_name(item["bidang"]),
                "dasar_hukum": legal_basis(item),
                "dibuka": plain(item["akibat_dibuka"]),
                "ditutup": plain(item["pertimbangan_ditutup"]),
                "jangka_waktu": plain(item["jangka_waktu"]),
                "status_arsip": item["status_arsip"],
            }
        )
    return rows


def public_rows(table: pd.DataFrame, config: Config) -> list[dict[str, str]]:
    rows = []
    for number, (_, item) in enumerate(table.iterrows(), 1):
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
            }
        )
    return rows


def draft_context(rows: list[dict[str, str]], config: Config) -> dict[str, Any]:
    return {
        "butir": rows,
        "jumlah": count(len(rows)),
        "tanggal": long_date(config.date_of(config.penetapan, "tanggal_uji")),
        "penyusun": _signer(config.officials["ppid"], config.officials["ppid"].jabatan),
    }


def test_sheet_context(rows: list[dict[str, str]], config: Config) -> dict[str, Any]:
    day = config.date_of(config.penetapan, "tanggal_uji")
    opening = (
        f"Pada hari ini, {date_in_words(day)}, bertempat di {config.office['tempat']}, telah "
        f"dilakukan Pengujian Konsekuensi terhadap Informasi Publik di lingkungan "
        f"{config.office['sebutan']} sebagaimana disebutkan pada tabel di bawah ini:"
    )
    participants = [config.officials[role] for role in ("ppid", "ppid_pembantu")]
    return {
        "lembar": {"nomor": config.number("lembar_uji", day), "pembuka": opening},
        "butir": rows,
        "peserta": [_signer(p, p.jabatan) for p in participants],
    }


def decision_context(rows: list[dict[str, str]], config: Config) -> dict[str, Any]:
    day = config.date_of(config.penetapan, "tanggal")
    tested = config.date_of(config.penetapan, "tanggal_uji")
    head = config.officials["kepala"]
    return {
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
    return {
        "tanggal": long_date(date.today()),
        "kepada": config.officials["ppid"].jabatan,
        "butir": butir,
        "jumlah": count(len(butir)),
        "belum": [
            {"id": row["id"], "informasi": f"{row['judul']} ({row['alasan']})"}
            for _, row in pending.iterrows()
        ],
    }


def _common(config: Config, document: DocxTemplate) -> dict[str, Any]:
    logo_name = config.office.get("logo", "").strip()
    logo_path = config.path.parent / logo_name if logo_name else None
    logo: Any = ""
    if logo_path and logo_path.is_file():
        logo = InlineImage(document, str(logo_path), height=Mm(24))
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


def _set_paper(document: DocxTemplate, paper: str) -> None:
    width, height = PAPER.get(paper.upper(), PAPER["A4"])
    for section in document.docx.sections:
        landscape = section.page_width > section.page_height
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
