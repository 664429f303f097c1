"""Rendering: every template filled intact, on the office's paper, and an office's own template
checked field by field before anything is written."""

import shutil
from datetime import date

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from pipeline import documents
from pipeline.kit import render
from pipeline.kit.config import load_config
from pipeline.kit.errors import TemplateError
from pipeline.kit.laws import load_register
from pipeline.kit.resources import TEMPLATES

LAWS = load_register()

TRICKY = "A & B <tag> \"kutip\" 'apostrof'"
DATES = documents.Dates(tests=[date(2026, 2, 16)], decision=date(2026, 2, 23))


def text_of(path) -> str:
    """Every paragraph of the document, nested table cells included."""
    document = Document(str(path))
    return "\n".join(
        t.text for t in document.element.body.iter() if t.tag.endswith("}t") and t.text
    )


def contexts(config) -> dict[str, dict]:
    row = {"no": "1", "id": "PP-0001", "informasi": TRICKY, "bidang": "Bidang PP", "dasar_hukum": TRICKY,
           "dibuka": TRICKY, "ditutup": TRICKY, "jangka_waktu": "Tidak terbatas", "status_arsip": "Aktif",
           "hasil": "Dikecualikan", "uu": "UU 14/2008\tUndang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan"}  # fmt: skip
    public = {"no": "1", "id": "PP-0002", "bidang": "Bidang PP", "ringkasan": TRICKY, "penguasa": "Kabid",
              "penanggung_jawab": "Kasi", "waktu_tempat": "Putussibau, 2025", "bentuk": "Cetak",
              "jenis": "Setiap saat", "retensi": "Bukan arsip", "dasar_dibuka": TRICKY, "uu": ""}  # fmt: skip
    returned = [{"id": "PP-0001", "judul": TRICKY, "langkah": "langkah5", "catatan": TRICKY,
                 "tanggal": date(2026, 2, 24)}]  # fmt: skip
    return {
        "nota_dinas": documents.nota_context(config),
        "konsep_daftar_informasi_dikecualikan": documents.draft_context([row], config, DATES),
        "konsep_daftar_informasi_publik": documents.draft_context([public], config, DATES),
        "lembar_pengujian_konsekuensi": documents.test_sheet_context([row], config, DATES),
        "daftar_informasi_dikecualikan": documents.decision_context([row], config, DATES, LAWS),
        "daftar_informasi_publik": documents.public_context([public], config, DATES),
        "pengembalian": documents.return_letters(returned, config)["pengembalian_langkah5"],
    }


def test_every_template_renders_special_characters_intact(workspace, tmp_path):
    config = load_config(workspace.config)
    for name, context in contexts(config).items():
        path = render.render(name, context, config.paper, tmp_path / f"{name}.docx")
        text = text_of(path)
        assert "{{" not in text and "{%" not in text, name
        if name != "nota_dinas":
            assert TRICKY in text, name
        assert "PEMERINTAH KABUPATEN KAPUAS HULU" in text, name


def test_paper_size_follows_the_config(workspace, tmp_path):
    config = load_config(workspace.config)  # the example uses F4
    context = documents.nota_context(config)
    path = render.render("nota_dinas", context, config.paper, tmp_path / "n.docx")
    section = Document(str(path)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (215, 330)


def test_missing_variable_is_named_before_rendering(workspace, tmp_path):
    config = load_config(workspace.config)
    context = documents.nota_context(config)
    del context["penanda_tangan"]
    with pytest.raises(TemplateError, match="penanda_tangan"):
        render.render("nota_dinas", context, config.paper, tmp_path / "n.docx")
    assert not (tmp_path / "n.docx").exists()


def own_template(workspace, change: tuple[str, str]) -> None:
    """The bundled Nota Dinas edited in Word: one paragraph's text replaced."""
    folder = workspace.root / "templat"
    folder.mkdir()
    document = Document(str(TEMPLATES / "nota_dinas.docx"))
    old, new = change
    paragraph = next(p for p in document.paragraphs if old in p.text)
    text = paragraph.text.replace(old, new)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text
    document.save(str(folder / "nota_dinas.docx"))


def test_an_office_template_replaces_the_bundled_one(workspace, tmp_path):
    config = load_config(workspace.config)
    own_template(
        workspace, ("Demikian disampaikan", "Atas perhatian Saudara, demikian disampaikan")
    )
    path = render.render("nota_dinas", documents.nota_context(config), config.paper,
                         tmp_path / "n.docx", own=workspace.root / "templat")  # fmt: skip
    assert "Atas perhatian Saudara, demikian disampaikan" in text_of(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("{{ nota.batas_waktu }}", "{{ nota.batas_wktu }}"),
         "Templat templat/nota_dinas.docx memakai isian yang tidak dikenal: {{ nota.batas_wktu }}"),
        (("{{ nota.batas_waktu }}", "{{ tenggat }}"),
         "Templat templat/nota_dinas.docx memakai isian yang tidak dikenal: {{ tenggat }}"),
        (("{{ nota.batas_waktu }}", "{{ nota.batas_waktu }"),
         "Templat templat/nota_dinas.docx rusak pada isian '{{ nota.batas_waktu }.'"),
    ],
)  # fmt: skip
def test_a_broken_or_unknown_field_is_named_before_anything_is_written(
    workspace, tmp_path, change, message
):
    config = load_config(workspace.config)
    own_template(workspace, change)
    target = tmp_path / "n.docx"
    with pytest.raises(TemplateError) as raised:
        render.render("nota_dinas", documents.nota_context(config), config.paper, target,
                      own=workspace.root / "templat")  # fmt: skip
    assert str(raised.value).startswith(message)
    assert not target.exists()


