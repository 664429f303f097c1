"""SOP step 1 in every year after the first: the last signed list is where the round starts.

`init --dari` keeps the decisions this round continues in riwayat/ (riwayat.json beside each
signed file). This module reads them back, follows every item of the round to the one it
continues (its Kode Butir, else the same ID and title, else the same title in the same bidang),
says which must be tested again and why (new, changed, its exemption ends within the period, its
archive status moved on), carries the test of the others with the lembar and decision it came
from, and lists what the new decision changes in the list it replaces.

What a decision keeps of an item (`PastItem`) is what the next round starts from: its inventory
cells and its test as text, its archive status and result, and its key (`kunci`), the identity
that stays with it from year to year: `<tahun>-<ID>` of the round that first listed it.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.kit.dates import NOT_YET, add_years, long_date
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.periods import years_of
from pipeline.kit.problems import records
from pipeline.kit.schema import YA, consequence_spec, inventory_spec
from pipeline.kit.text import plain
from pipeline.kit.workspace import write_atomically

FORMAT = "dik-ppid-riwayat/1"
FILE = "riwayat.json"  # in riwayat/, beside the signed files it names
MAX_BYTES = 512 * 1024 * 1024  # 1.6 KB an item in the example: 160 MB at 100,000 items
EXEMPTED = set(consequence_spec()["hasil_uji"].choices[:2])
KEEP, CHANGE, NOT_HELD, MERGED = inventory_spec(carried=True)["tindak_lanjut"].choices
WITHDRAWN = (NOT_HELD, MERGED)
# What an item is, as the bidang wrote it: every inventory column but its number and its notes.
CONTENT = [c.name for c in inventory_spec().columns if c.name not in ("no", "keterangan")]
TEST = [c.name for c in consequence_spec().filled]
# How an item of the new list stands to the list it replaces (the decision's annex).
ADDED, REMOVED, CHANGED, UNCHANGED = "Ditambahkan", "Dihapus", "Berubah", "Tidak berubah"
KINDS = (ADDED, REMOVED, CHANGED, UNCHANGED)
LINEAGE_COLUMNS = ["kunci", "asal", "uji_ulang", "uji_lalu"]
ITEM_KEYS = ("kunci", "id", "bidang", "status_arsip", "hasil", "no_dik", "no_dip")
WITHDRAWAL = ["id", "kunci", "judul", "bidang", "alasan", "keterangan"]


class HistoryError(WorkspaceError):
    """A record of earlier decisions that cannot be read as one; the message says what to do."""


@dataclass(frozen=True)
class PastDecision:
    """A decision this round continues: what revoking it cites, and where its signed file is."""

    tahun: int
    nomor: str
    tanggal: date
    berkas: str = ""  # the signed file in riwayat/, when kept
    sha256: str = ""
    lembar: str = ""  # number of the lembar pengujian it rests on, when recorded
    tanggal_uji: str = ""  # ISO date its test ended, when recorded
    jabatan: str = ""  # who decided it: the title a revocation cites

    @property
    def cited(self) -> str:
        return f"Keputusan Nomor {self.nomor} tanggal {long_date(self.tanggal)}"

    def as_json(self) -> dict[str, Any]:
        return {
            "tahun": self.tahun,
            "nomor": self.nomor,
            "tanggal": self.tanggal.isoformat(),
            "berkas": self.berkas,
            "sha256": self.sha256,
            "lembar": self.lembar,
            "tanggal_uji": self.tanggal_uji,
            "jabatan": self.jabatan,
        }


@dataclass(frozen=True)
class PastItem:
    """An item as a decision determined it: enough to pre-fill next year's form and test."""

    kunci: str
    id: str
    bidang: str
    isian: dict[str, str]  # inventory columns as text (dates ISO)
    uji: dict[str, str]  # the consequence test's columns as text
    status_arsip: str = ""
    hasil: str = ""
    no_dik: str = ""  # its row in that decision's DIK, or ""
    no_dip: str = ""  # its row in that decision's DIP, or ""

    @property
    def judul(self) -> str:
        return self.isian.get("judul", "")

    @property
    def exempted(self) -> bool:
        return self.hasil in EXEMPTED

    def ends(self, decision: PastDecision) -> date | None:
        """When its exemption ends, for a period of a number of years (from its test)."""
        years = years_of(self.uji.get("jangka_waktu", ""))
        if years is None or not self.exempted:
            return None
        return add_years(_day(self.uji.get("tanggal_uji", "")) or decision.tanggal, years)

    def archive_clock(self) -> tuple[object, int] | None:
        """(when the file was closed: a date, NOT_YET or None; the year it was made) for an
        item from an archive; None for one that is not."""
        if self.isian.get("dari_arsip") != YA or not self.isian.get("kode_arsip"):
            return None
        made = self.isian.get("tahun_pembuatan", "")
        year = int(made[:4]) if made[:4].isdigit() else None
        closed_text = self.isian.get("tanggal_ditutup", "")
        closed: object = _day(closed_text) or (closed_text if closed_text == NOT_YET else None)
        return (closed, year) if year is not None else None


