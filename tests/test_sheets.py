import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.kit.schema import consequence_spec, review_spec
from pipeline.kit.sheets import read_fill_sheet, write_fill_sheet

SPEC = consequence_spec()


def rows() -> pd.DataFrame:
    table = pd.DataFrame(
        [{"id": "PP-0001", "bidang": "Bidang PP", "judul": "=HYPERLINK(\"x\") & <data>",
          "status_arsip": "Aktif", "usulan": "Ya", "dasar_usulan": "17.h.1"}]
    )  # fmt: skip
    for column in SPEC.columns:
        if column.name not in table:
            table[column.name] = None
    table.loc[0, "akibat_dibuka"] = "=1+1 tetap teks"
    return table


def test_written_sheet_reads_back_the_same(tmp_path):
    path = write_fill_sheet(tmp_path / "uji.xlsx", SPEC, rows(), rows().iloc[0:0])
    back = read_fill_sheet(path, SPEC).rows
    assert back.loc[0, "judul"] == '=HYPERLINK("x") & <data>'
    assert back.loc[0, "akibat_dibuka"] == "=1+1 tetap teks"
    assert pd.isna(back.loc[0, "hasil_uji"])


def test_given_columns_locked_filled_columns_open_with_dropdowns(tmp_path):
    path = write_fill_sheet(tmp_path / "uji.xlsx", SPEC, rows(), rows())
    workbook = load_workbook(path)
    sheet = workbook[SPEC.sheet]
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked
    result, opened = (SPEC.names.index(name) + 1 for name in ("hasil_uji", "dasar_dibuka"))
    assert not sheet[f"{get_column_letter(result)}2"].protection.locked  # Hasil Uji
    assert sheet["C2"].data_type == "s"
    assert [cell.value for cell in sheet[1]] == SPEC.labels
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert [v.formula1 for v in lists] == [f"=Pilihan_{result}", f"=Pilihan_{opened}"]
    assert "Isian Tanpa Butir" in workbook.sheetnames


def test_review_sheet_hides_the_fingerprint(tmp_path):
    spec = review_spec()
    table = pd.DataFrame([dict.fromkeys(spec.names, None) | {"id": "PP-0001", "sidik": "abc"}])
    path = write_fill_sheet(tmp_path / "tinjauan.xlsx", spec, table, table.iloc[0:0])
    sheet = load_workbook(path)[spec.sheet]
    assert sheet.column_dimensions[get_column_letter(spec.names.index("sidik") + 1)].hidden
    assert read_fill_sheet(path, spec).rows.loc[0, "sidik"] == "abc"


def test_missing_sheet_file_is_none(tmp_path):
    assert read_fill_sheet(tmp_path / "tidak_ada.xlsx", SPEC) is None
