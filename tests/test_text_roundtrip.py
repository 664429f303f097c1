"""Property: whatever a person types survives intake and comes back unchanged in the feedback."""

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline.kit.config import load_config
from pipeline.kit.problems import frame, problem
from pipeline.kit.schema import inventory_spec
from pipeline.kit.text import clean_cells, clean_text
from pipeline.stages.s3a_intake import read_inbox
from pipeline.stages.s3c_report import write_feedback
from tests.conftest import EXAMPLE, row, write_inventory

# What a keyboard produces: any character but control characters, plus line breaks.
typed = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(["\n", "=", "+", "-", "@"]),
    min_size=1,
    max_size=60,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=typed)
def test_typed_text_survives_intake_and_feedback(text):
    assume(text.strip())
    assume(not re.search(r"_x[0-9a-fA-F]{4}_", text))  # Excel itself escapes these when typed
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "masuk").mkdir()
        shutil.copy(EXAMPLE / "instansi.toml", root / "instansi.toml")
        path = write_inventory(
            root / "masuk" / "PP.xlsx", [row(Keterangan=text, Ringkasan_Isi=text)]
        )
        intake = read_inbox(
            root / "masuk", inventory_spec(), load_config(root / "instansi.toml").bidang
        )
        assert intake.rows.loc[0, "keterangan"] == clean_text(text)
        source = intake.files[0].sheets[0]
        found = frame([problem(source, 2, "keterangan", "Keterangan", text, "Peringatan", "cek")])
        feedback = write_feedback(root / "umpan_balik.xlsx", path, found, "A4")
        sheet = load_workbook(feedback)["Inventaris"]
        assert sheet["N2"].value == text
        assert sheet["C2"].value == text
        assert sheet["N2"].data_type == "s"


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(
        st.one_of(st.text(), st.none(), st.floats(allow_nan=True), st.integers()), max_size=8
    )
)
def test_a_column_is_cleaned_as_each_of_its_cells_would_be(cells):
    one_by_one = [(clean_text(c) or None) if isinstance(c, str) else c for c in cells]
    assert clean_cells(cells) == one_by_one or all(
        a == b or (a != a and b != b) for a, b in zip(clean_cells(cells), one_by_one, strict=True)
    )


def test_a_combining_mark_after_a_letter_in_the_cell_before_stays_apart():
    assert clean_cells(["e", "\u0301x", "re\u0301sume\u0301"]) == ["e", "\u0301x", "résumé"]
