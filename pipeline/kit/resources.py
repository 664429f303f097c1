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


def version() -> str:
    """The installed tool's version, as --version, the page and the export name it."""
    from importlib import metadata  # a twentieth of a second: only when a version is shown

    try:
        return metadata.version("dik-ppid")
    except metadata.PackageNotFoundError:
        return "tidak diketahui"
