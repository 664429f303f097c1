"""SOP steps 2-3: the blank inventory workbook each bidang fills, built from schemas/.

The bidang code and form version live in a hidden sheet, so the file name does not matter.
Lists (JRA codes, Pasal 17) and every other rule come from the schema and the reference tables
through the xlsx kit. In a round that starts from the last signed list, the form comes with the
bidang's items of that list already in it, with the columns only such a form has: what becomes
of each row, what the list said of it (and whether it is tested again), and its hidden key.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.kit import xlsx
from pipeline.kit.config import Bidang, Config
from pipeline.kit.dates import NOT_YET
from pipeline.kit.reference import References, code_sort_key, office_code
from pipeline.kit.schema import YA, SheetSpec, jra_spec
from pipeline.kit.workspace import write_atomically
from pipeline.stages.s3a_intake import META_SHEET

FORM_VERSION = "1"
HEADER_ROW = 5
INPUT_ROWS = 300  # rows drawn as input cells
# Rows the lists, type rules and help reach: a bidang with more items than drawn rows keeps
# its dropdowns and checks (the code columns are text down the whole column).
VALIDATED_ROWS = 10_000
TYPE_RULES = {
    # Excel formula per type, on the first input cell; {c} is that cell.
    "integer": "AND(ISNUMBER({c}),{c}=INT({c}),{c}>0)",
    "year_or_date": "AND(ISNUMBER({c}),OR(AND({c}>=1900,{c}<=2100),{c}>=36526))",
    "date_or_year": "OR(AND(ISNUMBER({c}),OR(AND({c}>=1900,{c}<=2100),{c}>=36526)),"
    f'{{c}}="{NOT_YET}")',
}
TEXT_TYPES = {"archive_code", "pasal17_refs", "text"}  # typed as text so '000.8' keeps its zeros
IDENTIFYING = "A:B"  # No and Judul Informasi: printed on every page when a row spans two
GUIDE_WIDTHS = [26, 60, 40, 16, 30]  # the Petunjuk sheet: one page wide on A4 and F4


def build_form(
    path: Path,
    bidang: Bidang,
    config: Config,
    spec: SheetSpec,
    refs: References,
    carried: Sequence[Mapping[str, object]] | None = None,
) -> Path:
    """The inventory workbook for one bidang, guiding staff with lists, help and examples:
    blank, or holding `carried`, the bidang's rows of the last list (values by column name;
    `spec` then has the carried form's columns)."""

    spec = _with_office_codes(spec, bidang, refs)

    def build(target: Path) -> None:
        workbook, sheet = xlsx.new_workbook(spec.sheet)
        _inventory_sheet(sheet, bidang, config, spec, refs, carried or ())
        _instructions(workbook.create_sheet("Petunjuk"), bidang, spec, refs, config,
                      carried is not None)  # fmt: skip
        _examples(workbook.create_sheet("Contoh"), spec, config.paper)
        meta = workbook.create_sheet(META_SHEET)
        for row, (key, value) in enumerate(
            [("kode_bidang", bidang.kode), ("nama_bidang", bidang.nama),
             ("versi_formulir", FORM_VERSION), ("tahun", str(config.tahun))], start=1
        ):  # fmt: skip
            meta.cell(row=row, column=1, value=key)
            xlsx.write_text(meta.cell(row=row, column=2), value)
        meta.sheet_state = "hidden"
        workbook.active = 0
        workbook.save(target)

    return write_atomically(path, build)


def _with_office_codes(spec: SheetSpec, bidang: Bidang, refs: References) -> SheetSpec:
    """The schema's example archive code, where the office's own JRA lacks it, replaced by the
    code of that JRA for the same kind of file (the bidang's usual codes first), in the
    examples and the help alike: a code shown as an example must be one the form accepts."""
    titles = spec["judul"].example if "judul" in spec.names else ()
    columns = []
    counted: list[str] = []  # per example row: the code, when its retention counts from an event
    for column in spec.columns:
        if column.type == "archive_code" and column.example:
            pairs = [(value, office_code(value, refs, title, bidang.archive_prefixes) if value
                      else value)
                     for value, title in zip(column.example, (*titles, *[""] * len(column.example)),
                                             strict=False)]  # fmt: skip
            changed = {old: new for old, new in pairs if old != new}
            help_text = column.help
            for old, new in changed.items():
                help_text = help_text.replace(old, new)
            column = replace(column, help=help_text, example=tuple(new for _, new in pairs))
            counted = [new if new in refs.jra.index and refs.jra.at[new, "pemicu"] else ""
                       for _, new in pairs]  # fmt: skip
        columns.append(column)
    # An example whose code counts from an event (a pension) closes on that event, which the
    # example's file has not reached: it shows how such a file is written.
    return replace(spec, columns=tuple(
        replace(c, example=tuple(NOT_YET if i < len(counted) and counted[i] else v
                                 for i, v in enumerate(c.example)))
        if c.type == "date_or_year" else c
        for c in columns
    ))  # fmt: skip


