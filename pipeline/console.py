"""What the officer sees: what was done, where the output is, and the next step.

Everything printed is plain text: staff write '[b]' or '[pejabat]' in titles and notes, and
the terminal must show it as written, never read it as markup.
"""

from collections.abc import Iterator
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
from rich.table import Table
from rich.text import Text


class Output:
    def __init__(
        self,
        console: Console | None = None,
        error_console: Console | None = None,
        command_form: str = "make {}",
    ):
        self.console = console or Console(highlight=False)
        self.errors = error_console or Console(stderr=True, highlight=False)
        self.command_form = command_form

    def command(self, name: str, args: str = "", file: str = "") -> str:
        """A command as the officer runs it ('make arsip ARGS=--periksa', 'make arsip
        FILE="x.pdf"' or 'dik arsip "x.pdf"'), for next-step hints."""
        make = self.command_form.startswith("make")
        parts = [name]
        if file:
            parts.append(f'FILE="{file}"' if make else f'"{file}"')
        if args:
            parts.append(f"ARGS={args}" if make else args)
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
            if numeric:
                table.add_column(Text(str(column)), justify="right", max_width=13)
            else:
                table.add_column(Text(str(column)), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(Text("" if pd.isna(v) else str(v)) for v in row))
        self.console.print(table)

    @contextmanager
    def progress(self, description: str, total: int) -> Iterator["Step"]:
        """A bar with counts and time left; it disappears when the work is done."""
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[item]}", markup=False),
            console=self.console,
            transient=True,
        ) as progress:
            task = progress.add_task(description, total=total, item="")
            yield Step(progress, task)


class Step:
    def __init__(self, progress: Progress, task: object):
        self._progress = progress
        self._task = task

    def __call__(self, item: str) -> None:
        self._progress.update(self._task, advance=1, item=item)  # type: ignore[arg-type]


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
