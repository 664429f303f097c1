"""Names are never interpreted: FILE and WS reach the program through make as one argument,
exactly as typed, whatever they hold; the hints the tool prints give them back whole; a name
that is a folder, or too long for the disk, is a sentence."""

import json
import shlex
import subprocess
import sys

import pytest

from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.stages.s6_archive import store
from tests.conftest import ROOT

NAMES = [
    "Pindaian SK.pdf",
    "SK `touch tersentuh`.pdf",
    'Pindaian "SK".pdf',
    "a$Hb $(touch tersentuh) ${HOME}.pdf",
    "it's.pdf",
    "baris\nbaru.pdf",
    "back\\slash.pdf",
    "#pagar; echo x && echo y | cat *.pdf",
    "spasi di akhir  ",  # (make drops spaces at the start of any value it is given)
]


@pytest.fixture
def fake_python(tmp_path):
    """Stands in for the venv's python: prints the arguments and environment it was given."""
    script = tmp_path / "python"
    script.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        "print(json.dumps({'argv': sys.argv[1:], 'ws': os.environ.get('DIK_WS')}))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    stamp = tmp_path / "terpasang"  # newer than pyproject.toml: make installs nothing
    stamp.touch()
    return script, stamp


def _make(tmp_path, fake_python, *assignments):
    script, stamp = fake_python
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(ROOT), *assignments,
         f"PY={script}", f"STAMP={stamp}"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", NAMES)
def test_make_passes_a_file_name_as_one_argument(tmp_path, fake_python, name):
    seen = _make(tmp_path, fake_python, "arsip", f"FILE={name}", f"WS={tmp_path}")
    assert seen["argv"] == ["-m", "pipeline", "arsip", "--workspace", str(tmp_path), name]
    assert not list(tmp_path.glob("tersentuh")) and not (ROOT / "tersentuh").exists()


@pytest.mark.parametrize("name", NAMES)
def test_make_passes_a_workspace_as_one_argument(tmp_path, fake_python, name):
    seen = _make(tmp_path, fake_python, "status", f"WS={name}")
    assert seen["argv"] == ["-m", "pipeline", "status", "--workspace", name]
    assert seen["ws"] == name  # for the hints
    assert not (ROOT / "tersentuh").exists()


def test_make_without_a_file_passes_no_empty_argument(tmp_path, fake_python):
    seen = _make(tmp_path, fake_python, "arsip", "ARGS=--periksa")
    assert seen["argv"] == ["-m", "pipeline", "arsip", "--workspace", "data/contoh", "--periksa"]


@pytest.mark.parametrize("name", NAMES)
def test_a_hint_gives_the_name_back_whole(name):
    out = Output(command_form="make {}", workspace=name)
    words = shlex.split(out.command("arsip", file=name))
    assert words == ["make", "arsip", f"FILE={name}", f"WS={name}"]


def test_plain_names_keep_the_double_quotes_people_write():
    out = Output(command_form="make {}", workspace="~/dik-2026")
    assert out.command("arsip", file="Pindaian SK.pdf") == (
        'make arsip FILE="Pindaian SK.pdf" WS="~/dik-2026"'
    )


def test_a_folder_given_as_the_signed_file_is_named_as_a_folder(tmp_path):
    with pytest.raises(WorkspaceError, match="adalah folder, bukan berkas"):
        store(tmp_path / "arsip", tmp_path, None, {}, 2026)
