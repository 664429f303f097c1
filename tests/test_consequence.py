from datetime import date

import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from pipeline.kit.carry import carry_filled
from pipeline.kit.reference import load_references
from pipeline.kit.schema import consequence_spec
from pipeline.kit.sheets import read_fill_sheet, write_fill_sheet
from pipeline.stages.s3e_consequence import assess_outcomes

REFS = load_references()
SPEC = consequence_spec()


def cell(name: str, row: int = 2) -> str:
    """Where the tool writes column `name` of the sheet's row."""
    return f"{get_column_letter(SPEC.names.index(name) + 1)}{row}"


NAMES = {"PP": "Bidang PP"}


def items(**changes) -> pd.DataFrame:
    base = {"id": "PP-0001", "bidang": "PP", "judul": "Berkas korban",
            "ringkasan": "Asesmen dan rujukan.", "status_arsip": "Bukan arsip",
            "usulan": "Ya", "dasar_usulan": "17.h.1", "alasan": "Stigma bagi korban."}  # fmt: skip
    return pd.DataFrame([base | changes])


def outcome(**changes) -> pd.DataFrame:
    """A filled row of the consequence-test sheet, given columns included."""
    base = items().iloc[0].to_dict() | {"bidang": "Bidang PP", "saran": "", "hasil_uji": "Dikecualikan",
            "pasal17": "17.h.1", "dasar_hukum_lain": "Pasal 4 UU Nomor 27 Tahun 2022",
            "akibat_dibuka": "Stigma.", "pertimbangan_ditutup": "Melindungi korban.",
            "jangka_waktu": "Tidak terbatas", "bentuk_diberikan": None,
            "tanggal_uji": "16/02/2026"}  # fmt: skip
    return pd.DataFrame([base | changes])


def sheet(tmp_path, rows: pd.DataFrame, aside: pd.DataFrame | None = None):
    """The team's sheet as a real workbook, read back as the tool reads it."""
    aside = rows.iloc[0:0] if aside is None else aside
    path = write_fill_sheet(tmp_path / "uji_konsekuensi.xlsx", SPEC, rows, aside)
    return read_fill_sheet(path, SPEC)


def assess(tmp_path, item_changes=None, outcome_changes=None, with_sheet=True):
    table = items(**(item_changes or {}))
    previous = sheet(tmp_path, outcome(**(outcome_changes or {}))) if with_sheet else None
    outcomes = assess_outcomes(table, previous, SPEC, REFS, NAMES)
    return outcomes.table.iloc[0], outcomes.findings


def texts(findings, kind):
    return list(findings[findings["jenis"] == kind]["pesan"])


def test_complete_exemption_has_no_conflict(tmp_path):
    result, findings = assess(tmp_path)
    assert result["hasil"] == "Dikecualikan" and findings.empty
    assert result["jangka_waktu"] == "Tidak terbatas"


def test_untested_proposal_blocks_at_its_cell(tmp_path):
    result, findings = assess(tmp_path, {}, {"hasil_uji": None})
    assert result["hasil"] == ""
    assert findings.iloc[0]["sel"] == f"uji_konsekuensi.xlsx!{cell('hasil_uji')}"
    assert findings.iloc[0]["pesan"].startswith("Belum diuji: isi Hasil Uji")


def test_an_item_missing_from_the_sheet_asks_for_uji(tmp_path):
    _, findings = assess(tmp_path, with_sheet=False)
    assert texts(findings, "konflik") == [
        "Belum diuji: butir ini belum ada di uji_konsekuensi.xlsx; jalankan uji."
    ]


def test_item_not_proposed_and_not_tested_is_open(tmp_path):
    assert assess(tmp_path, {"usulan": "Tidak"}, with_sheet=False)[0]["hasil"] == "Terbuka"


