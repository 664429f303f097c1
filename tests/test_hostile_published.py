"""Published kinds: a file is what its content is. A PDF named 'Pindaian SK.html' is archived
and published as a PDF, never as a page a browser would run; the web folder holds only the
page, its data and the signed file under the extension its content has."""

import errno
import hashlib
import os

import pytest

from pipeline.cli import _system_error
from pipeline.kit.errors import WorkspaceError
from pipeline.stages import s7_publish as publish
from pipeline.stages.s5_snapshot import parse_snapshot
from pipeline.stages.s6_archive import MAX_NAME_BYTES, named_as, verify
from tests.test_archive import docx, pdf, put
from tests.test_publish import example_snapshot, signed_file

PAGE_IN_A_PDF = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "kind", "stored"),
    [
        ("Pindaian SK.html", "pdf", "Pindaian SK.html.pdf"),
        ("SK.docx", "pdf", "SK.pdf"),
        ("SK Nomor 45.2026", "pdf", "SK Nomor 45.2026.pdf"),
        ("scan.JPEG", "jpeg", "scan.JPEG"),
        ("scan.tiff", "png", "scan.png"),
        ("Daftar ttd.docx", "docx", "Daftar ttd.docx"),
    ],
)
def test_a_stored_name_carries_the_extension_of_its_content(name, kind, stored):
    assert named_as(name, kind) == stored


def test_a_pdf_named_as_a_web_page_is_archived_and_published_as_a_pdf(tmp_path):
    folder = tmp_path / "arsip"
    source = tmp_path / "Pindaian SK.html"
    source.write_bytes(PAGE_IN_A_PDF)
    entry = put(folder, source)
    assert entry["Berkas Arsip"] == "2026/001_Pindaian SK.html.pdf"
    assert entry["Berkas Asli"] == "Pindaian SK.html"
    assert [f.keadaan for f in verify(folder)] == ["utuh"]
    registration = entry | {"Nomor Keputusan": "000.8.3.4/45/DSPPA/2026"}
    target = tmp_path / "web"
    written = publish.write_site(parse_snapshot(example_snapshot()),
                                 folder / entry["Berkas Arsip"], registration, target)  # fmt: skip
    names = sorted(path.name for path in written)
    assert [name for name in names if name.startswith("keputusan_")] == [
        "keputusan_000-8-3-4-45-DSPPA-2026.pdf"
    ]
    assert [name for name in names if name.endswith((".html", ".htm"))] == ["index.html"]
    assert "keputusan_000-8-3-4-45-DSPPA-2026.pdf" in (target / "index.html").read_text("utf-8")


def test_a_word_document_named_pdf_is_published_as_docx(tmp_path):
    content = docx(tmp_path / "x.docx").read_bytes()
    signed, registration = signed_file(tmp_path, content)  # named ...ttd.PDF
    target = tmp_path / "web"
    written = publish.write_site(parse_snapshot(example_snapshot()), signed, registration, target)
    assert {path.suffix for path in written} == {".json", ".csv", ".html", ".docx"}


def test_an_archived_file_that_is_no_document_is_not_published(tmp_path):
    """A register row forged to point at a page with its true SHA-256: still refused."""
    content = b"<html><script>alert(1)</script></html>"
    signed, registration = signed_file(tmp_path, content)
    with pytest.raises(WorkspaceError, match="bukan PDF, dokumen Word atau gambar pindaian"):
        publish.write_site(parse_snapshot(example_snapshot()), signed, registration, tmp_path / "w")
    assert not (tmp_path / "w").exists()


def test_a_name_too_long_for_the_disk_is_shortened_not_refused(tmp_path):
    """251 bytes of name (a scanner's), then the number in front: over the 255 a file system
    allows. Before: 'galat sistem ENAMETOOLONG'."""
    name = ("Pindaian " + "daftar informasi dikecualikan " * 9)[:247] + ".pdf"
    source = pdf(tmp_path / name)
    assert len(source.name.encode()) == 251
    entry = put(tmp_path / "arsip", source)
    stored = entry["Berkas Arsip"].split("/")[-1]
    assert stored.startswith("001_Pindaian daftar") and stored.endswith(".pdf")
    assert len(stored.encode()) <= MAX_NAME_BYTES + 4
    assert entry["Berkas Asli"] == source.name
    assert hashlib.sha256(source.read_bytes()).hexdigest() == entry["SHA-256"]


def test_a_disk_refusing_a_long_name_says_so(tmp_path, monkeypatch):
    """An encrypted home folder allows 143 bytes of name; the system's refusal in words."""

    def refuse(*args: object) -> None:
        raise OSError(errno.ENAMETOOLONG, "File name too long")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WorkspaceError, match="nama berkas terlalu panjang untuk disk ini"):
        put(tmp_path / "arsip", pdf(tmp_path / "daftar.pdf"))
    assert "ENAMETOOLONG" not in _system_error(OSError(errno.ENAMETOOLONG, "x", "a" * 300))
