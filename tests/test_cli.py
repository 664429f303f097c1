"""The command line as the officer meets it: refusals, order of steps, errors without traces."""

import json
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from pipeline.commands import common, nota
from pipeline.commands import status as status_command
from tests.conftest import run_cli
from tests.test_cli_round import set_cells


def test_an_unexpected_error_is_one_sentence_and_debug_shows_the_trace(example, monkeypatch):
    def broken(round_, out, args):
        raise RuntimeError("rusak di dalam")

    monkeypatch.setattr(status_command, "run", broken)
    status, printed = run_cli("status", "--workspace", str(example.root))
    assert status == 2
    assert "kesalahan tak terduga (RuntimeError: rusak di dalam)" in printed
    assert "Traceback" not in printed
    with pytest.raises(RuntimeError, match="rusak di dalam"):
        run_cli("status", "--workspace", str(example.root), "--debug")


def test_run_stops_at_the_first_step_with_work_left(example):
    path = example.inbox / "REHSOS.xlsx"
    workbook = load_workbook(path)
    workbook["Inventaris"]["B6"].value = None  # a title removed: the row is rejected
    workbook.save(path)
    before = example.test_sheet.read_bytes()
    status, printed = run_cli("run", "--workspace", str(example.root))
    assert status == 1
    assert "run berhenti di periksa" in printed
    assert "make uji" not in printed.split("run berhenti")[1]
    assert example.test_sheet.read_bytes() == before
    assert not example.out("konsep_daftar_informasi_dikecualikan.docx").exists()


def test_a_sheet_open_in_excel_is_not_rewritten_and_nothing_is_written_first(example):
    run_cli("run", "--workspace", str(example.root))
    set_cells(example.test_sheet, "Uji Konsekuensi", "PA-0001", {"Jangka Waktu": "5 tahun"})
    lock = example.root / "~$tinjauan.xlsx"
    lock.write_bytes(b"lock")
    draft = example.out("konsep_daftar_informasi_dikecualikan.docx")
    draft.unlink()
    before = example.review_sheet.read_bytes()
    status, printed = run_cli("konsep", "--workspace", str(example.root))
    assert status == 2 and "tinjauan.xlsx sedang dibuka (~$tinjauan.xlsx)" in printed
    assert example.review_sheet.read_bytes() == before
    assert not draft.exists()


@pytest.mark.parametrize(
    ("command", "missing", "message"),
    [
        ("konsep", "test_sheet", "uji_konsekuensi.xlsx belum ada; jalankan make uji lebih dulu"),
        ("tetapkan", "review_sheet", "tinjauan.xlsx belum ada; jalankan make konsep lebih dulu"),
    ],
)
def test_a_step_before_its_turn_names_the_command_that_comes_first(
    example, command, missing, message
):
    getattr(example, missing).unlink()
    status, printed = run_cli(command, "--workspace", str(example.root))
    assert status == 2 and message in printed
    assert not example.out("konsep_daftar_informasi_dikecualikan.docx").exists()


@pytest.mark.parametrize(
    ("sheet", "damage", "message"),
    [
        ("test_sheet", b"bukan excel", "uji_konsekuensi.xlsx tidak dapat dibaca"),
        ("review_sheet", b"bukan excel", "tinjauan.xlsx tidak dapat dibaca"),
        ("test_sheet", None, "kolom 'ID' tidak ditemukan pada baris 1 lembar 'Uji Konsekuensi'"),
        ("review_sheet", None, "kolom 'ID' tidak ditemukan pada baris 1 lembar 'Tinjauan'"),
    ],
)
def test_a_corrupt_or_headerless_fill_sheet_is_one_sentence(example, sheet, damage, message):
    path = getattr(example, sheet)
    if damage is None:
        workbook = load_workbook(path)
        workbook.worksheets[0].delete_rows(1)  # the header row is gone
        workbook.save(path)
    else:
        path.write_bytes(damage)
    status, printed = run_cli("tetapkan", "--workspace", str(example.root))
    assert status == 2 and message in printed
    assert "keluaran/cadangan" in printed


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


