import csv
import errno
import json
import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import FORMULA_TRIGGERS, LOCK_FILE, TEMP_PREFIX
from pipeline.stages import s6_archive as archive
from pipeline.stages.s6_archive import (
    FIRST_LINK,
    REGISTER_COLUMNS,
    Finding,
    current,
    kind_of,
    read_register,
    store,
    verify,
    withdraw,
)
from tests.conftest import ROOT

DETAILS = {
    "Nomor Keputusan": "000.8.3.4/45/DSPPA/2026",
    "Tanggal Penetapan": "2026-02-16",
    "Penanda Tangan": "Dra. Hj. Contoh, M.Si., Kepala Dinas",
    "NIP": "197001011995032001",
    "Kode Klasifikasi": "000.8.3.4",
    "Retensi": "Permanen",
    "Jumlah Butir": "2",
}


def pdf(path: Path, text: str = "daftar bertanda tangan") -> Path:
    """A file that is a PDF by its content; the body only makes each one unique."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n")
    return path


def snapshot(path: Path) -> Path:
    items = [
        {"id": "PP-0001", "status_arsip": "Aktif"},
        {"id": "PP-0002", "status_arsip": "Inaktif"},
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def put(folder: Path, source: Path, snap: Path | None = None, **details: str) -> dict[str, str]:
    return store(folder, source, snap, DETAILS | details, 2026)


def states(folder: Path) -> list[tuple[str, str, str]]:
    return [(f.no, f.berkas, f.keadaan) for f in verify(folder)]


def files(folder: Path) -> list[str]:
    """What arsip/ holds, but the lock every writer takes there."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != LOCK_FILE)  # fmt: skip


def three(folder: Path, tmp_path: Path) -> None:
    for number in (1, 2, 3):
        put(folder, pdf(tmp_path / f"daftar{number}.pdf", f"versi {number}"))


def edit_register(folder: Path, change: Callable[[list[str]], list[str]]) -> None:
    """Change the register's lines as a person with a text editor would."""
    path = folder / "register.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path.write_text("\ufeff" + "".join(change(lines)), encoding="utf-8")


def test_store_copies_registers_and_verify_finds_it_intact(tmp_path):
    folder = tmp_path / "arsip"
    entry = put(folder, pdf(tmp_path / "daftar_ttd.pdf"), snapshot(tmp_path / "daftar_final.json"))
    assert entry["No"] == "1" and entry["Jenis"] == "Pengarsipan"
    assert entry["Berkas Arsip"] == "2026/001_daftar_ttd.pdf"
    assert entry["Daftar Butir"] == "2026/001_daftar.json"
    assert entry["Rantai"] == FIRST_LINK
    assert {k: entry[k] for k in DETAILS} == DETAILS
    assert (folder / "2026/001_daftar_ttd.pdf").read_bytes() == (
        tmp_path / "daftar_ttd.pdf"
    ).read_bytes()
    assert read_register(folder) == [entry] and current(folder) == entry
    assert verify(folder) == [
        Finding("1", "2026/001_daftar_ttd.pdf", "utuh", "SHA-256 cocok dengan register.")
    ]
    assert files(folder) == ["2026/001_daftar.json", "2026/001_daftar_ttd.pdf", "register.csv"]


def test_a_changed_file_or_snapshot_is_reported(tmp_path):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"), snapshot(tmp_path / "daftar_final.json"))
    (folder / "2026/001_daftar.json").write_text("[]", encoding="utf-8")
    assert states(folder) == [
        ("1", "2026/001_daftar.pdf", "utuh"), ("1", "2026/001_daftar.json", "berubah")
    ]  # fmt: skip
    pdf(folder / "2026/001_daftar.pdf", "diedit")
    assert states(folder)[0] == ("1", "2026/001_daftar.pdf", "berubah")


def test_same_file_is_not_archived_twice(tmp_path):
    folder = tmp_path / "arsip"
    signed = pdf(tmp_path / "daftar.pdf")
    put(folder, signed)
    with pytest.raises(WorkspaceError, match="sudah diarsipkan sebagai nomor 1"):
        put(folder, signed)
    assert put(folder, pdf(signed, "versi 2"))["No"] == "2"


def test_a_deleted_register_is_reported_with_every_file(tmp_path):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"), snapshot(tmp_path / "daftar_final.json"))
    (folder / "register.csv").unlink()
    assert states(folder) == [
        ("", "register.csv", "register hilang"),
        ("", "2026/001_daftar.json", "tanpa register"),
        ("", "2026/001_daftar.pdf", "tanpa register"),
    ]
    assert current(folder) is None


