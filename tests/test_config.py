import re

import pytest

from pipeline.kit.config import load_config, nip_problem
from pipeline.kit.errors import ConfigError


def test_example_config_loads(workspace):
    config = load_config(workspace.config)
    assert config.tahun == 2026
    assert [b.kode for b in config.bidang][:2] == ["SET", "REHSOS"]
    assert config.officials["kepala"].nip_text == "19700415 199403 2 006"
    assert config.number("nota_dinas", config.tanggal_acuan) == "000.8.3.4/39/DSPPA/SET"


def test_missing_config_says_how_to_start(tmp_path):
    with pytest.raises(ConfigError, match="buat folder kerja dengan init"):
        load_config(tmp_path / "instansi.toml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tanggal_acuan = 2026-02-16", 'tanggal_acuan = "besok"', "TTTT-BB-HH"),
        ('kode = "REHSOS"', 'kode = "rehsos"', "kode bidang 'rehsos' tidak sah"),
        ('nip = "19700415 199403 2 006"', "", "'nip' belum diisi"),
        ("tahun = 2026", "tahun = ", "baris 6 kolom 9: nilai tidak sah"),
        ("tahun = 2026", "tahun = true", "'tahun' harus tahun 4 angka"),
        ("tahun = 2026", "tahun = 26", "'tahun' harus tahun 4 angka"),
        ('kertas = "F4"', 'kertas = "Letter"', 'kertas harus "A4" atau "F4"'),
        ('logo = ""', 'logo = "lambang.png"', "logo = 'lambang.png' tidak ditemukan"),
        ('logo = ""', 'logo = "instansi.toml"', "bukan gambar PNG atau JPEG"),
        ('jra = ""', 'jra = "masuk"', "jra = 'masuk' bukan berkas"),
        ("nomor = 39", 'nomor = "x"', "nomor harus nomor urut"),
        (
            'pola = "{kode}/{nomor}/{instansi}/SET"',
            'pola = "{nomor:>400000000}"',
            "pola \\[penomoran.nota_dinas\\] tidak sah",
        ),
        ("tanggal_acuan = 2026-02-16", "tanggal_acuan = 2026-02-16T08:00:00", "TTTT-BB-HH"),
        (
            'pola = "{kode}/{nomor}/{instansi}/SET"',
            'pola = "{kode}/{nomor}/{bln}"',
            "pola \\[penomoran.nota_dinas\\] tidak sah",
        ),
        ('pola = "{kode}/{nomor}/{instansi}/SET"', 'pola = "{nomor/SET"', "pakai {kode}, {nomor}"),
        (
            'tembusan = [\n    "Bupati Kapuas Hulu",',
            'tembusan = "Arsip"\nlain = [\n    "Bupati Kapuas Hulu",',
            "tembusan harus daftar",
        ),
    ],
)
def test_config_errors_name_the_key_and_the_fix(workspace, old, new, message):
    text = workspace.config.read_text(encoding="utf-8")
    assert old in text
    workspace.config.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(workspace.config)


def test_empty_counter_leaves_room_for_the_number(workspace):
    text = workspace.config.read_text(encoding="utf-8").replace("nomor = 39", 'nomor = ""')
    workspace.config.write_text(text, encoding="utf-8")
    config = load_config(workspace.config)
    assert config.number("nota_dinas", config.tanggal_acuan) == "000.8.3.4/        /DSPPA/SET"


def test_a_config_not_saved_as_utf8_says_how_to_save_it(workspace):
    text = workspace.config.read_text(encoding="utf-8").replace("Putussibau", "Putussibau é")
    workspace.config.write_bytes(text.encode("cp1252", errors="replace"))
    with pytest.raises(ConfigError, match="tidak tersimpan sebagai UTF-8"):
        load_config(workspace.config)


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("19700415 199403 2 006", ""),
        ("19700415 199403 2 00", "terdiri dari 17 angka, bukan 18"),
        ("19701315 199403 2 006", "tidak diawali tanggal lahir"),
        ("19700415 197003 2 006", "tahun dan bulan pengangkatan"),
        ("19700415 199413 2 006", "tahun dan bulan pengangkatan"),
        ("19700415 199403 3 006", "angka ke-15"),
        ("NIP 1970", "memuat huruf"),
    ],
)
def test_nip_structure(nip, problem):
    found = nip_problem(nip)
    assert (problem in found) if problem else found == ""


