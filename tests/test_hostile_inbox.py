"""What the inbox's own reader still let through: a hidden sheet of items skipped without a
word, and the bidang's live formulas handed back to them in the feedback copy."""

import zipfile

from openpyxl import load_workbook

from pipeline.kit.problems import PERINGATAN
from pipeline.kit.schema import inventory_spec
from pipeline.stages.s3a_intake import read_workbook
from tests.conftest import row, run_cli, write_inventory


def _with_hidden_sheet(path, *, header: bool):
    """A second sheet of items (or of notes), hidden as people hide a sheet in Excel."""
    workbook = load_workbook(path)
    hidden = workbook.create_sheet("Lama")
    if header:
        hidden.append(inventory_spec().labels)
        for number in (7, 8):
            hidden.append([row(No=number)[label] for label in inventory_spec().labels])
    else:
        hidden.append(["catatan", "bukan butir"])
    hidden.sheet_state = "hidden"
    workbook.save(path)
    return path


def test_a_hidden_sheet_of_items_is_read_and_named(workspace):
    path = _with_hidden_sheet(write_inventory(workspace.inbox / "PP.xlsx", [row()]), header=True)
    _, rows, problems = read_workbook(path, inventory_spec(), ())
    assert [(sheet, int(no)) for sheet, no in zip(rows["lembar"], rows["no"], strict=True)] == [
        ("Inventaris", 1), ("Lama", 7), ("Lama", 8)
    ]  # fmt: skip
    named = [p for p in problems if p["Lembar"] == "Lama"]
    assert [p["Tingkat"] for p in named] == [PERINGATAN]
    assert named[0]["Pesan"].startswith("Lembar 'Lama' tersembunyi, tetapi memuat judul kolom")


def test_a_hidden_sheet_without_items_stays_quiet(workspace):
    path = _with_hidden_sheet(write_inventory(workspace.inbox / "PP.xlsx", [row()]), header=False)
    _, rows, problems = read_workbook(path, inventory_spec(), ())
    assert len(rows) == 1 and not [p for p in problems if p["Lembar"] == "Lama"]


def test_the_feedback_copy_holds_the_values_of_the_bidangs_formulas(workspace):
    """A cell =HYPERLINK(...) as Excel saves it (with its last value), in a file with a
    problem so that a feedback copy is made."""
    path = write_inventory(workspace.inbox / "PP.xlsx", [row(), row(No=2, Judul_Informasi="")])
    workbook = load_workbook(path)
    workbook["Inventaris"]["N2"] = '=HYPERLINK("http://contoh.invalid","klik")'
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = (
        parts[sheet]
        .replace(b'<c r="N2"', b'<c r="N2" t="str"', 1)
        .replace(b"</f>", b"</f><v>klik</v>", 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1, printed
    feedback = load_workbook(workspace.out("umpan_balik", "PP.xlsx"))["Inventaris"]
    assert feedback["N2"].value == "klik" and feedback["N2"].data_type != "f"
