"""A hostile inbox end to end: every bomb is one Galat for its file alone, the good file is read,
the report is written, all in bounded time and memory."""

import resource
import time

from openpyxl import load_workbook

from tests import hostile
from tests.conftest import row, run_cli, write_inventory

BOMBS = [
    hostile.far_away_cell, hostile.cell_bomb, hostile.shared_string_copies, hostile.entity_bomb,
    hostile.merged_everything, hostile.overlapping_zip, hostile.truncated_zip,
    hostile.ods_repeated_content, hostile.non_utf8_name, hostile.control_bytes,
]  # fmt: skip


def test_no_file_can_stop_the_round(workspace):
    names = {build(workspace.inbox).name for build in BOMBS}
    write_inventory(workspace.inbox / "PP.xlsx", [row(), row(No=2)])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    elapsed = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert status == 1, printed
    assert elapsed < 30 and grown_mb < 400, (elapsed, grown_mb)
    report = load_workbook(workspace.out("laporan_validasi.xlsx"))
    summary = {r[0]: r for r in report["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["PP.xlsx"][2:5] == (2, 2, 0)  # the good file: read and valid
    problems = [r for r in report["Masalah"].iter_rows(min_row=2, values_only=True)]
    galat_files = {r[0] for r in problems if r[6] == "Galat"}
    assert "PP.xlsx" not in galat_files
    shown = {name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for name in names}
    assert galat_files == shown  # one Galat per hostile file, for that file alone
    assert "Traceback" not in printed
