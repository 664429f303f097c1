"""The register of laws: each law's full title and whether it is still in force, amended (by
which) or revoked (by which), with where that was read.

Shipped in data/referensi/peraturan.csv; an office adds or corrects entries in its workspace
(peraturan_kantor.csv, the same columns), which take precedence over the shipped ones.
"""

from dataclasses import dataclass
from pathlib import Path

from pipeline.kit.citations import Law, parse
from pipeline.kit.errors import ConfigError
from pipeline.kit.guarded import csv_table
from pipeline.kit.resources import REFERENCE

COLUMNS = ["jenis", "nomor", "tahun", "judul", "status", "diubah_oleh", "dicabut_oleh",
           "sumber", "kepastian"]  # fmt: skip
IN_FORCE, REVOKED = "berlaku", "dicabut"


@dataclass(frozen=True)
class Entry:
    law: Law
    title: str  # what follows 'tentang'
    revoked_by: tuple[Law, ...]
    amended_by: tuple[Law, ...]
    source: str
    certain: bool  # false: recorded from knowledge, to be checked against the official text

    @property
    def revoked(self) -> bool:
        return bool(self.revoked_by)


@dataclass(frozen=True)
class Register:
    entries: dict[Law, Entry]

    def get(self, law: Law) -> Entry | None:
        return self.entries.get(law)

    def full_title(self, law: Law, written: str = "") -> str:
        """'Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik': the
        register's title, else the one written in the citation, else the name alone."""
        entry = self.entries.get(law)
        title = entry.title if entry else written
        return f"{law.full_name} tentang {title}" if title else law.full_name

    def amends(self, one: Law, other: Law) -> bool:
        """Whether one of the two laws amends the other (a chain 'UU 23/2006 jo. UU 24/2013')."""
        return any(
            entry is not None and law in entry.amended_by
            for entry, law in ((self.get(one), other), (self.get(other), one))
        )


def load_register(office: Path | None = None) -> Register:
    """The shipped register, with the office's own entries over it."""
    entries = _read(REFERENCE / "peraturan.csv")
    if office is not None:
        entries |= _read(office)
    return Register(entries)


def _read(path: Path) -> dict[Law, Entry]:
    """A register file, read through the guarded reader: an office's file is hostile input."""
    like = "(kolomnya seperti data/referensi/peraturan.csv)"
    header, *records = csv_table(path, "Daftar peraturan", like) or [[]]
    rows = [dict(zip(header, record, strict=False)) for record in records]
    entries = {}
    for number, row in enumerate(rows, start=2):
        missing = [c for c in COLUMNS[:5] if not (row.get(c) or "").strip()]
        status = (row.get("status") or "").strip().lower()
        laws = parse(f"{row.get('jenis', '')} {row.get('nomor', '')}/{row.get('tahun', '')}")
        revoked = _laws(row.get("dicabut_oleh", ""))
        if missing:
            problem = f"kolom {', '.join(missing)} kosong"
        elif status not in (IN_FORCE, REVOKED):
            problem = f"status '{status}' bukan {IN_FORCE} atau {REVOKED}"
        elif len(laws.references) != 1:
            problem = "jenis, nomor dan tahun tidak terbaca sebagai peraturan"
        elif status == REVOKED and not revoked:
            problem = "status dicabut tetapi dicabut_oleh kosong; sebutkan peraturan penggantinya"
        else:
            problem = ""
        if problem:
            raise ConfigError(
                f"Daftar peraturan {path.name} baris {number}: {problem}; perbaiki baris itu "
                "(kolomnya seperti data/referensi/peraturan.csv)."
            )
        law = laws.references[0].law
        entries[law] = Entry(
            law=law,
            title=row["judul"].strip(),
            revoked_by=revoked,
            amended_by=_laws(row.get("diubah_oleh", "")),
            source=(row.get("sumber") or "").strip(),
            certain=(row.get("kepastian") or "").strip().lower() == "yakin",
        )
    return entries


def _laws(text: str | None) -> tuple[Law, ...]:
    return tuple(reference.law for reference in parse(text or "").references)
