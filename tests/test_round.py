"""The round model: each stage once per command, its state as data, steps in order."""

import shutil

import pytest
from openpyxl import load_workbook

from pipeline import intake
from pipeline.round import Round, Stage
from tests.conftest import run_cli


def test_run_reads_each_inbox_file_once(example, monkeypatch):
    reads: list[str] = []
    original = intake.read_workbook

    def counted(path, spec, bidang):
        reads.append(path.name)
        return original(path, spec, bidang)

    monkeypatch.setattr(intake, "read_workbook", counted)
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


def test_after_tetapkan_the_list_awaits_its_signature_then_is_done(example):
    assert run_cli("run", "--workspace", str(example.root))[0] == 0
    assert Round.open(example).stage is Stage.ARSIP
    final = example.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    assert Round.open(example).stage is Stage.SELESAI


def test_blockers_name_the_item_the_cell_and_the_fix(example):
    workbook = load_workbook(example.test_sheet)
    sheet = workbook["Uji Konsekuensi"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "PA-0001")
    sheet.cell(row, 8).value = "17.z"  # Pasal 17
    workbook.save(example.test_sheet)
    round_ = Round.open(example)
    [blocker] = round_.blockers
    assert (blocker.stage, blocker.item, blocker.cell) == (
        Stage.UJI,
        "PA-0001",
        f"uji_konsekuensi.xlsx!H{row}",
    )
    assert "'17.z' bukan rujukan Pasal 17" in blocker.fix
    assert round_.stage is Stage.UJI


def test_snapshot_holds_what_the_list_prints(example):
    round_ = Round.open(example)
    snapshot = round_.snapshot()
    assert snapshot["keputusan"]["nomor"] == "000.8.3.4/45/DSPPA/2026"
    assert len(snapshot["dik"]["baris"]) == 30 and len(snapshot["butir"]) == 30
    printed = {key for key, _ in [(c["kunci"], c["judul"]) for c in snapshot["dik"]["kolom"]]}
    for row in snapshot["dik"]["baris"]:
        assert set(row) == printed | {"bidang", "pasal17"}
    assert "id" not in printed
