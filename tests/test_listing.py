"""What the lists print: one citation style, the lembar's whole test, the DIP in words."""

from datetime import date

import pandas as pd
import pytest

from pipeline.documents import law_key
from pipeline.kit.citations import basis, pasal17_text
from pipeline.kit.config import load_config
from pipeline.kit.laws import load_register
from pipeline.stages.s3f_listing import (
    DIK_COLUMNS,
    DIP_COLUMNS,
    TEST_COLUMNS,
    cited_laws,
    continued,
    exempt_rows,
    legal_basis,
    lembar_rows,
    public_rows,
)

LAWS = load_register()


@pytest.mark.parametrize(
    ("codes", "written"),
    [
        ("17.a.2; 17.h.1; 17.h.2", "Pasal 17 huruf a angka 2 serta huruf h angka 1 dan 2"),
        ("17.a.2; 17.h.4; 17.j", "Pasal 17 huruf a angka 2, huruf h angka 4, dan huruf j"),
        ("17.h.1; 17.h.2; 17.h.3", "Pasal 17 huruf h angka 1, 2, dan 3"),
        ("17.i", "Pasal 17 huruf i"),
    ],
)
def test_pasal17_reads_like_a_decision_with_one_serta_at_most(codes, written):
    assert pasal17_text(codes) == written
    assert written.count("serta") <= 1


def test_legal_basis_is_short_uu_kip_first():
    assert (
        legal_basis("17.h.2", "Pasal 4 UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi")
        == "Pasal 17 huruf h angka 2 UU 14/2008; Pasal 4 UU 27/2022"
    )
    assert legal_basis("", "Pasal 19 UU Nomor 11 Tahun 2012") == "Pasal 19 UU 11/2012"


def test_a_chained_basis_keeps_every_law_and_each_title_once():
    typed = (
        "Pasal 12 UU Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional jo. Pasal 36 PP "
        "Nomor 57 Tahun 2021"
    )
    cited = basis("17.h.5", typed)
    assert cited.short == (
        "Pasal 17 huruf h angka 5 UU 14/2008; Pasal 12 UU 20/2003 jo. Pasal 36 PP 57/2021"
    )
    assert law_key([{"uu": cited_laws(cited, LAWS)}]) == [
        "UU 20/2003: Undang-Undang Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional",
        "UU 14/2008: Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
        "PP 57/2021: Peraturan Pemerintah Nomor 57 Tahun 2021 tentang Standar Nasional Pendidikan",
    ]


def test_the_key_names_each_law_once_in_the_order_of_the_laws():
    rows = [
        {"uu": cited_laws(basis("17.h.1", "UU Nomor 35 Tahun 2009 tentang Narkotika"), LAWS)},
        {"uu": cited_laws(basis("17.a.2", "Pasal 4 UU 27/2022; PP Nomor 94 Tahun 2021"), LAWS)},
        {"uu": cited_laws(basis("", "UU Nomor 35 Tahun 2009; Pasal 3 UU 99/2024"), LAWS)},
    ]
    assert law_key(rows) == [
        "UU 14/2008: Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
        "UU 35/2009: Undang-Undang Nomor 35 Tahun 2009 tentang Narkotika",
        "UU 27/2022: Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
        "UU 99/2024: Undang-Undang Nomor 99 Tahun 2024",  # not in the register, not titled
        "PP 94/2021: Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri "
        "Sipil",
    ]


@pytest.mark.parametrize(
    ("written", "continued_text"),
    [
        ("Rekapitulasi jumlah peserta", "rekapitulasi jumlah peserta"),
        ("NIK tidak dicantumkan", "NIK tidak dicantumkan"),
        ("Kabupaten Kapuas Hulu per kecamatan", "Kabupaten Kapuas Hulu per kecamatan"),
        ("jumlah anak", "jumlah anak"),
    ],
)
def test_after_a_colon_only_a_name_keeps_its_capital(written, continued_text):
    assert continued(written) == continued_text


def test_one_header_for_one_field_in_every_list():
    dik = {c.key: c.title for c in DIK_COLUMNS}
    lembar = {c.key: c.title for c in TEST_COLUMNS}
    shared = set(dik) & set(lembar)
    assert shared == {"no", "informasi", "dasar_hukum", "dibuka", "ditutup", "jangka_waktu"}
    assert all(dik[key] == lembar[key] for key in shared)
    assert dik["dibuka"] == "Konsekuensi/Pertimbangan bagi Publik bila Dibuka"
    assert "bidang" not in dik  # bidang is a heading row, and an extra field of every row


def outcome(**changes) -> dict:
    base = {
        "id": "PP-0001", "bidang": "PP", "judul": "Berkas korban", "ringkasan": "Asesmen.",
        "usulan": "Ya", "dasar_usulan": "17.h.1", "hasil_uji": "Dikecualikan",
        "hasil": "Dikecualikan", "pasal17_kode": "17.h.1", "dasar_hukum_lain": None,
        "akibat_dibuka": "Stigma.", "pertimbangan_ditutup": "Melindungi korban.",
        "jangka_waktu": "Tidak terbatas", "status_arsip": "Aktif", "bentuk_diberikan": None,
        "dasar_dibuka": None, "penguasa": "Kepala Bidang", "penanggung_jawab": None,
        "tanggal_pembuatan": None, "tahun_pembuatan": 2024, "bentuk": "Cetak",
        "retensi": "Aktif 2 tahun, inaktif 3 tahun, kemudian permanen",
    }  # fmt: skip
    return base | changes


