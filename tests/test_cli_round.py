"""The whole round on a copy of the bundled example, checked in the documents it produces."""

import csv
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline.kit.schema import consequence_spec
from pipeline.round import Round
from tests.conftest import GOOD_ROW, ROOT, run_cli, write_inventory
from tests.conftest import row as inventory_row

CONTENT = ROOT / "tools" / "contoh"


def docx_text(path) -> str:
    """Every paragraph, nested table cells included, NBSPs as spaces."""
    body = Document(str(path)).element.body
    paragraphs = body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    return "\n".join(
        "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")).replace("\u00a0", " ")
        for p in paragraphs
    )


def annex_rows(path) -> list[list[str]]:
    """The item rows of a list: rows of a nested table that start with their number (the
    column-number row under the header, all numbers, is not an item)."""

    def rows_of(tables):
        for table in tables:
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells]
                if len(cells) >= 4 and cells[0].isdigit() and not all(c.isdigit() for c in cells):
                    yield cells
                for cell in row.cells:
                    yield from rows_of(cell.tables)

    found = list(dict.fromkeys(tuple(row) for row in rows_of(Document(str(path)).tables)))
    if not found:
        raise AssertionError(f"no item table in {path}")
    return [list(row) for row in found]


def content(name: str) -> list[dict[str, str]]:
    with (CONTENT / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected():
    inventory = {f"{r['bidang']}-{int(r['No']):04d}": r for r in content("inventaris.csv")}
    results = {r["ID"]: r["Hasil Uji"] for r in content("uji_konsekuensi.csv")}
    exempt = {i for i, h in results.items() if h.startswith("Dikecualikan")}
    partial = {i for i, h in results.items() if h == "Dikecualikan Sebagian"}
    public = (set(inventory) - exempt) | partial
    return inventory, exempt, partial, public


@pytest.fixture
def ran(example):
    status, printed = run_cli("run", "--workspace", str(example.root))
    assert status == 0, printed
    return example, printed


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


def test_documents_carry_the_office_and_the_numbers(ran, example):
    workspace, _ = ran
    decision = docx_text(workspace.out("daftar_informasi_dikecualikan.docx"))
    assert "NOMOR 000.8.3.4/45/DSPPA/2026" in decision
    assert "23 Februari 2026" in decision
    assert "Dra. MARIA GORETTI SUSANTI, M.Si." in decision
    assert "NIP. 19700415 199403 2 006" in decision
    assert "30 (tiga puluh)" in decision
    lembar = docx_text(workspace.out("lembar_pengujian_konsekuensi.docx"))
    assert "Senin tanggal enam belas bulan Februari tahun dua ribu dua puluh enam" in lembar
    assert run_cli("nota", "--workspace", str(workspace.root))[0] == 0
    nota = docx_text(workspace.out("nota_dinas.docx"))
    assert "000.8.3.4/39/DSPPA/SET" in nota and "6 Februari 2026" in nota
    assert "Bidang Perlindungan Anak" in nota and "20 Februari 2026" in nota


def test_validation_report_reconciles(ran):
    workspace, _ = ran
    summary = load_workbook(workspace.out("laporan_validasi.xlsx"))["Ringkasan"]
    total = [c.value for c in summary[summary.max_row]]
    assert total == ["Jumlah", None, 50, 50, 0, 0]


def test_refresh_keeps_every_filled_outcome_and_decision(ran):
    workspace, _ = ran
    sheets = (workspace.test_sheet, workspace.review_sheet)
    before = [path.read_bytes() for path in sheets]
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert status == 0 and "Lembar uji (tidak berubah)" in printed
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert status == 0 and "Lembar tinjauan (tidak berubah)" in printed
    assert [path.read_bytes() for path in sheets] == before  # not even rewritten


def rows_of(path, sheet_name):
    return {
        r[0]: r
        for r in load_workbook(path)[sheet_name].iter_rows(min_row=2, values_only=True)
        if r[0]
    }


def test_outcomes_of_a_withdrawn_file_are_kept_aside_and_come_back(ran):
    workspace, _ = ran
    filled = rows_of(workspace.test_sheet, "Uji Konsekuensi")
    moved = workspace.root / "PA.xlsx"
    (workspace.inbox / "PA.xlsx").rename(moved)
    for _ in range(2):  # kept aside across more than one refresh
        status, printed = run_cli("uji", "--workspace", str(workspace.root))
        assert status == 0 and "disimpan di lembar 'Isian Tanpa Butir'" in printed
        aside = rows_of(workspace.test_sheet, "Isian Tanpa Butir")
        result = consequence_spec().names.index("hasil_uji")  # where the team wrote the result
        assert set(aside) == {i for i in filled if i.startswith("PA-") and filled[i][result]}
        assert "PA-0001" not in rows_of(workspace.test_sheet, "Uji Konsekuensi")
        assert "'Isian Tanpa Butir': PA-" in printed  # the officer learns which ones
    assert list(workspace.out("cadangan").glob("uji_konsekuensi-*.xlsx"))
    moved.rename(workspace.inbox / "PA.xlsx")
    assert run_cli("uji", "--workspace", str(workspace.root))[0] == 0
    assert rows_of(workspace.test_sheet, "Uji Konsekuensi") == filled
    assert "Isian Tanpa Butir" not in load_workbook(workspace.test_sheet).sheetnames


def test_decisions_of_a_withdrawn_file_are_named_where_they_are_kept(ran):
    workspace, _ = ran
    (workspace.inbox / "PA.xlsx").rename(workspace.root / "PA.xlsx")
    _, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert "disimpan di lembar 'Keputusan Tanpa Butir': PA-0001" in printed


def assert_not_signed(workspace, reason):
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 1
    assert reason in printed
    assert not workspace.out("daftar_informasi_dikecualikan.docx").exists()


def set_cells(path, sheet_name, item_id, values):
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    columns = {cell.value: cell.column for cell in sheet[1]}
    line = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == item_id
    )
    for label, value in values.items():
        sheet.cell(row=line, column=columns[label]).value = value
    workbook.save(path)


