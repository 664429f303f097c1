import json
from types import SimpleNamespace

from pipeline.kit import timing
from tests.conftest import run_cli


def test_a_stage_does_not_count_the_stages_inside_it_again(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(timing, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    monkeypatch.setattr(timing, "SPENT", {})
    with timing.stage("outer"):
        now[0] += 1.0
        with timing.stage("inner"):
            now[0] += 5.0
        now[0] += 2.0
    with timing.stage("inner"):  # a stage run twice adds up
        now[0] += 0.5
    assert timing.SPENT == {"inner": 5.5, "outer": 3.0}


def test_the_stages_of_a_command_are_written_where_dik_waktu_says(example, tmp_path, monkeypatch):
    target = tmp_path / "waktu.json"
    monkeypatch.setenv("DIK_WAKTU", str(target))
    assert run_cli("periksa", "--workspace", str(example.root))[0] == 0
    stages = json.loads(target.read_text(encoding="utf-8"))
    assert {"read inbox", "validate", "write laporan_validasi.xlsx"} <= set(stages)
