"""Documentation stays true: every command is documented (README's column tables: test_generated)."""

import re
import subprocess

from pipeline.commands import COMMANDS
from tests.conftest import ROOT
from tools.schema_docs import README


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
