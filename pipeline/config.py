"""instansi.toml: the office, its people and bidang, and the round's dates and numbers."""

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.dates import ROMAN_MONTHS
from pipeline.errors import ConfigError

ROLES = {
    "kepala": "Kepala Dinas (Atasan PPID)",
    "ppid": "Ketua PPID / PPID Pelaksana",
    "ppid_pembantu": "PPID Pembantu",
}


@dataclass(frozen=True)
class Official:
    jabatan: str
    jabatan_singkat: str
    nama: str
    pangkat: str
    nip: str

    @property
    def named(self) -> str:
        """'YULIANA ERNAWATI, S.E. (PPID Pembantu)': who, as returns and registers name them."""
        return f"{self.nama} ({self.jabatan_singkat})"

    @property
    def nip_text(self) -> str:
        """'19700415 199403 2 006': the NIP grouped as documents print it."""
        digits = re.sub(r"\D", "", self.nip)
        if len(digits) != 18:
            return self.nip
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


@dataclass(frozen=True)
class Bidang:
    kode: str
    nama: str
    archive_prefixes: tuple[str, ...] = ()
    pejabat: Official | None = None  # signs the lembar pengujian for the items it holds

    def uses(self, code: str) -> bool:
        """Whether a classification code is usual for this bidang (all are, when none given)."""
        return not self.archive_prefixes or any(
            code == prefix or code.startswith(prefix + ".") for prefix in self.archive_prefixes
        )


@dataclass(frozen=True)
class Numbering:
    pattern: str
    code: str
    number: str

    def format(self, office_code: str, year: int, month: int) -> str:
        """The letter number; an empty counter leaves room to write the number by hand."""
        return self.pattern.format(
            kode=self.code,
            nomor=self.number or "        ",
            instansi=office_code,
            tahun=year,
            bulan=ROMAN_MONTHS[month - 1],
        )

    def blank(self, office_code: str, day: date) -> str:
        """The number with room for the counter: a letter numbered from the agenda book when
        it is signed."""
        return replace(self, number="").format(office_code, day.year, day.month)


@dataclass(frozen=True)
class Config:
    path: Path
    tahun: int
    tanggal_acuan: date
    office: dict[str, str]
    officials: dict[str, Official]
    bidang: tuple[Bidang, ...]
    nota: dict[str, Any]
    penetapan: dict[str, Any]
    numbering: dict[str, Numbering]
    archive: dict[str, str]
    jra_path: Path | None
    testers: tuple[Official, ...] = ()  # [[lembar_uji.penguji]]: the team beside the PPID
    head_acknowledges: bool = False  # [lembar_uji] mengetahui: the head signs "Mengetahui"
    local_basis: tuple[str, ...] = ()  # [penetapan] mengingat: the office's own legal basis

    @property
    def paper(self) -> str:
        """A4 or F4: the office's paper for documents and printed sheets."""
        return self.office.get("kertas", "A4").upper()

    def bidang_name(self, code: str) -> str:
        return next((b.nama for b in self.bidang if b.kode == code), code)

    def date_of(self, section: dict[str, Any], key: str) -> date:
        """A configured date, or today when the officer left it out."""
        value = section.get(key)
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else date.today()

    def number(self, document: str, day: date) -> str:
        return self.numbering[document].format(self.office["kode"], day.year, day.month)


def load_config(path: Path) -> Config:
    if not path.exists():
        raise ConfigError(
            f"{path} tidak ditemukan; buat folder kerja dengan `make init WS={path.parent}`."
        )
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} tidak dapat dibaca ({error}); perbaiki penulisannya.") from error
    return _parse(path, raw)