def test_loop_fields_are_checked_against_the_rows(workspace):
    """`b.judull` inside `{%tr for b in blok.butir %}` is unknown; `b.informasi` is not."""
    config = load_config(workspace.config)
    context = contexts(config)["daftar_informasi_dikecualikan"]
    assert render.check("daftar_informasi_dikecualikan", context) == (
        TEMPLATES / "daftar_informasi_dikecualikan.docx"
    )
    folder = workspace.root / "templat"
    folder.mkdir()
    document = Document(str(TEMPLATES / "daftar_informasi_dikecualikan.docx"))
    for node in document.element.body.iter():
        if node.tag.endswith("}t") and node.text == "{{ b.informasi }}":
            node.text = "{{ b.judull }}"
    document.save(str(folder / "daftar_informasi_dikecualikan.docx"))
    with pytest.raises(TemplateError, match=r"\{\{ b\.judull \}\}"):
        render.check("daftar_informasi_dikecualikan", context, folder)
    shutil.rmtree(folder)


def test_a_template_that_adds_cells_takes_docxtpls_own_path(tmp_path):
    from docx import Document as New
    from docx.oxml.ns import qn

    from pipeline.kit.wordtemplate import FastTemplate

    source = New()
    table = source.add_table(rows=3, cols=4)
    table.rows[0].cells[0].text = "{%tr for r in rows %}"
    for cell, text in zip(table.rows[1].cells, ["{{ r.a }}", "{%tc for c in cols %}", "{{ c }}",
                                                "{%tc endfor %}"], strict=True):  # fmt: skip
        cell.text = text
    table.rows[2].cells[0].text = "{%tr endfor %}"
    source.save(str(tmp_path / "t.docx"))
    document = FastTemplate(str(tmp_path / "t.docx"))
    columns = ["v", "w", "x", "y", "z"]
    document.render({"rows": [{"a": "satu\ndua & <tiga>"}], "cols": columns}, autoescape=True)
    document.save(str(tmp_path / "out.docx"))
    [rendered] = New(str(tmp_path / "out.docx")).tables
    assert len(rendered._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))) == 6
    assert [c.text for c in rendered.rows[0].cells] == ["satu\ndua & <tiga>", *columns]


@pytest.mark.parametrize(
    "template", ["daftar_informasi_dikecualikan", "konsep_daftar_informasi_publik"]
)
def test_the_fast_path_writes_what_docxtpl_writes(example, tmp_path, template):
    import zipfile

    import jinja2
    from docx.oxml.ns import qn
    from docxtpl import DocxTemplate
    from lxml import etree

    from pipeline.commands.common import dates
    from pipeline.kit.resources import TEMPLATES
    from pipeline.kit.wordtemplate import FastTemplate, RowEnvironment
    from pipeline.round import Round

    round_ = Round.open(example)
    rows = round_.exempt_list if template.startswith("daftar") else round_.public_list
    rows[0]["informasi" if template.startswith("daftar") else "ringkasan"] += " baris\nkedua"
    if template.startswith("daftar"):
        context = documents.decision_context(rows, round_.config, dates(round_), round_.refs.laws)
    else:
        context = documents.draft_context(rows, round_.config, dates(round_))
    source = TEMPLATES / f"{template}.docx"
    bodies = []
    for kind, environment in (
        (FastTemplate, RowEnvironment()),
        (DocxTemplate, jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)),
    ):
        document = kind(str(source))
        document.render(context, environment, autoescape=True)
        document.save(str(tmp_path / f"{kind.__name__}.docx"))
        with zipfile.ZipFile(tmp_path / f"{kind.__name__}.docx") as archive:
            xml = archive.read("word/document.xml")
        tree = etree.fromstring(xml)
        for grid in list(tree.iter(qn("w:tblGrid"))):  # docxtpl redraws grids, we keep them
            grid.getparent().remove(grid)
        bodies.append(etree.tostring(tree, method="c14n"))
    assert bodies[0] == bodies[1]
    assert b"<w:br></w:br>" in bodies[0]  # the line break inside a value
    if template.startswith("daftar"):
        assert "Dra. MARIA GORETTI SUSANTI" in text_of(tmp_path / "FastTemplate.docx")


