"""Build the six docxtpl (Jinja2-in-Word) templates of this folder with python-docx.

Run `python tools/build_templates.py` after changing the layout and commit the script together
with the regenerated .docx files (`--out FOLDER` writes them elsewhere); tests/test_generated.py
builds them into a temporary folder and fails when the committed ones differ. The variables each
template may use come from `pipeline/documents.py` (listed in templates/README.md);
`pipeline/kit/render.py` renders with autoescape and StrictUndefined and checks every field
first, so a template must not use any other name.

Rules kept throughout (see the docxtpl pitfalls in the project guide):
- every Jinja tag is written with a single `add_run` call, so Word never splits it over runs;
- only straight quotes are used inside tags;
- `{%tr ... %}` tags sit alone in their own table row, `{%p ... %}` tags alone in their own
  paragraph;
- sections are built on A4; `render._set_paper` later swaps in F4 if configured and keeps the
  orientation, and every table is a share of the text width, so it follows the paper.

Lists never split a row and never leave a signature alone on a page, in Word and in
LibreOffice alike. LibreOffice does not keep a table row with what follows it, so a list is a
borderless one-column table of unsplittable blocks (its header block repeated on every page),
each holding a small bordered table: the first item of a bidang with the bidang's heading row,
any other item, and the last item together with everything that closes the document (the key
to the laws cited, place and date, signatures).
"""

from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from pipeline.documents import KOP_CONTACT_PT, SIGNERS_PER_ROW
from pipeline.stages.s3f_listing import DIK_COLUMNS, DIP_COLUMNS, TEST_COLUMNS
from pipeline.stages.s3f_listing import Column as Printed

HERE = Path(__file__).resolve().parent.parent / "templates"

# --- type and page: the one place each is set -----------------------------------------------
FONT = "Arial"
BODY_PT = 12.0  # the text of every document (the Normal style)
TABLE_PT = 9.0  # text inside a list ("Isi Tabel")
NOTE_PT = 7.5  # item IDs in drafts and the key to the laws under a list ("Catatan")
KOP_NAME_PT, KOP_ADDRESS_PT, KOP_CONTACT_SMALL_PT = 14.0, 10.0, 7.5
PAGE_SHORT, PAGE_LONG = Mm(210), Mm(297)  # A4; F4 is applied at render time
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = Cm(3), Cm(2), Cm(2), Cm(2)
PORTRAIT_WIDTH = 21.0 - 3.0 - 2.0  # usable text width in cm (A4)
LANDSCAPE_WIDTH = 29.7 - 3.0 - 2.0
SIGNATURE_WIDTH = 9.0  # cm of the right-hand signature block
SIGNING_LINES = 4  # empty lines left for a signature (12 pt: about 2 cm)
SIGNING_SPACE_PT = 50.0  # the same room where signatures are set in 9 pt (the lembar's grid)

HEADER_FILL = "D9D9D9"  # table header rows
INDEX_FILL = "F2F2F2"  # the column-number row
GROUP_FILL = "F2F2F2"  # a bidang's heading row
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x59, 0x59, 0x59)

# Paragraph styles: (name, size, bold, italic, colour)
STYLES = {
    "Isi Tabel": (TABLE_PT, False, False, None),
    "Catatan": (NOTE_PT, False, False, GREY),
    "Kop Nama": (KOP_NAME_PT, True, False, None),
    "Kop Alamat": (KOP_ADDRESS_PT, False, False, None),
    "Kop Kontak": (KOP_CONTACT_PT, False, False, None),
    "Kop Kontak Kecil": (KOP_CONTACT_SMALL_PT, False, False, None),
    "Pemisah": (1.0, False, False, None),  # the paragraph Word needs after a table in a cell
}

Container = DocxDocument | _Cell


# --------------------------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------------------------


@dataclass
class Fmt:
    """Formatting of one run (the size comes from the paragraph's style)."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: RGBColor | None = None


@dataclass
class Par:
    """A paragraph: runs of (text, Fmt) plus paragraph formatting.

    Each run is added with one `add_run` call, so a Jinja tag inside a run stays intact.
    """

    runs: list[tuple[str, Fmt]] = field(default_factory=list)
    style: str | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    left: float = 0.0  # left indent, cm
    hanging: float = 0.0  # hanging indent, cm (first line starts `hanging` cm to the left)
    before: float = 0.0  # space before, pt
    after: float = 0.0  # space after, pt
    keep_next: bool = False


def par(
    text: str = "",
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    color: RGBColor | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    left: float = 0.0,
    hanging: float = 0.0,
    before: float = 0.0,
    after: float = 0.0,
    keep_next: bool = False,
) -> Par:
    """A paragraph with a single run (or none when `text` is empty)."""
    runs = [(text, Fmt(bold, italic, underline, color))] if text else []
    return Par(runs, style, align, left, hanging, before, after, keep_next)


def item(
    label: str,
    text: str,
    *,
    left: float,
    hanging: float,
    after: float = 0,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
) -> Par:
    """A list item: `label<TAB>text` with a hanging indent, justified unless told."""
    fmt = Fmt()
    return Par(
        [(label, fmt), ("\t", fmt), (text, fmt)],
        align=align,
        left=left,
        hanging=hanging,
        after=after,
    )


def tag(text: str) -> Par:
    """A paragraph holding only a docxtpl paragraph tag such as `{%p for x in xs %}`."""
    return Par([(text, Fmt())])


def write(container: Container, spec: Par) -> Paragraph:
    """Append `spec` to a document or cell (re-using a cell's initial empty paragraph)."""
    paragraph: Paragraph
    # A new cell holds one bare paragraph (no pPr); every paragraph written here gets a pPr.
    if (
        isinstance(container, _Cell)
        and len(container.paragraphs) == 1
        and container.paragraphs[0]._p.pPr is None
        and not container.paragraphs[0].runs
        and not container._tc.tbl_lst
    ):
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    if spec.style:
        paragraph.style = spec.style
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    if spec.align is not None:
        paragraph.alignment = spec.align
    if spec.left or spec.hanging:
        fmt.left_indent = Cm(spec.left)
        fmt.first_line_indent = Cm(-spec.hanging)
        fmt.tab_stops.add_tab_stop(Cm(spec.left), WD_TAB_ALIGNMENT.LEFT)
    if spec.keep_next:
        fmt.keep_with_next = True
    for text, style in spec.runs:
        run = paragraph.add_run(text)  # one call per Jinja tag: the tag stays in one run
        run.bold = style.bold or None
        run.italic = style.italic or None
        run.underline = style.underline or None
        if style.color is not None:
            run.font.color.rgb = style.color
    return paragraph


def write_all(container: Container, specs: Sequence[Par]) -> None:
    for spec in specs:
        write(container, spec)


def _border(tag_name: str, val: str, size: int = 4, space: int = 0) -> BaseOxmlElement:
    element = OxmlElement(tag_name)
    element.set(qn("w:val"), val)
    if val != "nil":
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), str(space))
        element.set(qn("w:color"), "000000")
    return element


