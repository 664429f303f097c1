"""Publishing a signed round: what the page, the open-data files and the zip hold, and nothing more."""

import copy
import csv
import hashlib
import io
import json
import os
import re
import tomllib
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from pipeline.kit.citations import references_data
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import neutralize
from pipeline.stages import s7_publish as publish
from pipeline.stages.s5_snapshot import parse_snapshot
from tests.conftest import ROOT

CONTOH = ROOT / "tools" / "contoh"
NUMBER = "000.8.3.4/45/DSPPA/2026"
DIK_COLUMNS = [
    ("no", "No"), ("informasi", "Informasi yang Dikecualikan"),
    ("dasar_hukum", "Dasar Hukum Pengecualian"), ("dibuka", "Konsekuensi bila Dibuka"),
    ("ditutup", "Konsekuensi bila Ditutup"), ("jangka_waktu", "Jangka Waktu"),
    ("status_arsip", "Status Arsip"),
]  # fmt: skip
DIK_COLUMNS_KEYS = [key for key, _ in DIK_COLUMNS]
DIP_COLUMNS = [
    ("no", "No"), ("ringkasan", "Ringkasan Isi Informasi"),
    ("penguasa", "Pejabat/Unit yang Menguasai Informasi"),
    ("penanggung_jawab", "Penanggung Jawab Pembuatan/Penerbitan"),
    ("waktu_tempat", "Waktu dan Tempat Pembuatan"), ("bentuk", "Bentuk Informasi"),
    ("retensi", "Jangka Waktu Penyimpanan/Retensi Arsip"),
]  # fmt: skip
# Strings the snapshot producer might leak into a row; none may ever be published. A row's item
# ID (e.g. SET-0004) is published only as its identifier (s5_snapshot.item_identifier).
LEAKS = {
    "catatan_ppid_pembantu": "CATATAN-PENINJAU-RAHASIA",
    "catatan_sistem": "CATATAN-SISTEM-INTERNAL",
    "keterangan": "KETERANGAN-INVENTARIS-SAJA",
    "nik_korban": "6106012303850001",
}
HOSTILE = {
    "informasi": "<script>alert(\"x\")</script> & 'kutip' <b>tebal</b> “Uma’ Lung” – Rp1.500.000,00",
    "dasar_hukum": '=HYPERLINK("http://contoh.invalid","klik")',
    "dibuka": "+62 812 0000 0000 dapat dihubungi",
    "ditutup": "-5 tahun sesudah @SUM(A1) dan\ttab",
    "jangka_waktu": "\tDimulai dengan tab",
    "status_arsip": "@Aktif",
}
LONG_WORD = "Pertanggungjawaban" * 9


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _table(name: str) -> dict[str, dict[str, str]]:
    with (CONTOH / name).open(encoding="utf-8-sig", newline="") as handle:
        return {row["ID"]: row for row in csv.DictReader(handle)}


def _pasal_text(codes: list[str]) -> str:
    return "; ".join(publish._pasal_label(code) for code in codes) + " UU Nomor 14 Tahun 2008"


