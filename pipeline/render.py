"""Word documents from docxtpl templates: only the drawing; what they say comes from documents.

Rendering is strict: autoescape on (so '&' and '<' survive), StrictUndefined, and a pre-flight
check that the context has every variable the template uses.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import TemplateError
from pipeline.resources import TEMPLATES
from pipeline.workspace import write_atomically

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}


@dataclass(frozen=True)
class Picture:
    """An image for the document (the office's logo), placed at this height."""

    path: Path
    height_mm: float


def render(template: str, context: dict[str, Any], paper: str, target: Path) -> Path:
    """Fill a template on the office's paper; a missing variable is named before anything is
    written, so no half-filled document reaches a signer."""
    import jinja2  # Word libraries load only for a command that writes a document
    from docxtpl import DocxTemplate

    source = TEMPLATES / f"{template}.docx"
    if not source.is_file():
        raise TemplateError(f"Templat {source} tidak ditemukan; pasang ulang alat ini.")
    document = DocxTemplate(source)
    missing = document.get_undeclared_template_variables(context=context)
    if missing:
        raise TemplateError(
            f"Templat {template}.docx memakai isian yang tidak tersedia: "
            f"{', '.join(sorted(missing))}."
        )
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        document.render(_with_pictures(context, document), environment, autoescape=True)
    except jinja2.TemplateError as error:
        raise TemplateError(f"Templat {template}.docx tidak dapat diisi: {error}.") from error
    _set_paper(document, paper)
    return write_atomically(target, lambda path: document.save(str(path)))


def _with_pictures(value: Any, document: "DocxTemplate") -> Any:
    """The context with each Picture turned into an image of this document."""
    if isinstance(value, Picture):
        from docx.shared import Mm
        from docxtpl import InlineImage

        return InlineImage(document, str(value.path), height=Mm(value.height_mm))
    if isinstance(value, dict):
        return {key: _with_pictures(item, document) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_pictures(item, document) for item in value]
    return value


def _set_paper(document: "DocxTemplate", paper: str) -> None:
    from docx.shared import Mm

    width, height = (Mm(size) for size in PAPER_MM.get(paper.upper(), PAPER_MM["A4"]))
    for section in document.docx.sections:
        landscape = section.page_width > section.page_height
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
