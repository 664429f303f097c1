"""Synthetic workspaces for the benchmark: a whole round, filled as an office fills it.

`build(root, items, bidang, mix=...)` writes a workspace whose inbox holds `items` inventory rows
spread over `bidang` divisions (several numbered files per division once it has more than 1,500
rows), then plays the round through the tool's own command line: `periksa`, `uji`, the PPID team
fills the white columns of uji_konsekuensi.xlsx, `konsep`, both reviewers decide "Setuju" in
tinjauan.xlsx, and `tetapkan` must publish the list (exit 0).

Two mixes (`MIXES`): "even", about half the items proposed exempt and the sheets filled only
where the round needs it; "exempt-heavy", about 70% proposed, every item tested with every
column its outcome gives meaning to, every review cell decided, noted and dated, and the long
texts offices write (a round an office reported at six times the floor).

Besides the workspace, `root/.bench/` holds what the benchmark needs to force a rewrite: each
filled sheet with one tool-given cell out of date (`stale-<sheet>.xlsx`), and `meta.json`
(counts and how long each generation step took).

Run: .venv/bin/python -m bench.synthetic DIR ITEMS [BIDANG [MIX]]   (MIX: even, exempt-heavy)
"""

import csv
import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook

from pipeline.kit.config import Bidang, load_config
from pipeline.kit.schema import load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "data" / "contoh" / "instansi.toml"
JRA = ROOT / "data" / "referensi" / "jra.csv"
BENCH_DIR = ".bench"  # inside the workspace; the tool never reads it
META = "meta.json"
TEST_SHEET = "uji_konsekuensi.xlsx"
REVIEW_SHEET = "tinjauan.xlsx"
FILE_ROWS = (500, 1500)  # rows per inbox file once a bidang has more than one file
REFERENCE_DAY = date(2025, 12, 31)  # latest date an item carries (tanggal_acuan is 2026-02-16)
TEST_DAYS = [date(2026, 2, day) for day in range(9, 17)]
XLSX_OPTIONS = {
    "constant_memory": True,  # rows streamed to disk: flat memory at any size
    "strings_to_numbers": False,
    "strings_to_formulas": False,  # a leading '=' stays text, as the tool writes it
    "strings_to_urls": False,
}

# --- vocabulary -------------------------------------------------------------------------------

