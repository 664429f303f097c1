"""Write the column tables of README.md from schemas/*.toml (between the BEGIN/END markers).

Run after changing a schema: .venv/bin/python tools/schema_docs.py
tests/test_docs.py fails when README.md is out of date.
"""

import re
import sys

from pipeline import ROOT
from pipeline.schema import SheetSpec, consequence_spec, inventory_spec, review_spec

README = ROOT / "README.md"
REQUIRED = {
    True: "wajib",
    False: "-",
    "when_archive": "wajib bila dari arsip",
    "when_proposed": "wajib bila diusulkan",
    "when_exempted": "wajib bila dikecualikan",
    "when_partial": "wajib bila dikecualikan sebagian",
}


def table(spec: SheetSpec) -> str:
    lines = ["| Kolom | Isian | Diisi oleh | Keterangan |", "| --- | --- | --- | --- |"]
    for column in spec.columns:
        if column.hidden:
            continue
        rule = ", ".join(column.choices) if column.choices else column.help
        filler = "sistem" if column.given else "pengguna"
        lines.append(f"| `{column.label}` | {REQUIRED[column.required]} | {filler} | {rule} |")
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
