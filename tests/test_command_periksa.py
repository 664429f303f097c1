"""`periksa` (SOP step 3) end to end: the report, the annotated workbooks, the exit status; and
forms filled as new users fill them."""

import hashlib
import os
import shutil

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.kit.schema import inventory_spec
from pipeline.stages.s2_forms import HEADER_ROW
from tests.conftest import GOOD_ROW, row, run_cli, write_inventory


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
    visible = [sheet.title for sheet in feedback.worksheets if sheet.sheet_state == "visible"]
    assert visible == ["Masalah", "Inventaris"]  # ours first, their sheets as sent
    assert feedback["_umpan_balik"]["A1"].value == "berkas_asal"  # where this copy came from
    assert feedback.active.title == "Masalah"  # the workbook opens on what to fix
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


def test_corrected_feedback_file_sent_back_is_read_and_old_marks_cleared(workspace):
    from openpyxl.comments import Comment

    path = write_inventory(
        workspace.inbox / "PP.xlsx", [row(), row(No=2, Bentuk_Informasi="Kertas")], sheet="Sheet1"
    )
    workbook = load_workbook(path)
    workbook["Sheet1"]["C2"].comment = Comment("catatan kami sendiri", "Bu Ani")
    workbook["Sheet1"]["C3"].comment = Comment("cek lagi", "Bu Ani")
    workbook.save(path)
    assert run_cli("periksa", "--workspace", str(workspace.root))[0] == 1
    feedback = workspace.out("umpan_balik", "PP.xlsx")
    corrected = load_workbook(feedback)
    corrected["Sheet1"]["G3"].value = "Cetak"  # staff fix the cell in the file we sent them
    corrected["Sheet1"]["A2"].value = "x"  # ...and make a new mistake
    corrected.save(path)
    status, _ = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1
    again = load_workbook(feedback)["Sheet1"]
    assert again["G3"].comment is None and again["G3"].fill.fill_type is None  # old mark gone
    assert "No" in again["A2"].comment.text
    assert again["C2"].comment.text == "catatan kami sendiri"
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    assert [r[4] for r in report["Masalah"].iter_rows(min_row=2, values_only=True)] == ["A2"]


def test_one_problem_row_per_cell_in_column_order(workspace):
    write_inventory(
        workspace.inbox / "PP.xlsx",
        [
            row(
                Keterangan="x",
                Bentuk_Informasi="?",
                No="satu",
                Dasar_Pengecualian__Pasal_17="17.c.1",
            )
        ],
    )
    run_cli("periksa", "--workspace", str(workspace.root))
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    assert [r[4] for r in report["Masalah"].iter_rows(min_row=2, values_only=True)] == [
        "A2",
        "G2",
        "L2",
    ]


def test_two_inputs_with_the_same_stem_get_their_own_feedback(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row(Bentuk_Informasi="?")])
    write_inventory(workspace.inbox / "PP.xlsm", [row(No=2, Bentuk_Informasi="?")])
    run_cli("periksa", "--workspace", str(workspace.root))
    assert sorted(p.name for p in workspace.out("umpan_balik").iterdir()) == [
        "PP.xlsm.xlsx",
        "PP.xlsx.xlsx",
    ]


def test_gaps_are_said_out_loud(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row()])
    write_inventory(workspace.inbox / "revisi" / "PA.xlsx", [row()])
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 0
    assert "Folder revisi/ di masuk/ tidak dibaca" in printed
    assert "Belum ada isian dari: Sekretariat" in printed
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))["Masalah"]
    rows = [[cell.value for cell in line] for line in report.iter_rows(min_row=2)]
    assert any("revisi/" in row and "Peringatan" in row for row in rows)


