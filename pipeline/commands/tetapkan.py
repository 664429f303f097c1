"""`tetapkan` (SOP steps 4-5): when both levels agree on every item, the final list for
signature; otherwise a return letter per returning official, and what is still awaited."""

from argparse import Namespace
from datetime import date
from functools import partial
from pathlib import Path

from pipeline import documents
from pipeline.commands.common import (
    FINAL,
    FINAL_PUBLIC,
    FIXES,
    SCAN,
    SCAN_PUBLIC,
    SHOWN_IDS,
    arsip_numbered,
    dates,
    progress,
    show_blockers,
    show_warnings,
    warn_config,
)
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.parallel import each
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
    final_public = workspace.out(FINAL_PUBLIC)
    show_warnings(round_, out)
    own = workspace.root / OWN_FOLDER
    if verdict.approved and not blockers:
        rows, public = round_.exempt_list, round_.public_list
        laws, when = round_.refs.laws, dates(round_)
        context = documents.decision_context(rows, config, when, laws, round_.revocation())
        final_public.unlink(missing_ok=True)
        lists = {"daftar_informasi_dikecualikan": (context, final)}
        if public:
            public_context = documents.public_context(public, config, when)
            lists["daftar_informasi_publik"] = (public_context, final_public)
        for name, (values, _) in lists.items():  # a broken template: neither list is written
            check(name, values, own)
        each([partial(render, name, values, config.paper, target, own=own)
              for name, (values, target) in lists.items()])  # fmt: skip
        round_.snapshot().write(snapshot)
        workspace.out(FIXES).unlink(missing_ok=True)
        letters = _return_letters(round_)  # signed and sent: kept with the round
        out.done(f"Kedua tingkat menyetujui {len(rows)} informasi yang dikecualikan dan "
                 f"{len(public)} informasi publik: kedua daftar siap ditandatangani.")  # fmt: skip
        out.file("Daftar Informasi yang Dikecualikan", final)
        if public:
            signer = config.officials[config.public_signer]
            out.file(f"Daftar Informasi Publik (ditandatangani {signer.jabatan_singkat})",
                     final_public)  # fmt: skip
        if letters:
            out.note(f"Nota Dinas pengembalian sebelumnya tetap ada ({len(letters)} berkas, "
                     "dibuat dari riwayat_pengembalian.csv).")  # fmt: skip
        dip = f"; DIP: {out.command('arsip', '--dip', file=SCAN_PUBLIC)}" if public else ""
        if config.numbering["keputusan"].number:
            out.next(f"cetak dan tandatangani, lalu arsipkan hasil pindaiannya: DIK: "
                     f"{out.command('arsip', file=SCAN)}{dip}.")  # fmt: skip
        else:
            out.next(f"cetak, tulis nomor keputusan dari buku agenda dan tandatangani, lalu "
                     f"arsipkan hasil pindaiannya dengan nomor itu (di sini 45 sebagai contoh): "
                     f"{arsip_numbered(out, SCAN)}{dip}.")  # fmt: skip
        return 0
    for stale in (final, final_public, snapshot):  # what is no longer approved is not signed
        stale.unlink(missing_ok=True)
    if blockers:
        show_blockers(round_, blockers, out, "Belum dapat ditandatangani")
    if len(verdict.returned):
        round_.log_returns(date.today())
        letters = _return_letters(round_)
        out.warn(f"{len(verdict.returned)} informasi dikembalikan ke Ketua PPID.")
        for target in letters:
            out.file("Nota Dinas pengembalian", target)
        out.file("Riwayat pengembalian", workspace.return_log)
    _show_pending(round_, out)
    if len(verdict.returned) or blockers:
        out.next(f"perbaiki sesuai catatan (langkah 3), {out.command('konsep')}, lalu tinjau dan "
                 f"{out.command('tetapkan')} lagi.")  # fmt: skip
    else:
        out.next(f"PPID Pembantu dan Atasan PPID melengkapi keputusan di tinjauan.xlsx, lalu "
                 f"{out.command('tetapkan')} lagi.")  # fmt: skip
    return 1


def _show_pending(round_: Round, out: Output) -> None:
    """Items approved at step 4 and waiting for step 5 in one line (after a return, the head
    decides them once the corrected draft comes back); any other wait item by item."""
    verdict = round_.review.verdict
    pending, head = verdict.pending, verdict.at_step5
    waiting = list(pending.loc[head, "id"])
    if waiting and len(verdict.returned):
        out.note(f"{len(waiting)} informasi lain sudah disetujui PPID Pembantu; Atasan PPID "
                 "memutuskannya bersama konsep yang diperbaiki (langkah 5).")  # fmt: skip
    elif waiting:
        shown = ", ".join(waiting[:SHOWN_IDS]) + (
            f" dan {len(waiting) - SHOWN_IDS} lagi" if len(waiting) > SHOWN_IDS else ""
        )
        out.note(f"{len(waiting)} informasi disetujui PPID Pembantu dan menunggu keputusan "
                 f"Atasan PPID (langkah 5): {shown}.")  # fmt: skip
    others = pending[~head].rename(columns={"id": "ID", "judul": "Judul", "alasan": "Keadaan"})
    if len(others):
        out.table(others, "Belum dapat ditetapkan")


def _return_letters(round_: Round) -> list[Path]:
    """Every return letter, made from riwayat_pengembalian.csv (so it can be made again
    whenever keluaran/ lost it); letters the record no longer has are removed. The newest of
    each step first."""
    workspace, config = round_.workspace, round_.config
    own = workspace.root / OWN_FOLDER
    letters = documents.return_letters(round_.return_history(), config)
    for context in letters.values():  # a broken template stops before anything is written
        check("pengembalian", context, own)
    made = [render("pengembalian", context, config.paper, workspace.out(f"{name}.docx"), own=own)
            for name, context in letters.items()]  # fmt: skip
    for stale in workspace.output.glob("pengembalian*.docx"):
        if stale not in made:
            stale.unlink()
    return sorted(made, key=lambda path: (len(path.name), path.name))
