"""Electronic signatures checked at the archive's door and again by `arsip --periksa`: signed in
the test with certificates made for it (tests/signing.py), so nothing is fetched."""

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.kit.errors import WorkspaceError
from pipeline.kit.signatures import SignatureError, examine
from pipeline.stages import s6_archive as archive
from pipeline.stages.s6_archive import (
    FIRST_COLUMNS,
    REGISTER_COLUMNS,
    TTE,
    WET,
    WORD,
    read_register,
    signing,
    store,
    verify,
)
from tests.conftest import run_cli
from tests.signing import blank_pdf, identity, one_byte_changed, sign

DETAILS = {"Nomor Keputusan": "000.8.3.4/45/DSPPA/2026", "Jumlah Butir": "2"}
ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"


@pytest.fixture(scope="module")
def head():
    return identity("MARIA GORETTI SUSANTI")


@pytest.fixture
def signed(tmp_path, head) -> Path:
    return sign(blank_pdf(tmp_path / "daftar.pdf"), tmp_path / "daftar ttd.pdf", head)


def test_a_signature_names_its_signer_and_time_and_does_not_claim_trust(signed):
    found = examine(signed)
    assert found is not None
    assert found.signers == "MARIA GORETTI SUSANTI"
    assert re.fullmatch(rf"{ISO_TIME} \(menurut komputer penanda tangan\)", found.times)
    assert found.chain == (
        "tidak diperiksa (luring), sertifikat dibuat sendiri oleh penanda tangan"
    )


def test_a_timestamp_token_gives_the_time(tmp_path, head):
    authority = identity("TSA Contoh", stamps=True)
    stamped = sign(blank_pdf(tmp_path / "daftar.pdf"), tmp_path / "ttd.pdf", head,
                   stamped_by=authority)  # fmt: skip
    found = examine(stamped)
    assert found is not None
    assert re.fullmatch(rf"{ISO_TIME} \(stempel waktu\)", found.times)


def test_a_pdf_without_a_signature_is_none(tmp_path):
    assert examine(blank_pdf(tmp_path / "pindaian.pdf")) is None
    (tmp_path / "bukan.pdf").write_bytes(b"%PDF-1.4\n% rusak\n%%EOF\n")
    assert examine(tmp_path / "bukan.pdf") is None


def test_one_byte_changed_after_signing_breaks_it(signed, tmp_path):
    with pytest.raises(SignatureError, match="rusak: isi berkas tidak sama"):
        examine(one_byte_changed(signed, tmp_path / "diubah.pdf"))


def test_bytes_added_after_signing_are_not_covered(signed, tmp_path):
    extended = tmp_path / "ditambah.pdf"
    extended.write_bytes(signed.read_bytes() + b"\n% catatan sesudah ditandatangani\n")
    with pytest.raises(SignatureError, match="tidak lagi mencakup seluruh berkas"):
        examine(extended)


def test_an_unreadable_signature_is_refused_not_taken_for_a_scan(tmp_path):
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /ByteRange [0 10 20 30] /Contents <00> >>\n%%EOF")
    with pytest.raises(SignatureError, match="tidak dapat dibaca"):
        examine(broken)


def test_a_second_signature_keeps_the_first_valid(signed, tmp_path):
    witness = identity("YOHANES BOSKO LIANG")
    twice = sign(signed, tmp_path / "dua.pdf", witness, field="TTE2")
    found = examine(twice)
    assert found is not None
    assert found.signers == "MARIA GORETTI SUSANTI; YOHANES BOSKO LIANG"
    assert found.times.count("menurut komputer penanda tangan") == 2


def test_a_chain_is_known_only_up_to_a_root_the_office_keeps(tmp_path):
    root = identity("Root CA Contoh", authority=True)
    head = identity("MARIA GORETTI SUSANTI", issuer=root)
    signed = sign(blank_pdf(tmp_path / "daftar.pdf"), tmp_path / "ttd.pdf", head, root)
    found = examine(signed, tmp_path / "sertifikat")  # no such folder: nothing is known
    assert found is not None and found.chain == "tidak diperiksa (luring), penerbit Root CA Contoh"
    roots = tmp_path / "sertifikat"
    roots.mkdir()
    (roots / "bukan sertifikat.crt").write_bytes(b"bukan sertifikat")
    (roots / "lain.pem").write_bytes(identity("Root Lain", authority=True).pem())
    assert examine(signed, roots).chain.startswith("tidak diperiksa (luring)")
    (roots / "root.pem").write_bytes(root.pem())
    assert examine(signed, roots).chain == (
        "dikenal (sampai sertifikat akar Root CA Contoh milik kantor), pencabutan tidak diperiksa"
    )


# At the archive


