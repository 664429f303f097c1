import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.kit.reference import (
    Suggestion,
    SuggestionIndex,
    code_sort_key,
    load_references,
    load_suggestions,
    parse_pasal17,
)


@pytest.mark.parametrize(
    "typed",
    [
        "17.h.2",
        "Pasal 17 huruf h angka 2",
        "17 h 2",
        "17(h)(2)",
        "h.2",
        "pasal 17 huruf h angka (2)",
    ],
)
def test_pasal17_written_many_ways(typed):
    assert parse_pasal17(typed) == (["17.h.2"], [])


def test_pasal17_lists_and_shared_letter():
    assert parse_pasal17("17.a.2 dan h.1; 17.h.1, 2") == (["17.a.2", "17.h.1", "17.h.2"], [])
    assert parse_pasal17("huruf i") == (["17.i"], [])


def test_pasal17_reports_what_it_cannot_read():
    assert parse_pasal17("17.h.2; Perpres 54/2010") == (["17.h.2"], ["perpres 54/2010"])


def test_reference_tables_hold_every_pasal17_point_and_jra_row():
    refs = load_references()
    assert {"17.a", "17.a.5", "17.c.7", "17.e.7", "17.f.4", "17.h.5", "17.j"} <= set(
        refs.pasal17.index
    )
    assert len(refs.pasal17) == 38
    assert refs.jra.index.is_unique
    row = refs.jra.loc["400.2.4.2"]
    assert (row["retensi_aktif"], row["retensi_inaktif"], row["nasib_akhir"]) == (2, 3, "Permanen")
    assert row["pemicu"].startswith("Setelah Data Diperbarui")


def test_codes_sort_per_segment():
    codes = ["400.9.10.1", "400.9.2.1", "000.8.3.4"]
    assert sorted(codes, key=code_sort_key) == ["000.8.3.4", "400.9.2.1", "400.9.10.1"]


WORDS = ["anak", "anak angkat", "data pribadi", "rekam medis", "KDRT", "(P2TP2A)", "&", "ab_c"]
SUGGESTIONS = [
    Suggestion(f"s{n}", tuple(words), (), "", "")
    for n, words in enumerate([WORDS[:2], WORDS[1:4], WORDS[4:6], WORDS[6:], [" Anak "]])
]


def _called_for(text: str, suggestions: list[Suggestion]) -> list[Suggestion]:
    """The definition: some word of the suggestion stands whole in the text, in any case."""
    return [
        suggestion
        for suggestion in suggestions
        if any(
            re.search(r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)", text, re.IGNORECASE)
            for word in suggestion.words
            if word.strip()
        )
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*WORDS, "Anak", "ANAK ANGKAT", "anakku", "data", "pribadi", "medis"])
        | st.text("ab_ &()-.,\nAK", max_size=4),
        max_size=8,
    )
)
@example(["anak  angkat"])  # two spaces: the runs are there, the word is not
@example(["data", "pribadi"])
@example(["xKDRT"])
@example(["a&b"])
def test_the_index_finds_what_the_definition_finds(parts):
    text = " ".join(parts)
    assert SuggestionIndex(SUGGESTIONS).found(text) == _called_for(text, SUGGESTIONS)


def test_the_bundled_suggestions_are_found_as_defined():
    suggestions = list(load_suggestions())
    index = SuggestionIndex(suggestions)
    for suggestion in suggestions:
        for word in suggestion.words:
            text = f"Berkas {word.upper()} tahun 2024"
            assert suggestion in index.found(text)
            assert index.found(text) == _called_for(text, suggestions)


def test_suggested_codes_are_each_title_s_first_best_name(monkeypatch):
    """All titles at once, a chunk at a time, give what comparing each title alone gives:
    rapidfuzz's extractOne over the JRA's names (the first of the best, at JRA_MATCH)."""
    from rapidfuzz import fuzz, process

    from pipeline.kit import reference

    jra = load_references().jra
    names = reference.jra_names(jra)
    series = list(jra["jenis_arsip"])
    titles = [
        *(f"Berkas {s} Kecamatan Putussibau 2024" for s in series),
        *(f"{s.split(' ')[0]} kegiatan lain" for s in series),
        "Notulen rapat",
        None,
        "",
        "Data Gender dan Anak 2023",
    ]

    def alone(title: object) -> tuple[str, str] | None:
        if not isinstance(title, str) or not reference._comparable(title):
            return None
        found = process.extractOne(reference._comparable(title), names,
                                   scorer=fuzz.partial_ratio, score_cutoff=reference.JRA_MATCH)  # fmt: skip
        return None if found is None else (found[2][0], str(jra.at[found[2][0], "jenis_arsip"]))

    monkeypatch.setattr(reference, "JRA_CHUNK", 7)  # several chunks
    suggested = reference.suggested_codes(jra, titles)
    assert suggested == [alone(title) for title in titles]
    assert sum(s is not None for s in suggested) >= len(series)  # the names are found