def example_snapshot() -> dict[str, Any]:
    """The example round as `tetapkan` would snapshot it: 30 exempted and 25 public items.

    Built from tools/contoh, plus hostile and very long texts, plus keys a careless producer
    might leave in a row (ids, reviewer and system notes) that must never be published.
    """
    config = tomllib.loads((ROOT / "data" / "contoh" / "instansi.toml").read_text("utf-8"))
    names = {b["kode"]: b["nama"] for b in config["bidang"]}
    with (CONTOH / "inventaris.csv").open(encoding="utf-8-sig", newline="") as handle:
        items = {f"{r['bidang']}-{int(r['No']):04d}": r for r in csv.DictReader(handle)}
    tests, reviews = _table("uji_konsekuensi.csv"), _table("tinjauan.csv")
    dik: list[dict[str, Any]] = []
    dip: list[dict[str, Any]] = []
    results: list[str] = []  # each exempted item's Hasil Uji, in the DIK's order
    for key, item in items.items():
        outcome = tests.get(key, {}).get("Hasil Uji", "Terbuka")
        leaks = dict(
            LEAKS,
            id=key,
            catatan_ppid_pembantu=reviews.get(key, {}).get("Catatan PPID Pembantu")
            or LEAKS["catatan_ppid_pembantu"],
        )
        if outcome.startswith("Dikecualikan"):
            results.append(outcome)
            test = tests[key]
            codes = [c.strip() for c in test["Pasal 17"].split(";") if c.strip()]
            other = f"; {test['Dasar Hukum Lain']}" if test["Dasar Hukum Lain"] else ""
            dik.append({
                "no": str(len(dik) + 1), "bidang": names[item["bidang"]], "pasal17": codes,
                "informasi": item["Judul Informasi"], "dasar_hukum": _pasal_text(codes) + other,
                "dibuka": test["Akibat bila Dibuka"], "ditutup": test["Pertimbangan bila Ditutup"],
                "jangka_waktu": test["Jangka Waktu"],
                "status_arsip": "Aktif" if item["Berasal dari Arsip"] == "Ya" else "Bukan arsip",
                **leaks,
            })  # fmt: skip
        if outcome != "Dikecualikan":
            dip.append({
                "no": str(len(dip) + 1), "bidang": names[item["bidang"]],
                "ringkasan": f"{item['Judul Informasi']}: {item['Ringkasan Isi']}",
                "penguasa": item["Pejabat/Unit Penguasa Informasi"],
                "penanggung_jawab": item["Penanggung Jawab"] or item["Pejabat/Unit Penguasa Informasi"],
                "waktu_tempat": f"Putussibau, {item['Tahun Pembuatan']}",
                "bentuk": item["Bentuk Informasi"], "retensi": "-", **leaks,
            })  # fmt: skip
    butir = [{"id": f"X-{n:04d}", "judul": row["informasi"], "hasil": result}
             for n, (row, result) in enumerate(zip(dik, results, strict=True), 1)]  # fmt: skip
    dik[3].update(HOSTILE)
    dik[7]["informasi"] = f"Rekapitulasi {LONG_WORD} per kecamatan"
    dip[2]["ringkasan"] = "=1+1 & <img src=x onerror=alert(1)> baris\nkedua"
    return {
        "format": "dik-ppid/1",
        "instansi": {
            "pemerintah": "PEMERINTAH KABUPATEN KAPUAS HULU",
            "nama": "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
            "sebutan": "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Kapuas Hulu",
            "kode": "DSPPA",
            "tempat": "Putussibau",
            "alamat_rumah_pejabat": "RAHASIA-ALAMAT",
        },
        "tahun": 2026,
        "keputusan": {
            "nomor": NUMBER,
            "tanggal": "2026-02-23",
            "penanda_tangan": {
                "jabatan": "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Kapuas Hulu",
                "nama": "Dra. MARIA GORETTI SUSANTI, M.Si.",
                "nip": "19700415 199403 2 006",
            },
        },
        "dik": {"kolom": [{"kunci": k, "judul": j} for k, j in DIK_COLUMNS], "baris": dik},
        "dip": {"kolom": [{"kunci": k, "judul": j} for k, j in DIP_COLUMNS], "baris": dip},
        "penetapan_dip": {
            "nomor": PUBLIC_NUMBER,
            "tanggal": "2026-02-23",
            "penanda_tangan": {
                "jabatan": "Sekretaris Dinas selaku PPID Pelaksana",
                "nama": "HENDRIKUS ALEXANDER, S.Sos., M.Si.",
                "nip": "19750312 200003 1 004",
            },
        },
        "butir": butir,
    }


def signed_file(
    folder: Path, content: bytes = b"%PDF-1.7 daftar bertanda tangan"
) -> tuple[Path, dict[str, str]]:
    """A signed list and the archive register row that records it."""
    path = folder / "arsip" / "2026" / "001_daftar_informasi_dikecualikan ttd.PDF"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    registration = {
        "No": "1", "Tanggal Arsip": "2026-02-24 09:15",
        "Berkas Arsip": "2026/001_daftar_informasi_dikecualikan ttd.PDF",
        "Nomor Keputusan": NUMBER, "Tanggal Penetapan": "2026-02-23",
        "Penanda Tangan": "Dra. MARIA GORETTI SUSANTI, M.Si., Kepala Dinas",
        "NIP": "19700415 199403 2 006", "SHA-256": hashlib.sha256(content).hexdigest(),
    }  # fmt: skip
    return path, registration


