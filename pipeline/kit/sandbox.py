"""What a Word template may do, checked before anything is written, and the bounds of its
rendering.

Offices pass templates to each other: a template is data, not code. Jinja's expressions reach
Python's objects (`instansi.__class__.__mro__` leads to os.popen), so a template may use only
- the documented fields (the context's keys, down to `kop.alamat` and the fields of a loop's
  rows, as templates/README.md lists them) and a loop's own counters (`loop.index` ...);
- {% for %}, {% if %}, comparisons, `and`/`or`/`not`, `~`, `+`, `-` and literals;
- the filters in FILTERS and the tests in TESTS.
Anything else ({% set %}, {% macro %}, {% include %}, a call, `__class__`, `|format`) is refused
naming the tag before anything is written. Rendering then runs in Jinja's sandbox, which
refuses the same attributes again, within a budget (Budget) of loop steps, output and time that
grows with the data given: a loop inside a loop over 30,000 rows, a page of text repeated a
million times, or a whole list turned to text at every step, stops with a sentence instead of
running for hours or filling the disk. Every {% for %} counts its steps, whatever it walks (the
environment wraps each loop's iterable, see wordtemplate.RowEnvironment), and so does every
walk over a list of the context (a |join); the time is checked as the steps are counted.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jinja loads only when a command writes a document
    from jinja2 import nodes

LOOP_FIELDS = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
)
FILTERS = frozenset(
    {
        "upper", "lower", "title", "capitalize", "trim", "default", "d", "length", "count",
        "first", "last", "join", "e", "escape", "string", "int", "round", "abs", "reverse",
        "truncate", "wordcount",
    }
)  # fmt: skip
TESTS = frozenset(
    {
        "defined", "undefined", "none", "number", "string", "sequence", "mapping", "odd",
        "even", "divisibleby", "eq", "ne", "lt", "le", "gt", "ge", "in", "true", "false",
        "boolean", "integer", "float", "lower", "upper",
    }
)  # fmt: skip
# Steps (loop iterations), characters of output and seconds a rendering may take: a base for
# the document around the lists, and so much per element of the lists it is given. A template
# printing each row once takes two steps (the loop, the list), 3-6 KB of XML and 0.1 ms per row
# (the largest of 10,000 rows renders in about a second on a shared 2-core machine).
BASE_STEPS = 1_000_000
STEPS_PER_ELEMENT = 20
BASE_OUTPUT = 64_000_000
OUTPUT_PER_ELEMENT = 200_000
BASE_SECONDS = 120.0
SECONDS_PER_ELEMENT = 0.005
CLOCK_EVERY = 256  # steps between two looks at the clock


class _Sentinel:
    pass


UNKNOWN = _Sentinel()  # a field the context does not have
OPAQUE = _Sentinel()  # a value whose fields cannot be known ahead, nor may be read
LOOP = _Sentinel()  # a for loop's `loop`: only LOOP_FIELDS
EMPTY = _Sentinel()  # an element of a list given empty: the loop never runs, so never reads it


@dataclass
class Audit:
    """What a template uses that it may not: fields the context lacks (a typo), and the
    first tag that reaches outside what a template may do, with why."""

    unknown: list[str] = field(default_factory=list)
    refused: tuple[str, str] | None = None  # (the tag as written, why in words)


def audit(parsed: nodes.Template, context: dict[str, Any]) -> Audit:
    """Walk the parsed template with the values a render would see."""
    from jinja2 import nodes

    found = Audit()
    allowed = (
        nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.For,
        nodes.If, nodes.CondExpr, nodes.Not, nodes.And, nodes.Or, nodes.Compare, nodes.Operand,
        nodes.Concat, nodes.Add, nodes.Sub, nodes.Neg, nodes.Pos, nodes.List, nodes.Tuple,
        nodes.Dict, nodes.Pair, nodes.Keyword, nodes.Slice, nodes.Getattr, nodes.Getitem,
        nodes.Filter, nodes.Test,
    )  # fmt: skip

    def refuse(node: nodes.Node, why: str) -> None:
        if found.refused is None:
            found.refused = (_tag(node), why)

    def value_of(node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, UNKNOWN)
        if isinstance(node, nodes.Getattr):
            return _field(value_of(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            parent = value_of(node.node, scope)
            if parent is EMPTY:
                return EMPTY
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return _field(parent, node.arg.value)
            if isinstance(node.arg, nodes.Slice):  # a part of a list holds what the list holds
                return parent if isinstance(parent, list) else OPAQUE
            return parent[0] if isinstance(parent, list) and parent else OPAQUE
        return OPAQUE

    def element(value: Any) -> Any:
        """What a loop over `value` binds: a merge of its dicts, so any key of any item is
        known."""
        if value is UNKNOWN:
            return UNKNOWN  # the list is reported; its rows' fields cannot be checked
        if value is EMPTY or (isinstance(value, list) and not value):
            return EMPTY
        if isinstance(value, list) and value:
            if all(isinstance(entry, dict) for entry in value):
                merged: dict[str, Any] = {}
                for entry in value:
                    for key, item in entry.items():
                        merged.setdefault(key, item)
                return merged
            return value[0]
        return OPAQUE

    def reach(node: nodes.Getattr | nodes.Getitem, name: str, scope: dict[str, Any]) -> bool:
        """Whether reading field `name` of node's parent is allowed; False once refused or
        reported as unknown."""
        parent = value_of(node.node, scope)
        if name.startswith("_"):  # Python's own attributes, never a field
            refuse(node, f"'{name}' bukan isian yang didokumentasikan")
            return False
        if parent is UNKNOWN or parent is EMPTY:
            return True  # the parent is reported as unknown, or never read
        if parent is LOOP and name in LOOP_FIELDS:
            return True
        if isinstance(parent, dict):
            if name not in parent:
                shown = _text(node)
                if shown not in found.unknown:
                    found.unknown.append(shown)
                return False
            return True
        refuse(node, f"'{name}' bukan isian yang didokumentasikan")
        return False

    def visit(node: nodes.Node, scope: dict[str, Any]) -> None:
        if not isinstance(node, allowed):
            refuse(node, "perintah ini tidak boleh dipakai dalam templat")
            return
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            inner = dict(scope, loop=LOOP)
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = element(value_of(node.iter, scope))
            else:  # for a, b in ...
                inner.update((target.name, OPAQUE) for target in node.target.find_all(nodes.Name))
            for child in [*node.body, *([node.test] if node.test else [])]:
                visit(child, inner)
            for child in node.else_:
                visit(child, scope)
            return
        if isinstance(node, nodes.Filter) and node.name not in FILTERS:
            refuse(node, f"penyaring |{node.name} tidak boleh dipakai")
            return
        if isinstance(node, nodes.Test) and node.name not in TESTS:
            refuse(node, f"uji 'is {node.name}' tidak boleh dipakai")
            return
        if isinstance(node, nodes.Name) and scope.get(node.name, UNKNOWN) is UNKNOWN:
            if node.name not in found.unknown:
                found.unknown.append(node.name)
            return
        if isinstance(node, nodes.Getattr) and not reach(node, node.attr, scope):
            return
        if (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and not reach(node, node.arg.value, scope)
        ):
            return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(parsed, dict(context))
    return found


def _field(parent: Any, name: str) -> Any:
    if parent is EMPTY:
        return EMPTY
    if isinstance(parent, dict):
        return parent.get(name, UNKNOWN)
    return UNKNOWN if parent is UNKNOWN else OPAQUE


_STATEMENTS = {
    "Assign": "{% set %}", "AssignBlock": "{% set %}", "Macro": "{% macro %}",
    "CallBlock": "{% call %}", "Include": "{% include %}", "Import": "{% import %}",
    "FromImport": "{% from ... import %}", "Extends": "{% extends %}", "Block": "{% block %}",
    "With": "{% with %}", "FilterBlock": "{% filter %}", "ExprStmt": "{% do %}",
    "ScopedEvalContextModifier": "{% autoescape %}", "EvalContextModifier": "{% autoescape %}",
    "Scope": "{% autoescape %}",  # Jinja 3.1 parses {% autoescape %} into a Scope around it
}  # fmt: skip


def _tag(node: nodes.Node) -> str:
    """The tag as the office wrote it, near enough to find it in Word."""
    kind = type(node).__name__
    if kind in _STATEMENTS:
        return _STATEMENTS[kind]
    return "{{ " + _text(node) + " }}"


def _text(node: nodes.Node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_text(node.node)}[{_text(node.arg)}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Call):
        return f"{_text(node.node)}(...)"
    if isinstance(node, nodes.Filter):
        return f"{_text(node.node) if node.node else '...'}|{node.name}"
    if isinstance(node, nodes.Test):
        return f"{_text(node.node)} is {node.name}"
    if isinstance(node, nodes.BinExpr):
        return f"{_text(node.left)} {node.operator} {_text(node.right)}"
    return "..."


class Budget:
    """The steps, output and time one rendering may still take; each list the context holds
    adds its share as it is handed to the template (`counted`)."""

    def __init__(self) -> None:
        self.steps = BASE_STEPS
        self.output = BASE_OUTPUT
        self.deadline = time.monotonic() + BASE_SECONDS

    def counted(self, items: list[Any]) -> _Counted:
        size = _elements(items)
        self.steps += STEPS_PER_ELEMENT * size
        self.output += OUTPUT_PER_ELEMENT * size
        self.deadline += SECONDS_PER_ELEMENT * size
        return _Counted(items, self)

    def walk(self, items: Iterable[Any]) -> Iterator[Any]:
        """`items` with a step for each: what every {% for %} iterates."""
        step = self.step
        for item in items:
            step()
            yield item

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise _exhausted("perulangannya melampaui batas langkah untuk data ini (perulangan "
                             "di dalam perulangan?)")  # fmt: skip
        if not self.steps % CLOCK_EVERY:
            self.clock()

    def write(self, size: int) -> None:
        self.output -= size
        if self.output < 0:
            raise _exhausted("hasilnya melampaui batas ukuran untuk data ini (teks yang diulang "
                             "terlalu banyak?)")  # fmt: skip
        self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise _exhausted("pengisiannya melampaui batas waktu untuk data ini")


def _elements(items: list[Any]) -> int:
    """A list's elements and those of the lists they hold: the documents group their rows
    under headings (bidang, then part), and each row is given its share, not only each group."""
    count = len(items)
    for item in items:
        inner = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        count += sum(_elements(value) for value in inner if isinstance(value, list))
    return count


def _exhausted(why: str) -> Exception:
    from jinja2 import TemplateRuntimeError

    return TemplateRuntimeError(f"{why}; tidak ada dokumen yang ditulis")


class _Counted(list[Any]):
    """A list of the context whose every iteration is a step of the budget."""

    def __init__(self, items: list[Any], budget: Budget) -> None:
        super().__init__(items)
        self.budget = budget

    def __iter__(self) -> Iterator[Any]:
        step = self.budget.step
        for item in super().__iter__():
            step()
            yield item