def test_a_doubtful_nip_is_a_warning_not_a_stop(workspace):
    text = workspace.config.read_text(encoding="utf-8")
    workspace.config.write_text(
        text.replace("19700415 199403 2 006", "19700415 199403 2 00"), encoding="utf-8"
    )
    [warning] = load_config(workspace.config).warnings
    assert warning.startswith(
        "NIP Kepala Dinas (Atasan PPID) (19700415 199403 2 00) terdiri dari 17"
    )


def test_placeholders_are_listed_by_key(workspace):
    text = workspace.config.read_text(encoding="utf-8")
    text = text.replace(
        'nama = "Dra. MARIA GORETTI SUSANTI, M.Si."', 'nama = "<<nama Kepala Dinas>>"'
    )
    workspace.config.write_text(text, encoding="utf-8")
    config = load_config(workspace.config)
    assert config.placeholders == ("[pejabat.kepala] nama",)
    with pytest.raises(ConfigError, match=r"isian \[pejabat.kepala\] nama masih berisi tanda"):
        config.require_filled()


@pytest.mark.parametrize(
    ("section", "value", "message"),
    [
        (
            r"^\[penomoran\.\w+\]\n(?:[^\[\n].*\n|\n)*",
            'penomoran = "x"',
            "'penomoran' harus bagian tersendiri",
        ),
        (r"\[\[bidang\]\].*", "bidang = [1, 2]", r"bidang ke-1 harus tabel \[\[bidang\]\]"),
    ],
)
def test_a_section_of_the_wrong_shape_is_named(workspace, section, value, message):
    text = re.sub(section, "", workspace.config.read_text(encoding="utf-8"),
                  flags=re.DOTALL | re.MULTILINE)  # fmt: skip
    workspace.config.write_text(f"{value}\n{text}", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(workspace.config)


def test_the_lembar_signers_and_the_local_legal_basis_are_read(workspace):
    config = load_config(workspace.config)
    assert [p.nama for p in config.testers] == ["AGUSTINUS RAHMAN, S.Kom.", "SITI NURHALIZA, S.IP."]
    assert config.head_acknowledges is True
    assert config.local_basis[0].startswith("Peraturan Daerah Kabupaten Kapuas Hulu Nomor 18")
    rehsos = next(b for b in config.bidang if b.kode == "REHSOS")
    assert rehsos.pejabat is not None and rehsos.pejabat.nip_text == "19780211 200501 1 009"
    assert config.numbering["pengembalian_langkah5"].blank("DSPPA", config.tanggal_acuan) == (
        "000.8.3.4/        /DSPPA"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("mengetahui = true", 'mengetahui = "ya"', r"\[lembar_uji\] mengetahui harus true atau false"),
        ("mengingat = [", 'mengingat = "Perbup"\nlama = [', r"\[penetapan\] mengingat harus daftar teks"),
        ('nama = "SITI NURHALIZA, S.IP."\n', "", r"\[\[lembar_uji.penguji\]\]: isian 'nama' belum diisi"),
        ('pejabat = { jabatan = "Kepala Bidang Rehabilitasi Sosial"', 'pejabat = "Kabid"\nx = { jabatan = "K"',
         "pejabat bidang REHSOS harus tabel"),
    ],
)  # fmt: skip
def test_document_keys_say_what_is_wrong(workspace, old, new, message):
    text = workspace.config.read_text(encoding="utf-8")
    assert old in text
    workspace.config.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(workspace.config)
