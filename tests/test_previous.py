"""The last signed list as the start of a round: its record read back guardedly, items followed
to the ones they continue, what is tested again and why, what the new decision changes."""

import json
from datetime import date

import pandas as pd
import pytest

from pipeline.kit.schema import inventory_spec
from pipeline.stages import s1_previous as previous
from pipeline.stages.s1_previous import (
    History,
    HistoryError,
    PastDecision,
    PastItem,
    follow,
    read_history,
    write_history,
)
from pipeline.stages.s5_snapshot import parse_snapshot
from tests.test_publish import example_snapshot

DECISION = PastDecision(2026, "000.8.3.4/45/DSPPA/2026", date(2026, 2, 23), lembar="41",
                        tanggal_uji="2026-02-16")  # fmt: skip
ISIAN = {"no": "1", "judul": "Data anak", "ringkasan": "Identitas anak.", "penguasa": "Kabid",
         "tahun_pembuatan": "2024", "bentuk": "Cetak", "dari_arsip": "Tidak", "usulan": "Ya",
         "dasar_usulan": "17.h.1", "alasan": "Stigma."}  # fmt: skip
UJI = {"hasil_uji": "Dikecualikan", "pasal17": "17.h.1", "jangka_waktu": "Tidak terbatas",
       "akibat_dibuka": "Stigma.", "pertimbangan_ditutup": "Anak.", "tanggal_uji": "2026-02-16"}  # fmt: skip


def past(item_id="PA-0001", kunci=None, **isian) -> PastItem:
    cells = dict.fromkeys(inventory_spec().names, "") | ISIAN | isian
    test = dict.fromkeys(previous.TEST, "") | UJI
    return PastItem(kunci or f"2026-{item_id}", item_id, item_id.split("-")[0], cells, test,
                    "Bukan arsip", "Dikecualikan", no_dik="1")  # fmt: skip


def current(item_id="PA-0001", **cells) -> dict:
    row = {name: None for name in inventory_spec(carried=True).names}
    row |= {"id": item_id, "bidang": item_id.split("-")[0], "status_arsip": "Bukan arsip",
            "no": int(item_id[-4:]), "tahun_pembuatan": 2024, "tanggal_pembuatan": None}  # fmt: skip
    row |= {name: value for name, value in ISIAN.items() if name not in ("no", "tahun_pembuatan")}
    return row | cells


def test_an_archived_list_from_before_the_lineage_still_reads_and_continues():
    data = example_snapshot()  # as the first version archived it: rows and `butir` only
    data["butir"] = [
        {"id": f"PA-{number:04d}", "judul": row["informasi"], "hasil": "Dikecualikan",
         "pasal17": "; ".join(row["pasal17"]), "jangka_waktu": row["jangka_waktu"],
         "status_arsip": row["status_arsip"], "kode_arsip": "", "tanggal_uji": "2026-02-16"}
        for number, row in enumerate(data["dik"]["baris"], 1)
    ]  # fmt: skip
    snapshot = parse_snapshot(data)
    assert snapshot.inventaris == () and snapshot.perubahan == ()
    history = snapshot.as_history("keputusan.pdf", "ab" * 32)
    assert history.last.nomor == data["keputusan"]["nomor"]
    assert len(history.items) == len(data["butir"]) == len(data["dik"]["baris"])
    first = history.items[0]
    assert first.kunci == f"{data['tahun']}-{first.id}" and first.exempted
    assert first.uji["akibat_dibuka"] == data["dik"]["baris"][0]["dibuka"]


def test_the_record_round_trips_and_refuses_what_is_not_it(tmp_path):
    history = History((DECISION,), (past(),))
    write_history(tmp_path, history)
    assert read_history(tmp_path) == history
    assert read_history(tmp_path / "kosong") is None
    data = json.loads((tmp_path / previous.FILE).read_text(encoding="utf-8"))
    for broken, why in [
        ({**data, "format": "lain/1"}, "bukan berkas dik-ppid-riwayat/1"),
        ({**data, "keputusan": [{**data["keputusan"][0], "berkas": "../../instansi.toml"}]},
         "menunjuk ke luar riwayat/"),
        ({**data, "keputusan": [{**data["keputusan"][0], "tanggal": "23/02/2026"}]},
         "bukan TTTT-BB-HH"),
        ({**data, "butir": {"kolom": ["id"], "baris": []}}, "daftar butir tanpa kolom kunci"),
        ({**data, "butir": {**data["butir"], "baris": [["x"]]}}, "baris butir 1 tidak selebar"),
        ({**data, "butir": {**data["butir"], "baris": [[["a"]] * len(data["butir"]["kolom"])]}},
         "nilai list di tempat teks"),
    ]:  # fmt: skip
        (tmp_path / previous.FILE).write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(HistoryError, match=why):
            read_history(tmp_path)
    (tmp_path / previous.FILE).write_bytes(b"\xff\xfe")
    with pytest.raises(HistoryError, match="tidak terbaca"):
        read_history(tmp_path)


