"""`periksa` end to end: the report, the annotated workbooks, the exit status."""

import hashlib

from openpyxl import load_workbook

from tests.conftest import row, run_cli, write_inventory


def test_clean_inbox_exits_zero_and_says_what_next(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row(), row(No=2)])
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 0
    assert "2 baris dibaca dari 1 berkas: 2 valid, 0 ditolak" in printed
    assert "Langkah berikutnya: make uji" in printed
    assert not (workspace.out("umpan_balik")).exists()


def test_report_and_feedback_for_a_messy_inbox(workspace):
    original = write_inventory(workspace.inbox / "PP.xlsx",
                               [row(), row(No=2, Bentuk_Informasi="Kertas", Keterangan='=HYPERLINK("http://x")'),
                                row(No=3, Dasar_Pengecualian__Pasal_17="17.c.1")], header_row=3)  # fmt: skip
    sheet = load_workbook(original)["Inventaris"]
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    (workspace.inbox / "rusak.xlsx").write_bytes(b"not a zip")
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1
    assert "3 baris dibaca dari 2 berkas: 2 valid, 1 ditolak; 3 masalah (2 galat)" in printed

    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    summary = [[c.value for c in r] for r in report["Ringkasan"].iter_rows(min_row=2)]
    assert summary == [
        ["PP.xlsx", "Bidang Pemberdayaan Perempuan", 3, 2, 1, 1],
        ["rusak.xlsx", "(tidak dikenali)", 0, 0, 0, 0],
        ["Jumlah", None, 3, 2, 1, 1],
    ]
    issues = report["Masalah"]
    assert [c.value for c in issues[1]] == [
        "Berkas",
        "Lembar",
        "Baris",
        "Kolom",
        "Sel",
        "Nilai",
        "Tingkat",
        "Pesan",
    ]
    rows = [[c.value for c in r] for r in issues.iter_rows(min_row=2)]
    assert rows[0][:7] == ["PP.xlsx", "Inventaris", 5, "Bentuk Informasi", "G5", "Kertas", "Galat"]
    assert rows[1][:7] == [
        "PP.xlsx",
        "Inventaris",
        6,
        "Dasar Pengecualian (Pasal 17)",
        "L6",
        "17.c.1",
        "Peringatan",
    ]
    assert rows[2][0] == "rusak.xlsx" and rows[2][2] is None and rows[2][6] == "Galat"
    assert issues["E2"].hyperlink.target == "umpan_balik/PP.xlsx#'Inventaris'!G5"

    feedback = load_workbook(workspace.out("umpan_balik", "PP.xlsx"))
    assert feedback.sheetnames[0] == "Masalah"
    marked = feedback["Inventaris"]
    assert marked["G5"].fill.start_color.rgb.endswith("FFC7CE")
    assert "pilih salah satu: Cetak" in marked["G5"].comment.text
    assert marked["L6"].fill.start_color.rgb.endswith("FFEB9C")
    assert marked["N5"].value == '=HYPERLINK("http://x")' and marked["N5"].data_type == "s"
    assert marked["A1"].value == sheet["A1"].value  # their title row is still there
    assert feedback["Masalah"]["E2"].hyperlink.location == "'Inventaris'!G5"
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before  # masuk/ untouched


def test_empty_inbox_is_one_sentence_and_exit_two(workspace):
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 2
    assert printed.strip().startswith("Galat: Belum ada berkas isian di")
    assert "Traceback" not in printed


def test_missing_workspace_config_is_exit_two(tmp_path):
    status, printed = run_cli("periksa", "--workspace", str(tmp_path / "tidak_ada"))
    assert status == 2
    assert "make init" in printed


def test_bad_command_line_is_one_indonesian_sentence(capsys):
    import pytest

    from pipeline.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["kirim"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("Galat: baris perintah tidak sah")
