"""What each document of the round says: the template variables, from the config and the lists.

The drawing is render's job; the rows come from listing, so every document prints the same
words for the same item. Dates come from the record (the sheets people filled); instansi.toml
only supplies a date the record does not have.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.kit.citations import Law, Reference, parse
from pipeline.kit.config import Config, Official, outranks
from pipeline.kit.dates import count, date_in_words, long_date
from pipeline.kit.laws import Register
from pipeline.kit.render import Picture
from pipeline.stages.s1_previous import KINDS, Change, PastDecision
from pipeline.stages.s3f_listing import Row

LOGO_HEIGHT_MM = 20
SIGNERS_PER_ROW = 4  # participants' signatures on the lembar, side by side (landscape)
PAPER_WIDTH_CM = {"A4": 21.0, "F4": 21.5}
KOP_MARGINS_CM = 5.0  # left + right margin of a portrait page
KOP_CONTACT_PT = 9.0  # the contact line at this size when it fits on one line, else smaller
RETURNED_BY = {"langkah4": "ppid_pembantu", "langkah5": "kepala"}  # who returns at which step
# The laws the decision itself rests on (its Mengingat); their titles come from the register of
# laws, their order from the hierarchy of laws.
MENGINGAT = tuple(
    reference.law
    for reference in parse(
        "UU 14/2008; UU 43/2009; UU 23/2014; UU 27/2022; PP 61/2010; Perki 1/2017; "
        "Perki 1/2021; Permendagri 3/2017"
    ).references
)


@dataclass(frozen=True)
class Dates:
    """The round's dates as the record gives them."""

    tests: Sequence[date]  # the days the test was held, in order (at least one)
    decision: date  # the signed decision (step 5)

    @property
    def tested(self) -> date:
        """The day the test ended: the lembar and the Menimbang are dated by it."""
        return self.tests[-1]


def nota_context(config: Config) -> dict[str, Any]:
    """SOP step 2: the Nota Dinas ordering PPID staff to work with the bidang."""
    nota = config.nota
    day = config.date_of(nota, "tanggal")
    signer = config.officials["ppid"]
    return _common(config) | {
        "nota": {
            "kepada": nota.get("kepada", "Staf Pengelola Informasi dan Dokumentasi"),
            "dari": signer.jabatan,
            "tembusan": config.officials["kepala"].jabatan,
            "tanggal": long_date(day),
            "nomor": config.number("nota_dinas", day),
            "sifat": nota.get("sifat", "Biasa"),
            "lampiran": nota.get("lampiran", "1 (satu) berkas"),
            "hal": nota.get(
                "hal", f"Pendokumentasian Informasi yang Dikecualikan Tahun {config.tahun}"
            ),
            "batas_waktu": long_date(config.date_of(nota, "batas_waktu")),
        },
        "bidang": [{"no": i, "nama": b.nama} for i, b in enumerate(config.bidang, 1)],
        # SOP step 2 orders the PPID's staff by name: the testing team of [[lembar_uji.penguji]]
        "staf": [_staff(number, person) for number, person in enumerate(config.testers, 1)],
        "penanda_tangan": _signer(signer, signer.jabatan_singkat),
    }


def _staff(number: int, person: Official) -> dict[str, str]:
    return {"no": str(number), "nama": person.nama, "nip": person.nip_text,
            "pangkat": person.pangkat, "jabatan": person.jabatan}  # fmt: skip


def draft_context(rows: list[Row], config: Config, dates: Dates) -> dict[str, Any]:
    """SOP step 3's draft lists (DIK or DIP), for the reviewers, dated when the test ended."""
    return _common(config) | {
        "kelompok": groups(rows),
        "kunci_uu": _in_columns(law_key(rows), 2),
        "jumlah": count(len(rows)),
        "tanggal": long_date(dates.tested),
        "penyusun": _signer(config.officials["ppid"], config.officials["ppid"].jabatan),
    }


