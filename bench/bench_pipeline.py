"""Kept for the README's command line: the benchmark now lives in bench/run.py (`make bench`).

Run: .venv/bin/python bench/bench_pipeline.py [ROWS_PER_BIDANG]   (7 bidang, one run each)
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    argv = ["--sizes", str(rows * 7), "--runs", "1", "--no-example"]
    sys.exit(subprocess.call([sys.executable, "-m", "bench.run", *argv], cwd=ROOT))
