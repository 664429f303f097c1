"""Legal bases read as data: any spelling and joiner of a reference gives the same references,
and no text is ever lost (hypothesis generates the bases)."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.kit.citations import Law, Provision, Reference, parse, provisions_text

KINDS = ["UU", "PP", "Perpres", "Permendagri", "Perki", "Permensos"]
LONG = {
    "UU": "Undang-Undang",
    "PP": "Peraturan Pemerintah",
    "Perpres": "Peraturan Presiden",
    "Permendagri": "Peraturan Menteri Dalam Negeri",
    "Perki": "Peraturan Komisi Informasi",
    "Permensos": "Peraturan Menteri Sosial",
}
WORDS = ["Kearsipan", "Guru", "dan", "Dosen", "Perlindungan", "Anak", "Data", "Pribadi",
         "Sistem", "Peradilan", "Pidana", "Informasi", "Publik"]  # fmt: skip


@st.composite
def articles(draw) -> tuple[Provision, ...]:
    """Articles as a person cites them: each article with one kind of point below it."""
    found: list[Provision] = []
    for pasal in draw(st.lists(st.sampled_from(["4", "12", "17", "28A", "44", "64"]),
                               min_size=0, max_size=3, unique=True)):  # fmt: skip
        levels = draw(st.sampled_from([(), ("ayat",), ("huruf",), ("ayat", "huruf"),
                                       ("huruf", "angka"), ("ayat", "huruf", "angka")]))  # fmt: skip
        paths: list[dict[str, str]] = [{"pasal": pasal}]
        for level in levels:
            values = {"ayat": ["1", "2", "3"], "huruf": list("abhij"), "angka": ["1", "2", "4"]}
            chosen = draw(st.lists(st.sampled_from(values[level]), min_size=1, max_size=3,
                                   unique=True))  # fmt: skip
            paths = [path | {level: value} for path in paths for value in chosen]
        found += [Provision(**path) for path in paths]
    return tuple(found)


@st.composite
def references(draw) -> list[Reference]:
    found = []
    for position in range(draw(st.integers(min_value=1, max_value=4))):
        law = Law(draw(st.sampled_from(KINDS)), str(draw(st.integers(1, 120))),
                  draw(st.integers(1974, 2030)))  # fmt: skip
        chained = position > 0 and draw(st.booleans())
        found.append(Reference(law, draw(articles()), "", chained))
    return found


def written(reference: Reference, style: str, title: str) -> str:
    law = reference.law
    name = {
        "short": law.short,
        "nomor": f"{law.kind} Nomor {law.number} Tahun {law.year}",
        "long": f"{LONG[law.kind]} Nomor {law.number} Tahun {law.year}",
        "no": f"{LONG[law.kind]} No. {law.number} Tahun {law.year}",
    }[style]
    if title:
        name += f" tentang {title}"
    cited = provisions_text(reference.provisions)
    return f"{cited} {name}" if cited else name


@settings(max_examples=300, deadline=None)
@given(
    references(),
    st.sampled_from(["short", "nomor", "long", "no"]),
    st.lists(st.sampled_from(["; ", " dan ", " serta ", "\n", ", ", " ;  "]), min_size=4, max_size=4),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map(" ".join),
)  # fmt: skip
def test_every_reference_is_read_whatever_joins_it(cited, style, joiners, words):
    title = words.strip()
    if title.split()[:1] == ["dan"] or title.split()[-1:] == ["dan"]:
        title = ""  # a title never starts or ends with 'dan'
    text = written(cited[0], style, title)
    for position, reference in enumerate(cited[1:], 1):
        chain = " jo. " if reference.chained else joiners[position - 1]
        text += chain + written(reference, style, title)
    result = parse(text)
    assert result.unread == [], text
    assert [(r.law, r.provisions, r.chained) for r in result.references] == [
        (r.law, r.provisions, r.chained) for r in cited
    ], text
    assert all(r.title == title for r in result.references), text
    again = parse(result.short)
    assert [(r.law, r.provisions, r.chained) for r in again.references] == [
        (r.law, r.provisions, r.chained) for r in cited
    ]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Pasl 17UU/20;,.:jo\ndantuhgkyr()ABab")), max_size=60))
@example("dAn:").via("a joiner against punctuation was dropped: ':' was kept of 'dAn:'")
@example(":jo").via("and ':' of ':jo'")
def test_no_text_is_lost_and_the_short_style_is_stable(text):
    result = parse(text)
    short = result.short
    for piece in result.unread:
        assert piece in short
    if not result.references:  # nothing read: every word kept as written, but bare joiners
        assert _words(short) == _words(text)
    assert parse(short).short == short


def _words(text: str) -> list[str]:
    joiners = {"dan", "serta", "jo", "jo.", "juncto", ",", ";", ":"}
    words = text.replace(";", " ; ").replace(",", " , ").split()
    return [w for w in words if w.casefold() not in joiners]


@pytest.mark.parametrize(
    ("typed", "short"),
    [
        ("Pasal 12 UU Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional jo. Pasal 36 PP "
         "Nomor 57 Tahun 2021", "Pasal 12 UU 20/2003 jo. Pasal 36 PP 57/2021"),
        ("Pasal 44 ayat (1) huruf a dan huruf i UU Nomor 43 Tahun 2009 tentang Kearsipan",
         "Pasal 44 ayat (1) huruf a dan i UU 43/2009"),
        ("UU 12/2022 dan UU 23/2004", "UU 12/2022; UU 23/2004"),
        ("UU 11/2012 Pasal 19 dan Pasal 64 UU 35/2014", "Pasal 19 UU 11/2012; Pasal 64 UU 35/2014"),
        ("UU 23/2002 tentang Perlindungan Anak sebagaimana telah diubah terakhir dengan UU 17/2016",
         "UU 23/2002 jo. UU 17/2016"),
        ("Undang-Undang Republik Indonesia Nomor 14 Tahun 2008 tentang Keterbukaan Informasi "
         "Publik", "UU 14/2008"),
        ("Peraturan Bupati Kapuas Hulu Nomor 35 Tahun 2021 tentang Pedoman PPID",
         "Perbup Kapuas Hulu 35/2021"),
        ("Pasal 11 UU 14/2008: informasi yang wajib tersedia setiap saat",
         "Pasal 11 UU 14/2008: informasi yang wajib tersedia setiap saat"),
        ("Pasal 4 UU 27/2022 dan peraturan pelaksanaannya",
         "Pasal 4 UU 27/2022 dan peraturan pelaksanaannya"),
        ("Perda Kabupaten Kapuas Hulu tentang PPID", "Perda Kabupaten Kapuas Hulu tentang PPID"),
        ("Pasal 79 UU 23/2006\nPasal 4 ayat (2), ayat (3), dan ayat (4) UU 27/2022",
         "Pasal 79 UU 23/2006; Pasal 4 ayat (2), (3), dan (4) UU 27/2022"),
    ],
)  # fmt: skip
def test_citations_as_people_write_them(typed, short):
    assert parse(typed).short == short


def test_a_law_named_in_a_title_is_part_of_the_title():
    [reference] = parse(
        "Pasal 64 UU No. 35 Tahun 2014 tentang Perubahan atas UU Nomor 23 Tahun 2002 tentang "
        "Perlindungan Anak"
    ).references
    assert reference.title == (
        "Perubahan atas Undang-Undang Nomor 23 Tahun 2002 tentang Perlindungan Anak"
    )


def test_text_that_is_no_reference_is_kept_and_reported():
    result = parse("Perda Kapuas Hulu tentang PPID; Pasal 4 UU 27/2022")
    assert result.unread == ["Perda Kapuas Hulu tentang PPID"]
    assert [r.law.short for r in result.references] == ["UU 27/2022"]
