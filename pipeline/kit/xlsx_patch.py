"""A marked copy of an .xlsx workbook made by rewriting only the parts that change.

openpyxl's load and save of a staff workbook costs about 0.3 s for 1,000 rows, nearly all of it
in the parts that stay as they were. Here the package is copied member by member and only these
are rewritten: the sheets that get marks (fills, comments, cells created where a value is
missing), the formulas of every sheet (replaced by the values last calculated, as the reader
read them), styles.xml (the marks' fills, the added sheets' styles), workbook.xml and the
package's lists of parts. The added sheets come from a small workbook openpyxl writes.

Anything this does not handle raises `Unsupported` before a byte is written, and the caller
takes openpyxl's way: the decision is conservative, as a copy the staff cannot open is worse
than a slow one.
"""

import io
import posixpath
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from openpyxl import Workbook
from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.xml.functions import tostring

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
OFFICE = "application/vnd.openxmlformats-officedocument."
WORKBOOK_TYPE = OFFICE + "spreadsheetml.sheet.main+xml"
SHEET_TYPE = OFFICE + "spreadsheetml.worksheet+xml"
COMMENTS_TYPE = OFFICE + "spreadsheetml.comments+xml"
VML_TYPE = OFFICE + "vmlDrawing"
# What a workbook may hold for the copy to be made here: anything else (macros, external links,
# dynamic-array metadata, data connections, chart sheets, ...) takes openpyxl's way.
KNOWN_PARTS = {f"{RELS}/{kind}" for kind in
               ("worksheet", "styles", "theme", "sharedStrings", "calcChain", "customXml",
                "pivotCacheDefinition")}  # fmt: skip
# Elements that follow <legacyDrawing> in a worksheet, in the schema's order.
AFTER_LEGACY_DRAWING = {f"{{{MAIN}}}{name}" for name in
                        ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                         "webPublishItems", "tableParts", "extLst")}  # fmt: skip
STYLE_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
               "dxfs", "tableStyles", "colors", "extLst"]  # fmt: skip
AFTER_DEFINED_NAMES = {f"{{{MAIN}}}{name}" for name in
                       ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                        "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
                        "extLst")}  # fmt: skip
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
CUSTOM_FORMATS = 164  # the first number format id a workbook defines itself
# Parts were inspected (kit.limits refuses a DTD); entities stay unresolved regardless. A sheet
# may hold texts longer than lxml takes by default.
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True)
_SAFE_LARGE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class Unsupported(Exception):
    """The workbook holds something this copy does not handle: make it with openpyxl."""


@dataclass(frozen=True)
class Mark:
    """A cell to colour and explain (the merged range's top-left cell when it is in one)."""

    sheet: str
    cell: str
    color: str  # RRGGBB, a solid fill
    comment: str


def _q(name: str) -> str:
    return f"{{{MAIN}}}{name}"


def patch(
    source: Path, target: Path, marks: Sequence[Mark], added: Workbook, front: int, author: str,
    comment_size: tuple[int, int] = (360, 140),
) -> None:  # fmt: skip
    """`target`: `source` with its formulas as values, `marks` made, and `added`'s sheets
    around its own: the first `front` in front (the first of them active and selected), the
    rest after. Raises Unsupported, writing nothing, for what it does not handle."""
    try:
        with zipfile.ZipFile(source) as archive:
            package = _Package(archive)
            _Patch(package, added, front).apply(marks, author, comment_size)
            package.write(target)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as error:
        raise Unsupported(str(error)) from error


