"""One presenter per command of the contract: it asks the round for what is needed, writes the
outputs, and prints what was done, where the outputs are, and the next step.

Each returns the exit status: 0 done, 1 done but the input has problems to fix.
"""

import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import archive, documents, printing, publish
from pipeline.consequence import ASIDE_TITLE as TEST_ASIDE
from pipeline.consequence import DIKECUALIKAN, SEBAGIAN, TERBUKA
from pipeline.console import Output
from pipeline.errors import WorkspaceError
from pipeline.forms import build_form
from pipeline.intake import inbox_files, inbox_folders
from pipeline.problems import GALAT, ordered
from pipeline.render import OWN_FOLDER as OWN_TEMPLATES
from pipeline.render import check, render
from pipeline.report import (
    feedback_for,
    heading,
    summarize,
    write_feedback,
    write_validation_report,
)
from pipeline.resources import EXAMPLE
from pipeline.review import ASIDE_TITLE as REVIEW_ASIDE
from pipeline.review import log_returns
from pipeline.round import FINAL_SNAPSHOT, Blocker, Round, Stage
from pipeline.schema import consequence_spec, inventory_spec, review_spec
from pipeline.sheets import refresh_fill_sheet
from pipeline.workspace import Workspace, write_atomically

NEXT = {
    Stage.PENGUMPULAN: "kumpulkan isian bidang di masuk/, lalu {periksa}.",
    Stage.PERBAIKAN: "kirim umpan balik ke bidang, simpan perbaikannya di masuk/, lalu {periksa}.",
    Stage.UJI: "{uji}, lalu tim PPID melengkapi uji_konsekuensi.xlsx.",
    Stage.KONSEP: "{konsep}.",
    Stage.TINJAUAN: "PPID Pembantu dan Atasan PPID mengisi tinjauan.xlsx, lalu {tetapkan}.",
    Stage.PENGEMBALIAN: "perbaiki sesuai catatan (langkah 3), {konsep}, lalu tinjau lagi.",
    Stage.PENETAPAN: "{tetapkan}.",
    Stage.ARSIP: "cetak dan tandatangani daftar, lalu {arsip} dengan berkasnya.",
    Stage.SELESAI: "putaran lengkap; {arsip_periksa} untuk memeriksa arsip, {terbitkan} untuk "
    "laman PPID.",
}


def init(workspace: Workspace, out: Output) -> int:
    if workspace.config.exists():
        raise WorkspaceError(f"{workspace.config} sudah ada; folder kerja ini tidak ditimpa.")
    today = date.today()
    text = (EXAMPLE / "instansi.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^tahun = \d+", f"tahun = {today.year}", text)
    text = re.sub(r"(?m)^tanggal_acuan = [\d-]+", f"tanggal_acuan = {today.isoformat()}", text)
    # The example's letter dates would be wrong for a new round: today until the officer sets them.
    text = re.sub(r"(?m)^(tanggal(?:_uji)? = [\d-]+)", r"# \1", text)
    text = re.sub(r"(?m)^batas_waktu = [\d-]+", f"batas_waktu = {today + timedelta(days=14)}", text)
    workspace.inbox.mkdir(parents=True, exist_ok=True)
    write_atomically(workspace.config, lambda path: path.write_text(text, encoding="utf-8"))
    out.done("Folder kerja baru dibuat (contoh isian Dinas Sosial P3A Kapuas Hulu).")
    out.file("Konfigurasi", workspace.config)
    out.file("Folder isian bidang", workspace.inbox)
    out.next(f"sesuaikan {workspace.config.name} (nama, pejabat, NIP, bidang), lalu "
             f"{out.command('nota')}.")  # fmt: skip
    return 0


def nota(round_: Round, out: Output) -> int:
    config = round_.config
    context = documents.nota_context(config)
    target = render("nota_dinas", context, config.paper, round_.workspace.out("nota_dinas.docx"),
                    own=round_.workspace.root / OWN_TEMPLATES)  # fmt: skip
    out.done(f"Nota Dinas nomor {context['nota']['nomor'].strip()} dibuat.")
    out.file("Dokumen", target)
    out.next(f"tandatangani Nota Dinas, lalu {out.command('formulir')} untuk formulir bidang.")
    return 0


