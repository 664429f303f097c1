"""What the documents say: dates from the record, who signs, one return letter per step."""

from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import documents
from pipeline.kit.config import load_config
from pipeline.kit.laws import load_register
from tests.conftest import run_cli
from tests.test_cli_round import docx_text

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


def test_one_return_letter_per_step_dated_by_its_decision(workspace):
    config = load_config(workspace.config)
    returned = pd.DataFrame(
        [
            {"id": "SET-0005", "judul": "Nota", "oleh": "kepala", "tahap": "Langkah 5 (Atasan PPID)",
             "catatan": "Uraikan.", "tanggal": date(2026, 2, 24)},
            {"id": "PA-0001", "judul": "Data", "oleh": "ppid_pembantu",
             "tahap": "Langkah 4 (PPID Pembantu)", "catatan": "Perjelas.", "tanggal": None},
        ]
    )  # fmt: skip
    letters = documents.return_contexts(returned, config)
    assert list(letters) == ["langkah4", "langkah5"]
    four, five = letters["langkah4"], letters["langkah5"]
    assert four["nota"]["tanggal"] == "23 Februari 2026"  # no date in the sheet: instansi.toml
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
    assert [b["butir"][0]["id"] for b in four["blok"]] == ["PA-0001"]


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
