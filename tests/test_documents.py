"""What the documents say: dates from the record, who signs, one return letter per step."""

from datetime import date

import pytest
from openpyxl import load_workbook

from pipeline import documents
from pipeline.kit.config import load_config
from pipeline.kit.laws import load_register
from tests.conftest import run_cli
from tests.example_round import docx_text

ROW = {"no": "1", "id": "PP-0001", "bidang": "Bidang Pemberdayaan Perempuan", "uu": ""}


def test_several_test_days_are_stated_as_such(workspace):
    config = load_config(workspace.config)
    one = documents.Dates(tests=[date(2026, 2, 16)], decision=date(2026, 2, 23))
    several = documents.Dates(
        tests=[date(2026, 2, 16), date(2026, 2, 18)], decision=date(2026, 2, 23)
    )
    assert documents.decision_context([ROW], config, one, load_register())["keputusan"][
        "waktu_uji"
    ] == ("pada tanggal 16 Februari 2026")
    assert documents.decision_context([ROW], config, several, load_register())["keputusan"][
        "waktu_uji"
    ] == ("yang diselesaikan pada tanggal 18 Februari 2026")
    opening = documents.test_sheet_context([ROW], config, several)["lembar"]["pembuka"]
    assert opening.startswith(
        "Pada hari ini, Rabu tanggal delapan belas bulan Februari tahun dua ribu dua puluh enam, "
        "bertempat di Putussibau, telah diselesaikan Pengujian Konsekuensi yang dilaksanakan sejak "
        "tanggal 16 Februari 2026 terhadap"
    )
    context = documents.decision_context([ROW], config, several, load_register())
    assert context["keputusan"]["nomor"] == "000.8.3.4/45/DSPPA/2026"
    assert context["mengingat"][-1].startswith("Peraturan Bupati Kapuas Hulu")


def test_everyone_who_tested_signs_and_the_head_acknowledges(workspace):
    config = load_config(workspace.config)
    rows = [ROW, ROW | {"bidang": "Sekretariat"}, ROW | {"bidang": "Bidang Perlindungan Anak"}]
    signers = [p.nama for p in documents.participants(config, rows)]
    # The Sekretaris is the PPID: signs once; only bidang whose items were tested sign.
    assert signers == ["HENDRIKUS ALEXANDER, S.Sos., M.Si.", "AGUSTINUS RAHMAN, S.Kom.",
                       "SITI NURHALIZA, S.IP.", "NURLELA HASAN, S.Psi., M.Si.",
                       "ELISABETH SINTA DEWI, S.H."]  # fmt: skip
    grid = documents.test_sheet_context(rows, config, documents.Dates([date(2026, 2, 16)],
                                        date(2026, 2, 23)))["peserta_baris"]  # fmt: skip
    places = [place for line in grid for place in line]
    assert len(grid[0]) == documents.SIGNERS_PER_ROW
    acknowledging = [p for p in places if p["pengantar"] == "Mengetahui,"]
    assert [p["nama"] for p in acknowledging] == ["Dra. MARIA GORETTI SUSANTI, M.Si."]
    assert places[0]["nip"] == "NIP. 19750312 200003 1 004"


def test_a_bidang_without_its_official_gets_a_place_to_sign_by_hand(workspace):
    text = workspace.config.read_text(encoding="utf-8")
    start = text.index('pejabat = { jabatan = "Kepala Bidang Perlindungan Anak"')
    workspace.config.write_text(
        text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8"
    )
    config = load_config(workspace.config)
    rows = [ROW | {"bidang": "Bidang Perlindungan Anak"}]
    assert documents.unnamed_signers(config, rows) == ["Bidang Perlindungan Anak"]


