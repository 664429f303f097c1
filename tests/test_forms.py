from dataclasses import replace

import pandas as pd
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


def office_jra(*rows):
    """The bundled JRA without the schema's example code, with an office's own rows."""
    import pandas as pd

    from pipeline.kit.reference import JRA_COLUMNS

    jra = REFS.jra.drop(index="800.1.10.4")
    extra = pd.DataFrame([dict(zip(JRA_COLUMNS, row, strict=True)) for row in rows])
    table = pd.concat([extra.set_index("kode", drop=False), jra])
    return replace(REFS, jra=table, jra_name="JRA kantor (jra_kantor.csv)")


def test_an_office_jra_without_the_example_code_shows_its_code_for_the_same_kind_of_file(
    workspace,
):
    """The bidang's first usual code is for procurement: the disciplinary example must not
    show it, but the office's own code for disciplinary files."""
    office = office_jra(("000.3.3", "Pengadaan Barang/Jasa", 2, "", 3, "Musnah"),
                        ("800.2.5", "Berkas Hukuman Disiplin Aparatur Sipil Negara", 2, "", 3,
                         "Musnah"))  # fmt: skip
    config = load_config(workspace.config)
    bidang = next(b for b in config.bidang if b.kode == "SET")
    path = build_form(workspace.inbox / "SET.xlsx", bidang, config, inventory_spec(), office)
    workbook = load_workbook(path)
    column = inventory_spec().labels.index("Kode Klasifikasi Arsip") + 1
    assert workbook["Contoh"].cell(row=4, column=column).value == "800.2.5"
    help_texts = [v.prompt for v in workbook["Inventaris"].data_validations.dataValidation]
    assert any("mis. 800.2.5" in (text or "") for text in help_texts)
    examples = " ".join(str(c.value) for line in workbook["Contoh"].iter_rows() for c in line)
    for other_office in ("korban", "KDRT", "Perempuan", "kekerasan"):
        assert other_office not in examples, other_office


def test_a_message_suggests_a_code_of_the_office_jra(workspace):
    from pipeline.kit.checker import check_cells
    from pipeline.kit.problems import Source

    office = office_jra(("800.2.5", "Berkas Hukuman Disiplin Aparatur Sipil Negara", 2, "", 3,
                         "Musnah"))  # fmt: skip
    spec = inventory_spec()
    raw = {c.name: None for c in spec.columns} | {
        "no": 1, "judul": "Berkas disiplin", "ringkasan": "x", "penguasa": "x",
        "tahun_pembuatan": 2024, "bentuk": "Cetak", "dari_arsip": "Ya", "usulan": "Tidak",
    }  # fmt: skip
    rows = pd.DataFrame([{"berkas": "SET.xlsx", "lembar": "Inventaris", "baris": 6, **raw}])
    checked = check_cells(rows, spec, office, {("SET.xlsx", "Inventaris"): Source("SET.xlsx")})
    [message] = checked.problems["Pesan"]
    assert "mis. 800.2.5" in message and "800.1.10.4" not in message


def test_help_fits_excel_and_rules_reach_far_below_the_drawn_rows(workspace):
    """Excel cuts an input message after 255 characters; a bidang with 500 items keeps its
    dropdowns and checks."""
    from pipeline.stages.s2_forms import VALIDATED_ROWS

    sheet = load_workbook(make_form(workspace))["Inventaris"]
    for rule in sheet.data_validations.dataValidation:
        assert len(rule.prompt or "") <= 255, rule.prompt
        assert str(rule.sqref).endswith(str(HEADER_ROW + VALIDATED_ROWS)), rule.sqref
    closed = inventory_spec()["tanggal_ditutup"]
    prompts = {rule.promptTitle: rule.prompt for rule in sheet.data_validations.dataValidation}
    assert prompts[closed.label[:32]] == closed.help  # whole, not cut mid-word
    assert VALIDATED_ROWS >= 5000
    assert sheet.column_dimensions["I"].number_format == "@"  # codes typed below stay text


def test_a_long_help_is_cut_between_sentences():
    from pipeline.kit.xlsx import fitted

    text = "Kalimat pertama yang cukup panjang. " * 5 + "Kalimat terakhir."
    assert (
        fitted(text, 80)
        == "Kalimat pertama yang cukup panjang. Kalimat pertama yang cukup panjang."
    )
    assert fitted("satu " * 80, 30).endswith("…") and len(fitted("satu " * 80, 30)) <= 30


def test_an_example_code_counted_from_an_event_shows_how_such_a_file_is_closed(workspace):
    """In the office's JRA the disciplinary files count from the pension: the example says
    'Belum terjadi', not a closing month the file has not reached."""
    office = office_jra(("800.2.5", "Berkas Hukuman Disiplin Aparatur Sipil Negara", 2,
                         "Setelah pegawai yang bersangkutan pensiun", 3, "Musnah"))  # fmt: skip
    config = load_config(workspace.config)
    bidang = next(b for b in config.bidang if b.kode == "SET")
    path = build_form(workspace.inbox / "SET.xlsx", bidang, config, inventory_spec(), office)
    row = [cell.value for cell in load_workbook(path)["Contoh"][4]]
    labels = inventory_spec().labels
    assert row[labels.index("Kode Klasifikasi Arsip")] == "800.2.5"
    assert row[labels.index("Tanggal Berkas Ditutup")] == "Belum terjadi"
