from datetime import date

import pytest

from pipeline.kit.dates import count, date_in_words, long_date, parse_date, parse_year_or_date


def test_long_date_has_no_leading_zero_and_indonesian_month():
    assert long_date(date(2023, 2, 6)) == "6 Februari 2023"


def test_date_in_words_for_berita_acara():
    assert date_in_words(date(2024, 3, 19)) == (
        "Selasa tanggal sembilan belas bulan Maret tahun dua ribu dua puluh empat"
    )


def test_count_in_letters():
    assert count(12, "informasi") == "12 (dua belas) informasi"


@pytest.mark.parametrize(
    "typed",
    ["30/01/2023", "30-01-2023", "2023-01-30", "30 Januari 2023", "30 jan 2023", date(2023, 1, 30)],
)
def test_dates_as_people_type_them(typed):
    assert parse_date(typed) == date(2023, 1, 30)


def test_excel_serial_left_in_general_format():
    assert parse_date(44956) == date(2023, 1, 30)


@pytest.mark.parametrize("typed", ["31/02/2023", "kemarin", "2023/13/01", True])
def test_not_a_date(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


def test_year_or_date():
    assert parse_year_or_date("2023") == (2023, None)
    assert parse_year_or_date(2023.0) == (2023, None)
    assert parse_year_or_date("30/01/2023") == (2023, date(2023, 1, 30))