KINDS = [
    "Berkas",
    "Data",
    "Laporan",
    "Rekapitulasi",
    "Dokumen",
    "Notula rapat",
    "Surat masuk",
    "Daftar",
    "Catatan",
    "Hasil asesmen",
    "Berita acara",
    "Register",
    "Arsip foto",
    "Lembar verifikasi",
]
SUBJECTS = [
    "pendampingan korban kekerasan dalam rumah tangga",
    "penerima bantuan sosial Program Keluarga Harapan",
    "asesmen psikososial anak berhadapan dengan hukum",
    "rujukan layanan rehabilitasi sosial",
    "verifikasi dan validasi data terpadu kesejahteraan sosial",
    "penanganan gelandangan dan pengemis",
    "penyaluran bantuan langsung tunai",
    "pemeriksaan disiplin pegawai",
    "pengadaan barang dan jasa",
    "perjalanan dinas pegawai",
    "kenaikan pangkat dan jabatan pegawai",
    "penanganan pengaduan masyarakat",
    "layanan konseling perempuan korban kekerasan",
    "pemulangan pekerja migran bermasalah",
    "pelatihan dan pembinaan karang taruna",
    "pendataan komunitas adat terpencil",
    "tanggap darurat bencana banjir",
    "evaluasi kabupaten layak anak",
    "rekam medis dan kesehatan pegawai",
    "pelayanan sosial lanjut usia dalam panti",
    "rehabilitasi korban penyalahgunaan napza",
    "pengasuhan anak terlantar di lembaga kesejahteraan sosial",
    "data gender dan anak",
    "monitoring pelindungan perempuan",
]
DETAILS = [
    "asesmen psikolog, visum dan rujukan",
    "formulir, foto dan tanda terima",
    "surat keputusan dan lampiran",
    "hasil wawancara dan kunjungan rumah",
    "daftar nominatif dan rekening penerima",
    "salinan KTP dan kartu keluarga",
    "notula dan daftar hadir",
    "laporan pendamping lapangan",
]
PLACES = [
    "Putussibau Utara",
    "Putussibau Selatan",
    "Embaloh Hilir",
    "Embaloh Hulu",
    "Batang Lupar",
    "Badau",
    "Empanang",
    "Puring Kencana",
    "Bunut Hilir",
    "Bunut Hulu",
    "Boyan Tanjung",
    "Hulu Gurung",
    "Pengkadan",
    "Jongkong",
    "Selimbau",
    "Suhaid",
    "Semitau",
    "Seberuang",
    "Silat Hilir",
    "Silat Hulu",
    "Mentebah",
    "Kalis",
    "Bika",
]
CONTENTS = [
    "identitas, alamat dan kondisi",
    "hasil asesmen dan rencana intervensi bagi",
    "rincian nilai bantuan dan rekening",
    "catatan pendampingan dan rujukan layanan bagi",
    "hasil pemeriksaan dan keputusan atas",
    "jadwal, anggaran dan realisasi kegiatan untuk",
    "foto, tanda tangan dan tanda terima",
    "riwayat layanan dan perkembangan",
]
WHO = [
    "korban",
    "penerima layanan",
    "anak yang bersangkutan",
    "pegawai yang diperiksa",
    "keluarga penerima bantuan",
    "pelapor dan saksi",
    "warga binaan panti",
    "peserta program",
]
SOURCES = [
    "laporan pendamping kecamatan",
    "Data Terpadu Kesejahteraan Sosial",
    "aplikasi SIKS-NG",
    "catatan kasus UPTD PPA",
    "rapat koordinasi lintas sektor",
    "kunjungan rumah petugas",
]
HARMS = [
    "mengungkap identitas dan kondisi",
    "menimbulkan stigma terhadap",
    "membahayakan keselamatan",
    "merugikan nama baik",
    "membuka riwayat kesehatan",
    "mengganggu pemulihan",
]
NOT_ARCHIVED = [  # why an item is not an archive file (Alasan Bukan Arsip)
    "Rekapitulasi olahan untuk laman PPID; data sumbernya diarsipkan dalam berkas kasus.",
    "Data elektronik di aplikasi layanan, diperbarui setiap hari.",
    "Bahan paparan rapat koordinasi; tidak diberkaskan.",
]
NOTES = [
    "Rekapitulasi tanpa identitas dapat dibuka.",
    "Diumumkan di laman PPID.",
    "Tersimpan di ruang arsip bidang.",
    "Salinan elektronik tersimpan di server dinas.",
    "Berkas fisik dititipkan di UPTD.",
    "Diperbarui setiap triwulan.",
]
PROPOSALS = [
    "17.h.1; 17.h.2",
    "17.h.2",
    "17.h.4",
    "17.a.2",
    "17.a.2; 17.h.1",
    "17.i",
    "17.h.1",
    "17.j",
    "17.h.3",
    "17.h.5",
    "17.a.1",
    "17.g",
    "17.h.2; 17.h.4",
]
PROPOSALS_AS_TYPED = {
    "17.h.2": "Pasal 17 huruf h angka 2",
    "17.h.1; 17.h.2": "17 h 1 dan 2",
    "17.a.2": "17(a)(2)",
}
OTHER_LAWS = [
    "Pasal 19 UU Nomor 11 Tahun 2012 tentang Sistem Peradilan Pidana Anak",
    "Pasal 44 ayat (1) huruf h UU Nomor 43 Tahun 2009 tentang Kearsipan",
    "Pasal 4 ayat (2) UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
    "Pasal 4 UU Nomor 17 Tahun 2023 tentang Kesehatan",
    "Pasal 10 UU Nomor 23 Tahun 2004 tentang Penghapusan Kekerasan dalam Rumah Tangga",
]
FORMS_GIVEN = [
    "Rekapitulasi jumlah per kecamatan tanpa identitas",
    "Ringkasan kegiatan dan anggaran tanpa data penerima",
    "Jumlah kasus per jenis layanan",
    "Daftar kegiatan tanpa lampiran pribadi",
]
TEMPORARY = set("abcdef")  # Pasal 20 UU 14/2008: these grounds need a limited period
LIMITED_PERIODS = ["5 tahun", "2 tahun", "Sampai putusan pengadilan berkekuatan hukum tetap"]
PERIODS = [
    "Tidak terbatas",
    "5 tahun",
    "10 tahun",
    "Sampai ada persetujuan tertulis dari yang bersangkutan",
]