PUBLIC_NUMBER = "000.8.3.4/46/DSPPA/DIP/2026"
PUBLIC_DOCUMENT = "daftar_informasi_publik_000-8-3-4-46-DSPPA-DIP-2026.pdf"


def signed_public(folder: Path, snapshot: dict[str, Any]) -> publish.SignedPublic:
    """The signed DIP of the same determination and its register row."""
    content = b"%PDF-1.7 daftar informasi publik bertanda tangan"
    path = folder / "arsip" / "2026" / "002_daftar_informasi_publik ttd.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    registration = {"No": "2", "Berkas Arsip": "2026/002_daftar_informasi_publik ttd.pdf",
                    "Nomor Keputusan": PUBLIC_NUMBER, "SHA-256": hashlib.sha256(content).hexdigest()}  # fmt: skip
    return publish.SignedPublic(parse_snapshot(snapshot), path, registration)


def publish_example(
    folder: Path, snapshot: dict[str, Any] | None = None
) -> tuple[Path, list[Path]]:
    snapshot = snapshot or example_snapshot()
    signed, registration = signed_file(folder)
    target = folder / "keluaran" / "web"
    return target, publish.write_site(
        parse_snapshot(snapshot), signed, registration, target, signed_public(folder, snapshot)
    )


def _allowed(key: str, snapshot: dict[str, Any]) -> list[str]:
    extra = ["bidang", "pasal17"] if key == "dik" else ["bidang"]
    return [c["kunci"] for c in snapshot[key]["kolom"]] + extra


def test_example_fixture_is_the_size_the_issue_asks_for():
    snapshot = example_snapshot()
    assert (len(snapshot["dik"]["baris"]), len(snapshot["dip"]["baris"])) == (30, 25)


DATA_FILES = [
    "dik.csv", "dip.csv", "dik_data.csv", "dip_data.csv", "peraturan.csv", "data.json",
    "datapackage.json",
]  # fmt: skip


def test_site_holds_the_page_the_data_and_the_signed_file(tmp_path):
    target, written = publish_example(tmp_path)
    names = sorted(path.name for path in written)
    document = "keputusan_000-8-3-4-45-DSPPA-2026.pdf"
    assert names == sorted(["index.html", *DATA_FILES, document, PUBLIC_DOCUMENT])
    assert sorted(p.name for p in target.iterdir()) == names
    assert (target / document).read_bytes() == b"%PDF-1.7 daftar bertanda tangan"
    page = html.fromstring((target / "index.html").read_bytes())
    assert page.xpath("//a[text()='Unduh keputusan bertanda tangan']/@href") == [document]
    assert [p.name for p in tmp_path.joinpath("keluaran").iterdir()] == ["web"]  # no temp folders
    # A web server's user must be able to read what is uploaded as it is.
    assert {oct(p.stat().st_mode & 0o777) for p in target.iterdir()} == {"0o644"}
    assert oct(target.stat().st_mode & 0o777) == "0o755"


