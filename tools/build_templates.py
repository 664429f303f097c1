"""Build the six docxtpl (Jinja2-in-Word) templates of this folder with python-docx.

Run `python tools/build_templates.py` after changing the layout and commit the script together
with the regenerated .docx files. The variables each template may use come from
`pipeline/documents.py`; `pipeline/render.py` renders with autoescape and StrictUndefined, so a
template must not use any other name.

Rules kept throughout (see the docxtpl pitfalls in the project guide):
- every Jinja tag is written with a single `add_run` call, so Word never splits it over runs;
- only straight quotes are used inside tags;
- `{%tr ... %}` tags sit alone in their own table row, `{%p ... %}` tags alone in their own
  paragraph;
- sections are built on A4; `render._set_paper` later swaps in F4 if configured and keeps the
  orientation (landscape = width greater than height).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent.parent / "templates"

FONT = "Arial"
PAGE_SHORT, PAGE_LONG = Mm(210), Mm(297)  # A4; F4 is applied at render time
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = Cm(3), Cm(2), Cm(2), Cm(2)
PORTRAIT_WIDTH = 21.0 - 3.0 - 2.0  # usable text width in cm
LANDSCAPE_WIDTH = 29.7 - 3.0 - 2.0

BODY_PORTRAIT = 12.0  # pt
BODY_LANDSCAPE = 11.0
BODY_NOTA = 11.0  # a Nota Dinas should fit on one page
TABLE_PORTRAIT = 10.0
TABLE_LANDSCAPE = 9.0

HEADER_FILL = "D9D9D9"  # light grey for table header rows
INDEX_FILL = "F2F2F2"  # lighter grey for the column-number row
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x59, 0x59, 0x59)

Container = DocxDocument | _Cell


# --------------------------------------------------------------------------------------------
# Low-level helpers
# --------------------------------------------------------------------------------------------


@dataclass
class Fmt:
    """Formatting of one run."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None
    color: RGBColor | None = None


@dataclass
class Par:
    """A paragraph: runs of (text, Fmt) plus paragraph formatting.

    Each run is added with one `add_run` call, so a Jinja tag inside a run stays intact.
    """

    runs: list[tuple[str, Fmt]] = field(default_factory=list)
    align: WD_ALIGN_PARAGRAPH | None = None
    left: float = 0.0  # left indent, cm
    hanging: float = 0.0  # hanging indent, cm (first line starts `hanging` cm to the left)
    before: float = 0.0  # space before, pt
    after: float = 0.0  # space after, pt
    keep_next: bool = False


def par(
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    left: float = 0.0,
    hanging: float = 0.0,
    before: float = 0.0,
    after: float = 0.0,
    keep_next: bool = False,
) -> Par:
    """A paragraph with a single run (or none when `text` is empty)."""
    runs = [(text, Fmt(bold, italic, underline, size, color))] if text else []
    return Par(runs, align, left, hanging, before, after, keep_next)


