"""instansi.toml: the office, its people and bidang, and the round's dates and numbers."""

import json
import re
import string
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.kit.config_keys import check, key_lines
from pipeline.kit.dates import ROMAN_MONTHS
from pipeline.kit.errors import ConfigError
from pipeline.kit.guarded import Refused, read_text
from pipeline.kit.resources import EXAMPLE, TEMPLATES
from pipeline.kit.text import clean_text

ROLES = {
    "kepala": "Kepala Dinas (Atasan PPID)",
    "ppid": "Ketua PPID / PPID Pelaksana",
    "ppid_pembantu": "PPID Pembantu",
}

OFFICE_JRA = "jra_kantor.csv"  # where the jra command installs an office's own JRA
OFFICE_LAWS = "peraturan_kantor.csv"  # an office's additions to the register of laws
OFFICE_SUGGESTIONS = "saran_dasar_hukum.toml"  # an office's additions to the suggestions


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
    def golongan(self) -> tuple[int, str] | None:
        """(4, 'a') from 'Pembina (IV/a)'; None when the pangkat does not say it."""
        found = re.search(r"\b(IV|III|II|I)\s*/\s*([a-e])\b", self.pangkat, re.IGNORECASE)
        if found is None:
            return None
        return ("I", "II", "III", "IV").index(found.group(1).upper()) + 1, found.group(2).lower()

    @property
    def address(self) -> str:
        """How a letter to this person says 'you': Bapak or Ibu by the NIP's 15th digit (1 for
        a man, 2 for a woman), Bapak/Ibu when the NIP does not say."""
        digits = re.sub(r"\D", "", self.nip)
        if len(digits) == 18 and digits[14] in "12":
            return "Bapak" if digits[14] == "1" else "Ibu"
        return "Bapak/Ibu"

    @property
    def nip_text(self) -> str:
        """'19700415 199403 2 006': the NIP grouped as documents print it."""
        digits = re.sub(r"\D", "", self.nip)
        if len(digits) != 18:
            return self.nip
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def outranks(writer: Official, reader: Official) -> bool:
    """Whether `writer` may write down to `reader`: a golongan at least as high. Unknown
    pangkat: no (a letter written up is never wrong)."""
    mine, theirs = writer.golongan, reader.golongan
    return mine is not None and theirs is not None and mine >= theirs


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
    laws_path: Path | None = None  # the office's entries over the register of laws
    suggestions_path: Path | None = None  # the office's entries over the suggestions
    testers: tuple[Official, ...] = ()  # [[lembar_uji.penguji]]: the team beside the PPID
    head_acknowledges: bool = False  # [lembar_uji] mengetahui: the head signs "Mengetahui"
    local_basis: tuple[str, ...] = ()  # [penetapan] mengingat: the office's own legal basis
    public_signer: str = "ppid"  # [daftar_publik] penanda_tangan: who sets the DIP (a ROLES key)
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
    naming the key and its line, and the fix. Text is cleaned at the one boundary for text
    coming in (kit.text.clean_text), as a sheet's cells are: a vertical tab pasted from Word
    into `alamat` would make every document unreadable XML."""
    if not path.is_file():
        raise ConfigError(f"{path} tidak ditemukan; buat folder kerja dengan init.")
    try:
        text = read_text(path)
        raw = tomllib.loads(text)
    except Refused as refused:
        raise ConfigError(str(refused)) from refused
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path.name} tidak tersimpan sebagai UTF-8; buka di Notepad, pilih Simpan Sebagai "
            "dengan Encoding UTF-8, lalu ulangi."
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path.name}: {_toml_error(str(error))}") from error
    except RecursionError as error:  # tomllib recurses once per nested list or table
        raise ConfigError(
            f"{path.name} memuat daftar atau tabel yang bersarang terlalu dalam; tulis setiap "
            "isian seperti contoh di data/contoh/instansi.toml."
        ) from error
    lines = key_lines(text)
    unknown = check(raw, lines, path.name)
    config = _parse(path, _cleaned(raw))
    ignored = tuple(f"{path.name} {key} tidak dikenal dan diabaikan (salah ketik?)."
                    for key in unknown)  # fmt: skip
    return replace(config, warnings=config.warnings + ignored)


def _cleaned(value: Any) -> Any:
    """Every text of the config through clean_text, whatever its depth."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


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
    return f"{line}{reason}; perbaiki penulisannya (contoh: {EXAMPLE / 'instansi.toml'})."


