"""instansi.toml: the office, its people and bidang, and the round's dates and numbers."""

import json
import re
import string
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.kit.dates import ROMAN_MONTHS
from pipeline.kit.errors import ConfigError
from pipeline.kit.resources import TEMPLATES
from pipeline.kit.text import clean_text

ROLES = {
    "kepala": "Kepala Dinas (Atasan PPID)",
    "ppid": "Ketua PPID / PPID Pelaksana",
    "ppid_pembantu": "PPID Pembantu",
}

OFFICE_JRA = "jra_kantor.csv"  # where the jra command installs an office's own JRA


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
    warnings: tuple[str, ...] = ()  # worth fixing, but the round can go on (e.g. a NIP's shape)
    placeholders: tuple[str, ...] = ()  # keys still holding init's <<...>> markers

    def require_filled(self) -> None:
        """Refuse a document while init's placeholders remain: it would print them."""
        if self.placeholders:
            raise ConfigError(
                f"{self.path.name}: isian {self.placeholders[0]} masih berisi tanda <<...>> dari "
                f"init; ganti dengan data kantor Anda ({len(self.placeholders)} isian belum "
                "diganti)."
            )

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
    """The round's config, every value type- and range-checked; a fault is one sentence
    naming the key (or the line) and the fix."""
    if not path.is_file():
        raise ConfigError(f"{path} tidak ditemukan; buat folder kerja dengan init.")
    try:
        raw = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path.name} tidak tersimpan sebagai UTF-8; buka di Notepad, pilih Simpan Sebagai "
            "dengan Encoding UTF-8, lalu ulangi."
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path.name}: {_toml_error(str(error))}") from error
    return _parse(path, raw)


_TOML_REASONS = {
    "Illegal character": "ada karakter yang tidak boleh ada di situ (tanda kutip belum ditutup?)",
    "Unclosed": "tanda kutip atau kurung belum ditutup",
    "Expected '=' after a key": "setelah nama isian harus ada tanda =",
    "Cannot declare": "bagian [..] ini ditulis dua kali",
    "Cannot overwrite a value": "isian yang sama ditulis dua kali",
    "Invalid value": "nilai tidak sah: teks di antara tanda kutip, tanggal TTTT-BB-HH, angka "
    "tanpa tanda kutip",
    "Invalid date": "tanggal tidak sah; tulis TTTT-BB-HH",
}


def _toml_error(message: str) -> str:
    """The TOML parser's English, as a sentence with the line to look at."""
    where = re.search(r"at line (\d+), column (\d+)", message)
    reason = next(
        (text for key, text in _TOML_REASONS.items() if message.startswith(key)),
        "penulisan tidak sah",
    )
    line = f"baris {where.group(1)} kolom {where.group(2)}: " if where else ""
    return f"{line}{reason}; perbaiki penulisannya (contoh ada di data/contoh/instansi.toml)."


def _parse(path: Path, raw: dict[str, Any]) -> Config:
    where = path.name
    for section in ("instansi", "pejabat", "nota_dinas", "penetapan", "penomoran", "arsip",
                    "referensi"):  # fmt: skip
        if section in raw and not isinstance(raw[section], dict):
            raise ConfigError(
                f"{where}: '{section}' harus bagian tersendiri yang diawali baris [{section}]; "
                "salin susunannya dari contoh."
            )
    tahun = _require(raw, "tahun", int, where)
    if isinstance(tahun, bool) or not 2000 <= tahun <= 2100:
        raise ConfigError(f"{where}: 'tahun' harus tahun 4 angka tanpa tanda kutip, mis. 2026.")
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
        counter = numbering[name].number
        if not re.fullmatch(r"\d{0,6}", counter) and not PLACEHOLDER.fullmatch(counter):
            raise ConfigError(
                f"{where}: [penomoran.{name}] nomor harus nomor urut dari buku agenda (angka, "
                'mis. 39), atau "" untuk diisi tangan.'
            )
        try:
            _plain_fields(numbering[name].pattern)
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
    if not all(isinstance(line, str) and line.strip() for line in tembusan):
        raise ConfigError(f"{where}: [penetapan] tembusan harus daftar teks, satu per penerima.")
    for key in ("kertas",):
        if office.get(key, "A4").upper() not in {"A4", "F4"}:
            raise ConfigError(f'{where}: [instansi] kertas harus "A4" atau "F4".')
    _check_logo(path, str(office.get("logo", "")).strip(), where)
    jra = str(raw.get("referensi", {}).get("jra", "")).strip()
    if not jra and (path.parent / OFFICE_JRA).is_file():
        jra = OFFICE_JRA  # installed with the jra command: the office's own JRA is in force
    if jra and not (path.parent / jra).is_file():
        raise ConfigError(
            f"{where}: [referensi] jra = '{jra}' bukan berkas di folder kerja; tulis nama berkas "
            'CSV JRA kantor (mis. "jra_kantor.csv"), atau kosongkan untuk tabel bawaan.'
        )
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
        warnings=tuple(_nip_warnings(officials)),
        placeholders=tuple(_placeholders(raw)),
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
        if not isinstance(entry, dict):
            raise ConfigError(
                f"{where}: setiap bidang ditulis sebagai [[bidang]] dengan kode dan nama, mis. "
                'kode = "REHSOS" dan nama = "Bidang Rehabilitasi Sosial".'
            )
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


_ALLOWED_FIELDS = {"kode", "nomor", "instansi", "tahun", "bulan"}
PLACEHOLDER = re.compile(r"<<.*?>>")


