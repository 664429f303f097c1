"""`run` (nota to tetapkan) on a copy of the bundled example, checked in the documents it
produces; and where it stops when a step has work left."""

from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.example_round import annex_rows, docx_text, expected


def test_run_goes_through_to_the_list_for_signature(ran):
    workspace, printed = ran
    assert "50 baris dibaca dari 7 berkas: 50 valid, 0 ditolak" in printed
    assert "Kedua tingkat menyetujui 30 informasi" in printed
    for name in ("nota_dinas.docx", "laporan_validasi.xlsx", "konsep_daftar_informasi_dikecualikan.docx",
                 "konsep_daftar_informasi_publik.docx", "lembar_pengujian_konsekuensi.docx",
                 "daftar_informasi_dikecualikan.docx"):  # fmt: skip
        assert workspace.out(name).exists(), name
    assert not workspace.out("pengembalian_langkah4.docx").exists()
    # the bundled sheets are what the tool writes: make run leaves the checkout unchanged
    assert "Lembar uji (tidak berubah)" in printed
    assert "Lembar tinjauan (tidak berubah)" in printed


def test_exempted_titles_in_the_dik_open_ones_in_the_dip(ran):
    workspace, _ = ran
    inventory, exempt, _, public = expected()
    final = annex_rows(workspace.out("daftar_informasi_dikecualikan.docx"))
    draft = annex_rows(workspace.out("konsep_daftar_informasi_dikecualikan.docx"))
    dip = annex_rows(workspace.out("konsep_daftar_informasi_publik.docx"))
    assert len(final) == len(draft) == len(exempt) == 30
    assert len(dip) == len(public)
    final_text = "\n".join(" ".join(row) for row in final)
    dip_text = "\n".join(" ".join(row) for row in dip)
    for item_id, item in inventory.items():
        title = " ".join(item["Judul Informasi"].split())
        assert (title in final_text) == (item_id in exempt), item_id
        assert (title in dip_text) == (item_id in public), item_id
    assert [row[0] for row in final] == [str(n) for n in range(1, 31)]


def test_documents_carry_the_office_and_the_numbers(ran):
    """The decision and the lembar; the Nota Dinas is test_command_nota's."""
    workspace, _ = ran
    decision = docx_text(workspace.out("daftar_informasi_dikecualikan.docx"))
    assert "NOMOR 000.8.3.4/45/DSPPA/2026" in decision
    assert "23 Februari 2026" in decision
    assert "Dra. MARIA GORETTI SUSANTI, M.Si." in decision
    assert "NIP. 19700415 199403 2 006" in decision
    assert "30 (tiga puluh)" in decision
    lembar = docx_text(workspace.out("lembar_pengujian_konsekuensi.docx"))
    assert "Senin tanggal enam belas bulan Februari tahun dua ribu dua puluh enam" in lembar


def test_validation_report_reconciles(ran):
    workspace, _ = ran
    summary = load_workbook(workspace.out("laporan_validasi.xlsx"))["Ringkasan"]
    total = [c.value for c in summary[summary.max_row]]
    assert total == ["Jumlah", None, 50, 50, 0, 0]


def test_run_stops_at_the_first_step_with_work_left(example):
    path = example.inbox / "REHSOS.xlsx"
    workbook = load_workbook(path)
    workbook["Inventaris"]["B6"].value = None  # a title removed: the row is rejected
    workbook.save(path)
    before = example.test_sheet.read_bytes()
    status, printed = run_cli("run", "--workspace", str(example.root))
    assert status == 1
    assert "run berhenti di periksa" in printed
    assert "make uji" not in printed.split("run berhenti")[1]
    assert example.test_sheet.read_bytes() == before
    assert not example.out("konsep_daftar_informasi_dikecualikan.docx").exists()