def test_sheet_context(rows: list[Row], config: Config, dates: Dates) -> dict[str, Any]:
    """The lembar pengujian konsekuensi: every item tested and everyone who took part."""
    first, last = dates.tests[0], dates.tested
    opening = (
        f"Pada hari ini, {date_in_words(last)}, bertempat di {config.office['tempat']}, telah "
        + (
            "dilakukan Pengujian Konsekuensi"
            if first == last
            else f"diselesaikan Pengujian Konsekuensi yang dilaksanakan sejak tanggal "
            f"{long_date(first)}"
        )
        + f" terhadap Informasi Publik di lingkungan {config.office['sebutan']} sebagaimana "
        "disebutkan pada tabel di bawah ini:"
    )
    head = config.officials["kepala"]
    acknowledging = _participant(head, "Mengetahui,") if config.head_acknowledges else None
    return _common(config) | {
        "lembar": {"nomor": config.number("lembar_uji", last), "pembuka": opening},
        "kelompok": groups(rows),
        "kunci_uu": _in_columns(law_key(rows), 2),
        "peserta_baris": _signing_rows(
            [_participant(p) for p in participants(config, rows)], acknowledging
        ),
    }


def participants(config: Config, rows: list[Row]) -> list[Official | str]:
    """Who signs the lembar: the PPID, the testing team, and the official of every bidang whose
    items were tested (a bidang without one in instansi.toml: its name, to sign by hand)."""
    listed = {row["bidang"] for row in rows}
    people: list[Official | str] = [config.officials["ppid"], *config.testers]
    for bidang in config.bidang:
        if bidang.nama in listed:
            people.append(bidang.pejabat or bidang.nama)
    seen: set[str] = set()
    unique = []
    for person in people:
        key = person.nama if isinstance(person, Official) else person
        if key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def unnamed_signers(config: Config, rows: list[Row]) -> list[str]:
    """Bidang whose items were tested but whose official instansi.toml does not name."""
    return [p for p in participants(config, rows) if isinstance(p, str)]


@dataclass(frozen=True)
class Revocation:
    """The decision the new one replaces, what it changes in that list, and whether the tests
    on which that decision rests still stand for items that did not change."""

    revoked: PastDecision
    changes: Sequence[Change]
    carried: bool = False

    @property
    def carried_tests(self) -> str:
        """The Menimbang's words for the tests carried from the revoked decision."""
        if not self.carried:
            return ""
        revoked = self.revoked
        sheet = f"dalam Lembar Pengujian Konsekuensi Nomor {revoked.lembar} yang menjadi dasar"
        return (f", serta {sheet if revoked.lembar else 'pengujian yang menjadi dasar'} "
                f"{revoked.cited} bagi informasi yang tidak berubah")  # fmt: skip


def mengingat(laws: Register, own: Sequence[str]) -> list[str]:
    """The decision's Mengingat: the national laws it rests on and the office's own bases, in
    the order of the hierarchy of laws and then by year; a law cited with its amendments
    ('sebagaimana telah diubah ...'); a national law the office also wrote down cited once."""
    entries = [(law.rank, _with_amendments(laws, law)) for law in MENGINGAT]
    for position, text in enumerate(own):
        cited = parse(text).references
        if cited and cited[0].law in MENGINGAT:
            continue  # already cited, in the register's words
        unread = (len(entries) + 99, 9999, position, "")  # kept as written, after the rest
        entries.append((cited[0].law.rank if cited else unread, text))
    return [text for _, text in sorted(entries, key=lambda entry: entry[0])]


def _with_amendments(laws: Register, law: Law) -> str:
    """'Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa
    kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang ...'."""
    entry = laws.get(law)
    amendments = sorted(entry.amended_by, key=lambda other: other.rank) if entry else []
    title = laws.full_title(law)
    if not amendments:
        return title
    how = (
        "telah diubah dengan"
        if len(amendments) == 1
        else "telah beberapa kali diubah, terakhir dengan"
    )
    return f"{title} sebagaimana {how} {laws.full_title(amendments[-1])}"


def decision_context(
    rows: list[Row],
    config: Config,
    dates: Dates,
    laws: Register,
    revocation: Revocation | None = None,
) -> dict[str, Any]:
    """The decision with the DIK as its annex, for the head of office to sign; when it
    replaces an earlier one, it revokes it and a second annex lists what changed."""
    head, ppid = config.officials["kepala"], config.officials["ppid"]
    first, last = dates.tests[0], dates.tested
    when = (
        f"pada tanggal {long_date(last)}"
        if first == last
        else f"yang diselesaikan pada tanggal {long_date(last)}"
    )
    return _common(config) | {
        "keputusan": {
            "nomor": config.number("keputusan", dates.decision),
            "tanggal": long_date(dates.decision),
            "penetap": head.jabatan_singkat,  # the running head of each page: short
            "waktu_uji": when,
            # inside a sentence: a number left blank to be written by hand must not break
            "nomor_lembar_uji": _unbroken(config.number("lembar_uji", last)),
            "uji_lalu": revocation.carried_tests if revocation else "",
        },
        "lampiran": "Lampiran I" if revocation else "Lampiran",
        "lampiran_judul": "LAMPIRAN I" if revocation else "LAMPIRAN",
        "diktum_berlaku": "KELIMA" if revocation else "KEEMPAT",
        "pencabutan": _revoking(revocation),
        "perubahan": _changes(revocation),
        "ppid": _signer(ppid, ppid.jabatan) | {"nip": _unbroken(ppid.nip_text)},
        "mengingat": mengingat(laws, config.local_basis),
        "kelompok": groups(rows),
        "kunci_uu": _in_columns(law_key(rows), 2),
        "jumlah": count(len(rows)),
        "penanda_tangan": _signer(head, head.jabatan.upper()),
        "tembusan": [str(line) for line in config.penetapan.get("tembusan", ["Arsip"])],
    }


