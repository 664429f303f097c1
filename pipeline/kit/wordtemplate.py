"""How a Word template runs: in Jinja's sandbox, within a budget, and fast.

What it may do was checked before anything is written (kit.render.check). Rendering then runs
in Jinja's sandbox (RowEnvironment), which refuses the same attributes again, within a budget
(Budget) of loop steps, output and time that grows with the data given: a loop inside a loop
over 30,000 rows, a page of text repeated a million times, or a whole list turned to text at
every step, stops with a sentence instead of running for hours or filling the disk. Every
{% for %} counts its steps, whatever it walks (the environment wraps each loop's iterable), and
so does every walk over a list of the context (a |join); the time is checked as the steps are
counted.

How it runs fast. The rows keep the layout of the template's row (fonts, borders, widths,
cantSplit), as docxtpl draws them; only what happens around the rendering changes.
- document.xml is never held whole: as the file is saved, jinja renders the body a few thousand
  pieces at a time, around the template's root, and a second thread compresses each 16 MB chunk
  into the file while the next is rendered (zlib lets go of the GIL). The body is never parsed
  (docxtpl parses it, then adopts it into the document node by node). The content types and the
  package relationships come before it, as Word writes them; the other parts, pictures the body
  added among them, after it.
- A line break or a tab in a value becomes Word's where the value is printed (RowEnvironment);
  docxtpl looks for them afterwards with regexes over the whole document.
- Picture ids are renumbered in the bytes, as docxtpl does in the tree.
- Paragraphs are not put on lines of their own for jinja (docxtpl does so for the line numbers
  of its errors, then takes the lines out with a regex over the whole output), and `row.field`
  reads a dict's key without a failed attribute lookup first.
Our templates never add cells with {%tc %}, which is what docxtpl's table fix is for, nor spell
braces as {_{; a template that does, or a render without RowEnvironment, takes docxtpl's path.
Either way the template renders in Jinja's sandbox, its output counted against the budget.
"""

from __future__ import annotations

import io
import queue
import re
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

import jinja2
from docx.parts.document import DocumentPart
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

LOOP_FIELDS = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
)
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


_LINE_BREAKS = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*\n[^<]*)(</w:t>)")
_PICTURE_ID = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")([0-9]+)(")')
# docxtpl's spelling of literal braces in a template: {_{ ... }_}, {_% ... %_}
_ESCAPED_TAGS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_RUN_BREAKS = ("\t", "\a", "\f")  # docxtpl's listing characters that need their run or paragraph
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_BATCH = 4096  # rendered pieces encoded at a time
_CHUNK = 16 << 20  # bytes handed to the compressing thread at a time
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELATIONS = "_rels/.rels"
_PICTURE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg"}
_STEPS = "_langkah"  # the filter each loop's iterable goes through; no template can name it


