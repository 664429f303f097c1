from datetime import date

import pytest

from pipeline.kit.config import load_config
from pipeline.kit.reference import load_references
from pipeline.kit.schema import inventory_spec
from pipeline.stages.s3a_intake import read_inbox
from pipeline.stages.s3b_validate import validate_inventory
from tests.conftest import row, write_inventory

REFS = load_references()


def check(workspace, rows, name="PP.xlsx", **options):
    write_inventory(workspace.inbox / name, rows, **options)
    intake = read_inbox(workspace.inbox, inventory_spec(), load_config(workspace.config).bidang)
    return validate_inventory(intake, inventory_spec(), REFS)


def only_problem(checked):
    assert len(checked.problems) == 1, checked.problems.to_dict("records")
    return checked.problems.iloc[0]


def test_clean_rows_are_typed_and_get_an_id(workspace):
    checked = check(workspace, [row(), row(No="2", Tahun_Pembuatan="30/01/2023", Usulan_Dikecualikan="tidak",
                                           Dasar_Pengecualian__Pasal_17="", Alasan_Usulan="")])  # fmt: skip
    assert checked.problems.empty
    items = checked.items
    assert list(items["id"]) == ["PP-0001", "PP-0002"]
    assert items.loc[1, "tahun_pembuatan"] == 2023
    assert items.loc[1, "tanggal_pembuatan"] == date(2023, 1, 30)
    assert items.loc[1, "usulan"] == "Tidak"
    assert items.loc[0, "dasar_usulan"] == "17.h.1; 17.h.2"


@pytest.mark.parametrize(
    ("changes", "column", "cell", "message"),
    [
        ({"Judul_Informasi": ""}, "Judul Informasi", "B2", "Kolom 'Judul Informasi' wajib diisi"),
        ({"No": "satu"}, "No", "A2", "'satu' tidak dapat dibaca sebagai isian kolom 'No'; tulis bilangan bulat"),
        ({"Tahun_Pembuatan": "dulu"}, "Tahun Pembuatan", "F2", "tulis tahun 4 angka"),
        ({"Bentuk_Informasi": "Kertas"}, "Bentuk Informasi", "G2", "'Kertas' bukan pilihan kolom 'Bentuk Informasi'; pilih salah satu: Cetak, Elektronik, Cetak dan Elektronik."),
        ({"Berasal_dari_Arsip": "mungkin"}, "Berasal dari Arsip", "H2", "pilih salah satu: Ya, Tidak"),
        ({"Kode_Klasifikasi_Arsip": ""}, "Kode Klasifikasi Arsip", "I2", "wajib diisi pada baris ini"),
        ({"Kode_Klasifikasi_Arsip": "400.2.3.9"}, "Kode Klasifikasi Arsip", "I2", "kode di bawah 400.2.3: 400.2.3.1"),
        ({"Kode_Klasifikasi_Arsip": 400.2}, "Kode Klasifikasi Arsip", "I2", "tersimpan sebagai angka"),
        ({"Tanggal_Berkas_Ditutup": "akhir tahun"}, "Tanggal Berkas Ditutup", "J2", "tulis tanggal"),
        ({"Dasar_Pengecualian__Pasal_17": ""}, "Dasar Pengecualian (Pasal 17)", "L2", "wajib diisi pada baris ini"),
        ({"Dasar_Pengecualian__Pasal_17": "Perpres 54/2010"}, "Dasar Pengecualian (Pasal 17)", "L2", "'Perpres 54/2010' bukan rujukan Pasal 17"),
        ({"Dasar_Pengecualian__Pasal_17": "17.h.9"}, "Dasar Pengecualian (Pasal 17)", "L2", "tidak ada dalam Pasal 17"),
        ({"Alasan_Usulan": ""}, "Alasan Usulan", "M2", "Kolom 'Alasan Usulan' wajib diisi pada baris ini"),
        ({"Judul_Informasi": "x" * 501}, "Judul Informasi", "B2", "501 karakter, terlalu panjang"),
    ],
)  # fmt: skip
def test_each_rule_has_its_message_at_its_cell(workspace, changes, column, cell, message):
    checked = check(workspace, [row(**changes)])
    problem = only_problem(checked)
    assert (problem["Kolom"], problem["Sel"], problem["Baris"], problem["Tingkat"]) == (
        column,
        cell,
        2,
        "Galat",
    )
    assert message in problem["Pesan"]
    assert checked.items.empty