@pytest.mark.parametrize(("head_acknowledges", "places"), [(True, 8), (False, 4)])
def test_mengetahui_takes_the_last_place_or_a_row_of_its_own(workspace, head_acknowledges, places):
    text = workspace.config.read_text(encoding="utf-8")
    if not head_acknowledges:
        text = text.replace("mengetahui = true", "mengetahui = false")
    workspace.config.write_text(text, encoding="utf-8")
    config = load_config(workspace.config)
    rows = [ROW | {"bidang": "Bidang Perlindungan Anak"}]  # PPID, 2 testers, 1 official: 4
    grid = documents.test_sheet_context(rows, config, documents.Dates([date(2026, 2, 16)],
                                        date(2026, 2, 23)))["peserta_baris"]  # fmt: skip
    assert sum(len(line) for line in grid) == places
    if head_acknowledges:
        assert grid[-1][documents.SIGNERS_PER_ROW // 2]["pengantar"] == "Mengetahui,"


RETURNS = [
    {"id": "SET-0005", "judul": "Nota", "langkah": "langkah5", "catatan": "Uraikan.",
     "tanggal": date(2026, 2, 24)},
    {"id": "PA-0001", "judul": "Data", "langkah": "langkah4", "catatan": "Perjelas.",
     "tanggal": date(2026, 2, 19)},
]  # fmt: skip


def test_one_return_letter_per_step_dated_by_its_decision(workspace):
    config = load_config(workspace.config)
    letters = documents.return_letters(RETURNS, config)
    assert list(letters) == ["pengembalian_langkah4", "pengembalian_langkah5"]
    four, five = letters["pengembalian_langkah4"], letters["pengembalian_langkah5"]
    assert four["nota"]["tanggal"] == "19 Februari 2026"
    assert five["nota"]["tanggal"] == "24 Februari 2026"
    assert four["penanda_tangan"]["nama"] == "YULIANA ERNAWATI, S.E."
    assert five["penanda_tangan"]["nama"] == "Dra. MARIA GORETTI SUSANTI, M.Si."
    assert (
        four["nota"]["kepada"] == five["nota"]["kepada"] == "Sekretaris Dinas selaku PPID Pelaksana"
    )
    assert (four["nota"]["tembusan"], five["nota"]["tembusan"]) == (
        "",
        "Kepala Subbagian Umum dan Kepegawaian selaku PPID Pembantu",
    )
    assert five["nota"]["nomor"] == "000.8.3.4/        /DSPPA"  # numbered when signed
    assert [b["butir"][0]["id"] for g in four["kelompok"] for b in g["blok"]] == ["PA-0001"]


def test_a_return_is_written_up_or_down_the_ranks_and_signed_with_the_jabatan(workspace):
    """The PPID Pembantu (III/d) writes up to the Sekretaris (IV/a): reports and asks; the head
    writes down, without naming herself in the third person."""
    config = load_config(workspace.config)
    letters = documents.return_letters(RETURNS, config)
    four, five = letters["pengembalian_langkah4"], letters["pengembalian_langkah5"]
    assert four["surat"]["pembuka"].startswith("Dengan hormat, bersama ini kami sampaikan")
    assert "dikembalikan kepada Saudara" not in four["surat"]["pembuka"]
    assert "Kami mohon kiranya Bapak berkenan" in four["surat"]["penutup"]  # NIP: a man
    assert four["penanda_tangan"]["jabatan"] == (
        "Kepala Subbagian Umum dan Kepegawaian selaku PPID Pembantu"
    )
    assert "dikembalikan kepada Saudara untuk diperbaiki" in five["surat"]["pembuka"]
    assert "Atasan PPID" not in five["surat"]["pembuka"] + five["surat"]["penutup"]
    assert five["penanda_tangan"]["jabatan"].startswith("Kepala Dinas Sosial")
    equal = workspace.config.read_text(encoding="utf-8").replace(
        'pangkat = "Penata Tingkat I (III/d)"', 'pangkat = "Pembina Tingkat I (IV/b)"'
    )
    workspace.config.write_text(equal, encoding="utf-8")
    higher = documents.return_letters(RETURNS, load_config(workspace.config))
    assert "dikembalikan kepada Saudara" in higher["pengembalian_langkah4"]["surat"]["pembuka"]


def test_each_return_keeps_its_letter_the_latest_under_the_steps_name(workspace):
    config = load_config(workspace.config)
    again = {"id": "PA-0002", "judul": "Data lain", "langkah": "langkah4",
             "catatan": "Lengkapi.", "tanggal": date(2026, 2, 26)}  # fmt: skip
    letters = documents.return_letters([*RETURNS, again], config)
    assert sorted(letters) == ["pengembalian_langkah4", "pengembalian_langkah4_2026-02-19",
                               "pengembalian_langkah5"]  # fmt: skip
    assert letters["pengembalian_langkah4"]["nota"]["tanggal"] == "26 Februari 2026"


def test_a_long_contact_line_is_printed_smaller_never_broken(workspace):
    config = load_config(workspace.config)
    kop = documents.nota_context(config)["kop"]
    assert not kop["kontak_kecil"]
    assert "Pos-el\u00a0dinsosp3a@kapuashulukab.go.id" in kop["kontak"]
    text = workspace.config.read_text(encoding="utf-8").replace(
        'kontak = "Telepon', 'kontak = "Faksimile (0567) 21035, Telepon'
    )
    workspace.config.write_text(text, encoding="utf-8")
    assert documents.nota_context(load_config(workspace.config))["kop"]["kontak_kecil"]


def test_a_round_tested_on_another_day_than_configured(example):
    """instansi.toml says 16 February; the team tested on the 18th: the record wins."""
    workbook_path = example.test_sheet
    workbook = load_workbook(workbook_path)
    sheet = workbook["Uji Konsekuensi"]
    column = next(c.column for c in sheet[1] if c.value == "Tanggal Uji")
    for line in range(2, sheet.max_row + 1):
        if sheet.cell(line, column).value is not None:
            sheet.cell(line, column).value = date(2026, 2, 18)
    workbook.save(workbook_path)
    status, printed = run_cli("run", "--workspace", str(example.root))
    assert status == 0, printed
    lembar = docx_text(example.out("lembar_pengujian_konsekuensi.docx"))
    assert "Rabu tanggal delapan belas bulan Februari tahun dua ribu dua puluh enam" in lembar
    decision = docx_text(example.out("daftar_informasi_dikecualikan.docx"))
    assert "Pengujian Konsekuensi pada tanggal 18 Februari 2026" in decision
    assert "16 Februari 2026" not in decision


def test_mengingat_follows_the_hierarchy_and_years_and_cites_the_regional_government_law(
    workspace,
):
    config = load_config(workspace.config)
    dates = documents.Dates([date(2026, 2, 16)], date(2026, 2, 23))
    laws = documents.decision_context([ROW], config, dates, load_register())["mengingat"]
    starts = [" ".join(law.split()[:6]) for law in laws]
    assert starts == [
        "Undang-Undang Nomor 14 Tahun 2008 tentang",
        "Undang-Undang Nomor 43 Tahun 2009 tentang",
        "Undang-Undang Nomor 23 Tahun 2014 tentang",
        "Undang-Undang Nomor 27 Tahun 2022 tentang",
        "Peraturan Pemerintah Nomor 61 Tahun 2010",
        "Peraturan Komisi Informasi Nomor 1 Tahun",
        "Peraturan Menteri Dalam Negeri Nomor 3",
        "Peraturan Komisi Informasi Nomor 1 Tahun",
        "Peraturan Daerah Kabupaten Kapuas Hulu Nomor",
        "Peraturan Bupati Kapuas Hulu Nomor 35",
    ]
    assert "Pemerintahan Daerah sebagaimana telah beberapa kali diubah" in laws[2]
    assert "Tahun 2017" in laws[5] and "Tahun 2021" in laws[7]


def test_a_number_left_for_the_hand_does_not_break_inside_a_sentence(workspace):
    text = workspace.config.read_text(encoding="utf-8")
    head, tail = text.split("[penomoran.lembar_uji]")
    workspace.config.write_text(
        head + "[penomoran.lembar_uji]" + tail.replace("nomor = 41", 'nomor = ""', 1), "utf-8"
    )
    config = load_config(workspace.config)
    dates = documents.Dates([date(2026, 2, 16)], date(2026, 2, 23))
    context = documents.decision_context([ROW], config, dates, load_register())
    number = context["keputusan"]["nomor_lembar_uji"]
    assert " " not in number and "\u00a0" * 8 in number


def test_the_nota_dinas_names_the_staff_it_assigns(workspace):
    staff = documents.nota_context(load_config(workspace.config))["staf"]
    assert [(s["nama"], s["nip"], s["pangkat"]) for s in staff] == [
        ("AGUSTINUS RAHMAN, S.Kom.", "19900817 201503 1 002", "Penata Muda Tingkat I (III/b)"),
        ("SITI NURHALIZA, S.IP.", "19880305 201101 2 007", "Penata (III/c)"),
    ]


def test_every_lembar_signer_has_a_pangkat_line(workspace):
    config = load_config(workspace.config)
    grid = documents.test_sheet_context([ROW], config, documents.Dates([date(2026, 2, 16)],
                                        date(2026, 2, 23)))["peserta_baris"]  # fmt: skip
    named = [place for line in grid for place in line if place["nama"]]
    assert named[0]["pangkat"] == "Pembina (IV/a)"
    assert all("pangkat" in place for line in grid for place in line)
