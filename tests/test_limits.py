"""inspect() refuses every hostile workbook in bounded work and memory, and passes every real
one. The work is counted (bytes inflated), not timed: `make bench` times it (bench/limits.py)."""

import os
import resource
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from bench.limits import with_logo
from pipeline.kit import limits
from pipeline.kit.limits import display_name, inspect
from tests import hostile
from tests.conftest import EXAMPLE, needs_libreoffice

MB = 1_000_000

FAR = ["XFD1048576", "Ctrl+End"]
HOSTILE: list[tuple[Callable[[Path], Path], list[str]]] = [
    (hostile.far_away_cell, FAR),
    (hostile.duplicate_address, FAR),
    (hostile.duplicate_address_later, FAR),
    (hostile.prefixed_cell, FAR),
    (hostile.prefixed_cells_without_address, ["1.003 kolom"]),
    (hostile.merge_between_rows, FAR),
    (hostile.hyperlink_between_rows, FAR),
    (hostile.junk_in_front, FAR),
    (hostile.merged_everything, FAR),
    (hostile.hyperlink_everywhere, FAR),
    (hostile.implicit_far_rows, ["81.001.800 sel", "batas 2.000.000"]),
    (hostile.implicit_far_columns, ["1.002 kolom", "batas 100.000 baris dan 1.000 kolom"]),
    (hostile.huge_dimension, ["menyatakan rentang terpakai sampai XFD1048576"]),
    (hostile.attribute_with_lt, ["tag XML yang tidak wajar"]),
    (hostile.cell_bomb, ["xl/sharedStrings.xml", "1.074 MB", "batas 100 MB"]),
    (
        lambda folder: hostile.cell_bomb(folder, size=50 << 20),
        ["1.025 kali lipat", "batas 100 kali", "bom zip"],
    ),
    (hostile.shared_string_copies, ["menyalin teks", "batas 100 MB"]),
    (hostile.ods_repeated_text, ["menyalin teks", "batas 100 MB"]),
    (hostile.xls_shared_string_copies, ["menyalin teks", "batas 100 MB"]),
    (hostile.lying_size, ["lebih banyak data daripada yang tercatat"]),
    (hostile.oversized_total, ["283 MB saat dibuka", "batas 200 MB"]),
    (hostile.encrypted_part, ["dienkripsi"]),
    (hostile.utf7_declared, ["pengodean", "UTF-7"]),
    (hostile.million_rows, ["batas 100.000 baris"]),
    (hostile.long_text, ["lebih dari 8,0 MB", "32.767"]),
    (hostile.entity_bomb, ["deklarasi ENTITY", "sheet1.xml"]),
    (hostile.utf16_sheet, ["pengodean", "UTF-16"]),
    (hostile.bzip2_sheet, ["dipadatkan dengan cara yang tidak dipakai Excel"]),
    (hostile.many_parts, ["terlalu banyak bagian", "batas 1.000"]),
    (hostile.truncated_zip, ["rusak atau tidak lengkap"]),
    (hostile.overlapping_zip, ["saling menumpuk"]),
    (hostile.non_utf8_name, ["PP-na\ufffdve.xlsx", "bukan UTF-8", "ganti nama"]),
    (hostile.directory_named_like_workbook, ["PA.xlsx adalah folder"]),
    (hostile.ods_repeated_content, FAR),
    (hostile.ods_repeated_below_cap, ["XFD6001"]),
    (hostile.ods_far_cell, ["XFD2", "16.384 kolom"]),
    (hostile.ods_empty_runs, ["2.457.602 sel"]),
    (hostile.ods_space_bomb, ["spasi", "1.000.000"]),
    (hostile.xls_far_away_cell, ["65.536 kolom"]),
    (hostile.xls_far_away_cell_in_mini_stream, ["65.536 kolom"]),
    (hostile.xls_huge_dimensions, ["4.294.967.295 baris"]),
    (hostile.xls_inverted_dimensions, ["4.294.967.296 baris"]),
    (hostile.xls_directory_loop, ["tidak dapat diperiksa"]),
]
IDS = [build.__name__.replace("<lambda>", "cell_bomb_ratio") for build, _ in HOSTILE]
BOMBS = [
    pytest.param(build, id=name)
    for (build, _), name in zip(HOSTILE, IDS, strict=True)
    if build is not hostile.directory_named_like_workbook
]


