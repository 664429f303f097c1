"""The second year: a round started from last year's signed list (init --dari), end to end.

The example round is signed and archived (2026); the next round starts from its folder; the
bidang change one item, remove one, add two, and one exemption (SET-0005, one year from its
test on 16 February 2026) ends within 2027. The forms must hold every item of the old list, the
consequence sheet must ask exactly those items to be tested again, the decision must revoke the
old one by number and list exactly those changes, and the page must show both decisions.
What `init --dari` itself accepts and refuses is in test_command_init.
"""

import json
import shutil
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from pipeline import frames
from pipeline.kit.schema import consequence_spec, inventory_spec, review_spec
from pipeline.kit.workspace import Workspace
from pipeline.round import Round
from pipeline.stages.s1_previous import ADDED, CHANGED, REMOVED, UNCHANGED
from pipeline.stages.s2_forms import HEADER_ROW
from pipeline.stages.s6_archive import current_snapshot
from tests.conftest import run_cli
from tests.example_round import OLD_NUMBER, annex_rows, docx_text, form_rows
from tests.test_frames import _check as check

FORM = inventory_spec(carried=True)
TEST = consequence_spec(carried=True)
NEW_ROWS = [
    {"No": 8, "Judul Informasi": "Berkas asesmen anak korban perundungan di sekolah",
     "Ringkasan Isi": "Hasil asesmen psikolog dan rencana pendampingan anak korban perundungan.",
     "Pejabat/Unit Penguasa Informasi": "Kepala Bidang Perlindungan Anak",
     "Tahun Pembuatan": 2026, "Bentuk Informasi": "Cetak", "Berasal dari Arsip": "Tidak",
     "Usulan Dikecualikan": "Ya", "Dasar Pengecualian (Pasal 17)": "17.h.1; 17.h.2",
     "Alasan Usulan": "Membuka kondisi anak korban menimbulkan stigma."},
    {"No": 9, "Judul Informasi": "Data anak penerima layanan pengasuhan sementara",
     "Ringkasan Isi": "Identitas dan kondisi keluarga anak yang diasuh sementara oleh Dinas.",
     "Pejabat/Unit Penguasa Informasi": "Kepala Bidang Perlindungan Anak",
     "Tahun Pembuatan": 2026, "Bentuk Informasi": "Elektronik", "Berasal dari Arsip": "Tidak",
     "Usulan Dikecualikan": "Ya", "Dasar Pengecualian (Pasal 17)": "17.h.1",
     "Alasan Usulan": "Identitas anak dan keluarganya dilindungi."},
]  # fmt: skip


def _edit_form(path: Path, changes: dict[str, dict[str, object]], added: list) -> None:
    """The bidang's edits: cells of carried rows (by Kode Butir), then new rows below."""
    workbook = load_workbook(path)
    sheet = workbook["Inventaris"]
    columns = {str(c.value).rstrip(" *"): c.column for c in sheet[HEADER_ROW]}
    key = columns[FORM["kode_butir"].label]
    last = HEADER_ROW
    for line in range(HEADER_ROW + 1, sheet.max_row + 1):
        code = sheet.cell(row=line, column=key).value
        if code:
            last = line
        for label, value in changes.get(str(code), {}).items():
            sheet.cell(row=line, column=columns[label]).value = value
    for offset, values in enumerate(added, start=1):
        for label, value in values.items():
            sheet.cell(row=last + offset, column=columns[label]).value = value
    workbook.save(path)


def _fill(path: Path, sheet_name: str, values: dict[str, dict[str, object]]) -> None:
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for line in range(2, sheet.max_row + 1):
        for label, value in values.get(sheet.cell(row=line, column=1).value, {}).items():
            sheet.cell(row=line, column=columns[label]).value = value
    workbook.save(path)


