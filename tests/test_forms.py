from openpyxl import load_workbook

from pipeline.kit.config import load_config
from pipeline.kit.reference import load_references
from pipeline.kit.schema import inventory_spec
from pipeline.stages.s2_forms import HEADER_ROW, build_form
from pipeline.stages.s3a_intake import read_inbox
from tests.conftest import GOOD_ROW

REFS = load_references()


def make_form(workspace, code="REHSOS"):
    config = load_config(workspace.config)
    bidang = next(b for b in config.bidang if b.kode == code)
    return build_form(
        workspace.inbox / "formulir-apa-saja.xlsx", bidang, config, inventory_spec(), REFS
    )


def test_form_is_built_from_the_schema(workspace):
    workbook = load_workbook(make_form(workspace))
    assert workbook.sheetnames == ["Inventaris", "Daftar", "Petunjuk", "Contoh", "_formulir"]
    sheet = workbook["Inventaris"]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers[:3] == ["No *", "Judul Informasi *", "Ringkasan Isi *"]
    assert "Penanggung Jawab" in headers  # optional: no star
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert workbook["Daftar"].sheet_state == "hidden"
    assert workbook["_formulir"]["B1"].value == "REHSOS"
    assert sheet[f"I{HEADER_ROW + 1}"].number_format == "@"  # codes stay text


def test_dropdowns_point_at_named_lists(workspace):
    workbook = load_workbook(make_form(workspace))
    sheet = workbook["Inventaris"]
    lists = {v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert {"=Daftar_bentuk", "=Daftar_dari_arsip", "=Daftar_usulan", "=Daftar_kode_arsip",
            "=Daftar_dasar_usulan"} <= lists  # fmt: skip
    codes = workbook.defined_names["Daftar_kode_arsip"].attr_text
    assert codes == f"'Daftar'!$D$2:$D${len(REFS.jra) + 1}"  # every JRA row
    prompts = [v.prompt for v in sheet.data_validations.dataValidation]
    assert inventory_spec()["kode_arsip"].help in prompts


def test_filled_form_is_read_back_with_its_bidang(workspace):
    path = make_form(workspace, "PA")
    workbook = load_workbook(path)
    sheet = workbook["Inventaris"]
    for position, label in enumerate(inventory_spec().labels, start=1):
        sheet.cell(row=HEADER_ROW + 1, column=position, value=GOOD_ROW[label] or None)
    workbook.save(path)
    intake = read_inbox(workspace.inbox, inventory_spec(), load_config(workspace.config).bidang)
    assert intake.problems.empty
    assert list(intake.rows["bidang"]) == ["PA"]
    assert list(intake.rows["baris"]) == [HEADER_ROW + 1]


def test_instructions_carry_the_reference_tables(workspace):
    sheet = load_workbook(make_form(workspace))["Petunjuk"]
    texts = [cell.value for cell in sheet["A"] if cell.value]
    assert "17.h.2" in texts and "400.9.2.3" in texts


def test_worked_examples_are_themselves_valid(workspace):
    from pipeline.stages.s3b_validate import validate_inventory
    from tests.conftest import write_inventory

    spec = inventory_spec()
    rows = [{c.label: c.example[i] for c in spec.columns} for i in range(2)]
    sheet = load_workbook(make_form(workspace))["Contoh"]
    assert [cell.value for cell in sheet[5]][:2] == [rows[1]["No"], rows[1]["Judul Informasi"]]
    write_inventory(workspace.inbox / "PP.xlsx", rows)
    intake = read_inbox(workspace.inbox, spec, load_config(workspace.config).bidang)
    checked = validate_inventory(intake, spec, REFS)
    assert checked.problems.empty
    assert len(checked.items) == 2


def test_an_office_jra_without_the_schema_example_gets_one_of_its_own_codes(workspace):
    from dataclasses import replace

    office = replace(REFS, jra=REFS.jra.drop(index="400.2.3.2"))
    config = load_config(workspace.config)
    bidang = next(b for b in config.bidang if b.kode == "PA")
    path = build_form(workspace.inbox / "PA.xlsx", bidang, config, inventory_spec(), office)
    workbook = load_workbook(path)
    column = inventory_spec().labels.index("Kode Klasifikasi Arsip") + 1
    shown = workbook["Contoh"].cell(row=4, column=column).value
    assert shown in office.jra.index and bidang.uses(shown)
    help_texts = [v.prompt for v in workbook["Inventaris"].data_validations.dataValidation]
    assert not any("400.2.3.2" in (text or "") for text in help_texts)
    assert any(f"mis. {shown}" in (text or "") for text in help_texts)