def test_a_deleted_register_is_never_a_fresh_start(tmp_path):
    folder = tmp_path / "arsip"
    first = pdf(tmp_path / "daftar.pdf", "pertama")
    put(folder, first)
    (folder / "register.csv").unlink()
    with pytest.raises(WorkspaceError, match=r"register\.csv tidak ada, padahal arsip berisi 1 "):
        put(folder, pdf(tmp_path / "lain/daftar.pdf", "kedua"))
    assert files(folder) == ["2026/001_daftar.pdf"]
    assert (folder / "2026/001_daftar.pdf").read_bytes() == first.read_bytes()
    assert ("", "2026/001_daftar.pdf", "tanpa register") in states(folder)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda lines: lines[:2] + lines[3:], [("3", "register.csv", "rantai"), ("3", "register.csv", "nomor")]),
        (lambda lines: [lines[0], lines[2], lines[1], lines[3]], [("2", "register.csv", "rantai"), ("2", "register.csv", "nomor"), ("1", "register.csv", "nomor"), ("3", "register.csv", "nomor")]),
        (lambda lines: [*lines[:2], lines[2].replace("000.8.3.4/45", "000.8.3.4/99"), lines[3]], [("2", "register.csv", "baris diubah")]),
        (lambda lines: [*lines[:3], lines[3].replace("Permanen", "10 tahun")], [("3", "register.csv", "baris diubah")]),
        (lambda lines: [*lines, lines[3]], [("3", "register.csv", "rantai"), ("3", "register.csv", "nomor")]),
    ],
    ids=["deleted line", "reordered lines", "edited line", "edited last line", "copied line"],
)  # fmt: skip
def test_register_tampering_is_named(tmp_path, change, expected):
    folder = tmp_path / "arsip"
    three(folder, tmp_path)
    edit_register(folder, change)
    problems = [s for s in states(folder) if s[2] not in ("utuh", "tanpa register", "ganda")]
    assert problems == expected


def test_a_deleted_line_leaves_its_file_without_a_row(tmp_path):
    folder = tmp_path / "arsip"
    three(folder, tmp_path)
    edit_register(folder, lambda lines: lines[:2] + lines[3:])
    assert ("", "2026/002_daftar2.pdf", "tanpa register") in states(folder)
    first = next(f for f in verify(folder) if f.keadaan == "rantai")
    assert first.pesan == (
        "Baris 3 register.csv (nomor 3): rantai putus: baris sebelumnya dihapus, diubah atau "
        "dipindah; pulihkan register.csv dari cadangan."
    )


def test_a_copied_line_makes_its_file_registered_twice(tmp_path):
    folder = tmp_path / "arsip"
    three(folder, tmp_path)
    edit_register(folder, lambda lines: [*lines, lines[3]])
    assert ("3, 3", "2026/003_daftar3.pdf", "ganda") in states(folder)


def test_an_unregistered_file_is_reported_but_system_files_are_not(tmp_path):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"))
    pdf(folder / "2026/catatan.pdf")
    for ignored in ("2026/Thumbs.db", "2026/~$1_daftar.docx", ".~lock.register.csv#"):
        (folder / ignored).write_bytes(b"x")
    assert states(folder) == [
        ("1", "2026/001_daftar.pdf", "utuh"), ("", "2026/catatan.pdf", "tanpa register")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "outside", ["../instansi.toml", "/etc/hostname", "2026/../../instansi.toml"]
)
def test_a_path_outside_the_archive_is_reported_and_never_read(tmp_path, monkeypatch, outside):
    folder = tmp_path / "arsip"
    (tmp_path / "instansi.toml").write_text("rahasia", encoding="utf-8")
    put(folder, pdf(tmp_path / "daftar.pdf"))
    edit_register(
        folder, lambda lines: [lines[0], lines[1].replace("2026/001_daftar.pdf", outside)]
    )
    hashed = []
    real = archive.sha256
    monkeypatch.setattr(archive, "sha256", lambda path: hashed.append(path) or real(path))
    found = verify(folder)
    assert ("1", outside, "di luar arsip") in [(f.no, f.berkas, f.keadaan) for f in found]
    assert hashed == []
    assert ("", "2026/001_daftar.pdf", "tanpa register") in [
        (f.no, f.berkas, f.keadaan) for f in found
    ]


def test_a_link_out_of_the_archive_is_reported(tmp_path):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"))
    stored = folder / "2026/001_daftar.pdf"
    stored.unlink()
    stored.symlink_to(tmp_path / "daftar.pdf")
    assert states(folder)[0] == ("1", "2026/001_daftar.pdf", "di luar arsip")


