"""`init`: a new workspace, with an instansi.toml whose <<...>> markers show what to fill."""

from argparse import Namespace
from datetime import date

from pipeline.kit.config import load_config, scaffold
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.workspace import Workspace, write_atomically


def run(workspace: Workspace, out: Output, args: Namespace) -> int:
    if workspace.config.exists():
        raise WorkspaceError(f"{workspace.config} sudah ada; folder kerja ini tidak ditimpa.")
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
