"""inspect() refuses every hostile workbook quickly and cheaply, and passes every real one."""

import os
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import PatternFill
from PIL import Image as PILImage
from python_calamine import CalamineWorkbook

from pipeline.kit import limits
from pipeline.kit.limits import display_name, inspect
from pipeline.kit.schema import inventory_spec
from tests import hostile
from tests.conftest import EXAMPLE, GOOD_ROW, run_cli

MB = 1_000_000
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

FAR = ["XFD1048576", "Ctrl+End"]
HOSTILE: list[tuple[Callable[[Path], Path], list[str]]] = [
    (hostile.far_away_cell, FAR),
    (hostile.duplicate_address, FAR),
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


@pytest.mark.parametrize(("build", "words"), HOSTILE, ids=IDS)
def test_hostile_file_is_refused_in_one_sentence_quickly_and_cheaply(tmp_path, build, words):
    path = build(tmp_path)
    message = inspect(path)
    elapsed = min(_timed(path, refused=True) for _ in range(2))  # the better of two, on a busy CI
    tracemalloc.start()
    inspect(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message is not None
    assert all(word in message for word in words), message
    assert message.endswith(".") and "\n" not in message and message[0].isupper()
    assert elapsed < 1.0, f"{elapsed:.2f} s"
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

WORDS = ["informasi", "dokumen", "laporan", "korban", "anak", "perempuan", "perlindungan",
         "bantuan", "sosial", "data"]  # fmt: skip


def long_inventory(path: Path, items: int, logo: Path | None = None) -> Path:
    """`items` rows with long texts, as a busy bidang fills the form, and maybe a logo."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Inventaris"
    sheet.append(inventory_spec().labels)
    for n in range(1, items + 1):
        values = {**GOOD_ROW, "No": n,
                  "Judul Informasi": f"Berkas {n} " + " ".join(WORDS[(n + i) % 10] for i in range(12)),
                  "Ringkasan Isi": " ".join(WORDS[(n * i) % 10] for i in range(60)),
                  "Alasan Usulan": " ".join(WORDS[(n + 3 * i) % 10] for i in range(50))}  # fmt: skip
        sheet.append([values[label] or None for label in inventory_spec().labels])
    if logo:
        sheet.add_image(Image(str(logo)), "P1")
    book.save(path)
    return path


def test_5000_long_items_with_a_logo_pass_in_well_under_a_second(tmp_path):
    PILImage.effect_noise((300, 300), 60).convert("RGB").save(tmp_path / "logo.png")
    path = long_inventory(tmp_path / "PP.xlsx", 5000, logo=tmp_path / "logo.png")
    with zipfile.ZipFile(path) as archive:
        assert any(name.startswith("xl/media/") for name in archive.namelist())
    inspect(path)
    elapsed = min(_timed(path) for _ in range(2))
    tracemalloc.start()
    inspect(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"5,000 items ({path.stat().st_size / MB:.1f} MB): {elapsed * 1000:.0f} ms, {peak / MB:.0f} MB"
    )
    assert elapsed < 1.0 and peak < 50 * MB


def test_example_inbox_and_blank_forms_pass(example):
    status, printed = run_cli("formulir", "--workspace", str(example.root))
    assert status == 0, printed
    forms = sorted(example.out("formulir").glob("*.xlsx"))
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


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("target", ["ods", "xls", "xlsx"])
def test_workbooks_saved_by_libreoffice_pass(tmp_path, target):
    source = long_inventory(tmp_path / "PP.xlsx", 300)
    book = load_workbook(source)  # a formatted column: LibreOffice repeats it to the end
    book["Inventaris"].column_dimensions["B"].fill = PatternFill("solid", start_color="FFFF00")
    book.save(source)
    subprocess.run(
        [str(SOFFICE), "--headless", "--calc", "--convert-to", target, "--outdir",
         str(tmp_path / "lo"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    saved = tmp_path / "lo" / f"PP.{target}"
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


def test_a_1500_item_workbook_costs_milliseconds(tmp_path):
    path = long_inventory(tmp_path / "PP.xlsx", 1500)
    elapsed = min(_timed(path) for _ in range(3))
    print(f"1,500 items: {elapsed * 1000:.0f} ms")
    assert elapsed < 0.3


def _timed(path: Path, refused: bool = False) -> float:
    start = time.perf_counter()
    message = inspect(path)
    elapsed = time.perf_counter() - start
    assert bool(message) is refused, message
    return elapsed


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
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