def test_duplicate_number_in_a_file(workspace):
    checked = check(workspace, [row(), row()])
    assert list(checked.problems["Sel"]) == ["A2", "A3"]
    first, second = checked.problems["Pesan"]
    assert first.startswith("No 1 juga ada di baris 3 berkas ini; bila itu hal yang sama, hapus")
    assert second.startswith("No 1 juga ada di baris 2 berkas ini")


def test_a_number_repeated_many_times_names_a_few_rows_and_counts_the_rest(workspace):
    checked = check(workspace, [row() for _ in range(8)])
    assert (
        checked.problems["Pesan"]
        .iloc[0]
        .startswith("No 1 juga ada di baris 3, 4, 5, 6, 7 dan 2 baris lain berkas ini;")
    )


def test_one_id_shared_by_two_files_of_one_bidang_is_named_at_its_row(workspace):
    write_inventory(workspace.inbox / "PP_tambahan.xlsx",
                    [row(No=3, Judul_Informasi="Lain"), row(No=4, Judul_Informasi="Lain lagi"),
                     row(No=1, Judul_Informasi="Ketiga")])  # fmt: skip
    checked = check(workspace, [row(), row(No=2, Judul_Informasi="Kedua")])
    problem = only_problem(checked)
    assert (problem["Berkas"], problem["Sel"]) == ("PP_tambahan.xlsx", "A4")
    assert (
        "ID PP-0001 juga ada di berkas PP.xlsx baris 2; bila itu informasi yang sama"
        in problem["Pesan"]
    )
    assert len(checked.items) == 4


def test_two_unlinked_versions_of_one_inventory_are_one_galat_each_and_no_renumbering(workspace):
    write_inventory(
        workspace.inbox / "PP perbaikan.xlsx",
        [row(), row(No=2, Judul_Informasi="Dua (diperbaiki)")],
    )
    checked = check(workspace, [row(), row(No=2, Judul_Informasi="Dua")])
    assert sorted(checked.problems["Berkas"]) == ["PP perbaikan.xlsx", "PP.xlsx"]
    assert set(checked.problems["Baris"].isna()) == {True}
    message = checked.problems.set_index("Berkas").loc["PP.xlsx", "Pesan"]
    assert "Berkas PP.xlsx dan PP perbaikan.xlsx memuat 2 butir dengan ID yang sama" in message
    assert "Simpan satu saja" in message and "No" not in message
    assert checked.items.empty and len(checked.rows) == 4
    assert checked.versions == [("PP perbaikan.xlsx", "PP.xlsx")]


@pytest.mark.parametrize(
    ("changes", "cell", "message"),
    [
        ({"Dasar_Pengecualian__Pasal_17": "17.c.1"}, "L2", "huruf c (dapat membahayakan pertahanan dan keamanan negara) jarang berlaku bagi informasi perangkat daerah"),
        ({"Usulan_Dikecualikan": "Tidak", "Alasan_Usulan": ""}, "L2", "padahal Usulan Dikecualikan = Tidak"),
        ({"Kode_Klasifikasi_Arsip": "400.2.4.2"}, "J2", "isi tanggal peristiwa itu, atau tulis 'Belum terjadi'"),
        ({"Berasal_dari_Arsip": "Tidak"}, "I2", "padahal Berasal dari Arsip = Tidak"),
    ],
)  # fmt: skip
def test_warnings_do_not_block(workspace, changes, cell, message):
    checked = check(workspace, [row(**changes)])
    problem = only_problem(checked)
    assert (problem["Tingkat"], problem["Sel"]) == ("Peringatan", cell)
    assert message in problem["Pesan"]
    assert len(checked.items) == 1


def test_same_title_in_two_bidang_is_a_warning_on_both(workspace):
    write_inventory(workspace.inbox / "PA.xlsx", [row(Keterangan="dari PA")])
    checked = check(workspace, [row()])
    assert list(checked.problems["Tingkat"]) == ["Peringatan", "Peringatan"]
    assert len(checked.items) == 2


def test_values_read_as_people_mean_them(workspace):
    checked = check(workspace, [row(Berasal_dari_Arsip="y", Usulan_Dikecualikan="YA", Bentuk_Informasi="softcopy",
                                    Dasar_Pengecualian__Pasal_17="Pasal 17 huruf h angka 2 dan 17(a)(2)")])  # fmt: skip
    assert checked.problems.empty
    item = checked.items.iloc[0]
    assert (item["dari_arsip"], item["usulan"], item["bentuk"]) == ("Ya", "Ya", "Elektronik")
    assert item["dasar_usulan"] == "17.h.2; 17.a.2"