class _Package:
    """The members of a package as read, and what replaces, adds or drops them."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.changed: dict[str, bytes] = {}
        self.dropped: set[str] = set()

    def read(self, name: str) -> bytes:
        if name not in self.names:
            raise Unsupported(f"{name} is missing")
        return self.archive.read(name)

    def xml(self, name: str, root: str) -> etree._Element:
        """A part parsed, its root the element `root` (namespaced) or Unsupported."""
        element = etree.fromstring(self.read(name), _SAFE)
        if element.tag != root:
            raise Unsupported(f"{name} is a {element.tag}")
        return element

    def rels(self, part: str) -> etree._Element:
        """The relationships of a part (none yet: an empty list to add to)."""
        folder, name = posixpath.split(part)
        path = posixpath.join(folder, "_rels", f"{name}.rels")
        if path in self.names or path in self.changed:
            return etree.fromstring(self.changed.get(path) or self.read(path), _SAFE)
        return etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})

    def put(self, name: str, element: etree._Element | bytes) -> None:
        if isinstance(element, bytes):
            self.changed[name] = element
        else:
            self.changed[name] = etree.tostring(
                element, xml_declaration=True, encoding="UTF-8", standalone=True
            )

    def put_rels(self, part: str, rels: etree._Element) -> None:
        folder, name = posixpath.split(part)
        self.put(posixpath.join(folder, "_rels", f"{name}.rels"), rels)

    def free(self, pattern: str) -> str:
        """The first name of `pattern` (with {}) no member has."""
        number = 1
        while pattern.format(number) in self.names | set(self.changed):
            number += 1
        return pattern.format(number)

    def write(self, target: Path) -> None:
        """Every member, in its order, then the new ones; deflated at a fast level (a member
        kept is read and deflated again: about 10 ms for a sheet of 1,000 rows)."""
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            written = set()
            for info in self.archive.infolist():
                if info.filename in self.dropped or info.filename in written:
                    continue
                data = self.changed.get(info.filename)
                out.writestr(info.filename, self.archive.read(info) if data is None else data)
                written.add(info.filename)
            for name, data in self.changed.items():
                if name not in written:
                    out.writestr(name, data)


def _target(part: str, relationship: etree._Element) -> str:
    """The member a relationship of `part` points at."""
    target = relationship.get("Target", "")
    if relationship.get("TargetMode") == "External":
        raise Unsupported(f"{part} links outside the package")
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _new_id(rels: etree._Element) -> str:
    taken = {r.get("Id") for r in rels}
    return next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)


def _relate(rels: etree._Element, kind: str, target: str) -> str:
    """Add a relationship (absolute target) and return its id."""
    identifier = _new_id(rels)
    etree.SubElement(rels, f"{{{PACKAGE_RELS}}}Relationship",
                     Id=identifier, Type=f"{RELS}/{kind}", Target=f"/{target}")  # fmt: skip
    return identifier


def _insert_before(parent: etree._Element, child: etree._Element, later: set[str]) -> None:
    """Put `child` before the first of `parent`'s children whose tag is in `later`, else last."""
    following = next((c for c in parent if c.tag in later), None)
    if following is None:
        parent.append(child)
    else:
        following.addprevious(child)


@dataclass
class _Sheet:
    name: str
    part: str
    element: etree._Element  # its <sheet> in workbook.xml


