"""Far cells in every reader: one stray value at the grid's far corner (XFD1048576, where
calamine aborts the whole process) or a used range reaching ZZ150000 (105 million cells, 4 GB
and half a minute) in any workbook the tool opens is one sentence naming the file, before a
parser touches it; and a table file is refused the same way when it is too large."""

import pytest

from pipeline.kit import guarded, limits
from pipeline.kit.errors import ConfigError
from pipeline.kit.guarded import Refused
from pipeline.kit.reference import JRA_COLUMNS, load_references
from pipeline.kit.schema import consequence_spec, inventory_spec
from pipeline.kit.sheets import read_fill_sheet, write_fill_sheet
from pipeline.stages.s3a_intake import read_workbook
from tests import hostile
from tests.conftest import row, run_cli, write_inventory
from tests.test_jra import jra_workbook
from tests.test_sheets import rows

SHEET_CASES = [
    ("uji_konsekuensi.xlsx", "uji", "XFD1048576", "memakai sel sampai XFD1048576"),
    ("uji_konsekuensi.xlsx", "konsep", "ZZ150000", "mencakup 105.300.000 sel"),
    ("tinjauan.xlsx", "tetapkan", "ZZ150000", "mencakup 105.300.000 sel"),
    ("tinjauan.xlsx", "status", "XFD1048576", "memakai sel sampai XFD1048576"),
]


@pytest.mark.parametrize(("sheet", "command", "ref", "says"), SHEET_CASES)
def test_a_far_cell_in_a_fill_sheet_is_one_sentence(example, sheet, command, ref, says):
    path = hostile.plant_cell(example.root / sheet, ref)
    before = path.read_bytes()
    status, printed = run_cli(command, "--workspace", str(example.root))
    assert status == 2, printed
    text = " ".join(printed.split())
    assert f"Galat: {sheet} tidak dibuka: Lembar" in text and says in text
    assert "kirim ulang" not in text and "bagi isian" not in text  # the officer's own file
    assert path.read_bytes() == before


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ150000"])
def test_a_far_cell_in_a_jra_workbook_is_one_sentence(workspace, tmp_path, ref):
    path = hostile.plant_cell(jra_workbook(tmp_path / "JRA Perbup.xlsx"), ref)
    status, printed = run_cli("jra", str(path), "--workspace", str(workspace.root))
    assert status == 2, printed
    assert "Galat: JRA Perbup.xlsx tidak dibuka: Lembar" in " ".join(printed.split())
    assert not (workspace.root / "jra_kantor.csv").exists()


def test_a_far_cell_in_an_inbox_workbook_is_a_galat_for_that_file(workspace):
    path = hostile.plant_cell(write_inventory(workspace.inbox / "PP.xlsx", [row()]), "XFD1048576")
    received, rows, problems = read_workbook(path, inventory_spec(), ())
    assert received.blocked and rows.empty
    assert "memakai sel sampai XFD1048576" in problems[0]["Pesan"]


def test_a_round_sheet_may_hold_more_rows_than_a_bidang_file(tmp_path):
    """The sheets of the whole round hold a row per item of every bidang."""
    rows = b"".join(
        f'<row r="{n}">'.encode() + hostile.cell(f"A{n}", "x") + b"</row>"
        for n in (2, limits.MAX_ROWS + 10)
    )
    path = hostile.xlsx_rows(tmp_path, "uji_konsekuensi.xlsx", rows)
    assert limits.inspect(path) is not None
    assert limits.inspect(path, round_sheet=True, from_bidang=False) is None


def test_an_office_jra_table_over_the_size_limit_is_one_sentence(tmp_path, monkeypatch):
    table = tmp_path / "jra_kantor.csv"
    table.write_text(",".join(JRA_COLUMNS) + "\n000.1,Arsip,2,,3,Musnah\n", encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 40)
    with pytest.raises(ConfigError, match=r"jra_kantor\.csv tidak dibuka: Berkas terlalu besar"):
        load_references(table)


def test_a_jra_setting_naming_a_workbook_or_a_ragged_table_is_one_sentence(tmp_path):
    workbook = jra_workbook(tmp_path / "JRA.xlsx")
    with pytest.raises(ConfigError, match="bukan teks CSV UTF-8") as raised:
        load_references(workbook)
    ragged = tmp_path / "jra_kantor.csv"
    ragged.write_text(",".join(JRA_COLUMNS) + "\n000.1,Arsip,2,,3,Musnah,lebih\n", "utf-8")
    with pytest.raises(ConfigError, match="baris 2 berisi 7 kolom, sedangkan baris judulnya 6"):
        load_references(ragged)
    assert "Error tokenizing" not in str(raised.value)


def test_content_that_passed_is_not_inspected_again(tmp_path, monkeypatch):
    """Inspecting a 10,000-item sheet takes half a second, hashing it milliseconds: the same
    bytes pass once per version of the tool; a sheet the tool wrote has passed already."""
    calls = []
    real = guarded.inspect
    monkeypatch.setattr(guarded, "inspect", lambda *a, **k: calls.append(a) or real(*a, **k))
    spec = consequence_spec()
    path = write_fill_sheet(tmp_path / "uji_konsekuensi.xlsx", spec, rows(), rows().iloc[0:0])
    read_fill_sheet(path, spec)
    assert calls == []
    hostile.plant_cell(path, "ZZ150000")
    with pytest.raises(Refused):
        read_fill_sheet(path, spec)
    with pytest.raises(Refused):
        read_fill_sheet(path, spec)  # a refusal is never remembered as a pass
    assert len(calls) == 2
