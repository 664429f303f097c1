"""`status`: where the round stands: counts per step and bidang, what is missing, what changed
since the last decision, what falls due in the coming months (exemptions that end, archives
that change status, the next round), written as a calendar file too."""

from argparse import Namespace
from datetime import date

from pipeline.commands.common import NEXT, next_steps, warn_config
from pipeline.kit.console import Output
from pipeline.kit.dates import long_date
from pipeline.round import DUE_WITHIN, Round
from pipeline.stages.s8_calendar import ENDS, FILE, reminders, upcoming, write_calendar

SHOWN_CHANGES = 10


def run(round_: Round, out: Output, args: Namespace) -> int:
    today = date.today()
    warn_config(round_, out)
    stage = round_.stage
    config = round_.config
    out.table(round_.counts(round_.approved()),
              f"Posisi putaran {config.tahun}: {config.office['sebutan']}")  # fmt: skip
    out.note(f"Folder kerja: {round_.workspace.root}")
    _changes(round_, out)
    for line in round_.due(today) or [
        "Tidak ada jangka waktu pengecualian yang berakhir dalam 90 hari."
    ]:
        out.note(line)
    for line in round_.changed_statuses():
        out.note(line)
    _calendar(round_, out, today)
    for blocker in round_.rejections:
        out.warn(blocker.fix)
    missing = _missing(round_)
    if missing:
        out.warn("Belum ada: " + "; ".join(missing) + ".")
    out.next(NEXT[stage].format(**next_steps(out)))
    return 0


def _changes(round_: Round, out: Output) -> None:
    """What the round changes in the list it continues, as it stands now."""
    history = round_.history
    if history is None or round_.test_sheet is None:
        return
    counts = ", ".join(f"{n} {kind.lower()}" for kind, n in round_.change_counts().items())
    out.note(f"Perubahan terhadap {history.last.cited}: {counts}.")
    shown = round_.changed()
    for change in shown[:SHOWN_CHANGES]:
        out.note(f"{change.jenis}: {change.id} {change.judul} ({change.keterangan}).")
    if len(shown) > SHOWN_CHANGES:
        out.note(f"... dan {len(shown) - SHOWN_CHANGES} lagi.")


def _calendar(round_: Round, out: Output, today: date) -> None:
    """The dates the list in force brings: the coming ones on screen, all of them in a
    calendar file (an exemption's end is listed above, from the round's own list)."""
    in_force = round_.decision_in_force()
    if in_force is None:
        return
    found = reminders(in_force, round_.refs, round_.config.office["kode"])
    grouped: dict[tuple[date, str], list[str]] = {}
    for reminder in upcoming(found, today, DUE_WITHIN):
        if reminder.kind != ENDS:
            grouped.setdefault((reminder.day, reminder.what), []).append(reminder.item)
    for (day, what), items in grouped.items():
        named = [item for item in items if item]
        listed = f" ({len(named)} butir: {', '.join(named)})" if named else ""
        out.note(f"{long_date(day)}: {what}{listed}.")
    name = f"DIK {round_.config.office['sebutan']}"
    path = write_calendar(round_.workspace.out(FILE), found, name)
    out.file(f"Kalender pengingat ({len(found)} tanggal, untuk diimpor)", path)


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
