"""What `periksa` hands back: the validation report and each file's own workbook, annotated."""

import shutil
import warnings
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.kit import xlsx, xlsx_patch
from pipeline.kit.config import Config
from pipeline.kit.dates import long_date
from pipeline.kit.guarded import open_workbook
from pipeline.kit.parallel import mapped
from pipeline.kit.problems import COLUMNS, GALAT, PERINGATAN
from pipeline.kit.timing import timed
from pipeline.kit.workspace import sha256, write_atomically
from pipeline.stages.s3a_intake import FEEDBACK_SHEET, ORIGIN_SHEET, Received
from pipeline.stages.s3b_validate import Inventory

SUMMARY_COLUMNS = [
    "Berkas",
    "Bidang",
    "Baris Dibaca",
    "Baris Valid",
    "Baris Galat",
    "Baris Peringatan",
]
PROBLEM_WIDTHS = [28, 14, 7, 28, 7, 30, 11, 90]
AUTHOR = "PPID"  # comments we write; cleared when a corrected feedback file comes back
OURS = "\n--- PPID ---\n"  # separates a comment the staff wrote from ours
COMMENT_WIDTH, COMMENT_HEIGHT = 360, 140  # our comments' box, in pixels
NO_PROBLEMS = "Tidak ada masalah: setiap baris terbaca dan lolos pemeriksaan."


def summarize(inventory: Inventory, bidang_names: dict[str, str]) -> pd.DataFrame:
    """One line per input file, and the totals; rows read = valid + rejected, always."""
    rows = inventory.rows
    lines = []
    for received in inventory.files:
        if received.replaced_by:  # a corrected copy came in: the old one is set aside, not read
            continue
        mine = rows[rows["berkas"] == received.name]
        galat = int(mine["galat"].sum())
        lines.append(
            {
                "Berkas": received.name,
                "Bidang": bidang_names.get(received.bidang or "", "(tidak dikenali)"),
                "Baris Dibaca": len(mine),
                "Baris Valid": len(mine) - galat,
                "Baris Galat": galat,
                "Baris Peringatan": int((mine["peringatan"] & ~mine["galat"]).sum()),
            }
        )
    table = pd.DataFrame(lines, columns=SUMMARY_COLUMNS)
    totals = {"Berkas": "Jumlah", "Bidang": ""} | {
        c: int(table[c].sum()) for c in SUMMARY_COLUMNS[2:]
    }
    return pd.concat([table, pd.DataFrame([totals])], ignore_index=True)


def heading(config: Config, day: date) -> tuple[str, str, str]:
    """What every printed page of the report says at its top: what, whose, when."""
    return (
        f"Laporan Validasi Isian Inventaris Tahun {config.tahun}",
        config.office["sebutan"],
        f"Dibuat {long_date(day)}",
    )


@timed("write laporan_validasi.xlsx")
def write_validation_report(
    path: Path, summary: pd.DataFrame, problems: pd.DataFrame, feedback: dict[str, str],
    paper: str, title: Sequence[str] = (),
) -> Path:  # fmt: skip
    """laporan_validasi.xlsx: Ringkasan and Masalah; each Sel links to the annotated workbook.

    Both tables start at row 1 (other tools read them so); `title` (what, whose, when) is the
    workbook's title and heads every printed page."""

    def build(target: Path) -> None:
        workbook, sheet = xlsx.new_workbook("Ringkasan")
        if title:
            workbook.properties.title, workbook.properties.subject = title[0], title[1]
        last = xlsx.table(sheet, SUMMARY_COLUMNS, summary.itertuples(index=False),
                          [34, 34, 13, 12, 12, 16])  # fmt: skip
        for cell in sheet[last]:
            cell.style = "tebal"
        xlsx.print_setup(sheet, 1, paper, title=title)
        issues = workbook.create_sheet(FEEDBACK_SHEET)
        _problem_table(issues, problems, lambda name: feedback.get(name))
        xlsx.print_setup(issues, 1, paper, title=title)
        workbook.save(target)

    return write_atomically(path, build)


def write_problems(path: Path, problems: pd.DataFrame, paper: str) -> Path:
    """A workbook of one Masalah sheet (e.g. an imported JRA table's problems)."""

    def build(target: Path) -> None:
        workbook, sheet = xlsx.new_workbook("Masalah")
        _problem_table(sheet, problems, lambda name: None)
        xlsx.print_setup(sheet, 1, paper)
        workbook.save(target)

    return write_atomically(path, build)


def _problem_table(
    sheet: Worksheet, problems: pd.DataFrame, workbook_of: Callable[[str], str | None]
) -> None:
    """The Masalah table; when there is none, a line that says so."""
    xlsx.table(sheet, COLUMNS, problems.itertuples(index=False), PROBLEM_WIDTHS)
    if problems.empty:
        sheet["A2"] = NO_PROBLEMS
        sheet["A2"].style = "keterangan"
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
        return
    _link_cells(sheet, problems, workbook_of)


