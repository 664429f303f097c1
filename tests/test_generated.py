"""Generated files cannot drift: the Word templates, the example workspace and README's column
tables are rebuilt from tools/ (into a temporary folder) and compared with the committed ones.

Both builders write reproducibly (fixed dates inside and in the zip), so a file that matches is
byte for byte the same. A file that does not is opened as the zip package it is and compared
part by part, each XML part as a tree (attribute order and serialisation aside); the failure
names the file, the part (the sheet for a worksheet), where in it, and the command that
regenerates it.
"""

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pipeline.kit.workspace import Workspace
from tests.conftest import EXAMPLE, ROOT
from tools import build_example, build_templates, schema_docs

TEMPLATES = ROOT / "templates"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
CONTEXT = 40  # characters shown before a difference (and twice that of a value)


def test_templates_are_what_build_templates_makes(tmp_path):
    build_templates.build(tmp_path)
    committed = sorted(TEMPLATES.glob("*.docx"))
    _assert_same(committed, tmp_path, TEMPLATES, "tools/build_templates.py")


def test_example_workspace_is_what_build_example_makes(tmp_path):
    rebuilt = tmp_path / "contoh"
    build_example.build(Workspace(rebuilt))
    # What the package ships of the example besides the hand-written instansi.toml.
    committed = sorted([*EXAMPLE.glob("*.xlsx"), *(EXAMPLE / "masuk").iterdir()])
    _assert_same(committed, rebuilt, EXAMPLE, "tools/build_example.py")


def test_readme_column_tables_are_what_schema_docs_writes():
    problems = schema_docs.stale(schema_docs.README.read_text(encoding="utf-8"))
    if problems:
        _fail([f"README.md: {problem}" for problem in problems], "tools/schema_docs.py")


def test_a_changed_cell_is_named_by_file_sheet_and_cell(tmp_path):
    committed = EXAMPLE / "masuk" / "SET.xlsx"
    changed = _edited(committed, tmp_path / "SET.xlsx", "xl/worksheets/sheet1.xml",
                      b"Rencana Strategis Dinas", b"Rencana Kerja Dinas")  # fmt: skip
    [message] = _differences(committed, changed)
    assert message.startswith(
        "sheet 'Inventaris' (xl/worksheets/sheet1.xml), cell B6: text: committed 'Rencana "
        "Strategis Dinas Sosial,"
    )
    assert "rebuilt 'Rencana Kerja Dinas Sosial," in message


def test_a_changed_word_in_a_template_is_named_with_its_paragraph(tmp_path):
    committed = TEMPLATES / "nota_dinas.docx"
    changed = _edited(committed, tmp_path / "nota_dinas.docx", "word/document.xml",
                      b"untuk dilaksanakan dengan", b"untuk dikerjakan dengan")  # fmt: skip
    [message] = _differences(committed, changed)
    assert message.startswith("word/document.xml, /document/body/p[")
    assert "in the paragraph 'Demikian disampaikan untuk dilaksanakan" in message
    assert "committed 'Demikian disampaikan untuk dilaksanakan dengan penuh" in message
    assert "rebuilt 'Demikian disampaikan untuk dikerjakan dengan penuh" in message


def test_a_part_only_one_side_has_is_named(tmp_path):
    committed = TEMPLATES / "nota_dinas.docx"
    changed = tmp_path / "nota_dinas.docx"
    with zipfile.ZipFile(committed) as source, zipfile.ZipFile(changed, "w") as target:
        for entry in source.infolist():
            if entry.filename != "docProps/thumbnail.jpeg":
                target.writestr(entry, source.read(entry))
    assert _differences(committed, changed) == ["parts not rebuilt: docProps/thumbnail.jpeg"]


# --- comparison ------------------------------------------------------------------------------


def _assert_same(committed: list[Path], rebuilt: Path, folder: Path, command: str) -> None:
    """Every file in the checkout is rebuilt identically, and nothing is rebuilt that is not."""
    problems = []
    names = {path.relative_to(folder) for path in committed}
    built = {path.relative_to(rebuilt) for path in rebuilt.rglob("*") if path.is_file()}
    built.discard(Path("instansi.toml"))  # the example's input, copied from the checkout
    for name in sorted(names | built):
        shown = (folder / name).relative_to(ROOT)
        if name not in built:
            problems.append(f"{shown}: in the checkout but not built")
        elif name not in names:
            problems.append(f"{shown}: built but not in the checkout")
        elif differences := _differences(folder / name, rebuilt / name):
            problems.append("\n    ".join([f"{shown}:", *differences]))
    if problems:
        _fail(problems, command)


def _fail(problems: list[str], command: str) -> None:
    listed = "\n".join(f"  - {problem}" for problem in problems)
    pytest.fail(
        f"committed files differ from what {command} builds:\n{listed}\n"
        f"If the builder is right, regenerate them with `.venv/bin/python {command}` and commit "
        f"them with it.",
        pytrace=False,
    )


