"""Word documents from docxtpl templates: only the drawing; what they say comes from documents.

Rendering is strict: autoescape on (so '&' and '<' survive), StrictUndefined, and a pre-flight
check that every field the template uses exists in the context, down to `kop.alamat`. An office
may put its own wording in `templat/<name>.docx` in the workspace (the bundled template edited
in Word); it replaces the bundled one and gets the same check, so a broken or unknown field is
one sentence naming the template and the field, before anything is written. A template is
data: what it may do is kit.wordtemplate's to say, and it renders in Jinja's sandbox within a
budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.kit.errors import TemplateError
from pipeline.kit.resources import TEMPLATES
from pipeline.kit.timing import stage
from pipeline.kit.workspace import write_atomically

if TYPE_CHECKING:  # the Word libraries load only when a command writes a document
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2 import nodes

    from pipeline.kit.wordtemplate import Budget

PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}
OWN_FOLDER = "templat"  # an office's own templates, inside the workspace


@dataclass(frozen=True)
class Picture:
    """An image for the document (the office's logo), placed at this height."""

    path: Path
    height_mm: float


def render(
    template: str, context: dict[str, Any], paper: str, target: Path, *, own: Path | None = None
) -> Path:
    """Fill a template on the office's paper; a missing or unknown field is named before
    anything is written, so no half-filled document reaches a signer.

    `own` is the workspace's folder of the office's own templates, if any."""
    with stage(f"render {template}"):
        return _render(template, context, paper, target, own)


def _render(
    template: str, context: dict[str, Any], paper: str, target: Path, own: Path | None
) -> Path:
    import jinja2
    from jinja2.sandbox import SecurityError

    from pipeline.kit.wordtemplate import Budget, FastTemplate, RowEnvironment

    source = check(template, context, own)
    document = FastTemplate(source)
    document.init_docx()
    _set_paper(document, paper)  # on the template: its sections are rendered with the body
    budget = Budget()

    def fill(path: Path) -> None:  # the body's rows are rendered as the file is written
        values = _prepared(context, document, budget)
        document.render(values, RowEnvironment(budget), autoescape=True)
        document.save(str(path))

    try:
        return write_atomically(target, fill)
    except SecurityError as error:  # the pre-flight refuses these; the sandbox holds regardless
        raise TemplateError(
            f"Templat {_shown(source)} menjangkau ke luar isian yang didokumentasikan "
            f"({error}); tidak ada dokumen yang ditulis."
        ) from error
    except jinja2.TemplateError as error:
        raise TemplateError(f"Templat {_shown(source)} tidak dapat diisi: {error}.") from error


def template_path(template: str, own: Path | None = None) -> Path:
    """The office's own template when there is one, else the bundled one."""
    if own is not None and (own / f"{template}.docx").is_file():
        return own / f"{template}.docx"
    source = TEMPLATES / f"{template}.docx"
    if not source.is_file():
        raise TemplateError(f"Templat {source} tidak ditemukan; pasang ulang alat ini.")
    return source


def check(template: str, context: dict[str, Any], own: Path | None = None) -> Path:
    """The template to use, after making sure every field in it exists in `context` and that
    it does nothing a template may not (kit.wordtemplate)."""
    import jinja2

    from pipeline.kit.wordtemplate import audit

    source = template_path(template, own)
    stat = source.stat()
    try:
        parsed = _parsed(source, stat.st_mtime_ns, stat.st_size)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"Templat {_shown(source)} rusak {_near(source, error)}; setiap isian ditulis "
            "utuh seperti {{ nama.isian }} dan setiap {% ... %} ditutup."
        ) from error
    except Exception as error:  # not a Word file at all
        raise TemplateError(
            f"Templat {_shown(source)} tidak dapat dibuka sebagai dokumen Word ({error}); "
            "simpan ulang sebagai .docx."
        ) from error
    found = audit(parsed, context)
    if found.refused:
        tag, why = found.refused
        raise TemplateError(
            f"Templat {_shown(source)} ditolak karena {tag}: {why}; templat hanya boleh memakai "
            "isian yang didokumentasikan, {% for %}, {% if %} dan penyaring sederhana (daftar: "
            "templates/README.md). Tidak ada dokumen yang ditulis."
        )
    unknown = found.unknown
    if unknown:
        raise TemplateError(
            f"Templat {_shown(source)} memakai isian yang tidak dikenal: "
            f"{', '.join('{{ ' + name + ' }}' for name in unknown)}; perbaiki penulisannya atau "
            "hapus isian itu (daftar isian: templates/README.md)."
        )
    return source


