"""The one way the tool opens a file that people may have made or edited.

Whoever made it (a bidang's inventory, the team's uji_konsekuensi.xlsx, an office's JRA, a
register someone opened in Excel), limits.inspect reads it first without a parser: a cell at
the grid's far corner, a bomb or a broken zip never reaches calamine, which aborts the whole
process on some of them and takes gigabytes on others. A text table passes the same inspection
(its size, that it is a file), and a field longer than the csv module accepts is a sentence too.

Content that passed is remembered by its SHA-256 (kit.cache marks, which the tool's own code is
part of): the same bytes are not inspected again by the next command. That matters for the
sheets of the round, read by most commands (inspecting a 10,000-item uji_konsekuensi.xlsx takes
half a second, hashing it a few milliseconds), and the sheets the tool writes are marked as
written (`passed`).
"""

import csv
import io
import os
import select
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from python_calamine import CalamineWorkbook

from pipeline.kit import cache
from pipeline.kit.errors import ConfigError, WorkspaceError
from pipeline.kit.limits import MAX_FILE_BYTES, display_name, inspect
from pipeline.kit.parallel import ended, forked, forking
from pipeline.kit.workspace import sha256


class Refused(WorkspaceError):
    """A file the tool does not open: `reason` is the sentence for a report row (which names
    the file in a column of its own), the message names the file as well."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{display_name(path)} tidak dibuka: {reason}")
        self.reason = reason


def open_workbook(
    path: Path, *, round_sheet: bool = False, from_bidang: bool = False
) -> CalamineWorkbook:
    """The workbook, once inspected (see limits.inspect for the two flags); what the parser
    itself raises for a corrupt or foreign file is the caller's to phrase."""
    mark = _mark(path, round_sheet)
    if not cache.marked(mark):
        if not (_ahead and _ahead.passed(path, round_sheet, mark)):
            reason = inspect(path, round_sheet=round_sheet, from_bidang=from_bidang)
            if reason:
                raise Refused(path, reason)
        cache.mark(mark)
    return CalamineWorkbook.from_path(str(path))


@contextmanager
def inspected_ahead(workbooks: Sequence[tuple[Path, bool]]) -> Iterator[None]:
    """While a command runs, the workbooks (path, whether a sheet of the round) it will open
    that were not inspected before are inspected on another core, in the order given (the
    order the command usually opens them): each is parsed as soon as its inspection is done,
    while the next one is inspected. At 30,000 items that takes konsep's two filled sheets
    (1.7 s of inspection) off its time, and periksa's inbox. Where work is not forked
    (kit.parallel.forking), each is inspected as it is opened, as without this; and a workbook
    refused on the other core is inspected again when opened, for the sentence that says why."""
    global _ahead
    waiting = [(path, sheet) for path, sheet in workbooks if not cache.marked(_mark(path, sheet))]
    if not waiting or not forking():
        yield
        return
    _ahead = _Inspector(waiting)
    try:
        yield
    finally:
        _ahead.stop()
        _ahead = None


class _Inspector:
    """A forked process that inspects the workbooks one after another and writes on a pipe
    when it starts one ('start N') and, when done, the mark of the content that passed ('N
    mark', or 'N -'). The command never waits for a workbook it has not started: that one it
    inspects itself (konsep opens uji_konsekuensi.xlsx before the inbox the plan lists first)."""

    def __init__(self, workbooks: list[tuple[Path, bool]]) -> None:
        self.numbers = {workbook: number for number, workbook in enumerate(workbooks)}
        self.started = {0}  # the first at once
        self.told: dict[int, str] = {}
        self.pending = b""
        self.pid, self.pipe = forked(partial(_inspect_each, workbooks))
        os.set_blocking(self.pipe, False)
        self.open = True

    def passed(self, path: Path, round_sheet: bool, mark: str | None) -> bool:
        """Whether this content passed there, waiting only while it is being inspected; False
        when it was refused, not started yet, not among the workbooks, or the process is gone."""
        number = self.numbers.get((path, round_sheet))
        if number is None:
            return False
        self._read(wait=False)
        while number not in self.told and number in self.started and self.open:
            self._read(wait=True)
        return mark is not None and self.told.get(number) == mark

    def _read(self, wait: bool) -> None:
        """Take in what the process has written so far (waiting for more when `wait`)."""
        if wait:
            select.select([self.pipe], [], [])
        while self.open:
            try:
                chunk = os.read(self.pipe, 4096)
            except BlockingIOError:
                break
            self.open = bool(chunk)
            self.pending += chunk
        *lines, self.pending = self.pending.split(b"\n")
        for first, second in (words for words in map(bytes.split, lines) if len(words) == 2):
            if first == b"start":
                self.started.add(int(second))
            else:
                self.told[int(first)] = second.decode()

    def stop(self) -> None:
        ended(self.pid)
        os.close(self.pipe)


