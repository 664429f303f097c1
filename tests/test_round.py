"""The round model: each stage once per command, its state as data, steps in order."""

import shutil
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline import round as round_module
from pipeline.kit.resources import REFERENCE
from pipeline.kit.schema import consequence_spec
from pipeline.round import Round, Stage, derived
from pipeline.stages import s3a_intake as intake
from pipeline.stages.s5_snapshot import read_snapshot
from tests.conftest import run_cli


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The inbox files read, in order, by whatever runs in the test."""
    names: list[str] = []
    original = intake.read_workbook

    def counted(path, spec, bidang):
        names.append(path.name)
        return original(path, spec, bidang)

    monkeypatch.setattr(intake, "read_workbook", counted)
    return names


TEST_SPEC = consequence_spec()


def letter(name: str) -> str:
    """The column where the tool writes `name` in uji_konsekuensi.xlsx."""
    return get_column_letter(TEST_SPEC.names.index(name) + 1)


def test_run_reads_each_inbox_file_once(example, reads):
    status, printed = run_cli("run", "--workspace", str(example.root))
    assert status == 0, printed
    assert sorted(reads) == sorted(p.name for p in example.inbox.iterdir())


@pytest.mark.parametrize(
    ("prepare", "stage"),
    [
        (lambda ws: shutil.rmtree(ws.inbox), Stage.PENGUMPULAN),
        (lambda ws: ws.test_sheet.unlink(), Stage.UJI),
        (lambda ws: ws.review_sheet.unlink(), Stage.KONSEP),
        (lambda ws: None, Stage.PENETAPAN),
    ],
)
def test_stage_is_the_first_step_with_work_left(example, prepare, stage):
    prepare(example)
    assert Round.open(example).stage is stage


def test_after_tetapkan_the_list_awaits_its_signature_then_is_done(example, ran):
    assert Round.open(example).stage is Stage.ARSIP
    final = example.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    assert Round.open(example).stage is Stage.ARSIP  # the DIP is not signed and archived yet
    public = example.out("daftar_informasi_publik.docx")
    assert run_cli("arsip", str(public), "--dip", "--workspace", str(example.root))[0] == 0
    assert Round.open(example).stage is Stage.SELESAI


def test_blockers_name_the_item_the_cell_and_the_fix(example):
    workbook = load_workbook(example.test_sheet)
    sheet = workbook["Uji Konsekuensi"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "PA-0001")
    sheet.cell(row, TEST_SPEC.names.index("pasal17") + 1).value = "17.z"  # Pasal 17
    workbook.save(example.test_sheet)
    round_ = Round.open(example)
    [blocker] = round_.blockers
    assert (blocker.stage, blocker.item, blocker.cell) == (
        Stage.UJI,
        "PA-0001",
        f"uji_konsekuensi.xlsx!{letter('pasal17')}{row}",
    )
    assert "'17.z' bukan rujukan Pasal 17" in blocker.fix
    assert round_.stage is Stage.UJI


def test_snapshot_holds_what_the_list_prints(example):
    round_ = Round.open(example)
    snapshot = round_.snapshot()
    assert snapshot.keputusan.nomor == "000.8.3.4/45/DSPPA/2026"
    assert len(snapshot.dik.rows) == 30 and len(snapshot.butir) == 30
    printed = {column.kunci for column in snapshot.dik.columns}
    for row in snapshot.dik.rows:
        assert set(row) == printed | {"bidang", "pasal17", "rujukan"}
    assert "id" not in printed
    assert snapshot.penetapan_dip is not None and len(snapshot.dip.rows) == 25


def test_a_snapshot_reads_back_as_written(example, tmp_path):
    snapshot = Round.open(example).snapshot()
    path = snapshot.write(tmp_path / "daftar_final.json")
    assert read_snapshot(path) == snapshot
    numbered = read_snapshot(snapshot.numbered("52").write(tmp_path / "bernomor.json"))
    assert numbered.keputusan.nomor == "52" and numbered.dik == snapshot.dik


def set_cells(path, sheet_name, item_id, values, key_column=1):
    """Cells of one item's row, by header label, as a person would type them."""
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    header = 5 if sheet_name == "Inventaris" else 1
    columns = {str(cell.value).rstrip(" *"): cell.column for cell in sheet[header]}
    number = item_id.split("-")[1].lstrip("0") if sheet_name == "Inventaris" else item_id
    line = next(r for r in range(header + 1, sheet.max_row + 1)
                if str(sheet.cell(r, key_column).value) == number)  # fmt: skip
    for label, value in values.items():
        sheet.cell(row=line, column=columns[label]).value = value
    workbook.save(path)
    return line