def formulir(round_: Round, out: Output) -> int:
    config, folder = round_.config, round_.workspace.out("formulir")
    with out.progress("Membuat formulir", len(config.bidang)) as advance:
        for bidang in config.bidang:
            advance(bidang.kode)
            build_form(folder / f"{bidang.kode}.xlsx", bidang, config, inventory_spec(),
                       round_.refs)  # fmt: skip
    out.done(f"{len(config.bidang)} formulir inventaris dibuat, satu per bidang.")
    out.file("Folder", folder)
    out.next(
        f"kirim formulir ke bidang; simpan isian yang kembali di {round_.workspace.inbox}, lalu "
        f"{out.command('periksa')}."
    )
    return 0


def periksa(round_: Round, out: Output) -> int:
    workspace = round_.workspace
    files = inbox_files(workspace.inbox)
    if not files:
        raise WorkspaceError(
            f"Belum ada berkas isian di {workspace.inbox}; simpan isian bidang di sana."
        )
    with out.progress("Membaca isian", len(files)) as advance:
        round_.read(advance)
    inventory = round_.inventory
    problems = ordered(inventory.problems)
    summary = summarize(inventory, round_.bidang_names)
    links = _write_feedback(round_, problems)
    report = write_validation_report(workspace.out("laporan_validasi.xlsx"), summary, problems,
                                     links, round_.config.paper,
                                     heading(round_.config, date.today()))  # fmt: skip
    codes = {received.name: received.bidang or "?" for received in inventory.files}
    out.table(summary.assign(Bidang=summary["Berkas"].map(codes)), "Hasil pemeriksaan isian")
    total = summary.iloc[-1]
    galat = int((problems["Tingkat"] == GALAT).sum())
    out.done(
        f"{total['Baris Dibaca']} baris dibaca dari {len(files)} berkas: {total['Baris Valid']} "
        f"valid, {total['Baris Galat']} ditolak; {len(problems)} masalah ({galat} galat)."
    )
    for folder in inbox_folders(workspace.inbox):
        out.warn(f"Folder {folder.name}/ di masuk/ tidak dibaca; pindahkan berkasnya ke masuk/.")
    sent = {received.bidang for received in inventory.files}
    silent = [b.nama for b in round_.config.bidang if b.kode not in sent]
    if silent:
        out.warn(f"Belum ada isian dari: {', '.join(silent)}.")
    out.file("Laporan", report)
    if links:
        out.file("Umpan balik untuk bidang", workspace.out("umpan_balik"))
    if galat:
        fix = "kirim berkas umpan_balik ke bidangnya" if links else "minta bidang mengirim ulang"
        out.next(f"{fix}, simpan perbaikannya di masuk/, lalu {out.command('periksa')} lagi.")
        return 1
    out.next(f"{out.command('uji')} untuk membuat/memperbarui lembar uji konsekuensi.")
    return 0


def _write_feedback(round_: Round, problems: pd.DataFrame) -> dict[str, str]:
    """keluaran/umpan_balik/<file>.xlsx for each readable file with problems; file -> link."""
    folder = round_.workspace.out("umpan_balik")
    shutil.rmtree(folder, ignore_errors=True)
    names = round_.feedback_names()
    links = {}
    for received in round_.inventory.files:
        if feedback_for(received, problems):
            mine = problems[problems["Berkas"] == received.name]
            write_feedback(folder / names[received.name], round_.workspace.inbox / received.name,
                           mine, round_.config.paper,
                           heading(round_.config, date.today()))  # fmt: skip
            links[received.name] = f"umpan_balik/{names[received.name]}"
    return links