@dataclass(frozen=True)
class Mix:
    """How much of a round is proposed exempt, and how fully people fill what they fill."""

    name: str
    proposed: float  # share of items proposed exempt
    full: bool  # every column that applies filled, with long texts; else only what is needed


MIXES = {mix.name: mix for mix in (Mix("even", 0.5, False), Mix("exempt-heavy", 0.7, True))}


@dataclass(frozen=True)
class Code:
    kode: str
    trigger: bool  # retention counts from an event whose date the staff must give


def build(root: Path, items: int, bidang: int = 7, seed: int = 1, mix: str = "even") -> Path:
    """Write a complete, approved round of `items` inventory rows over `bidang` divisions."""
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    meta: dict[str, Any] = {"items": items, "bidang": bidang, "seed": seed, "mix": mix}
    meta["steps"] = {}
    files = write_inbox(root, items, bidang, seed, MIXES[mix])
    meta["files"] = files
    meta["steps"]["write inbox"] = round(time.perf_counter() - started, 3)
    complete_round(root, seed, meta)
    return root


def complete_round(root: Path, seed: int = 1, meta: dict[str, Any] | None = None) -> None:
    """Play the round from the inbox to an approved list: the team's and reviewers' parts too.

    Also used to redo the filled sheets when a new version of the tool writes them differently.
    """
    meta = meta if meta is not None else read_meta(root)
    mix = MIXES[meta.get("mix", "even")]
    steps: dict[str, float] = meta.setdefault("steps", {})
    for name in (TEST_SHEET, REVIEW_SHEET, "keluaran", BENCH_DIR):
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        target.unlink(missing_ok=True)
    (root / BENCH_DIR).mkdir()
    rng = random.Random(seed * 7919)

    def timed(name: str, step: Callable[[], object]) -> None:
        started = time.perf_counter()
        step()
        steps[name] = round(time.perf_counter() - started, 3)

    timed("periksa", lambda: run_command("periksa", root))
    timed("uji", lambda: run_command("uji", root))
    timed("fill uji_konsekuensi", lambda: fill_tests(root, rng, mix))
    timed("konsep", lambda: run_command("konsep", root))
    timed("fill tinjauan", lambda: fill_reviews(root, rng, mix))
    timed("tetapkan", lambda: run_command("tetapkan", root))
    shutil.rmtree(root / "keluaran", ignore_errors=True)
    meta["generated"] = datetime.now().isoformat(timespec="seconds")
    meta["seconds"] = round(sum(steps.values()), 3)
    (root / BENCH_DIR / META).write_text(json.dumps(meta, indent=1), encoding="utf-8")


def read_meta(root: Path) -> dict[str, Any]:
    path = root / BENCH_DIR / META
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def run_command(command: str, root: Path) -> None:
    """One command as the officer runs it; anything but exit 0 means the data is not as meant."""
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", command, "--workspace", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"`{command}` on the synthetic workspace exited {done.returncode}:\n"
            f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )


# --- the inbox --------------------------------------------------------------------------------