@pytest.mark.parametrize("key", ["dik", "dip"])
def test_csv_and_json_rows_are_the_snapshot_rows_exactly(tmp_path, key):
    snapshot = example_snapshot()
    target, _ = publish_example(tmp_path, copy.deepcopy(snapshot))
    allowed = _allowed(key, snapshot)
    expected = [{k: row[k] for k in allowed} for row in snapshot[key]["baris"]]
    identifiers = parse_snapshot(snapshot).identifiers(key)

    data = json.loads((target / "data.json").read_text(encoding="utf-8"))
    rows = [{k: v for k, v in row.items() if k != "rujukan"} for row in data[key]["baris"]]
    published = [{"id": i, **row} for i, row in zip(identifiers, expected, strict=True)]
    assert data[key]["kolom"] == snapshot[key]["kolom"] and rows == published
    if key == "dik":  # every reference of each printed basis, as data
        assert all(r["rujukan"] == references_data(r["dasar_hukum"]) for r in data[key]["baris"])
        assert any(r["rujukan"] for r in data[key]["baris"])
    shown = ["id", *allowed] + (["rujukan"] if key == "dik" else [])
    assert all(list(row) == shown for row in data[key]["baris"])

    raw = (target / f"{key}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    titles = [c["judul"] for c in snapshot[key]["kolom"]]
    assert rows[0] == [*titles, "Bidang", *(["Pasal 17"] if key == "dik" else [])]
    as_text = [
        [neutralize("; ".join(v) if isinstance(v, list) else v) for v in row.values()]
        for row in expected
    ]
    assert rows[1:] == as_text


def test_json_keeps_codes_as_text_and_dates_iso(tmp_path):
    target, _ = publish_example(tmp_path)
    data = json.loads((target / "data.json").read_text(encoding="utf-8"))
    assert data["keputusan"] == {
        "nomor": NUMBER,
        "tanggal": "2026-02-23",
        "penanda_tangan": {
            "jabatan": "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Kapuas Hulu",
            "nama": "Dra. MARIA GORETTI SUSANTI, M.Si.",
        },
    }
    assert data["instansi"]["kode"] == "DSPPA"
    assert all(isinstance(c, str) for row in data["dik"]["baris"] for c in row["pasal17"])
    assert all(isinstance(row["no"], str) for key in ("dik", "dip") for row in data[key]["baris"])
    assert (
        data["berkas_keputusan"]["sha256"]
        == hashlib.sha256(b"%PDF-1.7 daftar bertanda tangan").hexdigest()
    )


def test_nothing_outside_the_declared_columns_is_published(tmp_path):
    _, written = publish_example(tmp_path)
    items = [row["id"] for key in ("dik", "dip") for row in example_snapshot()[key]["baris"]]
    leaks = [*LEAKS.values(), "RAHASIA-ALAMAT", "19700415 199403 2 006", *items]
    leaks += [n for n in (r["Catatan PPID Pembantu"] for r in _table("tinjauan.csv").values()) if n]
    for path in written:
        text = path.read_bytes().decode("utf-8", errors="replace")
        found = [leak for leak in leaks if leak in text]
        assert not found, f"{path.name} shows {found}"


def test_hostile_cells_are_neutralised_in_csv(tmp_path):
    target, _ = publish_example(tmp_path)
    row = _read_csv(target / "dik.csv")[3]
    assert row["Dasar Hukum Pengecualian"] == "'" + HOSTILE["dasar_hukum"]
    assert row["Konsekuensi bila Dibuka"] == "'" + HOSTILE["dibuka"]
    assert row["Konsekuensi bila Ditutup"] == "'" + HOSTILE["ditutup"]
    assert row["Jangka Waktu"] == "'" + HOSTILE["jangka_waktu"]
    assert row["Status Arsip"] == "'@Aktif"
    assert row["Informasi yang Dikecualikan"] == HOSTILE["informasi"]
    assert _read_csv(target / "dip.csv")[2]["Ringkasan Isi Informasi"].startswith("'=1+1 & <img")


def test_page_shows_hostile_text_as_text(tmp_path):
    snapshot = example_snapshot()
    snapshot["dik"]["kolom"][1]["judul"] = 'Informasi <i>"dikecualikan"</i>'
    target, _ = publish_example(tmp_path, snapshot)
    source = (target / "index.html").read_text(encoding="utf-8")
    page = html.fromstring(source)
    assert len(page.xpath("//script")) == 1 and "alert" not in page.xpath("string(//script)")
    assert not page.xpath("//table//b | //table//img | //table//i")
    cell = page.xpath("//table[@id='tabel-dik']/tbody/tr[not(@class='kelompok')]")[3].xpath("*")
    assert [c.text_content() for c in cell][1:7] == [HOSTILE[k] for k in DIK_COLUMNS_KEYS[1:]]
    assert cell[1].get("data-label") == 'Informasi <i>"dikecualikan"</i>'
    assert (
        page.xpath("//table[@id='tabel-dik']/thead/tr[@class='kolom']/th[2]")[0].text_content()
        == 'Informasi <i>"dikecualikan"</i>'
    )
    assert (
        page.xpath("//table[@id='tabel-dip']/tbody/tr[not(@class='kelompok')]")[2]
        .xpath("th")[0]
        .text_content()
        == snapshot["dip"]["baris"][2]["ringkasan"]
    )
    long_cell = page.xpath("//table[@id='tabel-dik']/tbody/tr[not(@class='kelompok')]")[7][1]
    assert long_cell.text_content() == f"Rekapitulasi {LONG_WORD} per kecamatan"
    assert len(long_cell.xpath(".//wbr")) == len(LONG_WORD) // 16  # it may wrap, nothing else


def test_page_lists_every_row_under_real_headers(tmp_path):
    snapshot = example_snapshot()
    target, _ = publish_example(tmp_path, snapshot)
    page = html.fromstring((target / "index.html").read_bytes())
    assert page.get("lang") == "id"
    for key, columns in (("dik", DIK_COLUMNS), ("dip", DIP_COLUMNS)):
        table = page.get_element_by_id(f"tabel-{key}")
        caption = table.xpath("string(caption)")
        assert table.xpath("caption") and (NUMBER in caption or "23 Februari 2026" in caption)
        heads = table.xpath("thead/tr[@class='kolom']/th")
        assert [h.text_content() for h in heads] == [title for _, title in columns]
        assert {h.get("scope") for h in heads} == {"col"}
        rows = table.xpath("tbody/tr[not(@class='kelompok')]")
        assert len(rows) == len(snapshot[key]["baris"])
        # grouped by bidang as the signed list is: each group headed by its bidang's name
        fields = list(dict.fromkeys(row["bidang"] for row in snapshot[key]["baris"]))
        groups = table.xpath("tbody")
        assert [g.xpath("string(tr[@class='kelompok']/th)") for g in groups] == fields
        assert all(r.getparent().get("data-bidang") == r.get("data-bidang") for r in rows)
        assert [r.xpath("th[@scope='row']")[0].text_content() for r in rows] == [
            row[columns[1][0]] for row in snapshot[key]["baris"]
        ]
        assert [r.get("data-bidang") for r in rows] == [
            row["bidang"] for row in snapshot[key]["baris"]
        ]
        label = page.xpath(f"//label[@for='cari-{key}']")
        assert label and page.get_element_by_id(f"cari-{key}").get("type") == "search"
        assert page.get_element_by_id(f"hitungan-{key}").get("role") == "status"


def test_page_loads_nothing_from_the_network(tmp_path):
    target, _ = publish_example(tmp_path)
    source = (target / "index.html").read_text(encoding="utf-8")
    page = html.fromstring(source)
    links = page.xpath("//@href | //@src | //@srcset | //@action | //@data")
    outside = [link for link in links if "//" in link or ":" in link.split("#")[0]]
    assert not outside
    assert not page.xpath("//link | //iframe | //img | //object | //embed")
    assert "@import" not in source and "url(http" not in source and "url(//" not in source


def test_summary_counts_items_per_bidang_and_basis(tmp_path):
    snapshot = example_snapshot()
    target, _ = publish_example(tmp_path, snapshot)
    page = html.fromstring((target / "index.html").read_bytes())
    tables = page.xpath("//section[@id='ringkasan']//table")
    per_field = {
        r.xpath("string(th)"): [int(c) for c in r.xpath("td/text()")]
        for r in tables[0].xpath("tbody/tr")
    }
    dik = Counter(r["bidang"] for r in snapshot["dik"]["baris"])
    dip = Counter(r["bidang"] for r in snapshot["dip"]["baris"])
    both = Counter(row["bidang"] for row, item in zip(snapshot["dik"]["baris"], snapshot["butir"],
                                                      strict=True)
                   if item["hasil"] == "Dikecualikan Sebagian")  # fmt: skip
    assert sum(both.values()) == 5  # exempted in part: in both lists
    assert per_field == {b: [dik[b], dip[b], both[b], dik[b] + dip[b] - both[b]]
                         for b in {*dik, *dip}}  # fmt: skip
    assert tables[0].xpath("tfoot/tr/td/text()") == ["30", "25", "5", "50"]  # 50 items
    per_basis = {
        r.xpath("string(th)"): int(r.xpath("string(td)")) for r in tables[1].xpath("tbody/tr")
    }
    codes = Counter(c for r in snapshot["dik"]["baris"] for c in set(r["pasal17"]))
    assert per_basis == {publish._pasal_label(c): n for c, n in codes.items()}
    assert "Pasal 17 huruf h angka 2" in per_basis
    charts = page.xpath("//section[@id='ringkasan']//*[local-name()='svg']")
    assert [c.get("role") for c in charts] == ["img", "img"]
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_a_failure_while_writing_leaves_the_published_site_as_it_was(tmp_path, monkeypatch):
    target, _ = publish_example(tmp_path)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    snapshot = example_snapshot()
    snapshot["keputusan"]["nomor"] = "000.8.3.4/99/DSPPA/2026"

    def broken(*args: Any) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish, "_page", broken)
    signed, registration = signed_file(tmp_path)
    registration["Nomor Keputusan"] = "000.8.3.4/99/DSPPA/2026"
    with pytest.raises(RuntimeError):
        publish.write_site(parse_snapshot(snapshot), signed, registration, target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in target.parent.iterdir()] == ["web"]


