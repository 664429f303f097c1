"""The installed tool (a wheel, not the checkout) runs a round from any folder."""

import os
import shutil
import subprocess
import sys

from tests.conftest import EXAMPLE, ROOT


def test_installed_wheel_runs_a_round_outside_the_checkout(tmp_path):
    wheels, site, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "src"
    # built from a copy: a stale build/ of the checkout would ship modules since removed
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "build", ".venv*", "*.egg-info", "__pycache__", ".*_cache", "keluaran", "arsip"))  # fmt: skip
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels),
                    str(source)], check=True, capture_output=True)  # fmt: skip
    wheel = next(wheels.glob("dik_ppid-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)  # fmt: skip
    office = tmp_path / "kantor"
    shutil.copytree(EXAMPLE, office, ignore=shutil.ignore_patterns("keluaran", "arsip"))
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    env = os.environ | {"PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)  # fmt: skip
    assert where.stdout.startswith(str(site)), where.stdout  # not the checkout
    result = subprocess.run([str(site / "bin" / "dik"), "run", "--workspace", str(office)],
                            cwd=elsewhere, env=env, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Kedua tingkat menyetujui 30 informasi" in result.stdout
    assert (office / "keluaran" / "daftar_informasi_dikecualikan.docx").is_file()
    new = elsewhere / "dinkes"
    result = subprocess.run([str(site / "bin" / "dik"), "init", "--workspace", str(new)],
                            cwd=elsewhere, env=env, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (new / "instansi.toml").is_file()
    for folder in ("schemas", "templates", "data/referensi"):  # every shipped file is in the wheel
        shipped = {p.relative_to(ROOT / folder) for p in (ROOT / folder).rglob("*") if p.is_file()}
        installed = site / "pipeline" / folder
        assert {p for p in shipped if not (installed / p).is_file()} == set(), folder
