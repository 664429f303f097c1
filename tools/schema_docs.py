"""Write the column tables of README.md from schemas/*.toml (between the BEGIN/END markers).

Run after changing a schema: .venv/bin/python tools/schema_docs.py
With --check it only reports the tables that are out of date (exit status 1), as
tests/test_generated.py does.
"""

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.kit.schema import SheetSpec, consequence_spec, inventory_spec, review_spec

README = Path(__file__).resolve().parent.parent / "README.md"


def table(spec: SheetSpec) -> str:
    lines = ["| Kolom | Isian | Diisi oleh | Keterangan |", "| --- | --- | --- | --- |"]
    for column in spec.columns:
        if column.hidden:
            continue
        rule = ", ".join(column.choices) if column.choices else column.guidance
        if column.carried:
            rule = f"Hanya pada putaran lanjutan (`init --dari`). {rule}"
        filler = "sistem" if column.given else "pengguna"
        if column.required:
            required = "wajib"
        elif column.required_when:
            required = f"wajib bila {spec.condition_text(column)}"
        else:
            required = "-"
        lines.append(f"| `{column.label}` | {required} | {filler} | {rule} |")
    return "\n".join(lines)


def tables() -> dict[str, SheetSpec]:
    """Each table by its marker name, which is also its schema's file name."""
    return {
        "inventaris": inventory_spec(carried=True),
        "uji_konsekuensi": consequence_spec(carried=True),
        "tinjauan": review_spec(),
    }


def _between_markers(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- BEGIN {name} -->\n)(.*?\n)?(<!-- END {name} -->)", re.DOTALL)


def render(text: str) -> str:
    for name, spec in tables().items():
        text = _between_markers(name).sub(
            lambda m, s=spec: f"{m.group(1)}{table(s)}\n{m.group(3)}",  # type: ignore[misc]
            text,
        )
    return text


def stale(text: str) -> list[str]:
    """What is out of date in the README `text`: one line per table, naming its first wrong line."""
    problems = []
    for name, spec in tables().items():
        match = _between_markers(name).search(text)
        if match is None:
            problems.append(f"the markers <!-- BEGIN {name} --> and <!-- END {name} --> are gone")
            continue
        written = (match.group(2) or "").splitlines()
        wanted = table(spec).splitlines()
        if written == wanted:
            continue
        first = next(
            (n for n, (a, b) in enumerate(zip(written, wanted, strict=False)) if a != b),
            min(len(written), len(wanted)),
        )
        line = text.count("\n", 0, match.end(1)) + first + 1
        has = written[first] if first < len(written) else "(end of the table)"
        should = wanted[first] if first < len(wanted) else "(end of the table)"
        problems.append(
            f"table {name} differs from schemas/{name}.toml at line {line}: {has!r} "
            f"should be {should!r}"
        )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write README.md's column tables.")
    parser.add_argument("--check", action="store_true", help="only report stale tables")
    text = README.read_text(encoding="utf-8")
    if parser.parse_args(argv).check:
        problems = stale(text)
        for problem in problems:
            print(f"README.md: {problem}")
        return 1 if problems else 0
    README.write_text(render(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
