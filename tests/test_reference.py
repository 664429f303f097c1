import pytest

from pipeline.kit.reference import code_sort_key, load_references, parse_pasal17


@pytest.mark.parametrize(
    "typed",
    [
        "17.h.2",
        "Pasal 17 huruf h angka 2",
        "17 h 2",
        "17(h)(2)",
        "h.2",
        "pasal 17 huruf h angka (2)",
    ],
)
def test_pasal17_written_many_ways(typed):
    assert parse_pasal17(typed) == (["17.h.2"], [])


def test_pasal17_lists_and_shared_letter():
    assert parse_pasal17("17.a.2 dan h.1; 17.h.1, 2") == (["17.a.2", "17.h.1", "17.h.2"], [])
    assert parse_pasal17("huruf i") == (["17.i"], [])


def test_pasal17_reports_what_it_cannot_read():
    assert parse_pasal17("17.h.2; Perpres 54/2010") == (["17.h.2"], ["perpres 54/2010"])


def test_reference_tables_hold_every_pasal17_point_and_jra_row():
    refs = load_references()
    assert {"17.a", "17.a.5", "17.c.7", "17.e.7", "17.f.4", "17.h.5", "17.j"} <= set(
        refs.pasal17.index
    )
    assert len(refs.pasal17) == 38
    assert refs.jra.index.is_unique
    row = refs.jra.loc["400.2.4.2"]
    assert (row["retensi_aktif"], row["retensi_inaktif"], row["nasib_akhir"]) == (2, 3, "Permanen")
    assert row["pemicu"].startswith("Setelah Data Diperbarui")


def test_codes_sort_per_segment():
    codes = ["400.9.10.1", "400.9.2.1", "000.8.3.4"]
    assert sorted(codes, key=code_sort_key) == ["000.8.3.4", "400.9.2.1", "400.9.10.1"]
