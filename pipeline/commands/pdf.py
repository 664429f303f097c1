"""`pdf`: the round's documents as PDF, for printing and checking page by page before
signing."""

from argparse import Namespace

from pipeline.kit.console import Output
from pipeline.kit.printing import documents_to_pdf
from pipeline.round import Round


def run(round_: Round, out: Output, args: Namespace) -> int:
    workspace = round_.workspace
    targets = documents_to_pdf(workspace.output, workspace.out("pdf"))
    out.done(f"{len(targets)} dokumen diubah menjadi PDF dengan LibreOffice.")
    out.file("Folder", workspace.out("pdf"))
    out.next("periksa setiap halaman, lalu cetak dan tandatangani.")
    return 0
