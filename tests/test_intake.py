from pipeline.kit.config import load_config
from pipeline.kit.schema import inventory_spec
from pipeline.kit.workspace import inbox_files
from pipeline.stages.s3a_intake import read_inbox
from tests.conftest import row, write_inventory


def read(workspace):
    return read_inbox(workspace.inbox, inventory_spec(), load_config(workspace.config).bidang)


def test_header_below_title_rows_and_labels_written_loosely(workspace):
    labels = [f"  {label.upper()} *" if i % 2 else label.replace(" ", "\n") for i, label in
              enumerate(inventory_spec().labels)]  # fmt: skip
    write_inventory(workspace.inbox / "PP.xlsx", [row()], header_row=4, labels=labels)
    intake = read(workspace)
    assert intake.problems.empty
    assert list(intake.rows["baris"]) == [5]
    assert intake.rows.loc[0, "judul"] == "Berkas pendampingan korban KDRT"
    assert intake.files[0].sheets[0].cell("kode_arsip", 5) == "I5"


def test_blank_rows_are_skipped_and_row_numbers_kept(workspace):
    path = write_inventory(workspace.inbox / "PP.xlsx", [row(), {}, {}, row(No=2)])
    intake = read(workspace)
    assert list(intake.rows["baris"]) == [2, 5]
    assert path.exists()


def test_columns_in_another_order_are_found_by_label(workspace):
    labels = list(reversed(inventory_spec().labels))
    write_inventory(workspace.inbox / "PP.xlsx", [row()], labels=labels)
    intake = read(workspace)
    assert intake.rows.loc[0, "no"] == 1
    assert intake.files[0].sheets[0].cell("no", 2) == "O2"


def test_bidang_from_form_code_wins_over_file_name(workspace):
    write_inventory(workspace.inbox / "isian_bu_ani.xlsx", [row()], meta={"kode_bidang": "REHSOS"})
    assert read(workspace).rows.loc[0, "bidang"] == "REHSOS"


def test_bidang_from_file_name_code_or_name(workspace):
    write_inventory(workspace.inbox / "Inventaris_linjamsos_2026.xlsx", [row()])
    write_inventory(workspace.inbox / "bidang pemberdayaan sosial.xlsx", [row(No=2)])
    assert set(read(workspace).rows["bidang"]) == {"LINJAMSOS", "DAYASOS"}


def test_unknown_bidang_rejects_the_file_with_one_message(workspace):
    write_inventory(workspace.inbox / "isian.xlsx", [row(), row(No=2)])
    intake = read(workspace)
    assert len(intake.problems) == 1
    assert "tidak dikenali" in intake.problems.loc[0, "Pesan"]
    assert intake.files[0].blocked and len(intake.rows) == 2


def test_unreadable_file_is_one_galat_and_others_still_read(workspace):
    (workspace.inbox / "SET.xlsx").write_text("<html>halaman login</html>", encoding="utf-8")
    (workspace.inbox / "PA.pdf").write_bytes(b"%PDF-1.4")
    write_inventory(workspace.inbox / "PP.xlsx", [row()])
    intake = read(workspace)
    assert sorted(intake.problems["Berkas"]) == ["PA.pdf", "SET.xlsx"]
    assert intake.problems["Baris"].isna().all()
    assert list(intake.rows["berkas"]) == ["PP.xlsx"]


def test_missing_required_column_is_named(workspace):
    labels = [label for label in inventory_spec().labels if label != "Judul Informasi"]
    write_inventory(workspace.inbox / "PP.xlsx", [row()], labels=labels)
    intake = read(workspace)
    assert "Kolom wajib tidak ditemukan: Judul Informasi" in intake.problems.loc[0, "Pesan"]


def test_no_header_row_found(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [], labels=["Nama", "Alamat"])
    assert "Baris judul kolom tidak ditemukan" in read(workspace).problems.loc[0, "Pesan"]


def test_lock_files_and_hidden_files_ignored(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row()])
    (workspace.inbox / "~$PP.xlsx").write_bytes(b"lock")
    (workspace.inbox / ".~lock.PP.xlsx#").write_text("lock")
    assert [p.name for p in inbox_files(workspace.inbox)] == ["PP.xlsx"]


def test_first_sheet_used_when_no_inventaris_sheet(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row()], sheet="Sheet1")
    intake = read(workspace)
    assert intake.files[0].sheets[0].sheet == "Sheet1"
    assert len(intake.rows) == 1


def test_merged_cells_down_a_column_apply_to_each_row_with_a_warning(workspace):
    from openpyxl import load_workbook

    from pipeline.kit.reference import load_references
    from pipeline.stages.s3b_validate import validate_inventory
    from tests.conftest import run_cli

    path = write_inventory(workspace.inbox / "PP.xlsx", [row(), row(No=2), row(No=3)])
    workbook = load_workbook(path)
    sheet = workbook["Inventaris"]
    for line in (3, 4):
        sheet[f"H{line}"].value = None
    sheet.merge_cells("H2:H4")  # Berasal dari Arsip = Ya for all three
    sheet["B3"].value, sheet["C3"].value = "Judul dua", None
    sheet.merge_cells("B3:C3")  # title merged across Ringkasan Isi
    workbook.save(path)
    intake = read(workspace)
    assert list(intake.rows["dari_arsip"]) == ["Ya", "Ya", "Ya"]
    checked = validate_inventory(intake, inventory_spec(), load_references())
    found = {(p["Sel"], p["Tingkat"]) for p in checked.problems.to_dict("records")}
    assert ("H2", "Peringatan") in found and ("B3", "Galat") in found
    assert list(checked.items["no"]) == [1, 3]
    status, printed = run_cli("periksa", "--workspace", str(workspace.root))
    assert status == 1, printed  # the feedback marks the merged cell without crashing
    marked = load_workbook(workspace.out("umpan_balik", "PP.xlsx"))["Inventaris"]
    assert "digabung" in marked["H2"].comment.text


def test_windows_system_files_are_ignored(workspace):
    write_inventory(workspace.inbox / "PP.xlsx", [row()])
    (workspace.inbox / "desktop.ini").write_text("[.ShellClassInfo]")
    (workspace.inbox / "Thumbs.db").write_bytes(b"\x00")
    assert [p.name for p in inbox_files(workspace.inbox)] == ["PP.xlsx"]


def test_an_identical_copy_is_read_once(workspace):
    first = write_inventory(workspace.inbox / "PP.xlsx", [row()])
    (workspace.inbox / "PP (1).xlsx").write_bytes(first.read_bytes())
    intake = read(workspace)
    assert len(intake.rows) == 1
    assert intake.files[0].copy_of == "PP.xlsx" and intake.files[0].name == "PP (1).xlsx"
    assert "Salinan identik dari PP.xlsx" in intake.problems.loc[0, "Pesan"]