@dataclass(frozen=True)
class History:
    """The decisions this round continues, newest first, and the items the newest determined."""

    decisions: tuple[PastDecision, ...]
    items: tuple[PastItem, ...]

    @property
    def last(self) -> PastDecision:
        return self.decisions[0]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "keputusan": [decision.as_json() for decision in self.decisions],
            "butir": items_json(self.items),
        }


@dataclass(frozen=True)
class Change:
    """One line of the decision's annex of changes."""

    jenis: str  # one of KINDS
    kunci: str
    id: str
    judul: str
    bidang: str
    no: str  # its row in the new DIK; "" when removed
    keterangan: str

    def as_json(self) -> dict[str, str]:
        return {key: str(getattr(self, key)) for key in
                ("jenis", "kunci", "id", "judul", "bidang", "no", "keterangan")}  # fmt: skip


@dataclass
class Lineage:
    """How this round's items stand to the list they continue."""

    table: pd.DataFrame  # per item, in the items' order: id + LINEAGE_COLUMNS
    carried: dict[str, dict[str, object]]  # item ID -> the test it carries, as the sheet holds it
    withdrawn: pd.DataFrame  # rows the bidang removed: id, kunci, judul, bidang, alasan, keterangan
    missing: tuple[PastItem, ...]  # items of the last list that no row continues or removes


# --- reading and writing the record ------------------------------------------------------------