def test_a_failed_swap_puts_the_published_site_back(tmp_path, monkeypatch):
    target, _ = publish_example(tmp_path)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    rename = os.rename

    def refuse_new(source: Any, destination: Any) -> None:
        if Path(source).name.startswith(".web-baru-"):
            raise OSError("device busy")
        rename(source, destination)

    monkeypatch.setattr(publish.os, "rename", refuse_new)
    with pytest.raises(OSError, match="device busy"):
        publish_example(tmp_path)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in target.parent.iterdir()] == ["web"]


def test_previous_names_the_published_decision(tmp_path):
    target = tmp_path / "keluaran" / "web"
    assert publish.previous(target) is None
    publish_example(tmp_path)
    assert publish.previous(target) == {"nomor": NUMBER, "tanggal": "2026-02-23"}
    (target / "data.json").write_text("{rusak", encoding="utf-8")
    assert publish.previous(target) is None


def test_an_empty_list_is_published_as_empty(tmp_path):
    snapshot = example_snapshot()
    snapshot["dik"]["baris"] = []
    target, _ = publish_example(tmp_path, snapshot)
    page = html.fromstring((target / "index.html").read_bytes())
    assert "Daftar ini tidak memuat informasi." in page.get_element_by_id("dik").text_content()
    assert not page.xpath("//table[@id='tabel-dik']")
    assert len(page.xpath("//section[@id='ringkasan']//*[local-name()='svg']")) == 1
    assert _read_csv(target / "dik.csv") == []
    assert json.loads((target / "data.json").read_text(encoding="utf-8"))["dik"]["baris"] == []


