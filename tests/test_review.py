import pandas as pd

from pipeline.review import decide, fingerprint, review_rows
from pipeline.schema import review_spec

SPEC = review_spec()


def draft(**changes) -> pd.DataFrame:
    """The given part of a review row; its fingerprint stands for everything printed."""
    base = {"id": "PP-0001", "bidang": "Bidang PP", "judul": "Berkas korban", "hasil_uji": "Dikecualikan",
            "pasal17": "17.h.1", "jangka_waktu": "Tidak terbatas", "status_arsip": "Aktif",
            "catatan_sistem": "", "akibat": "Stigma."}  # fmt: skip
    row = base | changes
    row["sidik"] = fingerprint({k: v for k, v in row.items() if k not in ("catatan_sistem",)})
    return pd.DataFrame([row]).drop(columns="akibat")


def current(rows: pd.DataFrame) -> dict:
    return dict(zip(rows["id"], rows["sidik"], strict=True))


def decided(rows: pd.DataFrame, first="Setuju", second="Setuju", note=None) -> pd.DataFrame:
    return rows.assign(keputusan_pembantu=first, keputusan_atasan=second, catatan_atasan=note)


def test_first_review_sheet_has_fingerprints_and_no_decisions():
    rows, aside = review_rows(draft(), None, SPEC)
    assert rows.loc[0, "sidik"] == draft().loc[0, "sidik"]
    assert rows["keputusan_pembantu"].isna().all()
    assert aside.empty


def test_decisions_survive_a_refresh():
    first, _ = review_rows(draft(), None, SPEC)
    rows, _ = review_rows(draft(), decided(first, first="setuju", second="Disetujui"), SPEC)
    assert (rows.loc[0, "keputusan_pembantu"], rows.loc[0, "keputusan_atasan"]) == (
        "setuju",
        "Disetujui",
    )
    assert decide(rows, current(draft()), SPEC).approved


def test_a_decision_on_changed_content_must_be_given_again():
    first, _ = review_rows(draft(), None, SPEC)
    changed = draft(akibat="Teks lain yang tercetak di daftar")
    rows, _ = review_rows(changed, decided(first), SPEC)
    assert "berubah setelah diputuskan" in rows.loc[0, "catatan_sistem"]
    verdict = decide(rows, current(changed), SPEC)
    assert not verdict.approved
    assert verdict.pending.loc[0, "alasan"] == "isi berubah setelah diputuskan"


def test_a_removed_fingerprint_counts_as_changed():
    first, _ = review_rows(draft(), None, SPEC)
    rows, _ = review_rows(draft(), decided(first).assign(sidik=None), SPEC)
    assert (
        decide(rows, current(draft()), SPEC).pending.loc[0, "alasan"]
        == "isi berubah setelah diputuskan"
    )


def test_an_unknown_decision_is_named():
    first, _ = review_rows(draft(), None, SPEC)
    verdict = decide(decided(first, second="OK"), current(draft()), SPEC)
    assert "keputusan Atasan PPID 'OK' tidak dikenal" in verdict.pending.loc[0, "alasan"]


def test_returned_items_name_who_and_why():
    first, _ = review_rows(draft(), None, SPEC)
    verdict = decide(
        decided(first, second="dikembalikan", note="Jangka waktu terlalu luas"),
        current(draft()),
        SPEC,
    )
    assert not verdict.approved
    returned = verdict.returned.iloc[0]
    assert (returned["oleh"], returned["catatan"]) == ("kepala", "Jangka waktu terlalu luas")


def test_pembantu_return_stops_before_the_head():
    first, _ = review_rows(draft(), None, SPEC)
    verdict = decide(decided(first, first="Dikembalikan", second=None), current(draft()), SPEC)
    assert verdict.returned.iloc[0]["oleh"] == "ppid_pembantu"
    assert verdict.returned.iloc[0]["catatan"] == "(tanpa catatan)"


def test_missing_decisions_are_pending():
    first, _ = review_rows(draft(), None, SPEC)
    verdict = decide(decided(first, second=None), current(draft()), SPEC)
    assert verdict.pending.loc[0, "alasan"] == "belum diputuskan Atasan PPID"


def test_empty_list_is_not_approved():
    rows, _ = review_rows(draft().iloc[0:0], None, SPEC)
    assert not decide(rows, {}, SPEC).approved
