"""Hostile workbooks, built in code: each function writes one file into a folder and returns it.

What a broken or malicious sender could put in masuk/: cells at the far corner of the grid,
compressed bombs, entity bombs, bad bytes, broken or overlapping zips, crafted .ods repeat
counts and .xls records. Written with zipfile and hand-written SpreadsheetML, ODF and BIFF8;
each stays small on disk and takes well under a second to build. The normal_* builders write
harmless files the same way, as controls.
"""

import os
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MIB = 1 << 20
GIB = 1 << 30

CONTENT_TYPES = XML_HEAD + (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
PACKAGE_RELS = (
    XML_HEAD
    + (
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ).encode()
)
WORKBOOK = (
    XML_HEAD
    + (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        '<sheet name="Inventaris" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ).encode()
)
WORKBOOK_RELS = (
    XML_HEAD
    + (
        f'<Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ).encode()
)
EMPTY_STRINGS = XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="0" uniqueCount="0"/>'.encode()


# --- .xlsx --------------------------------------------------------------------------------------


def cell(ref: str, text: str) -> bytes:
    """One inline-string cell; an empty `ref` leaves the address out."""
    address = f' r="{ref}"' if ref else ""
    return f'<c{address} t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def header_row() -> bytes:
    return b'<row r="1">' + cell("A1", "No") + cell("B1", "Judul Informasi") + b"</row>"


def sheet_xml(rows: Iterable[bytes], *, before: bytes = b"", after: bytes = b"") -> Iterator[bytes]:
    """A worksheet part in pieces: `before` goes ahead of sheetData (e.g. a dimension),
    `after` behind it (e.g. mergeCells, headerFooter)."""
    yield XML_HEAD + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'.encode() + before
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData>" + after + b"</worksheet>"


def write_xlsx(
    path: Path,
    sheet: Iterable[bytes],
    *,
    level: int = 6,
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A minimal .xlsx that calamine and openpyxl both open. The sheet is streamed into the
    zip, so a huge one never sits in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", method, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", EMPTY_STRINGS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for piece in sheet:
                part.write(piece)
    return path


def xlsx_rows(
    folder: Path, name: str, *rows: bytes, before: bytes = b"", after: bytes = b""
) -> Path:
    """A workbook whose sheet holds a header row and then `rows`, as written."""
    return write_xlsx(folder / name, sheet_xml([header_row(), *rows], before=before, after=after))


def normal_xlsx(folder: Path, name: str = "PP.xlsx") -> Path:
    """A harmless minimal workbook: the control for the builders below."""
    data = b'<row r="2"><c r="A2"><v>1</v></c>' + cell("B2", "Judul") + b"</row>"
    return xlsx_rows(folder, name, data)


def far_away_cell(folder: Path) -> Path:
    """A header, and one more cell at XFD1048576: calamine allocates the dense range between
    them (17 billion cells) and the process aborts. 2 KB on disk."""
    return xlsx_rows(folder, "far.xlsx", b'<row r="1048576">' + cell("XFD1048576", "x") + b"</row>")


def plant_cell(path: Path, ref: str, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """One stray value at `ref` in an existing workbook's sheet, as a careless keystroke in a
    far cell leaves it; the rest of the file as it was."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    stray = f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">'.encode() + cell(ref, "x")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename == part:
                data = data.replace(b"</sheetData>", stray + b"</row></sheetData>", 1)
            target.writestr(info, data)
    return path


def duplicate_address(folder: Path) -> Path:
    """A cell with two r attributes amid ordinary cells: calamine takes the last one."""
    twice = b'<c r="B2" r="XFD1048576"><v>1</v></c><c r="C2"><v>1</v></c>'
    return xlsx_rows(folder, "twice.xlsx", b'<row r="2">' + twice + b"</row>")


def duplicate_address_later(folder: Path) -> Path:
    """The second r after another attribute, apart by a tab and single-quoted: the bulk
    shortcut looks at every attribute of a cell tag, not only at what follows the first r."""
    twice = b'<c r="B2" s="0"\tr=\'XFD1048576\'><v>1</v></c><c r="C2"><v>1</v></c>'
    return xlsx_rows(folder, "twice.xlsx", b'<row r="2">' + twice + b"</row>")


def prefixed_cell(folder: Path) -> Path:
    """A cell tag with a namespace prefix amid ordinary cells: calamine reads <x:c> as <c>."""
    cells = b'<c r="A2"><v>1</v></c><x:c r="XFD1048576"><x:v>1</x:v></x:c><c r="C2"><v>1</v></c>'
    return xlsx_rows(folder, "prefixed.xlsx", b'<row r="2">' + cells + b"</row>")


def prefixed_cells_without_address(folder: Path, cells: int = 1_001) -> Path:
    """Prefixed cells without an address between ordinary ones: each moves calamine one column
    right, so the last filled one sits in column 1,003."""
    row = (b'<row r="2"><c r="A2"><v>1</v></c>' + b"<x:c/>" * cells + b"<x:c><x:v>1</x:v></x:c>"
           + b'</row><row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>1</v></c></row>')  # fmt: skip
    return xlsx_rows(folder, "prefixed_columns.xlsx", row)


def implicit_far_rows(folder: Path, rows: int = 90_000, width: int = 900) -> Path:
    """Rows without an address: calamine counts every <row/>, so a cell without an address
    of its own lands 90,000 rows below a header that reaches column 900: 81 million cells
    from a 3 KB file, with every row and column count under its limit."""
    wide = b'<row r="1">' + cell("A1", "No") + cell(column_name(width) + "1", "x") + b"</row>"
    pieces = sheet_xml([wide, b"<row/>" * rows, b"<row>" + cell("", "x") + b"</row>"])
    return write_xlsx(folder / "implicit.xlsx", pieces, level=9)


def implicit_far_columns(folder: Path, cells: int = 1_001) -> Path:
    """Empty cells without an address each move calamine one column right: the filled cell
    after a thousand of them sits in column 1,002."""
    return xlsx_rows(folder, "columns.xlsx", b"<row>" + b"<c/>" * cells + cell("", "x") + b"</row>")


def huge_dimension(folder: Path) -> Path:
    """Only a header, but the sheet declares the whole grid as its used range."""
    return xlsx_rows(folder, "dimension.xlsx", before=b'<dimension ref="A1:XFD1048576"/>')


def merged_everything(folder: Path) -> Path:
    """One merged range over the whole grid: openpyxl creates a MergedCell for each of its
    17 billion cells (MemoryError after 30 s)."""
    after = b'<mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>'
    return xlsx_rows(folder, "merged.xlsx", after=after)


def merge_between_rows(folder: Path) -> Path:
    """The whole-grid merge again, placed between ordinary rows: openpyxl and calamine both
    take it from there (openpyxl: MemoryError after 21 s)."""
    merge = b'<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    return _between_rows(folder, "midmerge.xlsx", merge)


def hyperlink_between_rows(folder: Path) -> Path:
    """The whole-grid hyperlink between ordinary rows (openpyxl: MemoryError after 30 s)."""
    link = b'<hyperlinks><hyperlink ref="A1:XFD1048576" location="A1"/></hyperlinks>'
    return _between_rows(folder, "midlink.xlsx", link)


def _between_rows(folder: Path, name: str, element: bytes) -> Path:
    before = b'<row r="2"><c r="A2"><v>1</v></c></row>'
    after = b'<row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>1</v></c></row>'
    return xlsx_rows(folder, name, before, element, after)


def hyperlink_everywhere(folder: Path) -> Path:
    """A hyperlink on a whole-grid range: openpyxl creates every cell of it."""
    after = (
        b'<hyperlinks><hyperlink ref="A1:XFD1048576" location="\'Inventaris\'!A1"/></hyperlinks>'
    )
    return xlsx_rows(folder, "links.xlsx", after=after)


def attribute_with_lt(folder: Path) -> Path:
    """A '<' inside an attribute, which calamine accepts: a cell hidden from a naive scan."""
    cells = b'<c r="A2" a="<" r="XFD1048576"><v>1</v></c><c r="C2"><v>1</v></c>'
    return xlsx_rows(folder, "lt.xlsx", b'<row r="2">' + cells + b"</row>")


def cell_bomb(folder: Path, size: int = GIB) -> Path:
    """One shared string of `size` bytes of 'A' (1 GiB packs into 1 MB), the cell every reader
    loads in full. Deflate is reset after each block, so one packed block serves them all."""
    block = b"A" * min(16 * MIB, size)
    head = XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode()
    tail = b"</t></si></sst>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = [packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)]
    one = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    crc, blocks = zlib.crc32(head), size // len(block)
    for _ in range(blocks):
        packed.append(one)
        crc = zlib.crc32(block, crc)
    packed.append(packer.compress(tail) + packer.flush())
    strings = (b"".join(packed), zlib.crc32(tail, crc), len(head) + blocks * len(block) + len(tail))
    rows = [header_row(), b'<row r="2"><c r="B2" t="s"><v>0</v></c></row>']
    members = [*_packed_parts(b"".join(sheet_xml(rows))), ("xl/sharedStrings.xml", *strings)]
    return write_raw_zip(folder / "bomb.xlsx", members)


def shared_string_copies(folder: Path, size: int = 990_000, rows: int = 300) -> Path:
    """One shared string just under a megabyte, shown by 10 cells in each of 300 rows: calamine
    copies it into every cell, 3 GB from a 7 KB file. No part is large or packed suspiciously."""
    text = XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode()
    text += b"A" * size + b"</t></si></sst>"
    body = [
        f'<row r="{n}">'.encode()
        + b"".join(f'<c r="{column_name(c)}{n}" t="s"><v>0</v></c>'.encode() for c in range(1, 11))
        + b"</row>"
        for n in range(2, rows + 2)
    ]
    members = [*_packed_parts(b"".join(sheet_xml([header_row(), *body])))]
    members.append(("xl/sharedStrings.xml", _deflate(text), zlib.crc32(text), len(text)))
    return write_raw_zip(folder / "shared.xlsx", members)


def lying_size(folder: Path) -> Path:
    """The central directory says the sheet is 100 bytes; it inflates to 20 MB."""
    sheet = b"".join(sheet_xml([header_row(), b"<row/>" * (20 * MIB // 6)]))
    members = [(name, packed, crc, 100 if "sheet1" in name else size)
               for name, packed, crc, size in _packed_parts(sheet)]  # fmt: skip
    return write_raw_zip(folder / "lying.xlsx", members)


def oversized_total(folder: Path) -> Path:
    """Three parts of 90 MB each as the central directory declares them, every one under the
    part limit and packed only 90 times: together 270 MB."""
    members = [*_packed_parts(b"".join(sheet_xml([header_row()])))]
    members += [(f"xl/media/image{n}.bin", b"\x00" * MIB, 0, 90 * MIB) for n in range(3)]
    return write_raw_zip(folder / "total.xlsx", members)


def encrypted_part(folder: Path) -> Path:
    """A part flagged as encrypted: zip readers need a password, Excel never does this."""
    members = _packed_parts(b"".join(sheet_xml([header_row()])))
    return write_raw_zip(folder / "encrypted.xlsx", members, flags=1)


def million_rows(folder: Path, rows: int = 1_000_000) -> Path:
    """A sheet of one million filled rows (8 MB on disk, 45 MB inflated, ratio 6)."""

    def lines() -> Iterator[bytes]:
        yield header_row()
        for start in range(2, rows + 2, 10_000):
            yield b"".join(
                b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n - 1)
                for n in range(start, min(start + 10_000, rows + 2))
            )

    return write_xlsx(folder / "rows.xlsx", sheet_xml(lines()), level=1)


def long_text(folder: Path, size: int = 9 * MIB) -> Path:
    """One cell of 9 MB of letters that do not pack (an Excel cell holds 32,767 characters)."""
    letters = os.urandom(size).translate(bytes(97 + byte % 26 for byte in range(256)))
    return xlsx_rows(folder, "text.xlsx", b'<row r="2">' + cell("B2", letters.decode()) + b"</row>")


def entity_bomb(folder: Path) -> Path:
    """Billion laughs in the page header of the sheet: ten levels of ten references."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    doctype = f"<!DOCTYPE worksheet [{''.join(entities)}]>".encode()
    after = b"<headerFooter><oddHeader>&lol9;</oddHeader></headerFooter>"
    pieces = list(sheet_xml([header_row()], after=after))
    pieces[0] = pieces[0].replace(XML_HEAD, XML_HEAD + doctype)
    return write_xlsx(folder / "entity.xlsx", pieces)


def utf16_sheet(folder: Path) -> Path:
    """The sheet in UTF-16: byte scans for markup would see nothing, openpyxl reads it."""
    text = (
        b"".join(sheet_xml([header_row()]))
        .decode()
        .replace('encoding="UTF-8"', 'encoding="UTF-16"')
    )
    return write_xlsx(folder / "utf16.xlsx", [text.encode("utf-16")])


def utf7_declared(folder: Path) -> Path:
    """An XML declaration naming UTF-7, in which '<!ENTITY' can be spelled '+ADw-!ENTITY'."""
    first, *rest = sheet_xml([header_row()])
    return write_xlsx(folder / "utf7.xlsx", [first.replace(b"UTF-8", b"UTF-7"), *rest])


def control_bytes(folder: Path) -> Path:
    """Raw control bytes (vertical tab, SOH) in cell text: illegal in XML 1.0. calamine reads
    them, openpyxl and LibreOffice do not."""
    return xlsx_rows(
        folder, "control.xlsx", b'<row r="2">' + cell("B2", "baris\x0bsatu\x01") + b"</row>"
    )


def bzip2_sheet(folder: Path) -> Path:
    """A sheet packed with bzip2, which zipfile (and so openpyxl) inflates and Excel never
    writes; bzip2 packs repeated bytes a million times over."""
    return write_xlsx(folder / "bzip2.xlsx", sheet_xml([header_row()]), method=zipfile.ZIP_BZIP2)


def many_parts(folder: Path, parts: int = 1_001) -> Path:
    """A workbook with a thousand extra empty parts."""
    path = normal_xlsx(folder, "parts.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(parts):
            archive.writestr(f"xl/media/image{number}.png", b"")
    return path


def junk_in_front(folder: Path) -> Path:
    """The far-away cell with bytes in front: zip readers find the archive all the same."""
    far = far_away_cell(folder)
    path = folder / "junk.xlsx"
    path.write_bytes(b"JUNKJUNK" + far.read_bytes())
    far.unlink()
    return path


def truncated_zip(folder: Path) -> Path:
    """A workbook cut off in the middle, as a failed download leaves it."""
    whole = normal_xlsx(folder / "whole")
    path = folder / "truncated.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    shutil.rmtree(whole.parent)
    return path


def overlapping_zip(folder: Path, entries: int = 3) -> Path:
    """Several central-directory entries that all point at the same data, the trick of
    non-recursive zip bombs: the entries overlap instead of following each other."""
    data = XML_HEAD + b"<x/>" * 200
    names = ["[Content_Types].xml", *(f"xl/worksheets/sheet{n}.xml" for n in range(1, entries))]
    members = [(name, _deflate(data), zlib.crc32(data), len(data)) for name in names]
    return write_raw_zip(folder / "overlap.xlsx", members, overlap=True)


def non_utf8_name(folder: Path) -> Path:
    """A good workbook whose file name is not UTF-8 (Latin-1 'ï', as old Windows shares
    write it)."""
    raw = os.path.join(os.fsencode(folder), b"PP-na\xefve.xlsx")
    normal = normal_xlsx(folder / "ok")
    os.rename(os.fsencode(normal), raw)
    shutil.rmtree(normal.parent)
    return Path(os.fsdecode(raw))  # as Path.iterdir() gives it: with surrogate escapes


def directory_named_like_workbook(folder: Path) -> Path:
    path = folder / "PA.xlsx"
    path.mkdir(parents=True)
    return path


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _packed_parts(sheet: bytes) -> list[tuple[str, bytes, int, int]]:
    """The parts of a minimal workbook, deflated, for write_raw_zip."""
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS),
             ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
             ("xl/worksheets/sheet1.xml", sheet)]  # fmt: skip
    return [(name, _deflate(data), zlib.crc32(data), len(data)) for name, data in parts]


def write_raw_zip(
    path: Path, members: list[tuple[str, bytes, int, int]], *, overlap: bool = False, flags: int = 0
) -> Path:
    """A zip written byte by byte from (name, deflated data, crc, size) as given, true or not;
    with `overlap`, every central-directory entry points at the first member's data."""
    body, central = b"", b""
    for name, packed, crc, size in members:
        encoded = name.encode()
        offset = 0 if overlap else len(body)
        if not overlap or not body:
            body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, 0x21, crc, len(packed),
                                size, len(encoded), 0) + encoded + packed  # fmt: skip
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, 0, 0x21, crc,
                               len(packed), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded  # fmt: skip
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                      len(body), 0)  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body + central + end)
    return path


def column_name(number: int) -> str:
    """'A' for 1, 'XFD' for 16384."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- .ods ---------------------------------------------------------------------------------------

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
ODS_MANIFEST = XML_HEAD + (
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    b'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="'
    + ODS_MIME
    + b'"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
EMPTY_CELL = "<table:table-cell/>"


def ods_text(text: str, repeat: int = 1) -> str:
    """One string cell, optionally repeated across columns."""
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{times}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def ods_row(*cells: str, repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>{''.join(cells)}</table:table-row>"


def write_ods(path: Path, rows: Iterable[str]) -> Path:
    """A minimal .ods with one sheet 'Inventaris': a header row, then `rows`."""
    content = (
        XML_HEAD.decode() + f"<office:document-content {ODS_NS}><office:body><office:spreadsheet>"
        '<table:table table:name="Inventaris">'
        + ods_row(ods_text("No"), ods_text("Judul Informasi"))
        + "".join(rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME, zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content.encode())
    return path


def ods_trailing_empty(folder: Path) -> Path:
    """What LibreOffice writes for a sheet with formatted columns (harmless): after the data,
    an empty row repeated to the last row of the sheet, empty cells repeated to the last
    column."""
    filled = ods_row(
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell>",
        ods_text("Judul"),
        '<table:table-cell table:style-name="ce1" table:number-columns-repeated="16382"/>',
    )
    trailing = ods_row('<table:table-cell table:number-columns-repeated="16384"/>', repeat=1048574)
    return write_ods(folder / "trailing.ods", [filled, trailing])


def ods_repeated_content(folder: Path) -> Path:
    """A filled cell repeated across every column of a million rows: 17 billion cells."""
    return write_ods(folder / "repeat.ods", [ods_row(ods_text("x", 16384), repeat=1048575)])


def ods_repeated_below_cap(folder: Path) -> Path:
    """Filled cells repeated to 98 million: under calamine's own cap of 100 million cells, so
    it allocates them (abort after 30 s)."""
    return write_ods(folder / "under_cap.ods", [ods_row(ods_text("x", 16384), repeat=6000)])


def ods_far_cell(folder: Path) -> Path:
    """Empty cells repeated to column 16,383 in front of one filled cell."""
    empty = '<table:table-cell table:number-columns-repeated="16383"/>'
    return write_ods(folder / "far.ods", [ods_row(empty, ods_text("x"))])


def ods_empty_runs(folder: Path, rows: int = 150) -> Path:
    """Rows of 16,384 empty cells followed by one more empty cell: calamine keeps all but the
    last run of each row, 2.5 million cells here (20,000 such rows, 8 KB, abort it)."""
    row = ods_row('<table:table-cell table:number-columns-repeated="16384"/>', EMPTY_CELL)
    return write_ods(folder / "empty_runs.ods", [row * rows])


def ods_repeated_text(folder: Path, size: int = 900_000, rows: int = 3_000) -> Path:
    """A cell of 900 KB of text in a row repeated 3,000 times: 2.7 GB of copies in calamine,
    from a 1 KB file whose grid (3,001 x 2) is small."""
    text = "A" * size
    return write_ods(folder / "repeated_text.ods", [ods_row(ods_text(text), repeat=rows)])


def ods_space_bomb(folder: Path, spaces: int = 1_000_000_000) -> Path:
    """One text:s element asking for a billion spaces in a cell (4 GB and 10 s in calamine)."""
    bomb = (
        '<table:table-cell office:value-type="string">'
        f'<text:p>a<text:s text:c="{spaces}"/>b</text:p></table:table-cell>'
    )
    return write_ods(folder / "spaces.ods", [ods_row(bomb)])


# --- .xls: BIFF8 records in an OLE2 compound file ---------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def biff(kind: int, data: bytes) -> bytes:
    """One BIFF record."""
    return struct.pack("<HH", kind, len(data)) + data


def biff_number(row: int, column: int, value: float) -> bytes:
    """A NUMBER record at 0-based (row, column); BIFF8 keeps both in 16 bits."""
    return biff(0x0203, struct.pack("<HHHd", row, column, 0, value))


def biff_label(row: int, column: int, text: str) -> bytes:
    """A LABEL record: text kept in the cell record itself."""
    raw = text.encode("latin-1")
    return biff(0x0204, struct.pack("<HHHHB", row, column, 0, len(raw), 0) + raw)


def write_xls(
    path: Path,
    cells: list[bytes],
    *,
    dimensions: tuple[int, int] = (1, 2),
    mini: bool = False,
    workbook_records: bytes = b"",
) -> Path:
    """A minimal BIFF8 workbook, one sheet 'Inventaris' with a header and `cells` (records),
    declaring `dimensions` (rows, columns) as its used range; `workbook_records` go into the
    workbook globals. The Workbook stream is padded to 4,096 bytes unless `mini`: shorter
    streams live in the compound file's mini stream."""
    header = [biff_label(0, 0, "No"), biff_label(0, 1, "Judul Informasi")]
    rows, columns = dimensions
    bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6)
    sheet = (
        biff(0x0809, bof)
        + biff(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0))
        + b"".join(header + cells)
        + biff(0x000A, b"")
    )
    name = b"Inventaris"
    globals_ = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    offset = len(globals_) + 4 + 8 + len(name) + len(workbook_records) + 4  # after the EOF
    globals_ += biff(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)
    stream = globals_ + workbook_records + biff(0x000A, b"") + sheet
    if not mini:
        stream += b"\x00" * max(4096 - len(stream), 0)
    return write_compound(path, {"Workbook": stream})


