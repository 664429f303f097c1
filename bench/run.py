"""Seconds and peak memory of each command at 1k-100k items, against the floor on the same data.

Every size is measured on each mix of bench/synthetic.py (by default both: "even", about half
the items proposed exempt, and "exempt-heavy", about 70% proposed with every sheet filled).
Each command runs as the officer runs it (`python -m pipeline COMMAND --workspace DIR`), in its
own process, on a fresh copy of a cached synthetic workspace (bench/.cache/). Peak RSS is the
child's own (os.wait4). `uji` and `konsep` run three ways: on a workspace whose sheet is up to
date (nothing to write), after one tool-given cell went out of date (the sheet must be written
again, everything filled is carried over), and with no sheet yet (the first run of a round).
As the officer runs them, `uji`, `konsep` and `tetapkan` find the inventory that `periksa`
read and checked kept in the cache (pipeline/cache.py): each size first runs `periksa` once,
untimed, into a cache folder those runs share. `periksa` itself, and the `konsep` rows marked
"inventory not kept", run with an empty cache folder and read and check every file.
When DIK_WAKTU names a file, the tool writes {"stage": seconds} there at exit; those stages
are shown under each command.

Run: make bench [SIZES="1000 10000"] [ARGS="--mix exempt-heavy --runs 5 --json out.json"]
     .venv/bin/python -m bench.run --help
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import synthetic
from pipeline.cli import MADE_BY_MAKE

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
SIZES = [1_000, 10_000, 30_000, 100_000]
LIBRARIES = "import pandas, pandera.pandas, openpyxl, python_calamine, docxtpl"
NO_STAGES = "(per-stage times not reported by this version)"
WARNING = re.compile(r"\b(\w+Warning): ")
CACHE_INPUTS = [
    ROOT / "bench" / "synthetic.py",
    ROOT / "data" / "contoh" / "instansi.toml",
    *sorted((ROOT / "schemas").glob("*.toml")),
    *sorted((ROOT / "data" / "referensi").glob("*.csv")),
]


@dataclass(frozen=True)
class Scenario:
    label: str
    command: str
    prepare: Callable[[Path, Path], None]  # (workspace copy, cached workspace)
    sheet: str | None = None  # the sheet whose rewrite is checked
    writes: bool | None = None  # whether the command must write that sheet
    kept: bool = True  # the inventory periksa checked is in the cache


def _as_is(copy: Path, cached: Path) -> None:
    pass


def _stale(name: str) -> Callable[[Path, Path], None]:
    def prepare(copy: Path, cached: Path) -> None:
        shutil.copy2(cached / synthetic.BENCH_DIR / f"stale-{name}", copy / name)

    return prepare


def _absent(name: str) -> Callable[[Path, Path], None]:
    def prepare(copy: Path, cached: Path) -> None:
        (copy / name).unlink()

    return prepare


TEST, REVIEW = synthetic.TEST_SHEET, synthetic.REVIEW_SHEET
SCENARIOS = [
    Scenario("periksa", "periksa", _as_is, kept=False),
    Scenario("uji      unchanged, not written", "uji", _as_is, TEST, False),
    Scenario("uji      written: one cell stale", "uji", _stale(TEST), TEST, True),
    Scenario("uji      written: no sheet yet", "uji", _absent(TEST), TEST, True),
    Scenario("konsep   unchanged, not written", "konsep", _as_is, REVIEW, False),
    Scenario("konsep   written: one cell stale", "konsep", _stale(REVIEW), REVIEW, True),
    Scenario("konsep   written: no sheet yet", "konsep", _absent(REVIEW), REVIEW, True),
    Scenario("konsep   unchanged, inventory not kept", "konsep", _as_is, REVIEW, False, False),
    Scenario(
        "konsep   one cell stale, inventory not kept", "konsep", _stale(REVIEW), REVIEW, True, False
    ),
    Scenario("tetapkan", "tetapkan", _as_is),
]


@dataclass
class Run:
    seconds: float
    peak_mib: float
    cpu: float  # user + system seconds of the child
    status: int
    stages: dict[str, float] | None
    wrote: bool | None = None
    output: str = ""


@dataclass
class Result:
    label: str
    runs: list[Run]
    expected_write: bool | None = None

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return statistics.median(r.peak_mib for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def stages(self) -> dict[str, float] | None:
        reported = [r.stages for r in self.runs if r.stages is not None]
        if not reported:
            return None
        names = list(dict.fromkeys(name for stages in reported for name in stages))
        return {name: statistics.median(s[name] for s in reported if name in s) for name in names}

    @property
    def problems(self) -> list[str]:
        found = []
        if any(r.status != 0 for r in self.runs):
            found.append(f"exit {sorted({r.status for r in self.runs})}")
        if self.expected_write is not None and any(
            r.wrote != self.expected_write for r in self.runs
        ):
            found.append("sheet rewritten" if not self.expected_write else "sheet NOT written")
        return found

    @property
    def warnings(self) -> list[str]:
        """Python warnings the child printed (e.g. a library's FutureWarning), once each."""
        seen = {m for r in self.runs for m in WARNING.findall(r.output)}
        return sorted(seen)


@dataclass
class SizeReport:
    items: int
    mix: str
    files: int
    generation: dict[str, Any]
    results: list[Result] = field(default_factory=list)
    floor: Result | None = None
    floor_parts: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    load: str = ""

    @property
    def figures(self) -> list[Result]:
        """The commands, then the floor."""
        assert self.floor is not None
        return [*self.results, self.floor]


# --- running a child and measuring it ---------------------------------------------------------


def measure(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Wall time and the child's own peak RSS (wait4 gives one process's rusage)."""
    with tempfile.TemporaryDirectory() as folder:
        stages_file = Path(folder) / "waktu.json"
        environment = {**os.environ, **(env or {}), "DIK_WAKTU": str(stages_file)}
        with (Path(folder) / "out.txt").open("w+") as out:
            started = time.perf_counter()
            child = subprocess.Popen(argv, cwd=cwd, env=environment, stdout=out, stderr=out)
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            output = out.read()
        stages = None
        if stages_file.is_file():
            try:
                stages = {str(k): float(v) for k, v in json.loads(stages_file.read_text()).items()}
            except (ValueError, AttributeError):
                stages = None
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, cpu, child.returncode, stages, output=output)


def pipeline(command: str, workspace: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", command, "--workspace", str(workspace)]


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def workspace_copy(cached: Path, folder: str) -> Path:
    copy = Path(folder) / "ws"
    shutil.copytree(cached, copy, ignore=shutil.ignore_patterns(synthetic.BENCH_DIR, "keluaran"))
    return copy


def keep_inventory(cached: Path, kept: Path) -> None:
    """Run periksa once, untimed, so that its checked inventory is in the cache `kept`."""
    with tempfile.TemporaryDirectory(prefix="dik-bench-") as folder:
        run = measure(pipeline("periksa", workspace_copy(cached, folder)), ROOT,
                      {"DIK_CACHE": str(kept)})  # fmt: skip
    if run.status != 0 or not any(kept.glob("*.pickle")):
        raise RuntimeError(f"periksa kept no inventory:\n{run.output[-3000:]}")


def run_scenario(scenario: Scenario, cached: Path, runs: int, kept: Path) -> Result:
    result = Result(scenario.label, [], scenario.writes)
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="dik-bench-") as folder:
            copy = workspace_copy(cached, folder)
            scenario.prepare(copy, cached)
            before = digest(copy / scenario.sheet) if scenario.sheet else None
            cache = kept if scenario.kept else Path(folder) / "cache"
            run = measure(pipeline(scenario.command, copy), ROOT, {"DIK_CACHE": str(cache)})
            if scenario.sheet:
                run.wrote = digest(copy / scenario.sheet) != before
            result.runs.append(run)
    return result


def run_floor(cached: Path, runs: int) -> tuple[Result, dict[str, float]]:
    result = Result("floor (calamine + pandas + docx XML)", [])
    parts: list[dict[str, float]] = []
    for _ in range(runs):
        run = measure([sys.executable, "-m", "bench.floor", str(cached)], ROOT)
        if run.status != 0:
            raise RuntimeError(f"bench/floor.py failed:\n{run.output[-3000:]}")
        measured = json.loads(run.output.strip().splitlines()[-1])
        inside = {k: float(v) for k, v in measured.items() if k not in ("problems", "exempted")}
        if measured["problems"]:
            raise RuntimeError(f"the floor found {measured['problems']} problems in the data")
        parts.append({"start-up + imports": run.seconds - sum(inside.values()), **inside})
        result.runs.append(run)
    median = {name: statistics.median(p[name] for p in parts) for name in parts[0]}
    return result, median


# --- the cache --------------------------------------------------------------------------------


def cache_key(items: int, bidang: int, mix: str, seed: int) -> str:
    hashed = hashlib.sha256()
    for path in CACHE_INPUTS:
        hashed.update(path.read_bytes())
    return f"{items}x{bidang}-{mix}-seed{seed}-{hashed.hexdigest()[:10]}"


def cached_workspace(
    items: int, bidang: int, mix: str, seed: int, fresh: bool
) -> tuple[Path, bool]:
    """(workspace, whether it was generated now)."""
    root = CACHE / cache_key(items, bidang, mix, seed)
    if not fresh and synthetic.read_meta(root).get("seconds") is not None:
        return root, False
    for stale in CACHE.glob(f"{items}x{bidang}-{mix}-seed{seed}-*"):
        shutil.rmtree(stale)
    log(f"generating {items:,} items, {mix} mix (cached in {root.relative_to(ROOT)}) ...")
    synthetic.build(root, items, bidang, seed, mix)
    return root, True


# --- the report -------------------------------------------------------------------------------


def log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def runs_for(items: int, args: argparse.Namespace) -> int:
    return args.runs if items <= args.repeat_up_to else args.runs_large


def bench_size(items: int, mix: str, args: argparse.Namespace) -> SizeReport:
    cached, generated = cached_workspace(items, args.bidang, mix, args.seed, args.fresh)
    runs = runs_for(items, args)
    notes: list[str] = []
    name = f"{items:,} items, {mix}"
    for attempt in (1, 2):
        meta = synthetic.read_meta(cached)
        report = SizeReport(items, mix, len(meta["files"]), meta, notes=notes)
        with tempfile.TemporaryDirectory(prefix="dik-bench-cache-") as kept:
            keep_inventory(cached, Path(kept))
            for scenario in SCENARIOS:
                log(f"{name}: {scenario.label.split()[0]} x{runs} ({scenario.label}) ...")
                report.results.append(run_scenario(scenario, cached, runs, Path(kept)))
        stale = [r for r in report.results if r.problems]
        if not stale or attempt == 2 or generated:
            break
        # The cached sheets were filled under an older tool that wrote them differently.
        log(f"{name}: {', '.join(r.label for r in stale)} not as expected; refilling")
        notes.append("cached sheets refilled: the tool's sheet content had changed")
        synthetic.complete_round(cached, args.seed)
        generated = True
    log(f"{name}: floor x{runs} ...")
    report.floor, report.floor_parts = run_floor(cached, runs)
    report.notes.insert(0, "generated now" if generated else f"cached ({meta.get('generated')})")
    report.load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return report


def fmt_mib(value: float) -> str:
    return f"{value:,.0f}"


def print_size(report: SizeReport, runs: int) -> None:
    assert report.floor is not None
    floor = report.floor.seconds
    how = f"median of {runs} runs" if runs > 1 else "single run"
    print(
        f"\n== {report.items:,} items, {report.mix} mix, {report.generation['bidang']} bidang, "
        f"{report.files} inbox files ({how}) =="
    )
    print(f"{'command':<44}{'seconds':>9}{'cpu s':>8}{'peak MiB':>10}{'x floor':>9}  note")
    for result in [*report.results, report.floor]:
        ratio = result.seconds / floor if floor else float("nan")
        note = "; ".join(result.problems + result.warnings)
        print(
            f"{result.label:<44}{result.seconds:>9.2f}{result.cpu:>8.2f}{fmt_mib(result.peak_mib):>10}"
            f"{ratio:>8.1f}x  {note}"
        )
        if result is report.floor:
            for name, seconds in report.floor_parts.items():
                print(f"    {name:<40}{seconds:>8.2f}")
        elif result.stages is None:
            print(f"    {NO_STAGES}")
        else:
            for name, seconds in result.stages.items():
                print(f"    {name:<40}{seconds:>8.2f}")
    for result in report.results:
        for problem in result.problems:
            run = next(r for r in result.runs if r.status != 0 or r.wrote != result.expected_write)
            print(f"  ! {result.label}: {problem}; output tail:\n{_indent(run.output[-1500:])}")
    steps = ", ".join(f"{k} {v:.1f}" for k, v in report.generation.get("steps", {}).items())
    print(f"  generation: {report.generation.get('seconds', 0):.1f} s ({steps}); {report.notes[0]}")
    for note in report.notes[1:]:
        print(f"  note: {note}")
    print(f"  load average (1, 5, 15 min) after this size: {report.load}")


def _indent(text: str) -> str:
    return "\n".join(f"      {line}" for line in text.rstrip().splitlines())


def print_summary(reports: list[SizeReport]) -> None:
    """The matrices of one mix: every command by size."""
    sizes = [r.items for r in reports]
    by_size = {r.items: r.figures for r in reports}
    labels = [r.label for r in reports[0].results] + ["floor"]
    growth = 100_000 in by_size and 10_000 in by_size
    mix = reports[0].mix

    def matrix(title: str, value: Callable[[int, int], float], form: str, ratio: bool) -> None:
        print(f"\n== {title}, {mix} mix ==")
        head = "".join(f"{size:>10,}" for size in sizes)
        print(f"{'command':<44}{head}" + ("  100k/10k" if ratio else ""))
        for index, label in enumerate(labels):
            cells = "".join(f"{value(size, index):>10{form}}" for size in sizes)
            if ratio and value(10_000, index):
                cells += f"{value(100_000, index) / value(10_000, index):>9.1f}x"
            print(f"{label:<44}{cells}")

    matrix("wall seconds by size", lambda s, i: by_size[s][i].seconds, ".2f", growth)
    matrix("cpu seconds (user + system) by size", lambda s, i: by_size[s][i].cpu, ".2f", growth)
    floor = {s: by_size[s][-1].seconds for s in sizes}
    matrix(
        "wall seconds / floor by size", lambda s, i: by_size[s][i].seconds / floor[s], ".1f", False
    )
    floor_cpu = {s: by_size[s][-1].cpu for s in sizes}  # steadier when the machine is shared
    matrix("cpu seconds / floor's by size", lambda s, i: by_size[s][i].cpu / floor_cpu[s], ".1f",
           False)  # fmt: skip
    matrix("peak RSS (MiB) by size", lambda s, i: by_size[s][i].peak_mib, ",.0f", growth)
    largest = max(reports, key=lambda r: r.items)
    worst = max(largest.results, key=lambda r: r.peak_mib)
    print(
        f"\nPeak memory at {largest.items:,} items, {mix} mix: {fmt_mib(worst.peak_mib)} MiB "
        f"({worst.label.split()[0]}, {' '.join(worst.label.split()[1:]) or 'as run'})."
    )


def example_report(runs: int) -> dict[str, float]:
    """The bundled example: periksa against bare imports and --help."""
    log(f"example workspace x{runs} ...")
    with tempfile.TemporaryDirectory(prefix="dik-contoh-") as folder:
        copy = Path(folder) / "contoh"
        shutil.copytree(
            ROOT / "data" / "contoh", copy, ignore=shutil.ignore_patterns("keluaran", "arsip")
        )
        timings = {
            "python -m pipeline --help": [sys.executable, "-m", "pipeline", "--help"],
            f'python -c "{LIBRARIES}"': [sys.executable, "-c", LIBRARIES],
            "periksa (example workspace)": pipeline("periksa", copy),
        }
        empty = {"DIK_CACHE": str(Path(folder) / "cache-{}")}  # periksa reads every file
        result = {}
        for label, argv in timings.items():
            measured = [
                measure(argv, ROOT, {"DIK_CACHE": empty["DIK_CACHE"].format(run)})
                for run in range(runs)
            ]
            result[label] = statistics.median(m.seconds for m in measured)
            result[f"{label} peak MiB"] = statistics.median(m.peak_mib for m in measured)
            stages = [m.stages for m in measured if m.stages]
            if stages and label.startswith("periksa"):
                result.update({f"  {k}": v for k, v in stages[0].items()})
    print(f"\n== example workspace (data/contoh; median of {runs} runs) ==")
    width = max(len(label) for label in result if not label.endswith("peak MiB")) + 2
    print(f"{'':<{width}}{'seconds':>8}{'peak MiB':>10}")
    for label, value in result.items():
        if label.endswith("peak MiB"):
            continue
        peak = result.get(f"{label} peak MiB")
        print(f"{label:<{width}}{value:>8.2f}" + (f"{fmt_mib(peak):>10}" if peak else ""))
    imports = result[f'python -c "{LIBRARIES}"']
    print(f"periksa / imports: {result['periksa (example workspace)'] / imports:.1f}x")
    return result


def to_json(reports: list[SizeReport], example: dict[str, float] | None) -> dict[str, Any]:
    def result(r: Result) -> dict[str, Any]:
        return {
            "seconds": r.seconds,
            "cpu": r.cpu,
            "peak_mib": r.peak_mib,
            "stages": r.stages,
            "runs": [
                {
                    "seconds": x.seconds,
                    "cpu": x.cpu,
                    "peak_mib": x.peak_mib,
                    "status": x.status,
                    "wrote": x.wrote,
                    "stages": x.stages,
                }
                for x in r.runs
            ],
            "problems": r.problems,
            "warnings": r.warnings,
        }

    def size(r: SizeReport) -> dict[str, Any]:
        return {
            "files": r.files,
            "generation": r.generation,
            "commands": {x.label: result(x) for x in r.results},
            "floor": result(r.floor) if r.floor else None,
            "floor_parts": r.floor_parts,
            "notes": r.notes,
            "load": r.load,
        }

    mixes = dict.fromkeys(r.mix for r in reports)
    return {
        "mixes": {
            mix: {"sizes": {str(r.items): size(r) for r in reports if r.mix == mix}}
            for mix in mixes
        },
        "example": example,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="items per round")
    parser.add_argument(
        "--mix",
        nargs="+",
        choices=list(synthetic.MIXES),
        default=list(synthetic.MIXES),
        help="data mixes of bench/synthetic.py (default: all of them)",
    )
    parser.add_argument("--bidang", type=int, default=7, help="divisions (default 7)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure, small sizes")
    parser.add_argument("--runs-large", type=int, default=1, help="runs per figure above that")
    parser.add_argument("--repeat-up-to", type=int, default=10_000, help="the largest small size")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the synthetic data")
    parser.add_argument("--fresh", action="store_true", help="regenerate cached workspaces")
    parser.add_argument("--no-example", action="store_true", help="skip the example workspace")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    for exported in MADE_BY_MAKE:  # each command runs as the officer runs it, not as make bench
        os.environ.pop(exported, None)
    with tempfile.TemporaryDirectory(prefix="dik-bench-cache-") as folder:
        os.environ["DIK_CACHE"] = folder  # generating a round keeps nothing in the user's cache
        return bench(args)


def bench(args: argparse.Namespace) -> int:
    example = None if args.no_example else example_report(max(args.runs, 3))
    reports = []
    mixes = list(dict.fromkeys(args.mix))
    for items in sorted(args.sizes):
        for mix in mixes:
            try:
                report = bench_size(items, mix, args)
            except RuntimeError as error:  # the tool refused the synthetic round: say so, go on
                print(f"\n== {items:,} items, {mix} mix: not measured ==\n{error}")
                continue
            print_size(report, runs_for(items, args))
            sys.stdout.flush()
            reports.append(report)
    for mix in mixes:
        measured = [r for r in reports if r.mix == mix]
        if measured:
            print_summary(measured)
    if args.json:
        args.json.write_text(json.dumps(to_json(reports, example), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
