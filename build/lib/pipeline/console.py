"""What the officer sees: what was done, where the output is, and the next step."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table


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

    def command(self, name: str, args: str = "") -> str:
        """A command as the officer runs it ('make arsip ARGS=--periksa' or
        'dik arsip --periksa'), for next-step hints."""
        if not args:
            return self.command_form.format(name)
        if self.command_form.startswith("make"):
            return self.command_form.format(f"{name} ARGS={args}")
        return self.command_form.format(f"{name} {args}")

    def done(self, text: str) -> None:
        self.console.print(f"[green]✔[/green] {text}")

    def note(self, text: str) -> None:
        self.console.print(f"  {text}")

    def warn(self, text: str) -> None:
        self.console.print(f"[yellow]![/yellow] {text}")

    def file(self, label: str, path: Path) -> None:
        self.console.print(f"  {label}: [bold]{_relative(path)}[/bold]")

    def next(self, text: str) -> None:
        self.console.print(f"[cyan]→ Langkah berikutnya:[/cyan] {text}")

    def fail(self, text: str) -> None:
        self.errors.print(f"[red]Galat:[/red] {text}")

    def table(self, frame: pd.DataFrame, title: str = "") -> None:
        table = Table(title=title or None, show_lines=False)
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            if numeric:
                table.add_column(str(column), justify="right", max_width=13)
            else:
                table.add_column(str(column), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*("" if pd.isna(v) else str(v) for v in row))
        self.console.print(table)

    @contextmanager
    def progress(self, description: str, total: int) -> Iterator["Step"]:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[item]}"),
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
