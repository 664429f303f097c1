"""Config types: every key of instansi.toml is checked by type and a fault names its line;
control characters are removed at the one cleaning boundary, as in sheets; init writes valid
TOML whatever the office's name; what tomllib or a picture library would raise is a sentence."""

import tomllib
import zipfile
from datetime import date

import pytest
from lxml import etree
from PIL import Image

from pipeline.kit.config import load_config, scaffold
from pipeline.kit.config_keys import key_lines
from pipeline.kit.errors import ConfigError
from tests.conftest import run_cli

TYPES = [
    ('kertas = "F4"', "kertas = 4", '[instansi] kertas harus "A4" atau "F4" (dengan tanda kutip), bukan 4.'),
    ("tanggal = 2026-02-06", 'tanggal = "2026-02-06"',
     "[nota_dinas] tanggal harus tanggal bertulis TTTT-BB-HH tanpa tanda kutip"),
    ('hal = "Pendokumentasian', 'hal = [1, 2]\nhal_lama = "Pendokumentasian',
     "[nota_dinas] hal harus teks di antara tanda kutip"),
    ('alamat = "Jalan', 'alamat = { jalan = "x" }\nalamat_lama = "Jalan', "[instansi] alamat harus teks"),
    ("mengetahui = true", 'mengetahui = "ya"', "[lembar_uji] mengetahui harus true atau false"),
    ("nomor = 39", "nomor = true", "[penomoran.nota_dinas] nomor harus nomor urut"),
    ('nip = "19700415 199403 2 006"', "nip = 197004151994032006", "[pejabat.kepala] nip harus teks"),
    ('kode_arsip = ["400.9"]', 'kode_arsip = "400.9"', "kode_arsip bidang REHSOS harus daftar teks"),
    ('kode_arsip = ["400.9"]', "kode_arsip = [400.9]", "kode_arsip bidang REHSOS harus daftar teks"),
    ('nama = "SITI NURHALIZA, S.IP."', "nama = 7", "[[lembar_uji.penguji]] ke-2 nama harus teks"),
    ("tanggal_uji = 2026-02-16", "tanggal_uji = 2026-02-16T08:00:00", "[penetapan] tanggal_uji harus tanggal"),
    ('jra = ""', "jra = false", "[referensi] jra harus teks"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "says"), TYPES)
def test_a_value_of_the_wrong_type_is_named_with_its_line(workspace, old, new, says):
    text = workspace.config.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    workspace.config.write_text(changed, encoding="utf-8")
    line = changed[: changed.index(new)].count("\n") + 1
    with pytest.raises(ConfigError) as refused:
        load_config(workspace.config)
    assert str(refused.value).startswith(f"instansi.toml baris {line}: {says}")


def test_key_lines_follow_tables_arrays_of_tables_and_inline_tables():
    text = (
        'tahun = 2026\n[instansi]\n# komentar = 1\nnama = "x"\n[[bidang]]\nkode = "A"\n'
        '[[bidang]]\nkode = "B"\npejabat = { nama = "y" }\nkode_arsip = [\n  "1 = 2",\n]\n'
        "[penomoran.keputusan]\npola = '{nomor}'\n"
    )
    lines = key_lines(text)
    assert lines[("tahun",)] == 1 and lines[("instansi", "nama")] == 4
    assert lines[("bidang", 0, "kode")] == 6 and lines[("bidang", 1, "kode")] == 8
    assert lines[("bidang", 1, "pejabat")] == 9 and ("bidang", 1, "pejabat", "nama") not in lines
    assert lines[("penomoran", "keputusan", "pola")] == 14
    assert not [path for path in lines if "komentar" in path or "1 " in path]


def test_an_unknown_key_is_a_warning_with_its_line(workspace):
    text = workspace.config.read_text(encoding="utf-8")
    workspace.config.write_text(text.replace('sifat = "Biasa"', 'sifat = "Biasa"\ntangal = 1'))
    config = load_config(workspace.config)
    assert "instansi.toml baris 57: [nota_dinas] tangal tidak dikenal dan diabaikan" in (
        " ".join(config.warnings)
    )


def test_control_characters_in_the_config_never_reach_a_document(example):
    text = example.config.read_text(encoding="utf-8")
    old = 'alamat = "Jalan Jenderal'
    example.config.write_text(text.replace(old, 'alamat = "Jalan\\u000b\\u0007\\u200e Jenderal'))
    assert load_config(example.config).office["alamat"].startswith("Jalan\n Jenderal")
    status, printed = run_cli("nota", "--workspace", str(example.root))
    assert status == 0, printed
    with zipfile.ZipFile(example.out("nota_dinas.docx")) as document:
        for name in document.namelist():
            if name.endswith(".xml"):
                etree.fromstring(document.read(name))  # Word opens only well-formed XML


def test_lists_nested_too_deep_are_a_sentence(workspace):
    deep = "dalam = " + "[" * 100_000 + "]" * 100_000 + "\n"
    workspace.config.write_text(deep + workspace.config.read_text(encoding="utf-8"))
    with pytest.raises(ConfigError, match="bersarang terlalu dalam"):
        load_config(workspace.config)


@pytest.mark.parametrize(
    "damage", [lambda data: data[:30], lambda data: data[:20] + b"\xff" * 4 + data[24:]]
)
def test_a_broken_logo_is_a_sentence(workspace, damage):  # fmt: skip
    Image.new("RGB", (40, 40), "red").save(workspace.root / "asli.png")
    (workspace.root / "lambang.png").write_bytes(damage((workspace.root / "asli.png").read_bytes()))
    text = workspace.config.read_text(encoding="utf-8")
    workspace.config.write_text(text.replace('logo = ""', 'logo = "lambang.png"'))
    with pytest.raises(ConfigError, match=r"logo 'lambang\.png' rusak"):
        load_config(workspace.config)


NAMES = [
    'Dinas X"\ntahun = 1999',
    'Dinas "Sosial" Kabupaten Sintang',
    "Dinas \\ Back\\slash Kota Y",
    "Dinas\x0bTab\x07 Kota Z",
    "Dinas ''' \"\"\" Kota",
    "Dinas [instansi] = { } Kabupaten",
]


@pytest.mark.parametrize("name", NAMES)
def test_init_writes_valid_toml_for_any_name(name):
    text = scaffold(name, [f"SET=Sekretariat {name}"], date(2026, 1, 5))
    raw = tomllib.loads(text)
    flat = " ".join(name.replace("\x0b", " ").replace("\x07", "").split())
    assert raw["tahun"] == 2026
    assert raw["instansi"]["sebutan"] == flat
    assert raw["bidang"][0]["nama"] == f"Sekretariat {flat}"


def test_a_scaffolded_config_loads_with_its_placeholders_listed(tmp_path):
    status, printed = run_cli("init", "--workspace", str(tmp_path / "baru"), "--nama", NAMES[0],
                              "--bidang", "SET=Sekretariat")  # fmt: skip
    assert status == 0, printed
    config = load_config(tmp_path / "baru" / "instansi.toml")
    assert config.tahun >= 2026 and config.placeholders
