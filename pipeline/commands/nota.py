"""`nota` (SOP step 2): the Nota Dinas ordering PPID staff to work with the bidang."""

from argparse import Namespace

from pipeline import documents
from pipeline.commands.common import warn_config
from pipeline.kit.console import Output
from pipeline.kit.render import OWN_FOLDER, render
from pipeline.round import Round


def run(round_: Round, out: Output, args: Namespace) -> int:
    config = round_.config
    config.require_filled()
    warn_config(round_, out)
    context = documents.nota_context(config)
    target = render("nota_dinas", context, config.paper, round_.workspace.out("nota_dinas.docx"),
                    own=round_.workspace.root / OWN_FOLDER)  # fmt: skip
    out.done(f"Nota Dinas nomor {context['nota']['nomor'].strip()} dibuat.")
    out.file("Dokumen", target)
    out.next(f"tandatangani Nota Dinas, lalu {out.command('formulir')} untuk formulir bidang.")
    return 0
