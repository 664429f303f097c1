"""Every document of the example round as the Sekretariat reads it before signature: converted
to PDF/A-2b with LibreOffice once (one call for all of them), then read page by page with
pdftotext, and as PDF/A with pikepdf. The Word XML is checked too: list rows never split, header
rows repeat."""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from pipeline.kit.config import load_config
from pipeline.kit.printing import documents_to_pdf, soffice
from pipeline.kit.workspace import Workspace
from tests.conftest import EXAMPLE, run_cli
from tests.example_round import content, expected

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    soffice() is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed",
)
LISTS = {  # document -> the item count its last page must show beside the signature
    "konsep_daftar_informasi_dikecualikan": "dik",
    "konsep_daftar_informasi_publik": "dip",
    "lembar_pengujian_konsekuensi": "lembar",
    "daftar_informasi_dikecualikan": "dik",
}


def returned_at_both_steps(root: Path) -> Workspace:
    """A copy of the finished round in which the PPID Pembantu returned two items (step 4) and
    the head one (step 5), each on the day the review sheet records."""
    workspace = Workspace(root)
    workbook = load_workbook(workspace.review_sheet)
    sheet = workbook["Tinjauan"]
    column = {cell.value: cell.column for cell in sheet[1]}
    decisions = {
        "PA-0001": ("Keputusan PPID Pembantu", "Catatan PPID Pembantu",
                    "Tanggal Keputusan PPID Pembantu", date(2026, 2, 19)),
        "REHSOS-0003": ("Keputusan PPID Pembantu", "Catatan PPID Pembantu",
                        "Tanggal Keputusan PPID Pembantu", date(2026, 2, 19)),
        "SET-0005": ("Keputusan Atasan PPID", "Catatan Atasan PPID",
                     "Tanggal Keputusan Atasan PPID", date(2026, 2, 24)),
    }  # fmt: skip
    for line in range(2, sheet.max_row + 1):
        item = sheet.cell(line, 1).value
        if item in decisions:
            decision, note, day_column, day = decisions[item]
            sheet.cell(line, column[decision]).value = "Dikembalikan"
            sheet.cell(line, column[note]).value = "Perjelas uraian & <bentuk> yang dapat diberikan"
            sheet.cell(line, column[day_column]).value = day
            if decision == "Keputusan PPID Pembantu":
                sheet.cell(line, column["Keputusan Atasan PPID"]).value = None
    workbook.save(workspace.review_sheet)
    status, printed = run_cli("tetapkan", "--workspace", str(root))
    assert status == 1, printed
    return workspace


