"""One home per fact: the sheets' choice values and column labels are spelled in schemas/*.toml
only; the code takes them from there (or, for another vocabulary that happens to share a word,
is listed below with its reason)."""

import ast
from pathlib import Path

from pipeline.kit.schema import TIDAK, YA, inventory_spec, load_spec, review_spec
from tests.conftest import ROOT

SPECS = [
    load_spec(name, carried=True) for name in ("inventaris", "uji_konsekuensi", "tinjauan", "jra")
]
CHOICES = {choice for spec in SPECS for column in spec.columns for choice in column.choices}
# Column labels of more than one word; "Pasal 17" is the article of the law before it is a column.
LABELS = {c.label for spec in SPECS for c in spec.columns if " " in c.label} - {"Pasal 17"}
# Texts that share a word with a sheet's label but belong to another vocabulary.
OTHER_VOCABULARIES = {
    # the printed lists' column titles (Perki 1/2021), not the sheets'
    ("stages/s3f_listing.py", "Jangka Waktu"), ("stages/s3f_listing.py", "Status Arsip"),
    ("stages/s3f_listing.py", "Hasil Uji"), ("stages/s3f_listing.py", "Bentuk Informasi"),
    ("stages/s3f_listing.py", "Dasar Dibuka untuk Umum"), ("stages/s3f_listing.py", "Ringkasan Isi"),
    ("stages/s3f_listing.py", "Penanggung Jawab"),
    # the return log's and the archive register's own columns
    ("stages/s45_review.py", "Sidik Isi"), ("stages/s6_archive.py", "Kode Klasifikasi"),
    ("round.py", "Kode Klasifikasi"),
    # what counts are of (the page's chart series, status's table), not a test result
    ("stages/s7_publish.py", "Dikecualikan"), ("round.py", "Dikecualikan"),
}  # fmt: skip


def _texts(path: Path) -> list[tuple[int, str]]:
    """Every string the module spells, docstrings left out (f-strings: their literal parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }  # fmt: skip
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def _spelled(package: Path) -> list[tuple[str, int, str, str]]:
    found = []
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).as_posix()
        for line, text in _texts(path):
            facts = {text} & CHOICES | {label for label in LABELS if label in text}
            found += [(module, line, fact, text) for fact in facts
                      if (module, fact) not in OTHER_VOCABULARIES]  # fmt: skip
    return found


def test_no_module_spells_a_sheets_choice_or_label():
    assert _spelled(ROOT / "pipeline") == []


def test_the_check_sees_a_spelled_label_and_choice(tmp_path):
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "planted.py").write_text(
        '"""Hasil Uji in a docstring is prose."""\nMESSAGE = f"isi Hasil Uji {1}"\nANSWER = "Setuju"\n',
        encoding="utf-8",
    )
    found = {(module, line, fact) for module, line, fact, _ in _spelled(tmp_path)}
    assert found == {("kit/planted.py", 2, "Hasil Uji"), ("kit/planted.py", 3, "Setuju")}


def test_columns_that_share_answers_share_them_in_the_schema():
    assert (
        (YA, TIDAK) == inventory_spec()["usulan"].choices == inventory_spec()["dari_arsip"].choices
    )
    assert review_spec()["keputusan_pembantu"].choices == review_spec()["keputusan_atasan"].choices
