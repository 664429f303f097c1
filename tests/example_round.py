"""The bundled example's round as the tests read it: the text and the list rows of its
documents, what tools/contoh says the outcomes are, and cells of its sheets set by item ID."""

import csv
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from pipeline.kit.schema import inventory_spec
from pipeline.stages.s2_forms import HEADER_ROW
from tests.conftest import ROOT, run_cli

CONTENT = ROOT / "tools" / "contoh"
# The example's decision: the one its next round revokes.
OLD_NUMBER = "000.8.3.4/45/DSPPA/2026"


def docx_text(path) -> str:
    """Every paragraph, nested table cells included, NBSPs as spaces."""
    body = Document(str(path)).element.body
    paragraphs = body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    return "\n".join(
        "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")).replace("\u00a0", " ")
        for p in paragraphs
    )


def annex_rows(path) -> list[list[str]]:
    """The item rows of a list: rows of a nested table that start with their number (the
    column-number row under the header, all numbers, is not an item)."""

    def rows_of(tables):
        for table in tables:
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells]
                if len(cells) >= 4 and cells[0].isdigit() and not all(c.isdigit() for c in cells):
                    yield cells
                for cell in row.cells:
                    yield from rows_of(cell.tables)

    found = list(dict.fromkeys(tuple(row) for row in rows_of(Document(str(path)).tables)))
    if not found:
        raise AssertionError(f"no item table in {path}")
    return [list(row) for row in found]


def content(name: str) -> list[dict[str, str]]:
    with (CONTENT / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected():
    inventory = {f"{r['bidang']}-{int(r['No']):04d}": r for r in content("inventaris.csv")}
    results = {r["ID"]: r["Hasil Uji"] for r in content("uji_konsekuensi.csv")}
    exempt = {i for i, h in results.items() if h.startswith("Dikecualikan")}
    partial = {i for i, h in results.items() if h == "Dikecualikan Sebagian"}
    public = (set(inventory) - exempt) | partial
    return inventory, exempt, partial, public


def set_cells(path, sheet_name, item_id, values):
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    columns = {cell.value: cell.column for cell in sheet[1]}
    line = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == item_id
    )
    for label, value in values.items():
        sheet.cell(row=line, column=columns[label]).value = value
    workbook.save(path)


def rows_of(path, sheet_name):
    return {
        r[0]: r
        for r in load_workbook(path)[sheet_name].iter_rows(min_row=2, values_only=True)
        if r[0]
    }


def assert_not_signed(workspace, reason):
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 1
    assert reason in printed
    assert not workspace.out("daftar_informasi_dikecualikan.docx").exists()


def form_rows(path: Path) -> dict[str, dict[str, object]]:
    """A form's rows by their Kode Butir (label -> value): the items a next round carries."""
    key = inventory_spec(carried=True)["kode_butir"].label
    sheet = load_workbook(path)["Inventaris"]
    labels = [str(cell.value).rstrip(" *") for cell in sheet[HEADER_ROW]]
    rows = {}
    for line in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        row = dict(zip(labels, line, strict=True))
        if row[key]:
            rows[str(row[key])] = row
    return rows
