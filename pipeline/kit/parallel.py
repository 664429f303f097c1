"""Independent pieces of a command's work on every core, as if each ran here.

A forked process starts with everything the command holds (the round, a document's context of
30,000 rows), so nothing is copied to hand it over; it sends back only its result, or its
exception, and the seconds of the stages it timed. Elsewhere than on Linux (Python does not
fork on Windows, nor by default on macOS), on one core or for one piece, the pieces run here
one after another. A piece whose result or exception cannot come back (a process killed,
a result that does not pickle) runs here again: every piece runs to its end at least once.
"""

import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from typing import TypeVar, cast

from pipeline.kit import timing

T = TypeVar("T")
A = TypeVar("A")


def each(pieces: Sequence[Callable[[], T]]) -> list[T]:
    """The pieces' results, in order: all but the last run in forked processes while the last
    runs here. The first exception, in the pieces' order, is raised here once all have ended."""
    if len(pieces) < 2 or not forking():
        return [piece() for piece in pieces]
    started = [_Forked(piece) for piece in pieces[:-1]]
    try:
        last = _outcome(pieces[-1])
        outcomes = [forked.outcome() for forked in started] + [last]
    finally:
        for forked in started:
            forked.stop()
    for failed, value in outcomes:
        if failed:
            raise cast(Exception, value)
    return [cast(T, value) for _, value in outcomes]


def mapped(function: Callable[[A], T], items: Sequence[A]) -> list[T]:
    """`function` of each item, in order, computed by a pool of forked processes, one per core.
    Items and results are pickled to and from the pool: this is for many pieces of modest size,
    `each` for a few large ones. A worker that dies (killed, out of memory) leaves all of them
    to be done here."""
    if len(items) < 2 or not forking():
        return [function(item) for item in items]
    workers = min(len(items), len(os.sched_getaffinity(0)))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(function, items))
    except BrokenProcessPool:
        return [function(item) for item in items]


def forking() -> bool:
    """Whether work goes to forked processes: on Linux (forking is safe with what the tool
    loads there), with a core to spare."""
    return sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1


def forked(work: Callable[[int], None]) -> tuple[int, int]:
    """(pid, read end of a pipe) of a forked process that runs `work` with the pipe's write
    end and ends there: it never goes back into the command (no exit handlers, nothing of the
    command's output flushed twice), and Ctrl+C ends it quietly, the command saying so."""
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(readable)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            work(writable)
        finally:
            os._exit(0)
    os.close(writable)
    return pid, readable


def ended(pid: int) -> None:
    """The forked process `pid` killed if it still runs, and reaped."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _outcome(piece: Callable[[], object]) -> tuple[bool, object]:
    try:
        return False, piece()
    except Exception as error:
        return True, error


class _Forked:
    """One piece in a forked process, which writes (failed, result or exception, stage
    seconds) pickled on a pipe."""

    def __init__(self, piece: Callable[[], object]) -> None:
        self.piece = piece
        self.pid, readable = forked(self._send)
        self.pipe = os.fdopen(readable, "rb")
        self.running = True

    def _send(self, writable: int) -> None:
        timing.forget()
        failed, value = _outcome(self.piece)
        try:
            message = pickle.dumps((failed, value, timing.SPENT))
        except Exception:  # a result that cannot travel: it is made here again
            message = b""
        with os.fdopen(writable, "wb") as pipe:
            pipe.write(message)

    def outcome(self) -> tuple[bool, object]:
        message = self.pipe.read()
        self.stop()
        try:
            failed, value, spent = pickle.loads(message)
        except Exception:  # killed, or what it sent does not load: the piece runs here
            return _outcome(self.piece)
        timing.add(spent)
        return failed, value

    def stop(self) -> None:
        """End the process if it still runs (the command stopped), and reap it once: a pid
        reaped may be another process's next."""
        if self.running:
            self.running = False
            ended(self.pid)
            self.pipe.close()
