"""Sheet definitions from schemas/*.toml: the one source of truth for every column.

The blank forms, the generated sheets, the pandera checks and the README tables are all built
from these records; nothing else spells a header label.
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache

from pipeline import ROOT

SCHEMA_DIR = ROOT / "schemas"


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type: str = "text"
    required: bool | str = False
    unique: bool = False
    given: bool = False
    hidden: bool = False
    choices: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict, hash=False)
    max_length: int | None = None
    width: int = 15
    help: str = ""
    example: tuple[str, ...] = ()

    @property
    def mandatory(self) -> bool:
        return self.required is True

    def choice(self, value: str) -> str | None:
        """The allowed value that a person meant, ignoring case and spacing; None if none."""
        key = normalize_label(value)
        for choice in self.choices:
            if normalize_label(choice) == key:
                return choice
        return self.aliases.get(key)


@dataclass(frozen=True)
class SheetSpec:
    sheet: str
    columns: tuple[Column, ...]
    key: str | None = None

    def __getitem__(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def labels(self) -> list[str]:
        return [column.label for column in self.columns]

    def match_header(self, text: str) -> Column | None:
        wanted = normalize_label(text)
        return next((c for c in self.columns if normalize_label(c.label) == wanted), None)


def normalize_label(text: object) -> str:
    """Compare labels as people mean them: case, spaces, line breaks and a trailing '*' ignored."""
    return re.sub(r"\s+", " ", str(text)).strip().rstrip("*").strip().casefold()


@cache
def load_spec(name: str) -> SheetSpec:
    with (SCHEMA_DIR / f"{name}.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    columns = tuple(
        Column(
            **{
                **entry,
                "choices": tuple(entry.get("choices", ())),
                "example": tuple(entry.get("example", ())),
                "aliases": {normalize_label(k): v for k, v in entry.get("aliases", {}).items()},
            }
        )
        for entry in raw["kolom"]
    )
    return SheetSpec(sheet=raw["sheet"], columns=columns, key=raw.get("key"))


def inventory_spec() -> SheetSpec:
    return load_spec("inventaris")


def consequence_spec() -> SheetSpec:
    return load_spec("uji_konsekuensi")


def review_spec() -> SheetSpec:
    return load_spec("tinjauan")
