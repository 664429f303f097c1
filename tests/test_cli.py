"""cli.py: the command line as the officer meets it, whatever the command: parsing, the workspace
it runs on, exit statuses, errors in one sentence without a trace, hints, progress."""

import re
import subprocess
import sys

import pytest

from pipeline.commands import common, nota
from pipeline.commands import status as status_command
from tests.conftest import run_cli


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
    said = " ".join(printed.split())  # the line wraps where the workspace's path makes it
    notice = "Tanpa WS=, perintah ini bekerja pada contoh bawaan"
    assert (notice in said) is warned
    if warned:
        assert "(Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten" in said
        assert "make status WS=~/dik-2026" in said


def test_a_mistyped_workspace_is_not_taken_for_a_new_one(tmp_path):
    status, printed = run_cli("periksa", "--workspace", str(tmp_path / "tidak_ada"))
    assert status == 2
    assert "tidak_ada tidak ada; periksa ejaannya" in printed


def test_a_folder_without_config_is_not_a_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, printed = run_cli("status")
    assert status == 2
    assert "Folder ini bukan folder kerja (tidak ada instansi.toml)" in printed


def test_inside_a_workspace_folder_that_folder_is_used(example, monkeypatch):
    monkeypatch.chdir(example.root)
    status, printed = run_cli("periksa")
    assert status == 0 and "50 baris dibaca dari 7 berkas" in printed


def test_bad_command_line_is_one_indonesian_sentence(capsys):
    import pytest

    from pipeline.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["kirim"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("Galat: baris perintah tidak sah")
