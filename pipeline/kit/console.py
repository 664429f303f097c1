"""What the officer sees: what was done, where the output is, and the next step.

Everything printed is plain text: staff write '[b]' or '[pejabat]' in titles and notes, and
the terminal must show it as written, never read it as markup. The program makes its output
streams tolerant first (kit.streams): no character fails to print, in any encoding.
"""

import os
import shlex
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Column, Table
from rich.text import Text

from pipeline.kit.timing import watching


class Output:
    def __init__(
        self,
        console: Console | None = None,
        error_console: Console | None = None,
        command_form: str = "make {}",
        workspace: str = "",
    ):
        # Piped into a log or another program, a line is never broken to fit 80 columns: a path
        # or a command split over two lines cannot be copied back.
        self.console = console or _console(stderr=False)
        self.errors = error_console or _console(stderr=True)
        self.command_form = command_form
        self.workspace = workspace  # as the officer named it; empty for the default one
        self._bar: Step | None = None  # the progress bar showing, if any

    def command(self, name: str, args: str = "", file: str = "") -> str:
        """A command as the officer runs it ('make arsip ARGS=--periksa', 'make arsip
        FILE="x.pdf" WS="~/dik-2026"' or 'dik arsip "x.pdf" -w ~/dik-2026'), for next-step
        hints."""
        make = self.command_form.startswith("make")
        parts = [name]
        if file:
            parts.append(f"FILE={_quoted(file)}" if make else _quoted(file))
        if args:
            parts.append(f"ARGS={args}" if make else args)
        if self.workspace:  # the hint runs on the same workspace, not the default one
            parts.append(
                f"WS={_quoted(self.workspace)}" if make else f"-w {shlex.quote(self.workspace)}"
            )
        return self.command_form.format(" ".join(parts))

    def done(self, text: str) -> None:
        self.console.print(Text.assemble(("✔ ", "green"), text))

    def note(self, text: str) -> None:
        self.console.print(Text(f"  {text}"))

    def warn(self, text: str) -> None:
        self.console.print(Text.assemble(("! ", "yellow"), text))

    def file(self, label: str, path: Path) -> None:
        self.console.print(Text.assemble(f"  {label}: ", (_relative(path), "bold")))

    def next(self, text: str) -> None:
        self.console.print(Text.assemble(("→ Langkah berikutnya: ", "cyan"), text))

    def fail(self, text: str) -> None:
        self.errors.print(Text.assemble(("Galat: ", "red"), text))

    def rule(self, title: str) -> None:
        self.console.rule(Text(title))

    def table(self, frame: pd.DataFrame, title: str = "") -> None:
        table = Table(title=Text(title) if title else None, show_lines=False)
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            if numeric:  # a count: its header wraps, word by word, before a name is cut
                widest = max(
                    [len(str(v)) for v in frame[column]] + [*map(len, str(column).split())]
                )
                table.add_column(Text(str(column)), justify="right", max_width=widest)
            else:  # a name or a sentence: whole up to 24 characters, folded beyond
                longest = max([len(str(v)) for v in frame[column]] + [len(str(column))])
                table.add_column(Text(str(column)), overflow="fold", min_width=min(longest, 24))
        for row in frame.itertuples(index=False):
            table.add_row(*(Text("" if pd.isna(v) else str(v)) for v in row))
        self.console.print(table)

    @contextmanager
    def progress(self, description: str, total: int) -> Iterator["Step"]:
        """A bar with counts and time left; it disappears when the work is done."""
        counts = 2 * len(str(total)) + 1  # on a narrow terminal only the bar and the item shrink
        with Progress(
            TextColumn("{task.description}", table_column=Column(no_wrap=True)),
            BarColumn(bar_width=20),
            MofNCompleteColumn(table_column=Column(min_width=counts, no_wrap=True)),
            TimeRemainingColumn(table_column=Column(min_width=7, no_wrap=True)),
            TextColumn(
                "{task.fields[item]}",
                markup=False,
                table_column=Column(no_wrap=True, overflow="ellipsis"),
            ),
            console=self.console,
            transient=True,
            disable=not self.console.is_terminal,  # a log or a pipe gets the results only
        ) as progress:
            task = progress.add_task(description, total=total, item="")
            yield Step(progress, task)

    @contextmanager
    def stages(self, description: str, plan: Mapping[str, str]) -> Iterator[None]:
        """One bar over a command's stages (`plan`: stage name -> what the officer reads): how
        many have begun, the time left, and the one running now."""
        begun: set[str] = set()

        def begin(name: str) -> None:
            if name in plan and name not in begun:
                begun.add(name)
                bar.at(len(begun) - 1, plan[name])

        with self.progress(description, len(plan)) as bar, watching(begin):
            self._bar = bar
            try:
                yield
            finally:
                self._bar = None

    def detail(self, text: str) -> None:
        """What the running stage is at (a file's name), on the bar if one shows."""
        if self._bar is not None:
            self._bar.show(text)


class Step:
    def __init__(self, progress: Progress, task: object):
        self._progress = progress
        self._task = task

    def __call__(self, item: str) -> None:
        self._progress.update(self._task, advance=1, item=item)  # type: ignore[arg-type]

    def at(self, completed: int, item: str) -> None:
        self._progress.update(
            self._task,  # type: ignore[arg-type]
            completed=completed,
            item=item,
            refresh=True,  # a new stage shows at once, not at the next tick
        )

    def show(self, item: str) -> None:
        self._progress.update(self._task, item=item)  # type: ignore[arg-type]


def _quoted(text: str) -> str:
    """A name as the shell takes it back whole: in double quotes as people write it, in
    single quotes when it holds what double quotes do not protect ('"', '$', '`', '\\')."""
    if any(character in text for character in '"$`\\\n'):
        return shlex.quote(text)
    return f'"{text}"'


PIPED_WIDTH = 120  # a table written to a log or a pipe: wide enough for file names


def _console(stderr: bool) -> Console:
    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal:
        console.soft_wrap = True
        if "COLUMNS" not in os.environ:  # else the width asked for
            console.width = max(console.width, PIPED_WIDTH)
    return console


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
