"""What several presenters share: the next step per stage, the progress plans, and the ways a
command shows what still needs fixing."""

from collections.abc import Callable
from functools import wraps
from typing import Any

import pandas as pd

from pipeline.blockers import Blocker, Stage
from pipeline.documents import Dates
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.guarded import inspected_ahead
from pipeline.kit.workspace import inbox_files
from pipeline.kit.xlsx import write_table
from pipeline.round import Round
from pipeline.stages.s7_publish import Witness, witnesses

FINAL = "daftar_informasi_dikecualikan.docx"  # the list tetapkan writes for signature
FINAL_PUBLIC = "daftar_informasi_publik.docx"  # the DIP tetapkan writes for signature
SCAN = "Pindaian daftar bertanda tangan.pdf"  # how hints name the signed list
SCAN_PUBLIC = "Pindaian DIP bertanda tangan.pdf"  # and the signed DIP
FIXES = "perbaikan.xlsx"  # every blocker, one row each
FIX_COLUMNS = ["ID", "Sel", "Yang harus diperbaiki"]
SHOWN_BLOCKERS = 20  # on the terminal; the full list goes to FIXES
SHOWN_IDS = 10
NEXT = {
    Stage.PENGUMPULAN: "kumpulkan isian bidang di masuk/, lalu {periksa}.",
    Stage.PERBAIKAN: "kirim umpan balik ke bidang, simpan perbaikannya di masuk/, lalu {periksa}.",
    Stage.UJI: "{uji}, lalu tim PPID melengkapi uji_konsekuensi.xlsx.",
    Stage.KONSEP: "{konsep}.",
    Stage.TINJAUAN: "PPID Pembantu dan Atasan PPID mengisi tinjauan.xlsx, lalu {tetapkan}.",
    Stage.PENGEMBALIAN: "perbaiki sesuai catatan (langkah 3), {konsep}, lalu tinjau lagi.",
    Stage.PENETAPAN: "{tetapkan}.",
    Stage.ARSIP: "cetak dan tandatangani kedua daftar, lalu {arsip} dengan berkas DIK dan "
    "{arsip_dip} dengan berkas DIP.",
    Stage.SELESAI: "putaran lengkap; {arsip_periksa} untuk memeriksa arsip, {terbitkan} untuk "
    "laman PPID.",
}

# What the progress bar says while a stage runs (stage names as pipeline.kit.timing records
# them); a file read or written is named as it is.
_SAYS = {
    "read inbox": "membaca isian bidang",
    "validate": "memeriksa isian",
    "classify": "memilah arsip menurut JRA",
    "consequence test": "menerapkan uji konsekuensi",
    "lists": "menyusun daftar",
    "review": "mencocokkan keputusan tinjauan",
    "blockers": "memeriksa kelengkapan",
}
_VERBS = {"read": "membaca {}", "write": "menulis {}", "render": "menulis {}.docx"}
TESTING = ("read inbox", "validate", "classify", "read uji_konsekuensi.xlsx", "consequence test")
REVIEWING = (*TESTING, "lists", "read tinjauan.xlsx", "review")
DRAFTS = (
    "konsep_daftar_informasi_dikecualikan",
    "konsep_daftar_informasi_publik",
    "lembar_pengujian_konsekuensi",
)


def _plan(*stages: str) -> dict[str, str]:
    def says(stage: str) -> str:
        verb, _, what = stage.partition(" ")
        return _SAYS.get(stage) or _VERBS[verb].format(what)

    return {stage: says(stage) for stage in stages}


PLANS = {
    "periksa": _plan("read inbox", "validate", "write laporan_validasi.xlsx", "write feedback"),
    "uji": _plan(*TESTING, "write uji_konsekuensi.xlsx"),
    "konsep": _plan(
        *REVIEWING, "write tinjauan.xlsx", *(f"render {d}" for d in DRAFTS), "blockers"
    ),
    "tetapkan": _plan(*REVIEWING, "blockers", "render daftar_informasi_dikecualikan"),
}
Presenter = Callable[[Round, Output, Any], int]