def write_feedback(
    path: Path, original: Path, problems: pd.DataFrame, paper: str, title: Sequence[str] = ()
) -> Path:
    """The staff's own workbook with problem cells coloured and explained, plus a Masalah sheet
    in front, where it opens.

    The original in masuk/ is never touched; this is a new file in keluaran/umpan_balik/. Marks
    left by an earlier round (a corrected feedback file sent back) are cleared first, and a
    comment the staff wrote themselves is kept above ours.
    """

    def build(target: Path) -> None:
        if original.suffix.lower() == ".xlsx" and _patched(
            target, original, problems, paper, title
        ):
            return
        workbook = _open_as_workbook(original)
        xlsx.use_styles(workbook)
        came_back = False  # a feedback copy sent back corrected: our marks are in it
        for ours in (FEEDBACK_SHEET, ORIGIN_SHEET):
            if ours in workbook.sheetnames:
                del workbook[ours]
                came_back = True
        _mark_origin(workbook, original)
        for sheet_name in dict.fromkeys(problems["Lembar"]) if came_back else ():
            if sheet_name in workbook.sheetnames:
                _clear_marks(workbook[sheet_name])
        for sheet_name, cell_name, level, text in _marks(problems):
            if sheet_name not in workbook.sheetnames:
                continue
            cell = _writable(workbook[sheet_name], cell_name)
            xlsx.fill_level(cell, level)
            own = cell.comment.text if cell.comment else ""
            cell.comment = Comment(f"{own}{OURS}{text}" if own else text, AUTHOR,
                                   width=COMMENT_WIDTH, height=COMMENT_HEIGHT)  # fmt: skip
        _problems_sheet(workbook, problems, paper, title)
        workbook.save(target)

    return write_atomically(path, build)


@timed("write feedback")
def write_feedbacks(
    folder: Path,
    inventory: Inventory,
    problems: pd.DataFrame,
    names: dict[str, str],
    inbox: Path,
    paper: str,
    title: tuple[str, str, str],
) -> tuple[dict[str, str], list[str]]:
    """`folder`/<name> for each readable file with problems: (file -> link, files whose copy
    could not be made, so the report says so instead of failing). Two versions of one inventory
    get none: which holds is the officer's call."""
    shutil.rmtree(folder, ignore_errors=True)
    versions = {name for pair in inventory.versions for name in pair}
    jobs = {
        received.name: (folder / names[received.name], inbox / received.name,
                        problems[problems["Berkas"] == received.name], paper, title)
        for received in inventory.files
        if received.name not in versions and feedback_for(received, problems)
    }  # fmt: skip
    # on every core: a copy of a file of 1,000 rows costs about 0.06 s patched (0.3 s when
    # openpyxl loads and saves it), and a round of 30,000 items sends 34 files
    made = dict(zip(jobs, mapped(_made, list(jobs.values())), strict=True))
    links = {name: f"{folder.name}/{names[name]}" for name, done in made.items() if done}
    return links, [name for name, done in made.items() if not done]


def _patched(
    target: Path, original: Path, problems: pd.DataFrame, paper: str, title: Sequence[str]
) -> bool:
    """The copy made by rewriting only the parts of the workbook that change (about a fifth of
    openpyxl's load and save: 55 ms for 277); False, nothing made, when the workbook holds
    anything unusual (our own sheets from an earlier round, comments where ours go, macros)."""
    marks = [xlsx_patch.Mark(sheet, cell, xlsx.LEVEL_FILLS[level], text)
             for sheet, cell, level, text in _marks(problems)]  # fmt: skip
    ours, _ = xlsx.new_workbook(FEEDBACK_SHEET)
    _problems_sheet(ours, problems, paper, title)
    _mark_origin(ours, original)
    try:
        xlsx_patch.patch(original, target, marks, ours, 1, AUTHOR, (COMMENT_WIDTH, COMMENT_HEIGHT))
    except xlsx_patch.Unsupported:
        return False
    return True


def _marks(problems: pd.DataFrame) -> Iterator[tuple[str, str, str, str]]:
    """(sheet, cell, level, comment) of each problem cell, in the order of its first problem:
    the worst level, every message."""
    cells: dict[tuple[str, str], list[tuple[str, str]]] = {}
    columns = (problems[c] for c in ("Lembar", "Sel", "Tingkat", "Pesan"))
    for sheet_name, cell_name, level, message in zip(*columns, strict=True):
        if cell_name != "":
            cells.setdefault((str(sheet_name), str(cell_name)), []).append((level, message))
    for (sheet_name, cell_name), found in cells.items():
        level = GALAT if any(t == GALAT for t, _ in found) else PERINGATAN
        yield sheet_name, cell_name, level, "\n".join(f"{t}: {m}" for t, m in found)