def test_items_follow_their_key_then_their_id_and_title_then_their_title():
    history = History((DECISION,), (past("PA-0001"), past("PA-0002", judul="Data keluarga"),
                                     past("PA-0003", judul="Data sekolah")))  # fmt: skip
    items = pd.DataFrame([
        current("PA-0007", kode_butir="2026-PA-0001"),  # renumbered, its key kept
        current("PA-0002", judul="Data keluarga"),  # a hand-made workbook: same ID and title
        current("PA-0009", judul="data  SEKOLAH"),  # renumbered without its key
        current("PA-0010", judul="Data baru"),
    ])  # fmt: skip
    lineage = follow(items, history, 2027)
    keys = dict(zip(lineage.table["id"], lineage.table["kunci"], strict=True))
    assert keys == {"PA-0007": "2026-PA-0001", "PA-0002": "2026-PA-0002",
                    "PA-0009": "2026-PA-0003", "PA-0010": "2027-PA-0010"}  # fmt: skip
    assert lineage.missing == ()
    again = dict(zip(lineage.table["id"], lineage.table["uji_ulang"], strict=True))
    assert again["PA-0010"] == "Butir baru"
    assert again["PA-0007"] == ""  # unchanged: its test is carried
    assert lineage.carried["PA-0007"]["tanggal_uji"] == date(2026, 2, 16)
    assert lineage.carried["PA-0007"]["hasil_uji"] == "Dikecualikan"


def test_what_sends_an_item_back_to_the_test():
    ending = past("PA-0002", kunci="2026-PA-0002")
    ending = PastItem(ending.kunci, ending.id, ending.bidang, ending.isian,
                      UJI | {"jangka_waktu": "1 (satu) tahun"}, "Aktif", "Dikecualikan")  # fmt: skip
    later = PastItem("2026-PA-0003", "PA-0003", "PA", ISIAN, UJI | {"jangka_waktu": "5 (lima) tahun"},
                     "Bukan arsip", "Dikecualikan")  # fmt: skip
    history = History((DECISION,), (past("PA-0001"), ending, later))
    items = pd.DataFrame([
        current("PA-0001", kode_butir="2026-PA-0001", ringkasan="Identitas dan alamat anak."),
        current("PA-0002", kode_butir="2026-PA-0002", status_arsip="Inaktif"),
        current("PA-0003", kode_butir="2026-PA-0003"),
    ])  # fmt: skip
    table = follow(items, history, 2027).table
    again = dict(zip(table["id"], table["uji_ulang"], strict=True))
    assert again["PA-0001"] == "Isi berubah: Ringkasan Isi"
    assert again["PA-0002"] == (
        "Status arsip Aktif → Inaktif; jangka waktu pengecualian berakhir 16 Februari 2027"
    )
    assert again["PA-0003"] == ""  # five years from 2026: beyond 2027


def test_a_removed_row_and_a_missing_one_are_told_apart():
    history = History((DECISION,), (past("PA-0001"), past("PA-0002", judul="Data keluarga")))
    items = pd.DataFrame([current("PA-0001", kode_butir="2026-PA-0001",
                                  tindak_lanjut="Dihapus: digabung dengan butir lain",
                                  keterangan="Digabung ke PA-0005")])  # fmt: skip
    lineage = follow(items, history, 2027)
    assert lineage.table.empty
    assert list(lineage.withdrawn["alasan"]) == ["digabung dengan butir lain"]
    assert [item.id for item in lineage.missing] == ["PA-0002"]


def test_a_new_key_never_reuses_one_of_the_last_list():
    history = History((DECISION,), (past("PA-0001", kunci="2027-PA-0001"),))
    lineage = follow(pd.DataFrame([current("PA-0001", judul="Lain sama sekali")]), history, 2027)
    assert list(lineage.table["kunci"]) == ["2027-PA-0001-2"]
    assert [item.kunci for item in lineage.missing] == ["2027-PA-0001"]
