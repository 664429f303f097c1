"""docxtpl, without the steps that cost seconds and gigabytes at tens of thousands of rows and
that our templates do not need: the rows keep the layout of the template's row (fonts, borders,
widths, cantSplit), as docxtpl draws them; only what happens around the rendering changes.

- document.xml is written as the bytes jinja renders, around the template's root, encoded a few
  thousand pieces at a time: the body is never parsed (docxtpl parses it, then adopts it into the
  document node by node), and neither the whole text as one str nor the list of its pieces ever
  exists.
- A line break in a value becomes Word's line break where the value is printed (RowEnvironment);
  docxtpl looks for them afterwards with regexes over the whole document. A value holding a tab,
  which takes the properties of its run, still gets docxtpl's pass.
- Picture ids are renumbered in the bytes, as docxtpl does in the tree.
- Paragraphs are not put on lines of their own for jinja (docxtpl does so for the line numbers
  of its errors, then takes the lines out with a regex over the whole output), and `row.field`
  reads a dict's key without a failed attribute lookup first.
Our templates never add cells with {%tc %}, which is what docxtpl's table fix is for; a template
that does, or a render without RowEnvironment, takes docxtpl's own path.
"""

import re
from itertools import islice
from pathlib import Path
from typing import Any

import jinja2
from docx.parts.document import DocumentPart
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup, escape

_LINE_BREAKS = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*\n[^<]*)(</w:t>)")
_PICTURE_ID = re.compile(rb'<wp:docPr\b[^>]*?\bid="([0-9]+)"')
# docxtpl's spelling of literal braces in a template: {_{ ... }_}, {_% ... %_}
_ESCAPED_TAGS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_RUN_BREAKS = ("\t", "\a", "\f")  # docxtpl's listing characters that need their run or paragraph
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_BATCH = 4096  # rendered pieces encoded at a time


class RowEnvironment(jinja2.Environment):
    """Strict and autoescaped; `row.field` reads a dict's key first (jinja tries the attribute
    first, and the exception of that failed try is a third of the time a large table takes); a
    line break in a value is Word's line break where it is printed."""

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True, finalize=self._breaks)
        self.listing = False  # a value held a tab: docxtpl's listing pass must run

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def _breaks(self, value: Any) -> Any:
        if type(value) is not str:
            return value
        if "\t" in value or "\a" in value or "\f" in value:  # _RUN_BREAKS, unrolled: per value
            self.listing = True
        return Markup(escape(value).replace("\n", Markup(_BREAK))) if "\n" in value else value


class FastTemplate(DocxTemplate):
    fast = False  # rendered with RowEnvironment and no {%tc %}: document.xml written as bytes

    def render(self, context: Any, jinja_env: Any = None, autoescape: bool = False) -> None:
        self.init_docx()
        self.fast = isinstance(jinja_env, RowEnvironment) and "{%tc" not in self.get_xml()
        super().render(context, jinja_env, autoescape)

    def save_to(self, path: Path) -> None:
        self.save(str(path))

    def build_xml(self, context: Any, jinja_env: Any = None) -> Any:
        """The whole of document.xml as UTF-8: the template's root around the rendered body."""
        if not self.fast:
            return super().build_xml(context, jinja_env)
        source = self.patch_xml(self.get_xml())
        self.current_rendering_part = self.docx._part  # where an InlineImage adds its picture
        document = etree.tostring(self.docx._part._element, encoding="unicode")
        start, end = document.index("<w:body"), document.rindex("</w:body>") + len("</w:body>")
        xml = bytearray((_DECLARATION + document[:start]).encode("utf-8"))
        body = len(xml)
        jinja_env.listing = False
        pieces = jinja_env.from_string(source).generate(context)
        while batch := list(islice(pieces, _BATCH)):
            xml += "".join(batch).encode("utf-8")
        xml[body : xml.index(b">", body) + 1] = b"<w:body>"  # the root declares its namespaces
        xml += document[end:].encode("utf-8")
        for escaped, tag in _ESCAPED_TAGS:
            if escaped in source:  # a value that holds these characters prints as typed
                xml = xml.replace(escaped.encode(), tag.encode())
        if jinja_env.listing:
            return bytearray(str(super().resolve_listing(xml.decode("utf-8"))).encode("utf-8"))
        return xml

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        """docxtpl's (headers, footers, and the body off the fast path), without the line it
        starts each paragraph on and then takes out with a regex over the whole output; its
        literal-brace spelling is turned back only when the template uses it."""
        self.current_rendering_part = part
        rendered = (jinja_env or jinja2.Environment()).from_string(src_xml).render(context)
        for escaped, tag in _ESCAPED_TAGS:
            if escaped in src_xml:
                rendered = rendered.replace(escaped, tag)
        return self.resolve_listing(rendered)

    def resolve_listing(self, xml: str) -> str:
        if any(character in xml for character in _RUN_BREAKS):
            return str(super().resolve_listing(xml))
        if "\n" not in xml:
            return xml
        return _LINE_BREAKS.sub(
            lambda m: m.group(1) + m.group(2).replace("\n", _BREAK) + m.group(3), xml
        )

    def fix_tables(self, xml: Any) -> Any:
        """Picture ids numbered on in place, as docxtpl numbers them in the tree."""
        if not self.fast:
            return super().fix_tables(xml)
        if b"<wp:docPr" in xml:
            spans = [match.span(1) for match in _PICTURE_ID.finditer(xml)]
            numbered = []
            for span in spans:
                self.docx_ids_index += 1
                numbered.append((span, str(self.docx_ids_index).encode()))
            for (start, end), number in reversed(numbered):  # later spans first: offsets hold
                xml[start:end] = number
        return xml

    def fix_docpr_ids(self, tree: Any) -> None:
        """Done on the bytes by fix_tables."""
        if not self.fast:
            super().fix_docpr_ids(tree)

    def map_tree(self, tree: Any) -> None:
        if not self.fast:
            super().map_tree(tree)
            return
        part = self.docx._part
        part.__class__ = _RenderedPart
        part.xml_bytes = tree


class _RenderedPart(DocumentPart):
    """The document part whose XML is the rendered bytes, saved as they are."""

    xml_bytes: bytes  # a bytearray, which zipfile writes as it is: no copy of a large document

    @property
    def blob(self) -> bytes:
        return self.xml_bytes
