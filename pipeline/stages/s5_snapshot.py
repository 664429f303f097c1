"""SOP step 5: the list as determined, recorded once so that nothing is ever retyped.

`tetapkan` writes it beside the list for signature (keluaran/daftar_final.json), `arsip` stores
it beside the signed file (with the number written on the list by hand, when there is one), and
`status`, `terbitkan` and `ekspor` read it back. Its JSON form, "dik-ppid/1", is what earlier
rounds archived: the keys stay as they are, and what was added since is optional on reading, so
an archived file of an earlier version still reads. A row carries its list's declared columns
plus `bidang` and, in the DIK, its Pasal 17 codes and `rujukan` (every reference of its legal
basis as data; read back from its printed basis when an older file has none); anything else a
producer put in is dropped on reading, so nothing is published that the signed list does not
print. A row's `id` (the item's ID in the round, absent from snapshots written before it was
kept) is read apart from the printed row: it is published only through `item_identifier`. Each
list keeps the key of the laws it prints (`peraturan`), and `penetapan_dip` the signature of the
DIP, absent when the DIP was not set and signed (files of earlier versions).

The lineage (added since): `inventaris`, every item of the round as the next round starts from
it (s1_previous.PastItem, with its key that stays from year to year); `lembar_uji`, the number
and date of the lembar pengujian the decision rests on; `keputusan_lalu`, the decisions it
continues, the one it revokes first; `perubahan`, what it changes in the list it revokes.
"""

import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.kit.citations import parse, references_data
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.schema import YA
from pipeline.kit.workspace import write_atomically
from pipeline.stages.s1_previous import (
    KINDS,
    Change,
    History,
    Malformed,
    PastDecision,
    PastItem,
    items_json,
    parse_decision,
    parse_items,
)

FORMAT = "dik-ppid/1"
FILE = "daftar_final.json"  # in keluaran/, beside the list tetapkan writes for signature
LISTS = ("dik", "dip")
# Keys a row carries besides its declared columns, and the headers they are shown under.
EXTRA = {"dik": {"bidang": "Bidang", "pasal17": "Pasal 17"}, "dip": {"bidang": "Bidang"}}
OFFICE_KEYS = ("pemerintah", "nama", "sebutan", "kode", "tempat")
# Fixed once: the namespace of every published item identifier (see item_identifier).
ITEM_NAMESPACE = uuid.UUID("a58f213a-7a0d-4598-958c-dc0e2020f505")


class SnapshotError(WorkspaceError):
    """A recorded list that cannot be read as one; the message says what is wrong."""


@dataclass(frozen=True)
class Signer:
    jabatan: str
    nama: str
    nip: str = ""


@dataclass(frozen=True)
class Decision:
    nomor: str
    tanggal: date
    penanda_tangan: Signer


@dataclass(frozen=True)
class ListColumn:
    kunci: str
    judul: str


@dataclass(frozen=True)
class PrintedList:
    """A list as printed: its columns in order and one row per item."""

    key: str  # "dik" or "dip"
    columns: tuple[ListColumn, ...]
    rows: tuple[dict[str, Any], ...]
    ids: tuple[str, ...] = ()  # each row's item ID in the round; "" where none was recorded
    laws: tuple[tuple[str, str], ...] = ()  # (short, full title) of each law printed, in order

    @property
    def keys(self) -> list[str]:
        """Declared columns first, then bidang (and pasal17), each once."""
        declared = [column.kunci for column in self.columns]
        return declared + [key for key in EXTRA[self.key] if key not in declared]

    @property
    def headers(self) -> list[str]:
        titles = {column.kunci: column.judul for column in self.columns}
        return [titles.get(key) or EXTRA[self.key][key] for key in self.keys]


@dataclass(frozen=True)
class Item:
    """What `status` compares with the next round: an exempted item as it was determined."""

    id: str
    judul: str
    hasil: str
    pasal17: str
    jangka_waktu: str
    status_arsip: str
    kode_arsip: str
    tanggal_uji: str  # ISO date, or "" when the sheet gave none


