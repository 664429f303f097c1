"""The floor: the least any implementation must pay on a workspace, measured on the same data.

Reads every inbox workbook with python-calamine into pandas, checks the same columns as
`periksa` with vectorised pandas (required, choices, integer No unique per file, year range,
JRA code membership, Pasal 17 membership, the conditional requirements), reads the two filled
sheets, and writes the exempted items as one Word table whose XML is built as a single string.
Prints {"part": seconds, ..., "problems": n} as JSON.

Run: .venv/bin/python -m bench.floor WORKSPACE
"""

import io
import json
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from docx import Document
from python_calamine import CalamineWorkbook

from pipeline.kit.config import load_config
from pipeline.kit.schema import SheetSpec, load_spec, normalize_label

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "referensi"
EXEMPTED = {"Dikecualikan", "Dikecualikan Sebagian"}
SEPARATORS = r"\s*(?:[,;\n]|\bdan\b)\s*"
PASAL_REF = (
    r"^(?:pasal\s*)?(?:17\s*[.\s]?\s*)?(?:huruf\s*)?\(?(?P<letter>[a-j])\)?"
    r"\s*[.\s]?\s*(?:angka\s*)?\(?(?P<number>\d{1,2})?\)?$"
)
TABLE_COLUMNS = [
    "No",
    "ID",
    "Informasi",
    "Bidang",
    "Dasar Hukum",
    "Akibat bila Dibuka",
    "Pertimbangan bila Ditutup",
    "Jangka Waktu",
    "Status Arsip",
]


def measure(workspace: Path, target: Path) -> dict[str, float | int]:
    times: dict[str, float | int] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = round(now - clock, 4)
        clock = now

    spec = load_spec("inventaris")
    codes = {b.kode.casefold(): b.kode for b in load_config(workspace / "instansi.toml").bidang}
    jra = pd.read_csv(REFERENCE / "jra.csv", dtype=str, keep_default_na=False)["kode"]
    pasal = pd.read_csv(REFERENCE / "pasal17.csv", dtype=str, keep_default_na=False)["kode"]
    lap("reference tables")
    inventory = read_inbox(workspace / "masuk", spec, codes)
    lap("read inbox (calamine -> pandas)")
    problems = check(inventory, spec, set(jra), set(pasal))
    lap("check (vectorised pandas)")
    tests = read_sheet(workspace / "uji_konsekuensi.xlsx")
    reviews = read_sheet(workspace / "tinjauan.xlsx")
    lap("read filled sheets (calamine)")
    exempted = select_exempted(inventory, tests, reviews)
    lap("join + select exempted")
    write_docx(exempted, target)
    lap("write docx (table XML spliced as text)")
    times["problems"] = problems
    times["exempted"] = len(exempted)
    return times


def read_inbox(inbox: Path, spec: SheetSpec, codes: dict[str, str]) -> pd.DataFrame:
    frames = []
    for path in sorted(p for p in inbox.iterdir() if p.suffix.lower() == ".xlsx"):
        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(spec.sheet).to_python()
        names = [
            (c.name if (c := spec.match_header(str(v))) else f"_{i}") for i, v in enumerate(grid[0])
        ]
        frame = pd.DataFrame(grid[1:], columns=names).replace("", None)
        tokens = re.split(r"[^0-9a-z]+", path.stem.casefold())
        frame["berkas"] = path.name
        frame["bidang"] = next((codes[t] for t in tokens if t in codes), None)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def check(rows: pd.DataFrame, spec: SheetSpec, jra: set[str], pasal: set[str]) -> int:
    """How many cells fail the same rules periksa applies (0 on a clean round)."""
    bad = pd.Series(0, index=rows.index)
    for column in spec.columns:
        if column.required:
            bad += rows[column.name].isna()
        if column.choices:
            accepted = {normalize_label(c) for c in column.choices} | set(column.aliases)
            text = rows[column.name].dropna().astype(str).str.strip().str.casefold()
            bad += (~text.isin(accepted)).reindex(rows.index, fill_value=False)
    number = pd.to_numeric(rows["no"], errors="coerce")
    bad += number.isna() | (number % 1 != 0) | (number < 1)
    bad += rows.assign(no=number).duplicated(["berkas", "no"], keep=False)
    bad += ~years(rows["tahun_pembuatan"]).between(1900, 2100)
    closed = rows["tanggal_ditutup"].dropna()
    bad += (~years(closed).between(1900, 2100)).reindex(rows.index, fill_value=False)
    archive = rows["dari_arsip"].astype(str).str.strip().str.casefold().isin({"ya", "y", "iya"})
    code = rows["kode_arsip"].astype("string").str.replace(r"\s+", "", regex=True)
    bad += archive & ~code.isin(jra).fillna(False)
    proposed = rows["usulan"].astype(str).str.strip().str.casefold().isin({"ya", "y", "iya"})
    bad += proposed & (rows["dasar_usulan"].isna() | rows["alasan"].isna())
    bad += pasal_unknown(rows["dasar_usulan"], pasal).reindex(rows.index, fill_value=False)
    bad += rows["judul"].astype("string").str.len().fillna(0) > 500
    return int(bad.sum())


