"""`init`: a new workspace, with an instansi.toml whose <<...>> markers show what to fill; with
--dari, the next period's workspace from the last round's signed list."""

from argparse import Namespace
from datetime import date
from pathlib import Path

from pipeline.kit.config import load_config, scaffold
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.reference import load_references
from pipeline.kit.schema import inventory_spec
from pipeline.kit.workspace import Workspace, write_atomically
from pipeline.stages.s9_next_round import read_last_round, start


def run(workspace: Workspace, out: Output, args: Namespace) -> int:
    if workspace.config.exists():
        raise WorkspaceError(f"{workspace.config} sudah ada; folder kerja ini tidak ditimpa.")
    if getattr(args, "dari", None):
        return _continue(workspace, out, Path(args.dari).expanduser(), args.tahun)
    name, bidang = args.nama, args.bidang or []
    text = scaffold(name, bidang, date.today())
    workspace.inbox.mkdir(parents=True, exist_ok=True)
    write_atomically(workspace.config, lambda path: path.write_text(text, encoding="utf-8"))
    placeholders = load_config(workspace.config).placeholders if bidang else ()
    out.done(f"Folder kerja baru dibuat{f' untuk {name}' if name else ''}.")
    out.file("Konfigurasi", workspace.config)
    out.file("Folder isian bidang", workspace.inbox)
    todo = (
        f"{len(placeholders)} isian bertanda <<...>>" if placeholders else "isian bertanda <<...>>"
    )
    out.next(f"ganti {todo} di {workspace.config.name} (kop, pejabat dan NIP, tim penguji, "
             f"dasar hukum daerah{'' if bidang else ', bidang'}), lalu "
             f"{out.command('nota')}.")  # fmt: skip
    return 0


def _continue(workspace: Workspace, out: Output, source: Path, tahun: int | None) -> int:
    """The next period from the last round's folder or export zip."""
    if source.resolve() == workspace.root.resolve():
        raise WorkspaceError("Folder kerja baru harus berbeda dari folder kerja tahun lalu.")
    last = read_last_round(source)
    started = start(last, workspace, tahun, lambda config: load_references(config.jra_path))
    decision = started.history.last
    out.done(
        f"Folder kerja Tahun {started.tahun} dibuat dari daftar Tahun {decision.tahun} "
        f"(Keputusan Nomor {decision.nomor}): {started.carried} butir dibawa ke "
        f"{len(started.forms)} formulir bidang, {started.due} di antaranya diuji ulang."
    )
    out.file("Konfigurasi", workspace.config)
    out.file("Keputusan yang dilanjutkan", workspace.history)
    out.file("Formulir", workspace.out("formulir"))
    for code in started.unplaced:
        out.warn(f"Butir bidang {code} dari daftar lalu tidak masuk formulir: bidang itu tidak "
                 f"ada di {workspace.config.name}; tambahkan [[bidang]] {code}, lalu "
                 f"{out.command('formulir')}.")  # fmt: skip
    placeholders = load_config(workspace.config).placeholders
    todo = f"ganti {len(placeholders)} isian bertanda <<...>> (nomor surat dari buku agenda"
    todo += ", pejabat" if last.config_text is None else ""
    action = inventory_spec(carried=True)["tindak_lanjut"].label
    out.next(f"{todo}) di {workspace.config.name}; kirim formulir ke bidang untuk mengisi "
             f"{action} setiap baris dan menambah butir baru, simpan isiannya di "
             f"{workspace.inbox}, lalu {out.command('periksa')}.")  # fmt: skip
    return 0