def paragraph_rule(paragraph: Paragraph, val: str, size: int) -> None:
    """Bottom border under a paragraph (the kop rule, the Nota Dinas rule)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(_border("w:bottom", val, size, 1))
    # pBdr comes before shd/tabs/spacing/ind/jc in pPr.
    anchor = None
    for name in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = p_pr.find(qn(name))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _tbl_pr(table: Table) -> BaseOxmlElement:
    return table._tbl.tblPr


def _replace(parent: BaseOxmlElement, element: BaseOxmlElement, successors: Sequence[str]) -> None:
    """Put `element` into `parent`, replacing any same-named child, in schema order."""
    for old in parent.findall(element.tag):
        parent.remove(old)
    for name in successors:
        anchor = parent.find(qn(name))
        if anchor is not None:
            anchor.addprevious(element)
            return
    parent.append(element)


_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def table_borders(table: Table, sides: Sequence[str] = ()) -> None:
    """Single lines on `sides`, none elsewhere."""
    borders = OxmlElement("w:tblBorders")
    for side in SIDES:
        borders.append(_border(f"w:{side}", "single" if side in sides else "nil", 4))
    _replace(_tbl_pr(table), borders, _TBLPR_AFTER_BORDERS)


def cell_margins(
    table: Table, left: float, right: float, top: float = 0, bottom: float = 0
) -> None:
    """Default cell margins of a table, in cm."""
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(value / 2.54 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _replace(_tbl_pr(table), margins, ("w:tblLook",))


def table_width(table: Table, widths: Sequence[float], *, relative: bool) -> None:
    """Fixed layout: total width, grid columns and every cell's width (cm).

    A relative table is 100% of the width it sits in (the text, or a cell), so it follows the
    page when `render._set_paper` switches A4 to F4; its cell widths are turned into shares by
    `_relative_cells` once the document is complete (python-docx's merge adds up widths).
    """
    table.autofit = False
    total = OxmlElement("w:tblW")
    if relative:
        total.set(qn("w:w"), "5000")  # fiftieths of a percent
        total.set(qn("w:type"), "pct")
    else:
        total.set(qn("w:w"), str(round(sum(widths) / 2.54 * 1440)))
        total.set(qn("w:type"), "dxa")
    _replace(
        _tbl_pr(table),
        total,
        ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", *_TBLPR_AFTER_BORDERS),
    )
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _replace(_tbl_pr(table), layout, ("w:tblCellMar", "w:tblLook"))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def new_table(
    container: Container,
    widths: Sequence[float],
    *,
    sides: Sequence[str] = (),
    padded: bool = False,
    relative: bool = True,
) -> Table:
    """A table with one empty row; `sides` get single lines; padded tables get cell padding.

    `widths` of a relative table are shares of the width it sits in (any unit).
    """
    if isinstance(container, _Cell):
        for paragraph in list(container.paragraphs):  # the nested table comes first
            if not paragraph.runs and paragraph._p.pPr is None:
                container._tc.remove(paragraph._p)
        table = container.add_table(rows=1, cols=len(widths))
    else:
        table = container.add_table(rows=1, cols=len(widths))
    table.style = None  # "Normal Table": no style borders, we set our own
    table_borders(table, sides)
    if padded:
        cell_margins(table, 0.12, 0.12, 0.04, 0.04)
    else:
        cell_margins(table, 0.0, 0.0)
    table_width(table, widths, relative=relative)
    return table


def add_row(table: Table, widths: Sequence[float]) -> _Row:
    row = table.add_row()
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = Cm(width)
    return row


def _row_flag(row: _Row, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    if name == "w:cantSplit":
        tr_pr.insert(0, element)
    else:
        tr_pr.append(element)


def repeat_header(row: _Row) -> None:
    """A header row, repeated at the top of every page."""
    _row_flag(row, "w:tblHeader")


def cant_split(row: _Row) -> None:
    _row_flag(row, "w:cantSplit")


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    _replace(tc_pr, element, ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign"))


def close_cell(cell: _Cell) -> None:
    """End a cell with the hairline paragraph Word needs after a table, and nothing else."""
    for paragraph in list(cell.paragraphs):
        if not paragraph.runs and paragraph._p.pPr is None:
            cell._tc.remove(paragraph._p)
    spacer = write(cell, par(style="Pemisah"))
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Pt(1)


# --------------------------------------------------------------------------------------------
# Document, page, kop, signature
# --------------------------------------------------------------------------------------------


def new_document() -> DocxDocument:
    """An empty document whose styles carry the font and every size used."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    language.set(qn("w:val"), "id-ID")
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for name, (size, bold, italic, color) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold or None
        style.font.italic = italic or None
        if color is not None:
            style.font.color.rgb = color
    for name in ("Header", "Footer"):
        document.styles[name].font.name = FONT
        document.styles[name].font.size = Pt(TABLE_PT + 1)
    document.core_properties.author = "PPID"
    document.core_properties.title = ""
    return document


def letterhead_document(landscape: bool, running: str = "") -> DocxDocument:
    """A new document on the office's letterhead, page numbers from page 2, and on those pages
    `running` (what the document is, and its number) at the top, so a page that holds only
    rows or signatures still says which document it belongs to."""
    document = new_document()
    section = document.sections[0]
    page_setup(section, landscape=landscape)
    page_numbers(section)
    if running:
        running_header(section, running)
    kop(document, LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH)
    return document


def running_header(section: Section, text: str, *, first_page: bool = False) -> None:
    """`text` at the top right of the section's pages (from its second page, unless
    `first_page`), small and grey, with a rule under it."""
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)  # one run: the tags in it stay whole
    run.font.color.rgb = GREY
    paragraph_rule(paragraph, "single", 4)
    if first_page:
        section.first_page_header.is_linked_to_previous = False
        first = section.first_page_header.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        first.add_run(text).font.color.rgb = GREY
        paragraph_rule(first, "single", 4)


