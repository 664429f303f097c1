"""Fixtures build small workbooks and workspaces in code; nothing opaque is checked in.

The suite runs in parallel (pytest-xdist, `-n auto` in pyproject.toml), so nothing a test writes
is shared: each test has its own tmp_path and its own cache folder (DIK_CACHE, never the
user's), and LibreOffice always runs on a profile of its own. What is costly to make and then
only read (the example after `run` and after `arsip`, the blank forms, workbooks LibreOffice
saved again) is made once per run by the first worker that needs it (`built_once`); tests that
change it get a copy.
"""

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, settings
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

from bench.limits import long_inventory
from pipeline.cli import MADE_BY_MAKE
from pipeline.kit.config import load_config
from pipeline.kit.reference import load_references
from pipeline.kit.schema import inventory_spec
from pipeline.kit.workspace import Workspace
from pipeline.stages.s2_forms import HEADER_ROW, build_form

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "contoh"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# Hypothesis would fail an example that takes over 200 ms, or data that is slow to generate: a
# wall-clock threshold that a busy machine trips. Examples are bounded by their count instead.
settings.register_profile("dik", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dik")

for _exported in MADE_BY_MAKE:  # the tests run the program as each of them sets it
    os.environ.pop(_exported, None)

GOOD_ROW: dict[str, Any] = {
    "No": 1,
    "Judul Informasi": "Berkas pendampingan korban KDRT",
    "Ringkasan Isi": "Asesmen psikolog, visum dan rujukan layanan korban.",
    "Pejabat/Unit Penguasa Informasi": "Kepala Bidang Perlindungan Perempuan",
    "Penanggung Jawab": "",
    "Tahun Pembuatan": 2024,
    "Bentuk Informasi": "Cetak",
    "Berasal dari Arsip": "Ya",
    "Kode Klasifikasi Arsip": "400.2.3.2",
    "Tanggal Berkas Ditutup": "",
    "Usulan Dikecualikan": "Ya",
    "Dasar Pengecualian (Pasal 17)": "17.h.1; 17.h.2",
    "Alasan Usulan": "Membuka kondisi korban menimbulkan stigma.",
    "Keterangan": "",
    "Alasan Bukan Arsip": "",
}


@pytest.fixture(scope="session", autouse=True)
def worker_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Fixtures wider than a test (module, session) run before `own_cache`: they keep their
    work in a cache of this worker's, never the user's."""
    folder = tmp_path_factory.mktemp("cache-worker")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIK_CACHE", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps work between its commands in a cache of its own, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("DIK_CACHE", str(folder))
    return folder


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `build` fills, made once per test run and then only read. Under pytest-xdist
    the first worker to need it builds it in the run's temporary folder (above each worker's
    own) while the others wait on a lock; a build that failed is not taken for done."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = factory.mktemp(name)
        build(folder)
        return folder
    folder = factory.getbasetemp().parent / name
    done = folder.with_name(f"{name}.built")
    with FileLock(f"{folder}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def row(**changes: Any) -> dict[str, Any]:
    """A valid inventory row with some cells changed (keys are labels, '_' for spaces)."""
    result = dict(GOOD_ROW)
    for key, value in changes.items():
        label = next(label for label in GOOD_ROW if _key(label) == _key(key))
        result[label] = value
    return result


def _key(label: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in label.lower()).strip("_")


def write_inventory(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    header_row: int = 1,
    labels: list[str] | None = None,
    sheet: str = "Inventaris",
    meta: dict[str, str] | None = None,
) -> Path:
    """An inventory workbook as a person might make it: optional title rows above the header."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    labels = labels or inventory_spec().labels
    if header_row > 1:
        ws.cell(row=1, column=1, value="DAFTAR INVENTARIS INFORMASI")
    for column, label in enumerate(labels, start=1):
        ws.cell(row=header_row, column=column, value=label)
    for offset, values in enumerate(rows, start=header_row + 1):
        for position, label in enumerate(labels, start=1):
            known = inventory_spec().match_header(label)
            value = values.get(known.label if known else label)
            if value not in ("", None):
                cell = ws.cell(row=offset, column=position, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # exactly as typed; a leading '=' stays text
    if meta:
        hidden = workbook.create_sheet("_formulir")
        for index, (key, value) in enumerate(meta.items(), start=1):
            hidden.cell(row=index, column=1, value=key)
            hidden.cell(row=index, column=2, value=value)
        hidden.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """An empty round for the example office."""
    root = tmp_path / "ws"
    (root / "masuk").mkdir(parents=True)
    shutil.copy(EXAMPLE / "instansi.toml", root / "instansi.toml")
    return Workspace(root)


@pytest.fixture
def example(tmp_path: Path) -> Workspace:
    """A copy of the bundled example workspace, without generated output."""
    root = tmp_path / "contoh"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("keluaran", "arsip"))
    return Workspace(root)


@pytest.fixture(scope="session")
def ran_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundled example after `run` (nota to tetapkan), made once: (its folder, what `run`
    printed). Only read: tests get a copy through `ran`."""

    def play(folder: Path) -> None:
        root = folder / "contoh"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("keluaran", "arsip"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DIK_CACHE", str(folder / "cache"))
            status, printed = run_cli("run", "--workspace", str(root))
        assert status == 0, printed
        (folder / "run.txt").write_text(printed, encoding="utf-8")

    folder = built_once(tmp_path_factory, "contoh-run", play)
    return folder / "contoh", (folder / "run.txt").read_text(encoding="utf-8")


@pytest.fixture
def ran(example: Workspace, ran_once: tuple[Path, str]) -> tuple[Workspace, str]:
    """`example` as `run` leaves it, and what `run` printed."""
    played, printed = ran_once
    shutil.rmtree(example.root)
    shutil.copytree(played, example.root)
    return example, printed


@pytest.fixture(scope="session")
def signed_once(tmp_path_factory: pytest.TempPathFactory, ran_once: tuple[Path, str]) -> Path:
    """The example after `run` with its list archived as signed (`arsip`), made once. Only
    read: tests get a copy through `signed_2026`."""

    def sign(folder: Path) -> None:
        root = folder / "contoh"
        shutil.copytree(ran_once[0], root)
        signed = Workspace(root).out("daftar_informasi_dikecualikan.docx")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DIK_CACHE", str(folder / "cache"))
            status, printed = run_cli("arsip", str(signed), "--workspace", str(root))
        assert status == 0, printed

    return built_once(tmp_path_factory, "contoh-arsip", sign) / "contoh"


@pytest.fixture
def signed_2026(example: Workspace, signed_once: Path) -> Workspace:
    """`example` as its 2026 round ends: run, and the list signed and archived."""
    shutil.rmtree(example.root)
    shutil.copytree(signed_once, example.root)
    return example


@pytest.fixture(scope="session")
def blank_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of blank forms `formulir` writes for the example office, made once."""

    def make(folder: Path) -> None:
        root = folder / "ws"
        (root / "masuk").mkdir(parents=True)
        shutil.copy(EXAMPLE / "instansi.toml", root / "instansi.toml")
        status, printed = run_cli("formulir", "--workspace", str(root))
        assert status == 0, printed

    return built_once(tmp_path_factory, "formulir", make) / "ws" / "keluaran" / "formulir"


needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def _filled_form(folder: Path) -> Path:
    """PA's blank form with one valid row typed in."""
    config = load_config(EXAMPLE / "instansi.toml")
    bidang = next(b for b in config.bidang if b.kode == "PA")
    form = build_form(folder / "PA.xlsx", bidang, config, inventory_spec(), load_references())
    workbook = load_workbook(form)
    for position, label in enumerate(inventory_spec().labels, start=1):
        workbook["Inventaris"].cell(
            row=HEADER_ROW + 1, column=position, value=GOOD_ROW[label] or None
        )
    workbook.save(form)
    return form


def _titled_inventory(folder: Path) -> Path:
    """Two rows under two title rows, one with a date typed as text."""
    rows = [row(Tanggal_Berkas_Ditutup="31/12/2024"), row(No=2)]
    return write_inventory(folder / "PP.xlsx", rows, header_row=3)


def _formatted_column(folder: Path) -> Path:
    """300 long items and a column formatted to the end: LibreOffice repeats it to the last row."""
    source = long_inventory(folder / "panjang.xlsx", 300)
    book = load_workbook(source)
    book["Inventaris"].column_dimensions["B"].fill = PatternFill("solid", start_color="FFFF00")
    book.save(source)
    return source


# What LibreOffice re-saves, and in which formats: one LibreOffice start per format.
RESAVED = {
    "xlsx": [_filled_form, _titled_inventory, _formatted_column],
    "ods": [_titled_inventory, _formatted_column],
    "xls": [_titled_inventory, _formatted_column],
}


@pytest.fixture(scope="session")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """Workbooks as LibreOffice Calc saves them, once per run: resaved("PP.xlsx", "ods") is
    the ods LibreOffice saved from the source named PP.xlsx (see RESAVED). Only read: copy one
    before changing it. LibreOffice runs on a profile of its own, never the user's."""

    def convert(folder: Path) -> None:
        sources = folder / "sources"
        sources.mkdir()
        made = {
            build: build(sources) for build in {b for builds in RESAVED.values() for b in builds}
        }
        profile = folder / "profile"
        for target, builds in RESAVED.items():
            assert SOFFICE is not None
            subprocess.run(
                [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                 "--convert-to", target, "--outdir", str(folder / target),
                 *(str(made[build]) for build in builds)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip

    folder = built_once(tmp_path_factory, "libreoffice", convert)

    def find(source: str, target: str) -> Path:
        return folder / target / f"{Path(source).stem}.{target}"

    return find


Inventory = Callable[..., Path]


def run_cli(*argv: str) -> tuple[int, str]:
    """Run a command as the officer would, returning (exit status, what was printed)."""
    import io

    from rich.console import Console

    from pipeline.cli import main
    from pipeline.kit.console import Output

    buffer = io.StringIO()
    console = Console(file=buffer, width=200, highlight=False, color_system=None)
    status = main(list(argv), Output(console, console))
    return status, buffer.getvalue()