def only_blocker(workspace):
    [blocker] = Round.open(workspace).blockers
    return blocker


def test_an_unresolved_archive_status_is_not_signed(example):
    line = set_cells(example.inbox / "PA.xlsx", "Inventaris", "PA-0007",
                     {"Tanggal Berkas Ditutup": None})  # fmt: skip
    blocker = only_blocker(example)
    assert (blocker.stage, blocker.item, blocker.cell) == (
        Stage.PERBAIKAN,
        "PA-0007",
        f"PA.xlsx!J{line}",
    )
    assert blocker.fix.startswith("Status arsip belum dapat ditentukan: retensi kode 400.2.4.2 ")
    assert "minta Bidang Perlindungan Anak mengisi Tanggal Berkas Ditutup" in blocker.fix
    status, printed = run_cli("tetapkan", "--workspace", str(example.root))
    assert status == 1 and "Status arsip belum dapat ditentukan" in printed
    assert not example.out("daftar_informasi_dikecualikan.docx").exists()


def test_an_archive_due_for_destruction_is_not_exempt_forever(example):
    line = set_cells(example.test_sheet, "Uji Konsekuensi", "REHSOS-0005",
                     {"Jangka Waktu": "Tidak terbatas"})  # fmt: skip
    blocker = only_blocker(example)
    assert (blocker.stage, blocker.cell) == (
        Stage.UJI, f"uji_konsekuensi.xlsx!{letter('jangka_waktu')}{line}"
    )  # fmt: skip
    assert "diusulkan musnah menurut JRA" in blocker.fix


@pytest.mark.parametrize(("basis", "blocked"), [("17.a.1", True), ("17.a.1; 17.h.1", False)])
def test_a_static_archive_is_exempt_only_on_lasting_grounds(example, basis, blocked):
    set_cells(example.test_sheet, "Uji Konsekuensi", "PA-0002",
              {"Hasil Uji": "Dikecualikan", "Pasal 17": basis, "Jangka Waktu": "5 tahun"})  # fmt: skip
    found = [b for b in Round.open(example).blockers if b.item == "PA-0002"]
    assert bool(found) == blocked
    if blocked:
        assert "Pasal 17 huruf g, h, i atau j" in found[0].fix
        assert found[0].cell.startswith(f"uji_konsekuensi.xlsx!{letter('pasal17')}")


def test_an_empty_dip_column_is_named_with_where_to_fill_it(example):
    round_ = Round.open(example)
    rows = [dict(row) for row in round_.public_list]
    rows[0]["penguasa"] = ""
    round_.__dict__["public_list"] = rows
    [blocker] = round_.blockers
    assert blocker.item == rows[0]["id"] and blocker.cell == "SET.xlsx!D6"
    assert blocker.fix.startswith("Kolom 'Pejabat/Unit yang Menguasai Informasi' Daftar Informasi")


def test_a_test_dated_after_the_decision_is_not_signed(example):
    line = set_cells(example.test_sheet, "Uji Konsekuensi", "SET-0004",
                     {"Tanggal Uji": date(2026, 11, 27)})  # fmt: skip
    blocker = only_blocker(example)
    assert (blocker.stage, blocker.cell) == (
        Stage.UJI, f"uji_konsekuensi.xlsx!{letter('tanggal_uji')}{line}"
    )  # fmt: skip
    assert blocker.fix.startswith(
        "Tanggal Uji 27 November 2026 jatuh sesudah keputusan PPID Pembantu 19 Februari 2026"
    )


