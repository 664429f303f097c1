"""Workbooks as real clients write them: LibreOffice re-saves, .ods, .xls, .xlsm, Excel escapes."""

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.kit.config import load_config
from pipeline.kit.reference import load_references
from pipeline.kit.schema import inventory_spec
from pipeline.stages.s2_forms import HEADER_ROW, build_form
from pipeline.stages.s3a_intake import read_inbox
from tests.conftest import GOOD_ROW, row, write_inventory

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def convert(source: Path, target_format: str, folder: Path) -> Path:
    """Let LibreOffice Calc open a workbook and save it again, as a person re-saving would."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(SOFFICE), "--headless", "--calc", "--convert-to", target_format, "--outdir", str(folder),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / f"{source.stem}.{target_format.split(':')[0]}"


def read(workspace):
    intake = read_inbox(workspace.inbox, inventory_spec(), load_config(workspace.config).bidang)
    return intake


@needs_libreoffice
def test_form_resaved_by_libreoffice_is_read_like_the_original(workspace, tmp_path):
    config = load_config(workspace.config)
    bidang = next(b for b in config.bidang if b.kode == "PA")
    form = build_form(tmp_path / "PA.xlsx", bidang, config, inventory_spec(), load_references())
    workbook = load_workbook(form)
    for position, label in enumerate(inventory_spec().labels, start=1):
        workbook["Inventaris"].cell(
            row=HEADER_ROW + 1, column=position, value=GOOD_ROW[label] or None
        )
    workbook.save(form)
    resaved = convert(form, "xlsx", tmp_path / "lo")
    shutil.copy(resaved, workspace.inbox / "isian.xlsx")
    intake = read(workspace)
    assert intake.problems.empty
    assert intake.rows.loc[0, "bidang"] == "PA"  # the hidden form code survived
    assert intake.rows.loc[0, "kode_arsip"] == "400.2.3.2"
    lists = {
        v.formula1 for v in load_workbook(resaved)["Inventaris"].data_validations.dataValidation
    }
    assert "Daftar_kode_arsip" in lists  # dropdowns survive a LibreOffice save


@needs_libreoffice
@pytest.mark.parametrize("target_format", ["ods", "xls", "xlsx"])
def test_workbooks_written_by_libreoffice_are_read(workspace, tmp_path, target_format):
    source = write_inventory(
        tmp_path / "PP.xlsx", [row(Tanggal_Berkas_Ditutup="31/12/2024"), row(No=2)], header_row=3
    )
    converted = convert(source, target_format, tmp_path / "lo")
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
