"""An office's own JRA, imported from its Excel table and checked at its cells."""

from openpyxl import Workbook, load_workbook

from pipeline.kit.reference import load_references
from pipeline.kit.schema import jra_spec
from pipeline.stages.s0_jra import import_jra
from tests.conftest import row, run_cli, write_inventory

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
    rows = [*ROWS, [3, "400.7.3", "Izin praktik", "lima tahun", "1 Tahun", "Disimpan"]]
    imported = import_jra(jra_workbook(tmp_path / "jra.xlsx", rows), jra_spec(), load_references())
    assert not imported.usable
    assert list(imported.problems["Sel"]) == ["D6", "F6"]
    assert "'lima tahun' bukan retensi" in imported.problems.iloc[0]["Pesan"]
    assert "tulis Musnah, Permanen atau Dinilai Kembali" in imported.problems.iloc[1]["Pesan"]


def test_the_jra_command_installs_the_table_and_the_round_uses_it(workspace, tmp_path):
    source = jra_workbook(tmp_path / "JRA Perbup Sintang.xlsx")
    status, printed = run_cli("jra", str(source), "--workspace", str(workspace.root))
    assert status == 0 and "JRA kantor dipasang: 2 kode" in printed
    assert "JRA ini berlaku mulai sekarang" in printed  # no setting to edit by hand
    office_item = row(Kode_Klasifikasi_Arsip="400.7.1.1", Tanggal_Berkas_Ditutup="Belum terjadi")
    write_inventory(workspace.inbox / "PP.xlsx", [office_item, row(No=2)])
    assert run_cli("periksa", "--workspace", str(workspace.root))[0] == 1
    problems = load_workbook(workspace.out("laporan_validasi.xlsx"))["Masalah"]
    messages = [r[7] for r in problems.iter_rows(min_row=2, values_only=True)]
    assert len(messages) == 1  # 400.7.1.1 is in the office's JRA, 400.2.3.2 is not
    assert "tidak ada dalam JRA kantor (jra_kantor.csv)" in messages[0]


def test_a_setting_naming_another_table_is_pointed_out(workspace, tmp_path):
    (workspace.root / "jra_lama.csv").write_text("", encoding="utf-8")
    config = workspace.config.read_text(encoding="utf-8")
    workspace.config.write_text(config.replace('jra = ""', 'jra = "jra_lama.csv"'), "utf-8")
    source = jra_workbook(tmp_path / "JRA Perbup Sintang.xlsx")
    status, printed = run_cli("jra", str(source), "--workspace", str(workspace.root))
    assert status == 0
    assert 'menunjuk jra_lama.csv; ganti dengan "jra_kantor.csv"' in printed


def test_a_broken_jra_file_is_reported_and_not_installed(workspace, tmp_path):
    rows = [*ROWS, [3, "400.7.3", "Izin praktik", "lima tahun", "1 Tahun", "Musnah"]]
    source = jra_workbook(tmp_path / "jra.xlsx", rows)
    status, printed = run_cli("jra", str(source), "--workspace", str(workspace.root))
    assert status == 1 and "JRA kantor belum dipasang" in printed
    assert not (workspace.root / "jra_kantor.csv").exists()
    assert workspace.out("laporan_jra.xlsx").is_file()