def _differences(committed: Path, rebuilt: Path) -> list[str]:
    """Each part of the package `rebuilt` that differs from `committed`, where it first does."""
    if committed.read_bytes() == rebuilt.read_bytes():
        return []
    found = []
    with zipfile.ZipFile(committed) as old, zipfile.ZipFile(rebuilt) as new:
        old_parts, new_parts = set(old.namelist()), set(new.namelist())
        if missing := sorted(old_parts - new_parts):
            found.append(f"parts not rebuilt: {', '.join(missing)}")
        if added := sorted(new_parts - old_parts):
            found.append(f"parts rebuilt but not committed: {', '.join(added)}")
        places = _sheet_names(old)
        for name in old.namelist():
            if name not in new_parts or (before := old.read(name)) == (after := new.read(name)):
                continue
            part = f"{places[name]} ({name})" if name in places else name
            if not name.endswith((".xml", ".rels")):
                found.append(f"{part}: {len(before)} bytes, rebuilt {len(after)} bytes")
                continue
            first = _first_difference(
                etree.fromstring(before, PARSER), etree.fromstring(after, PARSER)
            )
            if first is not None:  # else the same XML, serialised differently
                element, what = first
                found.append(f"{part}, {_where(element)}: {what}")
    return found


def _first_difference(
    old: etree._Element, new: etree._Element
) -> tuple[etree._Element, str] | None:
    """The first element, in document order, where the two trees differ, and how."""
    if old.tag != new.tag:
        return old, f"element: committed {_local(old.tag)}, rebuilt {_local(new.tag)}"
    for key in sorted(set(old.attrib) | set(new.attrib)):
        if old.get(key) != new.get(key):
            return old, f"attribute {_local(key)}: {_contrast(old.get(key), new.get(key))}"
    if (old.text or "") != (new.text or ""):
        return old, f"text: {_contrast(old.text, new.text)}"
    for old_child, new_child in zip(old, new, strict=False):
        found = _first_difference(old_child, new_child)
        if found is not None:
            return found
        if (old_child.tail or "") != (new_child.tail or ""):
            return old_child, f"text after it: {_contrast(old_child.tail, new_child.tail)}"
    if len(old) > len(new):
        return old[len(new)], "element missing when rebuilt"
    if len(new) > len(old):
        extra = len(new) - len(old)
        return old, f"rebuilt with {extra} more child element(s), first {_local(new[len(old)].tag)}"
    return None


def _where(element: etree._Element) -> str:
    """The cell, row or range of a worksheet the element belongs to, else its path (with the
    paragraph it is in, in a Word document)."""
    lineage = [element, *element.iterancestors()]
    for node in lineage:
        if node.tag == f"{{{MAIN_NS}}}c":
            return f"cell {node.get('r')}"
        if node.tag == f"{{{MAIN_NS}}}row":
            return f"row {node.get('r')}"
        if node.get("sqref"):
            return f"{_local(node.tag)} {node.get('sqref')}"
    steps = []
    for node in reversed(lineage):
        parent = node.getparent()
        same = [] if parent is None else [c for c in parent if c.tag == node.tag]
        steps.append(_local(node.tag) + (f"[{same.index(node) + 1}]" if len(same) > 1 else ""))
    where = "/" + "/".join(steps)
    paragraph = next((n for n in lineage if n.tag == f"{{{WORD_NS}}}p"), None)
    if paragraph is not None:
        text = "".join(paragraph.itertext())
        where += f" in the paragraph {text[:CONTEXT]!r}{'…' if len(text) > CONTEXT else ''}"
    return where


def _contrast(old: str | None, new: str | None) -> str:
    """Both values, long ones shown around where they start to differ."""
    if old is None or new is None:
        return f"committed {_shown(old)}, rebuilt {_shown(new)}"
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    start = max(0, (min(len(old), len(new)) if same is None else same) - CONTEXT)
    return f"committed {_shown(old, start)}, rebuilt {_shown(new, start)}"


def _shown(text: str | None, start: int = 0) -> str:
    if text is None:
        return "absent"
    end = start + 2 * CONTEXT
    return ("…" if start else "") + repr(text[start:end]) + ("…" if end < len(text) else "")


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part of a workbook by the sheet's name ({} for other packages)."""
    if "xl/workbook.xml" not in archive.namelist():
        return {}
    workbook = etree.fromstring(archive.read("xl/workbook.xml"), PARSER)
    relations = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), PARSER)
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    names = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets[sheet.get(f"{{{REL_NS}}}id")]
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        names[part] = f"sheet {sheet.get('name')!r}"
    return names


def _local(name: str) -> str:
    return etree.QName(name).localname


def _edited(source: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    """A copy of the package `source` with `old` replaced by `new` in one part."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for entry in original.infolist():
            content = original.read(entry)
            if entry.filename == part:
                assert old in content, f"{old!r} not in {part} of {source.name}"
                content = content.replace(old, new, 1)
            copy.writestr(entry, content)
    return target