def uji(round_: Round, out: Output) -> int:
    _require_inbox(round_, out)
    outcomes, workspace = round_.outcomes, round_.workspace
    written, backup = refresh_fill_sheet(
        workspace.test_sheet, consequence_spec(), outcomes.rows, outcomes.aside, TEST_ASIDE,
        outcomes.previous, workspace.out("cadangan"), round_.config.paper,
    )  # fmt: skip
    if written:
        round_.sheets_written()
    rows = outcomes.rows
    filled = int(rows["hasil_uji"].notna().sum())
    out.done(f"Lembar uji konsekuensi memuat {len(rows)} butir; {filled} sudah berisi hasil uji.")
    if len(outcomes.aside):
        out.warn(
            f"{len(outcomes.aside)} isian yang tidak lagi cocok dengan butir mana pun (butir "
            f"hilang, atau nomor/judulnya berubah) disimpan di lembar '{TEST_ASIDE}'."
        )
    out.file("Lembar uji" if written else "Lembar uji (tidak berubah)", workspace.test_sheet)
    if backup:
        out.file("Salinan versi sebelumnya", backup)
    rejected = _warn_rejected(round_, out, "lembar uji")
    out.next(f"tim PPID mengisi kolom putih di uji_konsekuensi.xlsx, lalu {out.command('konsep')}.")
    return 1 if rejected else 0


def konsep(round_: Round, out: Output) -> int:
    _require_inbox(round_, out)
    workspace, config = round_.workspace, round_.config
    if round_.test_sheet is None:
        raise WorkspaceError(
            f"{workspace.test_sheet.name} belum ada; jalankan {out.command('uji')} lebih dulu."
        )
    table = round_.outcomes.table
    dates = _dates(round_)
    contexts = {
        "konsep_daftar_informasi_dikecualikan": documents.draft_context(
            round_.exempt_list, config, dates
        ),
        "konsep_daftar_informasi_publik": documents.draft_context(
            round_.public_list, config, dates
        ),
        "lembar_pengujian_konsekuensi": documents.test_sheet_context(
            round_.test_list, config, dates
        ),
    }
    own = round_.workspace.root / OWN_TEMPLATES
    for name, context in contexts.items():  # a broken template stops before anything is written
        check(name, context, own)
    review = round_.review
    written, backup = refresh_fill_sheet(
        workspace.review_sheet, review_spec(), review.rows, review.aside, REVIEW_ASIDE,
        review.previous, workspace.out("cadangan"), config.paper,
    )  # fmt: skip
    if written:
        round_.sheets_written()
    paths = [render(name, context, config.paper, workspace.out(f"{name}.docx"), own=own)
             for name, context in contexts.items()]  # fmt: skip
    results = table["hasil"].value_counts()
    statuses = ", ".join(f"{k} {v}" for k, v in table["status_arsip"].value_counts().items())
    out.done(
        f"Konsep dari {len(table)} butir: {results.get(DIKECUALIKAN, 0)} dikecualikan, "
        f"{results.get(SEBAGIAN, 0)} dikecualikan sebagian, {results.get(TERBUKA, 0)} terbuka"
        + (f"; status arsip: {statuses}." if statuses else ".")
    )
    for path in paths:
        out.file("Dokumen", path)
    unnamed = documents.unnamed_signers(config, round_.test_list)
    if unnamed:
        out.warn(
            f"Pejabat {', '.join(unnamed)} belum disebut di instansi.toml (isian pejabat pada "
            "bidang itu); lembar pengujian menyediakan tempat tanda tangannya untuk diisi tangan."
        )
    out.file(
        "Lembar tinjauan" if written else "Lembar tinjauan (tidak berubah)", workspace.review_sheet
    )
    if backup:
        out.file("Salinan versi sebelumnya", backup)
    rejected = _warn_rejected(round_, out, "konsep")
    conflicts = [b for b in round_.blockers if b.stage is Stage.UJI]
    if conflicts:
        _show_blockers(conflicts, out, "Konflik hasil uji")
        out.next(f"perbaiki uji_konsekuensi.xlsx sesuai daftar di atas, lalu "
                 f"{out.command('konsep')} lagi.")  # fmt: skip
        return 1
    out.next(f"PPID Pembantu dan Atasan PPID mengisi keputusan di tinjauan.xlsx, lalu "
             f"{out.command('tetapkan')}.")  # fmt: skip
    return 1 if rejected else 0