KILLED_COPY = """
import os, signal, sys
from pathlib import Path
from pipeline.stages import s6_archive as archive

def half_then_killed(source, out):
    out.write(source.read_bytes()[:12])
    out.flush()
    os.kill(os.getpid(), signal.SIGKILL)

archive._copy = half_then_killed
archive.store(Path(sys.argv[1]), Path(sys.argv[2]), None, {}, 2026)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_copy_killed_midway_leaves_no_file_under_a_final_name(tmp_path):
    folder = tmp_path / "arsip"
    signed = pdf(tmp_path / "daftar.pdf", "x" * 5000)
    killed = subprocess.run([sys.executable, "-c", KILLED_COPY, str(folder), str(signed)], cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL
    (leftover,) = files(folder)
    assert Path(leftover).name.startswith(TEMP_PREFIX)
    assert states(folder) == [("", leftover, "sisa sementara")]
    assert verify(folder) == []  # reported once, and gone
    assert put(folder, signed)["Berkas Arsip"] == "2026/001_daftar.pdf"
    assert states(folder) == [("1", "2026/001_daftar.pdf", "utuh")]


@pytest.mark.parametrize("failing_copy", [1, 2], ids=["signed file", "snapshot"])
def test_a_full_disk_during_a_copy_leaves_nothing(tmp_path, monkeypatch, failing_copy):
    folder = tmp_path / "arsip"
    copies = []
    real = archive._copy

    def full_disk(source, out):
        copies.append(source)
        if len(copies) == failing_copy:
            out.write(source.read_bytes()[:5])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, out)

    monkeypatch.setattr(archive, "_copy", full_disk)
    with pytest.raises(WorkspaceError) as refused:
        put(folder, pdf(tmp_path / "daftar.pdf"), snapshot(tmp_path / "daftar_final.json"))
    assert str(refused.value).startswith(
        f"{copies[-1].name} tidak dapat disalin ke arsip (ruang disk tidak cukup); tidak ada yang "
        "dicatat dan tidak ada berkas yang tertinggal."
    )
    assert files(folder) == [] and [p.name for p in folder.iterdir()] == [LOCK_FILE]


def test_a_failed_register_write_takes_the_copies_back(tmp_path, monkeypatch):
    folder = tmp_path / "arsip"

    def refused(*args, **kwargs):
        raise WorkspaceError("register.csv tidak dapat ditulis")

    monkeypatch.setattr(archive, "append_log", refused)
    with pytest.raises(WorkspaceError, match="tidak dapat ditulis"):
        put(folder, pdf(tmp_path / "daftar.pdf"), snapshot(tmp_path / "daftar_final.json"))
    assert files(folder) == []


def test_a_withdrawn_registration_stays_and_is_still_verified(tmp_path):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "a.pdf", "a"))
    put(folder, pdf(tmp_path / "b.pdf", "b"))
    row = withdraw(folder, "1", "Salah tanda tangan")
    assert (row["No"], row["Jenis"], row["Alasan Penarikan"]) == (
        "1",
        "Penarikan",
        "Salah tanda tangan",
    )
    assert row["Berkas Arsip"] == "2026/001_DITARIK.txt"
    assert "Salah tanda tangan" in (folder / "2026/001_DITARIK.txt").read_text(encoding="utf-8")
    assert states(folder) == [("1", "2026/001_a.pdf", "ditarik"), ("2", "2026/002_b.pdf", "utuh")]
    assert (current(folder) or {}).get("No") == "2"
    pdf(folder / "2026/001_a.pdf", "diganti diam-diam")
    assert states(folder)[0] == ("1", "2026/001_a.pdf", "berubah")
    withdraw(folder, "2", "Diganti")
    assert current(folder) is None
    assert put(folder, pdf(tmp_path / "c.pdf", "c"))["No"] == "3"


def test_a_deleted_withdrawal_row_leaves_its_note_without_a_row(tmp_path):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "a.pdf"))
    withdraw(folder, "1", "Salah tanda tangan")
    edit_register(folder, lambda lines: lines[:-1])
    assert states(folder) == [
        ("1", "2026/001_a.pdf", "utuh"), ("", "2026/001_DITARIK.txt", "tanpa register")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "reason", "message"),
    [
        ("1", "  ", "Sebutkan alasan penarikan; penarikan tanpa alasan tidak dicatat."),
        ("satu", "Salah", "'satu' bukan nomor register; sebutkan nomor arsip yang ditarik, mis. 1."),
        ("7", "Salah", "Nomor 7 tidak ada di register arsip; lihat nomornya dengan pemeriksaan arsip (arsip --periksa)."),
        ("001", "Lagi", "Nomor 1 sudah ditarik; penarikan tidak dicatat dua kali."),
    ],
)  # fmt: skip
def test_withdrawal_refusals(tmp_path, number, reason, message):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "a.pdf"))
    withdraw(folder, "1", "Salah tanda tangan")
    with pytest.raises(WorkspaceError) as refused:
        withdraw(folder, number, reason)
    assert str(refused.value) == message
    assert len(read_register(folder)) == 2


@pytest.mark.parametrize("name", ["catatan.txt", "catatan.pdf"], ids=["txt", "renamed txt"])
def test_only_a_pdf_docx_or_scan_is_accepted(tmp_path, name):
    folder = tmp_path / "arsip"
    note = tmp_path / name
    note.write_text("bukan daftar bertanda tangan", encoding="utf-8")
    with pytest.raises(WorkspaceError) as refused:
        put(folder, note)
    assert str(refused.value) == (
        f"{name} tidak diarsipkan: yang dapat diarsipkan hanya PDF, dokumen Word (.docx) atau "
        "hasil pindaian PNG, JPEG atau TIFF, dikenali dari isinya."
    )
    assert not folder.exists() or files(folder) == []


def docx(path: Path) -> Path:
    document = Document()
    document.add_paragraph("Daftar Informasi yang Dikecualikan")
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.4\n%%EOF\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "png"),
        (b"\xff\xd8\xff\xe0" + bytes(20), "jpeg"),
        (b"II*\x00" + bytes(20), "tiff"),
        (b"MM\x00*" + bytes(20), "tiff"),
        (b"PK\x03\x04 rusak", None),
        (b"%PD bukan", None),
        (b"daftar bertanda tangan", None),
        (b"", None),
        (None, None),
    ],
    ids=["pdf", "png", "jpeg", "tiff-le", "tiff-be", "broken zip", "almost pdf", "text", "empty", "missing"],
)  # fmt: skip
def test_kind_of_looks_at_content_not_the_name(tmp_path, content, kind):
    path = tmp_path / "berkas.docx"
    if content is not None:
        path.write_bytes(content)
    assert kind_of(path) == kind


def test_a_docx_is_a_zip_holding_a_word_document(tmp_path):
    assert kind_of(docx(tmp_path / "daftar.pdf")) == "docx"
    with zipfile.ZipFile(tmp_path / "lain.docx", "w") as package:
        package.writestr("isi.txt", "bukan dokumen Word")
    assert kind_of(tmp_path / "lain.docx") is None
    assert kind_of(tmp_path) is None


def test_names_with_spaces_and_word_documents_are_archived(tmp_path):
    folder = tmp_path / "arsip"
    entry = put(folder, docx(tmp_path / "Daftar DIK ttd final.docx"))
    assert entry["Berkas Arsip"] == "2026/001_Daftar DIK ttd final.docx"
    assert entry["Berkas Asli"] == "Daftar DIK ttd final.docx"
    assert states(folder) == [("1", "2026/001_Daftar DIK ttd final.docx", "utuh")]


def test_a_signed_file_named_like_the_snapshot_keeps_both(tmp_path):
    folder = tmp_path / "arsip"
    entry = put(folder, pdf(tmp_path / "daftar.json"), snapshot(tmp_path / "daftar_final.json"))
    assert (entry["Berkas Arsip"], entry["Daftar Butir"]) == (
        "2026/001_daftar.json.pdf",
        "2026/001_daftar.json",
    )


@pytest.mark.parametrize(
    ("save", "keadaan", "pesan"),
    [
        (lambda text: text.replace(",", ";"), "format", "register.csv disimpan ulang dengan pemisah titik koma (mis. oleh Excel) sehingga tidak dapat diperiksa; pulihkan register.csv dari cadangan dan buka register hanya untuk dibaca."),
        (lambda text: "".join(text.splitlines(keepends=True)[1:]), "format", "Baris judul register.csv hilang atau diubah; pulihkan register.csv dari cadangan."),
        (lambda text: text.replace("Sidik Baris", "Sidik"), "format", "Baris judul register.csv hilang atau diubah; pulihkan register.csv dari cadangan."),
        (lambda text: "No,Berkas\n1,x\n", "format", "Kolom register.csv tidak sesuai dengan yang ditulis alat ini; pulihkan register.csv dari cadangan."),
    ],
    ids=["semicolons", "no header", "renamed column", "other columns"],
)  # fmt: skip
def test_a_register_saved_by_a_spreadsheet_gives_a_finding(tmp_path, save, keadaan, pesan):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"))
    path = folder / "register.csv"
    path.write_text(save(path.read_text(encoding="utf-8-sig")), encoding="utf-8")
    assert verify(folder) == [Finding("", "register.csv", keadaan, pesan)]
    assert current(folder) is None
    with pytest.raises(WorkspaceError, match="Tidak ada yang dicatat"):
        put(folder, pdf(tmp_path / "lain.pdf", "lain"))
    assert files(folder) == ["2026/001_daftar.pdf", "register.csv"]


def test_a_register_not_in_utf8_gives_a_finding(tmp_path):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"), **{"Penanda Tangan": "José, Kepala Dinas"})
    path = folder / "register.csv"
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("cp1252"))
    assert verify(folder) == [
        Finding(
            "",
            "register.csv",
            "format",
            "register.csv bukan teks UTF-8 (mungkin disimpan ulang oleh Excel); pulihkan versi aslinya, lalu ulangi.",
        )
    ]


def test_formula_text_in_every_field_is_neutralised(tmp_path):
    folder = tmp_path / "arsip"
    formulas = {column: f'=HYPERLINK("http://x","{n}")' for n, column in enumerate(DETAILS)}
    formulas["NIP"] = "+62-1"
    formulas["Retensi"] = "@SUM(1)"
    formulas["Jumlah Butir"] = "-1+2"
    put(folder, pdf(tmp_path / "=cmd.pdf"), None, **formulas)
    withdraw(folder, "1", "\t=1+2")
    with (folder / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == REGISTER_COLUMNS
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    registered = dict(zip(header, rows[0], strict=True))
    assert registered["Berkas Asli"] == "'=cmd.pdf" and registered["NIP"] == "'+62-1"
    assert dict(zip(header, rows[1], strict=True))["Alasan Penarikan"] == "'\t=1+2"
    assert states(folder) == [("1", "2026/001_=cmd.pdf", "ditarik")]


def test_the_only_lock_file_is_the_archive_folders_own(tmp_path):
    """Beside what it guards, so every process finds it whatever its temp folder."""
    folder = tmp_path / "ws" / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"))
    verify(folder)
    withdraw(folder, "1", "Salah")
    locks = [p for p in (tmp_path / "ws").rglob("*") if "lock" in p.name.lower()]
    assert locks == [folder / LOCK_FILE]


def test_unknown_register_fields_are_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="Nomor Surat"):
        store(tmp_path / "arsip", pdf(tmp_path / "daftar.pdf"), None, {"Nomor Surat": "1"}, 2026)
    assert not (tmp_path / "arsip").exists()


def test_verify_of_an_empty_or_absent_archive_finds_nothing(tmp_path):
    assert verify(tmp_path / "arsip") == []
    (tmp_path / "arsip").mkdir()
    assert verify(tmp_path / "arsip") == [] and current(tmp_path / "arsip") is None
    assert os.listdir(tmp_path / "arsip") == [LOCK_FILE]


def no_hard_links(*args: object) -> None:
    raise OSError(errno.EPERM, "Operation not permitted")


@pytest.mark.parametrize("hard_links", [True, False], ids=["link", "no hard links"])
def test_a_stored_file_is_never_overwritten(tmp_path, monkeypatch, hard_links):
    folder = tmp_path / "arsip"
    first = pdf(tmp_path / "daftar.pdf", "pertama")
    put(folder, first)
    if not hard_links:  # FAT/exFAT drives and some shares refuse os.link
        monkeypatch.setattr(archive.os, "link", no_hard_links)
    monkeypatch.setattr(archive, "_next_number", lambda folder, rows: 1)  # as if numbering slipped
    with pytest.raises(WorkspaceError) as refused:
        put(folder, pdf(tmp_path / "lain/daftar.pdf", "kedua"))
    assert str(refused.value) == (
        "001_daftar.pdf sudah ada di arsip dan tidak pernah ditimpa; tidak ada yang dicatat. "
        "Periksa arsip (arsip --periksa)."
    )
    assert (folder / "2026/001_daftar.pdf").read_bytes() == first.read_bytes()
    assert states(folder) == [("1", "2026/001_daftar.pdf", "utuh")]


def test_without_hard_links_a_file_is_still_stored(tmp_path, monkeypatch):
    monkeypatch.setattr(archive.os, "link", no_hard_links)
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "daftar.pdf"))
    assert states(folder) == [("1", "2026/001_daftar.pdf", "utuh")]
    assert files(folder) == ["2026/001_daftar.pdf", "register.csv"]
