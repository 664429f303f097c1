import pytest

from pipeline.archive import read_register, store, verify
from pipeline.errors import WorkspaceError

DETAILS = {"Nomor Keputusan": "000.8.3.4/45/DSPPA/2026", "Tanggal Penetapan": "2026-02-23",
           "Penanda Tangan": "X", "NIP": "1", "Kode Klasifikasi": "000.8.3.4", "Retensi": "",
           "Jumlah Butir": "2"}  # fmt: skip


def test_store_registers_and_verify_detects_change(workspace, tmp_path):
    signed = tmp_path / "daftar_ttd.pdf"
    signed.write_bytes(b"%PDF signed list")
    snapshot = tmp_path / "daftar_final.json"
    snapshot.write_text('{"butir": []}', encoding="utf-8")
    entry = store(workspace.archive, signed, snapshot, DETAILS, 2026)
    assert entry["No"] == "1"
    assert entry["Berkas Arsip"] == "2026/001_daftar_ttd.pdf"
    assert entry["Nomor Keputusan"] == "000.8.3.4/45/DSPPA/2026"
    assert read_register(workspace.archive) == [entry]
    assert [state for _, state in verify(workspace.archive)] == ["utuh"]

    (workspace.archive / entry["Berkas Arsip"]).write_bytes(b"%PDF edited")
    assert [state for _, state in verify(workspace.archive)] == ["berubah"]


def test_same_file_is_not_archived_twice(workspace, tmp_path):
    signed = tmp_path / "daftar.docx"
    signed.write_bytes(b"docx")
    store(workspace.archive, signed, None, DETAILS, 2026)
    with pytest.raises(WorkspaceError, match="sudah diarsipkan sebagai nomor 1"):
        store(workspace.archive, signed, None, DETAILS, 2026)
    signed.write_bytes(b"docx v2")
    assert store(workspace.archive, signed, None, DETAILS, 2026)["No"] == "2"
    assert len(read_register(workspace.archive)) == 2
