from datetime import date

import pandas as pd
import pytest

from pipeline.kit.reference import load_references
from pipeline.stages.s3d_classify import classify_archives

REFS = load_references()


def item(
    code: str, year: int = 2020, closed: date | str | None = None, archive: str = "Ya"
) -> dict:
    return {
        "dari_arsip": archive,
        "kode_arsip": code,
        "tahun_pembuatan": year,
        "tanggal_ditutup": closed,
    }


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        # 400.2.3.2: 2 years active, 3 inactive, Permanen; closed 31 Dec of the year
        (item("400.2.3.2", 2024), "Aktif"),
        (item("400.2.3.2", 2023), "Inaktif"),  # active until 31-12-2025
        (item("400.2.3.2", 2021), "Inaktif"),  # inactive until 31-12-2026
        (item("400.2.3.2", 2020), "Statis"),  # inactive ended 31-12-2025
        (item("400.9.3.1", 2019), "Habis retensi – usul musnah"),  # Musnah
        (item("400.2.4.2", 2019), "Perlu konfirmasi"),  # counts from "data diperbarui"
        (item("400.2.4.2", 2019, closed=date(2025, 6, 30)), "Aktif"),
        (item("800.1.13.1", 2010, closed="Belum terjadi"), "Aktif"),  # not yet retired
        (item("", 2019, archive="Tidak"), "Bukan arsip"),
    ],
)
def test_status_on_reference_date(entry, status):
    result = classify_archives(pd.DataFrame([entry]), REFS, date(2026, 2, 16))
    assert result.loc[0, "status_arsip"] == status


def test_boundary_day_belongs_to_the_next_period():
    entry = item("400.2.3.2", closed=date(2020, 12, 31))
    assert (
        classify_archives(pd.DataFrame([entry]), REFS, date(2022, 12, 30)).loc[0, "status_arsip"]
        == "Aktif"
    )
    assert (
        classify_archives(pd.DataFrame([entry]), REFS, date(2022, 12, 31)).loc[0, "status_arsip"]
        == "Inaktif"
    )


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("400.2.3.2", "Aktif 2 tahun, inaktif 3 tahun, kemudian permanen"),
        ("400.2.4.2", "Aktif 2 tahun setelah data diperbarui, inaktif 3 tahun, kemudian permanen"),
        (
            "800.1.3.2",
            "Aktif 1 tahun sejak keputusan lama dinyatakan tidak berlaku, inaktif 1 "
            "tahun, kemudian musnah, kecuali SK masuk berkas perseorangan",
        ),
    ],
)
def test_retention_reads_as_a_sentence_from_the_jra(code, words):
    """The DIP prints the JRA row in words: no source capitals, no English glosses."""
    result = classify_archives(pd.DataFrame([item(code, 2024)]), REFS, date(2026, 2, 16))
    assert result.loc[0, "retensi"] == words