def years(values: pd.Series) -> pd.Series:
    """The year of a year, a date cell, or a date typed as text."""
    number = pd.to_numeric(values, errors="coerce")
    dated = values[number.isna()]
    parsed = pd.to_datetime(dated.map(_iso), errors="coerce", format="%Y-%m-%d")
    return number.fillna(pd.Series(parsed.dt.year, index=dated.index))


MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "januari",
            "februari",
            "maret",
            "april",
            "mei",
            "juni",
            "juli",
            "agustus",
            "september",
            "oktober",
            "november",
            "desember",
        ],
        1,
    )
}


def _iso(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    text = str(value).strip().casefold()
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    if (match := re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", text)) and match[2] in MONTHS:
        return f"{match[3]}-{MONTHS[match[2]]:02d}-{int(match[1]):02d}"
    return None


def pasal_unknown(values: pd.Series, pasal: set[str]) -> pd.Series:
    """Per row, whether any citation is not a Pasal 17 code ('17 h 1 dan 2' reads as two)."""
    parts = values.dropna().astype(str).str.casefold().str.split(SEPARATORS, regex=True).explode()
    parts = parts.str.strip(" .")
    parts = parts[parts != ""]
    found = parts.str.extract(PASAL_REF)
    bare = parts.str.fullmatch(r"\d{1,2}")  # '... dan 2': the previous part's letter
    found.loc[bare, "number"] = parts[bare]
    found["letter"] = found["letter"].groupby(level=0).ffill()
    code: pd.Series = (
        "17." + found["letter"] + np.where(found["number"].notna(), "." + found["number"], "")
    )
    code = code.str.replace(r"\.0(\d)", r".\1", regex=True)
    return (~code.isin(pasal)).groupby(level=0).any()


def read_sheet(path: Path) -> pd.DataFrame:
    workbook = CalamineWorkbook.from_path(str(path))
    grid = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    return pd.DataFrame(grid[1:], columns=[str(v) for v in grid[0]]).replace("", None)


def select_exempted(
    inventory: pd.DataFrame, tests: pd.DataFrame, reviews: pd.DataFrame
) -> pd.DataFrame:
    number = pd.to_numeric(inventory["no"]).astype(int).astype(str).str.zfill(4)
    items = inventory.assign(ID=inventory["bidang"] + "-" + number)
    tests = tests[tests["Hasil Uji"].isin(EXEMPTED)]
    agreed = reviews[
        (reviews["Keputusan PPID Pembantu"] == "Setuju")
        & (reviews["Keputusan Atasan PPID"] == "Setuju")
    ]
    table = tests.merge(items[["ID", "judul"]], on="ID").merge(agreed[["ID"]], on="ID")
    partial = table["Hasil Uji"] == "Dikecualikan Sebagian"
    table["Informasi"] = table["judul"].where(
        ~partial,
        table["judul"]
        + " (dikecualikan sebagian; dapat diberikan: "
        + table["Bentuk yang Dapat Diberikan"].fillna("")
        + ")",
    )
    other = table["Dasar Hukum Lain"].fillna("")
    table["Dasar Hukum"] = ("Pasal 17 " + table["Pasal 17"].fillna("") + " UU 14/2008").where(
        other == "", "Pasal 17 " + table["Pasal 17"].fillna("") + " UU 14/2008; " + other
    )
    table["No"] = np.arange(1, len(table) + 1).astype(str)
    return table[TABLE_COLUMNS].fillna("")


def _escape(text: pd.Series) -> pd.Series:
    return (
        text.astype(str)
        .str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def write_docx(table: pd.DataFrame, target: Path) -> None:
    """python-docx's blank document with the table spliced into word/document.xml as text.

    Inserting a parsed table into python-docx's tree costs seconds per 10,000 rows (lxml moves
    every element between documents); splitting the XML text is the least the format needs.
    """
    cell_open = '<w:tc><w:p><w:r><w:t xml:space="preserve">'
    cell_close = "</w:t></w:r></w:p></w:tc>"
    rows = pd.Series("<w:tr>", index=table.index)
    for column in TABLE_COLUMNS:
        rows = rows + cell_open + _escape(table[column]) + cell_close
    header = "".join(f"{cell_open}{c}{cell_close}" for c in TABLE_COLUMNS)
    xml = (
        "<w:p><w:r><w:t>Daftar Informasi yang Dikecualikan</w:t></w:r></w:p>"
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        "</w:tblPr><w:tblGrid>"
        + '<w:gridCol w:w="1500"/>' * len(TABLE_COLUMNS)
        + f"</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>"
        + "".join(rows + "</w:tr>")
        + "</w:tbl>"
    )
    blank = io.BytesIO()
    Document().save(blank)
    with (
        zipfile.ZipFile(blank) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as docx,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.rindex("<w:sectPr")
                data = (text[:at] + xml + text[at:]).encode("utf-8")
            docx.writestr(entry, data, zipfile.ZIP_DEFLATED)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        times = measure(Path(argv[0]), Path(folder) / "daftar.docx")
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