def page_setup(section: Section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (PAGE_LONG, PAGE_SHORT) if landscape else (PAGE_SHORT, PAGE_LONG)
    )
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.0)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (PAGE, ...) spread over its own runs; no Jinja involved."""

    def run_with(element: BaseOxmlElement) -> None:
        paragraph.add_run()._r.append(element)

    def char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run_with(char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(code)
    run_with(char("separate"))
    paragraph.add_run("1")
    run_with(char("end"))


def page_numbers(section: Section) -> None:
    """Centred page number from page 2 on; the first page (with the kop) has none."""
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = ""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def kop(document: DocxDocument, width: float) -> None:
    """The letterhead on the first page: centred on the page when there is no logo; with a
    logo, the logo beside the names (an empty column of the same width on the right keeps the
    names centred on the page). Address and contact lines run the full width, so the contact
    line stays on one line (documents picks the smaller size when it is long)."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    names = [
        par("{{ kop.pemerintah }}", style="Kop Nama", align=center),
        par("{{ kop.instansi }}", style="Kop Nama", align=center),
    ]
    write(document, tag("{%p if kop.logo %}"))
    logo_width = 2.6
    table = new_table(document, [logo_width, width - 2 * logo_width, logo_width])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    logo, text, _ = table.rows[0].cells
    logo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    text.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    write(logo, par("{{ kop.logo }}", align=center))
    write_all(text, names)
    write(document, tag("{%p else %}"))
    write_all(document, names)
    write(document, tag("{%p endif %}"))
    write(document, par("{{ kop.alamat }}", style="Kop Alamat", align=center, before=2))
    write_all(
        document,
        [
            tag("{%p if kop.kontak_kecil %}"),
            par("{{ kop.kontak }}", style="Kop Kontak Kecil", align=center),
            tag("{%p else %}"),
            par("{{ kop.kontak }}", style="Kop Kontak", align=center),
            tag("{%p endif %}"),
        ],
    )
    rule = write(document, par(style="Pemisah", after=10))
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(4)
    paragraph_rule(rule, "thickThinSmallGap", 24)  # thick over thin, the Indonesian kop rule


def signature(
    container: Container,
    signer: str,
    *,
    share: float,
    before: Sequence[Par] = (),
    style: str | None = None,
    keep: bool = True,
    centered: bool = False,
) -> Table:
    """A signature block in the right-hand `share` of the width it sits in (or in the middle):
    the lines in `before` (place and date, "Disusun oleh,"), then jabatan, room to sign, name,
    pangkat, NIP.

    `signer` is the context name of a signer dict {jabatan, nama, pangkat, nip}.
    """
    widths = [(1 - share) / 2, share, (1 - share) / 2] if centered else [1 - share, share]
    table = new_table(container, widths)
    cant_split(table.rows[0])
    cell = table.rows[0].cells[1]
    center = WD_ALIGN_PARAGRAPH.CENTER
    lines: list[Par] = list(before)
    lines.append(par(f"{{{{ {signer}.jabatan }}}},", style=style, align=center))
    lines.extend(par(style=style) for _ in range(SIGNING_LINES))
    lines.append(
        par(f"{{{{ {signer}.nama }}}}", style=style, bold=True, underline=True, align=center)
    )
    lines.append(par(f"{{{{ {signer}.pangkat }}}}", style=style, align=center))
    lines.append(par(f"NIP. {{{{ {signer}.nip }}}}", style=style, align=center))
    for spec in lines:
        spec.keep_next = keep
        write(cell, spec)
    return table


# --------------------------------------------------------------------------------------------
# Lists: a repeated header block, then unsplittable blocks of items
# --------------------------------------------------------------------------------------------


@dataclass
class Column:
    """A column of a list: its printed header, its share of the width, its cell."""

    printed: Printed
    width: float  # share of the list's width (any unit)
    cell: list[Par]


def cell_text(text: str, *, align: WD_ALIGN_PARAGRAPH | None = None, bold: bool = False) -> Par:
    return par(text, style="Isi Tabel", align=align, bold=bold)


def list_table(
    document: DocxDocument,
    columns: Sequence[Column],
    closing: Callable[[_Cell], None],
    *,
    index_row: bool = True,
    source: str = "kelompok",
) -> None:
    """A list over `source` (see documents.groups): one table per group, whose header (the
    column headers, then the group's heading) is repeated on every page the group runs over;
    one block per item that never splits; and `closing` written into the last block, so the
    close of the list stays with its last item."""
    widths = [c.width for c in columns]
    write(document, tag(f"{{%p for g in {source} %}}"))
    outer = new_table(document, [1.0])
    outer.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = outer.rows[0]
    repeat_header(head)
    cant_split(head)
    _header_table(head.cells[0], columns, index_row)
    close_cell(head.cells[0])

    write(add_row(outer, [1.0]).cells[0], tag("{%tr for blok in g.blok %}"))
    body = add_row(outer, [1.0])
    cant_split(body)
    cell = body.cells[0]
    items = new_table(cell, widths, sides=("left", "right", "bottom", "insideH", "insideV"),
                      padded=True)  # fmt: skip
    write(items.rows[0].cells[0], tag("{%tr if blok.kelompok %}"))
    heading = add_row(items, widths)
    cant_split(heading)
    merged = heading.cells[0].merge(heading.cells[-1])
    write(merged, cell_text("{{ blok.kelompok }}", bold=True))
    write(add_row(items, widths).cells[0], tag("{%tr endif %}"))
    write(add_row(items, widths).cells[0], tag("{%tr for b in blok.butir %}"))
    row = add_row(items, widths)
    cant_split(row)
    for target, column in zip(row.cells, columns, strict=True):
        write_all(target, column.cell)
    write(add_row(items, widths).cells[0], tag("{%tr endfor %}"))
    write(cell, tag("{%p if blok.akhir %}"))
    closing(cell)
    write(cell, tag("{%p endif %}"))
    close_cell(cell)
    write(add_row(outer, [1.0]).cells[0], tag("{%tr endfor %}"))
    # Word would join two tables with nothing between them into one.
    spacer = write(document, par(style="Pemisah"))
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Pt(1)
    write(document, tag("{%p endfor %}"))


