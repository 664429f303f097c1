"""kit.parallel: pieces run in forked processes come back as if they had run here."""

import os
import signal

import pytest

from pipeline.kit import parallel, timing
from pipeline.kit.errors import TemplateError
from pipeline.kit.parallel import each, mapped

forks = pytest.mark.skipif(not parallel.forking(), reason="work is not forked here")


def _pid_and(value: str) -> tuple[int, str]:
    with timing.stage(f"piece {value}"):
        return os.getpid(), value


@forks
def test_pieces_run_in_other_processes_and_come_back_in_order():
    results = each([lambda: _pid_and("a"), lambda: _pid_and("b"), lambda: _pid_and("c")])
    assert [value for _, value in results] == ["a", "b", "c"]
    assert results[-1][0] == os.getpid()  # the last runs here
    assert len({pid for pid, _ in results}) == 3
    assert {"piece a", "piece b"} <= set(timing.SPENT)  # their stages are counted here


@forks
def test_the_stages_of_forked_pieces_reach_the_progress_bar():
    seen: list[str] = []
    with timing.watching(seen.append):
        each([lambda: _pid_and("a"), lambda: _pid_and("b")])
    assert sorted(seen) == ["piece a", "piece b"]


def test_without_forking_everything_runs_here(monkeypatch):
    monkeypatch.setattr(parallel, "forking", lambda: False)
    assert each([lambda: _pid_and("a"), lambda: _pid_and("b")]) == [
        (os.getpid(), "a"),
        (os.getpid(), "b"),
    ]


def _refuse() -> None:
    raise TemplateError("Templat x.docx ditolak.")


@forks
def test_a_piece_that_fails_fails_here_with_its_own_sentence(tmp_path):
    written = tmp_path / "here.txt"
    with pytest.raises(TemplateError) as refused:
        each([_refuse, lambda: written.write_text("ok")])
    assert str(refused.value) == "Templat x.docx ditolak."
    assert written.read_text() == "ok"  # what runs here still ran to its end


@forks
def test_the_first_failure_in_order_is_the_one_raised():
    with pytest.raises(TemplateError):
        each([_refuse, lambda: 1 / 0])


@forks
def test_what_cannot_come_back_is_made_here_again(tmp_path):
    marks = tmp_path / "runs"
    marks.mkdir()

    def piece() -> object:
        (marks / str(os.getpid())).touch()
        if os.getpid() != here:
            return lambda: None  # a result that does not pickle
        return "made here"

    here = os.getpid()
    assert each([piece, lambda: None]) == ["made here", None]
    assert len(list(marks.iterdir())) == 2


@forks
def test_a_killed_piece_is_made_here_again(tmp_path):
    def piece() -> str:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return "made here"

    here = os.getpid()
    assert each([piece, lambda: None]) == ["made here", None]


def _square_where(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@forks
def test_mapped_uses_a_pool_and_keeps_the_order():
    results = mapped(_square_where, list(range(10)))
    assert [square for square, _ in results] == [n * n for n in range(10)]
    assert os.getpid() not in {pid for _, pid in results}


def _dies_in_a_worker(number: int) -> int:
    if os.getpid() != PARENT:
        os._exit(9)
    return number


PARENT = os.getpid()


@forks
def test_when_a_worker_dies_mapped_does_every_item_here():
    assert mapped(_dies_in_a_worker, [1, 2, 3]) == [1, 2, 3]