_ahead: _Inspector | None = None


def _inspect_each(workbooks: list[tuple[Path, bool]], writable: int) -> None:
    for number, (path, round_sheet) in enumerate(workbooks):
        os.write(writable, f"start {number}\n".encode())
        os.write(writable, f"{number} {_inspected(path, round_sheet)}\n".encode())


def _inspected(path: Path, round_sheet: bool) -> str:
    """The mark of the workbook's content if it passed inspection (here, or already in the
    command, which marks it) and did not change while being inspected, else '-'."""
    before = _mark(path, round_sheet)
    if before is not None and cache.marked(before):
        return before
    if before is None or inspect(path, round_sheet=round_sheet) is not None:
        return "-"
    return before if _mark(path, round_sheet) == before else "-"


def passed(path: Path, *, round_sheet: bool = False) -> None:
    """Remember a workbook the tool has just written as inspected."""
    cache.mark(_mark(path, round_sheet))


def _mark(path: Path, round_sheet: bool) -> str | None:
    """The mark of this content passing inspection; None when it cannot be hashed (the
    inspection then says why)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return cache.key("diperiksa", "lembar putaran" if round_sheet else "", sha256(path))
    except OSError:
        return None


MAX_FIELD = 131_072  # characters in one CSV cell: Python's default, whatever else set it


def read_text(path: Path) -> str:
    """A text file (a CSV table) as UTF-8 without its BOM, once inspected; UnicodeDecodeError
    is the caller's to phrase."""
    reason = inspect(path, from_bidang=False)
    if reason:
        raise Refused(path, reason)
    return path.read_bytes().decode("utf-8-sig")


def csv_records(
    path: Path, text: str, dialect: type[csv.Dialect] | csv.Dialect | None = None
) -> list[list[str]]:
    """Every record of a CSV text read from `path`, exactly as stored."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect or csv.excel)
    limit = csv.field_size_limit(MAX_FIELD)  # the limit is the process's: set ours, then restore
    try:
        return list(reader)
    except csv.Error as error:
        line = reader.line_num
        if "field larger than field limit" in str(error):
            what = f"memuat isian lebih panjang dari {MAX_FIELD:,} huruf".replace(",", ".")
        else:
            what = "tidak dapat dibaca sebagai CSV"
        raise Refused(
            path,
            f"baris {line} {what}; pulihkan versi sebelumnya atau perbaiki baris itu, lalu ulangi.",
        ) from error
    finally:
        csv.field_size_limit(limit)


def csv_table(path: Path, named: str, like: str) -> list[list[str]]:
    """A table an office may keep in its workspace (its JRA, its laws), as text records: it
    is hostile input, and whatever is wrong with it is one sentence that starts with what it
    is (`named`) and says what a good one is like (`like`)."""
    try:
        return csv_records(path, read_text(path))
    except Refused as refused:
        raise ConfigError(f"{named} {refused}") from refused
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{named} {path} bukan teks CSV UTF-8 (mungkin buku kerja Excel atau berkas lain); "
            f"simpan sebagai CSV UTF-8 {like}, lalu ulangi."
        ) from error
