"""`arsip` (SOP step 6): the signed list archived under its number, verified, withdrawn by an
appended row; the signed DIP archived beside it (--dip)."""

from pipeline.round import Round, Stage
from tests.conftest import run_cli


def test_archive_then_verify(ran):
    workspace, _ = ran
    final = workspace.out("daftar_informasi_dikecualikan.docx")
    status, printed = run_cli("arsip", str(final), "--workspace", str(workspace.root))
    assert status == 0, printed
    assert "diarsipkan sebagai arsip nomor 1" in printed
    assert "belum bertanda tangan" in printed  # the file tetapkan wrote, not a scan of it
    status, printed = run_cli("arsip", str(final), "--workspace", str(workspace.root))
    assert status == 2 and "sudah diarsipkan" in printed
    assert run_cli("arsip", "--periksa", "--workspace", str(workspace.root))[0] == 0
    stored = next((workspace.archive / "2026").glob("001_*.docx"))
    stored.write_bytes(b"changed")
    status, printed = run_cli("arsip", "--periksa", "--workspace", str(workspace.root))
    assert status == 1 and "berubah" in printed


def test_arsip_periksa_names_a_missing_file(example, ran):
    final = example.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    stored = next((example.archive / "2026").glob("001_*.docx"))
    stored.unlink()
    status, printed = run_cli("arsip", "--periksa", "--workspace", str(example.root))
    assert status == 1
    assert "hilang" in printed and stored.name in printed


def test_a_wrong_registration_is_withdrawn_by_an_appended_row(example, ran, tmp_path):
    wrong = tmp_path / "Pindaian SK DIK salah.pdf"
    wrong.write_bytes(b"%PDF-1.4 bukan daftar yang benar")
    status, printed = run_cli("arsip", str(wrong), "--workspace", str(example.root))
    assert status == 0 and "nomor 1" in printed
    status, printed = run_cli(
        "arsip", "--tarik", "1", "--alasan", "salah berkas", "--workspace", str(example.root)
    )
    assert status == 0 and "Pengarsipan nomor 1 ditarik: salah berkas" in printed
    assert run_cli("arsip", "--periksa", "--workspace", str(example.root))[0] == 0
    notes = (example.archive / "register.csv").read_text(encoding="utf-8-sig")
    assert "Penarikan" in notes and "salah berkas" in notes


def test_a_number_written_by_hand_is_given_to_arsip_and_kept(example):
    config = example.config.read_text(encoding="utf-8")
    head, tail = config.split("[penomoran.keputusan]")
    example.config.write_text(
        head + "[penomoran.keputusan]" + tail.replace("nomor = 45", 'nomor = ""', 1),
        encoding="utf-8",
    )
    status, printed = run_cli("run", "--workspace", str(example.root))
    assert status == 0 and "tulis nomor keputusan dari buku agenda" in printed
    assert "--nomor 45" in printed  # tetapkan already says how the number is given
    final = str(example.out("daftar_informasi_dikecualikan.docx"))
    scan = example.root / "Pindaian SK DIK.pdf"
    scan.write_bytes(b"%PDF-1.4 daftar bernomor dan bertanda tangan")
    status, printed = run_cli("arsip", str(scan), "--workspace", str(example.root))
    assert status == 2 and "sebutkan nomor yang tertulis pada daftar" in printed
    status, printed = run_cli("arsip", str(scan), "--nomor", "4x", "--workspace", str(example.root))
    assert status == 2 and "bukan nomor urut buku agenda" in printed
    status, printed = run_cli("arsip", final, "--nomor", "52", "--workspace", str(example.root))
    assert status == 2 and "tanpa nomor dan tanda tangan" in printed  # not the unsigned file
    assert not (example.archive / "register.csv").exists()
    status, printed = run_cli("arsip", str(scan), "--nomor", "52", "--workspace", str(example.root))
    assert status == 0 and "Keputusan Nomor 000.8.3.4/52/DSPPA/2026 diarsipkan" in printed
    register = (example.archive / "register.csv").read_text(encoding="utf-8-sig")
    assert "000.8.3.4/52/DSPPA/2026" in register
    assert Round.open(example).stage is Stage.ARSIP  # the DIP awaits its own archiving
    dip = example.root / "Pindaian DIP.pdf"
    dip.write_bytes(b"%PDF-1.4 DIP bertanda tangan")
    assert run_cli("arsip", str(dip), "--dip", "--workspace", str(example.root))[0] == 0
    assert Round.open(example).stage is Stage.SELESAI
    status, printed = run_cli("terbitkan", "--workspace", str(example.root))
    assert status == 0 and "Nomor 000.8.3.4/52/DSPPA/2026 diterbitkan" in printed


def test_a_number_that_differs_from_the_printed_one_is_refused(example, ran):
    final = str(example.out("daftar_informasi_dikecualikan.docx"))
    status, printed = run_cli("arsip", final, "--nomor", "52", "--workspace", str(example.root))
    assert status == 2 and "berbeda dari nomor 45" in printed


def test_each_list_is_archived_as_what_it_is(example, ran):
    """The DIK and the DIP tetapkan wrote are told apart by their bytes: each given as the other
    is refused and names the call that archives it; a scan is the officer's word (--dip)."""
    root = ("--workspace", str(example.root))
    final = example.out("daftar_informasi_dikecualikan.docx")
    public = example.out("daftar_informasi_publik.docx")
    status, printed = run_cli("arsip", str(public), *root)
    said = " ".join(printed.split())
    assert status == 2
    assert (
        "daftar_informasi_publik.docx adalah Daftar Informasi Publik; arsipkan dengan --dip" in said
    )
    status, printed = run_cli("arsip", str(final), "--dip", *root)
    said = " ".join(printed.split())
    assert status == 2
    assert "adalah Daftar Informasi yang Dikecualikan; arsipkan tanpa --dip" in said
    assert not (example.archive / "register.csv").exists()  # nothing stored by a refusal
    status, printed = run_cli("arsip", str(public), "--dip", *root)
    said = " ".join(printed.split())
    assert status == 0
    assert (
        "Daftar Informasi Publik Nomor 000.8.3.4/46/DSPPA/DIP/2026 diarsipkan sebagai arsip "
        "nomor 1" in said
    )
    assert Round.open(example).stage is Stage.ARSIP  # the signed DIK is still to be archived