def _header_table(cell: _Cell, columns: Sequence[Column], index_row: bool) -> None:
    """Column headers: a group's header spans its columns above their own; the others span
    both header rows; then the column numbers (1, 2, ...) as Perki 1/2021's lembar has them."""
    widths = [c.width for c in columns]
    grouped = any(c.printed.group for c in columns)
    table = new_table(cell, widths, sides=SIDES, padded=True)
    rows = [table.rows[0]] + ([add_row(table, widths)] if grouped else [])
    center = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        repeat_header(row)
        cant_split(row)
        for target in row.cells:
            shade(target, HEADER_FILL)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    index = 0
    while index < len(columns):
        column = columns[index]
        if grouped and column.printed.group:
            end = index
            while end + 1 < len(columns) and columns[end + 1].printed.group == column.printed.group:
                end += 1
            for offset in range(index, end + 1):
                label = columns[offset].printed.label
                write(rows[1].cells[offset], cell_text(label, align=center, bold=True))
            top = (
                rows[0].cells[index].merge(rows[0].cells[end])
                if end > index
                else rows[0].cells[index]
            )
            write(top, cell_text(column.printed.group, align=center, bold=True))
            index = end + 1
            continue
        target = (
            rows[0].cells[index].merge(rows[1].cells[index]) if grouped else rows[0].cells[index]
        )
        write(target, cell_text(column.printed.label, align=center, bold=True))
        index += 1
    if index_row:
        numbers = add_row(table, widths)
        repeat_header(numbers)
        cant_split(numbers)
        for number, target in enumerate(numbers.cells, 1):
            shade(target, INDEX_FILL)
            write(target, par(str(number), style="Catatan", align=center))
    # The group's heading (a bidang), repeated with the headers on every page it runs over.
    write(add_row(table, widths).cells[0], tag("{%tr if g.judul %}"))
    heading = add_row(table, widths)
    repeat_header(heading)
    cant_split(heading)
    merged = heading.cells[0].merge(heading.cells[-1])
    shade(merged, GROUP_FILL)
    write(merged, cell_text("{{ g.judul }}", bold=True))
    write(add_row(table, widths).cells[0], tag("{%tr endif %}"))


def law_key(cell: Container) -> None:
    """The full title of every law the list cites in short, once, under the list (in two
    columns, read downwards): after the signature, as notes to a document go, so the block
    kept with the last row stays small."""
    write_all(
        cell,
        [
            tag("{%p if kunci_uu %}"),
            par("Keterangan singkatan peraturan:", style="Catatan", bold=True, before=4),
        ],
    )
    key = new_table(cell, [1.0, 1.0])
    write(key.rows[0].cells[0], tag("{%tr for k in kunci_uu %}"))
    row = add_row(key, [1.0, 1.0])
    cant_split(row)
    write(row.cells[0], par("{{ k[0] }}", style="Catatan", left=0.3, hanging=0.3))
    write(row.cells[1], par("{{ k[1] }}", style="Catatan", left=0.3, hanging=0.3))
    write(add_row(key, [1.0, 1.0]).cells[0], tag("{%tr endfor %}"))
    write(cell, tag("{%p endif %}"))


def title_block(container: Container, lines: Sequence[str], *, after: float = 0) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    for number, text in enumerate(lines, 1):
        spacing = after if number == len(lines) else 0
        write(container, par(text, bold=True, align=center, keep_next=True, after=spacing))


def _relative_cells(document: DocxDocument) -> None:
    """Cell widths of every relative (pct) table as shares of its grid, after all merges."""
    body = document.element.body
    for tbl in body.iter(qn("w:tbl")):
        width = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
        if width is None or width.get(qn("w:type")) != "pct":
            continue
        grid = [int(col.get(qn("w:w"))) for col in tbl.find(qn("w:tblGrid")).iter(qn("w:gridCol"))]
        total = sum(grid)
        for row in tbl.findall(qn("w:tr")):
            for cell in row.findall(qn("w:tc")):
                cell_width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if cell_width is not None and cell_width.get(qn("w:type")) == "dxa":
                    share = int(cell_width.get(qn("w:w"))) / total
                    cell_width.set(qn("w:w"), str(round(share * 5000)))
                    cell_width.set(qn("w:type"), "pct")


def save(document: DocxDocument, target: Path) -> Path:
    """Write the template reproducibly (fixed zip timestamps).

    Re-running this script without layout changes then yields byte-identical files.
    """
    _relative_cells(document)
    document.core_properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as output,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            output.writestr(fixed, source.read(entry.filename))
    return target


# --------------------------------------------------------------------------------------------
# The columns of the lists (headers from pipeline.stages.s3f_listing)
# --------------------------------------------------------------------------------------------

CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
# Shares of the width, fitted to what the cells hold: the consequences are the longest text.
# (Measured on the example's rows on F4 landscape, 28 cm: rows are as low as the text allows.)
EXEMPT_WIDTHS = {"no": 0.8, "informasi": 5.3, "dasar_hukum": 4.0, "dibuka": 6.8, "ditutup": 6.8,
                 "jangka_waktu": 2.5, "status_arsip": 1.8, "hasil": 2.2}  # fmt: skip
PUBLIC_WIDTHS = {"no": 0.8, "ringkasan": 11.0, "penguasa": 3.0, "penanggung_jawab": 3.8,
                 "waktu_tempat": 2.2, "bentuk": 2.0, "jenis": 1.9, "retensi": 4.2}  # fmt: skip


def _cell(printed: Printed, *, with_id: bool) -> list[Par]:
    key = printed.key
    if key == "no":
        return [cell_text("{{ b.no }}", align=CENTER)]
    if key in ("status_arsip", "hasil"):
        return [cell_text(f"{{{{ b.{key} }}}}", align=CENTER)]
    if key == "informasi" and with_id:
        # The tool's item ID, so the reviewers can refer to it when returning the draft.
        return [cell_text("{{ b.informasi }}"), par("ID: {{ b.id }}", style="Catatan", before=2)]
    if key == "ringkasan":
        cells = [
            cell_text("{{ b.ringkasan }}"),
            tag("{%p if b.dasar_dibuka %}"),
            par(
                "Dasar dibuka untuk umum: {{ b.dasar_dibuka }}",
                style="Isi Tabel",
                italic=True,
                before=2,
            ),
            tag("{%p endif %}"),
        ]
        if with_id:
            cells.append(par("ID: {{ b.id }}", style="Catatan", before=2))
        return cells
    return [cell_text(f"{{{{ b.{key} }}}}", align=LEFT)]


