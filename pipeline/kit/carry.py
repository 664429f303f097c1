"""What people filled in a generated sheet, carried to the refreshed rows: never dropped.

A previous row carries over only to the row whose match columns are the same (compared as
people read them) and only once; every other previous row with something filled is kept
aside. Carried rows keep where they were read (file, sheet, row) so problems name that cell.
"""

import pandas as pd

from pipeline.kit.problems import LOCATION
from pipeline.kit.schema import SheetSpec
from pipeline.kit.text import plain


def carry_filled(
    given: pd.DataFrame, previous: pd.DataFrame | None, spec: SheetSpec, match: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows for the sheet, rows kept aside): given columns fresh, filled columns as they were."""
    filled = [c.name for c in spec.filled]
    columns = [*spec.names, *LOCATION]
    rows = given.reset_index(drop=True).copy()
    for name in [*filled, *LOCATION]:
        if name not in rows:
            rows[name] = None
    if previous is None or previous.empty:
        return rows[columns], rows.iloc[0:0][columns]
    previous = previous.reset_index(drop=True).reindex(columns=columns)
    lookup: dict[tuple[str, ...], int] = {}
    for index, key in enumerate(_keys(previous, match)):
        if all(key) and key not in lookup:
            lookup[key] = index
    source = [lookup.get(key) for key in _keys(rows, match)]
    for name in [*filled, *LOCATION]:
        values = previous[name].tolist()
        rows[name] = [None if i is None else values[i] for i in source]
    used = {i for i in source if i is not None}
    rest = previous.drop(index=list(used))
    aside = rest[rest[filled].notna().any(axis=1)]
    return rows[columns], aside.reset_index(drop=True)


def _keys(table: pd.DataFrame, columns: list[str]) -> list[tuple[str, ...]]:
    """Each row's match key, compared as people read it (case and spacing ignored); made a
    column at a time, which is twice as fast as a row at a time."""
    read = [[" ".join(plain(v).casefold().split()) for v in table[c].tolist()] for c in columns]
    return list(zip(*read, strict=True))