def write_inbox(
    root: Path, items: int, bidang: int, seed: int, mix: Mix
) -> list[dict[str, object]]:
    """instansi.toml and masuk/; returns one {file, bidang, rows} per inbox file."""
    (root / "masuk").mkdir(parents=True)
    (root / "instansi.toml").write_text(config_text(bidang), encoding="utf-8")
    divisions = load_config(root / "instansi.toml").bidang
    rng = random.Random(seed)
    codes = archive_codes()
    spec = load_spec("inventaris")
    files: list[dict[str, object]] = []
    for division, count in zip(divisions, split_items(items, len(divisions), rng), strict=True):
        usual = [code for code in codes if division.uses(code.kode)] or codes
        sizes = file_sizes(count, rng)
        first = 1
        for part, size in enumerate(sizes, start=1):
            name = f"{division.kode}-{part}.xlsx" if len(sizes) > 1 else f"{division.kode}.xlsx"
            rows = (
                inventory_row(division, number, usual, rng, mix)
                for number in range(first, first + size)
            )
            write_rows(root / "masuk" / name, spec.sheet, spec.labels, rows, _widths("inventaris"))
            files.append({"file": name, "bidang": division.kode, "rows": size})
            first += size
    return files


def config_text(bidang: int) -> str:
    """The example office's instansi.toml with `bidang` divisions (the example's seven, cycled)."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    if bidang == 7:
        return text
    head = text[: text.index("\n[[bidang]]") + 1]
    base = load_config(EXAMPLE_CONFIG).bidang
    blocks = []
    for index in range(bidang):
        model = base[index % len(base)]
        suffix = "" if index < len(base) else str(index // len(base) + 1)
        prefixes = ", ".join(json.dumps(prefix) for prefix in model.archive_prefixes)
        blocks.append(
            f"[[bidang]]\nkode = {json.dumps(model.kode[:10] + suffix)}\n"
            f"nama = {json.dumps(f'{model.nama} {suffix}'.strip())}\n"
            f"kode_arsip = [{prefixes}]\n"
        )
    return head + "\n".join(blocks)


def archive_codes() -> list[Code]:
    with JRA.open(encoding="utf-8", newline="") as handle:
        return [Code(row["kode"], bool(row["pemicu"].strip())) for row in csv.DictReader(handle)]


def split_items(items: int, divisions: int, rng: random.Random) -> list[int]:
    """Uneven shares, as real divisions hold different amounts of information."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(divisions)]
    counts = [int(items * weight / sum(weights)) for weight in weights]
    for index in range(items - sum(counts)):
        counts[index % divisions] += 1
    return counts