def public_context(rows: list[Row], config: Config, dates: Dates) -> dict[str, Any]:
    """The DIP for signature: set by the PPID (or whoever [daftar_publik] names), dated with
    the decision on the DIK, since both lists come out of the same test and review."""
    signer = config.officials[config.public_signer]
    numbering = config.numbering.get("daftar_publik")
    day = dates.decision
    return _common(config) | {
        "dip": {
            "nomor": numbering.format(config.office["kode"], day.year, day.month)
            if numbering
            else "",
            "tanggal": long_date(day),
        },
        "kelompok": groups(rows),
        "kunci_uu": _in_columns(law_key(rows), 2),
        "jumlah": count(len(rows)),
        "penanda_tangan": _signer(signer, signer.jabatan),
    }


def _revoking(revocation: Revocation | None) -> dict[str, Any]:
    if revocation is None:
        return {"ada": False, "jabatan": "", "nomor": "", "tanggal": "", "tahun": ""}
    revoked = revocation.revoked
    return {
        "ada": True,
        "jabatan": revoked.jabatan,
        "nomor": revoked.nomor,
        "tanggal": long_date(revoked.tanggal),
        "tahun": str(revoked.tahun),
    }


def _changes(revocation: Revocation | None) -> dict[str, Any]:
    """The annex of changes: the items grouped by how they changed, each group headed by its
    kind and count, and the counts in one sentence."""
    if revocation is None:
        return {"kelompok": [], "ringkasan": ""}
    listed = list(revocation.changes)
    rows: list[Row] = []
    for kind in KINDS:
        mine = [change for change in listed if change.jenis == kind]
        heading = f"{kind} ({count(len(mine), 'informasi')})"
        for change in mine:
            rows.append(
                {
                    "no": str(len(rows) + 1),
                    "id": change.id,
                    "informasi": change.judul,
                    "bidang": heading,
                    "unit": change.bidang,
                    "no_lampiran": change.no or "-",
                    "keterangan": change.keterangan,
                }
            )
    counts = [f"{count(sum(c.jenis == kind for c in listed))} {kind.lower()}" for kind in KINDS]
    return {"kelompok": groups(rows), "ringkasan": ", ".join(counts[:-1]) + " dan " + counts[-1]}


def return_letters(history: Sequence[Mapping[str, Any]], config: Config) -> dict[str, Any]:
    """One Nota Dinas per return of the record (riwayat_pengembalian.csv), keyed by the name of
    its file: each step's latest return is pengembalian_langkah4 / _langkah5, an earlier one
    carries its date (pengembalian_langkah4_2026-02-19). Made from the record, every letter
    can be made again, after the list is approved as before."""
    events: dict[tuple[str, date], list[Mapping[str, Any]]] = {}
    for entry in history:
        events.setdefault((str(entry["langkah"]), entry["tanggal"]), []).append(entry)
    latest = {step: max(day for s, day in events if s == step) for step, _ in events}
    return {
        (f"pengembalian_{step}" if day == latest[step] else f"pengembalian_{step}_{day}"):
        _return_letter(step, day, entries, config)
        for (step, day), entries in sorted(events.items())
    }  # fmt: skip