@lru_cache(maxsize=32)
def _parsed(source: Path, modified: int, size: int) -> nodes.Template:
    """A template parsed once per command (konsep checks all before writing any, then renders
    each); an edited file, with another time or size, is parsed again."""
    import jinja2

    return jinja2.Environment().parse(_template_text(source))


def _template_text(source: Path) -> str:
    """Everything of the template docxtpl hands to Jinja: the body, headers, footers and
    footnotes, and the document properties it renders (title, subject ...)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    helper = DocxTemplate(source)
    document = Document(str(source))
    xml = helper.patch_xml(helper.xml_to_string(document._element.body))
    for relation in document.part.rels.values():
        if relation.reltype in (helper.HEADER_URI, helper.FOOTER_URI):
            blob = relation.target_part.blob
            xml += helper.patch_xml(helper.xml_to_string(parse_xml(blob)))
    for part in document.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            xml += helper.patch_xml(part.blob.decode("utf-8"))
    properties = document.core_properties
    for name in ("comments", "identifier", "language", "subject", "title"):
        xml += getattr(properties, name) or ""
    return xml


def _near(source: Path, error: jinja2.TemplateSyntaxError) -> str:
    """Where a broken tag is, as the person sees it in Word: the tag itself."""
    from docx import Document

    document = Document(str(source))
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [p.text for t in document.tables for r in t.rows for c in r.cells
                   for p in c.paragraphs]  # fmt: skip
    for text in paragraphs:
        broken = _broken_tag(text)
        if broken:
            return f"pada isian '{broken}' ({error.message})"
    return f"({error.message})"


def _broken_tag(text: str) -> str:
    """The first '{{ ...' or '{% ...' in a paragraph that is not closed before the next one."""
    openers = list(re.finditer(r"\{\{|\{%", text))
    for number, opener in enumerate(openers):
        closer = "}}" if opener.group() == "{{" else "%}"
        limit = openers[number + 1].start() if number + 1 < len(openers) else len(text)
        if text.find(closer, opener.end(), limit) < 0:
            return text[opener.start() : min(limit, opener.start() + 60)].strip()
    return ""


def _shown(source: Path) -> str:
    """'templat/nota_dinas.docx' for an office's own template, the file name for a bundled one."""
    return (
        f"{source.parent.name}/{source.name}" if source.parent.name == OWN_FOLDER else source.name
    )


def _prepared(value: Any, document: DocxTemplate, budget: Budget) -> Any:
    """The context with each Picture turned into an image of this document, and each list
    counted by the budget. Pictures sit in the context's tables (the kop), never in the lists
    of rows, whose rows are left as they are."""
    if isinstance(value, Picture):
        from docx.shared import Mm
        from docxtpl import InlineImage

        return InlineImage(document, str(value.path), height=Mm(value.height_mm))
    if isinstance(value, dict):
        return {key: _prepared(item, document, budget) for key, item in value.items()}
    if isinstance(value, list):
        return budget.counted(value)
    return value


def _set_paper(document: DocxTemplate, paper: str) -> None:
    from docx.shared import Mm

    width, height = (Mm(size) for size in PAPER_MM.get(paper.upper(), PAPER_MM["A4"]))
    for section in document.docx.sections:
        landscape = section.page_width > section.page_height
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