def test_an_undated_decision_is_held_to_the_date_of_the_list(example):
    set_cells(example.test_sheet, "Uji Konsekuensi", "SET-0004",
              {"Tanggal Uji": date(2026, 11, 27)})  # fmt: skip
    set_cells(example.review_sheet, "Tinjauan", "SET-0004",
              {"Tanggal Keputusan PPID Pembantu": None,
               "Tanggal Keputusan Atasan PPID": None})  # fmt: skip
    assert only_blocker(example).fix.startswith(
        "Tanggal Uji 27 November 2026 jatuh sesudah tanggal keputusan 23 Februari 2026"
    )


def test_an_item_tested_again_after_a_return_waits_for_its_new_decision(example):
    """The others were approved on 23 February; the returned item is tested again later and
    decided later still: nothing to fix until its decision is dated before its test."""
    set_cells(example.test_sheet, "Uji Konsekuensi", "SET-0004",
              {"Tanggal Uji": date(2026, 3, 2)})  # fmt: skip
    set_cells(example.review_sheet, "Tinjauan", "SET-0004",
              {"Keputusan PPID Pembantu": None, "Tanggal Keputusan PPID Pembantu": None,
               "Keputusan Atasan PPID": None, "Tanggal Keputusan Atasan PPID": None})  # fmt: skip
    assert Round.open(example).blockers == []
    set_cells(example.review_sheet, "Tinjauan", "SET-0004",
              {"Keputusan PPID Pembantu": "Setuju",
               "Tanggal Keputusan PPID Pembantu": date(2026, 3, 3),
               "Keputusan Atasan PPID": "Setuju",
               "Tanggal Keputusan Atasan PPID": date(2026, 3, 4)})  # fmt: skip
    round_ = Round.open(example)
    assert round_.blockers == [] and round_.decision_date == date(2026, 3, 4)
    set_cells(example.review_sheet, "Tinjauan", "SET-0004",
              {"Tanggal Keputusan PPID Pembantu": None,
               "Tanggal Keputusan Atasan PPID": date(2026, 3, 1)})  # fmt: skip
    assert "jatuh sesudah keputusan Atasan PPID 1 Maret 2026" in only_blocker(example).fix


def test_the_head_cannot_decide_before_the_ppid_pembantu(example):
    set_cells(example.review_sheet, "Tinjauan", "SET-0004",
              {"Tanggal Keputusan Atasan PPID": date(2026, 2, 18)})  # fmt: skip
    blocker = only_blocker(example)
    assert (blocker.stage, blocker.item) == (Stage.TINJAUAN, "SET-0004")
    assert blocker.cell.startswith("tinjauan.xlsx!")
    assert "langkah 5 menyusul langkah 4" in blocker.fix


def test_dates_come_from_the_record_and_instansi_only_as_default(example):
    round_ = Round.open(example)
    assert (round_.test_dates, round_.decision_date) == ([date(2026, 2, 16)], date(2026, 2, 23))
    set_cells(example.test_sheet, "Uji Konsekuensi", "SET-0004", {"Tanggal Uji": date(2026, 2, 18)})
    set_cells(example.review_sheet, "Tinjauan", "PA-0001",
              {"Tanggal Keputusan Atasan PPID": date(2026, 2, 25)})  # fmt: skip
    round_ = Round.open(example)
    assert round_.test_dates == [date(2026, 2, 16), date(2026, 2, 18)]
    assert round_.decision_date == date(2026, 2, 25)
    workbook = load_workbook(example.review_sheet)
    sheet = workbook["Tinjauan"]
    column = next(c.column for c in sheet[1] if c.value == "Tanggal Keputusan Atasan PPID")
    for line in range(2, sheet.max_row + 1):
        sheet.cell(line, column).value = None
    workbook.save(example.review_sheet)
    assert Round.open(example).decision_date == date(2026, 2, 23)  # [penetapan] tanggal