@dataclass(frozen=True)
class Snapshot:
    instansi: dict[str, str]
    tahun: int
    keputusan: Decision
    dik: PrintedList
    dip: PrintedList
    butir: tuple[Item, ...] = field(default=())
    penetapan_dip: Decision | None = None  # who set and signed the DIP; None: never signed
    inventaris: tuple[PastItem, ...] = field(default=())
    lembar_uji: tuple[str, str] = ("", "")  # (number, ISO date) of the lembar pengujian
    keputusan_lalu: tuple[PastDecision, ...] = field(default=())
    perubahan: tuple[Change, ...] = field(default=())

    @property
    def lists(self) -> dict[str, PrintedList]:
        return {"dik": self.dik, "dip": self.dip}

    def identifiers(self, key: str) -> list[str]:
        """The published identifier of each row of list `key` (see item_identifier).

        An item is named by the year it was first listed and its ID that year, which its key
        in the lineage holds ('2026-PA-0004', carried from round to round); an item without one
        is taken as first listed this year under its ID of this round. A row without a recorded
        ID (a snapshot archived before IDs were kept) is named by its list and row number, which
        holds for that one list only.
        """
        office = self.instansi.get("kode") or self.instansi["nama"]
        first = {item.id: item.kunci for item in self.inventaris}
        named = []
        for number, item in enumerate(_padded(self.lists[key]), 1):
            since, _, first_id = first.get(item, "").partition("-")
            if since.isdigit() and first_id:
                named.append(item_identifier(office, int(since), first_id))
            else:
                named.append(item_identifier(office, self.tahun, item or f"{key}-{number}"))
        return named

    def as_history(self, berkas: str = "", sha256: str = "") -> History:
        """This decision as the start of the next round (its signed file kept as `berkas`);
        a list archived before the lineage was recorded gives what its DIK printed."""
        decision = PastDecision(self.tahun, self.keputusan.nomor, self.keputusan.tanggal,
                                berkas, sha256, *self.lembar_uji,
                                self.keputusan.penanda_tangan.jabatan)  # fmt: skip
        return History((decision, *self.keputusan_lalu), self.inventaris or self._printed_items())

    def _printed_items(self) -> tuple[PastItem, ...]:
        items = []
        for number, (item, row) in enumerate(zip(self.butir, self.dik.rows, strict=False), 1):
            code = item.kode_arsip
            isian = {"judul": item.judul, "kode_arsip": code, "dari_arsip": YA if code else "",
                     "usulan": YA, "dasar_usulan": item.pasal17}  # fmt: skip
            uji = {"hasil_uji": item.hasil, "pasal17": item.pasal17,
                   "akibat_dibuka": str(row.get("dibuka", "")),
                   "pertimbangan_ditutup": str(row.get("ditutup", "")),
                   "jangka_waktu": item.jangka_waktu, "tanggal_uji": item.tanggal_uji}  # fmt: skip
            items.append(PastItem(f"{self.tahun}-{item.id}", item.id, item.id.rpartition("-")[0],
                                  isian, uji, item.status_arsip, item.hasil,
                                  no_dik=str(number)))  # fmt: skip
        return tuple(items)

    def numbered(self, number: str) -> "Snapshot":
        """The same list with the decision number written on it by hand."""
        return replace(self, keputusan=replace(self.keputusan, nomor=number))

    def numbered_dip(self, number: str) -> "Snapshot":
        """The same lists with the DIP's number written on it by hand."""
        assert self.penetapan_dip is not None
        return replace(self, penetapan_dip=replace(self.penetapan_dip, nomor=number))

    def as_json(self) -> dict[str, Any]:
        data = {
            "format": FORMAT,
            "instansi": dict(self.instansi),
            "tahun": self.tahun,
            "keputusan": decision_json(self.keputusan),
            **{
                key: {
                    "kolom": [asdict(column) for column in printed.columns],
                    "baris": [
                        {**row, "id": item} if item else row
                        for row, item in zip(printed.rows, _padded(printed), strict=True)
                    ],
                    "peraturan": [{"singkatan": s, "judul": t} for s, t in printed.laws],
                }
                for key, printed in self.lists.items()
            },
            "butir": [asdict(item) for item in self.butir],
            "inventaris": items_json(self.inventaris),
            "lembar_uji": {"nomor": self.lembar_uji[0], "tanggal": self.lembar_uji[1]},
            "keputusan_lalu": [decision.as_json() for decision in self.keputusan_lalu],
            "perubahan": [change.as_json() for change in self.perubahan],
        }
        if self.penetapan_dip is not None:
            data["penetapan_dip"] = decision_json(self.penetapan_dip)
        return data

    def write(self, target: Path) -> Path:
        data = self.as_json()

        def write(path: Path) -> None:  # streamed: the text is never held whole
            with path.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1)

        return write_atomically(target, write)


def item_identifier(office: str, since: int, item: str) -> str:
    """The identifier an item is published under, the same in every year it is listed.

    A name-based UUID (RFC 4122, version 5, in ITEM_NAMESPACE) of "<office code>/<year the item
    was first listed>/<its ID that year>": derived, never stored or allocated, and revealing
    neither the ID nor the office's internal numbering. It stays the same from year to year as
    long as it is given the item's first year and first ID; an item carried into a later round
    under a new ID keeps its identifier only when the caller passes the year and ID it was first
    listed under, not those of the current round.
    """
    return str(uuid.uuid5(ITEM_NAMESPACE, f"{office}/{since}/{item}"))


def _padded(printed: PrintedList) -> tuple[str, ...]:
    return printed.ids or ("",) * len(printed.rows)


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "nomor": decision.nomor,
        "tanggal": decision.tanggal.isoformat(),
        "penanda_tangan": asdict(decision.penanda_tangan),
    }