@pytest.fixture(scope="module")
def printed(tmp_path_factory, ran_once) -> dict[str, tuple[Path, list[str]]]:
    """name -> (the .docx, the text of each PDF page), for every document of the round."""
    base = tmp_path_factory.mktemp("dokumen")
    root = base / "contoh"
    shutil.copytree(ran_once[0], root)  # the example after `run`
    shutil.copytree(root, base / "kembali")
    returns = returned_at_both_steps(base / "kembali")
    folder = base / "semua"
    folder.mkdir()
    letters = returns.output.glob("pengembalian_*.docx")
    for source in [*root.joinpath("keluaran").glob("*.docx"), *letters]:
        shutil.copy(source, folder / source.name)
    pages = {}
    for pdf in documents_to_pdf(folder, folder / "pdf"):
        text = subprocess.run(
            [str(PDFTOTEXT), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages[pdf.stem] = (folder / f"{pdf.stem}.docx", text.split("\f")[:-1])
    return pages


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def printed_in(phrase: str, text: str) -> bool:
    """Whether the words of `phrase` are on the page in order; a table cell's lines may be
    interleaved with those of the cell beside it, so other words may come between."""
    words, wanted = flat(text).split(), flat(phrase).split()
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        found, window = 1, words[start + 1 : start + 4 * len(wanted)]
        for candidate in window:
            if found < len(wanted) and candidate == wanted[found]:
                found += 1
        if found == len(wanted):
            return True
    return False


def test_every_document_of_the_round_was_printed(printed):
    assert set(printed) == {
        "nota_dinas", "konsep_daftar_informasi_dikecualikan", "konsep_daftar_informasi_publik",
        "lembar_pengujian_konsekuensi", "daftar_informasi_dikecualikan", "daftar_informasi_publik",
        "pengembalian_langkah4", "pengembalian_langkah5",
    }  # fmt: skip
    assert len(printed["nota_dinas"][1]) == 1  # a Nota Dinas fits on one page


@pytest.fixture(scope="module")
def counts() -> dict[str, int]:
    inventory, exempt, _, public = expected()
    tested = {r["ID"] for r in content("uji_konsekuensi.csv")}
    proposed = {i for i, r in inventory.items() if r["Usulan Dikecualikan"] == "Ya"}
    return {"dik": len(exempt), "dip": len(public), "lembar": len(tested | proposed)}


RUNNING = {  # what a continuation page of each list says at its top
    "konsep_daftar_informasi_dikecualikan": "Konsep — belum ditetapkan: Daftar Informasi yang",
    "konsep_daftar_informasi_publik": "Konsep — belum ditetapkan: Daftar Informasi Publik",
    "lembar_pengujian_konsekuensi": "Lembar Pengujian Konsekuensi Nomor 000.8.3.4/41/DSPPA/SET",
    "daftar_informasi_dikecualikan": "Keputusan Kepala Dinas Nomor 000.8.3.4/45/DSPPA/2026",
}


def test_no_page_holds_only_a_signature(printed, counts):
    """The page that carries the first signature of a list's close also carries its last row
    (the lembar's further rows of participants may follow on the next page, whose running head
    names the lembar); a single signer is always with the last row."""
    for name, kind in LISTS.items():
        pages = printed[name][1]
        signed = [number for number, page in enumerate(pages) if "NIP." in page]
        assert signed, name
        first = next(n for n in signed if re.search(rf"(?m)^{counts[kind]}\b", pages[n]))
        assert first == (signed[0] if name == "lembar_pengujian_konsekuensi" else signed[-1]), name
        for later in signed:
            if later > first:
                assert flat(RUNNING[name]) in flat(pages[later]), (name, later)
    for name in ("pengembalian_langkah4", "pengembalian_langkah5"):
        pages = printed[name][1]
        assert len(pages) == 1 and "NIP." in pages[0], name
    decision = printed["daftar_informasi_dikecualikan"][1]
    place = next(page for page in decision if "Ditetapkan di" in page)
    assert "KEEMPAT" in place  # the decision's signature stays with its last article


def test_the_annex_is_dense(printed, counts):
    """At most one annex page per five items (F4 landscape)."""
    pages = printed["daftar_informasi_dikecualikan"][1]
    first = next(n for n, page in enumerate(pages) if page.lstrip().startswith("LAMPIRAN"))
    assert len(pages) - first <= -(-counts["dik"] // 5)


def test_the_documents_say_what_they_must(printed):
    inventory, exempt, _, public = expected()
    decision = flat("\n".join(printed["daftar_informasi_dikecualikan"][1]))
    for text in (
        "DAFTAR INFORMASI YANG DIKECUALIKAN TAHUN 2026",
        "NOMOR 000.8.3.4/45/DSPPA/2026",
        "Dra. MARIA GORETTI SUSANTI, M.Si.",
        "NIP. 19700415 199403 2 006",
        "HENDRIKUS ALEXANDER, S.Sos., M.Si., NIP. 19750312 200003 1 004",  # the PPID, named
        "Peraturan Bupati Kapuas Hulu Nomor 35 Tahun 2021",  # the office's own Mengingat
        "Pasal 17 huruf h angka 4 UU 14/2008",
        "UU 27/2022: Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
    ):
        assert text in decision, text
    assert decision.count("tentang Keterbukaan Informasi Publik") <= 4  # titles once, not per row
    annex = "\n".join(printed["daftar_informasi_dikecualikan"][1][2:])
    for number, item in enumerate(sorted(exempt), 1):
        assert printed_in(inventory[item]["Judul Informasi"], annex), item
        assert re.search(rf"(?m)^{number}\b", annex), number
    dip = flat("\n".join(printed["konsep_daftar_informasi_publik"][1]))
    for item in public:
        assert f"ID: {item}" in dip, item
    lembar = flat("\n".join(printed["lembar_pengujian_konsekuensi"][1]))
    for text in ("LEMBAR PENGUJIAN KONSEKUENSI", "NOMOR : 000.8.3.4/41/DSPPA/SET/2026",
                 "Senin tanggal enam belas bulan Februari tahun dua ribu dua puluh enam",
                 "Terbuka", "Mengetahui,", "YOHANES BOSKO LIANG, S.Sos.", "AGUSTINUS RAHMAN"):  # fmt: skip
        assert text in lembar, text
    step4 = flat("\n".join(printed["pengembalian_langkah4"][1]))
    step5 = flat("\n".join(printed["pengembalian_langkah5"][1]))
    assert "YULIANA ERNAWATI, S.E." in step4 and "19 Februari 2026" in step4
    assert "PA-0001" in step4 and "REHSOS-0003" in step4 and "SET-0005" not in step4
    assert "Dra. MARIA GORETTI SUSANTI, M.Si." in step5 and "24 Februari 2026" in step5
    assert "& <bentuk>" in step5
    for text in (step4, step5):
        for field in ("NOTA DINAS", "Nomor", "000.8.3.4/", "Sifat", "Lampiran", "Hal",
                      "Pengembalian Konsep Daftar Informasi yang Dikecualikan dan Daftar Informasi "
                      "Publik Tahun 2026"):  # fmt: skip
            assert field in text, field
    for name, (_, pages) in printed.items():
        whole = "\n".join(pages)
        assert "Perlu konfirmasi" not in whole, name
        assert "{{" not in whole and "{%" not in whole and "}}" not in whole, name


def rows_of(table):
    """Every row of a table, its nested tables' rows included."""
    for row in table.findall(qn("w:tr")):
        yield row
        for nested in row.iter(qn("w:tbl")):
            yield from nested.findall(qn("w:tr"))


def test_list_rows_never_split_and_headers_repeat(printed):
    for name, (docx, _) in printed.items():
        if name == "nota_dinas":
            continue
        body = Document(str(docx)).element.body
        lists = [t for t in body.findall(qn("w:tbl"))
                 if t.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]  # fmt: skip
        assert lists, name
        for table in lists:
            rows = list(rows_of(table))
            assert len(rows) > 2, name
            for row in rows:
                assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, name
            header = table.find(qn("w:tr"))
            assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, name


def fonts_of(pdf: pikepdf.Pdf):
    """Every font a page of the PDF uses (with a composite font's descendants), by name."""
    seen: dict[str, pikepdf.Dictionary] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            for each in [font, *font.get("/DescendantFonts", [])]:
                seen[str(each.get("/BaseFont"))] = each
    return seen


def test_every_document_is_pdf_a_2b_with_its_fonts_embedded(printed):
    """The PDF's own declaration (XMP pdfaid), its output intent, and every font's file."""
    for name, (docx, _) in printed.items():
        with pikepdf.open(docx.parent / "pdf" / f"{name}.pdf") as pdf:
            with pdf.open_metadata() as xmp:
                declared = (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance"))
            assert declared == ("2", "B"), name
            assert not pdf.is_encrypted, name
            intents = [str(i.get("/S")) for i in pdf.Root.get("/OutputIntents", [])]
            assert intents == ["/GTS_PDFA1"], name
            assert "/DestOutputProfile" in pdf.Root.OutputIntents[0], name
            fonts = fonts_of(pdf)
            assert fonts, name
            for font_name, font in fonts.items():
                if font.get("/Subtype") == "/Type0":
                    continue  # its glyphs are in its descendant font, checked on its own
                files = set(font.FontDescriptor.keys()) & {"/FontFile", "/FontFile2", "/FontFile3"}
                assert files, f"{name}: {font_name} is not embedded"


def test_every_continuation_page_says_whose_rows_it_holds(printed):
    """From page 2 on, a list's page names the document at its top, and the first row on it
    comes under a heading: its bidang (or the lembar's part not exempted)."""
    config = load_config(EXAMPLE / "instansi.toml")
    headings = {b.nama for b in config.bidang} | {"Informasi yang diuji dan tidak dikecualikan"}
    for name in LISTS:
        pages = printed[name][1]
        for number, page in enumerate(pages[1:], 2):
            if name == "daftar_informasi_dikecualikan" and "LAMPIRAN" in page:
                continue  # the decision's pages, and the annex's first page, have their own head
            assert flat(RUNNING[name] if number > 2 or name != "daftar_informasi_dikecualikan"
                        else "Keputusan") in flat(page), (name, number)  # fmt: skip
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            first_row = next((i for i, line in enumerate(lines)
                              if re.match(r"^\d+ [A-Z]", line)), None)  # fmt: skip
            if first_row is None:
                continue  # a page of signatures and notes only
            assert any(line in headings for line in lines[:first_row]), (name, number)
