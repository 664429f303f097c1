"""Write the column tables of README.md from schemas/*.toml (between the BEGIN/END markers).

Run after changing a schema: .venv/bin/python tools/schema_docs.py
tests/test_docs.py fails when README.md is out of date.
"""

import re
import sys
from pathlib import Path

from pipeline.kit.schema import SheetSpec, consequence_spec, inventory_spec, review_spec

README = Path(__file__).resolve().parent.parent / "README.md"


def table(spec: SheetSpec) -> str:
    lines = ["| Kolom | Isian | Diisi oleh | Keterangan |", "| --- | --- | --- | --- |"]
    for column in spec.columns:
        if column.hidden:
            continue
        rule = ", ".join(column.choices) if column.choices else column.guidance
        filler = "sistem" if column.given else "pengguna"
        if column.required:
            required = "wajib"
        elif column.required_when:
            required = f"wajib bila {spec.condition_text(column)}"
        else:
            required = "-"
        lines.append(f"| `{column.label}` | {required} | {filler} | {rule} |")
    return "\n".join(lines)


def render(text: str) -> str:
    for name, spec in (
        ("inventaris", inventory_spec()),
        ("uji_konsekuensi", consequence_spec()),
        ("tinjauan", review_spec()),
    ):
        pattern = re.compile(
            rf"(<!-- BEGIN {name} -->\n)(?:.*?\n)?(<!-- END {name} -->)", re.DOTALL
        )
        text = pattern.sub(lambda m, s=spec: f"{m.group(1)}{table(s)}\n{m.group(2)}", text)  # type: ignore[misc]
    return text


def main() -> int:
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
