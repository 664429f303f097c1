"""`pdf`: the round's documents as PDF, for printing and checking page by page before
signing."""

from argparse import Namespace

from pipeline.kit.console import Output
from pipeline.kit.printing import declares_pdf_a, documents_to_pdf
from pipeline.round import Round


def run(round_: Round, out: Output, args: Namespace) -> int:
    workspace = round_.workspace
    targets = documents_to_pdf(workspace.output, workspace.out("pdf"))
    plain = [path.name for path in targets if not declares_pdf_a(path)]
    kind = "PDF" if plain else "PDF/A-2b (PDF untuk arsip)"
    out.done(f"{len(targets)} dokumen diubah menjadi {kind} dengan LibreOffice.")
    if plain:
        out.warn(f"{', '.join(plain)} bukan PDF/A (LibreOffice sebelum versi 7.4 mengabaikan "
                 "pilihan PDF/A); perbarui LibreOffice untuk berkas arsip.")  # fmt: skip
    out.file("Folder", workspace.out("pdf"))
    out.next("periksa setiap halaman, lalu cetak dan tandatangani.")
    return 0
