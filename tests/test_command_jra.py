"""`jra`: an office's own JRA installed from its Excel table, or its errors reported."""

from openpyxl import load_workbook

from tests.conftest import row, run_cli, write_inventory
from tests.test_jra import ROWS, jra_workbook


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
    rows = [*ROWS, [3, "400.7.3", "Izin praktik", "sampai selesai", "1 Tahun", "Musnah"]]
    source = jra_workbook(tmp_path / "jra.xlsx", rows)
    status, printed = run_cli("jra", str(source), "--workspace", str(workspace.root))
    assert status == 1 and "JRA kantor belum dipasang" in printed
    assert not (workspace.root / "jra_kantor.csv").exists()
    assert workspace.out("laporan_jra.xlsx").is_file()