# The most inspect() inflates of a hostile file before refusing it, whatever the file declares
# (a gigabyte for cell_bomb): one over-long run of text (MAX_RUN) is the largest thing it must
# see whole, and it stops within a chunk of crossing any limit.
BOMB_WORK = limits.MAX_RUN + 2 * limits.CHUNK


@pytest.fixture
def inflated(monkeypatch) -> list[int]:
    """The size of every chunk inspect() inflates, in order."""
    chunks: list[int] = []
    original = limits._inflate

    def counted(handle, member, start):
        for chunk in original(handle, member, start):
            chunks.append(len(chunk))
            yield chunk

    monkeypatch.setattr(limits, "_inflate", counted)
    return chunks


def _inspect_traced(path: Path) -> tuple[str | None, int]:
    """inspect(path) and the peak of the memory it allocated."""
    tracemalloc.start()
    try:
        message = inspect(path)
        return message, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("build", "words"), HOSTILE, ids=IDS)
def test_hostile_file_is_refused_in_one_sentence_within_bounded_work(
    tmp_path, inflated, build, words
):
    path = build(tmp_path)
    message, peak = _inspect_traced(path)
    assert message is not None
    assert all(word in message for word in words), message
    assert message.endswith(".") and "\n" not in message and message[0].isupper()
    assert sum(inflated) <= BOMB_WORK, f"{sum(inflated) / MB:.1f} MB inflated"
    assert peak < 50 * MB, f"{peak / MB:.0f} MB"


def read_guarded(path: Path) -> str | None:
    """How intake calls the guard: the parser only opens files within every limit."""
    message = inspect(path)
    if message:
        return message
    CalamineWorkbook.from_path(str(path))
    return None


@pytest.mark.parametrize("build", [*BOMBS, pytest.param(hostile.normal_xlsx, id="control")])
def test_calamine_never_opens_a_refused_file(tmp_path, monkeypatch, build):
    path = build(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(CalamineWorkbook, "from_path", staticmethod(opened.append))
    message = read_guarded(path)
    if build is hostile.normal_xlsx:
        assert message is None and opened == [str(path)]  # real files do reach the parser
    else:
        assert message and not opened


@pytest.mark.skipif(sys.platform != "linux", reason="memory caps for a child process need Linux")
@pytest.mark.parametrize(
    "build",
    [
        hostile.far_away_cell,
        hostile.duplicate_address,
        hostile.prefixed_cell,
        hostile.attribute_with_lt,
        hostile.junk_in_front,
        hostile.implicit_far_rows,
        hostile.xls_far_away_cell,
        hostile.xls_huge_dimensions,
        hostile.xls_inverted_dimensions,
        hostile.xls_directory_loop,
        hostile.shared_string_copies,
        hostile.ods_repeated_text,
        hostile.xls_shared_string_copies,
    ],
)
def test_hostile_files_really_bring_calamine_down(tmp_path, build):
    """The builders are real bombs: calamine, capped at 2 GB, dies on each (a control passes)."""
    assert _calamine_in_child(build(tmp_path)) != 0
    assert _calamine_in_child(hostile.normal_xlsx(tmp_path)) == 0


def _calamine_in_child(path: Path) -> int:
    code = (
        "import sys\nfrom python_calamine import CalamineWorkbook\n"
        "book = CalamineWorkbook.from_path(sys.argv[1])\n"
        "for name in book.sheet_names:\n"
        "    book.get_sheet_by_name(name).to_python(skip_empty_area=False)\n"
    )

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    child = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, timeout=60, preexec_fn=cap
    )
    return child.returncode


