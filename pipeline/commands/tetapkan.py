"""`tetapkan` (SOP steps 4-5): when both levels agree on every item, the final list for
signature; otherwise a return letter per returning official, and what is still awaited."""

from argparse import Namespace
from datetime import date

from pipeline import documents
from pipeline.commands.common import (
    FINAL,
    FIXES,
    SCAN,
    arsip_numbered,
    dates,
    progress,
    show_blockers,
    warn_config,
)
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.render import OWN_FOLDER, check, render
from pipeline.round import FINAL_SNAPSHOT, Round


@progress("tetapkan", "Menetapkan daftar")
def run(round_: Round, out: Output, args: Namespace) -> int:
    workspace, config = round_.workspace, round_.config
    config.require_filled()
    warn_config(round_, out)
    if round_.review_sheet is None:
        raise WorkspaceError(
            f"tinjauan.xlsx belum ada; jalankan {out.command('konsep')} lebih dulu."
        )
    verdict, blockers = round_.review.verdict, round_.blockers
    final, snapshot = workspace.out(FINAL), workspace.out(FINAL_SNAPSHOT)
    own = workspace.root / OWN_FOLDER
    # One Nota Dinas per returning step; pengembalian.docx is what earlier versions wrote.
    returns = [workspace.out(f"pengembalian_{step}.docx") for step in documents.STEPS]
    returns.append(workspace.out("pengembalian.docx"))
    if verdict.approved and not blockers:
        rows = round_.exempt_list
        context = documents.decision_context(rows, config, dates(round_), round_.revocation())
        render("daftar_informasi_dikecualikan", context, config.paper, final, own=own)
        round_.snapshot().write(snapshot)
        for stale in [*returns, workspace.out(FIXES)]:
            stale.unlink(missing_ok=True)
        out.done(f"Kedua tingkat menyetujui {len(rows)} informasi: daftar siap ditandatangani.")
        out.file("Dokumen", final)
        if config.numbering["keputusan"].number:
            out.next(f"cetak dan tandatangani, lalu arsipkan hasil pindaiannya: "
                     f"{out.command('arsip', file=SCAN)}.")  # fmt: skip
        else:
            out.next(f"cetak, tulis nomor keputusan dari buku agenda dan tandatangani, lalu "
                     f"arsipkan hasil pindaiannya dengan nomor itu: "
                     f"{arsip_numbered(out, SCAN)}.")  # fmt: skip
        return 0
    for stale in (final, snapshot):  # a list that is no longer approved must not be signed
        stale.unlink(missing_ok=True)
    if blockers:
        show_blockers(round_, blockers, out, "Belum dapat ditandatangani")
    if len(verdict.returned):
        letters = documents.return_contexts(verdict.returned, config)
        for context in letters.values():
            check("pengembalian", context, own)
        for stale in returns:
            stale.unlink(missing_ok=True)
        targets = [render("pengembalian", context, config.paper,
                          workspace.out(f"pengembalian_{step}.docx"), own=own)
                   for step, context in letters.items()]  # fmt: skip
        round_.log_returns(date.today())
        out.warn(f"{len(verdict.returned)} informasi dikembalikan ke Ketua PPID.")
        for target in targets:
            out.file("Nota Dinas pengembalian", target)
        out.file("Riwayat pengembalian", workspace.return_log)
    if len(verdict.pending):
        pending = verdict.pending.rename(
            columns={"id": "ID", "judul": "Judul", "alasan": "Keadaan"}
        )
        out.table(pending, "Belum dapat ditetapkan")
    out.next(f"perbaiki sesuai catatan (langkah 3), {out.command('konsep')}, lalu tinjau dan "
             f"{out.command('tetapkan')} lagi.")  # fmt: skip
    return 1