def test_the_lembar_lists_every_proposal_and_every_test_with_its_result(workspace):
    config = load_config(workspace.config)
    table = pd.DataFrame(
        [
            outcome(),
            outcome(id="PP-0002", hasil_uji="Terbuka", hasil="Terbuka", pasal17_kode="",
                    dasar_dibuka="Pasal 11 UU Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"),
            outcome(id="PP-0003", usulan="Tidak", dasar_usulan="", hasil_uji=None, hasil="Terbuka"),
            outcome(id="PP-0004", usulan="Tidak", dasar_usulan="", hasil_uji="Terbuka", hasil="Terbuka",
                    akibat_dibuka=None),
            outcome(id="PP-0006", usulan="Tidak", dasar_usulan="", hasil_uji="Terbuka", hasil="Terbuka",
                    dasar_dibuka="Pasal 11 UU 14/2008"),
            outcome(id="PP-0005", hasil_uji=None, hasil=""),
        ]
    )  # fmt: skip
    rows = lembar_rows(table, config, LAWS)
    assert [r["id"] for r in rows] == ["PP-0001", "PP-0002", "PP-0004", "PP-0006", "PP-0005"]
    assert [r["hasil"] for r in rows] == [
        "Dikecualikan", "Terbuka", "Terbuka", "Terbuka", "Belum diuji"
    ]  # fmt: skip
    assert rows[1]["dasar_hukum"] == (
        "Diusulkan: Pasal 17 huruf h angka 1 UU 14/2008; Dibuka: Pasal 11 UU 14/2008"
    )
    assert rows[3]["dasar_hukum"] == "Dibuka: Pasal 11 UU 14/2008"  # never "-; Dibuka"
    assert (rows[2]["dasar_hukum"], rows[2]["dibuka"], rows[2]["jangka_waktu"]) == ("-", "-", "-")
    assert rows[0]["bidang"] == "Bidang Pemberdayaan Perempuan"
    assert [r["no"] for r in rows] == ["1", "2", "3", "4", "5"]


def test_the_dip_says_what_is_given_and_why_an_archive_is_open(workspace):
    config = load_config(workspace.config)
    table = pd.DataFrame(
        [
            outcome(hasil="Dikecualikan Sebagian", bentuk_diberikan="Rekapitulasi per kecamatan"),
            outcome(id="PP-0002", hasil="Terbuka", dasar_dibuka="Pasal 11 UU 14/2008: setiap saat",
                    tanggal_pembuatan=date(2025, 3, 1)),
            outcome(id="PP-0003", hasil="Terbuka", status_arsip="Bukan arsip", retensi=""),
        ]
    )  # fmt: skip
    rows = public_rows(table, config, LAWS)
    assert rows[0]["ringkasan"] == (
        "Rekapitulasi per kecamatan (bagian yang dapat diberikan dari Berkas korban; selebihnya "
        "dikecualikan)"
    )
    assert rows[1]["dasar_dibuka"] == "Pasal 11 UU 14/2008: setiap saat"
    assert (rows[1]["jenis"], rows[0]["jenis"]) == ("Setiap saat", "-")
    assert rows[1]["waktu_tempat"] == "Putussibau, 1 Maret 2025"
    assert rows[2]["retensi"] == "Bukan arsip"
    assert rows[2]["penanggung_jawab"] == "Kepala Bidang"  # falls back to who holds it
    assert {c.key for c in DIP_COLUMNS} <= set(rows[0])


def test_exempt_rows_carry_every_printed_field_and_the_laws_cited(workspace):
    config = load_config(workspace.config)
    other = "UU Nomor 23 Tahun 2004"
    [row] = exempt_rows(pd.DataFrame([outcome(dasar_hukum_lain=other)]), config, LAWS)
    assert {c.key for c in DIK_COLUMNS} <= set(row)
    assert row["dasar_hukum"] == "Pasal 17 huruf h angka 1 UU 14/2008; UU 23/2004"
    assert law_key([row])[0] == (  # by year, the title from the register of laws
        "UU 23/2004: Undang-Undang Nomor 23 Tahun 2004 tentang Penghapusan Kekerasan dalam "
        "Rumah Tangga"
    )


def test_the_lembar_numbers_an_exempted_item_as_the_dik_does(example):
    """A reader finds row 7 of the annex as row 7 of the lembar: the exempted come first, in the
    list's order; the rest follow under a heading of their own."""
    from pipeline.round import Round

    round_ = Round.open(example)
    dik = {row["id"]: row["no"] for row in round_.exempt_list}
    lembar = round_.test_list
    assert {row["id"]: row["no"] for row in lembar[: len(dik)]} == dik
    rest = lembar[len(dik) :]
    assert rest and all(row["hasil"] not in ("Dikecualikan", "Dikecualikan Sebagian")
                        for row in rest)  # fmt: skip
    assert {row["kelompok"] for row in rest} == {"Informasi yang diuji dan tidak dikecualikan"}
    assert [row["no"] for row in lembar] == [str(n) for n in range(1, len(lembar) + 1)]
