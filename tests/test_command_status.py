"""`status`: where the round stands, what is missing, exemptions ending soon, archive changes."""

from datetime import date

from pipeline.round import Round
from tests.conftest import run_cli
from tests.example_round import set_cells


def set_period(workspace, item_id, period, tested):
    set_cells(
        workspace.test_sheet,
        "Uji Konsekuensi",
        item_id,
        {"Jangka Waktu": period, "Tanggal Uji": tested},
    )


def test_status_lists_missing_steps_for_a_fresh_round(workspace):
    status, printed = run_cli("status", "--workspace", str(workspace.root))
    assert status == 0
    assert "isian Sekretariat" in printed
    assert "Langkah berikutnya: kumpulkan isian bidang" in printed


def test_exemption_ending_within_90_days_is_listed(example, ran):
    set_period(example, "PA-0001", "5 tahun", date(2021, 4, 1))
    lines = Round.open(example).due(today=date(2026, 2, 16))
    assert any("PA-0001" in line and "1 April 2026" in line for line in lines)


def test_archive_status_change_since_the_last_list(example, ran):
    final = example.out("daftar_informasi_dikecualikan.docx")
    assert run_cli("arsip", str(final), "--workspace", str(example.root))[0] == 0
    config = example.config.read_text(encoding="utf-8")
    example.config.write_text(
        config.replace("tanggal_acuan = 2026-02-16", "tanggal_acuan = 2029-01-01"), encoding="utf-8"
    )
    lines = Round.open(example).changed_statuses()
    assert any("berubah: Aktif → Inaktif" in line for line in lines)


def test_status_fits_an_80_column_terminal(example):
    import io

    from rich.console import Console

    from pipeline.cli import main
    from pipeline.kit.console import Output

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, highlight=False, color_system=None)
    assert main(["status", "--workspace", str(example.root)], Output(console, console)) == 0
    printed = buffer.getvalue()
    assert "Dikecualikan" in printed and "Disetujui" in printed and "…" not in printed
    assert max(len(line) for line in printed.splitlines()) <= 80


def test_status_names_the_office_and_its_folder(workspace):
    status, printed = run_cli("status", "--workspace", str(workspace.root))
    assert status == 0
    assert "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Kapuas Hulu" in (
        " ".join(printed.split())
    )
    assert f"Folder kerja: {workspace.root}" in printed


def test_status_after_the_round(ran):
    workspace, _ = ran
    status, printed = run_cli("status", "--workspace", str(workspace.root))
    assert status == 0
    assert "arsip daftar bertanda tangan" in printed
    assert "make arsip" in printed