@pytest.mark.parametrize(
    ("item_changes", "outcome_changes", "cell", "conflict"),
    [
        ({}, {"akibat_dibuka": None}, cell("akibat_dibuka"), "Kolom 'Akibat bila Dibuka' wajib diisi pada baris ini karena Hasil Uji = Dikecualikan"),
        ({}, {"hasil_uji": "Dikecualikan Sebagian"}, cell("bentuk_diberikan"), "Kolom 'Bentuk yang Dapat Diberikan' wajib diisi"),
        ({}, {"hasil_uji": "Mungkin"}, cell("hasil_uji"), "'Mungkin' bukan pilihan kolom 'Hasil Uji'"),
        ({}, {"pasal17": "17.q"}, cell("pasal17"), "'17.q' bukan rujukan Pasal 17"),
        ({}, {"jangka_waktu": "kapan-kapan"}, cell("jangka_waktu"), "'kapan-kapan' bukan jangka waktu yang jelas"),
        ({}, {"tanggal_uji": "besok"}, cell("tanggal_uji"), "tulis tanggal"),
        ({}, {"pasal17": "17.a.2"}, cell("jangka_waktu"), "huruf a-f tidak boleh tanpa batas waktu"),
        ({"status_arsip": "Aktif"}, {"hasil_uji": "Terbuka"}, cell("dasar_dibuka"), "Kolom 'Dasar Dibuka untuk Umum' wajib diisi pada baris ini karena Hasil Uji = Terbuka dan Status Arsip = Aktif atau Inaktif"),
        ({"status_arsip": "Inaktif", "usulan": "Tidak"}, {"hasil_uji": None}, cell("dasar_dibuka"), "Arsip berstatus Inaktif tidak dibuka untuk umum menurut SOP"),
    ],
)  # fmt: skip
def test_conflicts_for_the_reviewers(tmp_path, item_changes, outcome_changes, cell, conflict):
    _, findings = assess(tmp_path, item_changes, outcome_changes)
    conflicts = findings[findings["jenis"] == "konflik"]
    assert len(conflicts) == 1, conflicts.to_dict("records")
    assert conflict in conflicts.iloc[0]["pesan"]
    assert conflicts.iloc[0]["sel"] == (f"uji_konsekuensi.xlsx!{cell}" if cell else "")


@pytest.mark.parametrize(
    ("item_changes", "outcome_changes", "note"),
    [
        ({"status_arsip": "Statis"}, {}, "Arsip statis terbuka untuk umum"),
        ({}, {"dasar_hukum_lain": "Pasal 3 Perpres 39/2019"}, "di bawah Undang-Undang (Perpres 39/2019)"),
        ({"status_arsip": "Perlu konfirmasi"}, {}, "Status arsip perlu konfirmasi"),
        (
            {"status_arsip": "Aktif"},
            {"hasil_uji": "Terbuka", "dasar_dibuka": "Pasal 11 UU 14/2008"},
            "dibuka untuk umum: Pasal 11 UU 14/2008",
        ),
        (
            {},
            {"dasar_hukum_lain": "Pasal 4 UU Nomor 99 Tahun 2024"},
            "UU 99/2024 tidak ada di daftar peraturan alat ini; tulis judulnya",
        ),
        ({}, {"dasar_hukum_lain": "Pasal 4 UU 27/2022 dan aturan turunannya"}, "'aturan turunannya' tidak terbaca"),
    ],
)  # fmt: skip
def test_notes_do_not_block(tmp_path, item_changes, outcome_changes, note):
    _, findings = assess(tmp_path, item_changes, outcome_changes)
    assert texts(findings, "konflik") == []
    assert any(note in text for text in texts(findings, "catatan") + texts(findings, "peringatan"))


@pytest.mark.parametrize(
    ("pasal17", "other", "conflict"),
    [
        ("17.h.1", "UU Nomor 35 Tahun 2009 tentang Narkotika", "UU 35/2009 disebut tanpa pasal"),
        ("17.h.2", "Pasal 57 UU 36/2009", "UU 36/2009 (Kesehatan) telah dicabut dan diganti Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan"),
        ("17.h.4", "Pasal 10 UU 5/2014", "diganti Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara"),
        ("17.j", None, "Pasal 17 huruf j mengecualikan informasi yang tidak boleh diungkapkan berdasarkan Undang-Undang"),
        ("17.h.1", "Pasal 12 UU 20/2003 jo. PP 57/2021", "PP 57/2021 disebut tanpa pasal"),
    ],
)  # fmt: skip
def test_a_law_without_its_article_or_no_longer_in_force_blocks_at_its_cell(
    tmp_path, pasal17, other, conflict
):
    _, findings = assess(tmp_path, {}, {"pasal17": pasal17, "dasar_hukum_lain": other})
    conflicts = findings[findings["jenis"] == "konflik"]
    where = f"uji_konsekuensi.xlsx!{cell('dasar_hukum_lain')}"
    assert list(conflicts["sel"]) == [where], conflicts.to_dict("records")
    assert conflict in conflicts.iloc[0]["pesan"]


@pytest.mark.parametrize(
    "other",
    [
        "Pasal 79 UU 23/2006 jo. UU 24/2013",  # the amending law cites the article as amended
        "Pasal 44 ayat (1) huruf h UU Nomor 43 Tahun 2009 tentang Kearsipan",
        "Pasal 12 UU Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional jo. Pasal 36 PP 57/2021",
    ],
)
def test_a_basis_with_its_articles_in_force_passes(tmp_path, other):
    _, findings = assess(tmp_path, {}, {"pasal17": "17.j", "dasar_hukum_lain": other})
    assert findings.empty, findings.to_dict("records")