def exempt_columns(printed: Sequence[Printed], *, with_id: bool) -> list[Column]:
    """The lembar's and the DIK's columns (drafts also show each item's ID)."""
    return [Column(p, EXEMPT_WIDTHS[p.key], _cell(p, with_id=with_id)) for p in printed]


def public_columns(*, with_id: bool = True) -> list[Column]:
    printed = [p for p in DIP_COLUMNS if p.key in PUBLIC_WIDTHS]
    return [Column(p, PUBLIC_WIDTHS[p.key], _cell(p, with_id=with_id)) for p in printed]


# --------------------------------------------------------------------------------------------
# The six templates
# --------------------------------------------------------------------------------------------


def nota_header(document: DocxDocument) -> None:
    """NOTA DINAS, the header fields (Tembusan only when there is one) and the rule."""
    write(document, par("NOTA DINAS", bold=True, align=CENTER, after=10))
    fields = [
        ("Yth.", "{{ nota.kepada }}"),
        ("Dari", "{{ nota.dari }}"),
        ("Tembusan", "{{ nota.tembusan }}"),
        ("Tanggal", "{{ nota.tanggal }}"),
        ("Nomor", "{{ nota.nomor }}"),
        ("Sifat", "{{ nota.sifat }}"),
        ("Lampiran", "{{ nota.lampiran }}"),
        ("Hal", "{{ nota.hal }}"),
    ]
    widths = [2.6, 0.5, PORTRAIT_WIDTH - 3.1]
    table = new_table(document, widths)
    first = True
    for label, value in fields:
        row = table.rows[0] if first else add_row(table, widths)
        first = False
        if label == "Tembusan":
            write(row.cells[0], tag("{%tr if nota.tembusan %}"))
            row = add_row(table, widths)
        write(row.cells[0], par(label))
        write(row.cells[1], par(":"))
        write(row.cells[2], par(value, after=2))
        if label == "Tembusan":
            write(add_row(table, widths).cells[0], tag("{%tr endif %}"))
    rule = write(document, par(style="Pemisah", after=8))
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(6)
    paragraph_rule(rule, "single", 12)


STAFF_WIDTHS = [0.8, 5.4, 3.3, 6.5]


def staff_table(document: DocxDocument) -> None:
    """The staff the Nota Dinas assigns, by name (`staf`), then "untuk:"; nothing without them."""
    write(document, tag("{%p if staf %}"))
    table = new_table(document, STAFF_WIDTHS, sides=SIDES, padded=True)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    labels = ["No.", "Nama/NIP", "Pangkat/Gol.", "Jabatan"]
    for target, label in zip(table.rows[0].cells, labels, strict=True):
        shade(target, HEADER_FILL)
        write(target, cell_text(label, align=CENTER, bold=True))
    write(add_row(table, STAFF_WIDTHS).cells[0], tag("{%tr for s in staf %}"))
    row = add_row(table, STAFF_WIDTHS)
    cant_split(row)
    number, name, rank, title = row.cells
    write(number, cell_text("{{ s.no }}", align=CENTER))
    write_all(name, [cell_text("{{ s.nama }}"), cell_text("NIP. {{ s.nip }}")])
    write(rank, cell_text("{{ s.pangkat }}"))
    write(title, cell_text("{{ s.jabatan }}"))
    write(add_row(table, STAFF_WIDTHS).cells[0], tag("{%tr endfor %}"))
    write(document, par("untuk:", before=6, after=4))
    write(document, tag("{%p endif %}"))


def nota_dinas(folder: Path) -> Path:
    document = letterhead_document(landscape=False)
    nota_header(document)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    write(
        document,
        par(
            "Dalam rangka melaksanakan Pasal 19 Undang-Undang Nomor 14 Tahun 2008 tentang "
            "Keterbukaan Informasi Publik, Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang "
            "Standar Layanan Informasi Publik, serta Standar Operasional Prosedur "
            "Pendokumentasian Informasi yang Dikecualikan di lingkungan {{ instansi }}, dengan "
            "ini {% if staf %}menugaskan kepada:{% else %}Saudara ditugaskan untuk:{% endif %}",
            align=justify,
            after=6,
        ),
    )
    staff_table(document)
    step, sub = 0.75, 0.75
    write_all(
        document,
        [
            item(
                "1.",
                "berkoordinasi dengan unit kerja berikut guna menghimpun informasi "
                "yang diusulkan untuk dikecualikan, menggunakan formulir inventarisasi terlampir:",
                left=step,
                hanging=step,
            ),
            tag("{%p for b in bidang %}"),
            # Letters a., b., ...; after z the slice is empty and the number is used.
            item(
                '{{ "abcdefghijklmnopqrstuvwxyz"[loop.index0:loop.index] or b.no }}.',
                "{{ b.nama }};",
                left=step + sub,
                hanging=sub,
            ),
            tag("{%p endfor %}"),
            item(
                "2.",
                "melaksanakan uji konsekuensi atas setiap informasi yang diusulkan untuk "
                "dikecualikan bersama bidang yang menguasai informasi, dan menuangkan hasilnya "
                "dalam Lembar Pengujian Konsekuensi;",
                left=step,
                hanging=step,
            ),
            item(
                "3.",
                "memilah informasi yang bersumber dari arsip berdasarkan Jadwal Retensi Arsip "
                "menjadi arsip aktif, arsip inaktif, dan arsip statis;",
                left=step,
                hanging=step,
            ),
            item(
                "4.",
                "menyusun dan menyampaikan Konsep Daftar Informasi yang Dikecualikan Tahun "
                "{{ tahun }} paling lambat tanggal {{ nota.batas_waktu }}.",
                left=step,
                hanging=step,
            ),
        ],
    )
    write(
        document,
        par(
            "Demikian disampaikan untuk dilaksanakan dengan penuh tanggung jawab.",
            align=justify,
            before=8,
            after=14,
            keep_next=True,
        ),
    )
    signature(document, "penanda_tangan", share=SIGNATURE_WIDTH / PORTRAIT_WIDTH)
    return save(document, folder / "nota_dinas.docx")