def write_compound(path: Path, streams: dict[str, bytes]) -> Path:
    """A version 3 compound file (512-byte sectors) holding `streams`: streams under 4,096
    bytes go to the mini stream (64-byte sectors), as the format wants, the FAT goes last."""
    sector, free, end = 512, 0xFFFFFFFF, 0xFFFFFFFE
    mini_fat: list[int] = []
    container, body, entries = b"", b"", []
    fat = [end, end]  # sector 0 holds the directory, sector 1 the mini FAT
    for name, data in streams.items():
        if len(data) < 4096:
            first, count = len(mini_fat), -(-len(data) // 64)
            mini_fat += [*range(first + 1, first + count), end]
            container += data.ljust(count * 64, b"\x00")
        else:
            first, count = len(fat), -(-len(data) // sector)
            fat += [*range(first + 1, first + count), end]
            body += data.ljust(count * sector, b"\x00")
        entries.append((name, first, len(data)))
    container = container.ljust(-(-len(container) // sector) * sector, b"\x00")
    root_start = len(fat) if container else end
    if container:
        fat += [*range(len(fat) + 1, len(fat) + len(container) // sector), end]
    fat_sectors = 1
    while len(fat) + fat_sectors > fat_sectors * sector // 4:
        fat_sectors += 1
    fat_start = len(fat)
    fat += [0xFFFFFFFD] * fat_sectors
    fat += [free] * (fat_sectors * sector // 4 - len(fat))
    directory = [_directory_entry("Root Entry", 5, root_start, len(container), child=1)]
    for index, (name, first, size) in enumerate(entries):
        right = index + 2 if index + 1 < len(entries) else free
        directory.append(_directory_entry(name, 2, first, size, right=right))
    if fat_sectors > 109 or len(directory) > 4 or len(mini_fat) > sector // 4:
        raise ValueError("write_compound holds up to 6 MB in up to three streams")
    difat = [*range(fat_start, fat_start + fat_sectors), *[free] * (109 - fat_sectors)]
    header = (
        OLE_MAGIC
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 10
        + struct.pack("<IIIIIIII", fat_sectors, 0, 0, 4096, 1, 1, end, 0)
        + struct.pack("<109I", *difat)
    )
    tables = b"".join(directory).ljust(sector, b"\x00")
    tables += struct.pack(f"<{sector // 4}I", *mini_fat, *[free] * (sector // 4 - len(mini_fat)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + body + container + struct.pack(f"<{len(fat)}I", *fat))
    return path


def _directory_entry(
    name: str, kind: int, start: int, size: int, *, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBBIII", len(encoded), kind, 1, 0xFFFFFFFF, right, child)
        + b"\x00" * 36  # class id, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def normal_xls(folder: Path, name: str = "PP.xls", *, mini: bool = False) -> Path:
    return write_xls(
        folder / name,
        [biff_number(1, 0, 1), biff_label(1, 1, "Judul")],
        dimensions=(2, 2),
        mini=mini,
    )


def xls_far_away_cell(folder: Path) -> Path:
    """One number at row 65,536 and column 65,536: BIFF8 keeps columns in 16 bits, so the grid
    is 4 billion cells although Excel stops at column IV (calamine aborts in 0.2 s)."""
    return write_xls(folder / "far.xls", [biff_number(0xFFFF, 0xFFFF, 1)])


def xls_inverted_dimensions(folder: Path) -> Path:
    """DIMENSIONS whose first row (204) lies below its last (2): calamine's unsigned
    subtraction wraps around and it reserves 343 GB (a bit flip in a real file does this)."""
    path = write_xls(folder / "inverted.xls", [], dimensions=(2, 2))
    data = bytearray(path.read_bytes())
    at = data.find(struct.pack("<HHII", 0x0200, 14, 0, 2))
    struct.pack_into("<I", data, at + 4, 204)
    path.write_bytes(bytes(data))
    return path


def xls_directory_loop(folder: Path) -> Path:
    """The compound file's directory chain points back at itself: calamine keeps reading it
    until memory runs out (0.4 s to abort)."""
    path = normal_xls(folder, "loop.xls")
    data = bytearray(path.read_bytes())
    fat = struct.unpack_from("<I", data, 0x4C)[0]  # the first FAT sector, from the header
    struct.pack_into("<I", data, (fat + 1) * 512, 0)  # sector 0, the directory: itself
    path.write_bytes(bytes(data))
    return path


def xls_shared_string_copies(folder: Path, cells: int = 10_000) -> Path:
    """One shared string of 65,535 two-byte characters (the most BIFF8 allows), shown by
    10,000 LABELSST cells: 1.3 GB of copies in calamine and as much again in Python."""
    chars = "\u0101".encode("utf-16-le") * 65_535
    first = struct.pack("<IIHB", cells, 1, 65_535, 0x01) + chars[:8212]  # whole characters
    records = biff(0x00FC, first)
    for at in range(8212, len(chars), 8222):  # each CONTINUE: a flags byte, then characters
        records += biff(0x003C, b"\x01" + chars[at : at + 8222])
    labels = [biff(0x00FD, struct.pack("<HHHI", 1 + n // 10, n % 10, 0, 0)) for n in range(cells)]
    return write_xls(
        folder / "sst.xls", labels, dimensions=(1 + cells // 10, 10), workbook_records=records
    )


def xls_far_away_cell_in_mini_stream(folder: Path) -> Path:
    """The far-away number in a workbook small enough for the mini stream."""
    return write_xls(folder / "far_mini.xls", [biff_number(0xFFFF, 0xFFFF, 1)], mini=True)


def xls_huge_dimensions(folder: Path) -> Path:
    """Only a header, but DIMENSIONS claims 4 billion rows and 65,535 columns: calamine
    reserves room for them and aborts."""
    return write_xls(folder / "dimensions.xls", [], dimensions=(0xFFFFFFFF, 0xFFFF))
