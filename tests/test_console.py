"""Staff text reaches the terminal as written, never read as markup."""

import io
import re

import pandas as pd
from rich.console import Console

from pipeline.kit.console import Output
from pipeline.kit.timing import stage


def test_markup_in_staff_text_is_printed_as_written():
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None)
    out = Output(console, console)
    text = "Berkas [/b] korban [pejabat] [red]x"
    out.warn(text)
    out.done(text)
    out.fail(text)
    out.table(pd.DataFrame([{"Judul": text, "Jumlah": 1}]), title=text)
    printed = buffer.getvalue()
    assert printed.count("Berkas [/b] korban [pejabat] [red]x") == 5


def test_hints_name_the_workspace_the_officer_named():
    make = Output(command_form="make {}", workspace="/data/dik 2026")
    dik = Output(command_form="dik {}", workspace="/data/dik 2026")
    assert make.command("arsip", file="SK.pdf") == 'make arsip FILE="SK.pdf" WS="/data/dik 2026"'
    assert dik.command("arsip", "--periksa") == "dik arsip --periksa -w '/data/dik 2026'"
    assert Output(command_form="dik {}").command("uji") == "dik uji"


def test_hints_follow_the_form_the_officer_used():
    make, dik = Output(command_form="make {}"), Output(command_form="dik {}")
    assert make.command("arsip", file="SK DIK.pdf") == 'make arsip FILE="SK DIK.pdf"'
    assert dik.command("arsip", file="SK DIK.pdf") == 'dik arsip "SK DIK.pdf"'
    assert make.command("arsip", "--periksa") == "make arsip ARGS=--periksa"
    assert dik.command("arsip", "--periksa") == "dik arsip --periksa"


def test_the_bar_counts_the_stages_and_names_the_one_running():
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True)
    out = Output(console, console)
    with out.stages("Menyusun konsep", {"read": "membaca berkas", "render": "menulis dokumen"}):
        with stage("read"):
            out.detail("REHSOS.xlsx (1 dari 2 berkas)")
        with stage("unplanned"), stage("render"):
            pass
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", buffer.getvalue())
    assert re.search(r"Menyusun konsep .* 0/2 .* membaca berkas", shown)
    assert re.search(r"Menyusun konsep .* 1/2 .* menulis dokumen", shown)
    assert "unplanned" not in shown
    out.detail("tanpa bar")  # no bar showing: nothing to update, nothing breaks


def test_piped_output_keeps_a_line_whole(capsys):
    """Into a log or a pipe (not a terminal) a path or a command is never split at 80 columns."""
    out = Output(command_form="make {}", workspace="/srv/ppid/dik-2026-dinas-perhubungan")
    path = "/srv/ppid/dik-2026-dinas-perhubungan/keluaran/konsep_daftar_informasi_dikecualikan.docx"
    out.note(f"Dokumen: {path}")
    out.next(f"{out.command('tetapkan')} setelah PPID Pembantu dan Atasan PPID memutuskan.")
    printed = capsys.readouterr().out
    assert path in printed
    assert 'make tetapkan WS="/srv/ppid/dik-2026-dinas-perhubungan" setelah' in printed
    assert len(printed.splitlines()) == 2


def test_a_piped_table_keeps_file_names_whole(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    out = Output(command_form="make {}")
    name = "SEKRE isian 2026 perbaikan.xlsx"
    out.table(pd.DataFrame([{"Berkas": name, "Bidang": "SEKRE", "Baris Dibaca": 8,
                             "Baris Valid": 8, "Baris Galat": 0, "Baris Peringatan": 0}]))  # fmt: skip
    assert name in capsys.readouterr().out