class _Patch:
    """The edits of one copy, made in memory: nothing is written until every part is done."""

    def __init__(self, package: _Package, added: Workbook, front: int) -> None:
        self.package = package
        types = package.xml("[Content_Types].xml", f"{{{TYPES}}}Types")
        self.types = types
        root_rels = package.rels("")
        office = [r for r in root_rels if r.get("Type") == f"{RELS}/officeDocument"]
        if len(office) != 1:
            raise Unsupported("no single workbook part")
        self.workbook_part = _target("", office[0])
        overrides = {o.get("PartName"): o.get("ContentType") for o in types}
        if overrides.get(f"/{self.workbook_part}") != WORKBOOK_TYPE:
            raise Unsupported("not a plain .xlsx workbook (macros, a template, strict OOXML)")
        self.workbook = package.xml(self.workbook_part, _q("workbook"))
        self.workbook_rels = package.rels(self.workbook_part)
        for relationship in self.workbook_rels:
            if relationship.get("Type") not in KNOWN_PARTS:
                raise Unsupported(f"the workbook holds a {relationship.get('Type')}")
        self.sheets = self._sheets(self.workbook, self.workbook_rels, self.workbook_part)
        self.styles_part = self._part_of(self.workbook_rels, self.workbook_part, "styles")
        self.styles = package.xml(self.styles_part, _q("styleSheet"))
        for section in ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs"):
            if self.styles.find(_q(section)) is None or not len(self.styles.find(_q(section))):
                raise Unsupported(f"styles.xml has no {section}")
        self.added = _Added(added, front)
        taken = {sheet.name.casefold() for sheet in self.sheets}
        if any(sheet.name.casefold() in taken for sheet in self.added.sheets):
            raise Unsupported("the workbook already holds a sheet of that name")

    def _sheets(self, workbook: etree._Element, rels: etree._Element, part: str) -> list[_Sheet]:
        by_id = {r.get("Id"): r for r in rels}
        sheets = []
        for element in workbook.iterfind(f"{_q('sheets')}/{_q('sheet')}"):
            relationship = by_id[element.get(f"{{{RELS}}}id")]
            if relationship.get("Type") != f"{RELS}/worksheet":
                raise Unsupported("a chart or dialog sheet")
            sheets.append(_Sheet(element.get("name", ""), _target(part, relationship), element))
        return sheets

    def _part_of(self, rels: etree._Element, part: str, kind: str) -> str:
        found = [r for r in rels if r.get("Type") == f"{RELS}/{kind}"]
        if len(found) != 1:
            raise Unsupported(f"no single {kind} part")
        return _target(part, found[0])

    def apply(self, marks: Sequence[Mark], author: str, size: tuple[int, int]) -> None:
        styles = _Styles(self.styles)
        to_mark: dict[str, list[Mark]] = defaultdict(list)
        names = {sheet.name for sheet in self.sheets}
        for mark in marks:
            if mark.sheet in names:  # a problem on a sheet the workbook no longer has: none
                to_mark[mark.sheet].append(mark)
        for sheet in self.sheets:
            self._patch_sheet(sheet, to_mark.get(sheet.name, []), styles, author, size)
        xf_of = styles.merge(self.added.styles)
        self._add_sheets(xf_of)
        self._drop_calc_chain()
        self.package.put(self.styles_part, self.styles)
        self.package.put(self.workbook_part, self.workbook)
        self.package.put_rels(self.workbook_part, self.workbook_rels)
        self.package.put("[Content_Types].xml", self.types)

    def _patch_sheet(
        self, sheet: _Sheet, marks: list[Mark], styles: "_Styles", author: str,
        size: tuple[int, int],
    ) -> None:  # fmt: skip
        raw = self.package.read(sheet.part)
        if not marks and not FORMULA.search(raw) and b"tabSelected" not in raw:
            return  # copied as it is
        root = etree.fromstring(raw, _SAFE_LARGE)
        if root.tag != _q("worksheet"):
            raise Unsupported(f"{sheet.part} is a {root.tag}")
        for view in root.iter(_q("sheetView")):
            view.attrib.pop("tabSelected", None)
        data = root.find(_q("sheetData"))
        if data is None:
            raise Unsupported(f"{sheet.part} has no sheetData")
        _drop_formulas(data)
        if marks:
            comments = _mark_cells(root, data, marks, styles)
            self._comment(sheet, root, comments, author, size)
        self.package.put(sheet.part, root)

    def _comment(
        self, sheet: _Sheet, root: etree._Element, comments: list[tuple[str, str]], author: str,
        size: tuple[int, int],
    ) -> None:  # fmt: skip
        """The comments part, its VML shapes and the sheet's link to them, as openpyxl writes
        them; a sheet that has comments or VML shapes already takes openpyxl's way."""
        if root.find(_q("legacyDrawing")) is not None:
            raise Unsupported(f"{sheet.name} has comments or shapes")
        rels = self.package.rels(sheet.part)
        if any(r.get("Type") == f"{RELS}/comments" for r in rels):
            raise Unsupported(f"{sheet.name} has comments")
        records = []
        for reference, text in comments:
            record = CommentRecord(ref=reference, author=author, width=size[0], height=size[1])
            record.text.t = text
            records.append(record)
        notes = CommentSheet.from_comments(records)
        comments_part = self.package.free("xl/comments/comment{}.xml")
        self.package.put(comments_part, tostring(notes.to_tree()))
        drawing_part = self.package.free("xl/drawings/commentsDrawing{}.vml")
        self.package.put(drawing_part, notes.write_shapes())
        _relate(rels, "comments", comments_part)
        drawing = etree.Element(_q("legacyDrawing"), nsmap={"r": RELS})
        drawing.set(f"{{{RELS}}}id", _relate(rels, "vmlDrawing", drawing_part))
        _insert_before(root, drawing, AFTER_LEGACY_DRAWING)
        self.package.put_rels(sheet.part, rels)
        self._declare(comments_part, COMMENTS_TYPE)
        if not any(d.get("Extension", "").lower() == "vml" for d in self.types):
            vml = etree.Element(f"{{{TYPES}}}Default", Extension="vml", ContentType=VML_TYPE)
            self.types.insert(0, vml)

    def _declare(self, part: str, content_type: str) -> None:
        etree.SubElement(self.types, f"{{{TYPES}}}Override",
                         PartName=f"/{part}", ContentType=content_type)  # fmt: skip

    def _add_sheets(self, xf_of: dict[int, int]) -> None:
        """The added sheets in workbook.xml (first ones in front, active), their parts; the
        workbook's own sheet-scoped names follow their sheets."""
        sheets = self.workbook.find(_q("sheets"))
        assert sheets is not None  # found by _sheets
        next_id = max((int(s.element.get("sheetId", 0)) for s in self.sheets), default=0) + 1
        front, own = self.added.front, len(self.sheets)
        for position, added in enumerate(self.added.sheets):
            part = self.package.free("xl/worksheets/sheet{}.xml")
            self.package.put(part, _restyled(added.element, xf_of))
            self._declare(part, SHEET_TYPE)
            element = etree.Element(_q("sheet"), nsmap={"r": RELS})
            element.set("name", added.name)
            element.set("sheetId", str(next_id + position))
            if added.state != "visible":
                element.set("state", added.state)
            element.set(f"{{{RELS}}}id", _relate(self.workbook_rels, "worksheet", part))
            if position < front:
                sheets.insert(position, element)
            else:
                sheets.append(element)
        names = self.workbook.find(_q("definedNames"))
        if names is None:
            names = etree.Element(_q("definedNames"))
            _insert_before(self.workbook, names, AFTER_DEFINED_NAMES)
        for name in names:
            if name.get("localSheetId") is not None:
                name.set("localSheetId", str(int(name.get("localSheetId", "0")) + front))
        for name in self.added.names:
            local = int(name.get("localSheetId", "0"))
            name.set("localSheetId", str(local if local < front else local + own))
            names.append(name)
        if not len(names):
            self.workbook.remove(names)
        views = self.workbook.find(_q("bookViews"))
        if views is None:
            views = etree.Element(_q("bookViews"))
            etree.SubElement(views, _q("workbookView"))
            sheets.addprevious(views)
        for view in views:
            view.set("activeTab", "0")
            view.attrib.pop("firstSheet", None)

    def _drop_calc_chain(self) -> None:
        """The calculation chain lists formula cells; a copy of values has none."""
        for relationship in list(self.workbook_rels):
            if relationship.get("Type") == f"{RELS}/calcChain":
                part = _target(self.workbook_part, relationship)
                self.package.dropped.add(part)
                self.workbook_rels.remove(relationship)
                for override in list(self.types):
                    if override.get("PartName") == f"/{part}":
                        self.types.remove(override)


