"""Word documents from docxtpl templates: only the drawing; what they say comes from documents.

Rendering is strict: autoescape on (so '&' and '<' survive), StrictUndefined, and a pre-flight
check that every field the template uses exists in the context, down to `kop.alamat`. An office
may put its own wording in `templat/<name>.docx` in the workspace (the bundled template edited
in Word); it replaces the bundled one and gets the same check, so a broken or unknown field is
one sentence naming the template and the field, before anything is written.

A template is data, not code: offices pass templates to each other, and Jinja's expressions
reach Python's objects (`instansi.__class__.__mro__` leads to os.popen). So the same check
(audit) allows only
- the documented fields (the context's keys, down to `kop.alamat` and the fields of a loop's
  rows, as templates/README.md lists them) and a loop's own counters (`loop.index` ...);
- {% for %}, {% if %}, comparisons, `and`/`or`/`not`, `~`, `+`, `-` and literals;
- the filters in FILTERS and the tests in TESTS.
Anything else ({% set %}, {% macro %}, {% include %}, a call, `__class__`, `|format`) is refused
naming the tag before anything is written. The rendering itself runs in Jinja's sandbox within
a budget (kit.wordtemplate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.kit.errors import TemplateError
from pipeline.kit.resources import TEMPLATES
from pipeline.kit.timing import stage
from pipeline.kit.workspace import write_atomically

if TYPE_CHECKING:  # the Word libraries load only when a command writes a document
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2 import nodes

    from pipeline.kit.wordtemplate import Budget

PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}
OWN_FOLDER = "templat"  # an office's own templates, inside the workspace


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


@dataclass(frozen=True)
class Picture:
    """An image for the document (the office's logo), placed at this height."""

    path: Path
    height_mm: float


def render(
    template: str, context: dict[str, Any], paper: str, target: Path, *, own: Path | None = None
) -> Path:
    """Fill a template on the office's paper; a missing or unknown field is named before
    anything is written, so no half-filled document reaches a signer.

    `own` is the workspace's folder of the office's own templates, if any."""
    with stage(f"render {template}"):
        return _render(template, context, paper, target, own)


def _render(
    template: str, context: dict[str, Any], paper: str, target: Path, own: Path | None
) -> Path:
    import jinja2
    from jinja2.sandbox import SecurityError

    from pipeline.kit.wordtemplate import Budget, FastTemplate, RowEnvironment

    source = check(template, context, own)
    document = FastTemplate(source)
    document.init_docx()
    _set_paper(document, paper)  # on the template: its sections are rendered with the body
    budget = Budget()

    def fill(path: Path) -> None:  # the body's rows are rendered as the file is written
        values = _prepared(context, document, budget)
        document.render(values, RowEnvironment(budget), autoescape=True)
        document.save(str(path))

    try:
        return write_atomically(target, fill)
    except SecurityError as error:  # the pre-flight refuses these; the sandbox holds regardless
        raise TemplateError(
            f"Templat {_shown(source)} menjangkau ke luar isian yang didokumentasikan "
            f"({error}); tidak ada dokumen yang ditulis."
        ) from error
    except jinja2.TemplateError as error:
        raise TemplateError(f"Templat {_shown(source)} tidak dapat diisi: {error}.") from error


def template_path(template: str, own: Path | None = None) -> Path:
    """The office's own template when there is one, else the bundled one."""
    if own is not None and (own / f"{template}.docx").is_file():
        return own / f"{template}.docx"
    source = TEMPLATES / f"{template}.docx"
    if not source.is_file():
        raise TemplateError(f"Templat {source} tidak ditemukan; pasang ulang alat ini.")
    return source


def check(template: str, context: dict[str, Any], own: Path | None = None) -> Path:
    """The template to use, after making sure every field in it exists in `context` and that
    it does nothing a template may not (audit, below)."""
    import jinja2

    source = template_path(template, own)
    stat = source.stat()
    try:
        parsed = _parsed(source, stat.st_mtime_ns, stat.st_size)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"Templat {_shown(source)} rusak {_near(source, error)}; setiap isian ditulis "
            "utuh seperti {{ nama.isian }} dan setiap {% ... %} ditutup."
        ) from error
    except Exception as error:  # not a Word file at all
        raise TemplateError(
            f"Templat {_shown(source)} tidak dapat dibuka sebagai dokumen Word ({error}); "
            "simpan ulang sebagai .docx."
        ) from error
    found = audit(parsed, context)
    if found.refused:
        tag, why = found.refused
        raise TemplateError(
            f"Templat {_shown(source)} ditolak karena {tag}: {why}; templat hanya boleh memakai "
            "isian yang didokumentasikan, {% for %}, {% if %} dan penyaring sederhana (daftar: "
            "templates/README.md). Tidak ada dokumen yang ditulis."
        )
    unknown = found.unknown
    if unknown:
        raise TemplateError(
            f"Templat {_shown(source)} memakai isian yang tidak dikenal: "
            f"{', '.join('{{ ' + name + ' }}' for name in unknown)}; perbaiki penulisannya atau "
            "hapus isian itu (daftar isian: templates/README.md)."
        )
    return source