def test_only_the_last_ten_backups_are_kept(example):
    run_cli("run", "--workspace", str(example.root))
    for _ in range(6):  # PA's items leave and come back: each uji rewrites the sheet
        (example.inbox / "PA.xlsx").rename(example.root / "PA.xlsx")
        assert run_cli("uji", "--workspace", str(example.root))[0] == 0
        (example.root / "PA.xlsx").rename(example.inbox / "PA.xlsx")
        assert run_cli("uji", "--workspace", str(example.root))[0] == 0
    backups = list(example.out("cadangan").glob("uji_konsekuensi-*.xlsx"))
    assert len(backups) == 10


def test_arsip_periksa_names_a_missing_file(example):
    run_cli("run", "--workspace", str(example.root))
    final = example.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    stored = next((example.archive / "2026").glob("001_*.docx"))
    stored.unlink()
    status, printed = run_cli("arsip", "--periksa", "--workspace", str(example.root))
    assert status == 1
    assert "hilang" in printed and stored.name in printed


def test_terbitkan_and_ekspor_wait_for_the_signed_list_then_publish_the_latest(example):
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert status == 2 and "Belum ada daftar bertanda tangan di arsip" in printed
    run_cli("run", "--workspace", str(example.root))
    final = example.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert status == 0 and "30 informasi dikecualikan." in printed  # the DIP is not signed yet
    assert "Daftar Informasi Publik tidak diterbitkan" in printed
    web = example.out("web")
    assert not (web / "dip.csv").exists() and "dip" not in json.loads(
        (web / "data.json").read_text()
    )
    public = example.out("daftar_informasi_publik.docx")
    assert run_cli("arsip", str(public), "--dip", "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert status == 0 and "30 informasi dikecualikan, 25 informasi publik" in printed
    page = (web / "index.html").read_text(encoding="utf-8")
    signed = sorted(path.name for path in web.glob("*.docx"))
    assert signed == ["daftar_informasi_publik_000-8-3-4-46-DSPPA-DIP-2026.docx",
                      "keputusan_000-8-3-4-45-DSPPA-2026.docx"]  # fmt: skip
    assert all(f'href="{name}"' in page for name in signed)
    config = example.config.read_text(encoding="utf-8")  # a later round, signed and archived
    example.config.write_text(config.replace("nomor = 45", "nomor = 46"), encoding="utf-8")
    run_cli("tetapkan", "--workspace", str(example.root))
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert "Menggantikan terbitan Keputusan Nomor 000.8.3.4/45/DSPPA/2026" in printed
    status, printed = run_cli("ekspor", "--workspace", str(example.root))
    assert status == 0 and list(example.out("ekspor").glob("*.zip"))
    assert "ke PPID Utama Pemerintah Kabupaten Kapuas Hulu." in printed  # the office's region
    assert (example.root / "riwayat_ekspor.csv").is_file()


def test_a_wrong_registration_is_withdrawn_by_an_appended_row(example, tmp_path):
    run_cli("run", "--workspace", str(example.root))
    wrong = tmp_path / "Pindaian SK DIK salah.pdf"
    wrong.write_bytes(b"%PDF-1.4 bukan daftar yang benar")
    status, printed = run_cli("arsip", str(wrong), "--workspace", str(example.root))
    assert status == 0 and "nomor 1" in printed
    status, printed = run_cli(
        "arsip", "--tarik", "1", "--alasan", "salah berkas", "--workspace", str(example.root)
    )
    assert status == 0 and "Pengarsipan nomor 1 ditarik: salah berkas" in printed
    assert run_cli("arsip", "--periksa", "--workspace", str(example.root))[0] == 0
    notes = (example.archive / "register.csv").read_text(encoding="utf-8-sig")
    assert "Penarikan" in notes and "salah berkas" in notes


def test_a_save_between_read_and_replace_is_kept_and_the_new_version_set_beside(
    example, monkeypatch
):
    from pipeline.kit import sheets

    run_cli("run", "--workspace", str(example.root))
    set_cells(example.test_sheet, "Uji Konsekuensi", "PA-0001", {"Jangka Waktu": "5 tahun"})
    original = sheets._fill_table

    def reviewer_saves_meanwhile(sheet, spec, rows, paper, with_rules):
        if spec.sheet == "Tinjauan" and with_rules:
            set_cells(
                example.review_sheet,
                "Tinjauan",
                "SET-0005",
                {"Catatan PPID Pembantu": "disimpan sekarang"},
            )
        return original(sheet, spec, rows, paper, with_rules)

    monkeypatch.setattr(sheets, "_fill_table", reviewer_saves_meanwhile)
    status, printed = run_cli("konsep", "--workspace", str(example.root))
    assert status == 2 and "disimpan orang lain saat perintah berjalan" in printed
    kept = load_workbook(example.review_sheet)["Tinjauan"]
    assert any(cell.value == "disimpan sekarang" for row in kept.iter_rows() for cell in row)
    assert (example.root / "tinjauan (baru).xlsx").is_file()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            PermissionError(13, "Permission denied", "nota_dinas.docx"),
            "nota_dinas.docx tidak dapat dibuka atau ditulis (izin ditolak)",
        ),
        (
            OSError(28, "No space left on device", "nota_dinas.docx"),
            "Disk penuh saat menulis nota_dinas.docx",
        ),
        (
            OSError(30, "Read-only file system", "nota_dinas.docx"),
            "nota_dinas.docx berada di disk yang hanya dapat dibaca",
        ),
    ],
)
def test_the_systems_refusals_are_one_indonesian_sentence(example, monkeypatch, error, message):
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(nota, "render", refuse)
    status, printed = run_cli("nota", "--workspace", str(example.root))
    assert status == 2 and message in printed and "Traceback" not in printed