def test_a_value_is_printed_as_typed_even_with_docxtpls_brace_spelling(workspace, tmp_path):
    from docx import Document as New

    from pipeline.kit.wordtemplate import FastTemplate

    source = New()
    source.add_paragraph("{{ value }}")
    source.save(str(tmp_path / "t.docx"))
    document = FastTemplate(str(tmp_path / "t.docx"))
    document.render({"value": "kode {_{ A }_} dan {_% B %_}"}, autoescape=True)
    document.save(str(tmp_path / "out.docx"))
    assert "kode {_{ A }_} dan {_% B %_}" in text_of(tmp_path / "out.docx")


def test_the_logo_the_body_shows_is_in_the_package(workspace, tmp_path):
    import struct
    import zipfile
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixels = zlib.compress(b"\x00\xff\x00\x00" * 1)  # one red pixel, RGB
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    (workspace.root / "lambang.png").write_bytes(png + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    text = workspace.config.read_text(encoding="utf-8").replace('logo = ""', 'logo = "lambang.png"')
    workspace.config.write_text(text, encoding="utf-8")
    config = load_config(workspace.config)
    for name, context in contexts(config).items():
        target = render.render(name, context, config.paper, tmp_path / f"{name}.docx")
        with zipfile.ZipFile(target) as package:
            media = [n for n in package.namelist() if n.startswith("word/media/")]
            relations = package.read("word/_rels/document.xml.rels").decode()
            body = package.read("word/document.xml").decode()
        assert media, name
        first = package.namelist()[:3]  # file-type checks know Word by the first entries
        assert first == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
        embedded = body.split('r:embed="')[1].split('"')[0]
        assert f'Id="{embedded}"' in relations and media[0].removeprefix("word/") in relations
        assert len(Document(str(target)).inline_shapes) == 1, name


def test_a_tab_in_a_value_is_words_tab_and_illegal_controls_are_dropped(tmp_path):
    from docx import Document as New

    from pipeline.kit.wordtemplate import FastTemplate, RowEnvironment

    source = New()
    source.add_paragraph("{{ value }}")
    source.save(str(tmp_path / "t.docx"))
    document = FastTemplate(str(tmp_path / "t.docx"))
    document.render({"value": "kolom\tkedua\abel\fhalaman & <x>"}, RowEnvironment(), True)
    document.save(str(tmp_path / "out.docx"))
    assert "kolom\tkeduabelhalaman & <x>" in New(str(tmp_path / "out.docx")).paragraphs[0].text


def test_a_failure_on_either_side_of_a_streamed_member_stops_it(tmp_path):
    import zipfile

    from pipeline.kit.wordtemplate import _write_member

    def chunks(fail_after: int):
        for number in range(100):
            if number == fail_after:
                raise ValueError("jinja berhenti")
            yield b"x" * 100_000

    with zipfile.ZipFile(tmp_path / "a.zip", "w") as out, pytest.raises(ValueError):
        _write_member(out, "word/document.xml", chunks(20))
    out = zipfile.ZipFile(tmp_path / "b.zip", "w")
    out.close()  # the writer cannot write
    with pytest.raises(ValueError, match="closed"):
        _write_member(out, "word/document.xml", chunks(1000))


def test_the_lembar_leaves_each_signer_about_two_centimetres(tmp_path):
    """As much room above each name as the Nota Dinas and the decision give (about 2 cm), and
    the pangkat under every name."""
    from docx.shared import Pt

    document = Document(str(TEMPLATES / "lembar_pengujian_konsekuensi.docx"))
    cells = [cell for table in document.element.body.iter() if table.tag.endswith("}tc")
             for cell in [table] if "{{ baris[0].nama }}" in "".join(cell.itertext())]  # fmt: skip
    assert cells
    from docx.text.paragraph import Paragraph

    for cell in cells:
        paragraphs = [Paragraph(p, None) for p in cell.iter() if p.tag.endswith("}p")]
        texts = [p.text for p in paragraphs]
        name = texts.index("{{ baris[0].nama }}")
        room = sum((p.paragraph_format.space_before or 0) + Pt(10.4)
                   for p in paragraphs[texts.index("{{ baris[0].jabatan }}") + 1 : name])  # fmt: skip
        assert room >= Pt(55), room.pt  # 2 cm is 57 pt; the decision leaves four 12 pt lines
        assert texts[name + 1] == "{{ baris[0].pangkat }}"


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(
        st.text(alphabet=st.sampled_from("ab &<>'\"\n\t\a\f é{}%"), max_size=12),
        st.integers(),
        st.floats(allow_nan=False),
        st.none(),
        st.booleans(),
        st.builds(Markup, st.sampled_from(["<b>tebal</b>", "a &amp; b"])),
    )
)
def test_a_value_is_printed_as_jinja_prints_it(value):
    import jinja2

    from pipeline.kit.wordtemplate import RowEnvironment

    fast = RowEnvironment()
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True,
                               finalize=fast._breaks)  # fmt: skip
    source = (
        "<w:t>{{ v }}</w:t>{{ v ~ '&' }}{{ row.v }}{% set c %}[{{ v }}]{% endset %}{{ c }}"
        "{% autoescape false %}{{ v }}{% endautoescape %}"
    )
    context = {"v": value, "row": {"v": value}}
    assert fast.from_string(source).render(context) == plain.from_string(source).render(context)
