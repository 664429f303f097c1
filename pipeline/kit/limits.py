"""Limits an inbox workbook must stay within, checked before any parser opens it.

A few bytes can make a spreadsheet parser allocate gigabytes: a second cell at the far corner
of the grid (calamine builds the dense range between the first and the last cell and the
process aborts), a part that inflates a thousandfold, .ods repeat counts, one long shared
string shown in thousands of cells, a looping .xls sector chain, entity declarations that
openpyxl's XML parser expands. inspect() reads the zip directory, then streams every part
through a 1 MB window (never trusting its declared size) and scans the markup with regular
expressions, so a bomb costs it milliseconds and a few megabytes; .xls records are read the
same way from a minimal compound-file reader.
"""

import html
import os
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

MB = 1_000_000

# Each limit is far above what a real inventory reaches and far below what hurts. 5,000 items
# with long texts, saved by openpyxl or LibreOffice: 1 MB on disk (7 MB as .xls), 10-15 MB
# inflated, packed 9-15 times, 5,001 x 14 cells, 7-13 MB of text in cells.
MAX_FILE_BYTES = 50 * MB  # on disk; a form with a few pasted photos stays under 20 MB
MAX_PARTS = 1_000  # zip members; a workbook has 10-40 (one more per sheet, picture, comment)
MAX_PART_BYTES = 100 * MB  # one member inflated; 5,000 long items make a 7-14 MB part
MAX_TOTAL_BYTES = 200 * MB  # all members inflated, all of which openpyxl parses for feedback
MAX_RATIO = 100  # inflated / packed size of one member: XML packs 5-30x, bombs about 1,000x
RATIO_FLOOR = 1 * MB  # the ratio is only checked for members that inflate beyond this
MAX_ROWS = 100_000  # last used row of a sheet (Excel allows 1,048,576)
MAX_COLUMNS = 1_000  # last used column (Excel allows 16,384); the form has 14
MAX_CELLS = 2_000_000  # rows x columns of all sheets' used ranges: calamine's dense grid
# A sheet the tool writes for the whole round (uji_konsekuensi.xlsx, tinjauan.xlsx) holds a row
# per item of every bidang: up to Excel's last row, 16 columns of 10 million cells (620,000
# items; 100,000 items make 1.6 million).
ROUND_MAX_ROWS = 1_048_576
ROUND_MAX_CELLS = 10_000_000
MAX_SPACES = 1_000_000  # spaces .ods asks for with <text:s text:c="n"/>, all cells together
# Text calamine copies into cells: a shared string is copied into every cell that shows it, an
# .ods cell into every repeat (a 990 KB string in 2,000 cells: 3.8 GB from a 7 KB file).
MAX_CELL_TEXT = 100 * MB
MAX_RUN = 8 * MB  # one XML tag or text without markup; an Excel cell holds 32,767 characters
CHUNK = 1 << 20  # bytes inflated at a time

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Declarations that make an XML parser expand or invent content; Excel and LibreOffice never
# write them (an external DOCTYPE alone, as old OpenOffice manifests have, declares nothing).
DECLARATIONS = (b"<!ENTITY", b"<!ATTLIST")
# Encodings in which the byte scans below see the same ASCII markup the parsers see.
ASCII_ENCODINGS = {
    *("utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1"),
    *("windows-1252", "cp1252"),
}

FIX_OUTSIDE_TABLE = (
    "hapus baris dan kolom kosong di bawah dan di kanan tabel (Ctrl+End menunjukkan sel "
    "terakhir yang terpakai), simpan, lalu kirim ulang"
)
FIX_COPY = "salin isian ke formulir dari PPID, lalu kirim ulang"
UNREADABLE = (
    f"Berkas tidak dapat diperiksa sebelum dibuka (isinya tidak wajar atau rusak); {FIX_COPY}."
)
BROKEN_ZIP = (
    "Berkas rusak atau tidak lengkap (isi zip-nya tidak utuh, mis. unduhan terputus); minta "
    "bidang mengirim ulang berkas aslinya."
)
# The same advice for a file that is not a bidang's (a sheet of the round, the office's JRA):
# nobody is to send it again.
OWN_ADVICE = {
    FIX_COPY: "salin isinya ke buku kerja baru (Tempel Nilai saja), simpan, lalu ulangi",
    "minta bidang mengirim ulang berkas aslinya": "pakai salinan berkas yang utuh",
    "pindahkan buku kerja di dalamnya ke masuk/": "sebutkan berkas buku kerjanya",
    "simpan buku kerja sebagai berkas di masuk/": "sebutkan berkas buku kerja biasa",
    "salin ulang berkas ke masuk/ lalu jalankan lagi": "periksa berkas itu lalu ulangi",
    ", lalu simpan lagi di masuk/": ", lalu ulangi",
    ", lalu kirim ulang": ", lalu ulangi",
    ", atau bagi isian menjadi beberapa berkas": "",
}


class Refusal(Exception):
    """A limit is exceeded; the message is the sentence for the report."""


@dataclass(frozen=True)
class _Bounds:
    rows: int
    columns: int
    cells: int


def inspect(path: Path, *, round_sheet: bool = False, from_bidang: bool = True) -> str | None:
    """None when `path` is within every limit, else one Indonesian sentence saying what is over
    which limit and what to do.

    `round_sheet`: a sheet holding the whole round, allowed as many rows as Excel has;
    `from_bidang`: the advice is the bidang's (send it again), else the officer's own.
    Called before any parser touches the file, so it never raises. Anything it cannot inspect
    gets a message, except files that are neither zip nor OLE2 compound files (HTML or CSV
    saved as .xls): those are the parser's to reject.
    """
    bounds = (
        _Bounds(ROUND_MAX_ROWS, MAX_COLUMNS, ROUND_MAX_CELLS)
        if round_sheet
        else _Bounds(MAX_ROWS, MAX_COLUMNS, MAX_CELLS)
    )
    try:
        _inspect(path, bounds)
    except Refusal as refusal:
        message = str(refusal)
    except Exception:  # a check that trips over the file refuses it instead of crashing
        message = UNREADABLE
    else:
        return None
    if not from_bidang:
        for bidang, own in OWN_ADVICE.items():
            message = message.replace(bidang, own)
    return message