def _parse(path: Path, raw: dict[str, Any]) -> Config:
    where = path.name
    tahun = _require(raw, "tahun", int, where)
    tanggal_acuan = _require(raw, "tanggal_acuan", date, where)
    office = _require(raw, "instansi", dict, where)
    for key in ("pemerintah", "nama", "alamat", "sebutan", "kode", "tempat"):
        _require(office, key, str, f"{where} [instansi]")
    people = _require(raw, "pejabat", dict, where)
    officials = {}
    for role, title in ROLES.items():
        entry = _require(people, role, dict, f"{where} [pejabat] ({title})")
        fields = {
            key: str(_require(entry, key, str, f"{where} [pejabat.{role}]"))
            for key in ("jabatan", "nama", "pangkat", "nip")
        }
        officials[role] = Official(
            jabatan_singkat=str(entry.get("jabatan_singkat", fields["jabatan"])), **fields
        )
    bidang = tuple(_parse_bidang(raw.get("bidang"), where))
    numbering = {
        name: Numbering(
            pattern=str(_require(entry, "pola", str, f"{where} [penomoran.{name}]")),
            code=str(entry.get("kode", "")),
            number=str(entry.get("nomor", "")),
        )
        for name, entry in raw.get("penomoran", {}).items()
    }
    for name in ("nota_dinas", "lembar_uji", "keputusan"):
        if name not in numbering:
            raise ConfigError(f"{where}: bagian [penomoran.{name}] belum ada; salin dari contoh.")
        try:
            numbering[name].format("KODE", 2026, 1)
        except (KeyError, ValueError, IndexError) as error:
            raise ConfigError(
                f"{where}: pola [penomoran.{name}] tidak sah ({numbering[name].pattern}); pakai "
                "{kode}, {nomor}, {instansi}, {tahun} dan {bulan}, mis. {kode}/{nomor}/{instansi}."
            ) from error
    tembusan = raw.get("penetapan", {}).get("tembusan", ["Arsip"])
    if not isinstance(tembusan, list):
        raise ConfigError(
            f'{where}: [penetapan] tembusan harus daftar, mis. ["Bupati Kapuas Hulu", "Arsip"].'
        )
    jra = str(raw.get("referensi", {}).get("jra", "")).strip()
    testing = raw.get("lembar_uji", {})
    return Config(
        path=path,
        tahun=tahun,
        tanggal_acuan=tanggal_acuan,
        office={key: str(value) for key, value in office.items()},
        officials=officials,
        bidang=bidang,
        nota=raw.get("nota_dinas", {}),
        penetapan=raw.get("penetapan", {}),
        numbering=numbering,
        archive={key: str(value) for key, value in raw.get("arsip", {}).items()},
        jra_path=(path.parent / jra) if jra else None,
        testers=tuple(
            _person(entry, f"{where} [[lembar_uji.penguji]]")
            for entry in _tables(testing.get("penguji", []), "lembar_uji.penguji", where)
        ),
        head_acknowledges=_flag(testing.get("mengetahui", False), "lembar_uji", where),
        local_basis=_texts(raw.get("penetapan", {}).get("mengingat", []), where),
    )


def _person(entry: dict[str, Any], where: str) -> Official:
    """Someone who signs beside the officials: jabatan and nama required, NIP if a civil servant."""
    jabatan = str(_require(entry, "jabatan", str, where))
    return Official(
        jabatan=jabatan,
        jabatan_singkat=str(entry.get("jabatan_singkat", jabatan)),
        nama=str(_require(entry, "nama", str, where)),
        pangkat=str(entry.get("pangkat", "")),
        nip=str(entry.get("nip", "")),
    )


def _tables(value: object, name: str, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(
            f"{where}: [[{name}]] harus tabel berulang, satu per orang (nama, jabatan)."
        )
    return value


def _flag(value: object, section: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: [{section}] mengetahui harus true atau false.")
    return value


def _texts(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f'{where}: [penetapan] mengingat harus daftar teks, mis. ["Peraturan Bupati ..."].'
        )
    return tuple(v.strip().rstrip(";.") for v in value if v.strip())


def _parse_bidang(entries: object, where: str) -> list[Bidang]:
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{where}: belum ada [[bidang]]; tambahkan satu per bidang (kode, nama).")
    result = []
    for entry in entries:
        code = str(entry.get("kode", "")).strip()
        if not re.fullmatch(r"[A-Z][A-Z0-9]{1,11}", code):
            raise ConfigError(
                f"{where}: kode bidang '{code}' tidak sah; pakai 2-12 huruf besar/angka, "
                "mis. REHSOS."
            )
        prefixes = entry.get("kode_arsip", [])
        if not isinstance(prefixes, list):
            raise ConfigError(f'{where}: kode_arsip bidang {code} harus daftar, mis. ["400.9"].')
        official = entry.get("pejabat")
        if official is not None and not isinstance(official, dict):
            raise ConfigError(
                f"{where}: pejabat bidang {code} harus tabel, mis. "
                '{ jabatan = "Kepala Bidang ...", nama = "...", nip = "..." }.'
            )
        result.append(
            Bidang(
                kode=code,
                nama=str(_require(entry, "nama", str, where)),
                archive_prefixes=tuple(str(prefix) for prefix in prefixes),
                pejabat=_person(official, f"{where} pejabat bidang {code}") if official else None,
            )
        )
    codes = [b.kode for b in result]
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{where}: ada kode bidang yang dipakai dua kali.")
    return result


def _require(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key)
    if value is None or (kind is str and not str(value).strip()):
        raise ConfigError(f"{where}: isian '{key}' belum diisi.")
    if kind is date and (not isinstance(value, date) or isinstance(value, datetime)):
        raise ConfigError(f"{where}: '{key}' harus tanggal bertulis TTTT-BB-HH, mis. 2026-02-16.")
    if kind is not date and not isinstance(value, kind):
        if kind is str and isinstance(value, int | float):
            return str(value)
        raise ConfigError(f"{where}: isian '{key}' tidak sah ({value!r}).")
    return value
