import pytest
from docx import Document

from pipeline import documents, render
from pipeline.config import load_config
from pipeline.errors import TemplateError


def text_of(path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_template_renders_special_characters_intact(workspace, tmp_path):
    config = load_config(workspace.config)
    tricky = "A & B <tag> \"kutip\" 'apostrof'"
    row = {"no": "1", "id": "PP-0001", "informasi": tricky, "bidang": "Bidang PP", "dasar_hukum": tricky,
           "dibuka": tricky, "ditutup": tricky, "jangka_waktu": "Tidak terbatas", "status_arsip": "Aktif"}  # fmt: skip
    public = {"no": "1", "id": "PP-0002", "ringkasan": tricky, "penguasa": "Kabid", "penanggung_jawab": "Kasi",
              "waktu_tempat": "Putussibau, 2025", "bentuk": "Cetak", "retensi": "-"}  # fmt: skip
    contexts = {
        "nota_dinas": documents.nota_context(config),
        "konsep_daftar_informasi_dikecualikan": documents.draft_context([row], config),
        "konsep_daftar_informasi_publik": documents.draft_context([public], config),
        "lembar_pengujian_konsekuensi": documents.test_sheet_context([row], config),
        "daftar_informasi_dikecualikan": documents.decision_context([row], config),
    }
    for name, context in contexts.items():
        path = render.render(name, context, config.paper, tmp_path / f"{name}.docx")
        text = text_of(path)
        assert "{{" not in text and "{%" not in text, name
        if name != "nota_dinas":
            assert tricky in text, name
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
