"""docxtpl, without the steps that cost seconds per thousand rows and that our templates do not
need: the rows keep the layout of the template's row (fonts, borders, widths, cantSplit), as
docxtpl draws them; only the XML around the rendering is handled more directly.

- The rendered body is parsed once, in place of the document's own body text, and becomes the
  document; docxtpl instead adopts the parsed body into the old document node by node.
- Line breaks in values become <w:br/> inside their text only; docxtpl's general listing pass
  (tabs, paragraph and page breaks) rewrites every paragraph, and runs only when a value
  holds such a character.
- Only a template that adds cells with {%tc %} can have rows wider than their table's grid;
  such a table gets columns added, counting its own rows only (docxtpl also counts the rows of
  tables nested inside it).
"""

import re
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

_LINE_BREAKS = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*\n[^<]*)(</w:t>)")
_BODY_OPEN = re.compile(r"<w:body[^>]*>")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


class FastTemplate(DocxTemplate):
    cells_vary = False  # whether the template adds cells with {%tc %} (ours never do)

    def build_xml(self, context: Any, jinja_env: Any = None) -> str:
        self.cells_vary = "{%tc" in self.get_xml()
        return str(super().build_xml(context, jinja_env))

    def resolve_listing(self, xml: str) -> str:
        if "\t" in xml or "\a" in xml or "\f" in xml:
            return str(super().resolve_listing(xml))
        return _LINE_BREAKS.sub(
            lambda m: m.group(1) + m.group(2).replace("\n", _BREAK) + m.group(3), xml
        )

    def fix_tables(self, xml: str) -> Any:
        """The whole document with the rendered body in place of the template's."""
        document = etree.tostring(self.docx._element, encoding="unicode")
        start, end = document.index("<w:body"), document.rindex("</w:body>") + len("</w:body>")
        body = _BODY_OPEN.sub("<w:body>", xml, count=1)  # its namespaces are the root's
        tree = parse_xml(document[:start] + body + document[end:])
        if self.cells_vary:
            for table in tree.iter(qn("w:tbl")):
                _widen_grid(table)
        return tree

    def fix_docpr_ids(self, tree: Any) -> None:
        for element in tree.iter(qn("wp:docPr")):  # picture ids unique, as docxtpl numbers them
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        self.docx._part._element = tree
        self.docx._element = tree


def _widen_grid(table: Any) -> None:
    """Add grid columns when a row has more cells than the grid, keeping the table's width."""
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return
    columns = grid.findall(qn("w:gridCol"))
    cells = max((len(row.findall(qn("w:tc"))) for row in table.findall(qn("w:tr"))), default=0)
    if cells <= len(columns) or not columns:
        return
    widths = [float(column.get(qn("w:w")) or 0) for column in columns]
    average = sum(widths) / cells
    for column, width in zip(columns, widths, strict=True):
        column.set(qn("w:w"), str(int(width * len(columns) / cells)))
    for _ in range(cells - len(columns)):
        etree.SubElement(grid, qn("w:gridCol"), {qn("w:w"): str(int(average))})
