"""`uji` (SOP step 3): create or refresh uji_konsekuensi.xlsx, keeping every outcome filled."""

from argparse import Namespace

from pipeline.commands.common import (
    FIXES,
    progress,
    require_inbox,
    show_blockers,
    warn_aside,
    warn_rejected,
)
from pipeline.kit.console import Output
from pipeline.kit.schema import YA, consequence_spec
from pipeline.round import Round


@progress("uji", "Menyusun lembar uji")
def run(round_: Round, out: Output, args: Namespace) -> int:
    require_inbox(round_, out)
    workspace, outcomes = round_.workspace, round_.outcomes
    written, backup = round_.write_tests()
    rows = outcomes.rows
    filled = int(rows["hasil_uji"].notna().sum())
    out.done(f"Lembar uji konsekuensi memuat {len(rows)} butir; {filled} sudah berisi hasil uji.")
    spec = consequence_spec()
    warn_aside(out, outcomes.aside, "hasil uji", spec.aside)
    out.file("Lembar uji" if written else "Lembar uji (tidak berubah)", workspace.test_sheet)
    if backup:
        out.file("Salinan versi sebelumnya", backup)
    rejected = warn_rejected(round_, out, "lembar uji")
    # an untested proposal is counted above; the rest (an open archive without its reason to
    # open, a filled row that breaks a rule) needs the team's eye at a named cell
    waiting = set(rows.loc[(rows["usulan"] == YA) & rows["hasil_uji"].isna(), "id"])
    attention = [b for b in round_.test_conflicts if b.item not in waiting]
    if attention:
        show_blockers(round_, attention, out, "Perlu diisi atau diperbaiki di lembar uji")
    else:
        workspace.out(FIXES).unlink(missing_ok=True)
    if waiting:
        beside = " (di luar daftar di atas)." if attention else "."
        out.note(f"{len(waiting)} usulan belum diuji: isi {spec['hasil_uji'].label} dan kolom "
                 f"yang diminta untuknya{beside}")  # fmt: skip
    cells = ", termasuk sel di atas" if attention else ""
    out.next(f"tim PPID mengisi kolom putih di uji_konsekuensi.xlsx{cells}, lalu "
             f"{out.command('konsep')}.")  # fmt: skip
    return 1 if rejected else 0