def test_republishing_replaces_the_whole_folder(tmp_path):
    target, _ = publish_example(tmp_path)
    (target / "sisa-lama.txt").write_text("x", encoding="utf-8")
    publish_example(tmp_path)
    assert not (target / "sisa-lama.txt").exists()


def _broken(change: str) -> dict[str, Any]:
    snapshot = example_snapshot()
    if change == "format":
        snapshot["format"] = "dik-ppid/9"
    elif change == "column":
        del snapshot["dik"]["baris"][4]["dasar_hukum"]
    elif change == "bidang":
        del snapshot["dip"]["baris"][0]["bidang"]
    elif change == "date":
        snapshot["keputusan"]["tanggal"] = "23/02/2026"
    elif change == "lists":
        del snapshot["dip"]
    return snapshot


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "format",
            "Data penetapan berformat 'dik-ppid/9' tidak dikenal (yang dikenal: dik-ppid/1); terbitkan dengan versi alat yang membuatnya.",
        ),
        (
            "column",
            "Data penetapan tidak lengkap atau rusak (baris 5 DIK tanpa dasar_hukum); jalankan ulang `tetapkan` agar datanya dibuat kembali.",
        ),
        ("bidang", "Data penetapan tidak lengkap atau rusak (baris 1 DIP tanpa bidang);"),
        (
            "date",
            "Data penetapan tidak lengkap atau rusak (tanggal keputusan '23/02/2026' bukan TTTT-BB-HH);",
        ),
        ("lists", "Data penetapan tidak lengkap atau rusak (tanpa 'dip');"),
    ],
)
def test_a_snapshot_of_unknown_format_is_refused(tmp_path, change, message):
    signed, registration = signed_file(tmp_path)
    for write in (
        lambda s: publish.write_site(parse_snapshot(s), signed, registration, tmp_path / "web"),
        lambda s: publish.write_export(
            parse_snapshot(s), signed, registration, tmp_path / "ekspor", tmp_path / "log.csv"
        ),
    ):
        with pytest.raises(WorkspaceError, match=f"^{re.escape(message)}"):
            write(_broken(change))
    assert not (tmp_path / "web").exists() and not (tmp_path / "log.csv").exists()