def tetapkan(round_: Round, out: Output) -> int:
    workspace, config = round_.workspace, round_.config
    if round_.review_sheet is None:
        raise WorkspaceError(
            f"tinjauan.xlsx belum ada; jalankan {out.command('konsep')} lebih dulu."
        )
    verdict, blockers = round_.review.verdict, round_.blockers
    final = workspace.out("daftar_informasi_dikecualikan.docx")
    snapshot = workspace.out(FINAL_SNAPSHOT)
    own = workspace.root / OWN_TEMPLATES
    # One Nota Dinas per returning step; pengembalian.docx is what earlier versions wrote.
    returns = [workspace.out(f"pengembalian_{step}.docx") for step in documents.STEPS]
    returns.append(workspace.out("pengembalian.docx"))
    if verdict.approved and not blockers:
        rows = round_.exempt_list
        render("daftar_informasi_dikecualikan",
               documents.decision_context(rows, config, _dates(round_)), config.paper, final,
               own=own)  # fmt: skip
        round_.write_snapshot(snapshot)
        for stale in returns:
            stale.unlink(missing_ok=True)
        out.done(f"Kedua tingkat menyetujui {len(rows)} informasi: daftar siap ditandatangani.")
        out.file("Dokumen", final)
        out.next(f"cetak dan tandatangani, lalu {out.command('arsip')} dengan berkas {final.name} "
                 "(atau hasil pindaiannya).")  # fmt: skip
        return 0
    for stale in (final, snapshot):  # a list that is no longer approved must not be signed
        stale.unlink(missing_ok=True)
    if blockers:
        _show_blockers(blockers, out, "Belum dapat ditandatangani")
    if len(verdict.returned):
        letters = documents.return_contexts(verdict.returned, config)
        for context in letters.values():
            check("pengembalian", context, own)
        for stale in returns:
            stale.unlink(missing_ok=True)
        targets = [render("pengembalian", context, config.paper,
                          workspace.out(f"pengembalian_{step}.docx"), own=own)
                   for step, context in letters.items()]  # fmt: skip
        names = {role: person.named for role, person in config.officials.items()}
        log_returns(workspace.return_log, verdict.returned, round_.review.rows, names,
                    date.today())  # fmt: skip
        out.warn(f"{len(verdict.returned)} informasi dikembalikan ke Ketua PPID.")
        for target in targets:
            out.file("Nota Dinas pengembalian", target)
        out.file("Riwayat pengembalian", workspace.return_log)
    if len(verdict.pending):
        pending = verdict.pending.rename(
            columns={"id": "ID", "judul": "Judul", "alasan": "Keadaan"}
        )
        out.table(pending, "Belum dapat ditetapkan")
    out.next(f"perbaiki sesuai catatan (langkah 3), {out.command('konsep')}, lalu tinjau dan "
             f"{out.command('tetapkan')} lagi.")  # fmt: skip
    return 1