def _return_letter(
    step: str, day: date, entries: list[Mapping[str, Any]], config: Config
) -> dict[str, Any]:
    """A return as its official writes it: to the Ketua PPID, up or down the ranks as their
    pangkat are, signed with the jabatan."""
    official = config.officials[RETURNED_BY[step]]
    ppid = config.officials["ppid"]
    numbering = f"pengembalian_{step}"
    letter_number = (
        config.number(numbering, day)
        if numbering in config.numbering
        else config.numbering["nota_dinas"].blank(config.office["kode"], day)
    )
    rows = [
        {"no": str(number), "id": entry["id"], "informasi": entry["judul"],
         "catatan": entry["catatan"]}
        for number, entry in enumerate(entries, 1)
    ]  # fmt: skip
    upward = step == "langkah4" and not outranks(official, ppid)
    wording = _upward(config, ppid, len(rows)) if upward else _downward(config, step, len(rows))
    return _common(config) | {
        "nota": {
            "kepada": ppid.jabatan,
            "dari": official.jabatan,
            "tembusan": config.officials["ppid_pembantu"].jabatan if step == "langkah5" else "",
            "tanggal": long_date(day),
            "nomor": letter_number,
            "sifat": "Segera",
            "lampiran": "1 (satu) berkas konsep",
            "hal": f"Pengembalian {DRAFTS} Tahun {config.tahun}",
        },
        "surat": wording,
        "kelompok": groups(rows),
        "jumlah": count(len(rows)),
        "penanda_tangan": _signer(official, official.jabatan),
    }


DRAFTS = "Konsep Daftar Informasi yang Dikecualikan dan Daftar Informasi Publik"  # reviewed as one


def _draft(config: Config) -> str:
    return f"{DRAFTS} {config.office['sebutan']} Tahun {config.tahun}"


def _upward(config: Config, superior: Official, returned: int) -> dict[str, str]:
    """To a superior: reported and asked, not ordered."""
    title = superior.address
    return {
        "pembuka": (
            f"Dengan hormat, bersama ini kami sampaikan bahwa berdasarkan hasil pemeriksaan atas "
            f"{_draft(config)} sesuai langkah 4 Standar Operasional Prosedur Pendokumentasian "
            f"Informasi yang Dikecualikan, terdapat {count(returned, 'informasi')} yang perlu "
            "diperbaiki sebelum konsep tersebut dapat diteruskan kepada Atasan PPID, dengan "
            "catatan sebagai berikut:"
        ),
        "penutup": (
            f"Kami mohon kiranya {title} berkenan memerintahkan perbaikan atas informasi tersebut "
            "dan menyampaikan kembali konsep yang telah diperbaiki untuk kami periksa. Demikian "
            f"kami sampaikan, atas perhatian {title} kami ucapkan terima kasih."
        ),
    }


def _downward(config: Config, step: str, returned: int) -> dict[str, str]:
    """To a subordinate or a peer: the draft is returned to be corrected."""
    number = step.removeprefix("langkah")
    return {
        "pembuka": (
            f"Berdasarkan hasil pemeriksaan atas {_draft(config)} sesuai langkah {number} "
            "Standar Operasional Prosedur Pendokumentasian Informasi yang Dikecualikan, konsep "
            f"tersebut dikembalikan kepada Saudara untuk diperbaiki. Sebanyak "
            f"{count(returned, 'informasi')} dikembalikan dengan catatan sebagai berikut:"
        ),
        "penutup": (
            "Setelah diperbaiki, konsep agar disampaikan kembali untuk diperiksa sesuai langkah 4 "
            "dan 5 Standar Operasional Prosedur. Demikian disampaikan untuk dilaksanakan."
        ),
    }


def groups(rows: list[Row]) -> list[dict[str, Any]]:
    """The rows of a list by group (a bidang; on the lembar, also the part not exempted), each
    group printed as a table whose header and heading repeat on every page it runs over; each
    row a block that never splits, opened by its sub-heading (`bagian`, a bidang within a part)
    where one begins; the last block carries what closes the list (total, date, signature)."""
    result: list[dict[str, Any]] = []
    part = None
    for row in rows:
        heading = row.get("kelompok", row.get("bidang", ""))
        if not result or result[-1]["judul"] != heading:
            result.append({"judul": heading, "blok": []})
            part = None
        sub = row.get("bagian", "")
        result[-1]["blok"].append({"kelompok": sub if sub != part else "", "butir": [row],
                                   "akhir": False})  # fmt: skip
        part = sub
    if result:
        result[-1]["blok"][-1]["akhir"] = True
    return result