def item(label: str, text: str, *, left: float, hanging: float, size: float | None = None) -> Par:
    """A list item: `label<TAB>text` with a hanging indent, justified."""
    fmt = Fmt(size=size)
    return Par(
        [(label, fmt), ("\t", fmt), (text, fmt)],
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        left=left,
        hanging=hanging,
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
    ):
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    fmt.line_spacing = 1.0
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
        if style.size is not None:
            run.font.size = Pt(style.size)
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
    """Bottom border under a paragraph (used for the kop rule and the Nota Dinas rule)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(_border("w:bottom", val, size, 1))
    # pBdr must come before spacing/ind/jc in pPr: insert right after pStyle/keepNext etc.
    anchor = None
    for name in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = p_pr.find(qn(name))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)


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


def table_borders(table: Table, bordered: bool) -> None:
    borders = OxmlElement("w:tblBorders")
    val = "single" if bordered else "nil"
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(f"w:{side}", val, 4))
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

    A relative table is 100% of the text width, so it follows the page when `render._set_paper`
    switches A4 to F4; its cell widths are turned into percentages by `_relative_cells` once
    the table is complete (python-docx's merge only adds up absolute widths).
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
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def new_table(
    container: Container, widths: Sequence[float], *, bordered: bool, relative: bool = True
) -> Table:
    """A table with one empty row; bordered tables get normal cell padding.

    `widths` of a relative table must add up to the text width of its section.
    """
    table = container.add_table(rows=1, cols=len(widths))
    table.style = None  # "Normal Table": no style borders, we set our own
    table_borders(table, bordered)
    if bordered:
        cell_margins(table, 0.12, 0.12, 0.03, 0.03)
    else:
        cell_margins(table, 0.0, 0.1)
    table_width(table, widths, relative=relative)
    return table


def add_row(table: Table, widths: Sequence[float]) -> _Row:
    row = table.add_row()
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = Cm(width)
    return row


def repeat_header(row: _Row) -> None:
    """Mark a row as a header row repeated at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def cant_split(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.insert(0, element)


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    _replace(tc_pr, element, ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign"))


# --------------------------------------------------------------------------------------------
# Page set-up, footer, kop, signature
# --------------------------------------------------------------------------------------------


def letterhead_document(landscape: bool) -> DocxDocument:
    """A new document on the office's letterhead, page numbers from page 2."""
    document = new_document()
    section = document.sections[0]
    page_setup(section, landscape=landscape)
    page_numbers(section)
    kop(document, LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH)
    return document


def new_document() -> DocxDocument:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PORTRAIT)
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
    for name in ("Header", "Footer"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(10)
    document.core_properties.author = "PPID"
    document.core_properties.title = ""
    return document


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
        run = paragraph.add_run()
        run.font.size = Pt(10)
        run._r.append(element)

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
    shown = paragraph.add_run("1")
    shown.font.size = Pt(10)
    run_with(char("end"))


def page_numbers(section: Section) -> None:
    """Centred page number from page 2 on; the first page (with the kop) has none."""
    section.different_first_page_header_footer = True
    first = section.first_page_footer.paragraphs[0]
    first.text = ""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def kop(document: DocxDocument, width: float) -> None:
    """Letterhead on the first page, in the body: logo | centred lines, then a double rule.

    Shared by all six templates.
    """
    logo_width = 2.6
    widths = [logo_width, width - logo_width]
    table = new_table(document, widths, bordered=False)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    logo, text = table.rows[0].cells
    logo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    text.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # The image (docxtpl InlineImage) or nothing: one run so the tags stay together.
    write(logo, par("{% if kop.logo %}{{ kop.logo }}{% endif %}", align=WD_ALIGN_PARAGRAPH.CENTER))
    center = WD_ALIGN_PARAGRAPH.CENTER
    write_all(
        text,
        [
            par("{{ kop.pemerintah }}", bold=True, size=14, align=center),
            par("{{ kop.instansi }}", bold=True, size=14, align=center),
            par("{{ kop.alamat }}", size=10, align=center, before=2),
            par("{{ kop.kontak }}", size=9, align=center),
        ],
    )
    rule = write(document, par(size=4))
    rule.paragraph_format.space_after = Pt(10)
    # Thick line over a thin one, the usual Indonesian kop rule.
    paragraph_rule(rule, "thickThinSmallGap", 24)
    # Keep the rule paragraph tiny.
    rule.paragraph_format.line_spacing = Pt(4)


def signature(
    document: DocxDocument,
    width: float,
    signer: str,
    *,
    before: Sequence[Par] = (),
    block: float = 8.0,
    size: float | None = None,
    blank_lines: int = 4,
) -> Table:
    """Signature block in the right-hand cell of a borderless two-column table.

    `before` are lines above the jabatan (place/date, "Disusun oleh," ...). `signer` is the
    context name of a signer dict {jabatan, nama, pangkat, nip}.
    """
    widths = [width - block, block]
    table = new_table(document, widths, bordered=False)
    cant_split(table.rows[0])
    cell = table.rows[0].cells[1]
    center = WD_ALIGN_PARAGRAPH.CENTER
    lines: list[Par] = list(before)
    lines.append(par(f"{{{{ {signer}.jabatan }}}},", size=size, align=center))
    lines.extend(par(size=size) for _ in range(blank_lines))
    lines.append(
        par(f"{{{{ {signer}.nama }}}}", bold=True, underline=True, size=size, align=center)
    )
    lines.append(par(f"{{{{ {signer}.pangkat }}}}", size=size, align=center))
    lines.append(par(f"NIP. {{{{ {signer}.nip }}}}", size=size, align=center))
    for spec in lines:
        spec.keep_next = True
        write(cell, spec)
    return table


# --------------------------------------------------------------------------------------------
# Data tables with a {%tr for %} loop
# --------------------------------------------------------------------------------------------


@dataclass
class Column:
    header: str
    width: float  # cm
    cell: list[Par]  # paragraphs of the loop row's cell
    group: str = ""  # header of a merged group spanning consecutive columns


def cell_text(
    text: str,
    *,
    size: float,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
) -> Par:
    return par(text, size=size, align=align, bold=bold)


def data_table(
    document: DocxDocument,
    columns: Sequence[Column],
    loop: str,
    *,
    size: float,
    index_row: bool = False,
    align: WD_TABLE_ALIGNMENT = WD_TABLE_ALIGNMENT.CENTER,
    min_height: float | None = None,
) -> Table:
    """Bordered table: header row(s) repeated on each page, then one row per item of `loop`.

    `loop` is the Jinja loop head, e.g. "b in butir". Columns with the same `group` get a
    merged header cell above their own headers (two header rows); other headers span both rows.
    """
    widths = [c.width for c in columns]
    grouped = any(c.group for c in columns)
    table = new_table(document, widths, bordered=True)
    table.alignment = align
    header_rows = [table.rows[0]] + ([add_row(table, widths)] if grouped else [])
    center = WD_ALIGN_PARAGRAPH.CENTER
    for row in header_rows:
        repeat_header(row)
        cant_split(row)
        for cell in row.cells:
            shade(cell, HEADER_FILL)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if grouped:
        top, bottom = header_rows
        index = 0
        while index < len(columns):
            column = columns[index]
            if column.group:
                end = index
                while end + 1 < len(columns) and columns[end + 1].group == column.group:
                    end += 1
                for offset in range(index, end + 1):
                    write(
                        bottom.cells[offset],
                        cell_text(columns[offset].header, size=size, align=center, bold=True),
                    )
                merged = top.cells[index].merge(top.cells[end]) if end > index else top.cells[index]
                write(merged, cell_text(column.group, size=size, align=center, bold=True))
                index = end + 1
            else:
                merged = top.cells[index].merge(bottom.cells[index])
                write(merged, cell_text(column.header, size=size, align=center, bold=True))
                index += 1
    else:
        for cell, column in zip(header_rows[0].cells, columns, strict=True):
            write(cell, cell_text(column.header, size=size, align=center, bold=True))
    if index_row:
        numbers = add_row(table, widths)
        repeat_header(numbers)
        cant_split(numbers)
        for number, cell in enumerate(numbers.cells, 1):
            shade(cell, INDEX_FILL)
            write(cell, cell_text(str(number), size=size - 1, align=center))
    opening = add_row(table, widths)
    write(opening.cells[0], tag(f"{{%tr for {loop} %}}"))
    # Long rows may continue on the next page (the header row repeats), so pages stay full.
    body = add_row(table, widths)
    if min_height is not None:
        body.height = Cm(min_height)
        body.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell, column in zip(body.cells, columns, strict=True):
        write_all(cell, column.cell)
    closing = add_row(table, widths)
    write(closing.cells[0], tag("{%tr endfor %}"))
    return table


def title_block(document: DocxDocument, lines: Sequence[str], *, size: float) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    for text in lines:
        write(document, par(text, bold=True, size=size, align=center, keep_next=True))


def gap(document: DocxDocument, size: float, points: float = 0.0) -> None:
    write(document, par(size=size, after=points))


def exempt_columns(size: float, *, with_id: bool) -> list[Column]:
    """Columns of the Daftar Informasi yang Dikecualikan (konsep and final annex)."""
    left = WD_ALIGN_PARAGRAPH.LEFT
    center = WD_ALIGN_PARAGRAPH.CENTER
    informasi = [cell_text("{{ b.informasi }}", size=size, align=left)]
    if with_id:
        # The tool's item id, so the reviewers can refer to it when returning the draft.
        informasi.append(par("ID: {{ b.id }}", size=size - 1.5, color=GREY, before=2))
    return [
        Column("No", 0.9, [cell_text("{{ b.no }}", size=size, align=center)]),
        Column("Informasi yang Dikecualikan", 4.6, informasi),
        Column("Bidang", 2.7, [cell_text("{{ b.bidang }}", size=size, align=left)]),
        Column("Dasar Hukum Pengecualian", 3.8, [cell_text("{{ b.dasar_hukum }}", size=size)]),
        Column("Konsekuensi bila Dibuka", 4.2, [cell_text("{{ b.dibuka }}", size=size)]),
        Column("Konsekuensi bila Ditutup", 4.2, [cell_text("{{ b.ditutup }}", size=size)]),
        Column("Jangka Waktu", 2.8, [cell_text("{{ b.jangka_waktu }}", size=size)]),
        Column("Status Arsip", 1.5, [cell_text("{{ b.status_arsip }}", size=size, align=center)]),
    ]


def _relative_cells(document: DocxDocument) -> None:
    """Cell widths of every relative (pct) table as shares of its grid, after all merges."""
    body = document.element.body
    for tbl in body.iter(qn("w:tbl")):
        width = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
        if width is None or width.get(qn("w:type")) != "pct":
            continue
        grid = [int(col.get(qn("w:w"))) for col in tbl.iter(qn("w:gridCol"))]
        total = sum(grid)
        for cell_width in tbl.iter(qn("w:tcW")):
            if cell_width.get(qn("w:type")) == "dxa":
                share = int(cell_width.get(qn("w:w"))) / total
                cell_width.set(qn("w:w"), str(round(share * 5000)))
                cell_width.set(qn("w:type"), "pct")


def save(document: DocxDocument, name: str) -> Path:
    """Write the template reproducibly (fixed zip timestamps).

    Re-running this script without layout changes then yields byte-identical files.
    """
    _relative_cells(document)
    document.core_properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    target = HERE / name
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
# The six templates
# --------------------------------------------------------------------------------------------


def nota_dinas() -> Path:
    document = letterhead_document(landscape=False)
    width = PORTRAIT_WIDTH
    size = BODY_NOTA

    write(
        document, par("NOTA DINAS", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=10)
    )

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
    widths = [2.6, 0.5, width - 3.1]
    table = new_table(document, widths, bordered=False)
    for number, (label, value) in enumerate(fields):
        row = table.rows[0] if number == 0 else add_row(table, widths)
        write(row.cells[0], par(label, size=size))
        write(row.cells[1], par(":", size=size))
        write(row.cells[2], par(value, size=size, after=2))
    rule = write(document, par(size=4))
    paragraph_rule(rule, "single", 12)
    rule.paragraph_format.line_spacing = Pt(6)
    gap(document, size, 4)

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    write(
        document,
        par(
            "Dalam rangka melaksanakan Pasal 19 Undang-Undang Nomor 14 Tahun 2008 tentang "
            "Keterbukaan Informasi Publik, Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang "
            "Standar Layanan Informasi Publik, serta Standar Operasional Prosedur "
            "Pendokumentasian Informasi yang Dikecualikan di lingkungan {{ instansi }}, dengan "
            "ini Saudara ditugaskan untuk:",
            size=size,
            align=justify,
            after=6,
        ),
    )
    step, sub = 0.75, 0.75
    write_all(
        document,
        [
            item(
                "1.",
                "berkoordinasi dengan Sekretariat dan Bidang berikut guna menghimpun informasi "
                "yang diusulkan untuk dikecualikan, menggunakan formulir inventarisasi terlampir:",
                left=step,
                hanging=step,
                size=size,
            ),
            tag("{%p for b in bidang %}"),
            # Letters a., b., ...; after z the slice is empty and the number is used.
            item(
                '{{ "abcdefghijklmnopqrstuvwxyz"[loop.index0:loop.index] or b.no }}.',
                "{{ b.nama }};",
                left=step + sub,
                hanging=sub,
                size=size,
            ),
            tag("{%p endfor %}"),
            item(
                "2.",
                "melaksanakan uji konsekuensi atas setiap informasi yang diusulkan untuk "
                "dikecualikan bersama bidang yang menguasai informasi, dan menuangkan hasilnya "
                "dalam Lembar Pengujian Konsekuensi;",
                left=step,
                hanging=step,
                size=size,
            ),
            item(
                "3.",
                "memilah informasi yang bersumber dari arsip berdasarkan Jadwal Retensi Arsip "
                "menjadi arsip aktif, arsip inaktif, dan arsip statis;",
                left=step,
                hanging=step,
                size=size,
            ),
            item(
                "4.",
                "menyusun dan menyampaikan Konsep Daftar Informasi yang Dikecualikan Tahun "
                "{{ tahun }} paling lambat tanggal {{ nota.batas_waktu }}.",
                left=step,
                hanging=step,
                size=size,
            ),
        ],
    )
    write(
        document,
        par(
            "Demikian disampaikan untuk dilaksanakan dengan penuh tanggung jawab.",
            size=size,
            align=justify,
            before=8,
            after=14,
            keep_next=True,
        ),
    )
    signature(document, width, "penanda_tangan", size=size, block=9.0)
    return save(document, "nota_dinas.docx")


def lembar_pengujian_konsekuensi() -> Path:
    document = letterhead_document(landscape=True)
    size = BODY_LANDSCAPE

    title_block(document, ["LEMBAR PENGUJIAN KONSEKUENSI"], size=13)
    write(
        document,
        par("NOMOR : {{ lembar.nomor }}", size=size, align=WD_ALIGN_PARAGRAPH.CENTER, after=10),
    )
    write(
        document, par("{{ lembar.pembuka }}", size=size, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    )

    t = TABLE_LANDSCAPE
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    group = "KONSEKUENSI / PERTIMBANGAN BAGI PUBLIK"
    data_table(
        document,
        [
            Column("NO.", 1.0, [cell_text("{{ b.no }}", size=t, align=center)]),
            Column("INFORMASI", 5.2, [cell_text("{{ b.informasi }}", size=t, align=left)]),
            Column(
                "DASAR HUKUM PENGECUALIAN INFORMASI",
                5.0,
                [cell_text("{{ b.dasar_hukum }}", size=t, align=left)],
            ),
            Column("DIBUKA", 5.2, [cell_text("{{ b.dibuka }}", size=t, align=left)], group),
            Column("DITUTUP", 5.2, [cell_text("{{ b.ditutup }}", size=t, align=left)], group),
            Column("JANGKA WAKTU", 3.1, [cell_text("{{ b.jangka_waktu }}", size=t, align=left)]),
        ],
        "b in butir",
        size=t,
        index_row=True,
    )
    write(
        document,
        par(
            "Demikian Lembar Pengujian Konsekuensi ini dibuat dengan sebenarnya untuk "
            "dipergunakan sebagaimana mestinya.",
            size=size,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            before=10,
            after=8,
            keep_next=True,
        ),
    )
    write(
        document, par("Yang melakukan Pengujian Konsekuensi:", size=size, after=4, keep_next=True)
    )
    data_table(
        document,
        [
            Column("No", 1.0, [cell_text("{{ loop.index }}", size=size, align=center)]),
            Column(
                "Nama / NIP",
                8.2,
                [
                    cell_text("{{ p.nama }}", size=size, bold=True),
                    cell_text("NIP. {{ p.nip }}", size=size),
                ],
            ),
            Column("Jabatan", 9.5, [cell_text("{{ p.jabatan }}", size=size)]),
            Column(
                "Tanda Tangan",
                6.0,
                [cell_text("{{ loop.index }}. ....................", size=size)],
            ),
        ],
        "p in peserta",
        size=size,
        min_height=1.6,
    )
    return save(document, "lembar_pengujian_konsekuensi.docx")


def _draft_heading(document: DocxDocument, title: str) -> None:
    write(
        document,
        par(
            "KONSEP \u2014 BELUM DITETAPKAN",
            bold=True,
            size=11,
            color=RED,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            after=4,
        ),
    )
    title_block(document, [title, "{{ instansi|upper }}", "TAHUN {{ tahun }}"], size=12)
    gap(document, BODY_LANDSCAPE, 4)


def _draft_closing(document: DocxDocument) -> None:
    size = BODY_LANDSCAPE
    write(
        document,
        par("Jumlah: {{ jumlah }} informasi", size=size, before=6, after=10, keep_next=True),
    )
    signature(
        document,
        LANDSCAPE_WIDTH,
        "penyusun",
        before=[
            par("{{ tempat }}, {{ tanggal }}", size=size, align=WD_ALIGN_PARAGRAPH.CENTER),
            par("Disusun oleh,", size=size, align=WD_ALIGN_PARAGRAPH.CENTER),
        ],
        block=9.0,
        size=size,
    )


def konsep_daftar_informasi_dikecualikan() -> Path:
    document = letterhead_document(landscape=True)
    _draft_heading(document, "KONSEP DAFTAR INFORMASI YANG DIKECUALIKAN")
    data_table(
        document, exempt_columns(TABLE_LANDSCAPE, with_id=True), "b in butir", size=TABLE_LANDSCAPE
    )
    _draft_closing(document)
    return save(document, "konsep_daftar_informasi_dikecualikan.docx")


def konsep_daftar_informasi_publik() -> Path:
    document = letterhead_document(landscape=True)
    _draft_heading(document, "KONSEP DAFTAR INFORMASI PUBLIK")
    t = TABLE_LANDSCAPE
    center = WD_ALIGN_PARAGRAPH.CENTER
    data_table(
        document,
        [
            Column("No", 0.9, [cell_text("{{ b.no }}", size=t, align=center)]),
            Column(
                "Ringkasan Isi Informasi",
                6.5,
                [
                    cell_text("{{ b.ringkasan }}", size=t),
                    par("ID: {{ b.id }}", size=t - 1.5, color=GREY, before=2),
                ],
            ),
            Column(
                "Pejabat/Unit yang Menguasai Informasi",
                3.4,
                [cell_text("{{ b.penguasa }}", size=t)],
            ),
            Column(
                "Penanggung Jawab Pembuatan/Penerbitan",
                4.2,
                [cell_text("{{ b.penanggung_jawab }}", size=t)],
            ),
            Column("Waktu dan Tempat Pembuatan", 3.1, [cell_text("{{ b.waktu_tempat }}", size=t)]),
            Column("Bentuk Informasi", 2.2, [cell_text("{{ b.bentuk }}", size=t, align=center)]),
            Column(
                "Jangka Waktu Penyimpanan/Retensi Arsip",
                4.4,
                [cell_text("{{ b.retensi }}", size=t)],
            ),
        ],
        "b in butir",
        size=t,
    )
    _draft_closing(document)
    return save(document, "konsep_daftar_informasi_publik.docx")


MENGINGAT = [
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
    "Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan;",
    "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi;",
    "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang Nomor 14 "
    "Tahun 2008 tentang Keterbukaan Informasi Publik;",
    "Peraturan Komisi Informasi Nomor 1 Tahun 2017 tentang Pengklasifikasian Informasi Publik;",
    "Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan Informasi Publik;",
    "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2017 tentang Pedoman Pengelolaan Pelayanan "
    "Informasi dan Dokumentasi di Lingkungan Kementerian Dalam Negeri dan Pemerintahan Daerah;",
]


# The decision's articles after "Menetapkan".
DIKTUM = [
    (
        "KESATU",
        "Menetapkan Informasi Publik sebagaimana tercantum dalam Lampiran yang merupakan bagian "
        "tidak terpisahkan dari Keputusan ini, sejumlah {{ jumlah }} informasi, sebagai "
        "Informasi yang Dikecualikan di lingkungan {{ instansi }}.",
    ),
    (
        "KEDUA",
        "Jangka waktu pengecualian setiap informasi sebagaimana dimaksud dalam Diktum KESATU "
        "adalah sebagaimana tercantum dalam Lampiran; setelah jangka waktu tersebut berakhir, "
        "informasi yang bersangkutan menjadi Informasi Publik yang dapat diakses oleh setiap "
        "Pemohon Informasi Publik.",
    ),
    (
        "KETIGA",
        "Daftar Informasi yang Dikecualikan sebagaimana dimaksud dalam Diktum KESATU ditinjau "
        "kembali paling sedikit 1 (satu) kali dalam setahun, atau sewaktu-waktu apabila "
        "terdapat permohonan Informasi Publik atau putusan Komisi Informasi yang berkaitan "
        "dengan informasi tersebut.",
    ),
    ("KEEMPAT", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
]


def _decision_rows(document: DocxDocument, rows: Sequence[tuple[str, list[Par]]]) -> None:
    """Borderless label | ":" | text table used by Menimbang, Mengingat and the diktum."""
    widths = [3.0, 0.5, PORTRAIT_WIDTH - 3.5]
    table = new_table(document, widths, bordered=False)
    for number, (label, paragraphs) in enumerate(rows):
        row = table.rows[0] if number == 0 else add_row(table, widths)
        if label:
            write(row.cells[0], par(label, size=BODY_PORTRAIT))
            write(row.cells[1], par(":", size=BODY_PORTRAIT))
        write_all(row.cells[2], paragraphs)


def daftar_informasi_dikecualikan() -> Path:
    document = letterhead_document(landscape=False)
    size = BODY_PORTRAIT
    width = PORTRAIT_WIDTH
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

    write_all(
        document,
        [
            par("KEPUTUSAN {{ penanda_tangan.jabatan }}", bold=True, size=size, align=center),
            par("NOMOR {{ keputusan.nomor }}", bold=True, size=size, align=center, after=10),
            par("TENTANG", bold=True, size=size, align=center, after=10),
            par(
                "DAFTAR INFORMASI YANG DIKECUALIKAN TAHUN {{ tahun }}",
                bold=True,
                size=size,
                align=center,
                after=12,
            ),
            par("{{ penanda_tangan.jabatan }},", bold=True, size=size, align=center, after=12),
        ],
    )

    def lettered(label: str, text: str) -> Par:
        spec = item(label, text, left=0.7, hanging=0.7, size=size)
        spec.after = 3
        return spec

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
            "bahwa Pejabat Pengelola Informasi dan Dokumentasi {{ instansi }} telah melakukan "
            "Pengujian Konsekuensi pada tanggal {{ keputusan.tanggal_uji }} sebagaimana "
            "tertuang dalam Lembar Pengujian Konsekuensi Nomor {{ keputusan.nomor_lembar_uji }};",
        ),
        lettered(
            "c.",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
            "menetapkan Keputusan tentang Daftar Informasi yang Dikecualikan Tahun {{ tahun }};",
        ),
    ]
    mengingat = [lettered(f"{n}.", text) for n, text in enumerate(MENGINGAT, 1)]
    mengingat[-1].runs[-1] = (MENGINGAT[-1][:-1] + ".", Fmt(size=size))
    _decision_rows(
        document, [("Menimbang", menimbang), ("", [par(size=6)]), ("Mengingat", mengingat)]
    )

    write(
        document,
        par("MEMUTUSKAN:", bold=True, size=size, align=center, before=10, after=10, keep_next=True),
    )

    def text(content: str, align: WD_ALIGN_PARAGRAPH = justify) -> list[Par]:
        return [par(content, size=size, align=align, after=6)]

    menetapkan = text(
        "KEPUTUSAN {{ penanda_tangan.jabatan }} TENTANG DAFTAR INFORMASI "
        "YANG DIKECUALIKAN TAHUN {{ tahun }}.",
        WD_ALIGN_PARAGRAPH.LEFT,
    )
    diktum = [(label, text(content)) for label, content in DIKTUM]
    _decision_rows(document, [("Menetapkan", menetapkan), *diktum])
    gap(document, size, 6)
    sign_width = 8.5
    left = WD_ALIGN_PARAGRAPH.LEFT
    place = [
        par("Ditetapkan di {{ tempat }}", size=size, align=left),
        par("pada tanggal {{ keputusan.tanggal }}", size=size, align=left, after=8),
    ]
    table = signature(document, width, "penanda_tangan", before=place, block=sign_width, size=size)
    # A line under "pada tanggal ...", as in printed decisions.
    paragraph_rule(table.rows[0].cells[1].paragraphs[1], "single", 6)

    write(document, par("Tembusan disampaikan kepada Yth.:", size=size, before=14, keep_next=True))
    write_all(
        document,
        [
            tag("{%p for t in tembusan %}"),
            item(
                "{{ loop.index }}.",
                '{{ t }}{{ ";" if not loop.last else "." }}',
                left=0.7,
                hanging=0.7,
                size=size,
            ),
            tag("{%p endfor %}"),
        ],
    )

    # Section 2: the annex, landscape.
    annex = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(annex, landscape=True)
    annex.different_first_page_header_footer = False  # numbered from its first page
    small = 10.0
    widths = [2.6, 0.4, 9.0]
    block = new_table(document, widths, bordered=False, relative=False)
    block.alignment = WD_TABLE_ALIGNMENT.RIGHT
    lines = [
        ("LAMPIRAN", "KEPUTUSAN {{ penanda_tangan.jabatan }}"),
        ("NOMOR", "{{ keputusan.nomor }}"),
        ("TANGGAL", "{{ keputusan.tanggal }}"),
    ]
    for number, (label, value) in enumerate(lines):
        row = block.rows[0] if number == 0 else add_row(block, widths)
        write(row.cells[0], par(label, size=small))
        write(row.cells[1], par(":", size=small))
        write(row.cells[2], par(value, size=small, after=2))
    gap(document, BODY_LANDSCAPE, 6)
    title_block(
        document,
        ["DAFTAR INFORMASI YANG DIKECUALIKAN", "{{ instansi|upper }}", "TAHUN {{ tahun }}"],
        size=12,
    )
    gap(document, BODY_LANDSCAPE, 4)
    data_table(
        document, exempt_columns(TABLE_LANDSCAPE, with_id=False), "b in butir", size=TABLE_LANDSCAPE
    )
    gap(document, BODY_LANDSCAPE, 10)
    signature(document, LANDSCAPE_WIDTH, "penanda_tangan", block=9.0, size=BODY_LANDSCAPE)
    return save(document, "daftar_informasi_dikecualikan.docx")


def pengembalian() -> Path:
    document = letterhead_document(landscape=False)
    size = BODY_PORTRAIT
    t = TABLE_PORTRAIT - 1  # six columns on a portrait page
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    title_block(
        document,
        ["PENGEMBALIAN KONSEP", "DAFTAR INFORMASI YANG DIKECUALIKAN", "TAHUN {{ tahun }}"],
        size=size,
    )
    gap(document, size, 8)
    write(document, par("Kepada Yth. {{ kepada }}", size=size, after=2))
    write(document, par("di {{ tempat }}", size=size, after=10))
    write(
        document,
        par(
            "Sesuai langkah 4 dan 5 Standar Operasional Prosedur Pendokumentasian Informasi yang "
            "Dikecualikan, Konsep Daftar Informasi yang Dikecualikan {{ instansi }} Tahun "
            "{{ tahun }} dikembalikan kepada Ketua PPID untuk diperbaiki. Sebanyak {{ jumlah }} "
            "informasi dikembalikan dengan catatan sebagai berikut:",
            size=size,
            align=justify,
            after=6,
        ),
    )
    left = WD_ALIGN_PARAGRAPH.LEFT
    data_table(
        document,
        [
            Column("No", 0.8, [cell_text("{{ b.no }}", size=t, align=center)]),
            Column("ID", 2.9, [cell_text("{{ b.id }}", size=t, align=left)]),
            Column("Informasi", 4.3, [cell_text("{{ b.informasi }}", size=t, align=left)]),
            Column("Dikembalikan oleh", 2.9, [cell_text("{{ b.oleh }}", size=t, align=left)]),
            Column("Tahap", 2.1, [cell_text("{{ b.tahap }}", size=t, align=left)]),
            Column("Catatan", 3.0, [cell_text("{{ b.catatan }}", size=t, align=left)]),
        ],
        "b in butir",
        size=t,
    )
    write(document, tag("{%p if belum %}"))
    write(
        document,
        par(
            "Selain itu, informasi berikut belum diputuskan pada tahap pemeriksaan sehingga "
            "konsep belum dapat ditetapkan:",
            size=size,
            align=justify,
            before=10,
            after=6,
            keep_next=True,
        ),
    )
    data_table(
        document,
        [
            Column("No", 0.8, [cell_text("{{ loop.index }}", size=t, align=center)]),
            Column("ID", 2.9, [cell_text("{{ x.id }}", size=t, align=left)]),
            Column(
                "Informasi dan Keadaan", 12.3, [cell_text("{{ x.informasi }}", size=t, align=left)]
            ),
        ],
        "x in belum",
        size=t,
    )
    write(document, tag("{%p endif %}"))
    write(
        document,
        par(
            "Setelah diperbaiki, Konsep Daftar Informasi yang Dikecualikan agar disampaikan "
            "kembali untuk diperiksa sesuai langkah 4 dan 5 SOP.",
            size=size,
            align=justify,
            before=10,
            after=14,
        ),
    )
    signature_place = new_table(document, [PORTRAIT_WIDTH - 8.0, 8.0], bordered=False)
    write(
        signature_place.rows[0].cells[1],
        par("{{ tempat }}, {{ tanggal }}", size=size, align=center),
    )
    return save(document, "pengembalian.docx")


BUILDERS = (
    nota_dinas,
    lembar_pengujian_konsekuensi,
    konsep_daftar_informasi_dikecualikan,
    konsep_daftar_informasi_publik,
    daftar_informasi_dikecualikan,
    pengembalian,
)


def main() -> None:
    for build in BUILDERS:
        print(build().relative_to(HERE.parent))


if __name__ == "__main__":
    main()
