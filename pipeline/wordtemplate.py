"""docxtpl, without the steps that cost seconds and gigabytes at tens of thousands of rows and
that our templates do not need: the rows keep the layout of the template's row (fonts, borders,
widths, cantSplit), as docxtpl draws them; only what happens around the rendering changes.

- The rendered body is never parsed: it is written into document.xml as the text it is, in place
  of the template's body (docxtpl parses it, then adopts it into the document node by node).
- Line breaks in values become <w:br/> inside their text only; docxtpl's general listing pass
  (tabs, paragraph and page breaks) rewrites every paragraph, and runs only when a value
  holds such a character.
- Picture ids are renumbered in the text, as docxtpl does in the tree.
- Paragraphs are not put on lines of their own for jinja (docxtpl does so for the line numbers
  of its errors, then takes the lines out with a regex over the whole output), and `row.field`
  reads a dict's key without a failed attribute lookup first.
Our templates never add cells with {%tc %}, which is what docxtpl's table fix is for; a template
that does is rendered by docxtpl's own path.
"""

import re
from typing import Any

import jinja2
from docx.parts.document import DocumentPart
from docxtpl import DocxTemplate
from lxml import etree

_LINE_BREAKS = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*\n[^<]*)(</w:t>)")
_PICTURE_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")[0-9]+(")')
# docxtpl's spelling of literal braces in a template: {_{ ... }_}, {_% ... %_}
_ESCAPED_TAGS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


class RowEnvironment(jinja2.Environment):
    """Strict, autoescaped, and `row.field` reads a dict's key first: jinja tries the attribute
    first, and the exception of that failed try is a third of the time a large table takes."""

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


class FastTemplate(DocxTemplate):
    cells_vary = False  # cells added per value ({%tc %}): docxtpl's own path fixes the grid

    def render(self, context: Any, jinja_env: Any = None, autoescape: bool = False) -> None:
        self.init_docx()
        self.cells_vary = "{%tc" in self.get_xml()
        super().render(context, jinja_env, autoescape)

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        """docxtpl's, without the line it starts each paragraph on (for jinja's line numbers,
        which our messages do not show) and then takes out with a regex over the whole output;
        its literal-brace spelling ({_{ ... }_}) is turned back only when the template uses it,
        so a value that holds those characters prints as it was typed."""
        self.current_rendering_part = part  # where an InlineImage adds its picture
        rendered = (jinja_env or jinja2.Environment()).from_string(src_xml).render(context)
        for escaped, tag in _ESCAPED_TAGS:
            if escaped in src_xml:
                rendered = rendered.replace(escaped, tag)
        return self.resolve_listing(rendered)

    def resolve_listing(self, xml: str) -> str:
        if "\t" in xml or "\a" in xml or "\f" in xml:
            return str(super().resolve_listing(xml))
        if "\n" not in xml:
            return xml
        return _LINE_BREAKS.sub(
            lambda m: m.group(1) + m.group(2).replace("\n", _BREAK) + m.group(3), xml
        )

    def fix_tables(self, xml: str) -> Any:
        """The rendered body as text; ids of pictures numbered on, as docxtpl numbers them."""
        if self.cells_vary:
            return super().fix_tables(xml)

        def number(match: re.Match[str]) -> str:
            self.docx_ids_index += 1
            return f"{match.group(1)}{self.docx_ids_index}{match.group(2)}"

        return _PICTURE_ID.sub(number, xml) if "<wp:docPr" in xml else xml

    def fix_docpr_ids(self, tree: Any) -> None:
        """Done on the text by fix_tables."""
        if self.cells_vary:
            super().fix_docpr_ids(tree)

    def map_tree(self, tree: Any) -> None:
        """document.xml becomes the template's root around the rendered body, spliced as bytes
        (the body's own namespace declarations dropped: the root declares them)."""
        if self.cells_vary:
            super().map_tree(tree)
            return
        part = self.docx._part
        document = etree.tostring(part._element, encoding="unicode")
        start, end = document.index("<w:body"), document.rindex("</w:body>") + len("</w:body>")
        body = tree.encode("utf-8")
        opened = body.index(b">", body.index(b"<w:body")) + 1
        pieces = (_DECLARATION + document[:start] + "<w:body>", document[end:])
        part.__class__ = _RenderedPart
        part.text = b"".join(
            (pieces[0].encode("utf-8"), memoryview(body)[opened:], pieces[1].encode("utf-8"))
        )


class _RenderedPart(DocumentPart):
    """The document part whose XML is the rendered text, saved as it is."""

    text: bytes

    @property
    def blob(self) -> bytes:
        return self.text