def _drop_formulas(data: etree._Element) -> None:
    """Each formula cell keeps the value last calculated (none when it never was), as text
    when the formula gave text."""
    for formula in list(data.iter(_q("f"))):
        cell = formula.getparent()
        cell.remove(formula)
        value = cell.find(_q("v"))
        if value is None:
            cell.attrib.pop("t", None)
        elif cell.get("t") == "str":
            cell.set("t", "inlineStr")
            cell.remove(value)
            text = etree.SubElement(etree.SubElement(cell, _q("is")), _q("t"))
            text.text = value.text or ""
            text.set(XML_SPACE, "preserve")


def _mark_cells(
    root: etree._Element, data: etree._Element, marks: list[Mark], styles: "_Styles"
) -> list[tuple[str, str]]:
    """Fill each mark's cell (made where it is missing); the (cell, text) of its comment."""
    merged = [range_boundaries(m.get("ref", "")) for m in root.iter(_q("mergeCell"))]
    rows: dict[int, etree._Element] = {}
    for row in data:
        if row.get("r") is None:
            raise Unsupported("a row without its number")
        rows[int(row.get("r", ""))] = row
    comments: dict[str, str] = {}
    for mark in marks:
        letters, number = coordinate_from_string(mark.cell)
        column = column_index_from_string(letters)
        for left, top, right, bottom in merged:
            if left <= column <= right and top <= number <= bottom:
                column, number = left, top
        reference = f"{get_column_letter(column)}{number}"
        if reference in comments:  # two cells of one merged range: openpyxl's way joins them
            raise Unsupported("two marks on one cell")
        if number not in rows:
            rows[number] = _new_row(data, rows, number)
        cell = _cell(rows[number], column, reference, root)
        cell.set("s", str(styles.filled(int(cell.get("s", "0")), mark.color)))
        comments[reference] = mark.comment
    return list(comments.items())


