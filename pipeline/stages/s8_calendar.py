"""After step 6: the dates a signed list brings, where people look (a calendar file, .ics).

One all-day event per date that needs somebody: an exemption ends (UU 14/2008 Pasal 20: the
information then becomes public, and the PPID declares it at the latest 30 working days before,
so the reminder rings six weeks ahead); an archive item changes status by the JRA (it becomes
inactive, or its retention ends and its final disposition is due); the next round is due (the
decision's diktum KETIGA: the list is reviewed at least once a year). The file is RFC 5545,
written by the icalendar library, and imports into Google Calendar, Outlook and Thunderbird.
Each event's UID says what it is about, so importing a newer file updates an event instead of
doubling it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pipeline.kit.dates import NOT_YET, add_years, long_date, year_end
from pipeline.kit.reference import References
from pipeline.kit.workspace import write_atomically
from pipeline.stages.s1_previous import History, PastItem
from pipeline.stages.s3d_classify import INAKTIF, archive_status

FILE = "pengingat.ics"  # in keluaran/
EXEMPTION_ALARM = 42  # days: 30 working days before the end, Permenpora 14/2023 Pasal 55
ARCHIVE_ALARM = 30
ROUND_ALARM = 60  # two months to gather the bidang's forms again
ENDS, ARCHIVE, ROUND = "berakhir", "arsip", "putaran"  # what a reminder is about


@dataclass(frozen=True)
class Reminder:
    kind: str  # ENDS, ARCHIVE or ROUND
    day: date
    what: str  # "Status arsip menjadi Inaktif"
    item: str  # the item's ID, or "" for the round
    title: str
    detail: str
    uid: str  # stable: the same reminder in a newer file replaces this one
    alarm: int  # days ahead the calendar reminds


def reminders(history: History, refs: References, office: str) -> list[Reminder]:
    """Every date the list in force brings after its decision, in order."""
    decision = history.last
    domain = f"{office.lower() or 'instansi'}.dik-ppid"
    found = []
    for item in history.items:
        ends = item.ends(decision)
        if ends is not None and ends > decision.tanggal:
            what = "Jangka waktu pengecualian berakhir"
            found.append(Reminder(
                ENDS,
                ends,
                what,
                item.id,
                f"{what}: {item.judul}",
                f"{item.id}: dikecualikan menurut {decision.cited} dengan jangka waktu "
                f"{item.uji.get('jangka_waktu', '')}. Menurut Pasal 20 UU 14/2008 informasi ini "
                "menjadi terbuka setelah jangka waktunya berakhir; uji ulang, atau umumkan "
                "perubahan klasifikasinya paling lambat 30 hari kerja sebelumnya.",
                f"{item.kunci}-berakhir@{domain}",
                EXEMPTION_ALARM,
            ))  # fmt: skip
        for day, what in _archive_dates(item, refs):
            if day > decision.tanggal:
                found.append(Reminder(
                    ARCHIVE,
                    day,
                    what,
                    item.id,
                    f"{what}: {item.judul}",
                    f"{item.id}, kode klasifikasi {item.isian.get('kode_arsip', '')}: "
                    f"{what.lower()} menurut JRA pada {long_date(day)}. Bila butir ini "
                    "dikecualikan, uji "
                    "konsekuensinya lagi pada putaran berikutnya.",
                    f"{item.kunci}-{_slug(what)}@{domain}",
                    ARCHIVE_ALARM,
                ))  # fmt: skip
    due = add_years(decision.tanggal, 1)
    found.append(Reminder(
        ROUND,
        due,
        "Pemutakhiran Daftar Informasi yang Dikecualikan",
        "",
        f"Pemutakhiran Daftar Informasi yang Dikecualikan Tahun {decision.tahun + 1}",
        f"{decision.cited} ditinjau kembali paling sedikit sekali setahun: mulai putaran baru "
        "dengan init --dari dari folder kerja ini, kirim formulir ke bidang, lalu uji ulang "
        "butir yang jatuh tempo.",
        f"putaran-{decision.tahun + 1}@{domain}",
        ROUND_ALARM,
    ))  # fmt: skip
    return sorted(found, key=lambda reminder: (reminder.day, reminder.title))


def _archive_dates(item: PastItem, refs: References) -> list[tuple[date, str]]:
    """When an archive item becomes inactive and when its retention ends, by the JRA."""
    clock, code = item.archive_clock(), item.isian.get("kode_arsip", "")
    if clock is None or code not in refs.jra.index:
        return []
    closed, year = clock
    row = refs.jra.loc[code]
    rule = dict(zip(map(str, row.index), row, strict=True))
    if closed == NOT_YET or (not isinstance(closed, date) and rule["pemicu"]):
        return []  # the clock has not started, or waits for an event's date
    start = closed if isinstance(closed, date) else year_end(year)
    inactive = add_years(start, int(rule["retensi_aktif"]))
    ends = add_years(inactive, int(rule["retensi_inaktif"]))
    # the status on the day retention ends: the JRA's final disposition (permanen: Statis)
    final = archive_status(ends, year, rule | {"retensi_aktif": 0, "retensi_inaktif": 0}, ends)
    return [(inactive, f"Status arsip menjadi {INAKTIF}"), (ends, f"Status arsip menjadi {final}")]


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def upcoming(found: list[Reminder], today: date, within: timedelta) -> list[Reminder]:
    return [reminder for reminder in found if today <= reminder.day <= today + within]


def write_calendar(path: Path, found: list[Reminder], name: str) -> Path:
    """The reminders as an .ics file: all-day events, each with an alarm ahead of it."""
    from icalendar import Alarm, Calendar, Event  # only the command that writes it loads it

    calendar = Calendar()
    calendar.add("prodid", "-//dik-ppid//Pengingat Daftar Informasi yang Dikecualikan//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for reminder in found:
        event = Event()
        event.add("uid", reminder.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", reminder.day)
        event.add("dtend", reminder.day + timedelta(days=1))
        event.add("summary", reminder.title)
        event.add("description", reminder.detail)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.title)
        alarm.add("trigger", timedelta(days=-reminder.alarm))
        event.add_component(alarm)
        calendar.add_component(event)
    content = calendar.to_ical()
    return write_atomically(path, lambda target: target.write_bytes(content))
