import csv
import errno
import os
import stat
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.kit import logs
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import FORMULA_TRIGGERS, append_log, neutralize, read_log, write_csv
from pipeline.stages.s45_review import LOG_COLUMNS, log_returns

COLUMNS = ["A", "B", "C"]
BOM = "\ufeff".encode()


def raw_cells(path: Path) -> list[list[str]]:
    """Every cell as a spreadsheet would receive it (after the BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+62 812", "'+62 812"),
        ("-2+3", "'-2+3"),
        ("- lihat lampiran", "'- lihat lampiran"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("\0=1+2", "'\0=1+2"),
        ("198001012005011001", "198001012005011001"),
        ("2026-05-01", "2026-05-01"),
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        ("000.8.3.4/45/DSPPA/2026", "000.8.3.4/45/DSPPA/2026"),
        ("'=already quoted", "'=already quoted"),
        ("", ""),
    ],
)  # fmt: skip
def test_neutralize(value, written):
    assert neutralize(value) == written


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(), st.text(), st.text()), min_size=1, max_size=4), st.booleans())
def test_any_text_reads_back_as_written_or_with_our_one_quote(rows, appended):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        records = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
        if appended:
            append_log(path, COLUMNS, records[:1])
            append_log(path, COLUMNS, records[1:])
        else:
            write_csv(path, COLUMNS, records)
        back = read_log(path, COLUMNS)
        assert len(back) == len(records)
        for record, read in zip(records, back, strict=True):
            for column in COLUMNS:
                value, cell = record[column], read[column]
                assert cell == value or (value.startswith(FORMULA_TRIGGERS) and cell == f"'{value}")
                assert not cell.startswith(FORMULA_TRIGGERS)


def test_a_leading_tab_is_kept_inside_the_quote(tmp_path):
    path = tmp_path / "log.csv"
    append_log(path, COLUMNS, [{"A": "\t=1+2", "B": " =spasi", "C": "teks\t"}])
    assert raw_cells(path)[1] == ["'\t=1+2", " =spasi", "teks\t"]


def test_a_new_log_starts_with_one_bom_and_appends_keep_every_byte(tmp_path):
    path = tmp_path / "log.csv"
    append_log(path, COLUMNS, [{"A": "1", "B": "Ä", "C": ""}])
    before = path.read_bytes()
    append_log(path, COLUMNS, [{"A": "2", "B": "é", "C": ""}])
    after = path.read_bytes()
    assert before.startswith(BOM) and after.count(BOM) == 1
    assert after.startswith(before)
    assert read_log(path) == [{"A": "1", "B": "Ä", "C": ""}, {"A": "2", "B": "é", "C": ""}]


def test_an_appended_row_never_merges_with_a_last_line_without_break(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(BOM + b"A,B,C\r\n1,x,y")  # saved by an editor that drops the final break
    append_log(path, COLUMNS, [{"A": "2", "B": "z", "C": ""}])
    assert [row["A"] for row in read_log(path)] == ["1", "2"]


def test_append_keeps_the_permission_mode(tmp_path):
    path = tmp_path / "log.csv"
    append_log(path, COLUMNS, [{"A": "1"}])
    os.chmod(path, 0o640)
    append_log(path, COLUMNS, [{"A": "2"}])
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    write_csv(path, COLUMNS, [{"A": "3"}])
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_log_saved_again_with_semicolons_is_refused_not_mixed(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("A;B;C\n1;x;y\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="pemisah ';'"):
        append_log(path, COLUMNS, [{"A": "2"}])
    with pytest.raises(WorkspaceError, match="pemisah ';'"):
        read_log(path, COLUMNS)
    assert path.read_text(encoding="utf-8") == "A;B;C\n1;x;y\n"


def test_a_log_not_in_utf8_gives_a_sentence(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes("A,B,C\r\nJosé,x,y\r\n".encode("cp1252"))
    with pytest.raises(WorkspaceError, match="bukan teks UTF-8"):
        read_log(path)


def test_a_full_disk_leaves_the_log_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "log.csv"
    append_log(path, COLUMNS, [{"A": "1"}])
    before = path.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(logs.os, "replace", full)
    with pytest.raises(WorkspaceError, match="ruang disk tidak cukup"):
        append_log(path, COLUMNS, [{"A": "2"}])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["log.csv"]


def returns(**text: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """One return at step 4, as review.decide gives it, with the given texts."""
    item = text.get("id", "PP-0001")
    returned = pd.DataFrame(
        [{"id": item, "judul": text.get("judul", "Berkas korban"), "oleh": "ppid_pembantu",
          "tahap": text.get("tahap", "Langkah 4 (PPID Pembantu)"), "catatan": text.get("catatan", "Lengkapi")}]
    )  # fmt: skip
    review = pd.DataFrame([{"id": item, "sidik": text.get("sidik", "abc123")}])
    return returned, review, {"ppid_pembantu": text.get("oleh", "Siti")}


def test_formula_text_in_every_field_of_the_return_log_is_neutralised(tmp_path):
    path = tmp_path / "riwayat_pengembalian.csv"
    formulas = {"id": "=1+2", "judul": "+HYPERLINK(\"http://x\")", "tahap": "-2+3",
                "catatan": "\t=cmd|' /C calc'!A0", "oleh": "@SUM(1)", "sidik": "=9"}  # fmt: skip
    returned, review, names = returns(**formulas)
    assert log_returns(path, returned, review, names, date(2026, 5, 1)) == 1
    header, row = raw_cells(path)
    assert header == LOG_COLUMNS
    assert row == ["2026-05-01", "'=1+2", "'+HYPERLINK(\"http://x\")", "'-2+3", "'@SUM(1)",
                   "'\t=cmd|' /C calc'!A0", "'=9"]  # fmt: skip
    # The same return is recognised as already logged, although it is stored quoted.
    assert log_returns(path, returned, review, names, date(2026, 5, 2)) == 0
    assert len(read_log(path)) == 1


def test_the_return_log_lock_is_a_hidden_file_beside_it(tmp_path):
    path = tmp_path / "riwayat_pengembalian.csv"
    log_returns(path, *returns(), date(2026, 5, 1))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".riwayat_pengembalian.csv.lock", "riwayat_pengembalian.csv"]
