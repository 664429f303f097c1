"""A whole round for an office that is not the bundled example: a city's Dinas Perhubungan,
made from `init` as README tells a newcomer, with its own JRA printed over two header rows, staff
mistakes sent back and corrected, one return at step 4 and a test held again after it, through
to the archive and the published page. Everything is built here, in code."""

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from tests.conftest import run_cli

OFFICE = "Dinas Perhubungan Kota Singkawang"
BIDANG = {"SEKRE": "Sekretariat", "LLAJ": "Bidang Lalu Lintas dan Angkutan Jalan",
          "PARKIR": "UPT Perparkiran"}  # fmt: skip
PEOPLE = [  # kepala, ppid, ppid_pembantu: in the order instansi.toml asks for them
    ("Ir. BUDI HARTONO, M.T.", "Pembina Utama Muda (IV/c)", "19700512 199503 1 003"),
    ("Hj. RATNA SARI DEWI, S.E., M.M.", "Pembina (IV/a)", "19760823 200212 2 005"),
    ("ANDI SUGIANTO, S.Sos.", "Penata Tingkat I (III/d)", "19830117 200801 1 007"),
]
OTHER_OFFICES = ("Kapuas Hulu", "Dinas Sosial", "Putussibau", "KDRT", "DSPPA")


def filled_config(text: str) -> str:
    """instansi.toml as the newcomer fills it: every <<...>> replaced."""
    text = text.replace(
        "<<Jalan ... Nomor ..., Kota, Provinsi Kode Pos>>",
        "Jalan Firdaus Nomor 5, Singkawang, Kalimantan Barat 79123",
    )
    text = text.replace(
        "<<Telepon ..., Laman ..., Pos-el ...>>",
        "Telepon (0562) 631234, Pos-el dishub@singkawangkota.go.id",
    )
    text = text.replace('kode = "<<KODE>>"', 'kode = "DISHUB"')
    text = text.replace(
        "<<jabatan>> selaku PPID Pembantu",
        "Kepala Subbagian Umum dan Kepegawaian selaku PPID Pembantu",
    )
    for name, rank, nip in [*PEOPLE, ("FITRIANI, S.Kom.", "Penata Muda (III/a)",
                                      "19950302 202012 2 004")]:  # fmt: skip
        text = text.replace("<<nama lengkap dan gelar>>", name, 1)
        text = text.replace("<<pangkat (golongan)>>", rank, 1)
        text = text.replace("<<18 angka NIP>>", nip, 1)
    text = text.replace("<<jabatan>> selaku Staf", "Pranata Komputer Ahli Pertama selaku Staf")
    text = re.sub(r"<<jabatan, mis\. ([^>]*)>>", r"\1", text)
    text = text.replace("<<nama>>", "MUHAMMAD RIDWAN, S.T.").replace(
        "<<NIP>>", "19780404 200501 1 010"
    )
    text = text.replace("<<pangkat (golongan)>>", "Pembina (IV/a)")
    text = re.sub(r'"<<(Peraturan [^>]*?) Nomor \.\.\. Tahun \.\.\. (tentang [^>]*)>>"',
                  r'"\1 Nomor 6 Tahun 2016 \2"', text)  # fmt: skip
    text = text.replace("# tanggal = ", "tanggal = ", 1)
    assert not [line for line in text.splitlines() if "<<" in line and not line.startswith("#")]
    return text


