"""Templates are data: an office's own template in templat/ that reaches outside the documented
fields is refused before anything is written, naming the tag; one that loops or repeats
without end stops within the budget; the rendering itself runs in Jinja's sandbox."""

import pytest
from docx import Document
from jinja2.sandbox import SecurityError

from pipeline.kit import wordtemplate
from pipeline.kit.errors import TemplateError
from pipeline.kit.render import check, render
from pipeline.kit.resources import TEMPLATES
from pipeline.kit.wordtemplate import RowEnvironment
from tests.conftest import run_cli


def own_template(folder, name, text, *, title=""):
    """The bundled template as an office edits it in Word: one paragraph added at the end."""
    document = Document(str(TEMPLATES / f"{name}.docx"))
    document.add_paragraph(text)
    document.core_properties.title = title
    (folder / "templat").mkdir(exist_ok=True)
    path = folder / "templat" / f"{name}.docx"
    document.save(str(path))
    return path


ESCAPES = [
    ("{{ instansi.__class__.__mro__[1].__subclasses__() }}",
     "{{ instansi.__class__.__mro__[1].__subclasses__(...) }}"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}",
     "{{ cycler.__init__.__globals__.os.popen(...).read(...) }}"),
    ("{{ kop.__class__ }}", "{{ kop.__class__ }}"),
    ("{% for b in bidang %}{{ b.nama.__class__ }}{% endfor %}", "{{ b.nama.__class__ }}"),
    ("{{ tempat.upper() }}", "{{ tempat.upper(...) }}"),
    ("{{ tempat|format(tempat) }}", "{{ tempat|format }}"),
    ("{{ 'x' * 1000000000 }}", "{{ 'x' * 1000000000 }}"),
    ("{% set x = tempat ~ tempat %}{{ x }}", "{% set %}"),
    ("{% include 'lain.docx' %}", "{% include %}"),
    ("{% autoescape false %}{{ tempat }}{% endautoescape %}", "{% autoescape %}"),
    ("{% for b in bidang recursive %}{{ loop(b) }}{% endfor %}", "{{ loop(...) }}"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tag"), ESCAPES)
def test_a_template_reaching_outside_its_fields_is_refused_before_writing(example, text, tag):
    own_template(example.root, "nota_dinas", text)
    status, printed = run_cli("nota", "--workspace", str(example.root))
    assert status == 2, printed
    said = " ".join(printed.split())
    assert f"Templat templat/nota_dinas.docx ditolak karena {tag}:" in said
    assert "Tidak ada dokumen yang ditulis" in said
    assert "uid=" not in printed and "PATH" not in printed
    assert not example.out("nota_dinas.docx").exists()


def test_a_tag_in_the_document_properties_is_checked_too(example):
    own_template(example.root, "nota_dinas", "", title="{{ tempat.__class__ }}")
    with pytest.raises(TemplateError, match=r"ditolak karena \{\{ tempat.__class__ \}\}"):
        check("nota_dinas", _nota_context(rows=1), example.root / "templat")


def test_documented_fields_loops_and_simple_filters_are_allowed(example):
    text = (
        "{% for b in bidang %}{{ loop.index }}. {{ b.nama|upper }}{% if not loop.last %}, "
        "{% endif %}{% endfor %} ({{ bidang|length }} bidang, {{ tempat ~ ' ' ~ tahun }})"
    )
    own_template(example.root, "nota_dinas", text)
    status, printed = run_cli("nota", "--workspace", str(example.root))
    assert status == 0, printed
    paragraphs = [p.text for p in Document(str(example.out("nota_dinas.docx"))).paragraphs]
    assert paragraphs[-1].startswith("1. SEKRETARIAT, 2. BIDANG REHABILITASI SOSIAL, ")
    assert paragraphs[-1].endswith("(7 bidang, Putussibau 2026)")


def test_a_loop_without_end_stops_within_its_step_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(wordtemplate, "BASE_STEPS", 1_000)
    monkeypatch.setattr(wordtemplate, "STEPS_PER_ELEMENT", 20)
    text = "{% for a in baris %}{% for b in baris %}{% for c in baris %}.{% endfor %}{% endfor %}{% endfor %}"
    own_template(tmp_path, "nota_dinas", text)
    context = _nota_context(rows=40)  # 64,000 steps asked, 1,800 allowed
    with pytest.raises(TemplateError, match="melampaui batas langkah"):
        render("nota_dinas", context, "A4", tmp_path / "nota.docx", own=tmp_path / "templat")
    assert not (tmp_path / "nota.docx").exists()
    assert list(tmp_path.glob("*.docx")) == []


@pytest.mark.parametrize(
    "loops",
    ["{% for a in baris + baris %}{% for b in baris + baris %}.{% endfor %}{% endfor %}",
     "{% for a in baris|join %}{% for b in baris|join %}.{% endfor %}{% endfor %}"],
    ids=["a list the template made", "the characters of a text"],
)  # fmt: skip
def test_every_loop_counts_its_steps_whatever_it_walks(tmp_path, monkeypatch, loops):
    monkeypatch.setattr(wordtemplate, "BASE_STEPS", 1_000)
    own_template(tmp_path, "nota_dinas", loops)
    with pytest.raises(TemplateError, match="melampaui batas langkah"):
        render("nota_dinas", _nota_context(rows=40), "A4", tmp_path / "nota.docx",
               own=tmp_path / "templat")  # fmt: skip


def test_a_rendering_past_its_time_stops(tmp_path, monkeypatch):
    """The clock, not the steps: every step here turns the whole list into text. The time
    allowed is set to none, so the first look at the clock stops it."""
    monkeypatch.setattr(wordtemplate, "BASE_SECONDS", 0.0)
    monkeypatch.setattr(wordtemplate, "SECONDS_PER_ELEMENT", 0.0)
    own_template(
        tmp_path, "nota_dinas", "{% for a in baris %}{{ (baris|string)|length }}{% endfor %}"
    )
    with pytest.raises(TemplateError, match="melampaui batas waktu"):
        render("nota_dinas", _nota_context(rows=600), "A4", tmp_path / "nota.docx",
               own=tmp_path / "templat")  # fmt: skip
    assert not (tmp_path / "nota.docx").exists()


def test_output_that_outgrows_the_data_stops_within_its_size_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(wordtemplate, "BASE_OUTPUT", 200_000)
    monkeypatch.setattr(wordtemplate, "OUTPUT_PER_ELEMENT", 1_000)
    text = (
        "{% for a in baris %}{% for b in baris %}"
        + "teks yang diulang " * 50
        + "{% endfor %}{% endfor %}"
    )
    own_template(tmp_path, "nota_dinas", text)
    with pytest.raises(TemplateError, match="melampaui batas ukuran"):
        render("nota_dinas", _nota_context(rows=60), "A4", tmp_path / "nota.docx",
               own=tmp_path / "templat")  # fmt: skip
    assert not (tmp_path / "nota.docx").exists()


def test_the_sandbox_refuses_python_attributes_at_render_too():
    environment = RowEnvironment()
    with pytest.raises(SecurityError):
        environment.from_string("{{ x.__class__ }}").render(x="teks")
    with pytest.raises(SecurityError):
        environment.from_string("{{ x.upper() }}").render(x="teks")
    assert environment.from_string("{{ r.a }}{{ l|join(',') }}").render(r={"a": 1}, l=[1, 2]) == (
        "11,2"
    )


def _nota_context(rows: int) -> dict[str, object]:
    """The Nota Dinas' fields, plus a list of `rows` rows for the hostile loops to walk."""
    from pipeline.documents import nota_context
    from pipeline.kit.config import load_config
    from tests.conftest import EXAMPLE

    context = nota_context(load_config(EXAMPLE / "instansi.toml"))
    return context | {"baris": [{"n": n} for n in range(rows)]}


def test_a_loop_over_an_empty_list_may_name_its_rows_fields_but_never_pythons():
    """A first round has no changes to list: the changes annex loops over nothing, and its
    rows' fields cannot be known from the data, yet a dunder is refused all the same."""
    from jinja2 import Environment

    from pipeline.kit.render import audit

    parse = Environment().parse
    context = {"perubahan": {"kelompok": []}}
    fine = parse("{% for g in perubahan.kelompok %}{{ g.judul }}{{ g.blok[0].butir }}{% endfor %}")
    assert audit(fine, context).refused is None
    sneaky = parse("{% for g in perubahan.kelompok %}{{ g.__class__ }}{% endfor %}")
    assert audit(sneaky, context).refused is not None


def test_rows_grouped_under_headings_each_bring_their_share_of_the_budget(tmp_path, monkeypatch):
    """The lists group their rows by bidang: a long list in few groups is the data's size, not
    the groups'. 2 groups of 100 rows print about 100 KB; the budget allows 50 KB and 1 KB per
    element, so counted by groups (52 KB) it would stop, counted by rows (252 KB) it fits."""
    monkeypatch.setattr(wordtemplate, "BASE_OUTPUT", 50_000)
    monkeypatch.setattr(wordtemplate, "OUTPUT_PER_ELEMENT", 1_000)
    text = "{% for g in grup %}{% for r in g.butir %}" + "x" * 500 + "{% endfor %}{% endfor %}"
    own_template(tmp_path, "nota_dinas", text)
    context = _nota_context(rows=0) | {
        "grup": [{"butir": [{"n": n} for n in range(100)]} for _ in range(2)]
    }
    render("nota_dinas", context, "A4", tmp_path / "nota.docx", own=tmp_path / "templat")
    assert "x" * 500 in "".join(p.text for p in Document(str(tmp_path / "nota.docx")).paragraphs)