def test_raw_control_bytes_are_left_to_the_parsers(tmp_path):
    """calamine reads them and intake's clean_text turns \\x0b into a line break; refusing
    would send staff to re-save, and a LibreOffice re-save blanks the cell. openpyxl cannot
    read the file, so the feedback copy has to be made from values, as for .ods."""
    path = hostile.control_bytes(tmp_path)
    assert inspect(path) is None
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Inventaris")
    assert sheet.to_python()[1][1] == "baris\x0bsatu\x01"


def test_unreadable_paths_get_a_message(tmp_path, monkeypatch):
    (tmp_path / "gone.xlsx").symlink_to(tmp_path / "missing.xlsx")
    assert "tidak dapat dibaca" in (inspect(tmp_path / "gone.xlsx") or "")
    os.mkfifo(tmp_path / "pipe.xlsx")
    assert "bukan berkas biasa" in (inspect(tmp_path / "pipe.xlsx") or "")
    path = hostile.normal_xlsx(tmp_path)

    def locked(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(limits, "open", locked, raising=False)
    assert "galat sistem 13" in (inspect(path) or "")


def test_files_that_are_no_container_are_left_to_the_parser(tmp_path):
    """A web page or CSV saved as .xls or .xlsx: calamine rejects it with intake's message."""
    (tmp_path / "SET.xlsx").write_text("<html>halaman login</html>", encoding="utf-8")
    (tmp_path / "PA.xls").write_text("No;Judul\n1;Laporan\n", encoding="utf-8")
    assert inspect(tmp_path / "SET.xlsx") is None
    assert inspect(tmp_path / "PA.xls") is None


def test_display_name_replaces_bytes_that_are_not_utf8(tmp_path):
    assert display_name(hostile.non_utf8_name(tmp_path)) == "PP-na\ufffdve.xlsx"
    assert display_name(Path("masuk/Inventaris PP 2026.xlsx")) == "Inventaris PP 2026.xlsx"


# --- real workbooks pass ------------------------------------------------------------------------


def test_5000_long_items_with_a_logo_pass_reading_each_part_once(tmp_path, inflated):
    """The work is linear in the file: every part is inflated once, only the two small parts
    that name the sheets a second time, and the memory stays under 50 MB."""
    path = with_logo(tmp_path, 5000)
    with zipfile.ZipFile(path) as archive:
        assert any(name.startswith("xl/media/") for name in archive.namelist())
        parts = {member.filename: member.file_size for member in archive.infolist()}
    message, peak = _inspect_traced(path)
    assert message is None
    once = sum(parts.values())
    names = parts["xl/workbook.xml"] + parts["xl/_rels/workbook.xml.rels"]
    assert once <= sum(inflated) <= once + names, (sum(inflated), once, names)
    assert peak < 50 * MB, f"{peak / MB:.0f} MB"


def test_example_inbox_and_blank_forms_pass(blank_forms):
    forms = sorted(blank_forms.glob("*.xlsx"))
    inbox = sorted((EXAMPLE / "masuk").glob("*.xlsx"))
    assert forms and inbox
    for path in forms + inbox:
        assert inspect(path) is None, path.name


def test_handwritten_libreoffice_style_trailing_repeats_pass(tmp_path):
    """calamine drops empty rows and cells at the end of a table, however often repeated."""
    path = hostile.ods_trailing_empty(tmp_path)
    assert inspect(path) is None
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Inventaris").to_python()
    assert len(grid) == 2 and max(map(len, grid)) == 2


@needs_libreoffice
@pytest.mark.parametrize("target", ["ods", "xls", "xlsx"])
def test_workbooks_saved_by_libreoffice_pass(resaved, target):
    saved = resaved("panjang.xlsx", target)  # 300 long items, a column formatted to the end
    assert inspect(saved) is None
    if target == "ods":  # the case that must pass: an empty row repeated to row 1,048,576
        with zipfile.ZipFile(saved) as archive:
            assert b'number-rows-repeated="10' in archive.read("content.xml")


def test_legit_files_of_every_format_pass(tmp_path):
    tiny = hostile.normal_xls(tmp_path, "tiny.xls", mini=True)
    for path in (hostile.normal_xlsx(tmp_path), hostile.normal_xls(tmp_path), tiny):
        assert inspect(path) is None


def test_file_size_on_disk_is_limited(tmp_path, monkeypatch):
    path = hostile.normal_xlsx(tmp_path)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", path.stat().st_size - 1)
    assert "Berkas terlalu besar" in (inspect(path) or "")


# --- the scan never sees less than calamine builds ----------------------------------------------

CELL = st.tuples(
    st.one_of(st.none(), st.tuples(st.integers(1, 30), st.integers(1, 40))),
    st.sampled_from(["value", "empty", "open"]),
)
ROW = st.tuples(st.one_of(st.none(), st.integers(1, 40)), st.lists(CELL, max_size=6))


def _sheet_cell(address: tuple[int, int] | None, kind: str) -> bytes:
    ref = f' r="{hostile.column_name(address[0])}{address[1]}"' if address else ""
    return {
        "value": f"<c{ref}><v>1</v></c>",
        "empty": f'<c{ref} s="1"/>',
        "open": f"<c{ref}></c>",
    }[kind].encode()


def _sheet_row(number: int | None, cells: list[tuple[tuple[int, int] | None, str]]) -> bytes:
    ref = f' r="{number}"' if number else ""
    if not cells:
        return f"<row{ref}/>".encode()
    return f"<row{ref}>".encode() + b"".join(_sheet_cell(*c) for c in cells) + b"</row>"


EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EXAMPLES
@given(
    plain=st.integers(0, 12),
    rows=st.lists(ROW, min_size=1, max_size=8),
    chunk=st.sampled_from([7, 64, 1 << 20]),
)
def test_xlsx_scan_covers_every_cell_calamine_places(tmp_path, monkeypatch, plain, rows, chunk):
    """Rows as Excel writes them (numbered, every cell addressed: the bulk shortcut), then
    anything: cells and rows without addresses, empty and self-closing ones."""
    body = [
        _sheet_row(n, [((column, n), "value") for column in (1, 2, 3)]) for n in range(1, plain + 1)
    ]
    body += [_sheet_row(number, cells) for number, cells in rows]
    path = hostile.write_xlsx(tmp_path / "random.xlsx", hostile.sheet_xml(body))
    _assert_covers(path, monkeypatch, chunk)


FILLED = '<table:table-cell office:value-type="float" office:value="1"/>'
EMPTY = '<table:table-cell table:style-name="ce1"/>'


@EXAMPLES
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 4), st.lists(st.tuples(st.booleans(), st.integers(1, 5)), max_size=5)),
        min_size=1, max_size=6,
    ),
    chunk=st.sampled_from([7, 64, 1 << 20]),
)  # fmt: skip
def test_ods_scan_covers_every_cell_calamine_places(tmp_path, monkeypatch, rows, chunk):
    body = [
        hostile.ods_row(
            *(
                (FILLED if filled else EMPTY).replace(
                    "<table:table-cell",
                    f'<table:table-cell table:number-columns-repeated="{times}"',
                )
                for filled, times in cells
            ),
            repeat=repeat,
        )
        for repeat, cells in rows
    ]
    _assert_covers(hostile.write_ods(tmp_path / "random.ods", body), monkeypatch, chunk)


def _assert_covers(path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Limits set one below calamine's grid must refuse the file, at any chunk size."""
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Inventaris")
    cells = grid.to_python(skip_empty_area=False)
    height, width = len(cells), max(map(len, cells), default=0)
    monkeypatch.setattr(limits, "CHUNK", chunk)
    assert inspect(path) is None
    if not height:
        return
    for name, value in [("MAX_ROWS", height - 1), ("MAX_COLUMNS", width - 1),
                        ("MAX_CELLS", height * width - 1)]:  # fmt: skip
        with monkeypatch.context() as patched:
            patched.setattr(limits, name, value)
            assert inspect(path), f"{name}={value} for a {height} x {width} grid"
