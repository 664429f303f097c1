"""Workbooks as real clients write them: LibreOffice re-saves, .ods, .xls, .xlsm, Excel escapes."""

import shutil

import pytest
from openpyxl import load_workbook

from pipeline.kit.config import load_config
from pipeline.kit.schema import inventory_spec
from pipeline.stages.s3a_intake import read_inbox
from tests.conftest import GOOD_ROW, needs_libreoffice, row, write_inventory


def read(workspace):
    intake = read_inbox(workspace.inbox, inventory_spec(), load_config(workspace.config).bidang)
    return intake


@needs_libreoffice
def test_form_resaved_by_libreoffice_is_read_like_the_original(workspace, resaved):
    form = resaved("PA.xlsx", "xlsx")  # PA's form with one valid row, saved again by Calc
    shutil.copy(form, workspace.inbox / "isian.xlsx")
    intake = read(workspace)
    assert intake.problems.empty
    assert intake.rows.loc[0, "bidang"] == "PA"  # the hidden form code survived
    assert intake.rows.loc[0, "kode_arsip"] == "400.2.3.2"
    lists = {v.formula1 for v in load_workbook(form)["Inventaris"].data_validations.dataValidation}
    assert "Daftar_kode_arsip" in lists  # dropdowns survive a LibreOffice save


@needs_libreoffice
@pytest.mark.parametrize("target_format", ["ods", "xls", "xlsx"])
def test_workbooks_written_by_libreoffice_are_read(workspace, resaved, target_format):
    converted = resaved("PP.xlsx", target_format)  # two rows under title rows, see conftest
    shutil.copy(converted, workspace.inbox / converted.name)
    intake = read(workspace)
    assert intake.problems.empty
    assert list(intake.rows["baris"]) == [4, 5]
    assert list(intake.rows["no"]) == [1, 2]
    assert intake.rows.loc[0, "judul"] == GOOD_ROW["Judul Informasi"]


def test_macro_workbook_is_read_without_running_anything(workspace):
    path = write_inventory(workspace.inbox / "PP.xlsm", [row()])
    assert path.suffix == ".xlsm"
    intake = read(workspace)
    assert intake.problems.empty and len(intake.rows) == 1


def test_excel_escapes_are_decoded(workspace):
    # Excel stores a vertical tab (Alt+Enter pasted from elsewhere) as _x000B_ in the XML.
    write_inventory(workspace.inbox / "PP.xlsx", [row(Keterangan="baris satu_x000B_baris dua")])
    assert read(workspace).rows.loc[0, "keterangan"] == "baris satu\nbaris dua"
