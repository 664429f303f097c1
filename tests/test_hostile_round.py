"""A hostile inbox end to end: every bomb is one Galat for its file alone, the good file is read,
the report is written, and no parser ever opens a file the guard refused, in bounded memory."""

import resource
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from pipeline.stages import s3c_report
from tests import hostile
from tests.conftest import row, run_cli, write_inventory

BOMBS = [
    hostile.far_away_cell, hostile.cell_bomb, hostile.shared_string_copies, hostile.entity_bomb,
    hostile.merged_everything, hostile.overlapping_zip, hostile.truncated_zip,
    hostile.ods_repeated_content, hostile.non_utf8_name, hostile.control_bytes,
]  # fmt: skip
PASS_THE_GUARD = {"control.xlsx"}  # raw control bytes are the parser's (test_limits says why)


def test_no_file_can_stop_the_round(workspace, monkeypatch):
    names = {build(workspace.inbox).name for build in BOMBS}
    write_inventory(workspace.inbox / "PP.xlsx", [row(), row(No=2)])
    opened: set[str] = set()  # what any parser was given, by calamine or openpyxl

    def recorded(parse):
        def opening(path, *args, **kwargs):
            opened.add(Path(path).name)
            return parse(path, *args, **kwargs)

        return opening

    monkeypatch.setattr(
        CalamineWorkbook, "from_path", staticmethod(recorded(CalamineWorkbook.from_path))
    )
    monkeypatch.setattr(s3c_report, "load_workbook", recorded(s3c_report.load_workbook))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert status == 1, printed
    assert grown_mb < 400, grown_mb
    assert opened == {"PP.xlsx", *PASS_THE_GUARD}, opened
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    summary = {r[0]: r for r in report["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["PP.xlsx"][2:5] == (2, 2, 0)  # the good file: read and valid
    problems = [r for r in report["Masalah"].iter_rows(min_row=2, values_only=True)]
    galat_files = {r[0] for r in problems if r[6] == "Galat"}
    assert "PP.xlsx" not in galat_files
    shown = {name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for name in names}
    assert galat_files == shown  # one Galat per hostile file, for that file alone
    assert "Traceback" not in printed