def display_name(path: Path) -> str:
    """The file name as reports can show it: bytes that are not UTF-8 (which Python keeps as
    lone surrogates, and openpyxl cannot write) become U+FFFD."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _inspect(path: Path, bounds: _Bounds) -> None:
    name = path.name
    if any("\udc80" <= ch <= "\udcff" for ch in name):  # bytes that are not UTF-8
        raise Refusal(
            f"Nama berkas '{display_name(path)}' memuat huruf yang bukan UTF-8 (mis. dari "
            "komputer lama); ganti nama berkas dengan huruf biasa, mis. PP.xlsx, lalu simpan "
            "lagi di masuk/."
        )
    try:
        info = os.stat(path)
    except OSError as error:
        raise Refusal(_unreadable(error)) from error
    if stat.S_ISDIR(info.st_mode):
        raise Refusal(
            f"{name} adalah folder, bukan berkas; pindahkan buku kerja di dalamnya ke masuk/."
        )
    if not stat.S_ISREG(info.st_mode):
        raise Refusal(f"{name} bukan berkas biasa; simpan buku kerja sebagai berkas di masuk/.")
    if info.st_size > MAX_FILE_BYTES:
        raise Refusal(
            f"Berkas terlalu besar ({_mb(info.st_size)}, batas {_mb(MAX_FILE_BYTES)}); hapus "
            "lembar atau gambar yang tidak perlu, atau bagi isian menjadi beberapa berkas."
        )
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; only opening is the disk's fault)
    except OSError as error:
        raise Refusal(_unreadable(error)) from error
    with handle:  # errors from here on are the content's: the catch-all message
        _inspect_content(handle, path.suffix.lower(), bounds)


def _unreadable(error: OSError) -> str:
    return (
        f"Berkas tidak dapat dibaca dari disk (galat sistem {error.errno}: izin akses, berkas "
        "terkunci atau hilang); salin ulang berkas ke masuk/ lalu jalankan lagi."
    )


def _inspect_content(handle: BinaryIO, suffix: str, bounds: _Bounds) -> None:
    """The container decides, not the suffix: a zip with junk in front still opens."""
    head = handle.read(8)
    handle.seek(0)
    if head == OLE_MAGIC:
        _inspect_xls(handle, bounds)
        return
    _check_entry_count(handle)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        if head.startswith(b"PK"):
            raise Refusal(BROKEN_ZIP) from error
        return  # neither zip nor OLE2 (e.g. a web page saved as .xls): the parser reports it
    with archive:
        _inspect_zip(archive, handle, bounds, ods=suffix == ".ods")


# --- zip containers (.xlsx, .xlsm, .ods) --------------------------------------------------


def _check_entry_count(handle: BinaryIO) -> None:
    """The member count from the zip's end record, before zipfile builds one object per
    central-directory entry (a 50 MB file can list a million of them)."""
    size = handle.seek(0, os.SEEK_END)
    handle.seek(max(size - (22 + 0xFFFF), 0))
    tail = handle.read()
    handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at == -1 or len(tail) - at < 22:
        return  # no end record: zipfile rejects the file
    entries, directory_size = struct.unpack_from("<HI", tail, at + 10)
    if entries > MAX_PARTS or directory_size > MAX_PARTS * 1024:  # also ZIP64's 0xFFFF...
        raise Refusal(_too_many_parts(entries))


def _too_many_parts(count: int) -> str:
    return (
        f"Berkas terdiri atas terlalu banyak bagian ({_count(count)}, batas "
        f"{_count(MAX_PARTS)}); hapus lembar, gambar atau objek yang tidak perlu, atau "
        f"{FIX_COPY}."
    )


def _inspect_zip(archive: zipfile.ZipFile, handle: BinaryIO, bounds: _Bounds, ods: bool) -> None:
    """The parsers pick their reader by the suffix, and so does the cell scan: calamine reads
    an .ods through content.xml only; an .xlsx through any part (openpyxl follows the
    relationships), so there every XML part is scanned."""
    members = sorted(archive.infolist(), key=lambda member: member.header_offset)
    if len(members) > MAX_PARTS:
        raise Refusal(_too_many_parts(len(members)))
    _check_declared(members)
    starts = _data_starts(members, handle, getattr(archive, "start_dir", None))
    sheets = _SheetNames(archive, handle, dict(zip(members, starts, strict=True)))
    grid = _Grid(bounds)
    for member, start in zip(members, starts, strict=True):
        _scan_member(member, _inflate(handle, member, start), grid, sheets, ods)
    grid.check_references()


def _check_declared(members: list[zipfile.ZipInfo]) -> None:
    """Sizes from the central directory alone, before a single byte is inflated."""
    total = 0
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise Refusal(
                f"Bagian {member.filename} dienkripsi atau dipadatkan dengan cara yang tidak "
                "dipakai Excel; buka berkas di Excel, simpan sebagai .xlsx, lalu kirim ulang."
            )
        size, packed = member.file_size, member.compress_size
        if size > MAX_PART_BYTES:
            raise Refusal(
                f"Bagian {member.filename} mengembang menjadi {_mb(size)} saat dibuka (batas "
                f"{_mb(MAX_PART_BYTES)} per bagian); hapus isi yang tidak perlu atau {FIX_COPY}."
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * packed:
            raise Refusal(
                f"Bagian {member.filename} dipadatkan {_count(size // max(packed, 1))} kali lipat "
                f"(batas {_count(MAX_RATIO)} kali), ciri bom zip; {FIX_COPY}."
            )
        total += size
    if total > MAX_TOTAL_BYTES:
        raise Refusal(
            f"Isi berkas mengembang menjadi {_mb(total)} saat dibuka (batas "
            f"{_mb(MAX_TOTAL_BYTES)}); hapus lembar atau gambar yang tidak perlu, atau bagi "
            "isian menjadi beberapa berkas."
        )


def _data_starts(
    members: list[zipfile.ZipInfo], handle: BinaryIO, directory: int | None
) -> list[int]:
    """Where each member's data begins; entries must follow each other without overlapping
    (several entries sharing one compressed stream is how non-recursive zip bombs work)."""
    end_of_data = directory if directory is not None else handle.seek(0, os.SEEK_END)
    starts = []
    for index, member in enumerate(members):
        handle.seek(member.header_offset)
        header = handle.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise Refusal(BROKEN_ZIP)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        start = member.header_offset + 30 + name_length + extra_length
        following = members[index + 1].header_offset if index + 1 < len(members) else end_of_data
        if start + member.compress_size > following:
            raise Refusal(
                "Struktur zip berkas tidak wajar (bagian-bagiannya saling menumpuk, ciri bom "
                f"zip); {FIX_COPY}."
            )
        starts.append(start)
    return starts


def _inflate(handle: BinaryIO, member: zipfile.ZipInfo, start: int) -> Iterator[bytes]:
    """The member's bytes, CHUNK at a time; it may not grow past its declared size."""
    inflater = zlib.decompressobj(-15) if member.compress_type == zipfile.ZIP_DEFLATED else None
    left, produced, pending = member.compress_size, 0, b""
    position = start
    while True:
        if not pending:
            if left <= 0 or (inflater is not None and inflater.eof):
                return
            handle.seek(position)
            pending = handle.read(min(CHUNK, left))
            position += len(pending)
            left -= len(pending)
            if not pending:
                raise Refusal(BROKEN_ZIP)
        if inflater is None:
            out, pending = pending, b""
        else:
            try:
                out = inflater.decompress(pending, CHUNK)
            except zlib.error as error:
                raise Refusal(BROKEN_ZIP) from error
            pending = inflater.unconsumed_tail
        produced += len(out)
        if produced > member.file_size:
            raise Refusal(
                f"Bagian {member.filename} berisi lebih banyak data daripada yang tercatat di "
                "berkas (tanda berkas rusak atau dimanipulasi); minta bidang mengirim ulang "
                "berkas aslinya."
            )
        if out:
            yield out