def test_huruf_j_resting_only_below_a_statute_warns_without_blocking(tmp_path):
    _, findings = assess(
        tmp_path, {}, {"pasal17": "17.j", "dasar_hukum_lain": "Pasal 5 Perpres 39/2019"}
    )
    assert texts(findings, "konflik") == []
    [warning] = texts(findings, "peringatan")
    assert "Pasal 17 huruf j mensyaratkan Undang-Undang" in warning


def test_temporary_letters_with_a_finite_period_are_fine(tmp_path):
    assert texts(assess(tmp_path, {}, {"pasal17": "17.a.2; 17.h.1"})[1], "konflik") == []
    finite = {"pasal17": "17.a.1", "jangka_waktu": "Sampai putusan berkekuatan hukum tetap"}
    assert texts(assess(tmp_path, {}, finite)[1], "konflik") == []


def test_periods_are_written_in_the_standard_wording(tmp_path):
    result, _ = assess(tmp_path, {}, {"pasal17": "17.a.2", "jangka_waktu": "5 thn"})
    assert result["jangka_waktu"] == "5 (lima) tahun"


def test_refresh_keeps_what_the_team_filled_and_sets_aside_orphans():
    previous = pd.concat([outcome(), outcome(id="PP-0009", akibat_dibuka="Isian lama")])
    rows, aside = carry_filled(
        items().iloc[:, :8].assign(saran=""), previous.assign(baris=[2, 3]), SPEC, ["id", "judul"]
    )
    assert rows.loc[0, "akibat_dibuka"] == "Stigma." and rows.loc[0, "baris"] == 2
    assert list(aside["id"]) == ["PP-0009"]
    assert aside.loc[0, "akibat_dibuka"] == "Isian lama"


def test_renamed_or_renumbered_item_does_not_inherit_an_outcome(tmp_path):
    previous = sheet(tmp_path, outcome(judul="Judul lama yang lain"))
    outcomes = assess_outcomes(items(), previous, SPEC, REFS, NAMES)
    assert outcomes.rows["hasil_uji"].isna().all()
    assert list(outcomes.aside["judul"]) == ["Judul lama yang lain"]
    assert (
        "hasil uji lamanya ada di lembar 'Isian Tanpa Butir'"
        in texts(outcomes.findings, "konflik")[0]
    )


def test_duplicate_and_blank_id_rows_are_kept_aside_not_dropped():
    previous = pd.concat(
        [outcome(), outcome(akibat_dibuka="Kedua"), outcome(id=None, akibat_dibuka="Tanpa ID")]
    )
    rows, aside = carry_filled(
        items().iloc[:, :8].assign(saran=""), previous, SPEC, ["id", "judul"]
    )
    assert rows.loc[0, "akibat_dibuka"] == "Stigma."
    assert sorted(aside["akibat_dibuka"]) == ["Kedua", "Tanpa ID"]


def test_matching_ignores_case_and_spacing():
    previous = outcome(judul="  berkas   KORBAN ")
    rows, _ = carry_filled(items().iloc[:, :8].assign(saran=""), previous, SPEC, ["id", "judul"])
    assert rows.loc[0, "hasil_uji"] == "Dikecualikan"


def test_the_sheet_suggests_grounds_from_the_title_and_never_decides(tmp_path):
    table = items(judul="Data rekening penerima bantuan", ringkasan="NIK dan nomor rekening.")
    outcomes = assess_outcomes(table, None, SPEC, REFS, NAMES)
    suggestion = outcomes.rows.loc[0, "saran"]
    assert suggestion.startswith("Pasal 17: 17.h.1; 17.h.3.")
    assert "Pasal 4 ayat (2) huruf f UU 27/2022 (data keuangan pribadi)" in suggestion
    assert outcomes.rows.loc[0, ["hasil_uji", "pasal17", "dasar_hukum_lain"]].isna().all()
    assert (
        assess_outcomes(items(usulan="Tidak"), None, SPEC, REFS, NAMES).rows.loc[0, "saran"] == ""
    )


def test_a_test_date_without_its_day_is_asked_for_in_full():
    from pipeline.kit.checker import CellError, _as_date
    from pipeline.kit.schema import consequence_spec

    column = consequence_spec()["tanggal_uji"]
    assert _as_date("16 Juni 2025", column) == date(2025, 6, 16)
    with pytest.raises(CellError, match="'Juni 2025' tidak menyebut harinya; Tanggal Uji perlu"):
        _as_date("Juni 2025", column)