def progress(command: str, description: str) -> Callable[[Presenter], Presenter]:
    """The command shows a bar over its stages (PLANS[command]) while it works, and the
    workbooks it will open are inspected ahead of it on another core."""

    def wrap(present: Presenter) -> Presenter:
        @wraps(present)
        def run(round_: Round, out: Output, args: Any) -> int:
            plan = PLANS[command]
            with out.stages(description, plan), inspected_ahead(round_.workbooks(list(plan))):
                return present(round_, out, args)

        return run

    return wrap


def warn_config(round_: Round, out: Output) -> None:
    for warning in round_.config.warnings:
        out.warn(warning)


def require_inbox(round_: Round, out: Output) -> None:
    if not inbox_files(round_.workspace.inbox):
        raise WorkspaceError(
            f"Belum ada berkas isian di {round_.workspace.inbox}; simpan isian bidang di sana, "
            f"lalu {out.command('periksa')}."
        )


def warn_aside(out: Output, aside: pd.DataFrame, what: str, title: str) -> None:
    """Filled rows kept aside because their item is gone or renamed, by ID so they are found."""
    if not len(aside):
        return
    ids = [str(i) for i in aside["id"].dropna().unique()]
    named = ", ".join(ids[:SHOWN_IDS]) + (
        f" dan {len(ids) - SHOWN_IDS} lagi" if len(ids) > SHOWN_IDS else ""
    )
    out.warn(
        f"{len(aside)} isian {what} yang tidak lagi cocok dengan butir mana pun (butir hilang, "
        f"atau nomor/judulnya berubah) disimpan di lembar '{title}'"
        + (f": {named}; salin kembali yang masih berlaku." if ids else ".")
    )


def warn_rejected(round_: Round, out: Output, where: str) -> bool:
    rejected = round_.rejections
    for blocker in rejected:
        out.warn(f"{blocker.fix} Butirnya tidak masuk {where}.")
    return bool(rejected)


def dates(round_: Round) -> Dates:
    """The round's dates from the record: the test sheet and the review sheet."""
    return Dates(tests=round_.test_dates, decision=round_.decision_date)


def show_warnings(round_: Round, out: Output) -> None:
    """The legal bases a Komisi Informasi may not accept, each at its cell; they do not block."""
    for warning in round_.basis_warnings:
        out.warn(f"{warning.item} {warning.cell}: {warning.fix}")


def show_blockers(round_: Round, blockers: list[Blocker], out: Output, title: str) -> None:
    """The first few on the terminal, every one in keluaran/perbaikan.xlsx."""
    rows = [(b.item, b.cell, b.fix) for b in blockers]
    out.table(pd.DataFrame(rows[:SHOWN_BLOCKERS], columns=FIX_COLUMNS), title)
    path = write_table(round_.workspace.out(FIXES), "Perbaikan", FIX_COLUMNS, rows, [16, 34, 100],
                       round_.config.paper)  # fmt: skip
    if len(rows) > SHOWN_BLOCKERS:
        out.note(f"... dan {len(rows) - SHOWN_BLOCKERS} lagi.")
    out.file("Daftar lengkap yang harus diperbaiki", path)


def arsip_numbered(out: Output, target: str) -> str:
    """The arsip command with a handwritten decision number, as the officer types it."""
    make = out.command_form.startswith("make")
    return out.command("arsip", '"--nomor 45"' if make else "--nomor 45", file=target)


def archive_witnesses(round_: Round) -> list[Witness]:
    """Every head of the archive register the workspace recorded: on the published page, in
    each export and in the export log."""
    workspace = round_.workspace
    return witnesses(workspace.root, workspace.out("web"), workspace.out("ekspor"),
                     workspace.export_log)  # fmt: skip


def next_steps(out: Output) -> dict[str, str]:
    """The commands NEXT names, as the officer runs them."""
    names = ("periksa", "uji", "konsep", "tetapkan", "arsip", "terbitkan")
    return {name: out.command(name) for name in names} | {
        "arsip_periksa": out.command("arsip", "--periksa"),
        "arsip_dip": out.command("arsip", "--dip"),
    }