def signing_grid(container: Container, rows: str) -> None:
    """The participants' signatures, SIGNERS_PER_ROW to a row (`rows` is the loop expression,
    e.g. "peserta_baris[:1]"); each place: what precedes it (Mengetahui), jabatan, room to sign
    as in the other documents, name, pangkat, NIP. No row is ever split over two pages."""
    per_row = SIGNERS_PER_ROW
    grid = new_table(container, [1.0] * per_row)
    write(grid.rows[0].cells[0], tag(f"{{%tr for baris in {rows} %}}"))
    row = add_row(grid, [1.0] * per_row)
    cant_split(row)
    for number, place in enumerate(row.cells):
        who = f"baris[{number}]"
        place.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM  # names on one line
        write_all(
            place,
            [
                cell_text(f"{{{{ {who}.pengantar }}}}", align=CENTER),
                cell_text(f"{{{{ {who}.jabatan }}}}", align=CENTER),
                par(style="Isi Tabel", before=SIGNING_SPACE_PT),  # about 2 cm to sign in
                par(
                    f"{{{{ {who}.nama }}}}",
                    style="Isi Tabel",
                    bold=True,
                    underline=True,
                    align=CENTER,
                ),
                cell_text(f"{{{{ {who}.pangkat }}}}", align=CENTER),
                cell_text(f"{{{{ {who}.nip }}}}", align=CENTER),
                par(style="Isi Tabel", after=6),
            ],
        )
    write(add_row(grid, [1.0] * per_row).cells[0], tag("{%tr endfor %}"))