def _scan_member(
    member: zipfile.ZipInfo,
    chunks: Iterator[bytes],
    grid: "_Grid",
    sheets: "_SheetNames",
    ods: bool,
) -> None:
    """Every member is inflated in full (its true size is checked); XML members are also
    checked for declarations, their encoding and where their cells lie."""
    name = member.filename
    first = next(chunks, b"")
    if not _is_xml(first, name):
        for _ in chunks:
            pass
        return
    handler: _XlsxSheet | _OdsContent | None = None
    if not ods:
        handler = _XlsxSheet(name, grid, sheets)
    elif name == "content.xml":  # the one part calamine reads an .ods table from
        handler = _OdsContent(grid)
    scanner = _Scanner(handler, name) if handler else None
    tail = b""
    for chunk in _chain(first, chunks):
        window = tail + chunk
        for declaration in DECLARATIONS:
            if declaration in window:
                raise Refusal(
                    f"Bagian {name} berisi deklarasi {declaration[2:].decode()} (DTD), yang "
                    f"tidak pernah ditulis Excel atau LibreOffice (ciri bom XML); {FIX_COPY}."
                )
        tail = window[-16:]
        if scanner:
            scanner.feed(chunk)
    if scanner:
        scanner.close()


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _is_xml(first: bytes, name: str) -> bool:
    """XML in an encoding the byte scans can read; anything else that looks like XML (UTF-16,
    EBCDIC, UTF-7 declarations) is refused rather than skipped."""
    if first.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")) or (
        first[:4] in (b"<\x00?\x00", b"\x00<\x00?", b"<\x00\x00\x00", b"\x00\x00\x00<")
    ):
        raise Refusal(_encoding_message(name, "UTF-16/UTF-32"))
    text = first[3:] if first.startswith(b"\xef\xbb\xbf") else first
    text = text.lstrip(b" \t\r\n")
    if not text.startswith(b"<"):
        return False
    declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']", text)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in ASCII_ENCODINGS:
        raise Refusal(_encoding_message(name, declared.group(1).decode("ascii", "replace")))
    return True


def _encoding_message(name: str, encoding: str) -> str:
    return (
        f"Bagian {name} memakai pengodean teks yang tidak dipakai Excel ({encoding}); buka "
        "berkas di Excel, simpan sebagai .xlsx, lalu kirim ulang."
    )


class _Scanner:
    """Hands complete tags to a handler, whatever the chunk boundaries.

    The handler's regex runs only up to the last '<' seen so far; the rest waits for the next
    chunk. A tag of interest that does not close before the next '<' is malformed (a '<' inside
    an attribute, which calamine accepts) and refused, so no cell can hide from the scan.
    """

    def __init__(self, handler: "_XlsxSheet | _OdsContent", name: str) -> None:
        self.handler = handler
        self.name = name
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        cut = chunk.rfind(b"<")
        if cut == -1:
            self.carry += chunk
        else:
            self.handler.run(self.carry + chunk[:cut], self.name)
            self.carry = chunk[cut:]
        if len(self.carry) > MAX_RUN:
            raise Refusal(
                f"Bagian {self.name} berisi satu teks atau tag XML sepanjang lebih dari "
                f"{_mb(MAX_RUN)} (satu sel Excel memuat paling banyak 32.767 huruf); {FIX_COPY}."
            )

    def close(self) -> None:
        self.handler.run(self.carry, self.name, final=True)
        self.carry = b""
        self.handler.finish()


