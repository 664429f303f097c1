"""Work kept between commands, so that a command does not read and check again what has not
changed since the last one (at 30,000 items, reading and checking masuk/ takes about 1.7 s;
loading what was kept, 0.06 s).

An entry is found by a key that hashes everything its value was computed from, the tool itself
(its code, schemas and reference tables, and the libraries' versions) included, so an entry is
either right or never found. Entries live in the user's own cache folder, not the workspace:
nothing in a folder others write to is ever unpickled. The cache is only a shortcut: whatever
goes wrong with it (no room, no permission, a damaged entry) means computing afresh, silently.
"""

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from importlib import metadata
from pathlib import Path

from pipeline.kit.resources import PACKAGE, REFERENCE, SCHEMAS

FORMAT = "dik-ppid-cache/1"
KEEP = 4  # entries kept (one a workspace, at about 20 MB for 30,000 items)
MARKS = "tanda"  # subfolder of facts that are only true or not: empty files, by key
KEEP_MARKS = 64
LIBRARIES = ("pandas", "numpy", "pandera", "python-calamine", "openpyxl")


def folder() -> Path:
    """DIK_CACHE when set, else the platform's per-user cache folder."""
    if chosen := os.environ.get("DIK_CACHE"):
        return Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "dik-ppid" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dik-ppid"


def key(*parts: str) -> str | None:
    """A key for a value computed from `parts` by this version of the tool; None (nothing is
    kept) when the version cannot be told, as for a library installed without its metadata."""
    try:
        tool = _tool()
    except Exception:
        return None
    digest = hashlib.sha256()
    for part in (FORMAT, tool, *parts):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def load(name: str | None) -> object | None:
    """The value kept under `name`, or None."""
    if name is None:
        return None
    try:
        path = folder() / f"{name}.pickle"
    except RuntimeError:  # no home folder to keep anything in
        return None
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except OSError:
        return None
    except Exception:  # damaged, or written by another Python: compute afresh
        with suppress(OSError):
            path.unlink()
        return None


def store(name: str | None, value: object) -> None:
    """Keep `value` under `name`; the oldest entries beyond KEEP go."""
    if name is None:
        return
    try:
        where = folder()
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, where / f"{name}.pickle")
        finally:
            Path(temporary).unlink(missing_ok=True)
        entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # no room, no permission, no home folder, a value pickle refuses
        pass


def marked(name: str | None) -> bool:
    """Whether `name` was marked (by `mark`) and is still kept."""
    if name is None:
        return False
    try:
        return (folder() / MARKS / name).is_file()
    except (OSError, RuntimeError):
        return False


def mark(name: str | None) -> None:
    """Keep the fact `name`; the oldest marks beyond KEEP_MARKS go."""
    if name is None:
        return
    try:
        where = folder() / MARKS
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        (where / name).touch()
        marks = sorted(where.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in marks[KEEP_MARKS:]:
            old.unlink(missing_ok=True)
    except Exception:  # no room, no permission, no home folder: the fact is found again
        pass


@cache
def _tool() -> str:
    """The tool's identity: its code, schemas and reference tables, and the libraries."""
    digest = hashlib.sha256(sys.version.encode())
    for library in LIBRARIES:
        digest.update(f"{library} {metadata.version(library)}\0".encode())
    for path in _files((PACKAGE, "**/*.py"), (SCHEMAS, "*"), (REFERENCE, "*")):
        digest.update(
            path.relative_to(PACKAGE.parent).as_posix().encode() + b"\0" + path.read_bytes()
        )
    return digest.hexdigest()


def _files(*patterns: tuple[Path, str]) -> Iterable[Path]:
    for where, pattern in patterns:
        yield from sorted(p for p in where.glob(pattern) if p.is_file())
