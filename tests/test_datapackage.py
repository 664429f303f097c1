"""Open data a portal loads: datapackage.json (Frictionless Data Package) over machine CSVs,
validated with the frictionless library; one content, one hash between the site and the
export; each item under an identifier that does not move."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from frictionless import validate
from lxml import html

from pipeline.stages import s7_publish as publish
from pipeline.stages.s5_snapshot import item_identifier, parse_snapshot
from tests.conftest import run_cli
from tests.signing import blank_pdf, identity, sign
from tests.test_publish import HOSTILE, example_snapshot, publish_example, signed_file

FRICTIONLESS = Path(sys.executable).with_name("frictionless")
DATA = [
    "dik.csv", "dip.csv", "dik_data.csv", "dip_data.csv", "peraturan.csv", "data.json",
    "datapackage.json",
]  # fmt: skip


def problems(package: Path) -> list[str]:
    report = validate(package)
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]


def test_the_example_round_as_published_validates_and_the_export_has_the_same_bytes(
    example, ran, tmp_path, monkeypatch
):
    """From the officer's commands to `frictionless validate` and the PPID Utama's zip."""
    signed = sign(blank_pdf(tmp_path / "sk.pdf"), tmp_path / "SK ttd.pdf",
                  identity("MARIA GORETTI SUSANTI"))  # fmt: skip
    assert run_cli("arsip", str(signed), "--workspace", str(example.root))[0] == 0
    public = sign(blank_pdf(tmp_path / "dip.pdf"), tmp_path / "DIP ttd.pdf", identity("PPID"))
    assert run_cli("arsip", str(public), "--dip", "--workspace", str(example.root))[0] == 0
    clock = iter([datetime(2026, 3, 1, 9).astimezone(), datetime(2026, 3, 9, 17).astimezone()])
    monkeypatch.setattr(publish, "_now", lambda: next(clock))  # published, then exported later
    assert run_cli("terbitkan", "--workspace", str(example.root))[0] == 0
    assert run_cli("ekspor", "--workspace", str(example.root))[0] == 0

    web = example.out("web")
    checked = subprocess.run(
        [str(FRICTIONLESS), "validate", str(web / "datapackage.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    package = json.loads((web / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert names == ["dik", "dip", "keputusan", "daftar-publik"]
    assert package["keputusan"]["nomor"] == "000.8.3.4/45/DSPPA/2026"
    assert package["resources"][2]["tanda_tangan"]["cara"] == "TTE"
    assert package["resources"][2]["tanda_tangan"]["penanda_tangan"] == "MARIA GORETTI SUSANTI"

    [made] = example.out("ekspor").glob("*.zip")
    with zipfile.ZipFile(made) as archive:
        exported = {name: archive.read(name) for name in archive.namelist()}
        manifest = json.loads(exported["manifest.json"])
    for name in [*DATA, package["keputusan"]["berkas"]]:
        assert exported[name] == (web / name).read_bytes(), name
    signed_entry = next(e for e in manifest["berkas"] if e["nama"].startswith("keputusan_"))
    assert signed_entry["tanda_tangan"]["cara"] == "TTE"
    register = list(csv.DictReader(io.StringIO(exported["register.csv"].decode("utf-8-sig"))))
    assert register[0]["Penanda Tangan TTE"] == "MARIA GORETTI SUSANTI"
    page = html.fromstring((web / "index.html").read_bytes())
    decision, public_list = page.xpath("//p[@class='tanda-tangan']/text()")
    assert decision.startswith("Ditandatangani secara elektronik (TTE) oleh MARIA GORETTI SUSANTI")
    assert public_list.startswith("Ditandatangani secara elektronik (TTE) oleh PPID")


@pytest.mark.parametrize("key", ["dik", "dip"])
def test_machine_csv_is_plain_utf8_with_the_exact_values(tmp_path, key):
    target, _ = publish_example(tmp_path)
    raw = (target / f"{key}_data.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw  # LF only
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    data = json.loads((target / "data.json").read_text(encoding="utf-8"))[key]["baris"]
    # snake_case keys, "id" first; the references of a legal basis (nested) are data.json's only
    assert rows[0] == [name for name in data[0] if name != "rujukan"]
    assert all(name.isidentifier() and name.islower() for name in rows[0])
    expected = [["; ".join(v) if isinstance(v, list) else v for k, v in row.items() if k != "rujukan"]
                for row in data]  # fmt: skip
    assert rows[1:] == expected
    if key == "dik":  # a value a spreadsheet would evaluate is kept as it is, for programs
        assert rows[4][rows[0].index("dasar_hukum")] == HOSTILE["dasar_hukum"]


def test_the_package_of_hostile_text_validates(tmp_path):
    target, _ = publish_example(tmp_path)
    assert problems(target / "datapackage.json") == []
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["no"]["type"] == "integer" and fields["id"]["format"] == "uuid"
    assert all(field["description"] for field in fields.values())


def test_a_changed_data_file_fails_validation(tmp_path):
    target, _ = publish_example(tmp_path)
    path = target / "dip_data.csv"
    path.write_bytes(path.read_bytes().replace(b"Putussibau", b"Putusibau", 1))
    assert any("hash" in problem for problem in problems(target / "datapackage.json"))


def test_an_item_keeps_its_identifier(tmp_path):
    # Pinned: a published identifier never changes with a new version of the tool.
    assert item_identifier("DSPPA", 2026, "SET-0004") == "93760053-dbb2-5e9c-9aeb-29435cefb967"
    assert item_identifier("DSPPA", 2027, "SET-0004") != item_identifier("DSPPA", 2026, "SET-0004")
    snapshot = parse_snapshot(example_snapshot())
    first, again = publish_example(tmp_path / "a")[0], publish_example(tmp_path / "b")[0]
    assert (first / "dik_data.csv").read_bytes() == (again / "dik_data.csv").read_bytes()
    # An item partly exempted is in both lists under one identifier.
    dik = dict(zip([r["id"] for r in example_snapshot()["dik"]["baris"]],
                   snapshot.identifiers("dik"), strict=True))  # fmt: skip
    dip = dict(zip([r["id"] for r in example_snapshot()["dip"]["baris"]],
                   snapshot.identifiers("dip"), strict=True))  # fmt: skip
    both = set(dik) & set(dip)
    assert both and all(dik[item] == dip[item] for item in both)
    assert len(set(dik.values())) == len(dik)


def test_a_snapshot_archived_without_item_ids_still_publishes(tmp_path):
    old = example_snapshot()
    for key in ("dik", "dip"):
        for row in old[key]["baris"]:
            del row["id"]
    target, _ = publish_example(tmp_path, old)
    assert problems(target / "datapackage.json") == []
    snapshot = parse_snapshot(old)
    assert snapshot.identifiers("dip")[0] == item_identifier("DSPPA", 2026, "dip-1")


def test_published_files_say_how_the_decision_is_signed(tmp_path):
    signed, registration = signed_file(tmp_path)
    registration |= {"Tanda Tangan": "Basah (pindaian)"}
    target = tmp_path / "web"
    publish.write_site(parse_snapshot(example_snapshot()), signed, registration, target)
    data = json.loads((target / "data.json").read_text(encoding="utf-8"))
    assert data["berkas_keputusan"]["tanda_tangan"] == {"cara": "Basah (pindaian)"}
    assert "diterbitkan" not in data and data["format"] == "dik-ppid-terbitan/2"
    page = html.fromstring((target / "index.html").read_bytes())
    assert page.xpath("//p[@class='tanda-tangan']/text()") == [
        "Pindaian daftar bertanda tangan basah; berkasnya tidak memuat tanda tangan elektronik."
    ]
    made = publish.write_export(parse_snapshot(example_snapshot()), signed, registration,
                                tmp_path / "ekspor", tmp_path / "log.csv")  # fmt: skip
    with zipfile.ZipFile(made) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    entry = next(e for e in manifest["berkas"] if e["nama"].startswith("keputusan_"))
    assert entry["tanda_tangan"] == {"cara": "Basah (pindaian)"}
    assert [e for e in manifest["berkas"] if "tanda_tangan" in e] == [entry]
