"""How long the heavy stages take on a large round, and how much memory they use.

Builds a synthetic workspace (7 bidang x ROWS rows each, every row proposed and exempted) in a
temporary folder, then times periksa, uji and konsep the way the officer runs them.
Run: .venv/bin/python bench/bench_pipeline.py [ROWS_PER_BIDANG]
"""

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from rich.console import Console

from pipeline import commands
from pipeline.config import load_config
from pipeline.console import Output
from pipeline.resources import EXAMPLE
from pipeline.round import Round
from pipeline.schema import consequence_spec, inventory_spec
from pipeline.workspace import Workspace


def build(root: Path, rows_per_bidang: int) -> Workspace:
    (root / "masuk").mkdir(parents=True)
    shutil.copy(EXAMPLE / "instansi.toml", root / "instansi.toml")
    workspace = Workspace(root)
    labels = inventory_spec().labels
    for bidang in load_config(workspace.config).bidang:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Inventaris"
        sheet.append(labels)
        for number in range(1, rows_per_bidang + 1):
            sheet.append([
                number, f"Berkas layanan {bidang.kode} nomor {number} & <lampiran>",
                "Ringkasan isi berkas layanan sosial " * 3, "Kepala Bidang", "", 2024,
                "Cetak", "Ya", "400.2.3.2", "", "Ya", "17.h.1; 17.h.2",
                "Membuka berkas mengungkap kondisi pribadi penerima layanan.", "",
            ])  # fmt: skip
        workbook.save(root / "masuk" / f"{bidang.kode}.xlsx")
    return workspace


def fill_outcomes(workspace: Workspace) -> None:
    workbook = load_workbook(workspace.test_sheet)
    sheet = workbook[consequence_spec().sheet]
    filled = {"Hasil Uji": "Dikecualikan", "Pasal 17": "17.h.1; 17.h.2",
              "Akibat bila Dibuka": "Mengungkap kondisi pribadi.",
              "Pertimbangan bila Ditutup": "Melindungi penerima layanan.",
              "Jangka Waktu": "Tidak terbatas"}  # fmt: skip
    columns = {cell.value: cell.column for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        for label, value in filled.items():
            sheet.cell(row=row, column=columns[label], value=value)
    workbook.save(workspace.test_sheet)


def measure(label: str, step: object, workspace: Workspace, total: int) -> None:
    """Wall time of one command; the process's peak resident memory so far."""
    with open(os.devnull, "w") as sink:
        quiet = Output(Console(file=sink))
        started = time.perf_counter()
        step(Round.open(workspace), quiet)  # type: ignore[operator]
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<10} {total:>6} butir  {elapsed:7.2f} s  {total / elapsed:8.0f} butir/s  "
        f"RSS puncak {peak:6.0f} MiB"
    )


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as folder:
        workspace = build(Path(folder) / "ws", rows)
        total = rows * len(load_config(workspace.config).bidang)
        measure("periksa", commands.periksa, workspace, total)
        measure("uji", commands.uji, workspace, total)
        fill_outcomes(workspace)
        measure("konsep", commands.konsep, workspace, total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