def _new_row(data: etree._Element, rows: dict[int, etree._Element], number: int) -> etree._Element:
    row = etree.Element(_q("row"), r=str(number))
    following = min((n for n in rows if n > number), default=None)
    if following is None:
        data.append(row)
    else:
        rows[following].addprevious(row)
    return row


def _cell(row: etree._Element, column: int, reference: str, root: etree._Element) -> etree._Element:
    """The row's cell at `column`, made in column order when it is missing."""
    following = None
    for cell in row.iterchildren(_q("c")):
        if cell.get("r") is None:
            raise Unsupported("a cell without its reference")
        here = column_index_from_string(coordinate_from_string(cell.get("r", ""))[0])
        if here == column:
            return cell
        if here > column:
            following = cell
            break
    made = etree.Element(_q("c"), r=reference)
    if following is None:
        row.append(made)
    else:
        following.addprevious(made)
    row.attrib.pop("spans", None)  # a hint of the row's columns: no longer true
    _widen(root, reference)
    return made


def _widen(root: etree._Element, reference: str) -> None:
    """The sheet's dimension, grown to hold a cell made outside it."""
    dimension = root.find(_q("dimension"))
    if dimension is None:
        return
    left, top, right, bottom = range_boundaries(dimension.get("ref", "A1"))
    column = column_index_from_string(coordinate_from_string(reference)[0])
    number = coordinate_from_string(reference)[1]
    left, right = min(left or column, column), max(right or column, column)
    top, bottom = min(top or number, number), max(bottom or number, number)
    dimension.set("ref", f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}")