def test_rows_in_equal_valid_plus_rejected(workspace):
    checked = check(
        workspace, [row(), row(No=2, Judul_Informasi=""), row(No=3, Bentuk_Informasi="?")]
    )
    assert len(checked.rows) == 3
    assert len(checked.items) + int(checked.rows["galat"].sum()) == 3


def test_every_problem_of_a_row_is_reported(workspace):
    checked = check(workspace, [row(Judul_Informasi="", Ringkasan_Isi="", Berasal_dari_Arsip="Mungkin",
                                    Alasan_Usulan="")])  # fmt: skip
    assert list(checked.problems["Sel"]) == ["B2", "C2", "H2", "M2"]


def test_a_heading_code_asks_for_a_more_detailed_one(workspace):
    problem = only_problem(check(workspace, [row(Kode_Klasifikasi_Arsip="400.2.3")]))
    assert "'400.2.3' (Pelindungan Perempuan" in problem["Pesan"]
    assert "kode di bawah 400.2.3: 400.2.3.1" in problem["Pesan"]


def test_an_event_that_has_not_happened_is_said_in_words(workspace):
    checked = check(
        workspace, [row(Kode_Klasifikasi_Arsip="800.1.13.1", Tanggal_Berkas_Ditutup="belum")]
    )
    assert checked.problems.empty
    assert checked.items.loc[0, "tanggal_ditutup"] == "Belum terjadi"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Standar Operasional Prosedur Pelayanan Rehabilitasi Sosial", "000.8.3.3"),
        ("Standar Pelayanan UPTD Perlindungan Perempuan dan Anak", "000.8.3.2"),
        ("Laporan pelaksanaan Pengarusutamaan Gender Tahun 2024", "400.2.2.1"),
    ],
)
def test_a_record_the_jra_names_is_asked_whether_it_is_an_archive(workspace, title, code):
    not_archive = {"Berasal_dari_Arsip": "Tidak", "Kode_Klasifikasi_Arsip": ""}
    problem = only_problem(check(workspace, [row(Judul_Informasi=title, **not_archive)]))
    assert (problem["Sel"], problem["Tingkat"]) == ("H2", "Peringatan")
    assert f"(kode {code})" in problem["Pesan"] and "Alasan Bukan Arsip" in problem["Pesan"]
    explained = row(Judul_Informasi=title, Alasan_Bukan_Arsip="Salinan dari instansi lain.",
                    **not_archive)  # fmt: skip
    (workspace.inbox / "PP.xlsx").unlink()
    assert check(workspace, [explained]).problems.empty


@pytest.mark.parametrize(
    "title", ["Rencana Strategis Dinas Sosial Tahun 2025-2029", "Profil Forum Anak 2025"]
)
def test_a_title_the_jra_does_not_name_gets_no_suggestion(workspace, title):
    not_archive = {"Berasal_dari_Arsip": "Tidak", "Kode_Klasifikasi_Arsip": ""}
    assert check(workspace, [row(Judul_Informasi=title, **not_archive)]).problems.empty


@pytest.mark.parametrize(
    ("typed", "closed"),
    [("Juni 2025", date(2025, 6, 30)), ("Des 2024", date(2024, 12, 31)),
     ("Tahun 2025", date(2025, 12, 31)), ("02/2024", date(2024, 2, 29))],
)  # fmt: skip
def test_a_month_or_year_without_its_day_closes_the_file_on_its_last_day(workspace, typed, closed):
    checked = check(workspace, [row(Tanggal_Berkas_Ditutup=typed, Tahun_Pembuatan="Tahun 2024")])
    assert checked.problems.empty, checked.problems["Pesan"].tolist()
    assert checked.items.loc[0, "tanggal_ditutup"] == closed
    assert checked.items.loc[0, "tahun_pembuatan"] == 2024


def test_a_month_of_making_is_printed_as_written(workspace):
    from pipeline.kit.laws import load_register
    from pipeline.stages.s3f_listing import public_rows

    checked = check(workspace, [row(Tahun_Pembuatan="Juni 2025", Usulan_Dikecualikan="Tidak",
                                    Dasar_Pengecualian__Pasal_17="", Alasan_Usulan="")])  # fmt: skip
    items = checked.items
    assert (items.loc[0, "tahun_pembuatan"], items.loc[0, "tanggal_pembuatan"]) == (
        2025,
        "Juni 2025",
    )
    config = load_config(workspace.config)
    table = items.assign(hasil="Terbuka", retensi="", status_arsip="Aktif", dasar_dibuka="",
                         bentuk_diberikan="")  # fmt: skip
    [printed] = public_rows(table, config, load_register())
    assert printed["waktu_tempat"] == "Putussibau, Juni 2025"