def test_a_returned_item_produces_the_return_letter(ran):
    workspace, _ = ran
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan Atasan PPID": "Dikembalikan", "Catatan Atasan PPID": "Perjelas jangka waktu & <bentuk>"})  # fmt: skip
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 1
    assert "1 informasi dikembalikan" in printed
    letter = docx_text(workspace.out("pengembalian_langkah5.docx"))
    assert "PA-0001" in letter and "Perjelas jangka waktu & <bentuk>" in letter
    assert "Dra. MARIA GORETTI SUSANTI, M.Si." in letter  # signed by who returned it
    assert not workspace.out("pengembalian_langkah4.docx").exists()
    assert not workspace.out("daftar_informasi_dikecualikan.docx").exists()
    run_cli("tetapkan", "--workspace", str(workspace.root))  # run again: logged once
    with workspace.return_log.open(encoding="utf-8-sig") as handle:
        log = list(csv.DictReader(handle))
    assert [(r["ID"], r["Tahap"], r["Catatan"]) for r in log] == [
        ("PA-0001", "Langkah 5 (Atasan PPID)", "Perjelas jangka waktu & <bentuk>")
    ]
    assert log[0]["Oleh"] == "Dra. MARIA GORETTI SUSANTI, M.Si. (Kepala Dinas)"


@pytest.mark.parametrize(
    ("item_id", "column", "value"),
    [("PA-0001", "Jangka Waktu", "5 tahun"), ("SET-0005", "Akibat bila Dibuka", "Teks baru")],
)
def test_content_changed_after_approval_needs_a_new_decision(ran, item_id, column, value):
    workspace, _ = ran
    set_cells(workspace.test_sheet, "Uji Konsekuensi", item_id, {column: value})
    assert_not_signed(workspace, "isi berubah setelah diputuskan")


def test_untested_proposal_blocks_the_draft(ran):
    workspace, _ = ran
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Hasil Uji": None})
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert status == 1
    assert "PA-0001" in printed and "Belum diuji" in printed
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 1


def test_uji_points_at_cells_that_need_the_team_but_not_at_untested_proposals(ran):
    workspace, _ = ran
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Hasil Uji": "Xyz"})
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "SET-0005", {"Hasil Uji": None})
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert status == 0, printed
    assert "Perlu diisi atau diperbaiki di lembar uji" in printed
    assert "PA-0001" in printed and "'Xyz' bukan pilihan kolom 'Hasil Uji'" in printed
    assert "SET-0005" not in printed  # counted as untested, not listed
    assert "1 usulan belum diuji: isi Hasil Uji" in " ".join(printed.split())
    assert workspace.out("perbaikan.xlsx").is_file()
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Hasil Uji": "Dikecualikan"})
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert "Perlu diisi" not in printed and not workspace.out("perbaikan.xlsx").exists()


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


def test_status_after_the_round(ran):
    workspace, _ = ran
    status, printed = run_cli("status", "--workspace", str(workspace.root))
    assert status == 0
    assert "arsip daftar bertanda tangan" in printed
    assert "make arsip" in printed


def test_formulir_makes_one_form_per_bidang(example):
    assert run_cli("formulir", "--workspace", str(example.root))[0] == 0
    assert sorted(p.name for p in example.out("formulir").iterdir()) == sorted(
        f"{code}.xlsx" for code in ["SET", "REHSOS", "LINJAMSOS", "DAYASOS", "PP", "PA", "UPTDPPA"]
    )


