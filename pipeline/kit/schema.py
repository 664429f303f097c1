"""Sheet definitions from schemas/*.toml: the one source of truth for every column.

The blank forms, the generated sheets, the checks (pipeline.kit.checker) and the README tables are
all built from these records; nothing else spells a header label or a column rule.
"""

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

from pipeline.kit.resources import SCHEMAS

TYPES = {
    "text", "integer", "year_or_date", "date_or_year", "date", "choice", "archive_code",
    "pasal17_refs", "period", "classification_code", "retention", "disposition",
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    headers: tuple[str, ...] = ()  # other header texts that mean this column
    type: str = "text"
    required: bool = False
    # Required only on rows where another column holds one of these values.
    required_when: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    unique: bool = False  # within one file
    given: bool = False  # written by the tool, locked for people
    hidden: bool = False
    choices: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()  # offered in a dropdown, but any text is accepted
    aliases: dict[str, str] = field(default_factory=dict, hash=False)
    max_length: int | None = None
    width: int = 15
    help: str = ""
    example: tuple[str, ...] = ()
    missing: str = ""  # what an empty required cell means, when plainer than "wajib diisi"
    # Only in a round that starts from the last signed list (init --dari): the carried rows'
    # identity and what the bidang does with them, what must be tested again.
    carried: bool = False

    @property
    def guidance(self) -> str:
        """The help without its opening 'Wajib bila ...' clause, for where the rule is already
        said beside it (an error message, the Petunjuk sheet, the README tables)."""
        if not self.help.casefold().startswith("wajib bila"):
            return self.help
        rest = re.split(r"(?<=[.:])\s+", self.help, maxsplit=1)[1:]
        return rest[0][:1].upper() + rest[0][1:] if rest else ""

    def choice(self, value: str) -> str | None:
        """The allowed value that a person meant, ignoring case and spacing; None if none."""
        key = normalize_label(value)
        for choice in self.choices:
            if normalize_label(choice) == key:
                return choice
        return self.aliases.get(key)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    sheet: str
    columns: tuple[Column, ...]
    key: str | None = None
    aside: str = ""  # a fill sheet's second sheet: filled rows that match no item

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

    @property
    def filled(self) -> list[Column]:
        """The columns people fill (all of them on a form; the white ones on a fill sheet)."""
        return [column for column in self.columns if not column.given]

    @cached_property
    def _by_header(self) -> dict[str, Column]:
        return {
            normalize_label(name): column
            for column in reversed(self.columns)
            for name in (*column.headers, column.label)
        }

    def match_header(self, text: str) -> Column | None:
        return self._by_header.get(normalize_label(text))

    def condition_text(self, column: Column) -> str:
        """'Berasal dari Arsip = Ya': when a conditionally required column must be filled."""
        return " dan ".join(
            f"{self[other].label} = {' atau '.join(values)}"
            for other, values in column.required_when.items()
        )


def normalize_label(text: object) -> str:
    """Compare labels as people mean them: case, spaces, line breaks and a trailing '*' ignored."""
    return re.sub(r"\s+", " ", str(text)).strip().rstrip("*").strip().casefold()


@cache
def load_spec(name: str, carried: bool = False) -> SheetSpec:
    """A sheet's columns as a first round has them; `carried` adds the columns marked
    `carried = true`, which only a round continuing the last signed list has."""
    spec = _whole(name)
    if carried:
        return spec
    return replace(spec, columns=tuple(c for c in spec.columns if not c.carried))


@cache
def _whole(name: str) -> SheetSpec:
    with (SCHEMAS / f"{name}.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    columns = tuple(_column(entry) for entry in raw["kolom"])
    spec = SheetSpec(
        name=name,
        sheet=raw["sheet"],
        columns=columns,
        key=raw.get("key"),
        aside=raw.get("aside", ""),
    )
    for column in columns:
        unknown = set(column.required_when) - set(spec.names)
        if column.type not in TYPES or unknown:
            raise ValueError(f"schemas/{name}.toml: column {column.name} is not well declared")
    return spec


def _column(entry: dict[str, Any]) -> Column:
    when = entry.get("required_when", {})
    return Column(
        **{
            **entry,
            "choices": tuple(entry.get("choices", ())),
            "suggestions": tuple(entry.get("suggestions", ())),
            "headers": tuple(entry.get("headers", ())),
            "example": tuple(entry.get("example", ())),
            "aliases": {normalize_label(k): v for k, v in entry.get("aliases", {}).items()},
            "required_when": {
                other: (values,) if isinstance(values, str) else tuple(values)
                for other, values in when.items()
            },
        }
    )


def inventory_spec(carried: bool = False) -> SheetSpec:
    """The inventory's columns; `carried` adds those of a form pre-filled from the last list."""
    return load_spec("inventaris", carried)


def consequence_spec(carried: bool = False) -> SheetSpec:
    """The consequence test's columns; `carried` adds what the last list says of each item."""
    return load_spec("uji_konsekuensi", carried)


def review_spec() -> SheetSpec:
    return load_spec("tinjauan")


def jra_spec() -> SheetSpec:
    return load_spec("jra")


# The answers of the inventory's yes/no columns (Usulan Dikecualikan, Berasal dari Arsip).
YA, TIDAK = inventory_spec()["usulan"].choices