def _malformed(name: str) -> str:
    return (
        f"Bagian {name} berisi tag XML yang tidak wajar (tanda '<' di dalam atribut); {FIX_COPY}."
    )


# Attributes of a tag: quoted values may hold '>' but never '<' (XML forbids it there). The
# optional (>?) lets every match succeed at once, so the nested repeat never backtracks.
_ATTRS = rb"((?:[^<>\"']+|\"[^\"<]*\"|'[^'<]*')*)(>?)"
_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"


class _Grid:
    """What the parsers would build, summed over all sheets of the workbook."""

    def __init__(self, bounds: _Bounds) -> None:
        self.bounds = bounds
        self.cells = 0
        self.text = 0  # bytes of text copied into cells
        self.strings: list[int] = []  # size of each shared string, by index
        self.references: list[tuple[str, Counter[int]]] = []  # sheet: how often each index

    def add_sheet(self, sheet: str, rows: int, columns: int, elements: int = 0) -> None:
        bounds = self.bounds
        if rows > bounds.rows or columns > bounds.columns:
            raise Refusal(
                f"Lembar '{sheet}' memakai sel sampai {_ref(rows, columns)} ({_count(rows)} "
                f"baris, {_count(columns)} kolom; batas {_count(bounds.rows)} baris dan "
                f"{_count(bounds.columns)} kolom); {FIX_OUTSIDE_TABLE}."
            )
        self.cells += max(rows * columns, elements)
        if self.cells > bounds.cells:
            raise Refusal(
                f"Lembar-lembar berkas ini mencakup {_count(self.cells)} sel (sampai lembar "
                f"'{sheet}', batas {_count(bounds.cells)}); {FIX_OUTSIDE_TABLE}, atau bagi isian "
                "menjadi beberapa berkas."
            )

    def over(self, rows: int, columns: int, elements: int) -> bool:
        """Whether a sheet seen so far already breaks a limit (to stop scanning early)."""
        bounds = self.bounds
        return (
            rows > bounds.rows
            or columns > bounds.columns
            or self.cells + max(rows * columns, elements) > bounds.cells
        )

    def add_text(self, sheet: str, size: int) -> None:
        self.text += size
        if self.text > MAX_CELL_TEXT:
            raise Refusal(
                f"Lembar '{sheet}' menyalin teks sebanyak {_mb(self.text)} ke dalam sel (batas "
                f"{_mb(MAX_CELL_TEXT)}; satu teks panjang dipakai berulang di banyak sel); hapus "
                f"teks yang berulang atau {FIX_COPY}."
            )

    def add_strings(self, sizes: Iterable[int]) -> None:
        """Shared-string sizes of one part; a second such part counts by its larger strings."""
        if not self.strings:
            self.strings = list(sizes)
            return
        for index, size in enumerate(sizes):
            if index < len(self.strings):
                self.strings[index] = max(self.strings[index], size)
            else:
                self.strings.append(size)

    def check_references(self, unread: tuple[int, int] = (0, 0)) -> None:
        """The text every sheet copies from the shared strings, once all parts are read;
        `unread` is (strings declared, size to assume) for strings that could not be read."""
        declared, assumed = unread
        for sheet, counts in self.references:
            total = 0
            for index, count in counts.items():
                if index < len(self.strings):
                    total += count * self.strings[index]
                elif index < declared:
                    total += count * assumed
            self.add_text(sheet, total)


