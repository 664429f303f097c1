"""SOP steps 2-3: the blank inventory workbook each bidang fills, built from schemas/.

The bidang code and form version live in a hidden sheet, so the file name does not matter.
Lists (JRA codes, Pasal 17) sit on a hidden sheet behind defined names: an inline list is
limited to 255 characters, and openpyxl keeps named-range validations when it re-saves.
"""

from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.config import Bidang, Config
from pipeline.intake import META_SHEET
from pipeline.reference import References, code_sort_key
from pipeline.schema import Column, SheetSpec
from pipeline.sheets import (
    BORDER,
    HEADER_FILL,
    HEADER_FONT,
    landscape_fit_to_width,
    new_workbook,
    write_header,
)
from pipeline.text import write_text
from pipeline.workspace import write_atomically

FORM_VERSION = "1"
HEADER_ROW = 5
INPUT_ROWS = 300
TITLE_FONT = Font(bold=True, size=14)
TYPE_RULES = {
    # Excel formula per type, on the first input cell; {c} is that cell.
    "integer": "AND(ISNUMBER({c}),{c}=INT({c}),{c}>0)",
    "year_or_date": "AND(ISNUMBER({c}),OR(AND({c}>=1900,{c}<=2100),{c}>=36526))",
    "date_or_year": "AND(ISNUMBER({c}),OR(AND({c}>=1900,{c}<=2100),{c}>=36526))",
}


def build_form(
    path: Path, bidang: Bidang, config: Config, spec: SheetSpec, refs: References
) -> Path:
    def build(target: Path) -> None:
        workbook, sheet, lists = new_workbook(spec.sheet)
        _inventory_sheet(sheet, lists, bidang, config, spec, refs)
        _instructions(workbook.create_sheet("Petunjuk"), bidang, spec, refs)
        _examples(workbook.create_sheet("Contoh"), spec)
        meta = workbook.create_sheet(META_SHEET)
        for row, (key, value) in enumerate(
            [("kode_bidang", bidang.kode), ("nama_bidang", bidang.nama),
             ("versi_formulir", FORM_VERSION), ("tahun", str(config.tahun))], start=1
        ):  # fmt: skip
            meta.cell(row=row, column=1, value=key)
            write_text(meta.cell(row=row, column=2), value)
        meta.sheet_state = "hidden"
        workbook.active = 0
        workbook.save(target)

    return write_atomically(path, build)


def _inventory_sheet(
    sheet: Worksheet,
    lists: Worksheet,
    bidang: Bidang,
    config: Config,
    spec: SheetSpec,
    refs: References,
) -> None:
    sheet["A1"] = f"INVENTARIS INFORMASI YANG DIUSULKAN - {bidang.nama.upper()}"
    sheet["A1"].font = TITLE_FONT
    sheet["A2"] = f"{config.office['sebutan']} - Tahun {config.tahun} - kode bidang {bidang.kode}"
    sheet["A3"] = (
        f"Isi satu baris per informasi mulai baris {HEADER_ROW + 1}. Kolom bertanda * wajib "
        "diisi. Pilih isian dari daftar bila tersedia; lihat lembar Petunjuk dan Contoh."
    )
    sheet["A3"].font = Font(italic=True)
    write_header(sheet, spec, row=HEADER_ROW, marks=True)
    first, last = HEADER_ROW + 1, HEADER_ROW + INPUT_ROWS
    landscape_fit_to_width(sheet, HEADER_ROW)
    lists_by_name = _named_lists(sheet, lists, spec, refs)
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        area = f"{letter}{first}:{letter}{last}"
        validation = _validation(column, lists_by_name.get(column.name), f"{letter}{first}")
        sheet.add_data_validation(validation)
        validation.add(area)
        if column.type in {"archive_code", "pasal17_refs", "text"}:
            for row in range(first, last + 1):
                sheet.cell(row=row, column=position).number_format = "@"
        for row in range(first, last + 1):
            cell = sheet.cell(row=row, column=position)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _named_lists(
    sheet: Worksheet, lists: Worksheet, spec: SheetSpec, refs: References
) -> dict[str, str]:
    """Write each dropdown list on the hidden sheet; return column name -> defined name."""
    values = {c.name: list(c.choices) for c in spec.columns if c.choices}
    values["kode_arsip"] = sorted(refs.jra.index, key=code_sort_key)
    values["dasar_usulan"] = list(refs.pasal17.index)
    names = {}
    for position, (column, items) in enumerate(values.items(), start=1):
        letter = get_column_letter(position)
        lists.cell(row=1, column=position, value=column)
        for row, item in enumerate(items, start=2):
            write_text(lists.cell(row=row, column=position), item)
        name = f"Daftar_{column}"
        reference = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(items) + 1}"
        sheet.parent.defined_names[name] = DefinedName(name, attr_text=reference)
        names[column] = name
    return names