def _inventory_sheet(
    sheet: Worksheet,
    bidang: Bidang,
    config: Config,
    spec: SheetSpec,
    refs: References,
    carried: Sequence[Mapping[str, object]],
) -> None:
    sheet["A1"] = f"INVENTARIS INFORMASI YANG DIUSULKAN - {bidang.nama.upper()}"
    sheet["A1"].style = "judul"
    sheet["A2"] = f"{config.office['sebutan']} - Tahun {config.tahun} - kode bidang {bidang.kode}"
    sheet["A3"] = (
        f"Isi satu baris per informasi mulai baris {HEADER_ROW + 1}. Kolom bertanda * wajib "
        "diisi. Pilih isian dari daftar bila tersedia; lihat lembar Petunjuk dan Contoh."
    )
    sheet["A3"].style = "keterangan"
    _header(sheet, spec, HEADER_ROW)
    first, last = HEADER_ROW + 1, HEADER_ROW + len(carried) + VALIDATED_ROWS
    xlsx.print_setup(sheet, HEADER_ROW, config.paper, repeat_columns=IDENTIFYING,
                     title=_heading(bidang, config))  # fmt: skip
    lists = _lists(sheet, spec, refs)
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        formula = TYPE_RULES.get(column.type)
        xlsx.validation(
            sheet, f"{letter}{first}:{letter}{last}", column.label, column.help,
            list_name=lists.get(column.name),
            formula=formula.format(c=f"{letter}{first}") if formula else None,
            max_length=column.max_length,
            # Pasal 17 allows several references in one cell, so its list only suggests; a
            # year typed as text is still read, so the type rules only warn.
            strict=column.type != "pasal17_refs" and not formula,
        )  # fmt: skip
        for row in range(first, HEADER_ROW + len(carried) + INPUT_ROWS + 1):
            cell = sheet.cell(row=row, column=position)
            cell.style = "tetap" if column.given else "isian"
            if column.type in TEXT_TYPES:
                cell.number_format = "@"
            if row - first < len(carried):
                value = carried[row - first].get(column.name)
                xlsx.write_text(cell, value)
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
        if column.type in TEXT_TYPES:  # below the drawn rows too: Excel formats new cells so
            sheet.column_dimensions[letter].number_format = "@"
    for row in range(first, first + len(carried)):
        xlsx.fit_height(sheet, row)  # carried text wraps: the row as tall as its longest cell


def _header(sheet: Worksheet, spec: SheetSpec, row: int) -> None:
    xlsx.header_row(
        sheet,
        [(f"{c.label} *" if c.required or c.required_when else c.label, c.width, c.hidden)
         for c in spec.columns],
        row,
    )  # fmt: skip


def _lists(sheet: Worksheet, spec: SheetSpec, refs: References) -> dict[str, str]:
    """Column name -> defined name of its dropdown list."""
    values = {c.name: list(c.choices) for c in spec.columns if c.choices}
    values["kode_arsip"] = sorted(refs.jra.index, key=code_sort_key)
    values["dasar_usulan"] = list(refs.pasal17.index)
    return {
        name: xlsx.named_list(sheet.parent, f"Daftar_{name}", items)
        for name, items in values.items()
    }