def arsip(round_: Round, out: Output, target: str | None, verify: bool) -> int:
    workspace, config = round_.workspace, round_.config
    if verify:
        findings = archive.verify(workspace.archive)
        if not findings:
            out.warn("Belum ada berkas di arsip.")
            return 0
        table = pd.DataFrame(
            [{"No": f.no, "Berkas": f.berkas, "Keadaan": f.keadaan, "Pesan": f.pesan}
             for f in findings]
        )  # fmt: skip
        out.table(table, "Pemeriksaan arsip")
        broken = [f for f in findings if f.keadaan not in archive.SOUND]
        if broken:
            out.warn(f"{len(broken)} temuan: arsip tidak utuh; lihat kolom Pesan di atas.")
            return 1
        out.done(f"{len(findings)} berkas arsip utuh (SHA-256 cocok dengan register).")
        return 0
    if not target:
        raise WorkspaceError(
            f"Sebutkan berkas yang diarsipkan: {out.command('arsip')} dengan berkas .pdf atau "
            ".docx yang ditandatangani."
        )
    path = Path(target)
    if not path.is_absolute() and not path.exists():
        path = workspace.root / target
    head = config.officials["kepala"]
    snapshot = workspace.out(FINAL_SNAPSHOT)
    details = {
        "Nomor Keputusan": config.number("keputusan", round_.decision_date).strip(),
        "Tanggal Penetapan": round_.decision_date.isoformat(),
        "Penanda Tangan": f"{head.nama}, {head.jabatan_singkat}",
        "NIP": head.nip_text,
        "Kode Klasifikasi": config.archive.get("kode", ""),
        "Retensi": config.archive.get("retensi", ""),
        "Jumlah Butir": str(len(round_.exempt_list)) if snapshot.is_file() else "",
    }
    entry = archive.store(workspace.archive, path, snapshot if snapshot.is_file() else None,
                          details, config.tahun)  # fmt: skip
    out.done(f"Daftar diarsipkan sebagai nomor {entry['No']} (SHA-256 {entry['SHA-256'][:16]}...).")
    out.file("Berkas arsip", workspace.archive / entry["Berkas Arsip"])
    out.file("Register", workspace.archive / "register.csv")
    out.next(
        f"{out.command('arsip', '--periksa')} kapan saja untuk membuktikan arsip tidak berubah."
    )
    return 0


def terbitkan(round_: Round, out: Output) -> int:
    """SOP step 6 onwards: the signed list on the PPID website, from the archive, no retyping."""
    snapshot, signed, registration = _signed_round(round_, out)
    target = round_.workspace.out("web")
    replaced = publish.previous(target)
    publish.write_site(snapshot, signed, registration, target)
    decision = snapshot["keputusan"]
    out.done(
        f"Daftar Keputusan Nomor {decision['nomor']} diterbitkan: {len(snapshot['dik']['baris'])}"
        f" informasi dikecualikan, {len(snapshot['dip']['baris'])} informasi publik."
    )
    if replaced and replaced["nomor"] != decision["nomor"]:
        out.note(f"Menggantikan terbitan Keputusan Nomor {replaced['nomor']} tanggal "
                 f"{replaced['tanggal']}.")  # fmt: skip
    out.file("Halaman", target / "index.html")
    out.file("Data untuk laman PPID", target)
    out.next(f"unggah isi {target.name}/ ke laman PPID, atau {out.command('ekspor')} untuk "
             "PPID Utama.")  # fmt: skip
    return 0


def ekspor(round_: Round, out: Output) -> int:
    """The signed round as one zip for the kabupaten's PPID Utama, logged in the workspace."""
    snapshot, signed, registration = _signed_round(round_, out)
    log = round_.workspace.root / "riwayat_ekspor.csv"
    target = publish.write_export(snapshot, signed, registration, round_.workspace.out("ekspor"),
                                  log)  # fmt: skip
    out.done(f"Ekspor Keputusan Nomor {snapshot['keputusan']['nomor']} dibuat.")
    out.file("Berkas ekspor", target)
    out.file("Riwayat ekspor", log)
    out.next("kirim berkas zip itu ke PPID Utama kabupaten.")
    return 0


def _signed_round(round_: Round, out: Output) -> tuple[dict[str, Any], Path, dict[str, str]]:
    """The latest archived list: what it holds, the signed file, and its register row."""
    folder = round_.workspace.archive
    registration = archive.current(folder)
    if registration is None:
        raise WorkspaceError(
            f"Belum ada daftar bertanda tangan di arsip; tetapkan, tandatangani, lalu "
            f"{out.command('arsip')} dengan berkasnya sebelum diterbitkan."
        )
    snapshot = archive.current_snapshot(folder)
    if snapshot is None:
        raise WorkspaceError(
            f"Arsip nomor {registration['No']} tidak memiliki salinan isi daftar yang utuh; "
            f"periksa dengan {out.command('arsip', '--periksa')}, atau arsipkan ulang setelah "
            f"{out.command('tetapkan')}."
        )
    return snapshot, folder / registration["Berkas Arsip"], registration