class _Styles:
    """styles.xml of the copy: the marks' cell formats and the added sheets' styles."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.fills: dict[str, int] = {}
        self.formats: dict[tuple[int, str], int] = {}

    def section(self, name: str) -> etree._Element:
        found = self.root.find(_q(name))
        if found is None:
            found = etree.Element(_q(name))
            later = {_q(n) for n in STYLE_ORDER[STYLE_ORDER.index(name) + 1 :]}
            _insert_before(self.root, found, later)
        return found

    def append(self, name: str, element: etree._Element) -> int:
        section = self.section(name)
        section.append(element)
        section.set("count", str(len(section)))
        return len(section) - 1

    def filled(self, xf: int, color: str) -> int:
        """The cell format `xf` with a solid fill of `color`, as openpyxl gives a cell whose
        fill is set: its font, border, number format and alignment kept."""
        if color not in self.fills:
            fill = etree.fromstring(f'<fill xmlns="{MAIN}"><patternFill patternType="solid">'
                                    f'<fgColor rgb="00{color}"/></patternFill></fill>')  # fmt: skip
            self.fills[color] = self.append("fills", fill)
        if (xf, color) not in self.formats:
            formats = self.section("cellXfs")
            if xf >= len(formats):
                raise Unsupported(f"cell format {xf} is not in styles.xml")
            clone = deepcopy(formats[xf])
            clone.set("fillId", str(self.fills[color]))
            clone.set("applyFill", "1")
            self.formats[(xf, color)] = self.append("cellXfs", clone)
        return self.formats[(xf, color)]

    def merge(self, other: etree._Element) -> dict[int, int]:
        """Append another workbook's fonts, fills, borders, number formats and cell formats;
        its named styles join ours unless we have one of that name. Its cell format -> ours
        (its default is ours)."""
        maps = {}
        for section, key in (("fonts", "fontId"), ("fills", "fillId"), ("borders", "borderId")):
            found = other.find(_q(section))
            maps[key] = {i: self.append(section, deepcopy(e))
                         for i, e in enumerate(found if found is not None else [])}  # fmt: skip
        maps["numFmtId"] = self._number_formats(other)
        styles = {_style_key(s): int(s.get("xfId", "0")) for s in self.section("cellStyles")}
        named = other.find(_q("cellStyleXfs"))
        named_map = {}
        for style in other.iterfind(f"{_q('cellStyles')}/{_q('cellStyle')}"):
            theirs = int(style.get("xfId", "0"))
            if _style_key(style) in styles:
                named_map[theirs] = styles[_style_key(style)]
            elif style.get("builtinId") is not None or named is None:
                named_map[theirs] = 0  # a built-in style the workbook does not list: Normal
            else:
                named_map[theirs] = self.append("cellStyleXfs", _reindexed(named[theirs], maps))
                added = deepcopy(style)
                added.set("xfId", str(named_map[theirs]))
                self.append("cellStyles", added)
        xf_of = {0: 0}
        formats = other.find(_q("cellXfs"))
        for index, xf in enumerate(formats if formats is not None else []):
            if index:
                copy = _reindexed(xf, maps)
                copy.set("xfId", str(named_map.get(int(xf.get("xfId", "0")), 0)))
                xf_of[index] = self.append("cellXfs", copy)
        return xf_of

    def _number_formats(self, other: etree._Element) -> dict[int, int]:
        ours = {f.get("formatCode"): int(f.get("numFmtId", "0"))
                for f in self.root.iterfind(f"{_q('numFmts')}/{_q('numFmt')}")}  # fmt: skip
        mapped = {}
        for number_format in other.iterfind(f"{_q('numFmts')}/{_q('numFmt')}"):
            code = number_format.get("formatCode")
            if code not in ours:
                ours[code] = max([*ours.values(), CUSTOM_FORMATS - 1]) + 1
                copy = deepcopy(number_format)
                copy.set("numFmtId", str(ours[code]))
                self.append("numFmts", copy)
            mapped[int(number_format.get("numFmtId", "0"))] = ours[code]
        return mapped


def _style_key(style: etree._Element) -> str:
    """Built-in styles (Normal) are one style whatever the name they are given."""
    builtin = style.get("builtinId")
    return f"builtin {builtin}" if builtin is not None else str(style.get("name", "")).casefold()


def _reindexed(xf: etree._Element, maps: dict[str, dict[int, int]]) -> etree._Element:
    copy = deepcopy(xf)
    for key, mapping in maps.items():
        if copy.get(key) is not None:
            value = int(copy.get(key, "0"))
            copy.set(key, str(mapping.get(value, value)))
    return copy


def _restyled(sheet: etree._Element, xf_of: dict[int, int]) -> etree._Element:
    """An added sheet's XML with its cell formats renumbered as they are in the copy."""
    copy = deepcopy(sheet)
    for element in copy.iter(_q("c"), _q("row"), _q("col")):
        key = "style" if element.tag == _q("col") else "s"
        if element.get(key) is not None:
            element.set(key, str(xf_of[int(element.get(key, "0"))]))
    return copy


@dataclass
class _AddedSheet:
    name: str
    state: str
    element: etree._Element


class _Added:
    """The sheets openpyxl wrote in a small workbook, to be moved into the copy."""

    def __init__(self, workbook: Workbook, front: int) -> None:
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.front = front
        with zipfile.ZipFile(buffer) as archive:
            package = _Package(archive)
            root = package.xml("xl/workbook.xml", _q("workbook"))
            rels = package.rels("xl/workbook.xml")
            if any(r.get("Type") == f"{RELS}/sharedStrings" for r in rels):
                raise Unsupported("the added sheets use shared strings")
            by_id = {r.get("Id"): _target("xl/workbook.xml", r) for r in rels}
            self.sheets = []
            for element in root.iterfind(f"{_q('sheets')}/{_q('sheet')}"):
                part = by_id[element.get(f"{{{RELS}}}id")]
                if package.rels(part).find(f"{{{PACKAGE_RELS}}}Relationship") is not None:
                    raise Unsupported("an added sheet has parts of its own")
                self.sheets.append(_AddedSheet(str(element.get("name")),
                                               element.get("state", "visible"),
                                               package.xml(part, _q("worksheet"))))  # fmt: skip
            self.names: Iterable[etree._Element] = list(root.iterfind(
                f"{_q('definedNames')}/{_q('definedName')}"))  # fmt: skip
            self.styles = package.xml("xl/styles.xml", _q("styleSheet"))
