import json
import time

from pipeline.kit import timing
from tests.conftest import run_cli


def test_a_stage_does_not_count_the_stages_inside_it_again():
    timing.SPENT.clear()
    with timing.stage("outer"):
        with timing.stage("inner"):
            time.sleep(0.05)
        time.sleep(0.02)
    assert 0.04 < timing.SPENT["inner"] < 0.2
    assert 0.01 < timing.SPENT["outer"] < 0.05


def test_the_stages_of_a_command_are_written_where_dik_waktu_says(example, tmp_path, monkeypatch):
    target = tmp_path / "waktu.json"
    monkeypatch.setenv("DIK_WAKTU", str(target))
    assert run_cli("periksa", "--workspace", str(example.root))[0] == 0
    stages = json.loads(target.read_text(encoding="utf-8"))
    assert {"read inbox", "validate", "write laporan_validasi.xlsx"} <= set(stages)
