"""The reminders of a signed list as a calendar file that Google Calendar and Outlook import:
RFC 5545 as the icalendar library reads it back, all-day dates, a stable UID per reminder."""

from datetime import date, timedelta

from icalendar import Calendar

from pipeline.kit.reference import load_references
from pipeline.stages.s1_previous import History, PastDecision, PastItem
from pipeline.stages.s8_calendar import ARCHIVE, ENDS, ROUND, reminders, upcoming, write_calendar

DECISION = PastDecision(2026, "000.8.3.4/45/DSPPA/2026", date(2026, 2, 23))


def item(item_id, uji, **isian) -> PastItem:
    return PastItem(f"2026-{item_id}", item_id, item_id.split("-")[0],
                    {"judul": f"Berkas {item_id}", "tahun_pembuatan": "2024", **isian},
                    uji, "Aktif", "Dikecualikan")  # fmt: skip


HISTORY = History((DECISION,), (
    # one year from its test: ends 16 February 2027
    item("SET-0005", {"jangka_waktu": "1 (satu) tahun", "tanggal_uji": "2026-02-16"}),
    # an archive closed at the end of 2024, active 2 years, inactive 3, then permanent
    item("UPTDPPA-0004", {"jangka_waktu": "Tidak terbatas"}, dari_arsip="Ya",
         kode_arsip="400.9.8"),
    # an archive whose event has not happened yet: no dates to remind of
    item("SET-0009", {"jangka_waktu": "Tidak terbatas"}, dari_arsip="Ya",
         kode_arsip="400.9.8", tanggal_ditutup="Belum terjadi"),
))  # fmt: skip


def test_the_dates_a_list_brings():
    found = reminders(HISTORY, load_references(), "DSPPA")
    assert [(r.kind, r.day, r.item) for r in found] == [
        (ARCHIVE, date(2026, 12, 31), "UPTDPPA-0004"),
        (ENDS, date(2027, 2, 16), "SET-0005"),
        (ROUND, date(2027, 2, 23), ""),
        (ARCHIVE, date(2029, 12, 31), "UPTDPPA-0004"),
    ]
    assert found[0].what == "Status arsip menjadi Inaktif"
    assert found[-1].what == "Status arsip menjadi Statis"
    soon = upcoming(found, date(2027, 1, 1), timedelta(days=90))
    assert [r.kind for r in soon] == [ENDS, ROUND]


def test_the_calendar_file_reads_back_as_all_day_events_with_alarms(tmp_path):
    found = reminders(HISTORY, load_references(), "DSPPA")
    path = write_calendar(tmp_path / "pengingat.ics", found, "DIK Dinas Sosial")
    calendar = Calendar.from_ical(path.read_bytes())
    assert calendar["version"] == "2.0" and calendar["prodid"].startswith("-//dik-ppid//")
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(found)
    uids = [str(event["uid"]) for event in events]
    assert len(set(uids)) == len(uids) and "2026-SET-0005-berakhir@dsppa.dik-ppid" in uids
    for event, reminder in zip(events, found, strict=True):
        start = event.decoded("dtstart")
        assert type(start) is date and start == reminder.day  # all-day: VALUE=DATE
        assert event.decoded("dtend") == reminder.day + timedelta(days=1)
        assert event.decoded("dtstamp").tzinfo is not None
        assert str(event["summary"]) == reminder.title
        alarm = next(iter(event.walk("VALARM")))
        assert alarm.decoded("trigger") == timedelta(days=-reminder.alarm)
    lines = path.read_bytes().split(b"\r\n")  # RFC 5545: CRLF, folded at 75 octets
    assert b"DTSTART;VALUE=DATE:20270216" in lines
    assert all(len(line) <= 75 for line in lines)


def test_writing_again_keeps_each_reminders_uid(tmp_path):
    """Importing a newer file updates the same events instead of doubling them."""
    first = reminders(HISTORY, load_references(), "DSPPA")
    again = reminders(HISTORY, load_references(), "DSPPA")
    assert [r.uid for r in first] == [r.uid for r in again]
