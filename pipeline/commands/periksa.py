"""`periksa` (SOP step 3): read and check what the bidang filled, report it, and hand each
bidang its own workbook back with the problems marked."""

from argparse import Namespace
from datetime import date
from itertools import count
from pathlib import Path

import pandas as pd

from pipeline.commands.common import progress
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.problems import GALAT, PERINGATAN, Source, frame, ordered, problem
from pipeline.kit.workspace import OLD_VERSIONS, inbox_files, inbox_folders, put_aside
from pipeline.round import Round
from pipeline.stages.s3c_report import (
    heading,
    summarize,
    write_feedbacks,
    write_validation_report,
)


def _versions_advice(inbox: Path, first: str, second: str) -> str:
    """Which of two versions to keep is the officer's call; the newer one is the likely pick."""

    def modified(name: str) -> float:
        try:
            return (inbox / name).stat().st_mtime
        except OSError:
            return 0.0

    older, newer = sorted((first, second), key=modified)
    said = f"{older} dan {newer} tampaknya dua versi isian yang sama, maka butir keduanya ditolak"
    if modified(older) == modified(newer):
        return f"{said}; pilih yang berlaku dan pindahkan yang lain ke masuk/{OLD_VERSIONS}/."
    return (f"{said}. {newer} lebih baru: bila itu yang berlaku, pindahkan {older} ke "
            f"masuk/{OLD_VERSIONS}/.")  # fmt: skip


UNREAD_FOLDER = "Folder {}/ di masuk/ tidak dibaca; pindahkan berkasnya ke masuk/."


@progress("periksa", "Memeriksa isian")
def run(round_: Round, out: Output, args: Namespace) -> int:
    workspace, config = round_.workspace, round_.config
    files = inbox_files(workspace.inbox)
    if not files:
        raise WorkspaceError(
            f"Belum ada berkas isian di {workspace.inbox}; simpan isian bidang di sana."
        )
    counted = count(1)
    round_.read(lambda name: out.detail(f"{name} ({next(counted)} dari {len(files)} berkas)"))
    inventory = round_.inventory
    problems = ordered(inventory.problems)
    summary = summarize(inventory, round_.bidang_names)
    title = heading(config, date.today())
    links, failed = write_feedbacks(
        workspace.out("umpan_balik"), inventory, problems, round_.feedback_names(),
        workspace.inbox, config.paper, title,
    )  # fmt: skip
    folders = inbox_folders(workspace.inbox)
    notes = [
        problem(Source(name=name), None, None, "", "", PERINGATAN,
                "Salinan umpan balik berkas ini tidak dapat dibuat; masalahnya tercantum di "
                "laporan ini, kirimkan lembar Masalah kepada bidangnya.")
        for name in failed
    ] + [
        problem(Source(name=f"{folder.name}/"), None, None, "", "", PERINGATAN,
                UNREAD_FOLDER.format(folder.name))
        for folder in folders
    ]  # fmt: skip
    problems = ordered(pd.concat([problems, frame(notes)], ignore_index=True))
    report = write_validation_report(workspace.out("laporan_validasi.xlsx"), summary, problems,
                                     links, config.paper, title)  # fmt: skip
    codes = {received.name: received.bidang or "?" for received in inventory.files}
    out.table(summary.assign(Bidang=summary["Berkas"].map(codes)), "Hasil pemeriksaan isian")
    total = summary.iloc[-1]
    galat = int((problems["Tingkat"] == GALAT).sum())
    read = len([received for received in inventory.files if not received.replaced_by])
    (out.warn if galat else out.done)(
        f"{total['Baris Dibaca']} baris dibaca dari {read} berkas: {total['Baris Valid']} "
        f"valid, {total['Baris Galat']} ditolak; {len(problems)} masalah ({galat} galat)."
    )
    for pair in inventory.versions:
        out.warn(_versions_advice(workspace.inbox, *pair))
    for received in inventory.files:
        if received.replaced_by:
            moved = put_aside(workspace.inbox / received.name)
            out.note(f"{received.name} diganti oleh {received.replaced_by}; versi lama dipindah "
                     f"ke masuk/{moved.parent.name}/{moved.name}.")  # fmt: skip
    for folder in folders:
        out.warn(UNREAD_FOLDER.format(folder.name))
    sent = {received.bidang for received in inventory.files}
    silent = [b.nama for b in config.bidang if b.kode not in sent]
    if silent:
        out.warn(f"Belum ada isian dari: {', '.join(silent)}.")
    missing = [item for item in round_.unfollowed() if item.bidang in sent]
    if missing:
        named = ", ".join(item.id for item in missing[:10]) + (" ..." if len(missing) > 10 else "")
        out.warn(f"{len(missing)} butir daftar lalu tidak ada dalam isian bidangnya ({named}); "
                 "minta bidang mengembalikan barisnya, atau menandainya dihapus beserta "
                 "alasannya.")  # fmt: skip
    out.file("Laporan", report)
    if links:
        out.file("Umpan balik untuk bidang", workspace.out("umpan_balik"))
    if galat:
        fixes = ["simpan satu versi saja di masuk/"] if inventory.versions else []
        if links:
            fixes.append("kirim berkas umpan_balik ke bidangnya, simpan perbaikannya di masuk/")
        if inventory.unreadable:
            fixes.append("minta bidang mengirim ulang berkas yang tidak terbaca")
        if not fixes:  # the annotated copies could not be made
            fixes.append("kirim lembar Masalah dari laporan ke bidangnya, simpan perbaikannya "
                         "di masuk/")  # fmt: skip
        out.next(f"{'; '.join(fixes)}, lalu {out.command('periksa')} lagi.")
        return 1
    out.next(f"{out.command('uji')} untuk membuat/memperbarui lembar uji konsekuensi.")
    return 0