class _PrintingCodeGenerator(CodeGenerator):
    """Compiles each `{{ value }}` of an autoescaped template to environment.printed(value),
    one call, where jinja writes escape(environment.finalize(value)): three calls and a Markup
    per cell, a sixth of the time a list of 30,000 items takes to render. Should a jinja
    release stop calling these two hooks, its own code is compiled: the same text, slower."""

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.printed(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class RowEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, strict and autoescaped; `row.field` reads a dict's key first (jinja tries the
    attribute first, and the exception of that failed try is a third of the time a large table
    takes), and no other attribute than a loop's counters is read; a line break or a tab in a
    value is Word's where it is printed, and the two control characters docxtpl would turn into
    a paragraph or a page break, which XML does not allow and text cleaning drops everywhere
    else, are dropped. `budget` bounds the rendering's steps and output."""

    code_generator_class = _PrintingCodeGenerator

    def __init__(self, budget: Budget | None = None) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True, finalize=self._breaks)
        self.budget = budget or Budget()
        self.filters[_STEPS] = self.budget.walk

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template with every loop's iterable walked through the budget, whatever it
        is (a list of the context, a string, a list the template made)."""
        template = super()._parse(source, name, filename)
        for loop in template.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _STEPS, [], [], None, None, lineno=loop.lineno)
        return template

    def printed(self, value: Any) -> str:
        """What autoescape prints, escape(finalize(value)); text without a break or a tab (almost
        every value) is escaped as markupsafe escapes it, into a plain string."""
        if type(value) is str and not (
            "\n" in value or "\t" in value or "\a" in value or "\f" in value
        ):
            return (
                value.replace("&", "&amp;")
                .replace(">", "&gt;")
                .replace("<", "&lt;")
                .replace("'", "&#39;")
                .replace('"', "&#34;")
            )
        return escape(self._breaks(value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, LoopContext) and attr in LOOP_FIELDS

    def _breaks(self, value: Any) -> Any:
        if type(value) is not str:
            return value
        if "\n" in value or "\t" in value or "\a" in value or "\f" in value:  # unrolled: per value
            text = escape(value.replace("\a", "").replace("\f", ""))
            return Markup(text.replace("\n", Markup(_BREAK)).replace("\t", Markup(_TAB)))
        return value


class FastTemplate(DocxTemplate):
    fast = False  # rendered with RowEnvironment, no {%tc %}, no {_{: the body streamed to the file
    budget: Budget  # the render's, from its RowEnvironment

    def render(self, context: Any, jinja_env: Any = None, autoescape: bool = False) -> None:
        self.init_docx()
        self.budget = getattr(jinja_env, "budget", None) or Budget()
        xml = self.get_xml()
        self.fast = (
            isinstance(jinja_env, RowEnvironment)
            and "{%tc" not in xml
            and not any(escaped in xml for escaped, _ in _ESCAPED_TAGS)
        )
        super().render(context, jinja_env, autoescape)

    def save(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        """On the fast path the body is rendered here, as document.xml is compressed into the
        file; the package's other parts (pictures the body added among them) follow. The
        entries start as python-docx and Word start them (content types, package
        relationships, then the body): file-type checks such as libmagic's read the first
        entries to tell a Word document from a plain zip."""
        if not self.fast:
            super().save(filename, *args, **kwargs)
            return
        body = self.docx._part
        self.current_rendering_part = body  # where an InlineImage adds its picture
        with zipfile.ZipFile(filename, "w", zipfile.ZIP_DEFLATED) as out:
            before = _saved(self.docx)  # the body part's blob is empty: save writes it
            types = _declaring_pictures(before[CONTENT_TYPES])
            out.writestr(CONTENT_TYPES, types)
            out.writestr(PACKAGE_RELATIONS, before[PACKAGE_RELATIONS])
            _write_member(out, body.partname.membername, self._document_xml())
            after = _saved(self.docx)
            if not _covers(types, after.pop(CONTENT_TYPES)) or (
                after.pop(PACKAGE_RELATIONS) != before[PACKAGE_RELATIONS]
            ):
                raise RuntimeError("the body changed the package beyond its own parts")
            for name, data in after.items():
                if name != body.partname.membername:
                    out.writestr(name, data, zipfile.ZIP_DEFLATED)

    def build_xml(self, context: Any, jinja_env: Any = None) -> Any:
        """On the fast path, nothing yet: what save renders (the template's root around
        the body, and the body's rendered pieces)."""
        if not self.fast:
            return super().build_xml(context, jinja_env)
        source = self.patch_xml(self.get_xml())
        document = etree.tostring(self.docx._part._element, encoding="unicode")
        start, end = document.index("<w:body"), document.rindex("</w:body>") + len("</w:body>")
        pieces = jinja_env.from_string(source).generate(context)
        return _Body(_DECLARATION + document[:start], pieces, document[end:])

    def _document_xml(self) -> Iterator[bytes]:
        """document.xml in chunks of 16 MB: each hand-over to the compressing thread waits for
        the GIL, so there are few of them."""
        body: _Body = self.docx._part.body
        chunk, size = [body.head.encode("utf-8")], 0
        first = True
        write = self.budget.write
        while batch := list(islice(body.pieces, _BATCH)):
            text = "".join(batch)
            write(len(text))
            if first:  # the root declares the namespaces the body's tag repeats
                text, first = "<w:body>" + text[text.index(">") + 1 :], False
            data = text.encode("utf-8")
            chunk.append(self._picture_ids(data) if b"<wp:docPr" in data else data)
            size += len(data)
            if size >= _CHUNK:
                yield b"".join(chunk)
                chunk, size = [], 0
        chunk.append(body.tail.encode("utf-8"))
        yield b"".join(chunk)

    def _picture_ids(self, data: bytes) -> bytes:
        """Picture ids numbered on, as docxtpl numbers them in the tree."""

        def numbered(match: re.Match[bytes]) -> bytes:
            self.docx_ids_index += 1
            return match.group(1) + str(self.docx_ids_index).encode() + match.group(3)

        return _PICTURE_ID.sub(numbered, data)

    def fix_tables(self, xml: Any) -> Any:
        return xml if self.fast else super().fix_tables(xml)

    def fix_docpr_ids(self, tree: Any) -> None:
        if not self.fast:
            super().fix_docpr_ids(tree)

    def map_tree(self, tree: Any) -> None:
        if not self.fast:
            super().map_tree(tree)
            return
        part = self.docx._part
        part.__class__ = _StreamedPart
        part.body = tree

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        """docxtpl's (headers, footers, and the body off the fast path), without the line it
        starts each paragraph on and then takes out with a regex over the whole output; its
        literal-brace spelling is turned back only when the template uses it."""
        self.current_rendering_part = part
        pieces = (jinja_env or RowEnvironment(self.budget)).from_string(src_xml).generate(context)
        rendered = "".join(self._counted(pieces))
        for escaped, tag in _ESCAPED_TAGS:
            if escaped in src_xml:
                rendered = rendered.replace(escaped, tag)
        return self.resolve_listing(rendered)

    def _counted(self, pieces: Iterator[str]) -> Iterator[str]:
        while batch := list(islice(pieces, _BATCH)):
            text = "".join(batch)
            self.budget.write(len(text))
            yield text

    def resolve_listing(self, xml: str) -> str:
        if any(character in xml for character in _RUN_BREAKS):
            return str(super().resolve_listing(xml))
        if "\n" not in xml:
            return xml
        return _LINE_BREAKS.sub(
            lambda m: m.group(1) + m.group(2).replace("\n", _BREAK) + m.group(3), xml
        )


@dataclass
class _Body:
    head: str  # document.xml up to the body
    pieces: Iterator[str]  # the rendered body, as jinja yields it
    tail: str  # after the body


class _StreamedPart(DocumentPart):
    """The document part whose XML save writes itself, as it is rendered."""

    body: _Body

    @property
    def blob(self) -> bytes:
        return b""


def _saved(document: Any) -> dict[str, bytes]:
    """The package's members as python-docx writes them, by name, in its order."""
    package = io.BytesIO()
    document.save(package)
    with zipfile.ZipFile(package) as saved:
        return {info.filename: saved.read(info) for info in saved.infolist()}


def _declaring_pictures(types: bytes) -> bytes:
    """Content types that also declare the picture files a body can add (the kop's logo,
    PNG or JPEG), so they can be written before the body is."""
    tree = etree.fromstring(types)
    declared = {element.get("Extension", "").lower() for element in tree}
    for extension, kind in _PICTURE_TYPES.items():
        if extension not in declared:
            etree.SubElement(tree, f"{{{tree.nsmap[None]}}}Default",
                             Extension=extension, ContentType=kind)  # fmt: skip
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True))