def _problems_sheet(
    workbook: Workbook, problems: pd.DataFrame, paper: str, title: Sequence[str]
) -> None:
    """The Masalah sheet first, and the workbook open on it, so the bidang finds it; their own
    sheets keep their order."""
    issues = (workbook[FEEDBACK_SHEET] if FEEDBACK_SHEET in workbook.sheetnames
              else workbook.create_sheet(FEEDBACK_SHEET, 0))  # fmt: skip
    _problem_table(issues, problems, lambda name: "")
    xlsx.print_setup(issues, 1, paper, title=title)
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = False
    workbook.active = 0
    issues.sheet_view.tabSelected = True


def _made(job: tuple[Path, Path, pd.DataFrame, str, Sequence[str]]) -> bool:
    """One feedback copy; one we cannot make must not cost the report of every file."""
    try:
        write_feedback(*job)
    except Exception:
        return False
    return True


def _mark_origin(workbook: Workbook, original: Path) -> None:
    """Which file this copy was made from: when it comes back corrected, under any name, it
    replaces that version instead of colliding with it."""
    origin = workbook.create_sheet(ORIGIN_SHEET)
    origin.sheet_state = "hidden"
    for row, (key, value) in enumerate(
        [("berkas_asal", original.name), ("sha256_asal", sha256(original))], start=1
    ):
        origin.cell(row=row, column=1, value=key)
        xlsx.write_text(origin.cell(row=row, column=2), value)


def feedback_for(received: Received, problems: pd.DataFrame) -> bool:
    """Whether a file gets an annotated copy: it has problems and a sheet we could read (not
    a copy or an old version, which are not read)."""
    mine = bool((problems["Berkas"] == received.name).any())
    return bool(received.sheets) and received.replaced_by is None and mine


def _clear_marks(sheet: Worksheet) -> None:
    """Remove the fills and comments an earlier feedback round put on this sheet."""
    for line in sheet.iter_rows():
        for cell in line:
            if xlsx.has_level_fill(cell):
                cell.fill = xlsx.PatternFill(fill_type=None)
            if cell.comment is None:
                continue
            if cell.comment.author == AUTHOR:
                cell.comment = None
            elif OURS in cell.comment.text:
                own = cell.comment.text.split(OURS)[0]
                cell.comment = Comment(own, cell.comment.author, width=COMMENT_WIDTH,
                                       height=COMMENT_HEIGHT)  # fmt: skip


def _writable(sheet: Worksheet, name: str) -> xlsx.Cell:
    """The cell itself, or the top-left cell of the merged range it belongs to."""
    for merged in sheet.merged_cells.ranges:
        if name in merged:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return sheet[name]


def _link_cells(
    sheet: Worksheet, problems: pd.DataFrame, workbook_of: Callable[[str], str | None]
) -> None:
    """Make each Sel a link to its cell: in another workbook, or in this one when it gives ''."""
    column = COLUMNS.index("Sel") + 1
    places = zip(problems["Berkas"], problems["Lembar"], problems["Sel"], strict=True)
    for row, (name, sheet_name, cell_name) in enumerate(places, start=2):
        other = workbook_of(str(name))
        if not cell_name or other is None:
            continue
        cell = sheet.cell(row=row, column=column)
        location = f"'{sheet_name}'!{cell_name}"
        if other:
            cell.hyperlink = f"{other}#{location}"
        else:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location)
        cell.style = "tautan"


def _open_as_workbook(path: Path) -> Workbook:
    """openpyxl keeps the staff's layout for .xlsx/.xlsm, their formulas as the values the
    reader read (a live =HYPERLINK or =WEBSERVICE sent back would run again on their side).
    What it cannot open (.ods, .xls, or a workbook whose XML it refuses) is copied from what
    the reader read, sheet by sheet, hidden ones included (the form's bidang code lives in
    one), values only: a file the reader accepted never breaks its feedback."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # unsupported parts (e.g. slicers) are dropped
                return load_workbook(path, data_only=True, keep_vba=False, keep_links=False)
        except Exception:  # openpyxl raises many types; the reader's copy follows
            pass
    source = open_workbook(path, from_bidang=True)  # read once already; inspected again
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for meta in source.sheets_metadata:
        target = workbook.create_sheet(str(meta.name))
        if not str(meta.visible).endswith("Visible"):
            target.sheet_state = "hidden"
        grid = source.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        for row, line in enumerate(grid, start=1):
            for column, value in enumerate(line, start=1):
                if value != "":
                    xlsx.write_text(target.cell(row=row, column=column), value)
    return workbook
