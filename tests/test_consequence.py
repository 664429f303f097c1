import pandas as pd
import pytest

from pipeline.consequence import apply_outcomes, legal_basis, pasal17_text
from pipeline.reference import load_references
from pipeline.schema import consequence_spec
from pipeline.sheets import carry_filled

REFS = load_references()
SPEC = consequence_spec()


def items(**changes) -> pd.DataFrame:
    base = {"id": "PP-0001", "bidang": "PP", "judul": "Berkas korban", "status_arsip": "Bukan arsip",
            "usulan": "Ya", "dasar_usulan": "17.h.1"}  # fmt: skip
    return pd.DataFrame([base | changes])


def outcome(**changes) -> pd.DataFrame:
    """A filled row of the consequence-test sheet, given columns included."""
    base = items().iloc[0].to_dict() | {"id": "PP-0001", "hasil_uji": "Dikecualikan", "pasal17": "17.h.1",
            "dasar_hukum_lain": "Pasal 4 UU Nomor 27 Tahun 2022", "akibat_dibuka": "Stigma.",
            "pertimbangan_ditutup": "Melindungi korban.", "jangka_waktu": "Tidak terbatas",
            "bentuk_diberikan": None, "tanggal_uji": "16/02/2026"}  # fmt: skip
    return pd.DataFrame([base | changes])


def assess(item_changes=None, outcome_changes=None, with_outcome=True, aside=None):
    table = items(**(item_changes or {}))
    previous = (
        outcome(**(outcome_changes or {})).assign(judul="Berkas korban") if with_outcome else None
    )
    rows, _ = carry_filled(table.iloc[:, :6], previous, SPEC, ["id", "judul"])
    aside = pd.DataFrame(columns=SPEC.names) if aside is None else aside
    return apply_outcomes(table, rows, aside, SPEC, REFS).iloc[0]


def test_complete_exemption_has_no_conflict():
    result = assess()
    assert (result["hasil"], result["konflik"], result["catatan"]) == ("Dikecualikan", [], [])


def test_untested_proposal_blocks():
    result = assess(with_outcome=False)
    assert result["hasil"] == ""
    assert result["konflik"] == ["Belum diuji: isi Hasil Uji di uji_konsekuensi.xlsx."]


def test_item_not_proposed_and_not_tested_is_open():
    assert assess({"usulan": "Tidak"}, with_outcome=False)["hasil"] == "Terbuka"


@pytest.mark.parametrize(
    ("item_changes", "outcome_changes", "conflict"),
    [
        ({}, {"akibat_dibuka": None, "jangka_waktu": None}, "Dikecualikan tanpa Akibat bila Dibuka, Jangka Waktu"),
        ({}, {"hasil_uji": "Dikecualikan Sebagian"}, "tanpa Bentuk yang Dapat Diberikan"),
        ({}, {"pasal17": "17.a.2"}, "huruf a-f tidak boleh tanpa batas waktu"),
        ({"status_arsip": "Aktif"}, {"hasil_uji": "Terbuka", "akibat_dibuka": None}, "Arsip berstatus Aktif tidak boleh dibuka"),
        ({"status_arsip": "Inaktif", "usulan": "Tidak"}, {"hasil_uji": None, "akibat_dibuka": None}, "Arsip berstatus Inaktif"),
        ({}, {"hasil_uji": "Mungkin"}, "Hasil Uji 'Mungkin' tidak dikenal"),
        ({}, {"pasal17": "17.q"}, "Pasal 17 '17.q' tidak dikenal"),
    ],
)  # fmt: skip
def test_conflicts_for_the_reviewers(item_changes, outcome_changes, conflict):
    conflicts = assess(item_changes, outcome_changes)["konflik"]
    assert any(conflict in text for text in conflicts), conflicts


@pytest.mark.parametrize(
    ("item_changes", "outcome_changes", "note"),
    [
        ({"status_arsip": "Statis"}, {}, "Arsip statis terbuka untuk umum"),
        ({}, {"dasar_hukum_lain": "Perpres 54/2010"}, "tidak menyebut Undang-Undang"),
        ({"status_arsip": "Perlu konfirmasi"}, {}, "Status arsip perlu konfirmasi"),
        ({"status_arsip": "Aktif"}, {"hasil_uji": "Terbuka"}, "dibuka atas dasar uji konsekuensi"),
    ],
)
def test_notes_do_not_block(item_changes, outcome_changes, note):
    result = assess(item_changes, outcome_changes)
    assert result["konflik"] == []
    assert any(note in text for text in result["catatan"])


def test_temporary_letters_with_a_finite_period_are_fine():
    assert assess({}, {"pasal17": "17.a.2; 17.h.1"})["konflik"] == []
    assert (
        assess({}, {"pasal17": "17.a.1", "jangka_waktu": "Sampai putusan berkekuatan hukum tetap"})[
            "konflik"
        ]
        == []
    )


def test_refresh_keeps_what_the_team_filled_and_sets_aside_orphans():
    previous = pd.concat([outcome(), outcome(id="PP-0009", akibat_dibuka="Isian lama")]).assign(
        judul="Berkas korban"
    )
    rows, aside = carry_filled(items().iloc[:, :6], previous, SPEC, ["id", "judul"])
    assert rows.loc[0, "akibat_dibuka"] == "Stigma."
    assert list(aside["id"]) == ["PP-0009"]
    assert aside.loc[0, "akibat_dibuka"] == "Isian lama"


def test_renamed_or_renumbered_item_does_not_inherit_an_outcome():
    previous = outcome().assign(judul="Judul lama yang lain")
    rows, aside = carry_filled(items().iloc[:, :6], previous, SPEC, ["id", "judul"])
    assert rows["hasil_uji"].isna().all()
    assert list(aside["judul"]) == ["Judul lama yang lain"]
    result = apply_outcomes(items(), rows, aside, SPEC, REFS).iloc[0]
    assert "hasil uji lamanya ada di lembar 'Isian Tanpa Butir'" in result["konflik"][0]


def test_duplicate_and_blank_id_rows_are_kept_aside_not_dropped():
    previous = pd.concat(
        [outcome(), outcome(akibat_dibuka="Kedua"), outcome(id=None, akibat_dibuka="Tanpa ID")]
    )
    rows, aside = carry_filled(
        items().iloc[:, :6], previous.assign(judul="Berkas korban"), SPEC, ["id", "judul"]
    )
    assert rows.loc[0, "akibat_dibuka"] == "Stigma."
    assert sorted(aside["akibat_dibuka"]) == ["Kedua", "Tanpa ID"]


def test_matching_ignores_case_and_spacing():
    previous = outcome().assign(judul="  berkas   KORBAN ")
    rows, _ = carry_filled(items().iloc[:, :6], previous, SPEC, ["id", "judul"])
    assert rows.loc[0, "hasil_uji"] == "Dikecualikan"


def test_legal_basis_reads_like_a_decision():
    assert (
        pasal17_text("17.a.2; 17.h.1; 17.h.2")
        == "Pasal 17 huruf a angka 2 serta huruf h angka 1 dan 2"
    )
    item = assess().copy()
    assert legal_basis(item) == (
        "Pasal 17 huruf h angka 1 Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi "
        "Publik; Pasal 4 UU Nomor 27 Tahun 2022"
    )