def pdf(round_: Round, out: Output) -> int:
    """The round's documents as PDF, for printing and checking page by page before signing."""
    workspace = round_.workspace
    targets = printing.documents_to_pdf(workspace.output, workspace.out("pdf"))
    out.done(f"{len(targets)} dokumen diubah menjadi PDF dengan LibreOffice.")
    out.file("Folder", workspace.out("pdf"))
    out.next("periksa setiap halaman, lalu cetak dan tandatangani.")
    return 0


def status(round_: Round, out: Output) -> int:
    today = date.today()
    stage = round_.stage
    out.table(round_.counts(round_.approved()), f"Posisi putaran {round_.config.tahun}")
    for line in round_.due(today) or [
        "Tidak ada jangka waktu pengecualian yang berakhir dalam 90 hari."
    ]:
        out.note(line)
    for line in round_.changed_statuses():
        out.note(line)
    missing = _missing(round_)
    if missing:
        out.warn("Belum ada: " + "; ".join(missing))
    out.next(NEXT[stage].format(**_commands(out)))
    return 0


def run(round_: Round, out: Output) -> int:
    """The round in one go; it stops at the first step that leaves something to fix."""
    for step in (nota, periksa, uji, konsep, tetapkan):
        out.console.rule(out.command(step.__name__))
        status = step(round_, out)
        if status:
            out.warn(f"run berhenti di {step.__name__}; selesaikan langkah di atas dulu.")
            return status
    return 0


def _missing(round_: Round) -> list[str]:
    """What the round still lacks, in words, in SOP order."""
    workspace = round_.workspace
    sent = {received.bidang for received in round_.inventory.files}
    missing = [f"isian {b.nama}" for b in round_.config.bidang if b.kode not in sent]
    rejected = [b.fix for b in round_.blockers if b.stage is Stage.PERBAIKAN]
    missing += [f"perbaikan isian: {fix}" for fix in rejected]
    if round_.test_sheet is None:
        missing.append("lembar uji_konsekuensi.xlsx (uji)")
    else:
        untested = int((round_.outcomes.table["hasil"] == "").sum())
        if untested:
            missing.append(f"hasil uji {untested} usulan")
    if round_.review_sheet is None:
        missing.append("tinjauan.xlsx (konsep)")
    elif undecided := len(set(round_.exempted["id"]) - round_.approved()):
        missing.append(f"keputusan tinjauan {undecided} butir")
    if archive.current(workspace.archive) is None:
        missing.append("arsip daftar bertanda tangan (arsip)")
    return missing


def _require_inbox(round_: Round, out: Output) -> None:
    if not inbox_files(round_.workspace.inbox):
        raise WorkspaceError(
            f"Belum ada berkas isian di {round_.workspace.inbox}; simpan isian bidang di sana, "
            f"lalu {out.command('periksa')}."
        )


def _warn_rejected(round_: Round, out: Output, where: str) -> bool:
    # Rejected rows and unreadable files concern the round; an item's own fix is shown by
    # tetapkan, and the item stays in the draft.
    rejected = [b for b in round_.blockers if b.stage is Stage.PERBAIKAN and not b.item]
    for blocker in rejected:
        out.warn(f"{blocker.fix} Butirnya tidak masuk {where}.")
    return bool(rejected)


def _dates(round_: Round) -> documents.Dates:
    """The round's dates from the record: the test sheet and the review sheet."""
    return documents.Dates(tests=round_.test_dates, decision=round_.decision_date)


def _show_blockers(blockers: list[Blocker], out: Output, title: str) -> None:
    table = pd.DataFrame(
        [{"ID": b.item, "Sel": b.cell, "Yang harus diperbaiki": b.fix} for b in blockers]
    )
    out.table(table, title)


def _commands(out: Output) -> dict[str, str]:
    names = ("periksa", "uji", "konsep", "tetapkan", "arsip", "terbitkan")
    return {name: out.command(name) for name in names} | {
        "arsip_periksa": out.command("arsip", "--periksa")
    }