def read_snapshot(path: Path) -> Snapshot:
    """The snapshot in `path`; SnapshotError names what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise SnapshotError(
            f"Data penetapan {path.name} tidak terbaca; jalankan ulang `tetapkan` agar datanya "
            "dibuat kembali."
        ) from error
    return parse_snapshot(data)


def parse_snapshot(data: object) -> Snapshot:
    found = data.get("format") if isinstance(data, dict) else None
    if found != FORMAT:
        raise SnapshotError(
            f"Data penetapan berformat {found!r} tidak dikenal (yang dikenal: {FORMAT}); "
            "terbitkan dengan versi alat yang membuatnya."
        )
    assert isinstance(data, dict)
    try:
        office = data["instansi"]
        public = data.get("penetapan_dip")
        return Snapshot(
            instansi={"nama": str(office["nama"])}
            | {key: str(office[key]) for key in OFFICE_KEYS if key in office},
            tahun=_year(data["tahun"]),
            keputusan=_decision(data["keputusan"]),
            dik=_list("dik", data["dik"]),
            dip=_list("dip", data["dip"]),
            butir=tuple(_item(entry) for entry in data.get("butir", ())),
            penetapan_dip=_decision(public) if public is not None else None,
            inventaris=parse_items(data.get("inventaris") or None),
            lembar_uji=_sheet(data.get("lembar_uji") or {}),
            keputusan_lalu=tuple(
                parse_decision(entry) for entry in data.get("keputusan_lalu") or ()
            ),
            perubahan=tuple(_change(entry) for entry in data.get("perubahan") or ()),
        )
    except (_Malformed, KeyError, TypeError, AttributeError, ValueError) as error:
        raise SnapshotError(
            f"Data penetapan tidak lengkap atau rusak ({_describe(error)}); "
            "jalankan ulang `tetapkan` agar datanya dibuat kembali."
        ) from error


class _Malformed(Exception):
    """What is wrong with a snapshot, in the words the user is shown."""


def _year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Malformed(f"tahun {value!r} bukan angka")
    return value


def _decision_date(value: object) -> date:
    try:
        if isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise _Malformed(f"tanggal keputusan {value!r} bukan TTTT-BB-HH")


def _decision(decision: Mapping[str, Any]) -> Decision:
    signer = decision.get("penanda_tangan") or {}
    return Decision(
        nomor=str(decision["nomor"]),
        tanggal=_decision_date(decision["tanggal"]),
        penanda_tangan=Signer(*(str(signer.get(key, "")) for key in ("jabatan", "nama", "nip"))),
    )


def _list(key: str, data: Mapping[str, Any]) -> PrintedList:
    columns = tuple(ListColumn(str(c["kunci"]), str(c["judul"])) for c in data["kolom"])
    keys = PrintedList(key, columns, ()).keys
    rows, ids = [], []
    for number, row in enumerate(data["baris"], 1):
        missing = [name for name in keys if name not in row]
        if missing:
            raise _Malformed(f"baris {number} {key.upper()} tanpa {', '.join(missing)}")
        if "pasal17" in EXTRA[key] and not isinstance(row["pasal17"], list):
            raise _Malformed(f"pasal17 baris {number} {key.upper()} bukan daftar")
        kept = {name: row[name] for name in keys}
        if key == "dik":
            given = row.get("rujukan")
            kept["rujukan"] = (
                given if isinstance(given, list) else references_data(str(row.get(BASIS, "")))
            )
        rows.append(kept)
        ids.append(str(row.get("id") or ""))
    laws = tuple(
        (str(entry["singkatan"]), str(entry["judul"])) for entry in data.get("peraturan", ())
    )
    return PrintedList(
        key, columns, tuple(rows), tuple(ids) if any(ids) else (), laws or _laws_of(rows, key)
    )


BASIS = "dasar_hukum"  # the DIK's printed legal basis, from which an older file's rujukan is read


def _laws_of(rows: list[dict[str, Any]], key: str) -> tuple[tuple[str, str], ...]:
    """An older file's key of laws: the laws its rows print, titled from the shipped register."""
    from pipeline.kit.laws import load_register

    register = load_register()
    column = BASIS if key == "dik" else "dasar_dibuka"
    found = {r.law: r for row in rows for r in parse(str(row.get(column, ""))).references}
    ranked = sorted(found, key=lambda law: law.rank)
    return tuple((law.short, register.full_title(law, found[law].title)) for law in ranked)


def _sheet(entry: Mapping[str, Any]) -> tuple[str, str]:
    return str(entry.get("nomor") or ""), str(entry.get("tanggal") or "")


def _change(entry: Mapping[str, Any]) -> Change:
    change = Change(*(str(entry.get(key) or "") for key in
                      ("jenis", "kunci", "id", "judul", "bidang", "no", "keterangan")))  # fmt: skip
    if change.jenis not in KINDS:
        raise _Malformed(f"jenis perubahan {change.jenis!r} tidak dikenal")
    return change


def _item(entry: Mapping[str, Any]) -> Item:
    return Item(*(str(entry.get(f.name) or "") for f in fields(Item)))


def _describe(error: Exception) -> str:
    """Our own sentence, or which key was missing; never the English text of a library error."""
    if isinstance(error, _Malformed | Malformed):
        return str(error)
    if isinstance(error, KeyError):
        return f"tanpa {error.args[0]!r}"
    return "susunan datanya tidak sesuai"
