"""`pdf`: the round's documents as PDF through LibreOffice, or one sentence on installing it."""

import pytest

from pipeline.kit import printing
from tests.conftest import run_cli


def test_without_libreoffice_one_sentence_says_how_to_install_it(example, monkeypatch):
    monkeypatch.setattr(printing, "soffice", lambda: None)
    assert run_cli("nota", "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("pdf", "--workspace", str(example.root))
    assert status == 2
    assert (
        "LibreOffice belum terpasang; pasang dengan `sudo apt install libreoffice-writer`"
        in printed
    )
    assert not example.out("pdf").exists()


def test_nothing_to_print_is_said(example):
    status, printed = run_cli("pdf", "--workspace", str(example.root))
    assert status == 2 and "Belum ada dokumen di" in printed


@pytest.mark.skipif(printing.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_the_documents_become_pdf_and_stale_ones_go(example):
    assert run_cli("nota", "--workspace", str(example.root))[0] == 0
    folder = example.out("pdf")
    folder.mkdir(parents=True)
    (folder / "pengembalian.pdf").write_bytes(b"%PDF lama")  # its .docx is gone
    status, printed = run_cli("pdf", "--workspace", str(example.root))
    assert status == 0, printed
    assert "1 dokumen diubah menjadi PDF/A-2b (PDF untuk arsip)" in printed
    assert sorted(p.name for p in folder.iterdir()) == ["nota_dinas.pdf"]
    assert (folder / "nota_dinas.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(printing.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_pdf_that_is_not_pdf_a_is_named(example, monkeypatch):
    """As LibreOffice before 7.4 does, which ignores the PDF/A option."""
    monkeypatch.setattr(printing, "PDF_A", "pdf")
    assert run_cli("nota", "--workspace", str(example.root))[0] == 0
    status, printed = run_cli("pdf", "--workspace", str(example.root))
    assert status == 0, printed
    assert "1 dokumen diubah menjadi PDF dengan LibreOffice" in printed
    assert "nota_dinas.pdf bukan PDF/A" in " ".join(printed.split())


def test_a_workspace_named_relative_to_the_current_folder_is_printed(example, monkeypatch):
    """`make pdf WS=data/contoh` names the workspace relative to where make runs."""
    assert run_cli("nota", "--workspace", str(example.root))[0] == 0
    monkeypatch.chdir(example.root.parent)
    status, printed = run_cli("pdf", "--workspace", example.root.name)
    assert status == 0, printed
    assert (example.out("pdf") / "nota_dinas.pdf").read_bytes().startswith(b"%PDF")
