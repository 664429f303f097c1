"""Fill-sheet columns: nothing the team typed is dropped by a rewrite. A header renamed, a
column added or removed, a formula in a white cell: the refresh stops with a sentence naming
the column or the cell, and the file stays byte for byte as it was."""

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.kit.errors import WorkspaceError
from pipeline.kit.schema import consequence_spec
from pipeline.kit.sheets import read_fill_sheet, refresh_fill_sheet, write_fill_sheet
from tests.conftest import run_cli
from tests.test_sheets import rows

SPEC = consequence_spec()
AKIBAT = SPEC["akibat_dibuka"].label  # a white column: "Akibat bila Dibuka"
LETTER = get_column_letter(SPEC.names.index("akibat_dibuka") + 1)  # where the tool writes it
AFTER, BEYOND = (get_column_letter(len(SPEC.names) + n) for n in (1, 2))  # past its last column


def _sheet(tmp_path, change):
    """A written sheet with one change made in Excel's way (openpyxl), and its bytes."""
    path = write_fill_sheet(tmp_path / "uji_konsekuensi.xlsx", SPEC, rows(), rows().iloc[0:0])
    workbook = load_workbook(path)
    change(workbook[SPEC.sheet])
    workbook.save(path)
    return path, path.read_bytes()


def _refresh(path):
    """What uji does: read the sheet, then write it with one given value changed."""
    previous = read_fill_sheet(path, SPEC)
    fresh = rows().assign(judul="Judul baru")
    fresh["akibat_dibuka"] = previous.rows["akibat_dibuka"]
    return refresh_fill_sheet(path, SPEC, fresh, fresh.iloc[0:0], previous,
                              path.parent / "cadangan", "A4")  # fmt: skip


def _column(sheet, label):
    return next(cell.column for cell in sheet[1] if cell.value == label)


def _rename(sheet):
    sheet.cell(row=1, column=_column(sheet, AKIBAT), value="Akibat")


def _add(sheet):
    sheet.cell(row=1, column=sheet.max_column + 1, value="Catatan Tim")
    sheet.cell(row=2, column=sheet.max_column, value="dibahas 12 Februari")


def _untitled(sheet):
    sheet.cell(row=2, column=sheet.max_column + 2, value="catatan tanpa judul")


def _remove(sheet):
    sheet.delete_cols(_column(sheet, AKIBAT))


def _formula(sheet):
    sheet.cell(row=2, column=_column(sheet, AKIBAT), value='=CONCAT("stigma ","korban")')


CASES = [
    (_rename, f"kolom {LETTER} 'Akibat' di lembar 'Uji Konsekuensi' tidak dikenal alat ini (mungkin "
              "'Akibat bila Dibuka' yang diganti judulnya)"),
    (_add, f"kolom {AFTER} 'Catatan Tim' di lembar 'Uji Konsekuensi' tidak dikenal alat ini dan "
           "isinya akan hilang"),
    (_untitled, f"kolom {BEYOND} tanpa judul di lembar 'Uji Konsekuensi' tidak dikenal alat ini"),
    (_remove, "kolom 'Akibat bila Dibuka' tidak ada di lembar 'Uji Konsekuensi' (dihapus atau "
              "diganti judulnya)"),
    (_formula, f"sel {LETTER}2 (kolom 'Akibat bila Dibuka', lembar 'Uji Konsekuensi') berisi rumus"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "says"), CASES)
def test_a_rewrite_that_would_drop_typed_text_is_refused(tmp_path, change, says):
    path, before = _sheet(tmp_path, change)
    with pytest.raises(WorkspaceError) as refused:
        _refresh(path)
    assert says in str(refused.value)
    assert str(refused.value).endswith("berkas tidak diubah.")
    assert path.read_bytes() == before
    assert not (tmp_path / "cadangan").exists()


def test_a_sheet_as_the_tool_wrote_it_is_still_refreshed(tmp_path):
    path, _ = _sheet(tmp_path, lambda sheet: None)
    written, backup = _refresh(path)
    assert written and backup is not None
    assert read_fill_sheet(path, SPEC).rows.loc[0, "judul"] == "Judul baru"


def test_unchanged_content_is_never_rewritten_whatever_the_columns(tmp_path):
    path, before = _sheet(tmp_path, _add)
    previous = read_fill_sheet(path, SPEC)
    assert refresh_fill_sheet(path, SPEC, previous.rows.drop(columns=["berkas", "lembar", "baris"]),
                              rows().iloc[0:0], previous, tmp_path, "A4") == (False, None)  # fmt: skip
    assert path.read_bytes() == before


def test_uji_keeps_the_teams_texts_when_a_header_was_renamed(example):
    """The probe: 'Akibat bila Dibuka' renamed to 'Akibat' in the example's sheet, then one
    item's title changed in masuk/ so that uji must rewrite the sheet."""
    path = example.root / "uji_konsekuensi.xlsx"
    workbook = load_workbook(path)
    sheet = workbook[SPEC.sheet]
    column = _column(sheet, AKIBAT)
    typed = [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)]
    sheet.cell(row=1, column=column, value="Akibat")
    sheet.cell(row=3, column=_column(sheet, "Judul Informasi"), value="judul lama")  # stale
    workbook.save(path)
    before = path.read_bytes()
    status, printed = run_cli("uji", "--workspace", str(example.root))
    assert status == 2, printed
    assert f"kolom {LETTER} 'Akibat'" in " ".join(printed.split())
    assert path.read_bytes() == before
    texts = pd.Series(typed).dropna()
    assert len(texts) > 40  # the example's team filled most of them
