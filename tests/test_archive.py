import pytest

from pipeline.archive import read_register, store, verify
from pipeline.config import load_config
from pipeline.errors import WorkspaceError


def test_store_registers_and_verify_detects_change(workspace, tmp_path):
    config = load_config(workspace.config)
    signed = tmp_path / "daftar_ttd.pdf"
    signed.write_bytes(b"%PDF signed list")
    items = tmp_path / "daftar_final.csv"
    items.write_text("id,status_arsip\nPP-0001,Aktif\nPP-0002,Inaktif\n", encoding="utf-8")
    entry = store(workspace.archive, signed, items, config)
    assert entry["No"] == "1"
    assert entry["Berkas Arsip"] == "2026/001_daftar_ttd.pdf"
    assert entry["Nomor Keputusan"] == "000.8.3.4/45/DSPPA/2026"
    assert entry["Jumlah Butir"] == "2"
    assert read_register(workspace.archive) == [entry]
    assert [state for _, state in verify(workspace.archive)] == ["utuh"]

    (workspace.archive / entry["Berkas Arsip"]).write_bytes(b"%PDF edited")
    assert [state for _, state in verify(workspace.archive)] == ["berubah"]


def test_same_file_is_not_archived_twice(workspace, tmp_path):
    config = load_config(workspace.config)
    signed = tmp_path / "daftar.docx"
    signed.write_bytes(b"docx")
    store(workspace.archive, signed, None, config)
    with pytest.raises(WorkspaceError, match="sudah diarsipkan sebagai nomor 1"):
        store(workspace.archive, signed, None, config)
    signed.write_bytes(b"docx v2")
    assert store(workspace.archive, signed, None, config)["No"] == "2"
    assert len(read_register(workspace.archive)) == 2
