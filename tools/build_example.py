"""Build the example workspace data/contoh/ from the content in tools/contoh/*.csv.

The workbooks are made the way a real round makes them: each bidang fills the blank form
from `formulir` (one bidang sends a hand-made workbook instead), the PPID team fills the sheet
that `uji` generates, and the reviewers fill the sheet that `konsep` generates.
Run: .venv/bin/python tools/build_example.py  (`--out FOLDER` builds it in a new folder instead)

Every workbook is saved reproducibly (dated the example's reference date, fixed zip times), so
building again without a change gives the same bytes; tests/test_generated.py builds the example
into a temporary folder and fails when the committed one differs.
"""

import argparse
import csv
import io
import shutil
import sys
import zipfile
from argparse import Namespace
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from pipeline.commands import konsep, uji
from pipeline.kit.console import Output
from pipeline.kit.dates import parse_date
from pipeline.kit.schema import consequence_spec, inventory_spec, review_spec
from pipeline.kit.workspace import Workspace
from pipeline.kit.xlsx import write_text
from pipeline.round import Round
from pipeline.stages.s2_forms import HEADER_ROW, build_form

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "tools" / "contoh"
EXAMPLE = Workspace(ROOT / "data" / "contoh")
HAND_MADE = "UPTDPPA"  # this bidang sends its own workbook, not the form
DATE_LABELS = {
    column.label
    for spec in (inventory_spec(), consequence_spec(), review_spec())
    for column in spec.columns
    if column.type in ("date", "date_or_year")
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the example workspace.")
    parser.add_argument(
        "--out",
        type=Path,
        help="a new or empty folder to build it in instead of data/contoh/ "
        "(the example's instansi.toml is copied there)",
    )
    folder = parser.parse_args(argv).out
    workspace = EXAMPLE if folder is None else Workspace(folder)
    count = build(workspace)
    print(f"Contoh dibuat: {count} butir di {workspace.root}")
    return 0


def build(workspace: Workspace) -> int:
    """Build the inbox and the filled sheets of the example in `workspace`; the number of items.

    A folder other than data/contoh/ must be new or empty: it gets the example's instansi.toml.
    """
    if workspace.root.resolve() != EXAMPLE.root.resolve():
        if workspace.root.exists() and any(workspace.root.iterdir()):
            raise SystemExit(f"{workspace.root} tidak kosong; pilih folder baru untuk contoh.")
        workspace.root.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE.config, workspace.config)
    for generated in (workspace.inbox, workspace.output, workspace.archive):
        shutil.rmtree(generated, ignore_errors=True)
    for sheet in (workspace.test_sheet, workspace.review_sheet):
        sheet.unlink(missing_ok=True)
    workspace.inbox.mkdir(parents=True)
    round_ = Round.open(workspace)
    dated = datetime.combine(round_.config.tanggal_acuan, time())
    inventory = _read("inventaris.csv")
    for bidang in round_.config.bidang:
        rows = [row for row in inventory if row["bidang"] == bidang.kode]
        if bidang.kode == HAND_MADE:
            name = f"Inventaris {bidang.nama} {round_.config.tahun}.xlsx"
            _hand_made(workspace.inbox / name, rows, dated)
        else:
            path = workspace.inbox / f"{bidang.kode}.xlsx"
            build_form(path, bidang, round_.config, inventory_spec(), round_.refs)
            _fill_form(path, rows, dated)
    quiet = Output()
    uji.run(Round.open(workspace), quiet, Namespace())
    _fill_sheet(workspace.test_sheet, consequence_spec().sheet, _read("uji_konsekuensi.csv"), dated)
    konsep.run(Round.open(workspace), quiet, Namespace())
    _fill_sheet(workspace.review_sheet, review_spec().sheet, _read("tinjauan.csv"), dated)
    shutil.rmtree(workspace.output, ignore_errors=True)
    return len(inventory)


def _read(name: str) -> list[dict[str, str]]:
    with (CONTENT / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _typed(label: str, text: str) -> object:
    """Values as a person enters them in Excel: numbers as numbers, dates as dates."""
    if not text:
        return None
    if label in {"No", "Tahun Pembuatan"} and text.isdigit():
        return int(text)
    if label in DATE_LABELS:
        try:
            return parse_date(text)
        except ValueError:
            return text
    return text


def _fill_form(path: Path, rows: list[dict[str, str]], dated: datetime) -> None:
    workbook = load_workbook(path)
    sheet = workbook[inventory_spec().sheet]
    for offset, row in enumerate(rows, start=HEADER_ROW + 1):
        for position, label in enumerate(inventory_spec().labels, start=1):
            _put(sheet.cell(row=offset, column=position), _typed(label, row[label]))
    _save(workbook, path, dated)


def _hand_made(path: Path, rows: list[dict[str, str]], dated: datetime) -> None:
    """A workbook typed from scratch: title rows, own header style, a blank row, no form code."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Inventaris"
    sheet["A1"] = "DAFTAR INFORMASI UPTD PERLINDUNGAN PEREMPUAN DAN ANAK"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "Usulan informasi yang dikecualikan"
    labels = inventory_spec().labels
    for position, label in enumerate(labels, start=1):
        header = label.upper().replace(" ", "\n", 1) if position % 2 else label
        sheet.cell(row=4, column=position, value=header).font = Font(bold=True)
    line = 5
    for index, row in enumerate(rows):
        if index == 2:
            line += 1  # a blank separator row, as people leave them
        for position, label in enumerate(labels, start=1):
            _put(sheet.cell(row=line, column=position), _typed(label, row[label]))
        line += 1
    _save(workbook, path, dated)


def _fill_sheet(path: Path, sheet_name: str, rows: list[dict[str, str]], dated: datetime) -> None:
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    headers = {cell.value: cell.column for cell in sheet[1]}
    by_id = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for row in rows:
        line = by_id.get(row["ID"])
        if line is None:
            raise SystemExit(f"ID {row['ID']} tidak ada di {path.name}")
        for label, value in row.items():
            if label != "ID" and value:
                _put(sheet.cell(row=line, column=headers[label]), _typed(label, value))
    _save(workbook, path, dated)


def _save(workbook: Workbook, path: Path, dated: datetime) -> None:
    """Save as openpyxl does, but with `dated` as the workbook's created and modified dates
    (openpyxl sets modified to the time of saving) and every zip member dated 1980-01-01."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.properties.created = workbook.properties.modified = dated
    core = tostring(workbook.properties.to_tree())  # as openpyxl's writer writes it
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as output,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            output.writestr(fixed, core if entry.filename == ARC_CORE else source.read(entry))


def _put(cell: Cell, value: object) -> None:
    write_text(cell, value)
    if isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"


if __name__ == "__main__":
    sys.exit(main())
