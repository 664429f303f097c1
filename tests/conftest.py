"""Fixtures build small workbooks and workspaces in code; nothing opaque is checked in."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from pipeline.cli import MADE_BY_MAKE
from pipeline.kit.schema import inventory_spec
from pipeline.kit.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "contoh"

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


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps work between its commands in a cache of its own, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("DIK_CACHE", str(folder))
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