def _instructions(
    sheet: Worksheet,
    bidang: Bidang,
    spec: SheetSpec,
    refs: References,
    config: Config,
    continuing: bool,
) -> None:
    carried = []
    if continuing:
        action = spec["tindak_lanjut"]
        keep, change, *removed = action.choices
        carried = [
            f"Baris yang sudah terisi adalah butir {bidang.nama} pada daftar lalu. Untuk setiap "
            f"baris isi {action.label}: {keep} bila tidak ada yang berubah; {change} bila "
            "isinya diperbarui (ubah langsung sel di baris itu); "
            f"{' atau '.join(removed)} bila butir itu tidak lagi dimiliki atau digabung (tulis "
            f"butir tujuannya di {spec['keterangan'].label}). Jangan menghapus barisnya.",
            f"Kolom {spec['daftar_lalu'].label} menyebut apa yang ditetapkan daftar lalu dan "
            "butir mana yang akan diuji ulang (jangka waktu pengecualian berakhir atau status "
            "arsip berubah). Tambahkan informasi baru di bawah baris terakhir dengan No "
            f"berikutnya dan {action.label} kosong.",
        ]
    steps = [
        f"Formulir ini untuk {bidang.nama} (kode {bidang.kode}). Jangan mengubah baris judul.",
        *carried,
        "1. Isi lembar Inventaris, satu baris per informasi. Kolom bertanda * wajib diisi.",
        f"2. Bila {spec['dari_arsip'].label} = {YA}, isi {spec['kode_arsip'].label} dari daftar "
        "(tabel JRA).",
        f"3. Bila {spec['usulan'].label} = {YA}, isi {spec['dasar_usulan'].label} dan "
        f"{spec['alasan'].label}.",
        "4. Jangan menulis data pribadi (nama korban, NIK, alamat) pada judul atau ringkasan.",
        "5. Simpan sebagai .xlsx dan kirim ke PPID. Bila ada kesalahan, PPID mengembalikan "
        "berkas Anda dengan sel bermasalah diwarnai dan diberi komentar.",
    ]
    for letter, width in zip("ABCDE", GUIDE_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["A1"] = "PETUNJUK PENGISIAN"
    sheet["A1"].style = "judul"
    for row, text in enumerate(steps, start=2):
        sheet.cell(row=row, column=1, value=text).style = "teks"
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    rows = []
    for column in spec.columns:
        if column.required:
            rule = "wajib"
        elif column.required_when:
            rule = f"wajib bila {spec.condition_text(column)}"
        else:
            rule = "boleh kosong"
        rows.append((column.label, rule, column.guidance))
    row = _section(sheet, len(steps) + 3, "KOLOM", ["Kolom", "Isian", "Keterangan"], rows)
    row = _section(sheet, row + 1, "PASAL 17 UU 14/2008", ["Kode", "Uraian"],
                   refs.pasal17[["kode", "uraian"]].itertuples(index=False))  # fmt: skip
    usual = [code for code in sorted(refs.jra.index, key=code_sort_key) if bidang.uses(code)]
    jra = jra_spec()
    _section(
        sheet, row + 1, "KODE KLASIFIKASI ARSIP (JRA) YANG LAZIM BAGI BIDANG INI "
        f"(daftar lengkap ada pada pilihan kolom {spec['kode_arsip'].label})",
        ["Kode", *(jra[name].label for name in
                   ("jenis_arsip", "retensi_aktif", "retensi_inaktif", "nasib_akhir"))],
        (
            (r.kode, r.jenis_arsip, f"{r.retensi_aktif} tahun {r.pemicu}".strip(),
             f"{r.retensi_inaktif} tahun", r.nasib_akhir)
            for r in refs.jra.loc[usual].itertuples(index=False)
        ),
    )  # fmt: skip
    for line in range(2, sheet.max_row + 1):
        xlsx.fit_height(sheet, line)
    xlsx.print_setup(sheet, None, config.paper, title=_heading(bidang, config))


def _heading(bidang: Bidang, config: Config) -> tuple[str, str, str]:
    """What every printed page of the form says at its top."""
    return (f"Inventaris {bidang.nama}", config.office["sebutan"], f"Tahun {config.tahun}")


def _section(
    sheet: Worksheet, row: int, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """A titled reference table, its last column running to column E; the row after it."""
    sheet.cell(row=row, column=1, value=title).style = "tebal"
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    widest = len(headers)
    for position, header in enumerate(headers, start=1):
        sheet.cell(row=row + 1, column=position, value=header).style = "kepala"
    if widest < 5:
        sheet.merge_cells(start_row=row + 1, start_column=widest, end_row=row + 1, end_column=5)
    row += 1
    for values in rows:
        row += 1
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=position)
            cell.style = "teks"
            xlsx.write_text(cell, value)
        if widest < 5:
            sheet.merge_cells(start_row=row, start_column=widest, end_row=row, end_column=5)
    return row + 1


def _examples(sheet: Worksheet, spec: SheetSpec, paper: str) -> None:
    sheet["A1"] = "CONTOH PENGISIAN (jangan diisi di lembar ini)"
    sheet["A1"].style = "judul"
    _header(sheet, spec, 3)
    xlsx.print_setup(sheet, 3, paper, repeat_columns=IDENTIFYING)
    for offset in range(max(len(column.example) for column in spec.columns)):
        for position, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=4 + offset, column=position)
            cell.style = "teks"
            xlsx.write_text(cell, column.example[offset] if offset < len(column.example) else None)