def _validation(column: Column, list_name: str | None, first_cell: str) -> DataValidation:
    if list_name:
        validation = DataValidation(type="list", formula1=f"={list_name}", allow_blank=True)
        # Pasal 17 allows several references in one cell, so the list only suggests.
        strict = column.type != "pasal17_refs"
    elif column.type in TYPE_RULES:
        validation = DataValidation(
            type="custom", formula1=TYPE_RULES[column.type].format(c=first_cell), allow_blank=True
        )
        strict = False
    elif column.max_length:
        validation = DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(column.max_length),
            allow_blank=True,
        )
        strict = True
    else:
        validation = DataValidation(allow_blank=True)
        strict = False
    validation.prompt = column.help[:255]
    validation.promptTitle = column.label[:32]
    validation.showInputMessage = bool(column.help)
    validation.showErrorMessage = True
    validation.errorStyle = "stop" if strict else "warning"
    validation.errorTitle = column.label[:32]
    validation.error = column.help[:255]
    return validation


def _instructions(sheet: Worksheet, bidang: Bidang, spec: SheetSpec, refs: References) -> None:
    steps = [
        f"Formulir ini untuk {bidang.nama} (kode {bidang.kode}). Jangan mengubah baris judul.",
        "1. Isi lembar Inventaris, satu baris per informasi. Kolom bertanda * wajib diisi.",
        "2. Bila Berasal dari Arsip = Ya, isi Kode Klasifikasi Arsip dari daftar (tabel JRA).",
        "3. Bila Usulan Dikecualikan = Ya, isi Dasar Pengecualian (Pasal 17) dan Alasan Usulan.",
        "4. Jangan menulis data pribadi (nama korban, NIK, alamat) pada judul atau ringkasan.",
        "5. Simpan sebagai .xlsx dan kirim ke PPID. Bila ada kesalahan, PPID mengembalikan "
        "berkas Anda dengan sel bermasalah diwarnai dan diberi komentar.",
    ]
    lines = [("PETUNJUK PENGISIAN", TITLE_FONT), *((s, None) for s in steps), ("", None)]
    lines.append(("KOLOM", Font(bold=True)))
    row = 1
    for text, font in lines:
        sheet.cell(row=row, column=1, value=text).font = font or Font()
        row += 1
    for column in spec.columns:
        required = (
            "wajib" if column.mandatory else "boleh kosong" if not column.required else "wajib bila"
        )
        write_text(sheet.cell(row=row, column=1), column.label)
        write_text(sheet.cell(row=row, column=2), required)
        write_text(sheet.cell(row=row, column=3), column.help)
        row += 1
    row = _reference_table(sheet, row + 1, "PASAL 17 UU 14/2008", ["Kode", "Uraian"],
                           refs.pasal17[["kode", "uraian"]].itertuples(index=False))  # fmt: skip
    usual = [code for code in sorted(refs.jra.index, key=code_sort_key) if bidang.uses(code)]
    codes = refs.jra.loc[usual]
    _reference_table(
        sheet, row + 1, "KODE KLASIFIKASI ARSIP (JRA) YANG LAZIM BAGI BIDANG INI "
        "(daftar lengkap ada pada pilihan kolom Kode Klasifikasi Arsip)",
        ["Kode", "Jenis Arsip", "Retensi Aktif", "Retensi Inaktif", "Nasib Akhir"],
        (
            (r.kode, r.jenis_arsip, f"{r.retensi_aktif} tahun {r.pemicu}".strip(),
             f"{r.retensi_inaktif} tahun", r.nasib_akhir)
            for r in codes.itertuples(index=False)
        ),
    )  # fmt: skip
    for letter, width in zip("ABCDE", [26, 60, 40, 16, 30], strict=True):
        sheet.column_dimensions[letter].width = width


def _reference_table(
    sheet: Worksheet, row: int, title: str, headers: list[str], rows: object
) -> int:
    sheet.cell(row=row, column=1, value=title).font = Font(bold=True)
    row += 1
    for position, header in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=position, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for values in rows:  # type: ignore[attr-defined]
        row += 1
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=position)
            write_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return row + 1


def _examples(sheet: Worksheet, spec: SheetSpec) -> None:
    sheet["A1"] = "CONTOH PENGISIAN (jangan diisi di lembar ini)"
    sheet["A1"].font = TITLE_FONT
    write_header(sheet, spec, row=3, marks=True)
    landscape_fit_to_width(sheet, 3)
    for offset in range(max(len(column.example) for column in spec.columns)):
        for position, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=4 + offset, column=position)
            write_text(cell, column.example[offset] if offset < len(column.example) else None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