def _plain_fields(pattern: str) -> None:
    """Only plain {name} fields: a format spec like {nomor:>400000000} could exhaust memory."""
    for _, field_name, spec, conversion in string.Formatter().parse(pattern):
        if field_name is not None and (field_name not in _ALLOWED_FIELDS or spec or conversion):
            raise ValueError(field_name)


def _check_logo(path: Path, name: str, where: str) -> None:
    if not name:
        return
    logo = path.parent / name
    if not logo.is_file():
        raise ConfigError(
            f"{where}: [instansi] logo = '{name}' tidak ditemukan di folder kerja; salin berkas "
            'lambang ke sana, atau kosongkan (logo = "").'
        )
    with logo.open("rb") as handle:
        head = handle.read(8)
    if not (head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8")):
        raise ConfigError(
            f"{where}: [instansi] logo '{name}' bukan gambar PNG atau JPEG; simpan lambang "
            "sebagai .png atau .jpg."
        )


def _nip_warnings(officials: dict[str, "Official"]) -> list[str]:
    """A NIP that does not have the structure of BKN's 18 digits (§6.2), worth a second look."""
    found = []
    for role, person in officials.items():
        problem = nip_problem(person.nip)
        if problem:
            found.append(
                f"NIP {ROLES[role]} ({person.nip}) {problem}; periksa lagi sebelum dicetak."
            )
    return found


def nip_problem(nip: str) -> str:
    """Why a NIP does not look like one (empty when it does): 18 digits, a birth date, a month
    of appointment after the 18th birthday, 1 or 2 for sex."""
    digits = re.sub(r"[\s.]", "", nip)
    if not digits.isdigit() or len(digits) != 18:
        count = sum(ch.isdigit() for ch in nip)
        return f"terdiri dari {count} angka, bukan 18" if digits.isdigit() else "memuat huruf"
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return "tidak diawali tanggal lahir TTTTBBHH"
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12 or year < born.year + 17:
        return "tidak memuat tahun dan bulan pengangkatan yang masuk akal"
    if digits[14] not in "12":
        return "angka ke-15 (jenis kelamin) harus 1 atau 2"
    return ""


def _placeholders(raw: object, prefix: str = "") -> list[str]:
    """Keys whose value still holds a <<...>> marker, as `[pejabat.kepala] nama`."""
    if isinstance(raw, dict):
        return [k for key, value in raw.items()
                for k in _placeholders(value, f"{prefix}.{key}" if prefix else key)]  # fmt: skip
    if isinstance(raw, list):
        return [k for value in raw for k in _placeholders(value, prefix)]
    if isinstance(raw, str) and PLACEHOLDER.search(raw):
        section, _, key = prefix.rpartition(".")
        return [f"[{section}] {key}" if section else key]
    return []


def scaffold(name: str, bidang: list[str], today: date) -> str:
    """A new workspace's instansi.toml: the shipped one with the office's name and bidang in,
    and <<...>> markers wherever the officer has still to fill something."""
    entries = [_bidang_entry(text) for text in bidang]
    name = _one_line(name)
    return (
        (TEMPLATES / "instansi.toml")
        .read_text(encoding="utf-8")
        .format(
            tahun=today.year,
            hari_ini=today.isoformat(),
            batas_waktu=today + timedelta(days=14),
            sebutan=toml_string(name or "<<Dinas ... Kabupaten ...>>"),
            jabatan_kepala=toml_string(f"Kepala {name or '<<Dinas ... Kabupaten ...>>'}"),
            nama_kop=toml_string(_kop_name(name)),
            pemerintah=toml_string(_government(name)),
            bidang="\n".join(entries) or EXAMPLE_BIDANG,
        )
    )


def _one_line(text: str) -> str:
    """A name typed on the command line, cleaned as any text coming in and on one line."""
    return " ".join(clean_text(text).split())


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, whatever it holds (quotes, backslashes, line breaks)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _kop_name(name: str) -> str:
    """'DINAS KESEHATAN' from 'Dinas Kesehatan Kabupaten Sintang', for the kop."""
    office = re.split(r"\s+(?:Kabupaten|Kota|Provinsi)\s+", name)[0]
    return office.upper() if name else "<<DINAS ...>>"


def _government(name: str) -> str:
    """'PEMERINTAH KABUPATEN SINTANG' from the office's name, when it names the region."""
    region = re.search(r"\b(?:Kabupaten|Kota|Provinsi)\s+.+$", name)
    return f"PEMERINTAH {region.group(0).upper()}" if region else "<<PEMERINTAH KABUPATEN ...>>"


EXAMPLE_BIDANG = """# Satu bagian [[bidang]] per bidang, mis.:
# [[bidang]]
# kode = "SEKRE"
# nama = "Sekretariat"
# kode_arsip = ["000", "800", "900"]
# pejabat = { jabatan = "Sekretaris Dinas", nama = "...", nip = "..." }"""


def _bidang_entry(text: str) -> str:
    """'KESMAS=Bidang Kesehatan Masyarakat' from the command line as a [[bidang]] table."""
    code, _, name = text.partition("=")
    code, name = code.strip().upper(), _one_line(name)
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,11}", code) or not name:
        raise ConfigError(
            f"--bidang '{text}' tidak sah; tulis KODE=Nama Bidang, mis. "
            '--bidang "KESMAS=Bidang Kesehatan Masyarakat" (kode 2-12 huruf besar/angka).'
        )
    usual = "Sekretaris Dinas" if name.casefold().startswith("sekretariat") else f"Kepala {name}"
    title = toml_string(f"<<jabatan, mis. {usual}>>")
    signer = f'{{ jabatan = {title}, nama = "<<nama>>", nip = "<<NIP>>" }}'
    return f'[[bidang]]\nkode = "{code}"\nnama = {toml_string(name)}\npejabat = {signer}\n'