def test_every_stage_a_command_runs_is_on_its_progress_bar(example, monkeypatch, tmp_path):
    from pipeline.kit.timing import watching

    example.review_sheet.unlink()  # konsep writes it anew: every one of its stages runs
    for command in ("periksa", "uji", "konsep", "tetapkan"):
        if command == "konsep":  # the inventory checked anew too, not kept from periksa
            monkeypatch.setenv("DIK_CACHE", str(tmp_path / "kosong"))
        seen: list[str] = []
        with watching(seen.append):
            run_cli(command, "--workspace", str(example.root))
        plan = common.PLANS[command]
        assert set(seen) - {"imports"} <= set(plan), command
        if command == "konsep":
            assert set(plan) <= set(seen)


@pytest.mark.parametrize(
    ("form", "named", "hint"),
    [("make", "/kerja/dik", 'make tetapkan WS="/kerja/dik".'), ("make", "", "make tetapkan."),
     ("dik", None, "dik tetapkan -w ")],
)  # fmt: skip
def test_a_hint_runs_on_the_workspace_the_command_ran_on(example, monkeypatch, form, named, hint):
    monkeypatch.setenv("DIK_BENTUK", form)
    monkeypatch.setenv("COLUMNS", "200")
    if named is not None:
        monkeypatch.setenv("DIK_WS", named)
    command = [sys.executable, "-m", "pipeline", "status", "--workspace", str(example.root)]
    printed = subprocess.run(command, capture_output=True, text=True).stdout
    assert hint in printed


def test_version_is_shown(capsys):
    from pipeline.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert re.fullmatch(r"dik-ppid \S+\n", capsys.readouterr().out)


@pytest.mark.parametrize(("named", "warned"), [("", True), ("/kerja/dik", False)])
def test_make_without_ws_says_it_works_on_the_example(example, monkeypatch, named, warned):
    """make passes no DIK_WS when WS= was left out: the bundled example is used, not silently."""
    monkeypatch.setenv("DIK_BENTUK", "make")
    monkeypatch.setenv("DIK_WS", named)
    status, printed = run_cli("status", "--workspace", str(example.root))
    assert status == 0
    notice = "Tanpa WS=, perintah ini bekerja pada contoh bawaan"
    assert (notice in printed) is warned
    if warned:
        assert "(Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten" in printed
        assert "make status WS=~/dik-2026" in printed