@lru_cache(maxsize=32)
def _parsed(source: Path, modified: int, size: int) -> nodes.Template:
    """A template parsed once per command (konsep checks all before writing any, then renders
    each); an edited file, with another time or size, is parsed again."""
    import jinja2

    return jinja2.Environment().parse(_template_text(source))


def _template_text(source: Path) -> str:
    """Everything of the template docxtpl hands to Jinja: the body, headers, footers and
    footnotes, and the document properties it renders (title, subject ...)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    helper = DocxTemplate(source)
    document = Document(str(source))
    xml = helper.patch_xml(helper.xml_to_string(document._element.body))
    for relation in document.part.rels.values():
        if relation.reltype in (helper.HEADER_URI, helper.FOOTER_URI):
            blob = relation.target_part.blob
            xml += helper.patch_xml(helper.xml_to_string(parse_xml(blob)))
    for part in document.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            xml += helper.patch_xml(part.blob.decode("utf-8"))
    properties = document.core_properties
    for name in ("comments", "identifier", "language", "subject", "title"):
        xml += getattr(properties, name) or ""
    return xml


def _near(source: Path, error: jinja2.TemplateSyntaxError) -> str:
    """Where a broken tag is, as the person sees it in Word: the tag itself."""
    from docx import Document

    document = Document(str(source))
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [p.text for t in document.tables for r in t.rows for c in r.cells
                   for p in c.paragraphs]  # fmt: skip
    for text in paragraphs:
        broken = _broken_tag(text)
        if broken:
            return f"pada isian '{broken}' ({error.message})"
    return f"({error.message})"


def _broken_tag(text: str) -> str:
    """The first '{{ ...' or '{% ...' in a paragraph that is not closed before the next one."""
    openers = list(re.finditer(r"\{\{|\{%", text))
    for number, opener in enumerate(openers):
        closer = "}}" if opener.group() == "{{" else "%}"
        limit = openers[number + 1].start() if number + 1 < len(openers) else len(text)
        if text.find(closer, opener.end(), limit) < 0:
            return text[opener.start() : min(limit, opener.start() + 60)].strip()
    return ""


def _shown(source: Path) -> str:
    """'templat/nota_dinas.docx' for an office's own template, the file name for a bundled one."""
    return (
        f"{source.parent.name}/{source.name}" if source.parent.name == OWN_FOLDER else source.name
    )


def _prepared(value: Any, document: DocxTemplate, budget: Budget) -> Any:
    """The context with each Picture turned into an image of this document, and each list
    counted by the budget. Pictures sit in the context's tables (the kop), never in the lists
    of rows, whose rows are left as they are."""
    if isinstance(value, Picture):
        from docx.shared import Mm
        from docxtpl import InlineImage

        return InlineImage(document, str(value.path), height=Mm(value.height_mm))
    if isinstance(value, dict):
        return {key: _prepared(item, document, budget) for key, item in value.items()}
    if isinstance(value, list):
        return budget.counted(value)
    return value


def _set_paper(document: DocxTemplate, paper: str) -> None:
    from docx.shared import Mm

    width, height = (Mm(size) for size in PAPER_MM.get(paper.upper(), PAPER_MM["A4"]))
    for section in document.docx.sections:
        landscape = section.page_width > section.page_height
        section.page_width, section.page_height = (height, width) if landscape else (width, height)


class _Sentinel:
    pass


UNKNOWN = _Sentinel()  # a field the context does not have
OPAQUE = _Sentinel()  # a value whose fields cannot be known ahead, nor may be read
LOOP = _Sentinel()  # a for loop's `loop`: only its counters (wordtemplate.LOOP_FIELDS)
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

    from pipeline.kit.wordtemplate import LOOP_FIELDS  # what the sandbox lets a loop show

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
