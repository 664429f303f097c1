"""Every frame the stages hand each other holds what pipeline/frames.py declares."""

import pandas as pd
import pandera.pandas as pa
import pytest

from pipeline import frames
from pipeline.round import Round


def _check(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> None:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        pytest.fail(str(errors.failure_cases[["column", "check", "failure_case"]].head(20)))


def test_the_example_rounds_frames_are_as_declared(example):
    round_ = Round.open(example)
    _check(frames.ITEMS, round_.inventory.items)
    _check(frames.CLASSIFIED, round_.items)
    _check(frames.OUTCOMES, round_.outcomes.table)
    _check(frames.REVIEW_ROWS, round_.review.rows)
    for schema, rows in ((frames.DIK_ROWS, round_.exempt_list), (frames.DIP_ROWS, round_.public_list),
                         (frames.TEST_ROWS, round_.test_list)):  # fmt: skip
        _check(schema, pd.DataFrame.from_records(rows))


def test_a_round_before_any_sheet_is_filled_is_as_declared(example):
    example.test_sheet.unlink()
    example.review_sheet.unlink()
    round_ = Round.open(example)
    _check(frames.OUTCOMES, round_.outcomes.table)
    _check(frames.REVIEW_ROWS, round_.review.rows)


def test_a_frame_that_strays_is_caught(example):
    table = Round.open(example).outcomes.table.copy()
    table.loc[0, "hasil"] = "Tertutup"
    table["tambahan"] = 1
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        frames.OUTCOMES.validate(table, lazy=True)
    found = set(raised.value.failure_cases["failure_case"].astype(str))
    assert {"Tertutup", "tambahan"} <= found
