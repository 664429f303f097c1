"""Register loss and rollback: a register missing or emptied beside stored files is a finding and
never a fresh start; the lock holds across processes whatever their temp folder; the register's
head is witnessed by the page, the export and its log, so an older register put back, or a row
forged with its chain computed again, is found by `arsip --periksa` and stops `terbitkan`."""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import locked
from pipeline.stages import s7_publish as publish
from pipeline.stages.s5_snapshot import parse_snapshot
from pipeline.stages.s6_archive import REGISTER_COLUMNS, _digest, head, verify, withdraw
from tests.conftest import ROOT, run_cli
from tests.test_archive import pdf, put, states
from tests.test_publish import example_snapshot


@pytest.mark.parametrize(
    ("damage", "state"),
    [
        (lambda path: path.unlink(), "register hilang"),
        (lambda path: path.write_bytes(b""), "register kosong"),
        (lambda path: path.write_text(",".join(REGISTER_COLUMNS) + "\n", "utf-8"), "register kosong"),
    ],
    ids=["deleted", "emptied", "header only"],
)  # fmt: skip
def test_a_lost_register_beside_stored_files_is_a_finding_never_a_fresh_start(
    tmp_path, damage, state
):
    folder = tmp_path / "arsip"
    put(folder, pdf(tmp_path / "satu.pdf", "1"))
    put(folder, pdf(tmp_path / "dua.pdf", "2"))
    damage(folder / "register.csv")
    assert states(folder)[0] == ("", "register.csv", state)
    with pytest.raises(WorkspaceError, match=r"padahal arsip berisi 2 berkas;.*jangan membuat"):
        put(folder, pdf(tmp_path / "tiga.pdf", "3"))
    with pytest.raises(WorkspaceError, match="padahal arsip berisi 2 berkas"):
        withdraw(folder, "1", "salah")
    assert sorted(p.name for p in (folder / "2026").iterdir()) == ["001_satu.pdf", "002_dua.pdf"]


def test_the_lock_holds_for_a_process_with_another_temp_folder(tmp_path):
    folder = tmp_path / "arsip"
    folder.mkdir()
    other = tmp_path / "tmp-lain"
    other.mkdir()
    script = (
        "import sys; from pathlib import Path; from pipeline.kit.logs import locked\n"
        "with locked(Path(sys.argv[1]), timeout=0.5): print('terkunci juga')\n"
    )
    with locked(folder):
        child = subprocess.run(
            [sys.executable, "-c", script, str(folder)], capture_output=True, text=True,
            cwd=ROOT, env=os.environ | {"TMPDIR": str(other)}, timeout=60, check=False,
        )  # fmt: skip
    assert "sedang dipakai perintah lain" in child.stderr, child.stdout + child.stderr
    assert "terkunci juga" not in child.stdout


def _three(folder, tmp_path):
    for number in (1, 2, 3):
        put(folder, pdf(tmp_path / f"daftar{number}.pdf", f"versi {number}"))


def _witness_by_page(folder, tmp_path):
    """Publish from the archive as terbitkan does, and read the page's witness back."""
    web = tmp_path / "ws" / "keluaran" / "web"
    signed = folder / "2026" / "003_daftar3.pdf"
    registration = {"SHA-256": "", "Nomor Keputusan": ""}
    publish.write_site(parse_snapshot(example_snapshot()), signed, registration, web,
                       head=head(folder))  # fmt: skip
    return publish.witnesses(tmp_path / "ws", web, tmp_path / "ws" / "ekspor", tmp_path / "x.csv")