def test_a_missing_or_different_signed_file_is_refused(tmp_path):
    signed, registration = signed_file(tmp_path)
    with pytest.raises(
        WorkspaceError, match=r"^Berkas bertanda tangan .*hilang.pdf tidak ditemukan"
    ):
        publish.write_site(
            parse_snapshot(example_snapshot()),
            tmp_path / "hilang.pdf",
            registration,
            tmp_path / "web",
        )
    signed.write_bytes(b"%PDF diganti")
    with pytest.raises(WorkspaceError, match=r"\(SHA-256 berbeda\)"):
        publish.write_site(
            parse_snapshot(example_snapshot()), signed, registration, tmp_path / "web"
        )
    assert not (tmp_path / "web").exists()


def test_export_zip_holds_every_file_with_verified_hashes(tmp_path):
    snapshot = example_snapshot()
    signed, registration = signed_file(tmp_path)
    log = tmp_path / "riwayat_ekspor.csv"
    public = signed_public(tmp_path, snapshot)
    made = publish.write_export(
        parse_snapshot(snapshot), signed, registration, tmp_path / "keluaran" / "ekspor", log,
        public,
    )  # fmt: skip
    assert made.name == "ekspor_DSPPA_2026_000-8-3-4-45-DSPPA-2026.zip"

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(made) as archive:
        assert archive.testzip() is None
        archive.extractall(unpacked)
    manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
    document = "keputusan_000-8-3-4-45-DSPPA-2026.pdf"
    listed = [entry["nama"] for entry in manifest["berkas"]]
    assert sorted(listed) == sorted([document, PUBLIC_DOCUMENT, *DATA_FILES, "register.csv"])
    assert sorted(p.name for p in unpacked.iterdir()) == sorted([*listed, "manifest.json"])
    for entry in manifest["berkas"]:
        content = (unpacked / entry["nama"]).read_bytes()
        assert entry["ukuran"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    assert (unpacked / document).read_bytes() == signed.read_bytes()
    assert manifest["keputusan"] == {"nomor": NUMBER, "tanggal": "2026-02-23"}
    assert manifest["instansi"]["kode"] == "DSPPA" and manifest["periode"] == 2026
    assert manifest["jumlah"] == {"dik": 30, "dip": 25}
    assert manifest["alat"]["nama"] == "dik-ppid" and manifest["alat"]["versi"]
    assert "T" in manifest["dibuat"]
    assert _read_csv(unpacked / "register.csv") == [
        registration,
        {key: public.registration.get(key, "") for key in registration},
    ]
    data = json.loads((unpacked / "data.json").read_text(encoding="utf-8"))
    identifiers = parse_snapshot(snapshot).identifiers("dik")
    assert [{k: v for k, v in r.items() if k != "rujukan"} for r in data["dik"]["baris"]] == [
        {"id": i, **{k: r[k] for k in _allowed("dik", snapshot)}}
        for i, r in zip(identifiers, snapshot["dik"]["baris"], strict=True)
    ]


def test_every_export_is_logged(tmp_path):
    signed, registration = signed_file(tmp_path)
    log = tmp_path / "riwayat_ekspor.csv"
    folder = tmp_path / "keluaran" / "ekspor"
    digests = []
    for _ in range(2):
        snapshot = example_snapshot()
        made = publish.write_export(
            parse_snapshot(snapshot), signed, registration, folder, log,
            signed_public(tmp_path, snapshot),
        )  # fmt: skip
        digests.append(hashlib.sha256(made.read_bytes()).hexdigest())
    entries = _read_csv(log)
    assert [e["SHA-256"] for e in entries] == digests
    assert {
        (e["Nomor Keputusan"], e["Berkas Ekspor"], e["Jumlah DIK"], e["Jumlah DIP"])
        for e in entries
    } == {(NUMBER, made.name, "30", "25")}
    assert all(len(e["Waktu"]) == 19 for e in entries)
    assert [p.name for p in folder.iterdir()] == [made.name]


def test_a_decision_number_left_blank_is_not_published(tmp_path):
    snapshot = example_snapshot()
    snapshot["keputusan"]["nomor"] = "000.8.3.4/        /DSPPA/2026"
    signed, registration = signed_file(tmp_path)
    registration["Nomor Keputusan"] = snapshot["keputusan"]["nomor"]
    with pytest.raises(WorkspaceError, match=r"^Nomor keputusan di arsip masih kosong"):
        publish.write_site(parse_snapshot(snapshot), signed, registration, tmp_path / "web")
    assert not (tmp_path / "web").exists()


def test_the_page_says_the_decision_determines_the_dik_and_the_dip_comes_with_it(tmp_path):
    target, _ = publish_example(tmp_path)
    page = (target / "index.html").read_text(encoding="utf-8")
    assert f"Daftar Informasi yang Dikecualikan menurut Keputusan Nomor {NUMBER}" in page
    assert (
        "Daftar Informasi Publik yang ditetapkan Sekretaris Dinas selaku PPID Pelaksana tanggal 23 Februari 2026"
        in page
    )
    assert f'href="{PUBLIC_DOCUMENT}"' in page


def _selectors(css: str) -> list[str]:
    """Every selector of a style sheet, @media blocks opened, @page blocks left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found, depth, start, skip = [], 0, 0, -1
    for index, char in enumerate(css):
        if char == "{":
            head = css[start:index].strip()
            if skip < 0 and head.startswith("@page"):
                skip = depth
            elif skip < 0 and not head.startswith("@"):
                found += [part.strip() for part in head.split(",")]
            depth += 1
            start = index + 1
        elif char == "}":
            depth -= 1
            if depth == skip:
                skip = -1
            start = index + 1
        elif char == ";" and skip < 0:
            start = index + 1
    return found


def test_the_pages_style_touches_nothing_outside_the_lists(tmp_path):
    """Pasted into a PPID site, the page's style restyles none of the site around it."""
    target, _ = publish_example(tmp_path)
    page = html.fromstring((target / "index.html").read_bytes())
    css = "\n".join(style.text_content() for style in page.xpath("//style"))
    selectors = _selectors(css)
    assert len(selectors) > 50
    assert [s for s in selectors if not s.startswith(".dik-terbitan")] == []
    assert page.xpath("//body/div[@class='dik-terbitan']")
    assert re.search(r"@page dik\b", css) and "page: dik" in css


def test_summary_keeps_the_offices_order_of_bidang(tmp_path):
    """A bidang with nothing exempted is in the DIP only: it stays in its place, not last."""
    snapshot = example_snapshot()
    first = snapshot["dik"]["baris"][0]["bidang"]
    kept = [(row, item) for row, item in zip(snapshot["dik"]["baris"], snapshot["butir"],
                                             strict=True) if row["bidang"] != first]  # fmt: skip
    snapshot["dik"]["baris"] = [row for row, _ in kept]
    snapshot["butir"] = [item for _, item in kept]
    target, _ = publish_example(tmp_path, snapshot)
    page = html.fromstring((target / "index.html").read_bytes())
    table = page.xpath("//section[@id='ringkasan']//table")[0]
    names = [r.xpath("string(th)") for r in table.xpath("tbody/tr")]
    assert names[0] == first
