"""Files shipped with the tool (schemas, templates, reference tables, the example workspace).

In a checkout they sit beside the package; an installed wheel carries them inside it
(pyproject.toml maps them into `pipeline/`), so the tool runs from any folder either way.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def shipped(name: str) -> Path:
    """The shipped folder `name` (schemas, templates, data)."""
    installed = PACKAGE / name
    return installed if installed.is_dir() else PACKAGE.parent / name


SCHEMAS = shipped("schemas")
TEMPLATES = shipped("templates")
REFERENCE = shipped("data") / "referensi"
EXAMPLE = shipped("data") / "contoh"