def _sheet(path: Path, sheet_name: str) -> dict[str, dict[str, object]]:
    sheet = load_workbook(path)[sheet_name]
    labels = [cell.value for cell in sheet[1]]
    return {
        row[0]: dict(zip(labels, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0]
    }


def _started(signed_2026: Workspace, folder: Path, *, same_reference_date: bool) -> Workspace:
    new = Workspace(folder)
    status, printed = run_cli("init", "--workspace", str(new.root), "--dari", str(signed_2026.root))
    assert status == 0, printed
    text = new.config.read_text(encoding="utf-8")
    assert "tahun = 2027" in text and "tanggal_acuan = 2027-02-16" in text
    assert text.count('"<<nomor dari buku agenda; 2026: ') == 4  # each counter starts anew
    text = text.replace('"<<nomor dari buku agenda; 2026: 39>>"', "3")
    text = text.replace('"<<nomor dari buku agenda; 2026: 41>>"', "7")
    text = text.replace('"<<nomor dari buku agenda; 2026: 45>>"', "12")
    text = text.replace('"<<nomor dari buku agenda; 2026: 46>>"', "13")
    if same_reference_date:
        # Archive statuses held as they were: which items change status by the JRA over a
        # year is the subject of its own test below.
        text = text.replace("tanggal_acuan = 2027-02-16", "tanggal_acuan = 2026-02-16")
    new.config.write_text(text, encoding="utf-8")
    return new


def test_the_second_year_from_the_signed_list_to_the_page(signed_2026, tmp_path):
    old = current_snapshot(signed_2026.archive)
    assert old is not None
    new = _started(signed_2026, tmp_path / "dik-2027", same_reference_date=True)

    # The forms hold every item of the old list, marked to keep, with its key.
    forms = {path.stem: form_rows(path) for path in new.out("formulir").glob("*.xlsx")}
    carried = {key: row for rows in forms.values() for key, row in rows.items()}
    assert set(carried) == {item.kunci for item in old.inventaris}
    assert len(carried) == 50
    assert {row[FORM["tindak_lanjut"].label] for row in carried.values()} == {"Tetap"}
    due = carried["2026-SET-0005"][FORM["daftar_lalu"].label]
    assert "diuji ulang: jangka waktu pengecualian berakhir 16 Februari 2027" in due

    # The bidang: PA-0004 changed, PP-0005 no longer held, two new items in PA.
    summary = FORM["ringkasan"].label
    action = FORM["tindak_lanjut"].label
    _edit_form(new.out("formulir", "PA.xlsx"),
               {"2026-PA-0004": {summary: "Data anak yang memerlukan perlindungan khusus, "
                                          "diperbarui per kecamatan.", action: "Diubah"}},
               NEW_ROWS)  # fmt: skip
    _edit_form(new.out("formulir", "PP.xlsx"),
               {"2026-PP-0005": {action: "Dihapus: tidak dikuasai lagi"}}, [])  # fmt: skip
    for form in new.out("formulir").glob("*.xlsx"):
        shutil.copy(form, new.inbox / form.name)
    assert run_cli("periksa", "--workspace", str(new.root))[0] == 0
    assert run_cli("uji", "--workspace", str(new.root))[0] == 0

    # The consequence sheet asks exactly the changed, added and expired items.
    sheet = _sheet(new.test_sheet, TEST.sheet)
    asked = {item for item, row in sheet.items() if row[TEST["uji_ulang"].label]}
    assert asked == {"PA-0004", "PA-0008", "PA-0009", "SET-0005"}
    assert "PP-0005" not in sheet
    assert all(sheet[item][TEST["hasil_uji"].label] is None for item in asked)
    assert sheet["PA-0004"][TEST["uji_ulang"].label] == "Isi berubah: Ringkasan Isi"
    assert sheet["PA-0008"][TEST["uji_ulang"].label] == "Butir baru"
    assert sheet["SET-0005"][TEST["uji_ulang"].label].startswith(
        "Jangka waktu pengecualian berakhir 16 Februari 2027"
    )
    carried_test = sheet["PA-0001"]
    assert carried_test[TEST["hasil_uji"].label] == "Dikecualikan"
    assert "Lembar Pengujian Konsekuensi Nomor 000.8.3.4/41/DSPPA/SET/2026" in str(
        carried_test[TEST["uji_lalu"].label]
    )
    assert OLD_NUMBER in str(carried_test[TEST["uji_lalu"].label])

    # The team tests them again; the reviewers approve the whole list.
    tested = date(2027, 2, 15)
    exempt = {"Hasil Uji": "Dikecualikan", "Pasal 17": "17.h.1", "Jangka Waktu": "Tidak terbatas",
              "Akibat bila Dibuka": "Anak dan keluarganya dapat dikenali dan distigma.",
              "Pertimbangan bila Ditutup": "Kepentingan terbaik anak lebih besar.",
              "Dasar Hukum Lain": "Pasal 64 UU Nomor 35 Tahun 2014 tentang Perlindungan Anak",
              "Tanggal Uji": tested}  # fmt: skip
    opened = {"Hasil Uji": "Terbuka", "Jangka Waktu": None, "Pasal 17": None,
              "Dasar Dibuka untuk Umum": "Pasal 11 UU 14/2008: informasi yang wajib tersedia "
                                         "setiap saat", "Tanggal Uji": tested}  # fmt: skip
    _fill(new.test_sheet, TEST.sheet, {"PA-0004": exempt, "PA-0008": exempt, "PA-0009": exempt,
                                       "SET-0005": opened})  # fmt: skip
    assert run_cli("konsep", "--workspace", str(new.root))[0] == 0
    lembar = docx_text(new.out("lembar_pengujian_konsekuensi.docx"))
    assert "Berkas asesmen anak korban perundungan" in lembar  # tested in 2027
    assert "Data anak berhadapan dengan hukum" not in lembar  # its 2026 test stands
    review = review_spec()
    decided = {item: {review["keputusan_pembantu"].label: "Setuju",
                      review["tanggal_pembantu"].label: date(2027, 2, 20),
                      review["keputusan_atasan"].label: "Setuju",
                      review["tanggal_atasan"].label: date(2027, 2, 23)}
               for item in _sheet(new.review_sheet, review.sheet)}  # fmt: skip
    _fill(new.review_sheet, review.sheet, decided)
    status, printed = run_cli("tetapkan", "--workspace", str(new.root))
    assert status == 0, printed

    # The decision revokes the old one by number and date, and lists exactly the changes.
    decision = new.out("daftar_informasi_dikecualikan.docx")
    text = " ".join(docx_text(decision).split())
    assert (
        f"Nomor {OLD_NUMBER} tanggal 23 Februari 2026 tentang Daftar Informasi yang "
        "Dikecualikan Tahun 2026 dicabut dan dinyatakan tidak berlaku" in text
    )
    assert "LAMPIRAN II" in text and "KELIMA" in text
    assert "Lembar Pengujian Konsekuensi Nomor 000.8.3.4/41/DSPPA/SET/2026" in text
    snapshot = Round.open(new).snapshot()
    kinds = {kind: {c.id for c in snapshot.perubahan if c.jenis == kind} for kind in
             (ADDED, REMOVED, CHANGED)}  # fmt: skip
    assert kinds == {ADDED: {"PA-0008", "PA-0009"}, REMOVED: {"PP-0005", "SET-0005"},
                     CHANGED: {"PA-0004"}}  # fmt: skip
    unchanged = [c for c in snapshot.perubahan if c.jenis == UNCHANGED]
    assert len(unchanged) == 30 - 3
    why = {c.id: c.keterangan for c in snapshot.perubahan}
    assert why["PP-0005"] == "Tidak dikuasai lagi"
    assert why["SET-0005"].startswith("Dibuka untuk umum")
    assert why["PA-0004"].startswith("Berubah: Ringkasan Isi, Pasal 17")  # retested anew
    assert why["PA-0004"].endswith("Tanggal Uji")
    rows = annex_rows(decision)
    changes_annex = [row for row in rows if row[-1] in why.values()]
    assert {row[1] for row in changes_annex if row[-1] != "Tidak dikuasai lagi"} >= {
        "Berkas asesmen anak korban perundungan di sekolah"
    }

    # Signed and archived, the list is published with both decisions on the page.
    assert run_cli("arsip", str(decision), "--workspace", str(new.root))[0] == 0
    assert run_cli("terbitkan", "--workspace", str(new.root))[0] == 0
    web = new.out("web")
    page = (web / "index.html").read_text(encoding="utf-8")
    assert "000.8.3.4/12/DSPPA/2027" in page and OLD_NUMBER in page
    assert "dicabut oleh Keputusan Nomor 000.8.3.4/12/DSPPA/2027" in page
    assert (web / "keputusan_000-8-3-4-45-DSPPA-2026.docx").is_file()
    assert page.count('class="tanda tanda-baru"') == 2
    assert page.count('class="tanda tanda-berubah"') == 1
    data = json.loads((web / "data.json").read_text(encoding="utf-8"))
    assert [d["nomor"] for d in data["keputusan_sebelumnya"]] == [OLD_NUMBER]
    assert data["perubahan"]["terhadap"]["nomor"] == OLD_NUMBER
    assert "id" not in data["perubahan"]["butir"][0]

    # status says what changed and writes the reminders of the list now in force.
    status, printed = run_cli("status", "--workspace", str(new.root))
    said = " ".join(printed.split())
    assert status == 0
    assert (
        f"Perubahan terhadap Keputusan Nomor {OLD_NUMBER} tanggal 23 Februari 2026: "
        "2 ditambahkan, 2 dihapus, 1 berubah, 27 tidak berubah." in said
    )
    assert "Dihapus: PP-0005" in said
    reminders = new.out("pengingat.ics").read_text(encoding="utf-8")
    assert "Pemutakhiran Daftar Informasi yang Dikecualikan Tahun 2028" in reminders


def test_a_year_moves_archives_on_and_they_are_tested_again(signed_2026, tmp_path):
    """With the reference date moved on a year, an exempted archive that the JRA made inactive
    goes to the test again, with its old and new status as the reason."""
    new = _started(signed_2026, tmp_path / "dik-2027", same_reference_date=False)
    shutil.rmtree(new.out("formulir"))
    status, printed = run_cli("formulir", "--workspace", str(new.root))  # made again, the same
    assert status == 0 and f"berisi 50 butir dari Keputusan Nomor {OLD_NUMBER}" in printed
    due = form_rows(new.out("formulir", "SET.xlsx"))["2026-SET-0004"][FORM["daftar_lalu"].label]
    assert due.endswith("diuji ulang: status arsip Aktif → Inaktif.")
    for form in new.out("formulir").glob("*.xlsx"):
        shutil.copy(form, new.inbox / form.name)
    workbook = load_workbook(new.inbox / "PA.xlsx")  # the bidang delete a row outright
    workbook["Inventaris"].delete_rows(HEADER_ROW + 2)
    workbook.save(new.inbox / "PA.xlsx")
    status, printed = run_cli("periksa", "--workspace", str(new.root))
    assert "1 butir daftar lalu tidak ada dalam isian bidangnya (PA-0002)" in " ".join(
        printed.split()
    )
    round_ = Round.open(new)
    missing = [b for b in round_.blockers if b.item == "PA-0002"]
    assert len(missing) == 1 and "dari daftar lalu tidak ada dalam isian" in missing[0].fix
    check(frames.CARRIED_ITEMS, round_.inventory.items)
    check(frames.CLASSIFIED, round_.items)
    check(frames.OUTCOMES, round_.outcomes.table)
    table = round_.outcomes.table.set_index("id")
    assert table.at["SET-0004", "uji_ulang"] == "Status arsip Aktif → Inaktif"
    assert table.at["SET-0004", "hasil"] == ""  # not carried: tested again
    assert table.at["PA-0004", "uji_ulang"] == ""  # still active: its test stands
    assert table.at["PA-0004", "hasil_uji"] == "Dikecualikan"