class _XlsxSheet:
    """Cell positions as calamine computes them (a cell without r follows the previous one,
    every </row> or <row/> moves down a row) and as openpyxl creates cells (empty styled
    cells, merged ranges and hyperlink ranges included): the box holding all of them."""

    pattern = re.compile(
        rb"<(?:(/)" + _PREFIX + rb"row\s*>|" + _PREFIX
        + rb"(c|row|dimension|mergeCell|hyperlink)(?=[\s/>])"
        + rb"(?:\s+r(?:ef)?\s*=\s*\"(?:([A-Z]{1,3})([1-9][0-9]{0,6})\"|([^\"<]*)\"))?"
        + _ATTRS + rb")"
    )  # fmt: skip
    others = re.compile(pattern.pattern.replace(b"(c|row|", b"(row|"))
    more_refs = re.compile(rb"\sr(?:ef)?\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
    # A cell tag as Excel writes it, whole: address first, then its other attributes.
    plain_cell = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"' + _ATTRS)
    any_cell = re.compile(rb"<c[\s/>]")
    r_like = re.compile(rb"r[=\s]")  # every r attribute, and some values
    prefixed = re.compile(rb":(?:c|row)[\s/>]")
    # Every whole number in <v>: the index of a shared string when the cell has t="s" (other
    # numbers only make the estimate larger).
    number_value = re.compile(rb"<" + _PREFIX + rb"v(?:\s[^<>]*)?>\s*\+?([0-9]{1,10})\s*(?=<|\Z)")
    shared_string = re.compile(rb"<" + _PREFIX + rb"si[\s/>]")

    def __init__(self, member: str, grid: _Grid, sheets: "_SheetNames") -> None:
        self.member, self.grid, self.sheets = member, grid, sheets
        self.row = self.column = 0  # calamine's next position, 0-based
        self.rows = self.columns = self.elements = 0  # the box, 1-based; <c> elements
        self.declared = (0, 0)
        self.values: Counter[bytes] = Counter()
        self.string_starts: list[int] = []  # where each <si> begins, in the whole part
        self.offset = 0  # where `data` begins in the whole part

    def run(self, data: bytes, member: str, final: bool = False) -> None:
        if not self._bulk(data, member, final):
            self._walk(data, self.pattern, member, final)
        if self.elements:  # a worksheet
            self.values.update(self.number_value.findall(data))
        if b"<si" in data or b":si" in data:
            self.string_starts += [
                self.offset + m.start() for m in self.shared_string.finditer(data)
            ]
        self.offset += len(data)
        declared_rows, declared_columns = self.declared
        if (
            declared_rows > self.grid.bounds.rows
            or declared_columns > self.grid.bounds.columns
            or self.grid.over(self.rows, self.columns, self.elements)
        ):
            self.finish()

    def _bulk(self, data: bytes, member: str, final: bool) -> bool:
        """The shortcut for what Excel, LibreOffice and openpyxl write: between the first and
        the last cell, every cell tag starts <c r="B12" and has no second r attribute (none of
        its other attributes holds an 'r' before '=' or a space), and no merged range or
        hyperlink lies among them, so the addresses alone give the box. Rows there need no
        walking: every cell in the stretch says where it is. Before the stretch, the last row
        in it and the last cell are walked tag by tag. False when the shortcut does not apply;
        the caller then walks everything."""
        first, last = data.find(b'<c r="'), data.rfind(b'<c r="')
        if first == last or self.prefixed.search(data):
            return False
        middle = data[first:last]
        cells = self.plain_cell.findall(middle)
        if (
            len(self.any_cell.findall(middle)) != len(cells)
            or len(b"".join(map(itemgetter(3), cells))) != len(cells)  # a tag left open
            or self.r_like.search(b"".join(map(itemgetter(2), cells)))
            or b"mergeCell" in middle
            or b"hyperlink" in middle
        ):
            return False
        self._walk(data[:first], self.pattern, member, final)
        self.elements += len(cells)
        self.rows = max(self.rows, *map(int, map(itemgetter(1), cells)))
        widest = max(set(map(itemgetter(0), cells)), key=lambda text: (len(text), text))
        self.columns = max(self.columns, _column(widest))
        # calamine's row for the last cell: from the last numbered row on (or all rows)
        row_start = max(middle.rfind(b'<row r="'), 0)
        self._walk(middle[row_start:], self.others, member, final)
        self._walk(data[last:], self.pattern, member, final)
        return True

    def _walk(self, data: bytes, pattern: re.Pattern[bytes], member: str, final: bool) -> None:
        """calamine's reading order, tag by tag."""
        row, column = self.row, self.column
        rows, columns, elements = self.rows, self.columns, self.elements
        known = _COLUMNS
        for end_row, name, letters, digits, raw, rest, closed in pattern.findall(data):
            if end_row:
                row += 1
                column = 0
                continue
            if not closed and not final:
                raise Refusal(_malformed(member))
            if b" r" in rest or b"\tr" in rest or b"\nr" in rest or b"\rr" in rest:
                # more r attributes: calamine takes the last one
                refs = [double or single for double, single in self.more_refs.findall(rest)]
                if letters:
                    refs.insert(0, letters + digits)
                elif raw:
                    refs.insert(0, raw)
                letters = digits = b""
            else:
                refs = [raw] if raw else []
            if name == b"c":
                elements += 1
                if letters:  # the usual <c r="B12" ...>
                    column = known.get(letters) or _column(letters)
                    row_at = int(digits) - 1
                else:
                    position = None
                    for ref in refs:
                        position = _cell(ref) or position
                    if position is None:
                        row_at = row
                    else:
                        row_at, column = position
                    column += 1  # 1-based now, and where the next cell without r goes
                if row_at >= rows:
                    rows = row_at + 1
                if column > columns:
                    columns = column
            elif name == b"row":
                for ref in refs:
                    number = _digits(ref)
                    row = number - 1 if number else row
                if rest.endswith(b"/"):
                    row += 1
                    column = 0
            else:
                if letters:
                    refs = [letters + digits, *refs]
                for ref in refs:
                    corner = _range_end(ref)
                    if corner and name == b"dimension":
                        self.declared = max(self.declared, corner)
                    elif corner:
                        rows, columns = max(rows, corner[0]), max(columns, corner[1])
        self.row, self.column = row, column
        self.rows, self.columns, self.elements = rows, columns, elements

    def finish(self) -> None:
        if self.string_starts:  # each string runs to the next one, or to the end of the part
            bounds = pairwise([*self.string_starts, self.offset])
            self.grid.add_strings(end - start for start, end in bounds)
            self.string_starts = []
        if not (self.elements or self.rows or any(self.declared)):
            return  # not a worksheet
        sheet = self.sheets.name(self.member)
        if self.values:
            counts = Counter({int(value): count for value, count in self.values.items()})
            self.grid.references.append((sheet, counts))
            self.values = Counter()
        rows, columns = self.declared
        limit = self.grid.bounds
        if rows > limit.rows or columns > limit.columns:
            raise Refusal(
                f"Lembar '{sheet}' menyatakan rentang terpakai sampai {_ref(rows, columns)} "
                f"(batas {_count(limit.rows)} baris dan {_count(limit.columns)} kolom); "
                f"{FIX_OUTSIDE_TABLE}."
            )
        self.grid.add_sheet(sheet, self.rows, self.columns, self.elements)


class _OdsContent:
    """The grid calamine builds from .ods repeat counts. Empty rows and cells at the end of a
    table or row are free (LibreOffice writes one empty row repeated to row 1,048,576); empty
    runs before a filled cell, and filled cells or rows repeated, are materialized."""

    pattern = re.compile(
        rb"<(?:(/)" + _PREFIX + rb"(table-row|table)\s*>|" + _PREFIX
        + rb"(table|table-row|table-cell|covered-table-cell|s)(?=[\s/>])" + _ATTRS + rb")"
    )  # fmt: skip
    repeat = re.compile(rb"number-(?:rows|columns)-repeated\s*=\s*[\"']\s*\+?([0-9]+)")
    spaces = re.compile(rb"\s" + _PREFIX + rb"c\s*=\s*[\"']\s*\+?([0-9]+)")
    table_name = re.compile(rb"\s" + _PREFIX + rb"name\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")

    def __init__(self, grid: _Grid) -> None:
        self.grid = grid
        self.space_count = 0
        self.copies = 0  # extra copies of the filled cell being read, when repeated
        self.copied_from = 0  # where in `data` its text (copied that often) resumes
        self._new_table(b"")
        self._new_row(b"")

    def _new_table(self, attrs: bytes) -> None:
        found = self.table_name.search(attrs)
        raw = (found.group(1) or found.group(2)) if found else b""
        self.table = html.unescape(raw.decode("utf-8", "replace")) or "?"
        self.row_start = 0  # rows before the current one, repeats counted
        self.rows = self.columns = 0  # box of filled cells, 1-based
        self.materialized = 0  # cells calamine pushes while reading rows

    def _new_row(self, attrs: bytes) -> None:
        self.row_repeat = _repeat(self.repeat, attrs)
        self.column_end = self.filled_end = self.row_cells = self.trailing_empty = 0

    def run(self, data: bytes, member: str, final: bool = False) -> None:
        for match in self.pattern.finditer(data):
            end, end_name, name, attrs, closed = match.groups()
            if self.copies:  # text of a repeated filled cell: copied into every repeat
                self.grid.add_text(self.table, (match.start() - self.copied_from) * self.copies)
                self.copied_from = match.end()
            if end:
                self.copies = 0
                if end_name == b"table-row":
                    self._end_row()
                else:
                    self._end_table()
                continue
            if not closed and not final:
                raise Refusal(_malformed(member))
            if name == b"s":
                found = self.spaces.search(attrs)
                self.space_count += (_number(found.group(1)) if found else 1) * (self.copies + 1)
                if self.space_count > MAX_SPACES:
                    raise Refusal(
                        f"Lembar '{self.table}' meminta deretan spasi sepanjang lebih dari "
                        f"{_count(MAX_SPACES)}; hapus spasi berlebih atau {FIX_COPY}."
                    )
                continue
            self.copies = 0
            if name == b"table-cell" or name == b"covered-table-cell":
                count = _repeat(self.repeat, attrs) if b"repeated" in attrs else 1
                self.column_end += count
                self.row_cells += count
                # office:value, office:value-type, office:*-value, table:formula: calamine
                # reads a value (possibly "") from such a cell; others are empty to it
                if b"value" in attrs or b"formula" in attrs:
                    self.filled_end, self.trailing_empty = self.column_end, 0
                    reach = (self.row_start + self.row_repeat, max(self.columns, self.column_end))
                    if self.grid.over(*reach, self.materialized):  # the grid first, then text
                        self.rows, self.columns = reach
                        self._end_table()
                    self.copies = count * self.row_repeat - 1
                    self.copied_from = match.end()
                    if self.copies:  # office:string-value="..." is copied as well
                        self.grid.add_text(self.table, len(attrs) * self.copies)
                else:
                    self.trailing_empty = count
            elif name == b"table-row":
                self._new_row(attrs)
                if attrs.endswith(b"/"):
                    self._end_row()
            else:
                self._new_table(attrs)
                if attrs.endswith(b"/"):
                    self._end_table()
        if self.copies:
            self.grid.add_text(self.table, (len(data) - self.copied_from) * self.copies)
            self.copied_from = 0  # the next data continues the same cell
        if self.grid.over(self.rows, self.columns, self.materialized):
            self._end_table()

    def _end_row(self) -> None:
        self.materialized += self.row_cells - self.trailing_empty
        if self.filled_end:
            self.rows = self.row_start + self.row_repeat
            self.columns = max(self.columns, self.filled_end)
        self.row_start += self.row_repeat
        self._new_row(b"")

    def _end_table(self) -> None:
        self.grid.add_sheet(self.table, self.rows, self.columns, self.materialized)
        self._new_table(b"")

    def finish(self) -> None:
        if self.rows or self.materialized:  # a table left open at the end
            self._end_table()


class _SheetNames:
    """Sheet names for messages, from workbook.xml and its relationships (read with regexes,
    never with an XML parser, and only when a message needs them)."""

    def __init__(
        self, archive: zipfile.ZipFile, handle: BinaryIO, starts: dict[zipfile.ZipInfo, int]
    ) -> None:
        self.archive, self.handle, self.starts = archive, handle, starts
        self.names: dict[str, str] | None = None

    def name(self, member: str) -> str:
        if self.names is None:
            self.names = self._read()
        return self.names.get(member, member)

    def _read(self) -> dict[str, str]:
        try:
            book = self._small("xl/workbook.xml")
            rels = self._small("xl/_rels/workbook.xml.rels")
        except Refusal:
            return {}
        targets = {}
        for attrs in re.findall(rb"<(?:\w+:)?Relationship\s([^>]*)>", rels):
            values = _attributes(attrs)
            target = values.get("Target", "")
            target = target[1:] if target.startswith("/") else f"xl/{target}"
            targets[values.get("Id", "")] = target
        names = {}
        for attrs in re.findall(rb"<(?:\w+:)?sheet\s([^>]*)>", book):
            values = _attributes(attrs)
            relation = next((v for k, v in values.items() if k.endswith(":id")), "")
            if relation in targets:
                names[targets[relation]] = values.get("name", "")
        return names

    def _small(self, name: str) -> bytes:
        member = next((m for m in self.starts if m.filename == name), None)
        if member is None or member.file_size > MB:
            return b""
        return b"".join(_inflate(self.handle, member, self.starts[member]))


def _attributes(attrs: bytes) -> dict[str, str]:
    found = re.findall(rb"([\w:.\-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", attrs)
    return {
        key.decode("ascii", "replace"): html.unescape((a or b).decode("utf-8", "replace"))
        for key, a, b in found
    }


# --- .xls (BIFF8 in an OLE2 compound file) --------------------------------------------------


def _inspect_xls(handle: BinaryIO, bounds: _Bounds) -> None:
    """Every sheet's cells and merged ranges, read from the records without a parser, and the
    text its LABELSST cells copy from the shared string table."""
    stream = _workbook_stream(handle.read())
    if stream is None:
        return  # no Workbook stream (e.g. a password-protected .xlsx): the parser reports it
    sheets = _boundsheets(stream)
    if len(sheets) > MAX_PARTS:
        raise Refusal(
            f"Berkas berisi terlalu banyak lembar ({_count(len(sheets))}, batas "
            f"{_count(MAX_PARTS)}); hapus lembar yang tidak perlu atau {FIX_COPY}."
        )
    grid = _Grid(bounds)
    sizes, count = _sst_sizes(stream)
    for offset, name in sheets:
        rows, columns, cells, strings = _biff_sheet(stream, offset)
        grid.add_sheet(name, rows, columns, cells)
        grid.references.append((name, strings))
    grid.add_strings(sizes)
    # Strings the walk could not reach count at the most BIFF8 allows: 65,535 wide characters.
    grid.check_references(unread=(count, 131_070))


BIFF_CELLS = {0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x00D6, 0x0205, 0x0006}
BIFF_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column ... last column
BIFF_MERGE, BIFF_DIMENSIONS, BIFF_EOF, BIFF_BOUNDSHEET = 0x00E5, 0x0200, 0x000A, 0x0085
BIFF_LABELSST, BIFF_SST, BIFF_CONTINUE = 0x00FD, 0x00FC, 0x003C


def _boundsheets(stream: bytes) -> list[tuple[int, str]]:
    """(offset of the sheet's records, sheet name) from the workbook globals."""
    sheets, offset = [], 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        data = stream[offset + 4 : offset + 4 + length]
        offset += 4 + length
        if kind == BIFF_EOF:
            break
        if kind == BIFF_BOUNDSHEET and len(data) >= 8:
            count, wide = data[6], data[7] & 0x1
            raw = data[8 : 8 + count * (2 if wide else 1)]
            name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            sheets.append((struct.unpack_from("<I", data)[0], name))
    return sheets


def _biff_sheet(stream: bytes, offset: int) -> tuple[int, int, int, Counter[int]]:
    """(rows, columns, cells, shared strings used) of the sheet whose records start at
    `offset`: every cell record, merged range and the declared DIMENSIONS count."""
    rows = columns = cells = 0
    strings: Counter[int] = Counter()
    unpack, end = struct.unpack_from, len(stream)
    while offset + 4 <= end:
        kind, length = unpack("<HH", stream, offset)
        data, offset = offset + 4, offset + 4 + length
        if kind == BIFF_EOF:
            break
        if kind in BIFF_CELLS and length >= 4:
            row, column = unpack("<HH", stream, data)
            cells += 1
            if kind == BIFF_LABELSST and length >= 10:
                strings[unpack("<I", stream, data + 6)[0]] += 1
        elif kind in BIFF_MULTI and length >= 6:
            row, first = unpack("<HH", stream, data)
            column = max(first, unpack("<H", stream, data + length - 2)[0])
            cells += max(column - first + 1, 1)
        elif kind == BIFF_MERGE and length >= 2:
            for index in range(min(unpack("<H", stream, data)[0], (length - 2) // 8)):
                _, row, _, column = unpack("<HHHH", stream, data + 2 + 8 * index)
                rows, columns = max(rows, row + 1), max(columns, column + 1)
            continue
        elif kind == BIFF_DIMENSIONS and length >= 8:
            fields = "<IIHH" if length >= 12 else "<HHHH"  # BIFF8, else BIFF5
            first_row, row, first_column, column = unpack(fields, stream, data)
            if first_row > row or first_column > column:  # calamine's size wraps around
                row, column = 2**32, 2**16
            row, column = row - 1, column - 1  # both were one past the last
        else:
            continue
        if row >= rows:
            rows = row + 1
        if column >= columns:
            columns = column + 1
    return rows, columns, cells, strings


def _sst_sizes(stream: bytes) -> tuple[list[int], int]:
    """Bytes of each string in the shared string table (SST and its CONTINUE records), and
    how many strings it declares. A string's characters may run on into the next record,
    after one more flags byte."""
    records: list[bytes] = []
    starts: list[int] = []  # where each CONTINUE begins in the joined records
    count = offset = joined = 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        body = stream[offset + 4 : offset + 4 + length]
        offset += 4 + length
        if kind == BIFF_SST and not records and length >= 8:
            count = struct.unpack_from("<I", body, 4)[0]
            records.append(body[8:])
        elif kind == BIFF_CONTINUE and records:
            starts.append(joined)
            records.append(body)
        elif records or kind == BIFF_EOF:
            break
        else:
            continue
        joined += len(records[-1])
    buffer = b"".join(records)
    sizes: list[int] = []
    position = boundary = 0
    while len(sizes) < count and position + 3 <= len(buffer):
        characters, flags = struct.unpack_from("<HB", buffer, position)
        position += 3
        runs = extra = 0
        if flags & 0x8:
            runs = struct.unpack_from("<H", buffer, position)[0]
            position += 2
        if flags & 0x4:
            extra = struct.unpack_from("<I", buffer, position)[0]
            position += 4
        width, size = 2 if flags & 0x1 else 1, 0
        while characters:
            while boundary < len(starts) and starts[boundary] <= position:
                boundary += 1
            limit = starts[boundary] if boundary < len(starts) else len(buffer)
            step = min(characters, (limit - position) // width)
            position, size, characters = (
                position + step * width,
                size + step * width,
                characters - step,
            )
            if characters and (position != limit or limit >= len(buffer)):
                break  # cut short: the rest of the table cannot be read
            if characters:  # the next record goes on with its own flags byte
                width = 2 if buffer[position] & 0x1 else 1
                position += 1
        sizes.append(size)
        position += 4 * runs + extra
    return sizes, count


def _workbook_stream(data: bytes) -> bytes | None:
    """The Workbook (BIFF8) or Book (BIFF5) stream of a compound file, or None."""
    return _Compound(data).stream(("Workbook", "Book"))


FREE_SECTOR, END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


class _Compound:
    """Just enough of an OLE2 compound file to read one stream, checked the way calamine will
    use it: calamine follows the DIFAT and every chain to its end and reserves memory for each
    declared size, so a chain that loops (a 5 KB file aborts it in 0.5 s) or a size beyond the
    file is refused here."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.shift, self.mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if self.shift not in (9, 12) or self.mini_shift != 6:  # all calamine accepts
            raise Refusal(UNREADABLE)
        self.size = 1 << self.shift
        self.sectors = max((len(data) - 512) // self.size, 0)
        self.directory, _, _, self.mini_fat_start, _, difat_next = struct.unpack_from(
            "<IIIIII", data, 0x30
        )
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        seen: set[int] = set()
        while difat_next not in (FREE_SECTOR, END_OF_CHAIN):  # whatever the declared count
            if difat_next in seen:
                raise Refusal(UNREADABLE)
            seen.add(difat_next)
            more = struct.unpack(f"<{self.size // 4}I", self.sector(difat_next))
            difat.extend(more[:-1])
            difat_next = more[-1]
        self.fat: list[int] = []
        for number in difat:
            if number != FREE_SECTOR:
                self.fat.extend(struct.unpack(f"<{self.size // 4}I", self.sector(number)))

    def sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise Refusal(UNREADABLE)
        return self.data[(number + 1) * self.size : (number + 2) * self.size]

    def chain(self, first: int, table: list[int]) -> list[int]:
        """The sector numbers of a chain, which must end and never come back on itself."""
        numbers: list[int] = []
        seen: set[int] = set()
        current = first
        while current != END_OF_CHAIN:
            if current in seen or current >= len(table):
                raise Refusal(UNREADABLE)
            seen.add(current)
            numbers.append(current)
            current = table[current]
        return numbers

    def read(self, first: int, length: int | None = None) -> bytes:
        return b"".join(map(self.sector, self.chain(first, self.fat)))[:length]

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        directory = self.read(self.directory)
        entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        if not entries:
            raise Refusal(UNREADABLE)
        sizes = [self._size(entry) for entry in entries]
        if max(sizes) > len(self.data):  # calamine reserves this much before reading
            raise Refusal(UNREADABLE)
        root_start = struct.unpack_from("<I", entries[0], 0x74)[0]
        mini_stream = self.read(root_start, sizes[0]) if sizes[0] else b""
        mini_fat_bytes = self.read(self.mini_fat_start)
        count = len(mini_fat_bytes) // 4
        mini_fat = list(struct.unpack(f"<{count}I", mini_fat_bytes[: count * 4]))
        for entry, size in zip(entries, sizes, strict=True):
            name_length, kind = struct.unpack_from("<HB", entry, 0x40)
            name = entry[: max(name_length - 2, 0)].decode("utf-16-le", "replace")
            if kind != 2 or name not in names:
                continue
            start = struct.unpack_from("<I", entry, 0x74)[0]
            if size >= 4096:  # calamine's cutoff, whatever the header says
                return self.read(start, size)
            blocks = self.chain(start, mini_fat)
            return b"".join(mini_stream[n * 64 : (n + 1) * 64] for n in blocks)[:size]
        return None

    def _size(self, entry: bytes) -> int:
        size: int = struct.unpack_from("<Q", entry, 0x78)[0]
        return size & 0xFFFFFFFF if self.shift == 9 else size  # version 3 keeps 32 bits


# --- small helpers ---------------------------------------------------------------------------

_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_COLUMNS: dict[bytes, int] = {}


def _column(letters: bytes) -> int:
    """1-based column number of b'XFD' (16384); lower case counts as calamine reads it."""
    column = 0
    for letter in letters[:8].upper():
        column = column * 26 + letter - 64
    if len(_COLUMNS) < 20_000:
        _COLUMNS[letters] = column
    return column


def _cell(reference: bytes) -> tuple[int, int] | None:
    """0-based (row, column) of b'B12' (calamine also takes lower case); None when it is no
    cell address (the parsers reject the file then)."""
    if b"$" in reference:
        reference = reference.replace(b"$", b"")
    reference = reference.strip()
    digits = reference.lstrip(_LETTERS)
    letters = reference[: len(reference) - len(digits)]
    if not letters or not digits.isdigit():
        return None
    column = _COLUMNS.get(letters) or _column(letters)
    row = int(digits) if len(digits) <= 12 else 10**12
    # Row 0 wraps around to the last row of the grid in calamine's unsigned arithmetic.
    return (row if row else 10**12) - 1, column - 1


def _range_end(reference: bytes) -> tuple[int, int] | None:
    """1-based (rows, columns) reached by 'A1:XFD1048576' (a range or one cell)."""
    corners = [_cell(part) for part in reference.split(b":")]
    found = [corner for corner in corners if corner]
    if not found:
        return None
    return max(row for row, _ in found) + 1, max(column for _, column in found) + 1


def _digits(text: bytes) -> int:
    text = text.strip()
    return _number(text) if text.isdigit() else 0


def _number(digits: bytes) -> int:
    """An attribute's count; a string of more than 12 digits is simply too much."""
    return int(digits) if len(digits) <= 12 else 10**12


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    if b"repeated" not in attrs:
        return 1
    found = pattern.search(attrs)
    return max(_number(found.group(1)), 1) if found else 1


def _ref(rows: int, columns: int) -> str:
    """'XFD1048576' for (1048576, 16384); cut short for absurd values."""
    letters = ""
    column = min(columns, 10**9)
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters or 'A'}{_count(rows)}".replace(".", "")


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _mb(size: int) -> str:
    megabytes = size / MB
    shown = f"{megabytes:,.0f}" if megabytes >= 10 else f"{megabytes:.1f}"
    return shown.replace(",", "_").replace(".", ",").replace("_", ".") + " MB"