def test_a_signed_decision_is_archived_with_its_signer_and_time(signed, tmp_path):
    folder = tmp_path / "arsip"
    entry = store(folder, signed, None, DETAILS, 2026)
    assert entry["Tanda Tangan"] == TTE
    assert entry["Penanda Tangan TTE"] == "MARIA GORETTI SUSANTI"
    assert re.match(ISO_TIME, entry["Waktu TTE"])
    assert entry["Rantai Sertifikat TTE"].startswith("tidak diperiksa (luring)")
    assert read_register(folder) == [entry]
    with (folder / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[5:10] == ["SHA-256", "Tanda Tangan", "Penanda Tangan TTE", "Waktu TTE",
                            "Rantai Sertifikat TTE"]  # fmt: skip
    [finding] = verify(folder)
    assert finding.keadaan == "utuh"
    assert "TTE MARIA GORETTI SUSANTI" in finding.pesan
    assert "utuh dan mencakup seluruh berkas" in finding.pesan
    assert signing(entry).startswith(
        "Ditandatangani secara elektronik (TTE) oleh MARIA GORETTI SUSANTI pada "
    )


def test_a_copy_changed_after_signing_is_refused_and_nothing_is_stored(signed, tmp_path):
    folder = tmp_path / "arsip"
    changed = one_byte_changed(signed, tmp_path / "daftar diubah.pdf")
    with pytest.raises(WorkspaceError) as refused:
        store(folder, changed, None, DETAILS, 2026)
    assert str(refused.value) == (
        "daftar diubah.pdf tidak diarsipkan: tanda tangan elektronik rusak: isi berkas tidak "
        "sama dengan yang ditandatangani; mintakan berkas asli dari penanda tangan, lalu ulangi."
    )
    assert not (folder / "2026").exists() and read_register(folder) == []


def test_a_scan_is_wet_signed_and_a_word_document_is_neither(tmp_path):
    folder = tmp_path / "arsip"
    scan = store(folder, blank_pdf(tmp_path / "pindaian.pdf"), None, DETAILS, 2026)
    image = tmp_path / "pindaian.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    picture = store(folder, image, None, DETAILS, 2026)
    docx = tmp_path / "daftar.docx"
    shutil.make_archive(str(tmp_path / "daftar"), "zip", _word_parts(tmp_path / "isi"))
    (tmp_path / "daftar.zip").rename(docx)
    word = store(folder, docx, None, DETAILS, 2026)
    assert [scan["Tanda Tangan"], picture["Tanda Tangan"], word["Tanda Tangan"]] == [
        WET, WET, WORD,
    ]  # fmt: skip
    assert scan["Penanda Tangan TTE"] == scan["Waktu TTE"] == ""
    assert signing(scan).startswith("Pindaian daftar bertanda tangan basah")
    assert [f.keadaan for f in verify(folder)] == ["utuh"] * 3


def _word_parts(folder: Path) -> Path:
    (folder / "word").mkdir(parents=True)
    (folder / "word" / "document.xml").write_text("<w:document/>", encoding="utf-8")
    return folder


def test_a_file_swapped_with_its_register_rewritten_fails_its_signature(signed, tmp_path):
    """The register's chain has no key: whoever rewrites it can make a swapped file's hash
    match. The signature inside the file cannot be made to match."""
    folder = tmp_path / "arsip"
    entry = store(folder, signed, None, DETAILS, 2026)
    stored = folder / entry["Berkas Arsip"]
    one_byte_changed(signed, stored)
    forged = read_register(folder)[0] | {"SHA-256": archive.sha256(stored)}
    cells = [forged[column] for column in REGISTER_COLUMNS]
    cells[-1] = archive._digest(cells)
    archive.write_csv(folder / "register.csv", REGISTER_COLUMNS,
                      [dict(zip(REGISTER_COLUMNS, cells, strict=True))])  # fmt: skip
    [finding] = verify(folder)
    assert finding.keadaan == "TTE rusak" and not finding.sound
    assert finding.pesan.startswith("Berkas nomor 1 cocok dengan register, tetapi tanda tangan")


def test_a_register_of_the_first_version_stays_sound_and_gains_the_columns(signed, tmp_path):
    folder = tmp_path / "arsip"
    old = store(folder, blank_pdf(tmp_path / "lama.pdf", "lama"), None, DETAILS, 2026)
    # As the first version wrote it: no signature columns, the digest over the others.
    first = {column: old[column] for column in FIRST_COLUMNS}
    cells = [first[column] for column in FIRST_COLUMNS]
    first["Sidik Baris"] = archive.hashlib.sha256(
        json.dumps(cells[:-1], ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    archive.write_csv(folder / "register.csv", FIRST_COLUMNS, [first])
    assert [f.keadaan for f in verify(folder)] == ["utuh"]
    assert read_register(folder)[0]["Tanda Tangan"] == ""

    entry = store(folder, signed, None, DETAILS, 2026)
    assert entry["Rantai"] == first["Sidik Baris"] and entry["Tanda Tangan"] == TTE
    with (folder / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == REGISTER_COLUMNS and len(rows) == 2
    assert [f.keadaan for f in verify(folder)] == ["utuh", "utuh"]


def test_arsip_of_a_signed_pdf_says_who_signed_and_periksa_checks_it_again(
    example, ran, tmp_path, head
):
    signed = sign(blank_pdf(tmp_path / "sk.pdf"), tmp_path / "SK DIK ttd.pdf", head)
    status, printed = run_cli("arsip", str(signed), "--workspace", str(example.root))
    flat = " ".join(printed.split())
    assert status == 0, printed
    assert "Ditandatangani secara elektronik (TTE) oleh MARIA GORETTI SUSANTI pada" in flat
    assert "rantai sertifikat: tidak diperiksa (luring)" in flat
    status, printed = run_cli("arsip", "--periksa", "--workspace", str(example.root))
    assert status == 0, printed
    assert "TTE MARIA GORETTI SUSANTI" in " ".join(printed.split())

    changed = one_byte_changed(signed, tmp_path / "SK DIK diubah.pdf")
    status, printed = run_cli("arsip", str(changed), "--workspace", str(example.root))
    assert status == 2
    assert "SK DIK diubah.pdf tidak diarsipkan: tanda tangan elektronik rusak" in " ".join(
        printed.split()
    )
    assert "Traceback" not in printed and "Warning" not in printed