def test_a_later_command_takes_the_inventory_checked_before_until_what_it_read_changes(
    example, reads, monkeypatch, tmp_path
):
    assert run_cli("periksa", "--workspace", str(example.root))[0] == 0
    files = len(reads)
    kept = Round.open(example).inventory
    assert len(reads) == files  # nothing read again
    monkeypatch.setenv("DIK_CACHE", str(tmp_path / "kosong"))
    fresh = Round.open(example).inventory
    assert len(reads) == 2 * files
    pd.testing.assert_frame_equal(kept.items, fresh.items)
    pd.testing.assert_frame_equal(kept.problems, fresh.problems)

    def read_again() -> int:
        before = len(reads)
        assert Round.open(example).inventory.files
        return len(reads) - before

    assert read_again() == 0
    workbook = load_workbook(example.inbox / "PP.xlsx")
    sheet = workbook[workbook.sheetnames[0]]
    sheet.cell(row=sheet.max_row, column=2).value = "Judul yang diubah bidang"
    workbook.save(example.inbox / "PP.xlsx")
    assert read_again() == files
    assert "Judul yang diubah bidang" in Round.open(example).inventory.rows["judul"].tolist()
    config = example.config.read_text(encoding="utf-8")
    example.config.write_text(config.replace("Bidang Rehabilitasi", "Bidang Rehab."), "utf-8")
    assert read_again() == files
    shutil.copy(REFERENCE / "jra.csv", example.root / "jra_kantor.csv")
    assert read_again() == files


def _stages() -> list[str]:
    return [name for name, value in vars(Round).items() if isinstance(value, derived)]


def _reading(example, sheet, monkeypatch) -> set[str]:
    """The stages whose value is computed from `sheet`: each computed alone in a fresh round,
    with the sheet's reads counted."""
    reads: list[tuple[str, object]] = []
    real = round_module.read_fill_sheet
    monkeypatch.setattr(round_module, "read_fill_sheet",
                        lambda path, spec: reads.append((computing, path)) or real(path, spec))  # fmt: skip
    for computing in _stages():
        getattr(Round.open(example), computing)
    monkeypatch.undo()
    return {name for name, path in reads if path == sheet}


@pytest.mark.parametrize("which", ["test_sheet", "review_sheet"])
def test_no_stage_survives_a_write_of_a_sheet_it_was_computed_from(example, which, monkeypatch):
    sheet = getattr(example, which)
    set_cells(
        sheet,
        "Uji Konsekuensi" if which == "test_sheet" else "Tinjauan",
        "PP-0001",
        {"Judul Informasi": "diubah di lembar"},
    )  # a grey cell: the tool writes it again
    reading = _reading(example, sheet, monkeypatch)
    assert which in reading and "blockers" in reading  # the counting sees what it should
    round_ = Round.open(example)
    for name in _stages():
        getattr(round_, name)
    written, _ = round_.write_tests() if which == "test_sheet" else round_.write_review()
    assert written
    survivors = {name for name in _stages() if name in round_._kept}
    assert survivors and not survivors & reading, survivors & reading


@pytest.mark.parametrize("content_changed", [True, False])
def test_a_test_held_again_after_a_return_is_not_misdated(example, content_changed):
    """The PPID Pembantu returns an item on 19 February; the team tests it again on the 20th
    (changing what the list prints, or only the date). konsep must not ask to date the new
    test before the return that asked for it."""
    set_cells(example.review_sheet, "Tinjauan", "SET-0004",
              {"Keputusan PPID Pembantu": "Dikembalikan",
               "Catatan PPID Pembantu": "Perjelas akibat bila dibuka.",
               "Tanggal Keputusan PPID Pembantu": date(2026, 2, 19),
               "Keputusan Atasan PPID": None, "Tanggal Keputusan Atasan PPID": None})  # fmt: skip
    assert run_cli("tetapkan", "--workspace", str(example.root))[0] == 1
    retest: dict[str, object] = {"Tanggal Uji": date(2026, 2, 20)}
    if content_changed:
        retest["Akibat bila Dibuka"] = "Membuka identitas pegawai merugikan nama baiknya."
    set_cells(example.test_sheet, "Uji Konsekuensi", "SET-0004", retest)
    status, printed = run_cli("konsep", "--workspace", str(example.root))
    assert status == 0 and "jatuh sesudah" not in printed
    assert not [b for b in Round.open(example).blockers if b.item == "SET-0004"]