def test_a_broken_link_or_a_pipe_in_the_inbox_is_reported_not_skipped(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row()])
    (workspace.inbox / "PA.xlsx").symlink_to(workspace.root / "hilang.xlsx")
    os.mkfifo(workspace.inbox / "SET.xlsx")  # reading it would wait forever
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))["Masalah"]
    messages = {line[0].value: str(line[-1].value) for line in report.iter_rows(min_row=2)}
    assert "tidak dapat dibaca dari disk" in messages["PA.xlsx"]
    assert "bukan berkas biasa" in messages["SET.xlsx"]
    assert "1 baris dibaca dari 3 berkas: 1 valid" in printed


def test_number_row_and_text_below_the_table_are_not_items(workspace):
    path = write_inventory(
        workspace.inbox / "PP.xlsx",
        [{label: i for i, label in enumerate(GOOD_ROW, 1)}, row(), row(No=2)],
    )
    workbook = load_workbook(path)
    sheet = workbook["Inventaris"]
    for line in range(5, 9):
        sheet[f"A{line}"] = line - 2  # numbers filled down past the last item
    sheet["L10"], sheet["L11"] = "Putussibau, 6 Februari 2026", "NIP. 19700415 199403 2 006"
    workbook.save(path)
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 0, printed
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    summary = next(report["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert summary[2:] == (2, 2, 0, 0)
    issues = [r for r in report["Masalah"].iter_rows(min_row=2, values_only=True)]
    assert [(r[2], r[6]) for r in issues] == [(5, "Peringatan")]
    assert "Baris 5 sampai 11 hanya berisi nomor" in issues[0][7]


def test_a_mistyped_year_is_not_read_as_a_date(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row(Tahun_Pembuatan=20233)])
    run_cli("periksa", "--workspace", str(workspace.root))
    issues = [
        r
        for r in load_workbook(workspace.out("laporan_validasi.xlsx"))["Masalah"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert [(r[4], r[5]) for r in issues] == [("F2", "20233")]
    assert issues[0][7].startswith("'20233' tidak dapat dibaca")


def test_a_corrected_feedback_copy_under_a_new_name_replaces_its_original(workspace):
    original = write_inventory(workspace.inbox / "isian kesmas (revisi).xlsx",
                               [row(), row(No=2, Bentuk_Informasi="Kertas")],
                               meta={"kode_bidang": "PP"})  # fmt: skip
    assert run_cli("periksa", "--workspace", str(workspace.root))[0] == 1
    feedback = load_workbook(workspace.out("umpan_balik", "isian kesmas (revisi).xlsx"))
    feedback["Inventaris"]["G3"].value = "Cetak"  # the bidang corrects it and sends it back
    feedback.save(workspace.inbox / "PP perbaikan.xlsx")
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 0, printed
    assert "2 baris dibaca dari 1 berkas: 2 valid, 0 ditolak; 0 masalah" in printed
    assert "isian kesmas (revisi).xlsx diganti oleh PP perbaikan.xlsx" in printed
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    listed = [r[0] for r in report["Ringkasan"].iter_rows(min_row=2, values_only=True)]
    assert listed == ["PP perbaikan.xlsx", "Jumlah"]  # the replaced one is not an input
    assert not original.exists()
    assert (workspace.inbox / "lama" / "isian kesmas (revisi).xlsx").is_file()
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 0 and "2 baris dibaca dari 1 berkas" in printed
    assert "lama/" not in printed  # the old versions' folder is not a stray folder


def test_two_versions_are_the_officers_call_and_get_no_feedback(workspace):
    old = write_inventory(
        workspace.inbox / "PP.xlsx", [row(), row(No=2, Bentuk_Informasi="Kertas")]
    )
    os.utime(old, (1_700_000_000, 1_700_000_000))
    write_inventory(workspace.inbox / "PP perbaikan.xlsx", [row(), row(No=2)])
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1
    assert "! 4 baris dibaca dari 2 berkas: 0 valid, 4 ditolak" in printed  # no green tick
    flat = " ".join(printed.split())
    assert (
        "PP perbaikan.xlsx lebih baru: bila itu yang berlaku, pindahkan PP.xlsx ke masuk/lama/"
        in flat
    )
    assert "simpan satu versi saja di masuk/, lalu make periksa lagi" in flat
    assert "umpan_balik" not in flat and not workspace.out("umpan_balik").exists()


def test_a_column_pasted_beside_the_form_is_noted(workspace):
    labels = [*inventory_spec().labels, "Nomor Rak"]
    rows = [row() | {"Nomor Rak": "R-12"}, row(No=2)]
    write_inventory(workspace.inbox / "PP.xlsx", rows, labels=labels)
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 0, printed
    issues = list(load_workbook(workspace.out("laporan_validasi.xlsx"))["Masalah"].iter_rows(
        min_row=2, values_only=True))  # fmt: skip
    beside = get_column_letter(len(inventory_spec().names) + 1)  # the column after the form's last
    assert [(r[3], r[4], r[6]) for r in issues] == [("Nomor Rak", f"{beside}1", "Peringatan")]
    assert issues[0][7].startswith(
        f"Kolom 'Nomor Rak' ({beside}) bukan kolom formulir dan isinya tidak"
    )


def test_an_office_jra_file_is_used_and_its_errors_named(example):
    jra = example.root / "jra_kantor.csv"
    jra.write_text(
        "kode,jenis_arsip,retensi_aktif,pemicu,retensi_inaktif,nasib_akhir\n"
        "400.2.3.2,Pendampingan korban,1,,1,Musnah\n",
        encoding="utf-8",
    )
    config = example.config.read_text(encoding="utf-8")
    example.config.write_text(
        config.replace('jra = ""', 'jra = "jra_kantor.csv"'), encoding="utf-8"
    )
    status, printed = run_cli("periksa", "--workspace", str(example.root))
    assert status == 1  # codes the office's JRA lacks are now reported
    assert (
        "tidak ada dalam JRA kantor (jra_kantor.csv)"
        in load_workbook(example.out("laporan_validasi.xlsx"))["Masalah"]["H2"].value
    )
    jra.write_text("kode,jenis_arsip,retensi_aktif,pemicu,retensi_inaktif,nasib_akhir\n"
                   "400.2.3.2,Pendampingan korban,dua,,1,Musnah\n", encoding="utf-8")  # fmt: skip
    status, printed = run_cli("periksa", "--workspace", str(example.root))
    assert status == 2 and "retensi_aktif pada kode 400.2.3.2 harus berupa angka" in printed
    jra.write_text("kode,jenis\n1,x\n", encoding="utf-8")
    status, printed = run_cli("periksa", "--workspace", str(example.root))
    assert status == 2 and "tidak memiliki kolom jenis_arsip" in printed


# --- forms filled as new users fill them ----------------------------------------------------------

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


def test_messy_forms_come_back_with_exactly_the_planted_problems(workspace, blank_forms):
    """Issue 4 acceptance: every bidang fills its generated form the way new users do, with a
    few mistakes planted; periksa must report exactly those, at the right cells, and accept
    the rest."""
    for code, (name, rows, _) in MESSY.items():
        fill(blank_forms / f"{code}.xlsx", workspace.inbox / name, rows)
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


def test_every_feedback_copy_is_made_even_when_a_worker_dies(workspace, monkeypatch):
    """Copies are made on every core where processes fork; a worker killed mid-copy (out of
    memory, a signal) must not cost the copies: they are made again in the command itself."""
    from pipeline.stages import s3c_report

    for code in ("PP", "PA", "SET"):
        write_inventory(workspace.inbox / f"{code}.xlsx", [row(Bentuk_Informasi="Kertas")],
                        meta={"kode_bidang": code})  # fmt: skip
    parent, make = os.getpid(), s3c_report.write_feedback

    def dying_in_a_worker(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(9)
        return make(*args, **kwargs)

    monkeypatch.setattr(s3c_report, "write_feedback", dying_in_a_worker)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)  # two workers
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1
    made = sorted(path.name for path in workspace.out("umpan_balik").iterdir())
    assert made == ["PA.xlsx", "PP.xlsx", "SET.xlsx"]
    assert "tidak dapat dibuat" not in printed
