"""Milliseconds and peak memory of limits.inspect() on each hostile workbook the tests build
(tests/hostile.py) and on real inventories of 1,500 and 5,000 long items, against its targets.

The tests check what can be counted (one sentence per refusal, the bytes inflated, the peak
memory traced); how long inspect() takes depends on the machine and its load, so it is
measured here. Each figure is the best of --runs (3) calls, the peak the traced allocation of
one more call.

Run: make bench (after the rounds), or .venv/bin/python -m bench.limits [--runs 5]
"""

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from inspect import isfunction, signature
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from PIL import Image as PILImage

from pipeline.kit import limits
from pipeline.kit.schema import inventory_spec
from tests import hostile

HOSTILE_MS = 1000  # a bomb is refused in well under a second
MEMORY_MB = 50  # and in a few megabytes, as is a real inventory
REAL_MS = {1_500: 300, 5_000: 1000}  # items: a real inventory costs milliseconds beside reading

WORDS = ["informasi", "dokumen", "laporan", "korban", "anak", "perempuan", "perlindungan",
         "bantuan", "sosial", "data"]  # fmt: skip
ROW = {
    "No": 1,
    "Pejabat/Unit Penguasa Informasi": "Kepala Bidang Perlindungan Perempuan",
    "Tahun Pembuatan": 2024,
    "Bentuk Informasi": "Cetak",
    "Berasal dari Arsip": "Ya",
    "Kode Klasifikasi Arsip": "400.2.3.2",
    "Usulan Dikecualikan": "Ya",
    "Dasar Pengecualian (Pasal 17)": "17.h.1; 17.h.2",
}


def long_inventory(path: Path, items: int, logo: Path | None = None) -> Path:
    """`items` rows with long texts, as a busy bidang fills the form, and maybe a logo."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Inventaris"
    labels = inventory_spec().labels
    sheet.append(labels)
    for n in range(1, items + 1):
        values = {
            **ROW,
            "No": n,
            "Judul Informasi": f"Berkas {n} " + " ".join(WORDS[(n + i) % 10] for i in range(12)),
            "Ringkasan Isi": " ".join(WORDS[(n * i) % 10] for i in range(60)),
            "Alasan Usulan": " ".join(WORDS[(n + 3 * i) % 10] for i in range(50)),
        }
        sheet.append([values.get(label) for label in labels])
    if logo:
        sheet.add_image(Image(str(logo)), "P1")
    book.save(path)
    return path


def with_logo(folder: Path, items: int) -> Path:
    PILImage.effect_noise((300, 300), 60).convert("RGB").save(folder / "logo.png")
    return long_inventory(folder / f"PP-{items}.xlsx", items, logo=folder / "logo.png")


def hostile_builders() -> list[Callable[[Path], Path]]:
    """Every function of tests/hostile.py that builds a file in a folder, but the normal_*
    controls: the bombs, and the odd files that must pass (control bytes, trailing repeats)."""
    return [
        value
        for name, value in vars(hostile).items()
        if isfunction(value)
        and value.__module__ == hostile.__name__
        and not name.startswith(("_", "normal_"))
        and _takes_a_folder_alone(value)
    ]


def _takes_a_folder_alone(function: Callable[..., object]) -> bool:
    names = list(signature(function).parameters.values())
    return (
        names[:1] != []
        and names[0].name == "folder"
        and all(p.default is not p.empty for p in names[1:])
    )


def measure(path: Path, runs: int) -> tuple[float, float, bool]:
    """(best milliseconds, traced peak MB, refused) of inspect(path)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        message = limits.inspect(path)
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    limits.inspect(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best * 1000, peak / limits.MB, message is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="calls per file, the best is shown")
    args = parser.parse_args(argv)
    rows: list[tuple[str, float, float, str, int]] = []
    with tempfile.TemporaryDirectory(prefix="dik-bench-limits-") as folder:
        for build in hostile_builders():
            place = Path(folder) / build.__name__
            place.mkdir()
            path = build(place)
            ms, peak, refused = measure(path, args.runs)
            rows.append((build.__name__, ms, peak, "refused" if refused else "passed", HOSTILE_MS))
        for items, target in REAL_MS.items():
            place = Path(folder) / f"real-{items}"
            place.mkdir()
            ms, peak, refused = measure(with_logo(place, items), args.runs)
            label = f"{items:,} long items and a logo"
            rows.append((label, ms, peak, "REFUSED" if refused else "passed", target))
    print(f"\n== limits.inspect(): best of {args.runs} calls, traced peak of one ==")
    width = max(len(row[0]) for row in rows) + 2
    print(f"{'':<{width}}{'ms':>8}{'peak MB':>9}{'target ms':>11}  outcome")
    over = 0
    for label, ms, peak, outcome, target in rows:
        flags = [f for f, bad in (("SLOW", ms > target), ("MEMORY", peak > MEMORY_MB)) if bad]
        over += bool(flags)
        note = "  ".join([outcome, *flags])
        print(f"{label:<{width}}{ms:>8.1f}{peak:>9.1f}{target:>11}  {note}")
    print(f"{over} of {len(rows)} over a target (memory target {MEMORY_MB} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