def _participant(person: Official | str, opening: str = "") -> dict[str, str]:
    """A place in the lembar's signature grid: who signs, and what precedes (Mengetahui)."""
    if isinstance(person, str):  # a bidang whose official is not in instansi.toml
        return {"pengantar": opening, "jabatan": f"Pejabat {person},",
                "nama": "(" + "." * 30 + ")", "pangkat": "", "nip": "NIP."}  # fmt: skip
    return {
        "pengantar": opening,
        "jabatan": f"{person.jabatan},",
        "nama": person.nama,
        "pangkat": person.pangkat,
        "nip": f"NIP. {person.nip_text}" if person.nip.strip() else "",
    }


def _signing_rows(
    people: list[dict[str, str]], acknowledging: dict[str, str] | None
) -> list[list[dict[str, str]]]:
    """The participants in rows of SIGNERS_PER_ROW; the head's "Mengetahui" takes the last
    place of the last row, or the middle of a row of its own when that row is full."""
    empty = {"pengantar": "", "jabatan": "", "nama": "", "pangkat": "", "nip": ""}
    size = SIGNERS_PER_ROW
    rows = [people[i : i + size] for i in range(0, len(people), size)]
    for row in rows:
        row.extend([empty] * (size - len(row)))
    if acknowledging is not None:
        if rows and rows[-1][-1] is empty:
            rows[-1][-1] = acknowledging
        else:
            rows.append([empty] * size)
            rows[-1][size // 2] = acknowledging
    return rows


def _in_columns(lines: list[str], columns: int) -> list[list[str]]:
    """Lines read down the first column, then the next: as rows of `columns` cells."""
    height = -(-len(lines) // columns)
    padded = lines + [""] * (height * columns - len(lines))
    return [[padded[c * height + r] for c in range(columns)] for r in range(height)]


def _unbroken(text: str) -> str:
    """A number that must not break over two lines (a NIP inside a sentence)."""
    return text.replace(" ", "\u00a0")


def _common(config: Config) -> dict[str, Any]:
    logo_name = config.office.get("logo", "").strip()
    logo_path = config.path.parent / logo_name if logo_name else None
    logo: Picture | str = ""
    if logo_path and logo_path.is_file():
        logo = Picture(logo_path, LOGO_HEIGHT_MM)
    contact = _unbroken_parts(config.office.get("kontak", ""))
    return {
        "kop": {
            "pemerintah": config.office["pemerintah"],
            "instansi": config.office["nama"],
            "alamat": config.office["alamat"],
            "kontak": contact,
            "kontak_kecil": not _fits(contact, KOP_CONTACT_PT, _text_width(config)),
            "logo": logo,
        },
        "instansi": config.office["sebutan"],
        "tempat": config.office["tempat"],
        "tahun": str(config.tahun),
    }


def _unbroken_parts(contact: str) -> str:
    """'Telepon (0567) 21034, Pos-el a@b.go.id': a line may break between its parts, never
    inside one (non-breaking spaces within each part)."""
    return ", ".join(_unbroken(part.strip()) for part in contact.split(","))


def _text_width(config: Config) -> float:
    return PAPER_WIDTH_CM.get(config.paper, PAPER_WIDTH_CM["A4"]) - KOP_MARGINS_CM


def _fits(text: str, points: float, width_cm: float) -> bool:
    """Whether a line of Arial fits the width; half an em a character is a safe average."""
    return len(text) * 0.5 * points / 72 * 2.54 <= width_cm


def _signer(person: Official, title: str) -> dict[str, str]:
    return {
        "jabatan": title,
        "nama": person.nama,
        "pangkat": person.pangkat,
        "nip": person.nip_text,
    }


def law_key(rows: list[Row]) -> list[str]:
    """'UU 14/2008: Undang-Undang Nomor 14 Tahun 2008 tentang ...' for each law the rows cite,
    once, in the order of the hierarchy of laws, then by year and number."""
    return [f"{short}: {title}" for short, title in law_titles(rows)]


def law_titles(rows: Sequence[Row]) -> list[tuple[str, str]]:
    """(short, full title) of each law the rows cite, once, in the order of the laws: read
    from the titles each row keeps (s3f_listing.cited_laws), so the key under a table names
    exactly the laws the table prints."""
    found: dict[str, str] = {}
    for row in rows:
        for line in filter(None, row.get("uu", "").split("\n")):
            short, _, title = line.partition("\t")
            if len(title) > len(found.get(short, "")):
                found[short] = title
    return [(short, found[short]) for short in sorted(found, key=_rank)]


def _rank(short: str) -> tuple[int, int, int, str]:
    [reference] = parse(short).references or [Reference(Law("UU", "0", 0))]
    return reference.law.rank
