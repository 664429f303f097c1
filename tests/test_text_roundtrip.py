"""Property: whatever a person types survives intake and comes back unchanged in the feedback."""

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline.config import load_config
from pipeline.intake import read_inbox
from pipeline.problems import frame, problem
from pipeline.report import write_feedback
from pipeline.schema import inventory_spec
from pipeline.text import clean_text
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
