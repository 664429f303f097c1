"""`init`: a new workspace for another office, its instansi.toml to fill, written once; or the
next round started from last year's signed list (--dari its folder or its export zip)."""

import json
import re
import zipfile
from datetime import date
from pathlib import Path

from pipeline.kit.workspace import Workspace
from tests.conftest import run_cli
from tests.example_round import OLD_NUMBER, form_rows


def test_init_scaffolds_a_neutral_office_once(tmp_path):
    target = tmp_path / "dik-2027"
    status, printed = run_cli("init", "--workspace", str(target), "--nama",
                              "Dinas Kesehatan Kabupaten Sintang", "--bidang",
                              "KESMAS=Bidang Kesehatan Masyarakat", "--bidang", "yankes=Bidang Pelayanan")  # fmt: skip
    assert status == 0 and (target / "masuk").is_dir()
    text = (target / "instansi.toml").read_text(encoding="utf-8")
    assert f"tanggal_acuan = {date.today().isoformat()}" in text
    assert (
        'pemerintah = "PEMERINTAH KABUPATEN SINTANG"' in text and 'nama = "DINAS KESEHATAN"' in text
    )
    assert 'kode = "YANKES"' in text and "Kapuas Hulu" not in text and "MARIA" not in text
    for part in ("mengingat = [", "[lembar_uji]", "[[lembar_uji.penguji]]",
                 "[penomoran.pengembalian_langkah4]", "[penomoran.pengembalian_langkah5]",
                 'pejabat = { jabatan = "<<jabatan, mis. Kepala Bidang Pelayanan>>"'):  # fmt: skip
        assert part in text, part
    status, printed = run_cli("nota", "--workspace", str(target))
    assert status == 2 and "[instansi] alamat masih berisi tanda <<...>>" in printed
    filled = re.sub(r"<<[^>]*>>", "ISI", text)
    filled = filled.replace('kode = "ISI"', 'kode = "DINKES"').replace(
        'nip = "ISI"', 'nip = "19700415 199403 2 006"'
    )
    (target / "instansi.toml").write_text(filled, encoding="utf-8")
    status, printed = run_cli("nota", "--workspace", str(target))
    assert status == 0, printed  # dates default to today
    status, printed = run_cli("init", "--workspace", str(target))
    assert status == 2 and "tidak ditimpa" in printed


def test_init_refuses_a_bidang_it_cannot_use(tmp_path):
    status, printed = run_cli("init", "--workspace", str(tmp_path / "x"), "--bidang", "Kesmas")
    assert status == 2 and "--bidang 'Kesmas' tidak sah; tulis KODE=Nama Bidang" in printed


def test_init_points_to_an_example_that_exists_where_the_tool_is(tmp_path):
    """A wheel user has no data/contoh beside them: the pointer names the shipped file."""
    from pipeline.kit.resources import EXAMPLE

    target = tmp_path / "dik-2027"
    assert run_cli("init", "--workspace", str(target))[0] == 0
    text = (target / "instansi.toml").read_text(encoding="utf-8")
    pointer = re.search(r"kantor contoh alat ini\): (\S+)", text)
    assert pointer and Path(pointer.group(1)) == EXAMPLE / "instansi.toml"
    assert Path(pointer.group(1)).is_file()


def test_init_fills_what_a_citys_name_already_says(tmp_path):
    """A city's office signs in the city; its head is a Wali Kota, its rules Perwako."""
    target = tmp_path / "dishub"
    assert run_cli("init", "--workspace", str(target), "--nama",
                   "Dinas Perhubungan Kota Singkawang")[0] == 0  # fmt: skip
    text = (target / "instansi.toml").read_text(encoding="utf-8")
    assert 'tempat = "Singkawang"' in text and '"Wali Kota Singkawang",' in text
    assert "<<Peraturan Wali Kota Singkawang Nomor ... Tahun ..." in text
    assert "Bupati" not in text.split("[penetapan]")[1].split("[lembar_uji]")[0]


def _rezip(source: Path, target: Path, change) -> Path:
    """The export zip with its members as `change` leaves them (a dict name -> bytes)."""
    with zipfile.ZipFile(source) as package:
        members = {name: package.read(name) for name in package.namelist()}
    with zipfile.ZipFile(target, "w") as package:
        for name, content in change(members).items():
            package.writestr(name, content)
    return target


def test_the_next_round_starts_from_the_export_zip_checked_file_by_file(signed_2026, tmp_path):
    assert run_cli("ekspor", "--workspace", str(signed_2026.root))[0] == 0
    exported = next(signed_2026.out("ekspor").glob("*.zip"))
    new = Workspace(tmp_path / "dari-zip")
    status, printed = run_cli("init", "--workspace", str(new.root), "--dari", str(exported))
    assert status == 0, printed
    text = new.config.read_text(encoding="utf-8")
    assert 'kode = "DSPPA"' in text and 'tempat = "Putussibau"' in text and "tahun = 2027" in text
    assert '"<<nama lengkap dan gelar>>"' in text  # the people are not in an export
    keys = {key for path in new.out("formulir").glob("*.xlsx") for key in form_rows(path)}
    assert len(keys) == 50
    kept = json.loads((new.history / "riwayat.json").read_text(encoding="utf-8"))
    assert kept["keputusan"][0]["nomor"] == OLD_NUMBER
    assert (new.history / kept["keputusan"][0]["berkas"]).is_file()

    def tampered(members):
        members["daftar.json"] = members["daftar.json"].replace(b"Tidak terbatas", b"1 tahun", 1)
        return members

    def outside(members):
        return members | {"../evil.txt": b"x"}

    def unlisted(members):
        manifest = json.loads(members["manifest.json"])
        manifest["berkas"] = [f for f in manifest["berkas"] if f["nama"] != "daftar.json"]
        return members | {"manifest.json": json.dumps(manifest).encode()}

    for name, change, why in [
        ("ubah.zip", tampered, "SHA-256 daftar.json tidak cocok dengan manifest.json"),
        ("keluar.zip", outside, "nama berkas '../evil.txt' tidak sah"),
        ("lama.zip", unlisted, "tanpa daftar.json (dibuat versi lama)"),
    ]:
        bad = _rezip(exported, tmp_path / name, change)
        target = tmp_path / name.replace(".zip", "")
        status, printed = run_cli("init", "--workspace", str(target), "--dari", str(bad))
        assert status == 2 and why in " ".join(printed.split()), printed
        assert not (target / "instansi.toml").exists()


def test_a_workspace_whose_archive_was_altered_is_not_continued(signed_2026, tmp_path):
    snapshot = next(signed_2026.archive.rglob("*_daftar.json"))
    snapshot.write_text(snapshot.read_text(encoding="utf-8").replace("Aktif", "Statis", 1),
                        encoding="utf-8")  # fmt: skip
    status, printed = run_cli("init", "--workspace", str(tmp_path / "baru"), "--dari",
                              str(signed_2026.root))  # fmt: skip
    assert status == 2
    assert "tidak utuh" in printed and "arsip --periksa" in printed
    assert not (tmp_path / "baru" / "instansi.toml").exists()
