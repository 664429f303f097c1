"""`status`: where the round stands: counts per step and bidang, what is missing, exemptions
whose period ends soon, archive items whose JRA status changed since the last list."""

from argparse import Namespace
from datetime import date

from pipeline.commands.common import NEXT, next_steps, warn_config
from pipeline.kit.console import Output
from pipeline.round import Round


def run(round_: Round, out: Output, args: Namespace) -> int:
    today = date.today()
    warn_config(round_, out)
    stage = round_.stage
    config = round_.config
    out.table(round_.counts(round_.approved()),
              f"Posisi putaran {config.tahun}: {config.office['sebutan']}")  # fmt: skip
    out.note(f"Folder kerja: {round_.workspace.root}")
    for line in round_.due(today) or [
        "Tidak ada jangka waktu pengecualian yang berakhir dalam 90 hari."
    ]:
        out.note(line)
    for line in round_.changed_statuses():
        out.note(line)
    for blocker in round_.rejections:
        out.warn(blocker.fix)
    missing = _missing(round_)
    if missing:
        out.warn("Belum ada: " + "; ".join(missing) + ".")
    out.next(NEXT[stage].format(**next_steps(out)))
    return 0


def _missing(round_: Round) -> list[str]:
    """What the round still lacks, in words, in SOP order."""
    sent = {received.bidang for received in round_.inventory.files}
    missing = [f"isian {b.nama}" for b in round_.config.bidang if b.kode not in sent]
    if round_.test_sheet is None:
        missing.append("lembar uji_konsekuensi.xlsx (uji)")
    else:
        untested = int((round_.outcomes.table["hasil"] == "").sum())
        if untested:
            missing.append(f"hasil uji {untested} usulan")
    if round_.review_sheet is None:
        missing.append("tinjauan.xlsx (konsep)")
    elif undecided := len(round_.undecided()):
        missing.append(f"keputusan tinjauan {undecided} butir")
    if round_.registration() is None:
        missing.append("arsip daftar bertanda tangan (arsip)")
    return missing