def perwako_jra(path: Path) -> Path:
    """The office's JRA: RETENSI merged over AKTIF | INAKTIF, KETERANGAN with the disposition and,
    on one row, the event the active retention counts from."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["LAMPIRAN PERATURAN WALI KOTA SINGKAWANG NOMOR 21 TAHUN 2023"])
    sheet.append(["NO", "KODE KLASIFIKASI", "JENIS ARSIP", "RETENSI", None, "KETERANGAN"])
    sheet.append([None, None, None, "AKTIF", "INAKTIF", None])
    for area in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"):
        sheet.merge_cells(area)
    sheet.append([1, 2, 3, 4, 5, 6])
    for row in [
        (None, "500.11", "PERHUBUNGAN", None, None, None),
        (1, "500.11.1.1", "Perizinan Trayek Angkutan Umum", "2 Tahun", "3 Tahun",
         "Musnah. Retensi aktif dihitung setelah izin trayek berakhir"),
        (2, "500.11.7.2", "Setoran Retribusi Parkir", "2 Tahun", "Lima Tahun", "Musnah"),
        (3, "800.1.11.2", "Berkas Hukuman Disiplin Pegawai", "2 Tahun", "3 Tahun", "Musnah"),
    ]:  # fmt: skip
        sheet.append(list(row))
    for cell in sheet["B"][4:]:
        cell.data_type = "s"
    workbook.save(path)
    return path


def item(no, title, archive, code, closed, proposed, basis="", reason=""):
    return [no, title, f"Ringkasan {title.lower()}.", "Kepala Bidang", None, 2025,
            "Elektronik", archive, code, closed, proposed, basis, reason, None]  # fmt: skip


FORMS = {
    "SEKRE": [
        item(
            1,
            "Berkas hukuman disiplin pegawai",
            "Ya",
            "800.1.11.2",
            "Juni 2025",
            "Ya",
            "17.h.4",
            "Merugikan nama baik pegawai.",
        ),
        item(2, "Rencana Strategis Dinas", "Tidak", None, None, "Tidak"),
    ],
    "LLAJ": [
        item(
            1,
            "Berkas izin trayek per pengusaha",
            "Ya",
            "500.11.1.1",
            "Belum terjadi",
            "Ya",
            "17.h",
            "Memuat NIK pemilik kendaraan.",
        ),
        item(
            2,
            "Rekaman kamera lalu lintas persimpangan",
            "Tidak",
            None,
            None,
            "Ya",
            "17.h",
            "Menampilkan wajah warga.",
        ),
    ],
    "PARKIR": [
        item(
            1,
            "Setoran harian per juru parkir",
            "Ya",
            500.11,
            "Des 2025",
            "Ya",
            "17.h.3",
            "Membuka pendapatan perorangan.",
        ),  # the code typed as a number
        item(2, "Daftar titik parkir", "Tidak", None, None, "Tidak"),
    ],
}
TESTS = {  # Hasil Uji, Pasal 17, Akibat, Pertimbangan, Jangka Waktu, Bentuk, Tanggal Uji
    "SEKRE-0001": ("Dikecualikan", "17.h.4", "Nama baik rusak.", "Pemeriksaan adil.",
                   "Tidak terbatas", None),
    "LLAJ-0001": ("Dikecualikan Sebagian", "17.h", "NIK disalahgunakan.", "Data pribadi terlindungi.",
                  "Tidak terbatas", "Daftar pemegang izin tanpa NIK"),
    "LLAJ-0002": ("Dikecualikan", "17.h", "Warga dikuntit.", "Privasi pengguna jalan.",
                  "Tidak terbatas", None),
    "PARKIR-0001": ("Dikecualikan", "17.h.3", "Pendapatan terbuka.", "Data keuangan terlindungi.",
                    "Tidak terbatas", None),
}  # fmt: skip


def set_row(path: Path, sheet: str, item_id: str, values: dict[str, object]) -> None:
    workbook = load_workbook(path)
    rows = workbook[sheet]
    column = {cell.value: cell.column for cell in rows[1]}
    for line in range(2, rows.max_row + 1):
        if rows.cell(line, 1).value == item_id:
            for label, value in values.items():
                rows.cell(line, column[label]).value = value
    workbook.save(path)


def reviewed(root: Path) -> list[str]:
    """Every item tinjauan.xlsx asks a decision on: the DIK's and the DIP's."""
    rows = load_workbook(root / "tinjauan.xlsx")["Tinjauan"]
    return [value for (value,) in rows.iter_rows(min_row=2, max_col=1, values_only=True) if value]


def text_of(path: Path) -> str:
    document = Document(str(path))
    parts = [node.text for node in document.element.body.iter() if node.tag.endswith("}t")]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return " ".join(filter(None, parts))


def ok(*argv: str) -> str:
    status, printed = run_cli(*argv)
    assert status == 0, printed
    return printed


@pytest.fixture(scope="module")
def round_(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kantor") / "dishub-2026"
    ws = ("--workspace", str(root))
    ok("init", *ws, "--nama", OFFICE, *[f"--bidang={k}={v}" for k, v in BIDANG.items()])
    config = root / "instansi.toml"
    config.write_text(filled_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    printed = ok("jra", str(perwako_jra(root.parent / "JRA Perwako.xlsx")), *ws)
    assert "judul kolom dibaca dari baris 2 dan 3" in printed
    ok("nota", *ws)
    ok("formulir", *ws)
    for code, rows in FORMS.items():  # each bidang fills its form
        form = load_workbook(root / "keluaran" / "formulir" / f"{code}.xlsx")
        for offset, values in enumerate(rows):
            for position, value in enumerate(values, start=1):
                if value is not None:
                    form["Inventaris"].cell(row=6 + offset, column=position, value=value)
        form.save(root / "masuk" / f"{code}.xlsx")
    assert run_cli("periksa", *ws)[0] == 1
    feedback = load_workbook(root / "keluaran" / "umpan_balik" / "PARKIR.xlsx")
    feedback["Inventaris"]["I6"].value = "500.11.7.2"  # corrected, sent back under a new name
    feedback.save(root / "masuk" / "PARKIR perbaikan.xlsx")
    ok("periksa", *ws)
    ok("uji", *ws)
    labels = ["Hasil Uji", "Pasal 17", "Akibat bila Dibuka", "Pertimbangan bila Ditutup",
              "Jangka Waktu", "Bentuk yang Dapat Diberikan"]  # fmt: skip
    for item_id, values in TESTS.items():
        set_row(
            root / "uji_konsekuensi.xlsx",
            "Uji Konsekuensi",
            item_id,
            dict(zip(labels, values, strict=True)) | {"Tanggal Uji": date(2026, 11, 25)},
        )
    ok("konsep", *ws)
    for item_id in reviewed(root):  # step 4: one item returned, the others agreed
        returned = item_id == "LLAJ-0002"
        set_row(root / "tinjauan.xlsx", "Tinjauan", item_id, {
            "Keputusan PPID Pembantu": "Dikembalikan" if returned else "Setuju",
            "Catatan PPID Pembantu": "Rekaman tanpa wajah dapat diberikan." if returned else None,
            "Tanggal Keputusan PPID Pembantu": date(2026, 11, 27)})  # fmt: skip
    status, printed = run_cli("tetapkan", *ws)
    assert status == 1 and "3 informasi lain sudah disetujui PPID Pembantu" in printed
    set_row(root / "uji_konsekuensi.xlsx", "Uji Konsekuensi", "LLAJ-0002",
            {"Hasil Uji": "Dikecualikan Sebagian", "Tanggal Uji": date(2026, 11, 30),
             "Bentuk yang Dapat Diberikan": "Rekaman dengan wajah disamarkan"})  # fmt: skip
    assert "jatuh sesudah" not in ok("konsep", *ws)
    for item_id in reviewed(root):
        set_row(root / "tinjauan.xlsx", "Tinjauan", item_id, {
            "Keputusan PPID Pembantu": "Setuju", "Tanggal Keputusan PPID Pembantu": date(2026, 12, 1),
            "Keputusan Atasan PPID": "Setuju", "Tanggal Keputusan Atasan PPID": date(2026, 12, 3)})  # fmt: skip
    ok("tetapkan", *ws)
    scan = root.parent / "Pindaian SK DIK 2026.pdf"  # printed, numbered by hand, signed
    scan.write_bytes(b"%PDF-1.7 daftar bertanda tangan")
    ok("arsip", str(scan), "--nomor", "131", *ws)
    ok("terbitkan", *ws)
    return root


def test_no_document_speaks_of_another_office(round_):
    documents = sorted((round_ / "keluaran").glob("*.docx"))
    assert {p.name for p in documents} >= {
        "nota_dinas.docx", "lembar_pengujian_konsekuensi.docx", "daftar_informasi_dikecualikan.docx",
        "pengembalian_langkah4.docx",
    }  # fmt: skip
    for path in documents:
        text = text_of(path)
        assert "PEMERINTAH KOTA SINGKAWANG" in text, path.name
        assert not [word for word in OTHER_OFFICES if word in text], path.name
    form = load_workbook(round_ / "keluaran" / "formulir" / "SEKRE.xlsx")
    examples = " ".join(str(c.value) for row in form["Contoh"].iter_rows() for c in row)
    assert not [word for word in OTHER_OFFICES if word in examples]
    assert "800.1.11.2" in examples  # the office's own code for a disciplinary file
    page = (round_ / "keluaran" / "web" / "index.html").read_text(encoding="utf-8")
    assert OFFICE in page and not [word for word in OTHER_OFFICES if word in page]


def test_the_decision_and_the_letters_read_as_this_office_writes_them(round_):
    decision = text_of(round_ / "keluaran" / "daftar_informasi_dikecualikan.docx")
    assert "Ditetapkan di Singkawang" in decision
    assert "Peraturan Wali Kota Singkawang Nomor 6 Tahun 2016" in decision
    assert "Wali Kota Singkawang" in decision  # tembusan
    letter = text_of(round_ / "keluaran" / "pengembalian_langkah4.docx")  # kept after approval
    assert "Dengan hormat, bersama ini kami sampaikan" in letter  # III/d writes up to IV/a
    assert "Kami mohon kiranya Ibu berkenan" in letter  # the Sekretaris's NIP: a woman
    assert "Kepala Subbagian Umum dan Kepegawaian selaku PPID Pembantu," in letter


def test_the_office_jra_counts_from_the_event_its_keterangan_names(round_):
    jra = (round_ / "jra_kantor.csv").read_text(encoding="utf-8-sig")
    assert (
        "500.11.1.1,Perizinan Trayek Angkutan Umum,2,Setelah izin trayek berakhir,3,Musnah" in jra
    )
    assert "500.11.7.2,Setoran Retribusi Parkir,2,,5,Musnah" in jra  # 'Lima Tahun'


def test_rows_have_the_same_number_in_the_lembar_and_the_annex(round_):
    lembar = text_of(round_ / "keluaran" / "lembar_pengujian_konsekuensi.docx")
    annex = text_of(round_ / "keluaran" / "daftar_informasi_dikecualikan.docx")
    for number, title in enumerate(["Berkas hukuman disiplin pegawai",
                                    "Berkas izin trayek per pengusaha",
                                    "Rekaman kamera lalu lintas persimpangan",
                                    "Setoran harian per juru parkir"], 1):  # fmt: skip
        assert re.search(rf"\b{number} {title}", lembar), title
        assert re.search(rf"\b{number} {title}", annex), title
