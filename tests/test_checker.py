"""The checker's typing and table rules, against what they mean cell by cell."""

from datetime import date, datetime

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.kit.checker import PARSERS, CellError, _rule_failures, _type_message, _typed_column
from pipeline.kit.reference import load_references
from pipeline.kit.schema import consequence_spec, inventory_spec

REFS = load_references()
INVENTORY = inventory_spec()
COLUMNS = [INVENTORY["no"], INVENTORY["tahun_pembuatan"], INVENTORY["usulan"],
           INVENTORY["judul"], consequence_spec()["tanggal_uji"]]  # fmt: skip
# What calamine hands over, and values that are equal but not the same cell: 1, 1.0, True, "1".
SAMPLES = [1, 1.0, True, False, 0, "1", "1.0", "Ya", " ya ", "Tidak", "2023", 2023, 2023.0,
           "30/01/2023", "kemarin", float("nan"), date(2023, 1, 30),
           datetime(2023, 1, 30, 12, 0)]  # fmt: skip
cell = st.one_of(
    st.none(),
    st.sampled_from(SAMPLES),
    st.integers(-3, 3000),
    st.floats(allow_nan=True, allow_infinity=False),
    st.text(max_size=6),
)


def typed_alone(value: object, column) -> tuple[object, str | None]:
    """A cell typed on its own: (value, None), or (None, the message) when it cannot be."""
    if value is None or (isinstance(value, float) and value != value):
        return None, None
    try:
        return PARSERS[column.type](value, column), None
    except CellError as error:
        return None, str(error)
    except ValueError:
        return None, _type_message(column, value)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(cell, max_size=12), which=st.integers(0, len(COLUMNS) - 1))
def test_a_column_is_typed_as_each_of_its_cells_would_be(cells, which):
    column = COLUMNS[which]
    index = pd.Index(range(10, 10 + 2 * len(cells), 2))  # the rows' own labels are reported
    values, bad = _typed_column(pd.Series(cells, index=index, dtype=object), column)
    alone = [typed_alone(value, column) for value in cells]
    assert len(values) == len(cells)
    for got, (expected, _) in zip(values, alone, strict=True):
        assert type(got) is type(expected) and (got == expected or got != got)
    assert list(bad.items()) == [(label, message) for label, (_, message)
                                 in zip(index, alone, strict=True) if message]  # fmt: skip


def test_a_row_with_every_cell_empty_breaks_no_rule_of_the_table():
    columns = consequence_spec().filled
    names = ["berkas", "usulan", "status_arsip", *(c.name for c in columns)]
    empty = dict.fromkeys(names)
    exempted = empty | {"berkas": "uji_konsekuensi.xlsx", "usulan": "Ya",
                        "hasil_uji": "Dikecualikan"}  # fmt: skip
    typed = pd.DataFrame([empty, exempted], columns=names, dtype=object)
    failures = _rule_failures(typed, columns, consequence_spec(), REFS)
    assert {row for row, _, _ in failures} == {1}
    assert {(name, check) for _, name, check in failures} == {
        (name, f"wajib_bila:{name}")
        for name in ("pasal17", "akibat_dibuka", "pertimbangan_ditutup", "jangka_waktu")
    }


def test_a_number_repeated_in_one_file_is_a_failure_of_each_of_its_rows():
    typed = pd.DataFrame(
        {"berkas": ["PP.xlsx", "PP.xlsx", "PA.xlsx", None], "no": [1, 1, 1, None]}, dtype=object
    )
    failures = _rule_failures(typed, [INVENTORY["no"]], INVENTORY, REFS)
    # the empty row breaks the column's own rule (No is required), not the table's
    assert failures == [(0, "no", "unik:no"), (1, "no", "unik:no"), (3, "no", "not_nullable")]
