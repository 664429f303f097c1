"""The frames the stages hand each other, declared once: each column, the type of its values and
the values it may hold. The sheets' columns come from schemas/*.toml; what the stages add
(location, ID, archive status, the test's result) is declared here. The tests check every frame
of a round against these; the stages do not pay for the check at run time.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandera.pandas as pa

from pipeline.kit.dates import NOT_YET
from pipeline.kit.schema import SheetSpec, consequence_spec, inventory_spec, review_spec
from pipeline.stages.s3d_classify import (
    AKTIF,
    BUKAN_ARSIP,
    DINILAI_KEMBALI,
    INAKTIF,
    PERLU_KONFIRMASI,
    STATIS,
    USUL_MUSNAH,
)
from pipeline.stages.s3e_consequence import DIKECUALIKAN, SEBAGIAN, TERBUKA
from pipeline.stages.s3f_listing import DIK_COLUMNS, DIP_COLUMNS, TEST_COLUMNS
from pipeline.stages.s45_review import BOTH, DIK, DIKEMBALIKAN, DIP, SETUJU

STATUSES = (AKTIF, INAKTIF, STATIS, USUL_MUSNAH, DINILAI_KEMBALI, PERLU_KONFIRMASI, BUKAN_ARSIP)
ITEM_ID = r"^[A-Z][A-Z0-9]*-\d{4}$"
ITEM_KEY = r"^\d{4}-[A-Z][A-Z0-9]*-\d{4}(-\d+)?$"
# What a sheet column's values are, by its type in schemas/*.toml (missing values aside).
VALUE_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "integer": (int,),
    "year_or_date": (int,),  # the year; a full date goes to tanggal_pembuatan
    "date_or_year": (date, str),  # a date, or NOT_YET for an event still to come
    "date": (date,),
    "choice": (str,),
    "archive_code": (str,),
    "pasal17_refs": (str,),  # canonical codes, '17.h.2; 17.a.1'
    "period": (str,),
}


def _of(*types: type) -> pa.Check:
    name = f"of {'/'.join(kind.__name__ for kind in types)}"
    return pa.Check(lambda value: isinstance(value, types) and not isinstance(value, bool),
                    element_wise=True, ignore_na=True, name=name)  # fmt: skip


def _column(types: tuple[type, ...], nullable: bool = True, *checks: pa.Check) -> pa.Column:
    return pa.Column(checks=[_of(*types), *checks], nullable=nullable)


def _one_of(values: Iterable[str]) -> pa.Check:
    return pa.Check.isin(list(values))


_NOT_YET_OR_DATE = pa.Check(lambda value: isinstance(value, date) or value == NOT_YET,
                            element_wise=True, ignore_na=True, name="date or NOT_YET")  # fmt: skip


def _sheet_columns(spec: SheetSpec, names: Iterable[str]) -> dict[str, pa.Column]:
    columns = {}
    for name in names:
        column = spec[name]
        checks = [_one_of(column.choices)] if column.choices else []
        if column.type == "date_or_year":
            checks.append(_NOT_YET_OR_DATE)
        columns[name] = _column(VALUE_TYPES[column.type], not column.required, *checks)
    return columns


LOCATION = {
    "berkas": _column((str,), False),
    "lembar": _column((str,), False),
    "baris": _column((int,), False),
}
# The inventory's valid rows: where each was read, its bidang and ID, every inventory column.
ITEMS = pa.DataFrameSchema(
    LOCATION
    | {
        "bidang": _column((str,), False),
        "id": _column((str,), False, pa.Check.str_matches(ITEM_ID)),
    }
    | _sheet_columns(inventory_spec(), inventory_spec().names)
    | {"tanggal_pembuatan": _column((date,))},
    strict=True,
    unique=["id"],
)
# In a round that continues the last list, the rows also hold the carried form's columns.
_CARRIED = inventory_spec(carried=True)
CARRIED_ITEMS = ITEMS.add_columns(
    _sheet_columns(_CARRIED, [c.name for c in _CARRIED.columns if c.carried])
)
# The same rows sorted into archive status by the JRA (SOP step 3).
CLASSIFIED = ITEMS.add_columns(
    {"status_arsip": _column((str,), False, _one_of(STATUSES)), "retensi": _column((str,), False)}
    # its key from year to year, the ID it continues, why it is tested again, where its test was
    | {"kunci": _column((str,), False, pa.Check.str_matches(ITEM_KEY))}
    | {name: _column((str,), False) for name in ("asal", "uji_ulang", "uji_lalu")}
)
_TEAM = [column.name for column in consequence_spec().filled]
# Each item with what the PPID team filled, and the result the list takes from it.
OUTCOMES = CLASSIFIED.add_columns(
    {name: _column((str,)) for name in _TEAM if name != "tanggal_uji"}
    | {
        "tanggal_uji": _column((date,)),
        "hasil": _column((str,), False, _one_of([DIKECUALIKAN, SEBAGIAN, TERBUKA, ""])),
        "pasal17_kode": _column((str,), False),
    }
)
# tinjauan.xlsx as konsep writes it: the given columns, the reviewers' decisions, where each sits.
_REVIEW = review_spec()
REVIEW_ROWS = pa.DataFrameSchema(
    {name: _column((str,), False) for name in ("id", "bidang", "judul", "hasil_uji", "pasal17",
                                               "status_arsip", "catatan_sistem")}
    | {"daftar": _column((str,), False, _one_of([DIK, DIP, BOTH]))}
    | {"jangka_waktu": _column((str,))}  # an item only in the DIP has none
    | {name: _column((str,), True, _one_of([SETUJU, DIKEMBALIKAN]))
       for name in ("keputusan_pembantu", "keputusan_atasan")}
    | {name: _column((str,)) for name in ("catatan_pembantu", "catatan_atasan")}
    | {name: _column((date,)) for name in ("tanggal_pembantu", "tanggal_atasan")}
    | {"sidik": _column((str,), False)}
    | {name: pa.Column(nullable=True) for name in LOCATION},
    strict=True,
)  # fmt: skip


def list_rows(columns: Iterable[Any], extra: Iterable[str]) -> pa.DataFrameSchema:
    """A printed list's rows: every column's text, and the keys the documents use besides."""
    keys = [column.key for column in columns] + list(extra)
    return pa.DataFrameSchema({key: _column((str,), False) for key in keys}, strict=True)


# What the DIK, the DIP and the lembar print, a row per item ('uu': the laws the row cites).
DIK_ROWS = list_rows(DIK_COLUMNS, ["id", "bidang", "uu"])
DIP_ROWS = list_rows(DIP_COLUMNS, ["id", "bidang", "uu"])
TEST_ROWS = list_rows(TEST_COLUMNS, ["id", "bidang", "uu", "kelompok", "bagian"])
