"""kit.guarded: workbooks inspected ahead on another core are opened as if inspected here."""

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.kit import cache, guarded, parallel
from pipeline.kit.guarded import Refused, inspected_ahead, open_workbook
from tests import hostile

forks = pytest.mark.skipif(not parallel.forking(), reason="work is not forked here")


@pytest.fixture
def inspected_here(monkeypatch, tmp_path) -> list[str]:
    """The names of the workbooks this process inspects itself (not the one ahead of it)."""
    monkeypatch.setenv("DIK_CACHE", str(tmp_path / "cache"))
    names: list[str] = []
    inspect = guarded.inspect

    def spy(path: Path, **flags: bool) -> str | None:
        names.append(path.name)
        return inspect(path, **flags)

    monkeypatch.setattr(guarded, "inspect", spy)  # the forked process keeps the real one
    return names


@pytest.fixture
def stuck(monkeypatch) -> None:
    """The inspecting process hangs on its first workbook, telling nothing."""
    monkeypatch.setattr(guarded, "_inspected", lambda path, round_sheet: time.sleep(3600) or "-")


def _workbooks(folder: Path) -> tuple[Path, Path]:
    return hostile.normal_xlsx(folder, "PP.xlsx"), hostile.far_away_cell(folder)


@forks
def test_workbooks_inspected_ahead_open_without_a_second_inspection(tmp_path, inspected_here):
    good, far = _workbooks(tmp_path)
    with inspected_ahead([(good, False), (far, False)]):
        open_workbook(good)
        with pytest.raises(Refused) as refused:  # refused there, inspected again for the reason
            open_workbook(far)
    assert inspected_here == ["far.xlsx"]
    assert "XFD1048576" in refused.value.reason
    assert cache.marked(guarded._mark(good, False))


@forks
def test_a_workbook_changed_after_its_inspection_ahead_is_inspected_again(tmp_path, inspected_here):
    good = hostile.normal_xlsx(tmp_path, "PP.xlsx")
    with inspected_ahead([(good, False)]):
        assert guarded._ahead is not None
        guarded._ahead.passed(good, False, "")  # wait until the other core has seen it
        hostile.plant_cell(good, "XFD1048576")
        with pytest.raises(Refused):
            open_workbook(good)
    assert inspected_here == ["PP.xlsx"]


@forks
def test_when_the_inspecting_process_dies_each_workbook_is_inspected_here(
    tmp_path, inspected_here, stuck
):
    good, far = _workbooks(tmp_path)
    with inspected_ahead([(good, False), (far, False)]):
        assert guarded._ahead is not None
        os.kill(guarded._ahead.pid, signal.SIGKILL)  # killed before it told anything
        open_workbook(good)
        with pytest.raises(Refused):
            open_workbook(far)
    assert inspected_here == ["PP.xlsx", "far.xlsx"]


def test_workbooks_marked_before_are_not_inspected_ahead(tmp_path, inspected_here):
    good = hostile.normal_xlsx(tmp_path, "PP.xlsx")
    open_workbook(good)
    with inspected_ahead([(good, False)]):
        assert guarded._ahead is None
        open_workbook(good)
    assert inspected_here == ["PP.xlsx"]


@forks
def test_a_workbook_the_other_core_has_not_started_is_inspected_here_without_waiting(
    tmp_path, inspected_here, stuck
):
    good, far = _workbooks(tmp_path)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("waited for a workbook not started"))
    signal.alarm(20)
    try:
        with inspected_ahead([(far, False), (good, False)]):  # stuck on the first
            open_workbook(good)
    finally:
        signal.alarm(0)
    assert inspected_here == ["PP.xlsx"]
