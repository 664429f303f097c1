"""`konsep` (SOP step 3): the draft lists and the lembar pengujian, and tinjauan.xlsx for the
reviewers of steps 4-5, keeping every decision already given."""

from argparse import Namespace
from functools import partial

from pipeline import documents
from pipeline.blockers import Stage
from pipeline.commands.common import (
    DRAFTS,
    FIXES,
    dates,
    progress,
    require_inbox,
    show_blockers,
    warn_aside,
    warn_rejected,
)
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.parallel import each
from pipeline.kit.render import OWN_FOLDER, check, render
from pipeline.kit.schema import consequence_spec, review_spec
from pipeline.round import Round


@progress("konsep", "Menyusun konsep")
def run(round_: Round, out: Output, args: Namespace) -> int:
    require_inbox(round_, out)
    workspace, config = round_.workspace, round_.config
    if round_.test_sheet is None:
        raise WorkspaceError(
            f"{workspace.test_sheet.name} belum ada; jalankan {out.command('uji')} lebih dulu."
        )
    table = round_.outcomes.table
    exempt, public, lembar = DRAFTS
    contexts = {
        exempt: documents.draft_context(round_.exempt_list, config, dates(round_)),
        public: documents.draft_context(round_.public_list, config, dates(round_)),
        lembar: documents.test_sheet_context(round_.test_list, config, dates(round_)),
    }
    own = workspace.root / OWN_FOLDER
    for name, context in contexts.items():  # a broken template stops before anything is written
        check(name, context, own)
    review = round_.review
    # taken before tinjauan.xlsx is written: the test's conflicts point into
    # uji_konsekuensi.xlsx, which writing tinjauan.xlsx leaves as it is, and the decisions
    # still awaited are those written, so neither needs the review sheet read back
    conflicts = [b for b in round_.blockers if b.stage is Stage.UJI]
    undecided = round_.undecided()
    unnamed = documents.unnamed_signers(config, round_.test_list)
    written, backup = round_.write_review()  # first: a sheet open in Excel stops everything
    paths = each([partial(render, name, context, config.paper, workspace.out(f"{name}.docx"),
                          own=own) for name, context in contexts.items()])  # fmt: skip
    results = table["hasil"].value_counts()
    statuses = ", ".join(f"{k} {v}" for k, v in table["status_arsip"].value_counts().items())
    dikecualikan, sebagian, terbuka = consequence_spec()["hasil_uji"].choices
    out.done(
        f"Konsep dari {len(table)} butir: {results.get(dikecualikan, 0)} dikecualikan, "
        f"{results.get(sebagian, 0)} dikecualikan sebagian, {results.get(terbuka, 0)} terbuka"
        + (f"; status arsip: {statuses}." if statuses else ".")
    )
    for path in paths:
        out.file("Dokumen", path)
    if unnamed:
        out.warn(
            f"Pejabat {', '.join(unnamed)} belum disebut di instansi.toml (isian pejabat pada "
            "bidang itu); lembar pengujian menyediakan tempat tanda tangannya untuk diisi tangan."
        )
    out.file(
        "Lembar tinjauan" if written else "Lembar tinjauan (tidak berubah)", workspace.review_sheet
    )
    if backup:
        out.file("Salinan versi sebelumnya", backup)
    warn_aside(out, review.aside, "keputusan", review_spec().aside)
    if review.redecide:
        out.warn(
            f"Isi {len(review.redecide)} butir berubah setelah diputuskan, maka keputusannya "
            f"dikosongkan (keputusan lama dicatat di {review_spec()['catatan_sistem'].label}); "
            "putuskan lagi: "
            f"{', '.join(review.redecide)}."
        )
    rejected = warn_rejected(round_, out, "konsep")
    if conflicts:
        show_blockers(round_, conflicts, out, "Konflik hasil uji")
        out.next(f"perbaiki uji_konsekuensi.xlsx sesuai daftar di atas, lalu "
                 f"{out.command('konsep')} lagi.")  # fmt: skip
        return 1
    workspace.out(FIXES).unlink(missing_ok=True)
    if undecided:
        out.next(f"PPID Pembantu dan Atasan PPID mengisi keputusan di tinjauan.xlsx, lalu "
                 f"{out.command('tetapkan')}.")  # fmt: skip
    else:
        out.next(f"semua butir sudah disetujui di tinjauan.xlsx; {out.command('tetapkan')}.")
    return 1 if rejected else 0
