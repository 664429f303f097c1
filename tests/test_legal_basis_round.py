"""A round whose team writes each kind of legal basis: what tetapkan refuses, at which cell, and
what the signed annex, dik.csv, data.json and the export carry once it is corrected."""

import csv
import io
import json
import zipfile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.kit.schema import consequence_spec
from tests.conftest import run_cli
from tests.example_round import docx_text, set_cells

OTHER_LAW = get_column_letter(consequence_spec().names.index("dasar_hukum_lain") + 1)
CHAIN = (
    "Pasal 12 UU Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional jo. Pasal 36 PP Nomor 57 "
    "Tahun 2021"
)
WRITTEN = {
    "PA-0005": CHAIN,  # a chained basis: correct
    "UPTDPPA-0002": "UU Nomor 35 Tahun 2009",  # a law without its pasal
    "REHSOS-0002": "Pasal 57 UU 36/2009 tentang Kesehatan",  # revoked by UU 17/2023
    "REHSOS-0001": "Pasal 5 Perpres 39/2019",  # Pasal 17 huruf j resting on a Perpres only
    "PP-0005": "Pasal 4 ayat (2) huruf a UU 27/2022",  # correct, with pasal and ayat
}
CORRECTED = {
    "UPTDPPA-0002": "Pasal 10 huruf c UU 23/2004",
    "REHSOS-0002": "Pasal 4 ayat (2) huruf a UU 27/2022",
    "REHSOS-0001": "Pasal 19 ayat (1) UU 11/2012",
}


def fixes(workspace) -> list[tuple[str, str, str]]:
    sheet = load_workbook(workspace.out("perbaikan.xlsx")).active
    return [tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]


def test_each_basis_is_judged_at_its_cell_and_the_chain_reaches_every_output(example, ran):
    root = ["--workspace", str(example.root)]
    for item, text in WRITTEN.items():
        set_cells(example.test_sheet, "Uji Konsekuensi", item, {"Dasar Hukum Lain": text})
    status, printed = run_cli("tetapkan", *root)
    assert status == 1
    lines = [line for line in fixes(example) if "isi berubah" not in line[2]]
    by_item = {item: (cell, message) for item, cell, message in lines}
    assert sorted(by_item) == ["REHSOS-0002", "UPTDPPA-0002"], lines  # one line each
    assert by_item["UPTDPPA-0002"][0].startswith(f"uji_konsekuensi.xlsx!{OTHER_LAW}")
    assert "UU 35/2009 disebut tanpa pasal" in by_item["UPTDPPA-0002"][1]
    assert (
        "diganti Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan" in by_item["REHSOS-0002"][1]
    )
    warning = " ".join(printed.split())
    assert f"REHSOS-0001 uji_konsekuensi.xlsx!{OTHER_LAW}" in warning
    assert "Perpres 39/2019" in warning
    assert not example.out("daftar_informasi_dikecualikan.docx").exists()

    for item, text in CORRECTED.items():
        set_cells(example.test_sheet, "Uji Konsekuensi", item, {"Dasar Hukum Lain": text})
    assert run_cli("konsep", *root)[0] == 0
    for item in WRITTEN:  # the reviewers decide again on the changed content
        set_cells(example.review_sheet, "Tinjauan", item,
                  {"Keputusan PPID Pembantu": "Setuju", "Keputusan Atasan PPID": "Setuju"})  # fmt: skip
    status, printed = run_cli("tetapkan", *root)
    assert status == 0, printed

    annex = docx_text(example.out("daftar_informasi_dikecualikan.docx"))
    assert "Pasal 12 UU 20/2003 jo. Pasal 36 PP 57/2021" in " ".join(annex.split())
    for short in ("UU 20/2003:", "PP 57/2021:", "UU 14/2008:", "UU 27/2022:"):
        assert annex.count(short) == 1, short  # each title in the key exactly once
    assert "Peraturan Pemerintah Nomor 57 Tahun 2021 tentang Standar Nasional Pendidikan" in annex

    for name, flag in (
        ("daftar_informasi_dikecualikan.docx", []),
        ("daftar_informasi_publik.docx", ["--dip"]),
    ):
        assert run_cli("arsip", str(example.out(name)), *flag, *root)[0] == 0
    assert run_cli("terbitkan", *root)[0] == 0
    assert run_cli("ekspor", *root)[0] == 0
    web = example.out("web")
    [exported] = example.out("ekspor").glob("*.zip")
    with zipfile.ZipFile(exported) as package:
        packed = {name: package.read(name) for name in ("dik.csv", "data.json", "peraturan.csv")}
    for dik_csv, data_json, laws_csv in (
        ((web / "dik.csv").read_bytes(), (web / "data.json").read_bytes(),
         (web / "peraturan.csv").read_bytes()),
        (packed["dik.csv"], packed["data.json"], packed["peraturan.csv"]),
    ):  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(dik_csv.decode("utf-8-sig"))))
        basis = {row["Dasar Hukum Pengecualian Informasi"] for row in rows}
        assert any("Pasal 12 UU 20/2003 jo. Pasal 36 PP 57/2021" in text for text in basis)
        data = json.loads(data_json)
        [row] = [r for r in data["dik"]["baris"] if "PP 57/2021" in r["dasar_hukum"]]
        cited = [(r["peraturan"], r["pasal"], r["jo"]) for r in row["rujukan"]]
        assert ("UU 20/2003", "12", False) in cited and ("PP 57/2021", "36", True) in cited
        shorts = [law["singkatan"] for law in data["peraturan"]]
        assert len(shorts) == len(set(shorts)) and {"UU 20/2003", "PP 57/2021"} <= set(shorts)
        keyed = [r["Singkatan"] for r in csv.DictReader(io.StringIO(laws_csv.decode("utf-8-sig")))]
        assert keyed == shorts
