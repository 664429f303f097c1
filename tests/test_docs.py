"""Documentation stays true: every command is documented and has its test module (README's
column tables: test_generated)."""

import re
import subprocess

from pipeline.commands import COMMANDS
from tests.conftest import ROOT
from tools.schema_docs import README

TESTS = ROOT / "tests"


def test_every_command_has_help_a_make_target_and_a_readme_line():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for command, entry in COMMANDS.items():
        assert entry.help, f"{command} has no help"
        assert (ROOT / "pipeline" / "commands" / f"{command}.py").is_file(), command
        assert re.search(rf"^{command}: \$\(STAMP\) ## ", makefile, re.MULTILINE), command
        assert f"`make {command}" in readme, command


def test_make_help_lists_every_command_in_indonesian():
    result = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for command in COMMANDS:
        assert re.search(rf"^  {command} +\S", result.stdout, re.MULTILINE), command
    assert "Pemakaian" in result.stdout


def test_make_ends_with_the_tools_line_not_its_own(tmp_path):
    """A command that cannot run: the officer's last line is the tool's Indonesian one; with
    KETAT=1 make fails as scripts need."""
    missing = tmp_path / "tidak-ada"
    plain = subprocess.run(["make", "-s", "status", f"WS={missing}"], cwd=ROOT,
                           capture_output=True, text=True)  # fmt: skip
    assert plain.returncode == 0
    assert plain.stderr.strip().splitlines()[-1].startswith("Galat: Folder kerja")
    assert "make: ***" not in plain.stderr + plain.stdout
    strict = subprocess.run(["make", "-s", "status", f"WS={missing}", "KETAT=1"], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert strict.returncode == 2


def test_every_command_has_its_test_module():
    """tests/test_command_<perintah>.py for each command, and each runs its command; no module
    is left for a command that is gone."""
    modules = {p.stem.removeprefix("test_command_") for p in TESTS.glob("test_command_*.py")}
    assert modules == set(COMMANDS)
    for command in COMMANDS:
        text = (TESTS / f"test_command_{command}.py").read_text(encoding="utf-8")
        assert f'run_cli("{command}"' in text, command
