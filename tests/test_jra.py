"""An office's own JRA, imported from its Excel table and checked at its cells."""

from openpyxl import Workbook

from pipeline.kit.reference import load_references
from pipeline.kit.schema import jra_spec
from pipeline.stages.s0_jra import import_jra

HEADER = ["No", "Kode Klasifikasi", "Jenis Arsip", "Retensi Aktif", "Retensi Inaktif", "Keterangan"]
ROWS = [
    [None, "400.7", "KESEHATAN", None, None, None],  # a classification heading
    [
        1,
        "400.7.1.1",
        "Rekam medis pasien rawat jalan",
        "5 Tahun Setelah Pasien Terakhir Berobat",
        "5 Tahun",
        "musnah",
    ],
    [2, "400.7.2", "Laporan surveilans penyakit", 2, "3 Th", "Permanen"],
]


def jra_workbook(path, rows=ROWS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["LAMPIRAN PERATURAN BUPATI SINTANG TENTANG JADWAL RETENSI ARSIP"])
    sheet.append(HEADER)
    for line in rows:
        sheet.append(line)
    for cell in sheet["B"]:
        cell.data_type = "s"
    workbook.save(path)
    return path


def test_an_office_jra_is_read_with_its_triggers_and_headings_skipped(tmp_path):
    imported = import_jra(jra_workbook(tmp_path / "jra.xlsx"), jra_spec(), load_references())
    assert imported.usable and imported.headings == 1
    table = imported.table.set_index("kode")
    assert table.loc["400.7.1.1", "pemicu"] == "Setelah Pasien Terakhir Berobat"
    assert (table.loc["400.7.1.1", "retensi_aktif"], table.loc["400.7.1.1", "nasib_akhir"]) == (
        5,
        "Musnah",
    )
    assert (table.loc["400.7.2", "retensi_inaktif"], table.loc["400.7.2", "pemicu"]) == (3, "")


def test_a_bad_cell_is_named_with_its_fix(tmp_path):
    rows = [*ROWS, [3, "400.7.3", "Izin praktik", "lama", "1 Tahun", "Disimpan"]]
    imported = import_jra(jra_workbook(tmp_path / "jra.xlsx", rows), jra_spec(), load_references())
    assert not imported.usable
    assert list(imported.problems["Sel"]) == ["D6", "F6"]
    assert "'lama' bukan retensi" in imported.problems.iloc[0]["Pesan"]
    assert "tulis Musnah, Permanen atau Dinilai Kembali" in imported.problems.iloc[1]["Pesan"]


def perbup_workbook(path, header, rows):
    """A JRA as Perbup annexes print it: a title, a header over two rows (RETENSI merged over
    AKTIF and INAKTIF), a row of column numbers, then the schedule."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["LAMPIRAN PERATURAN BUPATI SEKADAU NOMOR 12 TAHUN 2021"])
    for line in header:
        sheet.append(line)
    sheet.merge_cells("D2:E2")
    sheet.append(list(range(1, len(header[0]) + 1)))
    for line in rows:
        sheet.append(line)
    for cell in sheet["B"]:
        cell.data_type = "s"
    workbook.save(path)
    return path


TWO_ROWS = [
    ["NO", "KODE KLASIFIKASI", "JENIS ARSIP", "RETENSI", None, "KETERANGAN"],
    [None, None, None, "AKTIF", "INAKTIF", None],
]
SCHEDULE = [
    [None, "400.12", "KEPENDUDUKAN", None, None, None],
    [1, "400.12.2.1", "Biodata penduduk", "2 Tahun", "5 Tahun",
     "Musnah. Retensi aktif dihitung setelah penduduk meninggal dunia"],
    [2, "400.12.3.1", "Kartu Keluarga", "1 Tahun Setelah Data Diperbarui", "3 Tahun", "Musnah"],
]  # fmt: skip


def test_a_header_over_two_rows_is_read_and_keterangan_names_the_trigger(tmp_path):
    path = perbup_workbook(tmp_path / "jra.xlsx", TWO_ROWS, SCHEDULE)
    imported = import_jra(path, jra_spec(), load_references())
    assert imported.usable, imported.problems["Pesan"].tolist()
    assert (imported.header_rows, imported.headings, imported.noted_events) == ((2, 3), 1, 1)
    table = imported.table.set_index("kode")
    assert table.loc["400.12.2.1", "pemicu"] == "Setelah penduduk meninggal dunia"
    assert table.loc["400.12.2.1", "nasib_akhir"] == "Musnah"
    assert table.loc["400.12.3.1", "pemicu"] == "Setelah Data Diperbarui"
    [note] = imported.problems.to_dict("records")
    assert (note["Sel"], note["Tingkat"]) == ("F6", "Peringatan")
    assert (
        "dihitung setelah penduduk meninggal dunia (dibaca dari kolom KETERANGAN)"
        in (note["Pesan"])
    )


def test_keterangan_beside_a_nasib_akhir_column_is_read_as_a_note(tmp_path):
    header = [
        ["NO", "KODE", "JENIS ARSIP", "RETENSI", None, "NASIB AKHIR", "KETERANGAN"],
        [None, None, None, "AKTIF", "INAKTIF", None, None],
    ]
    rows = [[1, "800.1.10.4", "Berkas disiplin pegawai", 2, 3, "Musnah",
             "Setelah pegawai yang bersangkutan pensiun"]]  # fmt: skip
    imported = import_jra(perbup_workbook(tmp_path / "jra.xlsx", header, rows), jra_spec(),
                          load_references())  # fmt: skip
    assert imported.usable
    assert imported.table.iloc[0]["pemicu"] == "Setelah pegawai yang bersangkutan pensiun"


def test_a_missing_column_names_the_header_rows_read(tmp_path):
    header = [["NO", "KODE KLASIFIKASI", "JENIS ARSIP", "MASA SIMPAN", None, "KETERANGAN"],
              [None, None, None, "A", "B", None]]  # fmt: skip
    imported = import_jra(perbup_workbook(tmp_path / "jra.xlsx", header, SCHEDULE), jra_spec(),
                          load_references())  # fmt: skip
    [message] = imported.problems["Pesan"]
    assert message.startswith("Kolom JRA tidak ditemukan: Retensi Aktif, Retensi Inaktif.")
    assert "Baris judul yang dibaca: baris 2 ('NO', 'KODE KLASIFIKASI'" in message


def test_years_spelled_out_are_read(tmp_path):
    rows = [[1, "400.7.1.2", "Register pasien", "Dua Tahun", "Lima Tahun", "Musnah"]]
    imported = import_jra(jra_workbook(tmp_path / "jra.xlsx", rows), jra_spec(), load_references())
    assert imported.usable
    assert list(imported.table.iloc[0][["retensi_aktif", "retensi_inaktif"]]) == [2, 5]
