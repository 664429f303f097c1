import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError


def test_example_config_loads(workspace):
    config = load_config(workspace.config)
    assert config.tahun == 2026
    assert [b.kode for b in config.bidang][:2] == ["SET", "REHSOS"]
    assert config.officials["kepala"].nip_text == "19700415 199403 2 006"
    assert config.number("nota_dinas", config.tanggal_acuan) == "000.8.3.4/39/DSPPA/SET"


def test_missing_config_says_how_to_start(tmp_path):
    with pytest.raises(ConfigError, match="make init"):
        load_config(tmp_path / "instansi.toml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tanggal_acuan = 2026-02-16", 'tanggal_acuan = "besok"', "TTTT-BB-HH"),
        ('kode = "REHSOS"', 'kode = "rehsos"', "kode bidang 'rehsos' tidak sah"),
        ('nip = "19700415 199403 2 006"', "", "'nip' belum diisi"),
        ("tahun = 2026", "tahun = ", "tidak dapat dibaca"),
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
