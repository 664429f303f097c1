"""`jra`: the office's own JRA (Perbup/Pergub), from Excel or CSV, checked at its cells and
installed as jra_kantor.csv, in force without editing instansi.toml."""

from argparse import Namespace
from pathlib import Path

from pipeline.kit.config import OFFICE_JRA, load_config
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import write_csv
from pipeline.kit.problems import GALAT, ordered
from pipeline.kit.reference import load_references
from pipeline.kit.schema import jra_spec
from pipeline.kit.workspace import Workspace
from pipeline.stages.s0_jra import import_jra
from pipeline.stages.s3c_report import write_problems


def run(workspace: Workspace, out: Output, args: Namespace) -> int:
    source = args.berkas
    if not source:
        raise WorkspaceError(
            f"Sebutkan berkas JRA kantor: {out.command('jra', file='JRA Perbup.xlsx')}."
        )
    path = Path(source) if Path(source).exists() else workspace.root / source
    if path.is_dir():
        raise WorkspaceError(f"{source} adalah folder, bukan berkas; sebutkan berkas JRA "
                             "(.xlsx atau .csv) di dalamnya.")  # fmt: skip
    if not path.is_file():
        raise WorkspaceError(f"Berkas JRA {source} tidak ditemukan.")
    config = load_config(workspace.config)
    imported = import_jra(path, jra_spec(), load_references())
    report = workspace.out("laporan_jra.xlsx")
    write_problems(report, ordered(imported.problems), config.paper)
    if not imported.usable:
        galat = int((imported.problems["Tingkat"] == GALAT).sum())
        out.warn(f"{galat} sel JRA harus diperbaiki; JRA kantor belum dipasang.")
        out.file("Laporan", report)
        out.next(f"perbaiki {path.name} sesuai laporan, lalu {out.command('jra', file=source)} "
                 "lagi.")  # fmt: skip
        return 1
    target = workspace.root / OFFICE_JRA
    rows = [{str(k): str(v) for k, v in row.items()} for row in imported.table.to_dict("records")]
    write_csv(target, list(imported.table.columns), rows)
    rows_read = " dan ".join(str(row) for row in imported.header_rows)
    out.done(
        f"JRA kantor dipasang: {len(rows)} kode berjadwal retensi (judul kolom dibaca dari "
        f"baris {rows_read}; {imported.headings} baris judul klasifikasi dilewati)."
    )
    out.file("Tabel JRA", target)
    if imported.noted_events:
        out.note(
            f"{imported.noted_events} kode menghitung retensi aktif sejak peristiwa yang "
            "disebut kolom Keterangan; periksa barisnya di laporan (Peringatan)."
        )
    if len(imported.problems):
        out.file("Laporan", report)
    if config.jra_path is not None and config.jra_path.name != OFFICE_JRA:
        out.next(f'[referensi] jra di {workspace.config.name} menunjuk {config.jra_path.name}; '
                 f'ganti dengan "{OFFICE_JRA}" (atau kosongkan), lalu {out.command("formulir")} '
                 "agar formulir memakai JRA ini.")  # fmt: skip
    else:
        out.next(f"JRA ini berlaku mulai sekarang; {out.command('formulir')} untuk formulir baru.")
    return 0