def test_init_scaffolds_a_neutral_office_once(tmp_path):
    target = tmp_path / "dik-2027"
    status, printed = run_cli("init", "--workspace", str(target), "--nama",
                              "Dinas Kesehatan Kabupaten Sintang", "--bidang",
                              "KESMAS=Bidang Kesehatan Masyarakat", "--bidang", "yankes=Bidang Pelayanan")  # fmt: skip
    assert status == 0 and (target / "masuk").is_dir()
    text = (target / "instansi.toml").read_text(encoding="utf-8")
    assert f"tanggal_acuan = {date.today().isoformat()}" in text
    assert (
        'pemerintah = "PEMERINTAH KABUPATEN SINTANG"' in text and 'nama = "DINAS KESEHATAN"' in text
    )
    assert 'kode = "YANKES"' in text and "Kapuas Hulu" not in text and "MARIA" not in text
    for part in ("mengingat = [", "[lembar_uji]", "[[lembar_uji.penguji]]",
                 "[penomoran.pengembalian_langkah4]", "[penomoran.pengembalian_langkah5]",
                 'pejabat = { jabatan = "<<jabatan, mis. Kepala Bidang Pelayanan>>"'):  # fmt: skip
        assert part in text, part
    status, printed = run_cli("nota", "--workspace", str(target))
    assert status == 2 and "[instansi] alamat masih berisi tanda <<...>>" in printed
    filled = re.sub(r"<<[^>]*>>", "ISI", text)
    filled = filled.replace('kode = "ISI"', 'kode = "DINKES"').replace(
        'nip = "ISI"', 'nip = "19700415 199403 2 006"'
    )
    (target / "instansi.toml").write_text(filled, encoding="utf-8")
    status, printed = run_cli("nota", "--workspace", str(target))
    assert status == 0, printed  # dates default to today
    status, printed = run_cli("init", "--workspace", str(target))
    assert status == 2 and "tidak ditimpa" in printed


def test_init_refuses_a_bidang_it_cannot_use(tmp_path):
    status, printed = run_cli("init", "--workspace", str(tmp_path / "x"), "--bidang", "Kesmas")
    assert status == 2 and "--bidang 'Kesmas' tidak sah; tulis KODE=Nama Bidang" in printed


def test_a_rejected_inventory_row_blocks_the_signed_list(ran):
    workspace, _ = ran
    path = workspace.inbox / "REHSOS.xlsx"
    workbook = load_workbook(path)
    workbook["Inventaris"]["B6"].value = None  # REHSOS-0001 loses its title
    workbook.save(path)
    assert_not_signed(workspace, "1 baris isian ditolak")


def test_renumbered_items_do_not_swap_their_outcomes(ran):
    workspace, _ = ran
    path = workspace.inbox / "SET.xlsx"
    workbook = load_workbook(path)
    sheet = workbook["Inventaris"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(6, 15)}
    sheet.cell(row=rows[1], column=1).value, sheet.cell(row=rows[5], column=1).value = 5, 1
    workbook.save(path)
    assert run_cli("konsep", "--workspace", str(workspace.root))[0] == 1
    outcomes = Round.open(workspace).outcomes
    conflicts = outcomes.conflicts.set_index("id")["pesan"]
    assert list(conflicts.index) == ["SET-0001"]  # now the proposed nota dinas: untested
    assert "berubah sejak diuji" in conflicts["SET-0001"]
    renstra = outcomes.table.set_index("id").loc["SET-0005"]  # not proposed: open, no old reasoning
    assert renstra["hasil"] == "Terbuka" and pd.isna(renstra["akibat_dibuka"])


def test_a_sheet_the_team_added_is_never_dropped(ran):
    workspace, _ = ran
    workbook = load_workbook(workspace.test_sheet)
    workbook.create_sheet("Notulen Rapat Uji")["A1"] = "catatan rapat"
    workbook.save(workspace.test_sheet)
    (workspace.inbox / "PA.xlsx").unlink()  # the sheet must change, so uji wants to rewrite it
    status, printed = run_cli("uji", "--workspace", str(workspace.root))
    assert status == 2 and "lembar tambahan 'Notulen Rapat Uji'" in printed
    assert "Notulen Rapat Uji" in load_workbook(workspace.test_sheet).sheetnames