def _rows(folder):
    text = (folder / "register.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _write_rows(folder, rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    (folder / "register.csv").write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())


def test_an_older_register_put_back_is_found_by_its_witness(tmp_path):
    folder = tmp_path / "arsip"
    _three(folder, tmp_path)
    witnesses = _witness_by_page(folder, tmp_path)
    assert [(w.rows, w.digest) for w in witnesses] == [(3, head(folder)["sidik"])]
    assert "3 baris, sidik baris terakhir" in (tmp_path / "ws/keluaran/web/index.html").read_text()
    _write_rows(folder, _rows(folder)[:3])  # the register as it was before No 3
    (folder / "2026" / "003_daftar3.pdf").unlink()
    assert [s[2] for s in states(folder)] == ["utuh", "utuh"]  # the register alone: sound
    found = [f for f in verify(folder, witnesses) if not f.sound]
    assert [(f.keadaan, f.berkas) for f in found] == [("saksi", "register.csv")]
    assert found[0].pesan.startswith(
        "register.csv memuat 2 baris, padahal keluaran/web/index.html (terbit "
    )
    assert "mencatat 3 baris: register dikembalikan ke versi lama" in found[0].pesan


def test_a_forged_row_with_its_chain_computed_again_is_found_by_its_witness(tmp_path):
    folder = tmp_path / "arsip"
    _three(folder, tmp_path)
    witnesses = _witness_by_page(folder, tmp_path)
    rows = _rows(folder)
    header, records = rows[0], rows[1:]
    records[0][REGISTER_COLUMNS.index("Penanda Tangan")] = "Orang Lain"
    link = "0" * 64
    for cells in records:  # the forger's: every digest and link computed again
        cells[REGISTER_COLUMNS.index("Rantai")] = link
        cells[-1] = link = _digest(cells)
    _write_rows(folder, [header, *records])
    assert not [f for f in verify(folder) if not f.sound]  # the chain alone holds
    found = [f for f in verify(folder, witnesses) if not f.sound]
    assert [f.keadaan for f in found] == ["saksi"]
    assert (
        "baris 4 register.csv berbeda dari yang dicatat keluaran/web/index.html" in found[0].pesan
    )


def test_each_export_carries_the_head_in_its_manifest_and_log(tmp_path):
    folder = tmp_path / "arsip"
    _three(folder, tmp_path)
    signed = folder / "2026" / "003_daftar3.pdf"
    log = tmp_path / "ws" / "riwayat_ekspor.csv"
    exports = tmp_path / "ws" / "keluaran" / "ekspor"
    zip_path = publish.write_export(parse_snapshot(example_snapshot()), signed, {}, exports, log,
                                    head=head(folder))  # fmt: skip
    with zipfile.ZipFile(zip_path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["register_arsip"] == head(folder)
    found = publish.witnesses(tmp_path / "ws", tmp_path / "ws" / "web", exports, log)
    assert [w.where.split(" ")[0] for w in found] == [
        f"keluaran/ekspor/{zip_path.name}",
        "riwayat_ekspor.csv",
    ]
    assert {(w.rows, w.digest) for w in found} == {(3, head(folder)["sidik"])}


def test_an_export_log_begun_before_keeps_its_columns(tmp_path):
    log = tmp_path / "riwayat_ekspor.csv"
    log.write_text(",".join(publish.OLD_LOG_COLUMNS) + "\r\n", encoding="utf-8-sig")
    folder = tmp_path / "arsip"
    _three(folder, tmp_path)
    publish.write_export(parse_snapshot(example_snapshot()), folder / "2026" / "003_daftar3.pdf",
                         {}, tmp_path / "ekspor", log, head=head(folder))  # fmt: skip
    assert _rows_of(log)[0] == publish.OLD_LOG_COLUMNS and len(_rows_of(log)) == 2


def _rows_of(path):
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def test_a_rolled_back_register_stops_terbitkan_and_fails_the_check(ran):
    workspace, _ = ran
    root = str(workspace.root)
    for number in (1, 2):
        scan = pdf(workspace.root / f"Pindaian {number}.pdf", f"pindaian {number}")
        assert run_cli("arsip", str(scan), "--workspace", root)[0] == 0
        assert run_cli("terbitkan", "--workspace", root)[0] == 0
    page = workspace.out("web", "data.json").read_bytes()
    rows = _rows(workspace.archive)
    _write_rows(workspace.archive, rows[:2])  # back to No 1, No 2's files gone
    for stored in (workspace.archive / "2026").glob("002_*"):
        stored.unlink()
    status, printed = run_cli("arsip", "--periksa", "--workspace", root)
    said = " ".join(printed.split())
    assert status == 1 and "saksi" in said
    assert "register.csv memuat 1 baris, padahal keluaran/web/index.html" in said
    status, printed = run_cli("terbitkan", "--workspace", root)
    said = " ".join(printed.split())
    assert status == 2 and "Tidak ada yang diterbitkan atau diekspor" in said
    assert workspace.out("web", "data.json").read_bytes() == page


def test_a_register_field_longer_than_csv_reads_is_a_finding(tmp_path):
    """Before: _csv.Error, 'kesalahan tak terduga'."""
    folder = tmp_path / "arsip"
    _three(folder, tmp_path)
    rows = _rows(folder)
    rows[2][REGISTER_COLUMNS.index("Retensi")] = "x" * 140_000
    _write_rows(folder, rows)
    found = verify(folder)
    assert [(f.berkas, f.keadaan) for f in found] == [("register.csv", "format")]
    assert "baris 3 memuat isian lebih panjang dari 131.072 huruf" in found[0].pesan
    with pytest.raises(WorkspaceError, match=r"lebih panjang dari 131\.072 huruf"):
        put(folder, pdf(tmp_path / "empat.pdf", "4"))
