"""Seconds spent per stage of a command, for the benchmark (bench/run.py), and the stages as
they begin, for the progress bar.

Each stage's own time: a stage that needs another first does not count that one's time again.
Written as JSON at exit when the environment names a file in DIK_WAKTU; otherwise nothing is
kept but a few numbers.
"""

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

SPENT: dict[str, float] = {}
_OPEN: list[list[float]] = []  # per stage being timed: [its start, time of stages inside it]
_WATCHERS: list[Callable[[str], None]] = []
Result = TypeVar("Result")


@contextmanager
def stage(name: str) -> Iterator[None]:
    for watcher in _WATCHERS:
        watcher(name)
    started = time.perf_counter()
    _OPEN.append([started, 0.0])
    try:
        yield
    finally:
        _, inner = _OPEN.pop()
        total = time.perf_counter() - started
        SPENT[name] = SPENT.get(name, 0.0) + total - inner
        if _OPEN:
            _OPEN[-1][1] += total


@contextmanager
def watching(watcher: Callable[[str], None]) -> Iterator[None]:
    """`watcher` is told the name of each stage as it begins: the officer's progress bar."""
    _WATCHERS.append(watcher)
    try:
        yield
    finally:
        _WATCHERS.remove(watcher)


def timed(name: str) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """A function timed as the stage `name`."""

    def wrap(function: Callable[..., Result]) -> Callable[..., Result]:
        @wraps(function)
        def timed_call(*args: Any, **kwargs: Any) -> Result:
            with stage(name):
                return function(*args, **kwargs)

        return timed_call

    return wrap


def forget() -> None:
    """In a forked process: no stage timed yet, and none shown (the bar is the parent's)."""
    SPENT.clear()
    _OPEN.clear()
    _WATCHERS.clear()


def add(spent: dict[str, float]) -> None:
    """The stages a forked process timed, counted as this process's own (and shown on the bar
    as they come back: they have begun, and ended)."""
    for name, seconds in spent.items():
        for watcher in _WATCHERS:
            watcher(name)
        SPENT[name] = SPENT.get(name, 0.0) + seconds


def report() -> None:
    """Write the stages to the file DIK_WAKTU names, if it names one."""
    target = os.environ.get("DIK_WAKTU")
    if target:
        times = {name: round(seconds, 3) for name, seconds in SPENT.items()}
        Path(target).write_text(json.dumps(times, ensure_ascii=False), encoding="utf-8")