def lembar_pengujian_konsekuensi(folder: Path) -> Path:
    document = letterhead_document(
        landscape=True, running="Lembar Pengujian Konsekuensi Nomor {{ lembar.nomor }}"
    )
    title_block(document, ["LEMBAR PENGUJIAN KONSEKUENSI"])
    write(document, par("NOMOR : {{ lembar.nomor }}", align=CENTER, after=10))
    write(
        document,
        par("{{ lembar.pembuka }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, keep_next=True),
    )

    def closing(cell: _Cell) -> None:
        """The close and the first row of signatures stay with the last item; the other rows
        follow, each whole, so no page is left half empty before a block of ten signatures."""
        write_all(
            cell,
            [
                par(
                    "Demikian Lembar Pengujian Konsekuensi ini dibuat dengan sebenarnya untuk "
                    "dipergunakan sebagaimana mestinya.",
                    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                    before=8,
                    after=6,
                ),
                par("Yang melakukan Pengujian Konsekuensi:", after=4),
            ],
        )
        signing_grid(cell, "peserta_baris[:1]")

    list_table(document, exempt_columns(TEST_COLUMNS, with_id=False), closing)
    signing_grid(document, "peserta_baris[1:]")
    law_key(document)
    return save(document, folder / "lembar_pengujian_konsekuensi.docx")


def _draft_heading(document: DocxDocument, title: str) -> None:
    write(
        document,
        par("KONSEP \u2014 BELUM DITETAPKAN", bold=True, color=RED,
            align=WD_ALIGN_PARAGRAPH.RIGHT, after=4),
    )  # fmt: skip
    title_block(document, [title, "{{ instansi|upper }}", "TAHUN {{ tahun }}"], after=8)


def _draft_closing(cell: _Cell) -> None:
    write(cell, par("Jumlah: {{ jumlah }} informasi", before=6, after=8))
    signature(
        cell,
        "penyusun",
        share=SIGNATURE_WIDTH / LANDSCAPE_WIDTH,
        before=[
            par("{{ tempat }}, {{ tanggal }}", align=CENTER),
            par("Disusun oleh,", align=CENTER),
        ],
    )


DRAFT_RUNNING = "Konsep — belum ditetapkan: {} {{{{ instansi }}}} Tahun {{{{ tahun }}}}"


def konsep_daftar_informasi_dikecualikan(folder: Path) -> Path:
    running = DRAFT_RUNNING.format("Daftar Informasi yang Dikecualikan")
    document = letterhead_document(landscape=True, running=running)
    _draft_heading(document, "KONSEP DAFTAR INFORMASI YANG DIKECUALIKAN")
    list_table(document, exempt_columns(DIK_COLUMNS, with_id=True), _draft_closing)
    law_key(document)
    return save(document, folder / "konsep_daftar_informasi_dikecualikan.docx")


def konsep_daftar_informasi_publik(folder: Path) -> Path:
    running = DRAFT_RUNNING.format("Daftar Informasi Publik")
    document = letterhead_document(landscape=True, running=running)
    _draft_heading(document, "KONSEP DAFTAR INFORMASI PUBLIK")
    list_table(document, public_columns(), _draft_closing)
    law_key(document)
    return save(document, folder / "konsep_daftar_informasi_publik.docx")


def daftar_informasi_publik(folder: Path) -> Path:
    """The DIP as set and signed by the PPID (or whoever instansi.toml names), after the same
    review as the DIK."""
    document = letterhead_document(landscape=True)
    title_block(document, ["DAFTAR INFORMASI PUBLIK", "{{ instansi|upper }}", "TAHUN {{ tahun }}"])
    write_all(
        document,
        [
            tag("{%p if dip.nomor %}"),
            par("NOMOR : {{ dip.nomor }}", align=CENTER),
            tag("{%p endif %}"),
            par(after=8),
        ],
    )

    def closing(cell: _Cell) -> None:
        law_key(cell)
        write(cell, par("Jumlah: {{ jumlah }} informasi", before=6, after=8))
        signature(
            cell,
            "penanda_tangan",
            share=SIGNATURE_WIDTH / LANDSCAPE_WIDTH,
            before=[
                par("Ditetapkan di {{ tempat }}", align=CENTER),
                par("pada tanggal {{ dip.tanggal }}", align=CENTER),
            ],
        )

    list_table(document, public_columns(with_id=False), closing)
    return save(document, folder / "daftar_informasi_publik.docx")


# The decision's articles after "Menetapkan".
DIKTUM = [
    (
        "KESATU",
        "Menetapkan Informasi Publik sebagaimana tercantum dalam {{ lampiran }} yang merupakan "
        "bagian tidak terpisahkan dari Keputusan ini, sejumlah {{ jumlah }} informasi, sebagai "
        "Informasi yang Dikecualikan di lingkungan {{ instansi }}.",
    ),
    (
        "KEDUA",
        "Jangka waktu pengecualian setiap informasi sebagaimana dimaksud dalam Diktum KESATU "
        "adalah sebagaimana tercantum dalam {{ lampiran }}; setelah jangka waktu tersebut "
        "berakhir, informasi yang bersangkutan menjadi Informasi Publik yang dapat diakses oleh "
        "setiap Pemohon Informasi Publik.",
    ),
    (
        "KETIGA",
        "Daftar Informasi yang Dikecualikan sebagaimana dimaksud dalam Diktum KESATU ditinjau "
        "kembali paling sedikit 1 (satu) kali dalam setahun, atau sewaktu-waktu apabila "
        "terdapat permohonan Informasi Publik atau putusan Komisi Informasi yang berkaitan "
        "dengan informasi tersebut.",
    ),
]
# Only when the decision replaces an earlier one (the label of the last article follows).
REVOKING = (
    "KEEMPAT",
    "Pada saat Keputusan ini mulai berlaku, Keputusan {{ pencabutan.jabatan }} Nomor "
    "{{ pencabutan.nomor }} tanggal {{ pencabutan.tanggal }} tentang Daftar Informasi yang "
    "Dikecualikan Tahun {{ pencabutan.tahun }} dicabut dan dinyatakan tidak berlaku; perubahan "
    "Daftar Informasi yang Dikecualikan terhadap Keputusan tersebut tercantum dalam Lampiran II "
    "yang merupakan bagian tidak terpisahkan dari Keputusan ini.",
)
IN_FORCE = ("{{ diktum_berlaku }}", "Keputusan ini mulai berlaku pada tanggal ditetapkan.")
LABEL_WIDTHS = [3.0, 0.5, PORTRAIT_WIDTH - 3.5]


def _labelled(document: DocxDocument, rows: Sequence[tuple[str, list[Par]]]) -> Table:
    """Borderless label | ":" | text table of Menimbang, Mengingat and the diktum."""
    table = new_table(document, LABEL_WIDTHS)
    for number, (label, paragraphs) in enumerate(rows):
        row = table.rows[0] if number == 0 else add_row(table, LABEL_WIDTHS)
        if label:
            write(row.cells[0], par(label))
            write(row.cells[1], par(":"))
        write_all(row.cells[2], paragraphs)
    return table


def daftar_informasi_dikecualikan(folder: Path) -> Path:
    document = letterhead_document(
        landscape=False, running="Keputusan {{ keputusan.penetap }} Nomor {{ keputusan.nomor }}"
    )
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    write_all(
        document,
        [
            par("KEPUTUSAN {{ penanda_tangan.jabatan }}", bold=True, align=CENTER),
            par("NOMOR {{ keputusan.nomor }}", bold=True, align=CENTER, after=10),
            par("TENTANG", bold=True, align=CENTER, after=10),
            par(
                "DAFTAR INFORMASI YANG DIKECUALIKAN TAHUN {{ tahun }}",
                bold=True,
                align=CENTER,
                after=12,
            ),
            par("{{ penanda_tangan.jabatan }},", bold=True, align=CENTER, after=12),
        ],
    )

    def lettered(label: str, text: str) -> Par:
        return item(label, text, left=0.7, hanging=0.7, after=3)

    menimbang = [
        lettered(
            "a.",
            "bahwa berdasarkan Pasal 19 Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan "
            "Informasi Publik, Pejabat Pengelola Informasi dan Dokumentasi wajib melakukan "
            "pengujian tentang konsekuensi sebelum menyatakan Informasi Publik tertentu "
            "dikecualikan untuk diakses oleh setiap Orang;",
        ),
        lettered(
            "b.",
            "bahwa Pejabat Pengelola Informasi dan Dokumentasi {{ instansi }}, yaitu "
            "{{ ppid.jabatan }}, {{ ppid.nama }}, NIP.\u00a0{{ ppid.nip }}, telah melakukan "
            "Pengujian Konsekuensi {{ keputusan.waktu_uji }} dan menetapkan klasifikasi "
            "informasi yang dikecualikan sebagaimana tertuang dalam Lembar Pengujian "
            "Konsekuensi Nomor {{ keputusan.nomor_lembar_uji }}{{ keputusan.uji_lalu }};",
        ),
        lettered(
            "c.",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
            "menetapkan Keputusan tentang Daftar Informasi yang Dikecualikan Tahun {{ tahun }};",
        ),
    ]
    mengingat = [
        tag("{%p for m in mengingat %}"),
        lettered("{{ loop.index }}.", '{{ m }}{{ ";" if not loop.last else "." }}'),
        tag("{%p endfor %}"),
    ]
    _labelled(document, [("Menimbang", menimbang), ("", [par(after=6)]), ("Mengingat", mengingat)])
    write(
        document, par("MEMUTUSKAN:", bold=True, align=CENTER, before=10, after=10, keep_next=True)
    )

    def text(content: str, align: WD_ALIGN_PARAGRAPH = justify) -> list[Par]:
        return [par(content, align=align, after=6)]

    menetapkan = text(
        "KEPUTUSAN {{ penanda_tangan.jabatan }} TENTANG DAFTAR INFORMASI "
        "YANG DIKECUALIKAN TAHUN {{ tahun }}.",
        LEFT,
    )
    diktum = [(label, text(content)) for label, content in DIKTUM]
    table = _labelled(document, [("Menetapkan", menetapkan), *diktum])
    write(add_row(table, LABEL_WIDTHS).cells[0], tag("{%tr if pencabutan.ada %}"))
    for label, content in (REVOKING, IN_FORCE):
        if content is IN_FORCE[1]:
            write(add_row(table, LABEL_WIDTHS).cells[0], tag("{%tr endif %}"))
        row = add_row(table, LABEL_WIDTHS)
        write(row.cells[0], par(label))
        write(row.cells[1], par(":"))
        write_all(row.cells[2], text(content))
    # The last article, place and date and the signature never part: one unsplittable row.
    last = table.rows[-1]
    cant_split(last)
    place = [
        par("Ditetapkan di {{ tempat }}", align=LEFT, before=8),
        par("pada tanggal {{ keputusan.tanggal }}", align=LEFT, after=8),
    ]
    block = signature(last.cells[2], "penanda_tangan", share=8.5 / LABEL_WIDTHS[2], before=place)
    paragraph_rule(block.rows[0].cells[1].paragraphs[1], "single", 6)  # under "pada tanggal"

    write(document, par("Tembusan disampaikan kepada Yth.:", before=14, keep_next=True))
    write_all(
        document,
        [
            tag("{%p for t in tembusan %}"),
            item(
                "{{ loop.index }}.",
                '{{ t }}{{ ";" if not loop.last else "." }}',
                left=0.7,
                hanging=0.7,
                align=LEFT,
            ),
            tag("{%p endfor %}"),
        ],
    )

    # Section 2: the annex, landscape, numbered from its first page; from its second page on,
    # what it is the annex of at the top.
    annex = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(annex, landscape=True)
    annex.different_first_page_header_footer = True
    running_header(
        annex,
        "Lampiran Keputusan {{ keputusan.penetap }} Nomor {{ keputusan.nomor }} Tanggal "
        "{{ keputusan.tanggal }}",
    )
    first_footer = annex.first_page_footer
    first_footer.is_linked_to_previous = False
    first_footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(first_footer.paragraphs[0], "PAGE")
    _annex_header(document, "{{ lampiran_judul }}")
    title_block(
        document,
        ["DAFTAR INFORMASI YANG DIKECUALIKAN", "{{ instansi|upper }}", "TAHUN {{ tahun }}"],
        after=8,
    )

    def closing(cell: _Cell) -> None:
        write(cell, par(after=8))
        signature(cell, "penanda_tangan", share=SIGNATURE_WIDTH / LANDSCAPE_WIDTH)

    list_table(document, exempt_columns(DIK_COLUMNS, with_id=False), closing)
    law_key(document)

    # Annex II, only when the decision replaces an earlier one: what changed in the list.
    write(document, tag("{%p if pencabutan.ada %}"))
    write(document, par(keep_next=True)).paragraph_format.page_break_before = True
    _annex_header(document, "LAMPIRAN II")
    title_block(
        document,
        [
            "PERUBAHAN DAFTAR INFORMASI YANG DIKECUALIKAN",
            "TERHADAP KEPUTUSAN NOMOR {{ pencabutan.nomor }}",
            "TANGGAL {{ pencabutan.tanggal|upper }}",
        ],
        after=8,
    )
    write(document, par("Jumlah: {{ perubahan.ringkasan }}.", after=6, keep_next=True))

    def changes_closing(cell: _Cell) -> None:
        write(cell, par(after=8))
        signature(cell, "penanda_tangan", share=SIGNATURE_WIDTH / LANDSCAPE_WIDTH)

    list_table(document, CHANGE_COLUMNS, changes_closing, source="perubahan.kelompok")
    write(document, tag("{%p endif %}"))
    return save(document, folder / "daftar_informasi_dikecualikan.docx")


def _annex_header(document: DocxDocument, label: str) -> None:
    """'LAMPIRAN | : | KEPUTUSAN ...' with its number and date, at the annex's top right."""
    widths = [2.6, 0.4, 9.0]
    header = new_table(document, widths, relative=False)
    header.alignment = WD_TABLE_ALIGNMENT.RIGHT
    lines = [
        (label, "KEPUTUSAN {{ penanda_tangan.jabatan }}"),
        ("NOMOR", "{{ keputusan.nomor }}"),
        ("TANGGAL", "{{ keputusan.tanggal }}"),
    ]
    for number, (name, value) in enumerate(lines):
        row = header.rows[0] if number == 0 else add_row(header, widths)
        write(row.cells[0], par(name, style="Isi Tabel"))
        write(row.cells[1], par(":", style="Isi Tabel"))
        write(row.cells[2], par(value, style="Isi Tabel", after=2))
    write(document, par(after=6))


def pengembalian(folder: Path) -> Path:
    """A return at step 4 or 5, as a Nota Dinas signed by the official who returned it, in
    the words of the rank it is written to (documents.return_letters)."""
    document = letterhead_document(landscape=False, running="Nota Dinas Nomor {{ nota.nomor }}")
    nota_header(document)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    write(document, par("{{ surat.pembuka }}", align=justify, after=6, keep_next=True))
    columns = [
        Column(Printed("no", "No."), 0.9, [cell_text("{{ b.no }}", align=CENTER)]),
        Column(Printed("id", "ID"), 2.6, [cell_text("{{ b.id }}")]),
        Column(INFORMATION, 5.8, [cell_text("{{ b.informasi }}")]),
        Column(Printed("catatan", "Yang Harus Diperbaiki"), 6.7, [cell_text("{{ b.catatan }}")]),
    ]

    def closing(cell: _Cell) -> None:
        write(cell, par("{{ surat.penutup }}", align=justify, before=10, after=14))
        signature(cell, "penanda_tangan", share=SIGNATURE_WIDTH / PORTRAIT_WIDTH)

    list_table(document, columns, closing, index_row=False)
    return save(document, folder / "pengembalian.docx")


INFORMATION = next(p for p in DIK_COLUMNS if p.key == "informasi")
# The annex of changes: each item, its bidang, its row in Annex I, and what changed and why.
CHANGE_COLUMNS = [
    Column(Printed("no", "No."), 0.8, [cell_text("{{ b.no }}", align=CENTER)]),
    Column(INFORMATION, 9.0, [cell_text("{{ b.informasi }}")]),
    Column(Printed("unit", "Bidang"), 4.5, [cell_text("{{ b.unit }}")]),
    Column(Printed("no_lampiran", "No. pada Lampiran I"), 2.2,
           [cell_text("{{ b.no_lampiran }}", align=CENTER)]),
    Column(Printed("keterangan", "Keterangan"), 11.5, [cell_text("{{ b.keterangan }}")]),
]  # fmt: skip

BUILDERS = (
    nota_dinas,
    lembar_pengujian_konsekuensi,
    konsep_daftar_informasi_dikecualikan,
    konsep_daftar_informasi_publik,
    daftar_informasi_dikecualikan,
    daftar_informasi_publik,
    pengembalian,
)


def build(folder: Path) -> list[Path]:
    """Every template, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return [builder(folder) for builder in BUILDERS]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the Word templates.")
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder to write them to (default: templates/)"
    )
    for path in build(parser.parse_args(argv).out):
        print(path)


if __name__ == "__main__":
    main()