def _parse(path: Path, raw: dict[str, Any]) -> Config:
    """The Config from values whose types config_keys.check has already checked."""
    where = path.name
    tahun = _require(raw, "tahun", where)
    if not 2000 <= tahun <= 2100:
        raise ConfigError(f"{where}: 'tahun' harus tahun 4 angka tanpa tanda kutip, mis. 2026.")
    tanggal_acuan = _require(raw, "tanggal_acuan", where)
    office = _require(raw, "instansi", where)
    for key in ("pemerintah", "nama", "alamat", "sebutan", "kode", "tempat"):
        _require(office, key, f"{where} [instansi]")
    people = _require(raw, "pejabat", where)
    officials = {}
    for role, title in ROLES.items():
        entry = _require(people, role, f"{where} [pejabat] ({title})")
        fields = {
            key: str(_require(entry, key, f"{where} [pejabat.{role}]"))
            for key in ("jabatan", "nama", "pangkat", "nip")
        }
        officials[role] = Official(
            jabatan_singkat=str(entry.get("jabatan_singkat", fields["jabatan"])), **fields
        )
    bidang = tuple(_parse_bidang(raw.get("bidang"), where))
    numbering = {
        name: Numbering(
            pattern=str(_require(entry, "pola", f"{where} [penomoran.{name}]")),
            code=str(entry.get("kode", "")),
            number=str(entry.get("nomor", "")),
        )
        for name, entry in raw.get("penomoran", {}).items()
    }
    for name in ("nota_dinas", "lembar_uji", "keputusan", "daftar_publik"):
        if name not in numbering:
            if name == "daftar_publik":  # optional: a DIP without a number of its own
                continue
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
    if not all(line.strip() for line in tembusan):
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
    laws = str(raw.get("referensi", {}).get("peraturan", "")).strip() or OFFICE_LAWS
    if laws != OFFICE_LAWS and not (path.parent / laws).is_file():
        raise ConfigError(
            f"{where}: [referensi] peraturan = '{laws}' bukan berkas di folder kerja; tulis nama "
            f'berkas CSV peraturan kantor (mis. "{OFFICE_LAWS}"), atau kosongkan.'
        )
    public_signer = str(raw.get("daftar_publik", {}).get("penanda_tangan", "ppid")).strip()
    if public_signer not in ROLES:
        raise ConfigError(
            f"{where}: [daftar_publik] penanda_tangan '{public_signer}' tidak dikenal; tulis salah "
            f"satu dari {', '.join(ROLES)} (pejabat di bagian [pejabat])."
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
        laws_path=(path.parent / laws) if (path.parent / laws).is_file() else None,
        suggestions_path=(path.parent / OFFICE_SUGGESTIONS)
        if (path.parent / OFFICE_SUGGESTIONS).is_file()
        else None,
        warnings=tuple(_nip_warnings(officials)),
        placeholders=tuple(_placeholders(raw)),
        testers=tuple(
            _person(entry, f"{where} [[lembar_uji.penguji]]")
            for entry in testing.get("penguji", [])
        ),
        head_acknowledges=testing.get("mengetahui", False),
        local_basis=tuple(
            line.strip().rstrip(";.")
            for line in raw.get("penetapan", {}).get("mengingat", [])
            if line.strip()
        ),
        public_signer=public_signer,
    )