def read_history(folder: Path) -> History | None:
    """riwayat/riwayat.json, or None when the round starts from nothing. It is read as any file
    from outside: bounded, and every value checked before it is used."""
    path = folder / FILE
    if not path.is_file():
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            raise Malformed(f"lebih dari {MAX_BYTES // 1024 // 1024} MB")
        return parse_history(json.loads(path.read_bytes().decode("utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, Malformed) as error:
        why = str(error) if isinstance(error, Malformed) else "tidak terbaca"
        raise HistoryError(
            f"{folder.name}/{FILE} rusak ({why}); pulihkan dari cadangan atau buat ulang folder "
            "kerja dengan init --dari dari folder kerja tahun lalu."
        ) from error


def parse_history(data: object) -> History:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Malformed(f"bukan berkas {FORMAT}")
    decisions = tuple(parse_decision(entry) for entry in _list(data.get("keputusan")))
    if not decisions:
        raise Malformed("tanpa keputusan")
    return History(decisions, parse_items(data.get("butir")))


def write_history(folder: Path, history: History) -> Path:
    text = json.dumps(history.as_json(), ensure_ascii=False, indent=1)
    return write_atomically(folder / FILE, lambda path: path.write_text(text, encoding="utf-8"))


def parse_decision(entry: object) -> PastDecision:
    if not isinstance(entry, dict):
        raise Malformed("keputusan bukan objek")
    year, number = entry.get("tahun"), entry.get("nomor")
    if isinstance(year, bool) or not isinstance(year, int) or not isinstance(number, str):
        raise Malformed("keputusan tanpa tahun atau nomor")
    day = _day(entry.get("tanggal"))
    if day is None:
        raise Malformed(f"tanggal keputusan {entry.get('tanggal')!r} bukan TTTT-BB-HH")
    name = _text(entry.get("berkas"))
    if name and (Path(name).name != name or name.startswith(".")):
        raise Malformed(f"nama berkas {name!r} menunjuk ke luar riwayat/")
    return PastDecision(year, number, day, name,
                        *(_text(entry.get(key)) for key in ("sha256", "lembar", "tanggal_uji",
                                                            "jabatan")))  # fmt: skip


def items_json(items: Iterable[PastItem]) -> dict[str, Any]:
    """Items as one table (`kolom`, then `baris` of texts): a hundred thousand items would
    otherwise repeat every key a hundred thousand times."""
    inventory = inventory_spec().names
    return {
        "kolom": [*ITEM_KEYS, *(f"isian.{name}" for name in inventory),
                  *(f"uji.{name}" for name in TEST)],
        "baris": [
            [*(getattr(item, key) for key in ITEM_KEYS),
             *(item.isian.get(name, "") for name in inventory),
             *(item.uji.get(name, "") for name in TEST)]
            for item in items
        ],
    }  # fmt: skip


def parse_items(data: object) -> tuple[PastItem, ...]:
    if data is None:
        return ()
    if not isinstance(data, dict) or not isinstance(data.get("kolom"), list):
        raise Malformed("daftar butir tanpa kolom")
    columns = [_text(name) for name in data["kolom"]]
    missing = [key for key in ("kunci", "id") if key not in columns]
    if missing:
        raise Malformed(f"daftar butir tanpa kolom {', '.join(missing)}")
    items = []
    for number, row in enumerate(_list(data.get("baris")), 1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise Malformed(f"baris butir {number} tidak selebar kolomnya")
        cells = dict(zip(columns, (_text(value) for value in row), strict=True))
        if not cells["kunci"] or not cells["id"]:
            raise Malformed(f"butir {number} tanpa kunci atau ID")
        items.append(PastItem(
            **{key: cells.get(key, "") for key in ITEM_KEYS},
            isian={name: cells.get(f"isian.{name}", "") for name in inventory_spec().names},
            uji={name: cells.get(f"uji.{name}", "") for name in TEST},
        ))  # fmt: skip
    return tuple(items)


class Malformed(ValueError):
    """What is wrong with a record, in the words the user is shown."""


def _list(value: object) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Malformed("susunannya tidak sesuai")
    return value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    raise Malformed(f"nilai {type(value).__name__} di tempat teks")


def _day(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --- items as text ------------------------------------------------------------------------


def text_of(value: object) -> str:
    """A typed cell as the record keeps it: dates ISO, missing values empty."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return plain(value)


def content_of(item: Mapping[str, Any]) -> dict[str, str]:
    """An item's inventory cells as text; the date it was made, when given, for its year."""
    values = {name: text_of(item.get(name)) for name in inventory_spec().names}
    made = item.get("tanggal_pembuatan")
    if isinstance(made, date):
        values["tahun_pembuatan"] = made.isoformat()
    return values


def record(item: Mapping[str, Any], no_dik: str = "", no_dip: str = "") -> PastItem:
    """What a decision keeps of an item of its round (an outcomes row with its kunci)."""
    return PastItem(
        kunci=str(item["kunci"]),
        id=str(item["id"]),
        bidang=str(item["bidang"]),
        isian=content_of(item),
        uji={name: text_of(item.get(name)) for name in TEST},
        status_arsip=str(item.get("status_arsip") or ""),
        hasil=str(item.get("hasil") or ""),
        no_dik=no_dik,
        no_dip=no_dip,
    )


def _same(first: str, second: str) -> bool:
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


# --- following items from the last list ------------------------------------------------------


def follow(items: pd.DataFrame, history: History | None, tahun: int) -> Lineage:
    """Each item of the round with its key, what it continues, and whether it is tested again.

    `items` are the classified inventory rows (with the carried form's columns when there are
    any); rows the bidang marked removed are set apart in `withdrawn`."""
    if history is None:  # a first round: every item new, keyed by this year
        ids = items["id"].astype(str)
        table = pd.DataFrame({"id": items["id"], "kunci": f"{tahun}-" + ids, "asal": "",
                              "uji_ulang": "", "uji_lalu": ""})  # fmt: skip
        return Lineage(table.reset_index(drop=True), {}, _no_withdrawals(), ())
    rows = records(items)
    past = {item.kunci: item for item in history.items}
    taken = _match(rows, history)
    used = set(past)
    lines, carried, withdrawn = [], {}, []
    for row, previous in zip(rows, taken, strict=True):
        if plain(row.get("tindak_lanjut")) in WITHDRAWN:
            if previous is not None:
                withdrawn.append(_withdrawal(row, previous))
            continue
        kunci = previous.kunci if previous else _new_key(tahun, str(row["id"]), used)
        used.add(kunci)
        again, source = _retest(row, previous, history, tahun), ""
        if previous is not None and previous.uji.get("hasil_uji"):
            source = _source(previous, history.last)
            if not again:
                carried[str(row["id"])] = _carried(previous, history.last)
        lines.append({"id": row["id"], "kunci": kunci, "asal": previous.id if previous else "",
                      "uji_ulang": again, "uji_lalu": source})  # fmt: skip
    table = pd.DataFrame(lines, columns=["id", *LINEAGE_COLUMNS])
    left = _unfollowed(history, taken)
    return Lineage(table, carried, pd.DataFrame(withdrawn, columns=WITHDRAWAL), left)


def unfollowed(items: pd.DataFrame, history: History) -> tuple[PastItem, ...]:
    """Items of the last list that no row of `items` keeps, changes or removes (the rows as
    read, before their archive status is known)."""
    return _unfollowed(history, _match(records(items), history))


def _unfollowed(history: History, taken: list[PastItem | None]) -> tuple[PastItem, ...]:
    followed = {item.kunci for item in taken if item is not None}
    return tuple(item for item in history.items if item.kunci not in followed)


def _no_withdrawals() -> pd.DataFrame:
    return pd.DataFrame(columns=WITHDRAWAL)


def _match(rows: list[dict[str, Any]], history: History) -> list[PastItem | None]:
    """The past item each row continues: by its Kode Butir first (the form carries it), then,
    for rows without one, by the same ID and title, then by the same title in the same bidang."""
    past = {item.kunci: item for item in history.items}
    found: list[PastItem | None] = [None] * len(rows)
    taken: set[str] = set()
    for index, row in enumerate(rows):
        code = plain(row.get("kode_butir"))
        if code in past and code not in taken:
            found[index] = past[code]
            taken.add(code)
    by_id = {(item.id, _key(item.judul)): item for item in history.items}
    by_title: dict[tuple[str, str], PastItem] = {}
    for item in history.items:
        by_title.setdefault((item.bidang, _key(item.judul)), item)
    for index, row in enumerate(rows):
        if found[index] is not None or plain(row.get("kode_butir")) in past:
            continue
        title = _key(plain(row.get("judul")))
        for candidate in (by_id.get((str(row["id"]), title)),
                          by_title.get((str(row["bidang"]), title))):  # fmt: skip
            if candidate is not None and candidate.kunci not in taken:
                found[index] = candidate
                taken.add(candidate.kunci)
                break
    return found


def _key(title: str) -> str:
    return " ".join(title.casefold().split())


def _new_key(tahun: int, item_id: str, used: set[str]) -> str:
    """`<tahun>-<ID>`: unique across years (a revision within one year gets a suffix)."""
    key, suffix = f"{tahun}-{item_id}", 1
    while key in used:
        suffix += 1
        key = f"{tahun}-{item_id}-{suffix}"
    return key


def _withdrawal(row: Mapping[str, Any], previous: PastItem) -> dict[str, str]:
    return {
        "id": previous.id,
        "kunci": previous.kunci,
        "judul": previous.judul,
        "bidang": previous.bidang,
        "alasan": plain(row["tindak_lanjut"]).partition(": ")[2] or plain(row["tindak_lanjut"]),
        "keterangan": plain(row.get("keterangan")),
    }


def reasons(
    previous: PastItem, decision: PastDecision, tahun: int, now: Mapping[str, Any] | None = None
) -> list[str]:
    """Why an item of the last list must be tested again: its content changed (`now`, its
    current row, when known), its archive status moved on, or its exemption ends within the
    period of `tahun`."""
    found = []
    if now is not None:
        current = content_of(now)
        spec = inventory_spec()
        changed = [spec[name].label for name in CONTENT
                   if not _same(current[name], previous.isian.get(name, ""))]  # fmt: skip
        if changed:
            found.append(f"isi berubah: {', '.join(changed)}")
        status = str(now.get("status_arsip") or "")
        if previous.status_arsip and status and status != previous.status_arsip:
            found.append(f"status arsip {previous.status_arsip} → {status}")
    ends = previous.ends(decision)
    if ends is not None and ends <= date(tahun, 12, 31):
        found.append(f"jangka waktu pengecualian berakhir {long_date(ends)}")
    return found


def _retest(row: Mapping[str, Any], previous: PastItem | None, history: History, tahun: int) -> str:
    """Why the item goes to the test again; empty when its last test stands (or none is due:
    an item neither proposed nor exempted is open without one)."""
    if row.get("usulan") != YA and (previous is None or not previous.exempted):
        return ""
    if previous is None:
        return "Butir baru"
    found = reasons(previous, history.last, tahun, row)
    if not previous.uji.get("hasil_uji") and row.get("usulan") == YA:
        found.append("belum pernah diuji")
    text = "; ".join(found)
    return text[:1].upper() + text[1:]


def _source(previous: PastItem, decision: PastDecision) -> str:
    """'Lembar Pengujian Konsekuensi Nomor ... (16 Februari 2026); Keputusan Nomor ... tanggal
    ...': where the item's last test is recorded."""
    tested = _day(previous.uji.get("tanggal_uji", "")) or _day(decision.tanggal_uji)
    sheet = f"Lembar Pengujian Konsekuensi Nomor {decision.lembar}" if decision.lembar else ""
    if sheet and tested:
        sheet += f" ({long_date(tested)})"
    return "; ".join(part for part in (sheet, decision.cited) if part)


def _carried(previous: PastItem, decision: PastDecision) -> dict[str, object]:
    """The last test as the sheet holds it, dated as it was held."""
    values: dict[str, object] = {name: previous.uji.get(name) or None for name in TEST}
    values["tanggal_uji"] = _day(previous.uji.get("tanggal_uji", "")) or _day(decision.tanggal_uji)
    return values


# --- what the new decision changes ----------------------------------------------------------


def changes(
    history: History,
    table: pd.DataFrame,
    lineage: Lineage,
    bidang_names: Mapping[str, str],
) -> tuple[Change, ...]:
    """The new DIK against the one it replaces: items added, removed (with the reason), changed
    (with the columns) and unchanged (with the test that still stands). `table` is the round's
    outcomes with each item's kunci."""
    past = {item.kunci: item for item in history.items}
    exempt = table[table["hasil"].isin(EXEMPTED)]
    retest = dict(zip(lineage.table["kunci"], lineage.table["uji_ulang"], strict=True))
    found: list[Change] = []
    for number, item in enumerate(records(exempt), 1):
        previous = past.get(str(item["kunci"]))
        name = bidang_names.get(item["bidang"], item["bidang"])
        entry = (str(item["kunci"]), str(item["id"]), str(item["judul"]), name, str(number))
        if previous is None or not previous.exempted:
            why = "sebelumnya terbuka untuk umum" if previous else "butir baru"
            found.append(Change(ADDED, *entry, why.capitalize()))
            continue
        differs = _differences(previous, item)
        if differs:
            found.append(Change(CHANGED, *entry, f"Berubah: {', '.join(differs)}"))
        else:
            found.append(Change(UNCHANGED, *entry, _stands(history.last)))
    current, listed = set(table["kunci"]), set(exempt["kunci"])
    withdrawn = {str(row["kunci"]): row for row in records(lineage.withdrawn)}
    for previous in history.items:
        if not previous.exempted or previous.kunci in listed:
            continue
        if previous.kunci in current:
            why = "Dibuka untuk umum"
            if retest.get(previous.kunci):
                why += f" ({retest[previous.kunci][:1].lower()}{retest[previous.kunci][1:]})"
        elif previous.kunci in withdrawn:
            row = withdrawn[previous.kunci]
            why = str(row["alasan"])[:1].upper() + str(row["alasan"])[1:]
            if row["keterangan"]:
                why += f": {row['keterangan']}"
        else:
            why = "Tidak ada dalam isian bidang"
        name = bidang_names.get(previous.bidang, previous.bidang)
        found.append(Change(REMOVED, previous.kunci, previous.id, previous.judul, name, "", why))
    return tuple(sorted(found, key=lambda change: KINDS.index(change.jenis)))


def _stands(decision: PastDecision) -> str:
    """Why an unchanged item needs no new test (the annex names the decision it replaces)."""
    if decision.lembar:
        return f"Hasil uji tetap berlaku: Lembar Pengujian Konsekuensi Nomor {decision.lembar}"
    return "Hasil uji tetap berlaku"


def _differences(previous: PastItem, item: Mapping[str, Any]) -> list[str]:
    """The columns in which an item differs from how the last decision determined it."""
    inventory, test = inventory_spec(), consequence_spec()
    now = content_of(item)
    labels = [inventory[name].label for name in CONTENT
              if not _same(now[name], previous.isian.get(name, ""))]  # fmt: skip
    labels += [test[name].label for name in TEST
               if not _same(text_of(item.get(name)), previous.uji.get(name, ""))]  # fmt: skip
    if previous.status_arsip and item.get("status_arsip") != previous.status_arsip:
        labels.append(test["status_arsip"].label)
    return labels


def count_by_kind(entries: Iterable[Change]) -> dict[str, int]:
    """How many of each kind, in the annex's order."""
    listed = list(entries)
    return {kind: sum(1 for change in listed if change.jenis == kind) for kind in KINDS}