def _covers(declared: bytes, needed: bytes) -> bool:
    def entries(types: bytes) -> set[tuple[str, str]]:
        return {(str(e.get("Extension", "")).lower() or str(e.get("PartName")),
                 str(e.get("ContentType"))) for e in etree.fromstring(types)}  # fmt: skip

    return entries(needed) <= entries(declared)


def _write_member(out: zipfile.ZipFile, name: str, chunks: Iterator[bytes]) -> None:
    """Write a member while its chunks are made: zlib compresses in a second thread, which it
    lets run beside the making (jinja, in this one); two chunks wait between them at most. When
    the making fails or is interrupted, the writer stops within a tenth of a second by itself,
    so a second Ctrl+C never leaves the process waiting for it."""
    waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    stopped = threading.Event()
    entry = zipfile.ZipInfo(name, time.localtime()[:6])  # dated as writestr dates the others
    entry.compress_type = zipfile.ZIP_DEFLATED

    def write() -> None:
        with out.open(entry, "w") as member:
            while not stopped.is_set():
                try:
                    chunk = waiting.get(timeout=0.1)
                except queue.Empty:
                    continue
                if chunk is None:
                    return
                member.write(chunk)

    with ThreadPoolExecutor(max_workers=1) as writer:
        written = writer.submit(write)
        try:
            for chunk in chain(chunks, [None]):
                while not _handed(waiting, chunk):
                    if written.done():
                        written.result()  # the writer failed: its error, here
                        raise RuntimeError(f"{name} stopped being written")
        except BaseException:
            stopped.set()
            raise
        written.result()


def _handed(waiting: queue.Queue[bytes | None], chunk: bytes | None) -> bool:
    try:
        waiting.put(chunk, timeout=0.1)
    except queue.Full:
        return False
    return True
