"""Issue 4 acceptance: every bidang fills its generated form the way new users do, with a few
mistakes planted; periksa must report exactly those, at the right cells, and accept the rest."""

import shutil

from openpyxl import load_workbook

from pipeline.kit.schema import inventory_spec
from pipeline.stages.s2_forms import HEADER_ROW
from tests.conftest import GOOD_ROW, row, run_cli

FIRST = HEADER_ROW + 1

# Per bidang: (file name the staff saved, rows as typed (None = a blank row), planted problems
# as (cell, level)). Row numbers follow from FIRST and the blank rows.
MESSY = {
    "SET": ("SET.xlsx", [
        row(No="1", Tahun_Pembuatan="2023", Berasal_dari_Arsip="ya", Usulan_Dikecualikan="YA"),
        row(No="2", Judul_Informasi="Notula rapat pimpinan", Tahun_Pembuatan="30/01/2023",
            Kode_Klasifikasi_Arsip="000.1.5", Bentuk_Informasi="Kertas"),
    ], [(f"G{FIRST + 1}", "Galat")]),
    "REHSOS": ("REHSOS.xlsx", [
        row(Judul_Informasi="Asesmen ODGJ terlantar", Kode_Klasifikasi_Arsip="400.9.3.1",
            Berasal_dari_Arsip="Y", Dasar_Pengecualian__Pasal_17="Pasal 17 huruf h angka 2"),
        None,
        row(No=2, Judul_Informasi="Data klien Napza", Kode_Klasifikasi_Arsip="400.9.99"),
        row(No=3, Judul_Informasi="Profil panti", Usulan_Dikecualikan="TIDAK", Berasal_dari_Arsip="Tidak",
            Kode_Klasifikasi_Arsip="", Dasar_Pengecualian__Pasal_17="", Alasan_Usulan=""),
    ], [(f"I{FIRST + 2}", "Galat")]),
    "LINJAMSOS": ("isian linjamsos final (2).xlsx", [
        row(Judul_Informasi="Data by name by address penerima PKH", Kode_Klasifikasi_Arsip="400.9.11.3",
            Alasan_Usulan=""),
        row(No=2, Judul_Informasi="Hasil verifikasi DTKS", Kode_Klasifikasi_Arsip="400.9.11.1",
            Dasar_Pengecualian__Pasal_17="17(h)(3), 17(h)(4)"),
    ], [(f"M{FIRST}", "Galat")]),
    "DAYASOS": ("Inventaris Dayasos.xlsx", [
        row(Judul_Informasi="Data rekening TKSK", Kode_Klasifikasi_Arsip="400.9.12.3", Tahun_Pembuatan="2O23"),
        row(No=2, Judul_Informasi="Daftar LKS terdaftar", Usulan_Dikecualikan="Tidak",
            Dasar_Pengecualian__Pasal_17="", Alasan_Usulan="", Berasal_dari_Arsip="Tidak", Kode_Klasifikasi_Arsip=""),
    ], [(f"F{FIRST}", "Galat")]),
    "PP": ("PP.xlsx", [
        row(Judul_Informasi="Data korban KDRT", Dasar_Pengecualian__Pasal_17="17.e.3"),
        row(No=2, Judul_Informasi="Profil gender kabupaten", Usulan_Dikecualikan="Tidak", Dasar_Pengecualian__Pasal_17="",
            Alasan_Usulan="", Berasal_dari_Arsip="Tidak", Kode_Klasifikasi_Arsip="", Keterangan="=terbuka di laman PPID"),
    ], [(f"L{FIRST}", "Peringatan")]),
    "PA": ("PA.xlsx", [
        row(Judul_Informasi="Data calon orang tua asuh", Kode_Klasifikasi_Arsip="400.9.2.2"),
        row(Judul_Informasi="Data anak korban kekerasan", Kode_Klasifikasi_Arsip="400.9.2.5"),
        row(No=3, Judul_Informasi="Penghargaan KLA", Kode_Klasifikasi_Arsip="400.2.7", Usulan_Dikecualikan="tidak",
            Dasar_Pengecualian__Pasal_17="", Alasan_Usulan=""),
    ], [(f"A{FIRST}", "Galat"), (f"A{FIRST + 1}", "Galat")]),
    "UPTDPPA": ("UPTD PPA.xlsx", [
        row(Judul_Informasi="Berkas penanganan kasus anak", Kode_Klasifikasi_Arsip="400.2.4.2",
            Tanggal_Berkas_Ditutup="kemarin"),
        row(No=2, Judul_Informasi="Register pengaduan", Kode_Klasifikasi_Arsip="400.2.3.2",
            Tanggal_Berkas_Ditutup="5 Agt 2024"),
    ], [(f"J{FIRST}", "Galat")]),
}  # fmt: skip


def fill(form, target, rows):
    workbook = load_workbook(form)
    sheet = workbook["Inventaris"]
    for offset, values in enumerate(rows):
        if values is None:
            continue
        for position, label in enumerate(inventory_spec().labels, start=1):
            value = values.get(label, GOOD_ROW[label])
            if value not in ("", None):
                cell = sheet.cell(row=FIRST + offset, column=position, value=value)
                cell.data_type = "s" if isinstance(value, str) else cell.data_type
    sheet.cell(row=HEADER_ROW, column=15, value="Catatan Internal")  # staff add their own column
    workbook.save(target)


def test_messy_forms_come_back_with_exactly_the_planted_problems(workspace):
    assert run_cli("formulir", "--workspace", str(workspace.root))[0] == 0
    for code, (name, rows, _) in MESSY.items():
        fill(workspace.out("formulir", f"{code}.xlsx"), workspace.inbox / name, rows)
    shutil.copy(workspace.inbox / "PA.xlsx", workspace.inbox / "~$PA.xlsx")  # Excel's lock file

    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1

    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    found = {(r[0], r[4], r[6]) for r in report["Masalah"].iter_rows(min_row=2, values_only=True)}
    planted = {
        (name, cell, level) for name, _, problems in MESSY.values() for cell, level in problems
    }
    assert found == planted

    summary = {r[0]: r[2:] for r in report["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    rows_in = sum(len([r for r in rows if r]) for _, rows, _ in MESSY.values())
    galat_rows = 1 + 1 + 1 + 1 + 0 + 2 + 1
    assert summary["Jumlah"] == (rows_in, rows_in - galat_rows, galat_rows, 1)
    assert (
        f"{rows_in} baris dibaca dari 7 berkas: {rows_in - galat_rows} valid, {galat_rows} ditolak"
        in printed
    )
    assert summary["isian linjamsos final (2).xlsx"] == (2, 1, 1, 0)
    assert "~$PA.xlsx" not in summary

    for name, _, problems in MESSY.values():
        marked = load_workbook(workspace.out("umpan_balik", name.replace(".xlsx", "") + ".xlsx"))
        for cell, level in problems:
            assert marked["Inventaris"][cell].comment is not None, (name, cell)
            assert marked["Inventaris"][cell].comment.text.startswith(level)
        assert marked["Inventaris"].cell(row=HEADER_ROW, column=15).value == "Catatan Internal"
    pp = load_workbook(workspace.out("umpan_balik", "PP.xlsx"))["Inventaris"]
    assert (
        pp[f"N{FIRST + 1}"].value == "=terbuka di laman PPID"
        and pp[f"N{FIRST + 1}"].data_type == "s"
    )