def _person(entry: dict[str, Any], where: str) -> Official:
    """Someone who signs beside the officials: jabatan and nama required, NIP if a civil servant."""
    jabatan = str(_require(entry, "jabatan", where))
    return Official(
        jabatan=jabatan,
        jabatan_singkat=str(entry.get("jabatan_singkat", jabatan)),
        nama=str(_require(entry, "nama", where)),
        pangkat=str(entry.get("pangkat", "")),
        nip=str(entry.get("nip", "")),
    )


def _parse_bidang(entries: list[dict[str, Any]] | None, where: str) -> list[Bidang]:
    if not entries:
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
        official = entry.get("pejabat")
        result.append(
            Bidang(
                kode=code,
                nama=str(_require(entry, "nama", where)),
                archive_prefixes=tuple(str(prefix) for prefix in prefixes),
                pejabat=_person(official, f"{where} pejabat bidang {code}") if official else None,
            )
        )
    codes = [b.kode for b in result]
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{where}: ada kode bidang yang dipakai dua kali.")
    return result


def _require(table: dict[str, Any], key: str, where: str) -> Any:
    """A key that must be there (its type is checked already)."""
    value = table.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ConfigError(f"{where}: isian '{key}' belum diisi.")
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
    from PIL import Image  # only a config naming a logo needs it

    try:  # the whole file, as Word will read it: a cut or garbled picture is found here
        with Image.open(logo) as picture:
            picture.verify()
    except Exception as error:  # Pillow raises a different type for each fault it finds
        raise ConfigError(
            f"{where}: [instansi] logo '{name}' rusak (gambarnya tidak utuh atau terlalu besar); "
            "simpan ulang lambang dari program gambar sebagai .png atau .jpg."
        ) from error


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
            contoh=EXAMPLE / "instansi.toml",
            tahun=today.year,
            hari_ini=today.isoformat(),
            batas_waktu=today + timedelta(days=14),
            sebutan=toml_string(name or "<<Dinas ... Kabupaten ...>>"),
            jabatan_kepala=toml_string(f"Kepala {name or '<<Dinas ... Kabupaten ...>>'}"),
            nama_kop=toml_string(_kop_name(name)),
            pemerintah=toml_string(_government(name)),
            **{key: toml_string(text) for key, text in _regional(name).items()},
            bidang="\n".join(entries) or EXAMPLE_BIDANG,
        )
    )


def _regional(name: str) -> dict[str, str]:
    """What the region in the office's name already tells: a city's offices sign in the city
    itself; the head of the region and the kinds of its regulations (Bupati, Wali Kota)."""
    found = re.search(r"\b(Kabupaten|Kota)\s+(.+)$", name)
    kind, region = found.groups() if found else ("", "")
    head = {"Kabupaten": "Bupati", "Kota": "Wali Kota"}.get(kind, "Bupati/Wali Kota")
    place = region if kind == "Kota" else f"<<ibu kota {kind.lower() or 'kabupaten/kota'}>>"
    where = f"{kind} {region}" if region else "..."
    return {
        "tempat": place,
        "kepala_daerah": f"{head} {region}" if region else "<<Bupati/Wali Kota ...>>",
        "perda": f"<<Peraturan Daerah {where} Nomor ... Tahun ... tentang Pembentukan dan "
        "Susunan Perangkat Daerah>>",
        "perkada": f"<<Peraturan {head} {region or '...'} Nomor ... Tahun ... tentang Pengelolaan "
        "Pelayanan Informasi dan Dokumentasi>>",
    }


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
# pejabat = { jabatan = "Sekretaris Dinas", nama = "...", pangkat = "...", nip = "..." }"""


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
    signer = (
        f'{{ jabatan = {title}, nama = "<<nama>>", pangkat = "<<pangkat (golongan)>>", '
        'nip = "<<NIP>>" }'
    )
    return f'[[bidang]]\nkode = "{code}"\nnama = {toml_string(name)}\npejabat = {signer}\n'