def file_sizes(count: int, rng: random.Random) -> list[int]:
    """One file up to 1,500 rows; beyond, files of 500-1,500 rows numbered on from each other."""
    low, high = FILE_ROWS
    if count <= high:
        return [count] if count else []
    parts = -(-count // ((low + high) // 2))
    sizes = [count // parts + (1 if index < count % parts else 0) for index in range(parts)]
    for index in range(parts - 1):
        room = min(
            sizes[index] - low, sizes[index + 1] - low, high - sizes[index], high - sizes[index + 1]
        )
        if room > 0:
            shift = rng.randint(-room, room)
            sizes[index] += shift
            sizes[index + 1] -= shift
    return sizes


def inventory_row(
    division: Bidang, number: int, codes: Sequence[Code], rng: random.Random, mix: Mix
) -> dict[str, object]:
    year = rng.randint(2015, 2025)
    archive = rng.random() < 0.6
    proposed = rng.random() < mix.proposed
    code = rng.choice(codes) if archive else None
    basis = rng.choice(PROPOSALS) if proposed else None
    subject = rng.choice(SUBJECTS)
    who = rng.choice(WHO)
    return {
        "no": number,
        "judul": title(division, number, year, subject, rng),
        "ringkasan": summary(subject, who, rng, mix.full),
        "penguasa": "Sekretaris Dinas" if division.kode == "SET" else f"Kepala {division.nama}",
        "penanggung_jawab": (
            f"Kepala Seksi {rng.choice(SUBJECTS).split(' ')[0].title()}"
            if mix.full or rng.random() < 0.6
            else None
        ),
        "tahun_pembuatan": made(year, rng),
        "bentuk": rng.choice(["Cetak", "Elektronik", "Cetak dan Elektronik"]),
        "dari_arsip": "Ya" if archive else "Tidak",
        "kode_arsip": code.kode if code else None,
        "tanggal_ditutup": closed(code, year, rng),
        "usulan": "Ya" if proposed else "Tidak",
        "dasar_usulan": (
            PROPOSALS_AS_TYPED.get(basis, basis) if basis and rng.random() < 0.1 else basis
        ),
        "alasan": reason(who, rng, mix.full) if proposed else None,
        "keterangan": rng.choice(NOTES) if mix.full or rng.random() < 0.5 else None,
        "alasan_bukan_arsip": (
            rng.choice(NOT_ARCHIVED) if not archive and (mix.full or rng.random() < 0.5) else None
        ),
    }


def title(division: Bidang, number: int, year: int, subject: str, rng: random.Random) -> str:
    """40-160 characters, unique in the round (the file number names the bidang)."""
    text = f"{rng.choice(KINDS)} {subject} Kecamatan {rng.choice(PLACES)} Tahun {year}"
    if rng.random() < 0.5:
        text += f" ({rng.choice(DETAILS)})"
    reference = f", berkas {number}/{division.kode}"
    limit = 160 - len(reference)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" (,")
    return text + reference


def summary(subject: str, who: str, rng: random.Random, full: bool) -> str:
    """One to three sentences; `full`: four or five, as an office that describes each file."""
    sentences = [f"Memuat {rng.choice(CONTENTS)} {who} dalam kegiatan {subject}."]
    if full or rng.random() < 0.6:
        sentences.append(f"Disusun berdasarkan {rng.choice(SOURCES)} dan diperbarui berkala.")
    if full or rng.random() < 0.3:
        sentences.append(f"Sebagian data berasal dari Kecamatan {rng.choice(PLACES)}.")
    if full:
        sentences.append(
            f"Dilengkapi {rng.choice(DETAILS)}, disimpan menurut urutan tanggal penerimaan "
            f"dan dapat ditelusuri melalui {rng.choice(SOURCES)}."
        )
        if rng.random() < 0.5:
            sentences.append(f"Berkas dirujuk oleh {rng.choice(WHO)} dalam laporan tahunan.")
    return " ".join(sentences)


def reason(who: str, rng: random.Random, full: bool) -> str:
    text = f"Membuka informasi ini dapat {rng.choice(HARMS)} {who}."
    if full or rng.random() < 0.5:
        text += " Informasi tersebut memuat data pribadi yang dilindungi undang-undang."
    if full:
        text += (
            f" Bidang menilai bahwa {rng.choice(WHO)} belum memberikan persetujuan tertulis "
            "untuk membuka data ini, dan sebagian isinya masih dipakai dalam "
            f"{rng.choice(SOURCES)}."
        )
    return text


def made(year: int, rng: random.Random) -> object:
    """Mostly a year; sometimes a date, as a real date cell or typed as text."""
    draw = rng.random()
    if draw < 0.85:
        return year
    day = date(year, rng.randint(1, 12), rng.randint(1, 28))
    return day if draw < 0.96 else day.strftime("%d/%m/%Y")


def closed(code: Code | None, year: int, rng: random.Random) -> object:
    """Given for every code with a trigger event (the event's date), for some others."""
    if code is None or (not code.trigger and rng.random() < 0.6):
        return None
    start = date(year, 1, 1).toordinal()
    day = date.fromordinal(rng.randint(start, REFERENCE_DAY.toordinal()))
    if not code.trigger and rng.random() < 0.4:
        return day.year
    return day if rng.random() < 0.9 else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


# --- the sheets people fill -------------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    hidden: bool
    grid: list[list[object]]


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet's cells as the tool wrote them, trailing empty rows dropped."""
    workbook = CalamineWorkbook.from_path(str(path))
    hidden = {m.name: not str(m.visible).endswith("Visible") for m in workbook.sheets_metadata}
    sheets = []
    for name in workbook.sheet_names:
        grid: list[list[object]] = [
            list(row) for row in workbook.get_sheet_by_name(name).to_python()
        ]
        while grid and all(value == "" for value in grid[-1]):
            grid.pop()
        sheets.append(Sheet(name, hidden[name], grid))
    return sheets


def fill_tests(root: Path, rng: random.Random, mix: Mix) -> None:
    """The PPID team's outcomes, as a team fills them, in every white column of the sheet."""
    path = root / TEST_SHEET
    sheets = read_sheets(path)
    main = sheets[0]
    at = {label: index for index, label in enumerate(main.grid[0])}
    for row in main.grid[1:]:
        given = (
            str(row[at["Usulan Dikecualikan"]]),
            str(row[at["Dasar Pengecualian (Usulan)"]]),
            str(row[at["Status Arsip"]]),
        )
        outcome = (
            full_test_outcome(*given, str(row[at["Judul Informasi"]]), rng)
            if mix.full
            else test_outcome(*given, rng)
        )
        for label, value in outcome.items():
            row[at[label]] = value
    write_sheets(path, sheets, "uji_konsekuensi")
    stale_cell(main, at["Status Arsip"])
    write_sheets(root / BENCH_DIR / f"stale-{TEST_SHEET}", sheets, "uji_konsekuensi")


OPENING_GROUND = "Pasal 11 UU 14/2008: informasi yang wajib tersedia setiap saat"
DESTROYED = "Sampai arsip dimusnahkan sesuai Jadwal Retensi Arsip"


def test_outcome(proposed: str, basis: str, status: str, rng: random.Random) -> dict[str, object]:
    """What the team concludes, keeping every rule a signed list must meet: a closed archive
    opened states its ground, an archive due for destruction is not exempted for ever, a static
    archive (open to anyone) is found open."""
    tested = rng.choice(TEST_DAYS)
    opened: dict[str, object] = (
        {"Dasar Dibuka untuk Umum": OPENING_GROUND} if status in {"Aktif", "Inaktif"} else {}
    )
    if proposed != "Ya" or status == "Statis":
        if opened or status == "Statis":
            return {"Hasil Uji": "Terbuka", "Tanggal Uji": tested} | opened
        return {"Hasil Uji": "Terbuka", "Tanggal Uji": tested} if rng.random() < 0.3 else {}
    draw = rng.random()
    if draw < 0.08:
        return {
            "Hasil Uji": "Terbuka",
            "Akibat bila Dibuka": "Tidak ada kerugian yang timbul; isinya sudah diumumkan "
            "dalam bentuk rekapitulasi.",
            "Pertimbangan bila Ditutup": "Menutup informasi ini justru mengurangi pengawasan "
            "masyarakat atas layanan dinas.",
            "Tanggal Uji": tested,
        } | opened
    codes = basis.split("; ")
    if len(codes) > 1 and rng.random() < 0.2:
        codes = codes[:1]  # the team narrows the grounds
    letters = {code.split(".")[1] for code in codes}
    period = rng.choice(LIMITED_PERIODS if letters <= TEMPORARY else PERIODS)
    if status.startswith("Habis retensi"):
        period = DESTROYED
    outcome: dict[str, object] = {
        "Hasil Uji": "Dikecualikan" if draw < 0.85 else "Dikecualikan Sebagian",
        "Pasal 17": "; ".join(codes),
        "Akibat bila Dibuka": f"Identitas {rng.choice(WHO)} akan diketahui umum sehingga dapat "
        f"{rng.choice(HARMS)} {rng.choice(WHO)}.",
        "Pertimbangan bila Ditutup": f"Menutup informasi melindungi hak {rng.choice(WHO)} atas "
        "privasi, sedangkan akuntabilitas tetap terjaga melalui rekapitulasi tanpa identitas.",
        "Jangka Waktu": period,
        "Tanggal Uji": tested,
    }
    if rng.random() < 0.6 or "j" in letters:  # huruf j rests on an Undang-Undang
        outcome["Dasar Hukum Lain"] = rng.choice(OTHER_LAWS)
    if outcome["Hasil Uji"] == "Dikecualikan Sebagian":
        outcome["Bentuk yang Dapat Diberikan"] = rng.choice(FORMS_GIVEN)
    return outcome


OPENING_GROUNDS = [
    "Pasal 9 UU 14/2008: informasi yang wajib disediakan dan diumumkan secara berkala",
    OPENING_GROUND,
    "Pasal 11 ayat (1) huruf c UU Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik: "
    "kebijakan dan dokumen pendukungnya",
]


def full_test_outcome(
    proposed: str, basis: str, status: str, title: str, rng: random.Random
) -> dict[str, object]:
    """test_outcome's conclusions, with every column the outcome gives meaning to filled in the
    sentences a team writes about the item itself: the consequence and the balance on every
    row, the other law on every exemption, the ground to open every open item, what can be
    given of every item not wholly exempted, the grounds tested on every proposal. Only the
    Pasal 17 of an item nobody proposed, the period of an open item and what can be given of a
    wholly exempted one stay empty: nothing can be said there that the tool would accept."""
    outcome = test_outcome(proposed, basis, status, rng)
    about = title.split(", berkas ")[0]
    result = str(outcome.setdefault("Hasil Uji", "Terbuka"))
    outcome.setdefault("Tanggal Uji", rng.choice(TEST_DAYS))
    if result == "Terbuka":
        outcome["Akibat bila Dibuka"] = (
            f"Tidak ada kerugian yang timbul bila {about} dibuka: isinya tidak memuat data "
            f"pribadi {rng.choice(WHO)}, dan ringkasannya telah diumumkan melalui "
            f"{rng.choice(SOURCES)}."
        )
        outcome["Pertimbangan bila Ditutup"] = (
            "Menutup informasi ini justru mengurangi pengawasan masyarakat atas layanan dinas "
            f"kepada {rng.choice(WHO)}, tanpa melindungi kepentingan yang lebih besar."
        )
        outcome.setdefault("Dasar Dibuka untuk Umum", rng.choice(OPENING_GROUNDS))
        outcome["Bentuk yang Dapat Diberikan"] = "Salinan seluruh informasi"
        if proposed == "Ya":
            outcome["Pasal 17"] = basis  # the grounds the team tested and found wanting
        return outcome
    who, harmed = rng.choice(WHO), rng.choice(WHO)
    outcome["Akibat bila Dibuka"] = (
        f"{about} memuat identitas, alamat dan kondisi {who}. Bila dibuka, identitas itu "
        f"diketahui umum sehingga dapat {rng.choice(HARMS)} {harmed}; {harmed} berpotensi "
        f"mengalami tekanan sosial di lingkungannya, dan {rng.choice(SOURCES)} yang menjadi "
        "sumbernya tidak lagi dipercaya oleh warga yang memberi keterangan."
    )
    outcome["Pertimbangan bila Ditutup"] = (
        f"Menutup informasi melindungi hak {who} atas privasi dan rasa aman. Kepentingan "
        f"publik atas akuntabilitas tetap terpenuhi melalui {rng.choice(FORMS_GIVEN).lower()} "
        "yang diumumkan berkala, sehingga manfaat menutup lebih besar daripada membukanya."
    )
    outcome.setdefault("Dasar Hukum Lain", rng.choice(OTHER_LAWS))
    return outcome


REVIEW_NOTES = [
    "Sesuai hasil uji konsekuensi; dasar hukum dan jangka waktu sudah tepat.",
    "Telah diperiksa bersama bidang; alasan pengecualian cukup dan tercatat di lembar uji.",
    "Disetujui; rekapitulasi tanpa identitas agar diumumkan di laman PPID.",
    "Jangka waktu pengecualian sudah dinyatakan jelas dan tegas.",
]
STEP4_DAYS = [date(2026, 2, day) for day in range(17, 20)]  # after every Tanggal Uji
STEP5_DAYS = [date(2026, 2, day) for day in range(20, 24)]  # after every step-4 decision


def fill_reviews(root: Path, rng: random.Random, mix: Mix) -> None:
    """Both review levels agree on every item (with `mix.full`, each with a note and a date)."""
    path = root / REVIEW_SHEET
    sheets = read_sheets(path)
    main = sheets[0]
    at = {label: index for index, label in enumerate(main.grid[0])}
    for row in main.grid[1:]:
        row[at["Keputusan PPID Pembantu"]] = "Setuju"
        row[at["Keputusan Atasan PPID"]] = "Setuju"
        if mix.full:
            row[at["Catatan PPID Pembantu"]] = rng.choice(REVIEW_NOTES)
            row[at["Tanggal Keputusan PPID Pembantu"]] = rng.choice(STEP4_DAYS)
            row[at["Catatan Atasan PPID"]] = rng.choice(REVIEW_NOTES)
            row[at["Tanggal Keputusan Atasan PPID"]] = rng.choice(STEP5_DAYS)
    write_sheets(path, sheets, "tinjauan")
    stale_cell(main, at["Catatan Sistem"])
    write_sheets(root / BENCH_DIR / f"stale-{REVIEW_SHEET}", sheets, "tinjauan")


def stale_cell(sheet: Sheet, column: int) -> None:
    """One tool-given cell out of date, so the next refresh must write the sheet again."""
    row = sheet.grid[-1]
    row[column] = f"{row[column]} (versi lama)".strip()


# --- writing workbooks ------------------------------------------------------------------------


def _widths(schema: str) -> dict[str, tuple[int, bool]]:
    return {c.label: (c.width, c.hidden) for c in load_spec(schema).columns}


def write_sheets(path: Path, sheets: list[Sheet], schema: str) -> None:
    """The workbook again with the same sheets, headers, hidden sheets and hidden columns."""
    widths = _widths(schema)
    workbook = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    formats = _formats(workbook)
    for sheet in sheets:
        target = workbook.add_worksheet(sheet.name)
        if sheet.hidden:
            target.hide()
        elif sheet.grid:
            _layout(target, [str(v) for v in sheet.grid[0]], widths, formats["header"])
        for line, values in enumerate(sheet.grid):
            _write_row(target, line, values, formats)
    workbook.close()


def write_rows(
    path: Path,
    sheet_name: str,
    labels: list[str],
    rows: Iterator[dict[str, object]],
    widths: dict[str, tuple[int, bool]],
) -> None:
    """An inventory workbook: the header row of the schema labels, then one row per item."""
    names = load_spec("inventaris").names
    workbook = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    formats = _formats(workbook)
    sheet = workbook.add_worksheet(sheet_name)
    _layout(sheet, labels, widths, formats["header"])
    _write_row(sheet, 0, list(labels), formats)
    for line, row in enumerate(rows, start=1):
        _write_row(sheet, line, [row[name] for name in names], formats)
    workbook.close()


def _formats(workbook: Any) -> dict[str, Any]:
    return {
        "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
    }


def _layout(sheet: Any, labels: list[str], widths: dict[str, tuple[int, bool]], bold: Any) -> None:
    for position, label in enumerate(labels):
        width, hidden = widths.get(label, (15, False))
        sheet.set_column(position, position, width, None, {"hidden": hidden})
    sheet.set_row(0, 32, bold)
    sheet.freeze_panes(1, 0)


def _write_row(sheet: Any, line: int, values: Sequence[object], formats: dict[str, Any]) -> None:
    for position, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            sheet.write_boolean(line, position, value)
        elif isinstance(value, datetime):
            sheet.write_datetime(line, position, value, formats["date"])
        elif isinstance(value, date):
            sheet.write_datetime(
                line, position, datetime(value.year, value.month, value.day), formats["date"]
            )
        elif isinstance(value, int | float):
            sheet.write_number(line, position, value)
        else:
            sheet.write_string(line, position, str(value))


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3, 4) or (len(argv) == 4 and argv[3] not in MIXES):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = Path(argv[0])
    build(
        root,
        int(argv[1]),
        int(argv[2]) if len(argv) > 2 else 7,
        mix=argv[3] if len(argv) > 3 else "even",
    )
    meta = read_meta(root)
    print(f"{meta['items']} butir, {len(meta['files'])} berkas di {root}: {meta['steps']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