def test_a_returned_item_is_fixed_redecided_and_signed(ran):
    workspace, _ = ran
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan Atasan PPID": "Dikembalikan", "Catatan Atasan PPID": "Jangka waktu terlalu luas"})  # fmt: skip
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 1
    set_cells(workspace.test_sheet, "Uji Konsekuensi", "PA-0001", {"Jangka Waktu": "5 tahun"})
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert "keputusannya dikosongkan" in printed and "putuskan lagi: PA-0001" in printed
    assert "mengisi keputusan di tinjauan.xlsx" in printed  # taken before the sheet was written
    row = rows_of(workspace.review_sheet, "Tinjauan")["PA-0001"]
    assert row[9] is None and row[11] is None and "Keputusan lama" in row[8]
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan PPID Pembantu": "Setuju", "Keputusan Atasan PPID": "Setuju"})  # fmt: skip
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 0, printed
    assert "5 (lima) tahun" in docx_text(workspace.out("daftar_informasi_dikecualikan.docx"))
    assert Round.open(workspace).stage.name == "ARSIP"  # the 'decide again' note does not hold it
    status, printed = run_cli("status", "--workspace", str(workspace.root))
    assert "make arsip" in printed.split("Langkah berikutnya")[-1]


def test_konsep_says_when_nothing_is_left_to_decide(ran):
    workspace, _ = ran
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert status == 0 and "semua butir sudah disetujui di tinjauan.xlsx" in printed
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001", {"Keputusan Atasan PPID": None})
    status, printed = run_cli("konsep", "--workspace", str(workspace.root))
    assert "mengisi keputusan di tinjauan.xlsx" in printed


def test_init_points_to_an_example_that_exists_where_the_tool_is(tmp_path):
    """A wheel user has no data/contoh beside them: the pointer names the shipped file."""
    from pipeline.kit.resources import EXAMPLE

    target = tmp_path / "dik-2027"
    assert run_cli("init", "--workspace", str(target))[0] == 0
    text = (target / "instansi.toml").read_text(encoding="utf-8")
    pointer = re.search(r"kantor contoh alat ini\): (\S+)", text)
    assert pointer and Path(pointer.group(1)) == EXAMPLE / "instansi.toml"
    assert Path(pointer.group(1)).is_file()


def test_the_test_sheet_shows_what_the_bidang_wrote(workspace):
    """The team tests without opening the bidang's workbooks: summary and reason are there."""
    write_inventory(workspace.inbox / "PP.xlsx", [inventory_row()])
    assert run_cli("uji", "--workspace", str(workspace.root))[0] == 0
    sheet = load_workbook(workspace.test_sheet)["Uji Konsekuensi"]
    header = [cell.value for cell in sheet[1]]
    line = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert line["Ringkasan Isi"] == GOOD_ROW["Ringkasan Isi"]
    assert line["Alasan Usulan"] == GOOD_ROW["Alasan Usulan"]
    assert header.index("Ringkasan Isi") == header.index("Judul Informasi") + 1


def test_return_letters_are_kept_after_approval_and_made_again_from_the_record(ran):
    """A signed return letter stays with the round once the list is approved, and comes back
    from riwayat_pengembalian.csv when keluaran/ is deleted ('safe to delete')."""
    workspace, _ = ran
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan PPID Pembantu": "Dikembalikan", "Catatan PPID Pembantu": "Perjelas.",
               "Tanggal Keputusan PPID Pembantu": date(2026, 2, 19),
               "Keputusan Atasan PPID": None})  # fmt: skip
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 1
    letter = workspace.out("pengembalian_langkah4.docx")
    first = docx_text(letter)
    set_cells(workspace.review_sheet, "Tinjauan", "PA-0001",
              {"Keputusan PPID Pembantu": "Setuju", "Keputusan Atasan PPID": "Setuju"})  # fmt: skip
    status, printed = run_cli("tetapkan", "--workspace", str(workspace.root))
    assert status == 0, printed
    assert letter.is_file() and workspace.out("daftar_informasi_dikecualikan.docx").is_file()
    shutil.rmtree(workspace.output)
    assert run_cli("tetapkan", "--workspace", str(workspace.root))[0] == 0
    assert docx_text(letter) == first
    assert "19 Februari 2026" in first and "Perjelas." in first


def test_init_fills_what_a_citys_name_already_says(tmp_path):
    """A city's office signs in the city; its head is a Wali Kota, its rules Perwako."""
    target = tmp_path / "dishub"
    assert run_cli("init", "--workspace", str(target), "--nama",
                   "Dinas Perhubungan Kota Singkawang")[0] == 0  # fmt: skip
    text = (target / "instansi.toml").read_text(encoding="utf-8")
    assert 'tempat = "Singkawang"' in text and '"Wali Kota Singkawang",' in text
    assert "<<Peraturan Wali Kota Singkawang Nomor ... Tahun ..." in text
    assert "Bupati" not in text.split("[penetapan]")[1].split("[lembar_uji]")[0]
