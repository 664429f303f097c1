"""Every output encoding: what the tool prints degrades (a plain form, or '?') instead of ending
in UnicodeEncodeError, on a Windows redirect (cp1252), a bare environment (ascii) or latin-1,
to a terminal or a pipe; and Ctrl+C while the libraries load is one line."""

import io
import os
import subprocess
import sys

import pandas as pd
import pytest
from rich.console import Console

from pipeline import cli
from pipeline.commands import COMMANDS, Command
from pipeline.kit.console import Output
from pipeline.kit.streams import tolerant
from tests.conftest import ROOT, row, write_inventory

ENCODINGS = ["cp1252", "ascii", "latin-1"]
HOSTILE = "Uma’ Lung “Dayak” – Pēnajam → ✔ 中文 …"


PLAIN = 'Uma\' Lung "Dayak" - Penajam -> v ?? ...'
SHOWN = {"cp1252": "Uma’ Lung “Dayak” – Penajam -> v ?? …", "ascii": PLAIN, "latin-1": PLAIN}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_an_output_stream_writes_what_its_encoding_lacks_in_plain_form(encoding):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", write_through=True)
    tolerant(stream)
    console = Console(file=stream, width=120, highlight=False, color_system=None)
    out = Output(console, console)
    out.done(HOSTILE)
    out.next(HOSTILE)
    out.table(pd.DataFrame({"Judul": [HOSTILE], "Jumlah": [3]}), "Tabel →")
    stream.flush()
    text = raw.getvalue().decode(encoding)
    assert f"v {SHOWN[encoding]}\n-> Langkah berikutnya: {SHOWN[encoding]}\n" in text
    assert f"| {SHOWN[encoding]} |      3 |" in text


def test_a_stream_already_tolerant_is_left_as_it_is():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="replace")
    tolerant(stream)
    assert stream.errors == "replace"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_command_piped_under_any_encoding_ends_as_it_should(workspace, encoding):
    """The probe, in a real process with its output piped: periksa prints ✔ and →."""
    write_inventory(workspace.inbox / "PP.xlsx", [row(Judul_Informasi=HOSTILE)])
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "periksa", "--workspace", str(workspace.root)],
        capture_output=True, cwd=ROOT, timeout=120, check=False,
        env=os.environ | {"PYTHONIOENCODING": encoding},
    )  # fmt: skip
    printed = (done.stdout + done.stderr).decode(encoding)
    assert done.returncode == 0, printed
    assert "v 1 baris dibaca" in printed and "-> Langkah berikutnya" in printed
    assert "UnicodeEncodeError" not in printed and "tak terduga" not in printed


def test_ctrl_c_while_the_libraries_load_is_one_line(monkeypatch, capsys):
    def interrupted(self: Command) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Command, "module", interrupted)
    assert cli.main(["status"]) == 2
    assert capsys.readouterr().err == "Galat: dihentikan.\n"
    assert "status" in COMMANDS
