"""One presenter per command of the contract: it asks the round for what is needed, writes the
outputs, and prints what was done, where the outputs are, and the next step.

Each returns the exit status: 0 done, 1 done but the input has problems to fix.
"""

import json
import re
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from itertools import count
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import documents
from pipeline.kit import printing
from pipeline.kit.config import OFFICE_JRA, load_config
from pipeline.kit.console import Output
from pipeline.kit.dates import long_date
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.logs import write_csv
from pipeline.kit.problems import GALAT, PERINGATAN, Source, frame, ordered, problem
from pipeline.kit.reference import load_references
from pipeline.kit.render import OWN_FOLDER as OWN_TEMPLATES
from pipeline.kit.render import check, render
from pipeline.kit.resources import TEMPLATES
from pipeline.kit.schema import consequence_spec, inventory_spec, jra_spec, review_spec
from pipeline.kit.sheets import refresh_fill_sheet
from pipeline.kit.workspace import Workspace, sha256, write_atomically
from pipeline.round import FINAL_SNAPSHOT, Blocker, Round, Stage
from pipeline.stages import s6_archive as archive
from pipeline.stages import s7_publish as publish
from pipeline.stages.s0_jra import import_jra
from pipeline.stages.s2_forms import build_form
from pipeline.stages.s3a_intake import OLD_VERSIONS, inbox_files, inbox_folders
from pipeline.stages.s3c_report import (
    feedback_for,
    heading,
    summarize,
    write_feedback,
    write_fixes,
    write_problems,
    write_validation_report,
)
from pipeline.stages.s3e_consequence import ASIDE_TITLE as TEST_ASIDE
from pipeline.stages.s3e_consequence import DIKECUALIKAN, SEBAGIAN, TERBUKA
from pipeline.stages.s45_review import ASIDE_TITLE as REVIEW_ASIDE
from pipeline.stages.s45_review import log_returns

FINAL = "daftar_informasi_dikecualikan.docx"  # the list tetapkan writes for signature
SCAN = "Pindaian daftar bertanda tangan.pdf"  # how hints name the signed list
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

# What the progress bar says while a stage runs (stage names as pipeline.kit.timing records them);
# a file read or written is named as it is.
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
Command = Callable[[Round, Output], int]


def _progress(description: str) -> Callable[[Command], Command]:
    """The command shows a bar over its stages (PLANS) while it works."""

    def wrap(command: Command) -> Command:
        @wraps(command)
        def run(round_: Round, out: Output) -> int:
            with out.stages(description, PLANS[command.__name__]):
                return command(round_, out)

        return run

    return wrap


def init(workspace: Workspace, out: Output, name: str = "", bidang: list[str] | None = None) -> int:
    """A new workspace: a neutral instansi.toml whose <<...>> markers show what to fill."""
    if workspace.config.exists():
        raise WorkspaceError(f"{workspace.config} sudah ada; folder kerja ini tidak ditimpa.")
    today = date.today()
    entries = [_bidang_entry(text) for text in bidang or []]
    text = (
        (TEMPLATES / "instansi.toml")
        .read_text(encoding="utf-8")
        .format(
            tahun=today.year,
            hari_ini=today.isoformat(),
            batas_waktu=today + timedelta(days=14),
            sebutan=name or "<<Dinas ... Kabupaten ...>>",
            nama_kop=_kop_name(name),
            pemerintah=_government(name),
            bidang="\n".join(entries) or EXAMPLE_BIDANG,
        )
    )
    workspace.inbox.mkdir(parents=True, exist_ok=True)
    write_atomically(workspace.config, lambda path: path.write_text(text, encoding="utf-8"))
    placeholders = load_config(workspace.config).placeholders if entries else ()
    out.done(f"Folder kerja baru dibuat{f' untuk {name}' if name else ''}.")
    out.file("Konfigurasi", workspace.config)
    out.file("Folder isian bidang", workspace.inbox)
    todo = (
        f"{len(placeholders)} isian bertanda <<...>>" if placeholders else "isian bertanda <<...>>"
    )
    out.next(f"ganti {todo} di {workspace.config.name} (kop, pejabat dan NIP, tim penguji, "
             f"dasar hukum daerah{'' if entries else ', bidang'}), lalu "
             f"{out.command('nota')}.")  # fmt: skip
    return 0


def _kop_name(name: str) -> str:
    """'DINAS KESEHATAN' from 'Dinas Kesehatan Kabupaten Sintang', for the kop."""
    office = re.split(r"\s+(?:Kabupaten|Kota|Provinsi)\s+", name)[0]
    return office.upper() if name else "<<DINAS ...>>"


def _government(name: str) -> str:
    """'PEMERINTAH KABUPATEN SINTANG' from the office's name, when it names the region."""
    region = re.search(r"\b(?:Kabupaten|Kota|Provinsi)\s+.+$", name)
    return f"PEMERINTAH {region.group(0).upper()}" if region else "<<PEMERINTAH KABUPATEN ...>>"


EXAMPLE_BIDANG = """# Satu bagian [[bidang]] per bidang, mis.:
# [[bidang]]
# kode = "SEKRE"
# nama = "Sekretariat"
# kode_arsip = ["000", "800", "900"]
# pejabat = { jabatan = "Sekretaris Dinas", nama = "...", nip = "..." }"""


def _bidang_entry(text: str) -> str:
    """'KESMAS=Bidang Kesehatan Masyarakat' from the command line as a [[bidang]] table."""
    code, _, name = text.partition("=")
    code, name = code.strip().upper(), name.strip()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,11}", code) or not name:
        raise WorkspaceError(
            f"--bidang '{text}' tidak sah; tulis KODE=Nama Bidang, mis. "
            '--bidang "KESMAS=Bidang Kesehatan Masyarakat" (kode 2-12 huruf besar/angka).'
        )
    quoted = json.dumps(name, ensure_ascii=False)  # a TOML basic string as well
    usual = "Sekretaris Dinas" if name.casefold().startswith("sekretariat") else f"Kepala {name}"
    title = json.dumps(f"<<jabatan, mis. {usual}>>", ensure_ascii=False)
    signer = f'{{ jabatan = {title}, nama = "<<nama>>", nip = "<<NIP>>" }}'
    return f'[[bidang]]\nkode = "{code}"\nnama = {quoted}\npejabat = {signer}\n'


def nota(round_: Round, out: Output) -> int:
    config = round_.config
    config.require_filled()
    _warn_config(round_, out)
    context = documents.nota_context(config)
    target = render("nota_dinas", context, config.paper, round_.workspace.out("nota_dinas.docx"),
                    own=round_.workspace.root / OWN_TEMPLATES)  # fmt: skip
    out.done(f"Nota Dinas nomor {context['nota']['nomor'].strip()} dibuat.")
    out.file("Dokumen", target)
    out.next(f"tandatangani Nota Dinas, lalu {out.command('formulir')} untuk formulir bidang.")
    return 0


def formulir(round_: Round, out: Output) -> int:
    config, folder = round_.config, round_.workspace.out("formulir")
    config.require_filled()
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


@_progress("Memeriksa isian")
def periksa(round_: Round, out: Output) -> int:
    workspace = round_.workspace
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
    links, failed = _write_feedback(round_, problems)
    folders = inbox_folders(workspace.inbox)
    notes = [
        problem(Source(name=name), None, None, "", "", PERINGATAN,
                "Salinan umpan balik berkas ini tidak dapat dibuat; masalahnya tercantum di "
                "laporan ini, kirimkan lembar Masalah kepada bidangnya.")
        for name in failed
    ] + [
        problem(Source(name=f"{folder.name}/"), None, None, "", "", PERINGATAN,
                _UNREAD_FOLDER.format(folder.name))
        for folder in folders
    ]  # fmt: skip
    problems = ordered(pd.concat([problems, frame(notes)], ignore_index=True))
    report = write_validation_report(workspace.out("laporan_validasi.xlsx"), summary, problems,
                                     links, round_.config.paper,
                                     heading(round_.config, date.today()))  # fmt: skip
    codes = {received.name: received.bidang or "?" for received in inventory.files}
    out.table(summary.assign(Bidang=summary["Berkas"].map(codes)), "Hasil pemeriksaan isian")
    total = summary.iloc[-1]
    galat = int((problems["Tingkat"] == GALAT).sum())
    (out.warn if galat else out.done)(
        f"{total['Baris Dibaca']} baris dibaca dari {len(files)} berkas: {total['Baris Valid']} "
        f"valid, {total['Baris Galat']} ditolak; {len(problems)} masalah ({galat} galat)."
    )
    for pair in inventory.versions:
        out.warn(_versions_advice(workspace, *pair))
    for received in inventory.files:
        if received.replaced_by:
            moved = _put_aside(workspace.inbox / received.name)
            out.note(f"{received.name} diganti oleh {received.replaced_by}; versi lama dipindah "
                     f"ke masuk/{OLD_VERSIONS}/{moved.name}.")  # fmt: skip
    for folder in folders:
        out.warn(_UNREAD_FOLDER.format(folder.name))
    sent = {received.bidang for received in inventory.files}
    silent = [b.nama for b in round_.config.bidang if b.kode not in sent]
    if silent:
        out.warn(f"Belum ada isian dari: {', '.join(silent)}.")
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


def _versions_advice(workspace: Workspace, first: str, second: str) -> str:
    """Which of two versions to keep is the officer's call; the newer one is the likely pick."""

    def modified(name: str) -> float:
        try:
            return (workspace.inbox / name).stat().st_mtime
        except OSError:
            return 0.0

    older, newer = sorted((first, second), key=modified)
    said = f"{older} dan {newer} tampaknya dua versi isian yang sama, maka butir keduanya ditolak"
    if modified(older) == modified(newer):
        return f"{said}; pilih yang berlaku dan pindahkan yang lain ke masuk/{OLD_VERSIONS}/."
    return (f"{said}. {newer} lebih baru: bila itu yang berlaku, pindahkan {older} ke "
            f"masuk/{OLD_VERSIONS}/.")  # fmt: skip


_UNREAD_FOLDER = "Folder {}/ di masuk/ tidak dibaca; pindahkan berkasnya ke masuk/."


def _put_aside(path: Path) -> Path:
    """Move a replaced version to masuk/lama/, never over another file there."""
    folder = path.parent / OLD_VERSIONS
    folder.mkdir(exist_ok=True)
    target, number = folder / path.name, 1
    while target.exists():
        number += 1
        target = folder / f"{path.stem} ({number}){path.suffix}"
    path.rename(target)
    return target


def _write_feedback(round_: Round, problems: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    """keluaran/umpan_balik/<file>.xlsx for each readable file with problems: (file -> link,
    files whose copy could not be made, so the report says so instead of failing)."""
    folder = round_.workspace.out("umpan_balik")
    shutil.rmtree(folder, ignore_errors=True)
    names = round_.feedback_names()
    links, failed = {}, []
    versions = {name for pair in round_.inventory.versions for name in pair}
    for received in round_.inventory.files:  # which version holds is the officer's call
        if received.name not in versions and feedback_for(received, problems):
            mine = problems[problems["Berkas"] == received.name]
            original = round_.workspace.inbox / received.name
            try:
                write_feedback(folder / names[received.name], original, mine, round_.config.paper,
                               heading(round_.config, date.today()))  # fmt: skip
            except Exception:  # one copy we cannot make must not cost the report of every file
                failed.append(received.name)
                continue
            links[received.name] = f"umpan_balik/{names[received.name]}"
    return links, failed


@_progress("Menyusun lembar uji")
def uji(round_: Round, out: Output) -> int:
    _require_inbox(round_, out)
    outcomes, workspace = round_.outcomes, round_.workspace
    written, backup = refresh_fill_sheet(
        workspace.test_sheet, consequence_spec(), outcomes.rows, outcomes.aside, TEST_ASIDE,
        outcomes.previous, workspace.out("cadangan"), round_.config.paper,
    )  # fmt: skip
    if written:
        round_.tests_written()
    rows = outcomes.rows
    filled = int(rows["hasil_uji"].notna().sum())
    out.done(f"Lembar uji konsekuensi memuat {len(rows)} butir; {filled} sudah berisi hasil uji.")
    _warn_aside(out, outcomes.aside, "hasil uji", TEST_ASIDE)
    out.file("Lembar uji" if written else "Lembar uji (tidak berubah)", workspace.test_sheet)
    if backup:
        out.file("Salinan versi sebelumnya", backup)
    rejected = _warn_rejected(round_, out, "lembar uji")
    # an untested proposal is counted above; the rest (an open archive without its reason to
    # open, a filled row that breaks a rule) needs the team's eye at a named cell
    waiting = set(rows.loc[(rows["usulan"] == "Ya") & rows["hasil_uji"].isna(), "id"])
    attention = [b for b in round_.test_conflicts if b.item not in waiting]
    if attention:
        _show_blockers(round_, attention, out, "Perlu diisi atau diperbaiki di lembar uji")
    else:
        workspace.out(FIXES).unlink(missing_ok=True)
    if waiting:
        out.note(f"{len(waiting)} usulan belum diuji: isi Hasil Uji dan kolom yang diminta "
                 "untuknya" + (" (di luar daftar di atas)." if attention else "."))  # fmt: skip
    cells = ", termasuk sel di atas" if attention else ""
    out.next(f"tim PPID mengisi kolom putih di uji_konsekuensi.xlsx{cells}, lalu "
             f"{out.command('konsep')}.")  # fmt: skip
    return 1 if rejected else 0


@_progress("Menyusun konsep")
def konsep(round_: Round, out: Output) -> int:
    _require_inbox(round_, out)
    workspace, config = round_.workspace, round_.config
    if round_.test_sheet is None:
        raise WorkspaceError(
            f"{workspace.test_sheet.name} belum ada; jalankan {out.command('uji')} lebih dulu."
        )
    table = round_.outcomes.table
    dates = _dates(round_)
    exempt, public, lembar = DRAFTS
    contexts = {
        exempt: documents.draft_context(round_.exempt_list, config, dates),
        public: documents.draft_context(round_.public_list, config, dates),
        lembar: documents.test_sheet_context(round_.test_list, config, dates),
    }
    own = round_.workspace.root / OWN_TEMPLATES
    for name, context in contexts.items():  # a broken template stops before anything is written
        check(name, context, own)
    review = round_.review
    # the test's conflicts point into uji_konsekuensi.xlsx, which writing tinjauan.xlsx leaves
    # as it is, and the decisions still awaited are those written: taken now, neither needs the
    # review sheet read back
    conflicts = [b for b in round_.blockers if b.stage is Stage.UJI]
    undecided = round_.undecided()
    written, backup = refresh_fill_sheet(
        workspace.review_sheet, review_spec(), review.rows, review.aside, REVIEW_ASIDE,
        review.previous, workspace.out("cadangan"), config.paper,
    )  # fmt: skip
    if written:
        round_.review_written()
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
    _warn_aside(out, review.aside, "keputusan", REVIEW_ASIDE)
    if review.redecide:
        out.warn(
            f"Isi {len(review.redecide)} butir berubah setelah diputuskan, maka keputusannya "
            f"dikosongkan (keputusan lama dicatat di Catatan Sistem); putuskan lagi: "
            f"{', '.join(review.redecide)}."
        )
    rejected = _warn_rejected(round_, out, "konsep")
    if conflicts:
        _show_blockers(round_, conflicts, out, "Konflik hasil uji")
        out.next(f"perbaiki uji_konsekuensi.xlsx sesuai daftar di atas, lalu "
                 f"{out.command('konsep')} lagi.")  # fmt: skip
        return 1
    round_.workspace.out(FIXES).unlink(missing_ok=True)
    if undecided:
        out.next(f"PPID Pembantu dan Atasan PPID mengisi keputusan di tinjauan.xlsx, lalu "
                 f"{out.command('tetapkan')}.")  # fmt: skip
    else:
        out.next(f"semua butir sudah disetujui di tinjauan.xlsx; {out.command('tetapkan')}.")
    return 1 if rejected else 0


@_progress("Menetapkan daftar")
def tetapkan(round_: Round, out: Output) -> int:
    workspace, config = round_.workspace, round_.config
    config.require_filled()
    _warn_config(round_, out)
    if round_.review_sheet is None:
        raise WorkspaceError(
            f"tinjauan.xlsx belum ada; jalankan {out.command('konsep')} lebih dulu."
        )
    verdict, blockers = round_.review.verdict, round_.blockers
    final = workspace.out(FINAL)
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
        for stale in [*returns, workspace.out(FIXES)]:
            stale.unlink(missing_ok=True)
        out.done(f"Kedua tingkat menyetujui {len(rows)} informasi: daftar siap ditandatangani.")
        out.file("Dokumen", final)
        if config.numbering["keputusan"].number:
            out.next(f"cetak dan tandatangani, lalu arsipkan hasil pindaiannya: "
                     f"{out.command('arsip', file=SCAN)}.")  # fmt: skip
        else:
            numbered = _arsip_numbered(out, SCAN)
            out.next(f"cetak, tulis nomor keputusan dari buku agenda dan tandatangani, lalu "
                     f"arsipkan hasil pindaiannya dengan nomor itu: {numbered}.")  # fmt: skip
        return 0
    for stale in (final, snapshot):  # a list that is no longer approved must not be signed
        stale.unlink(missing_ok=True)
    if blockers:
        _show_blockers(round_, blockers, out, "Belum dapat ditandatangani")
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


def arsip(
    round_: Round,
    out: Output,
    target: str | None,
    verify: bool = False,
    withdraw: str | None = None,
    reason: str = "",
    written: str = "",
) -> int:
    """SOP step 6: store the signed list, check the archive, or withdraw a wrong registration.
    `written` is the decision's agenda number as written by hand on the signed list."""
    workspace, config = round_.workspace, round_.config
    if withdraw is not None:
        entry = archive.withdraw(workspace.archive, withdraw, reason)
        out.done(f"Pengarsipan nomor {entry['No']} ditarik: {reason}. Berkasnya tetap disimpan.")
        out.file("Register", workspace.archive / "register.csv")
        out.next(f"arsipkan berkas yang benar dengan {out.command('arsip', file='berkas.pdf')}.")
        return 0
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
    number = _decision_number(round_, written, out, target)
    printed = workspace.out(FINAL)
    unsigned = path.is_file() and printed.is_file() and sha256(path) == sha256(printed)
    if unsigned and written:
        raise WorkspaceError(
            f"{path.name} adalah daftar yang dibuat tetapkan, tanpa nomor dan tanda tangan; "
            "arsipkan hasil pindaian daftar yang sudah diberi nomor dan ditandatangani."
        )
    if unsigned:
        out.warn(f"{path.name} adalah daftar yang dibuat tetapkan, belum bertanda tangan; bila "
                 "daftar ditandatangani di atas kertas, tarik pengarsipan ini (--tarik) dan "
                 "arsipkan hasil pindaiannya.")  # fmt: skip
    if written and snapshot.is_file():  # the list as signed, with the number written on it
        signed = json.loads(snapshot.read_text(encoding="utf-8"))
        signed["keputusan"]["nomor"] = number
        text = json.dumps(signed, ensure_ascii=False, indent=1)
        write_atomically(snapshot, lambda path: path.write_text(text, encoding="utf-8"))
    if round_.decision_date > date.today():
        out.warn(f"Tanggal penetapan {long_date(round_.decision_date)} belum tiba; pastikan "
                 "berkas ini memang daftar yang sudah ditandatangani.")  # fmt: skip
    details = {
        "Nomor Keputusan": number,
        "Tanggal Penetapan": round_.decision_date.isoformat(),
        "Penanda Tangan": f"{head.nama}, {head.jabatan_singkat}",
        "NIP": head.nip_text,
        "Kode Klasifikasi": config.archive.get("kode", ""),
        "Retensi": config.archive.get("retensi", ""),
        "Jumlah Butir": str(len(round_.exempt_list)) if snapshot.is_file() else "",
    }
    entry = archive.store(workspace.archive, path, snapshot if snapshot.is_file() else None,
                          details, config.tahun)  # fmt: skip
    out.done(f"Daftar Keputusan Nomor {number} diarsipkan sebagai arsip nomor {entry['No']} "
             f"(SHA-256 {entry['SHA-256'][:16]}...).")  # fmt: skip
    out.file("Berkas arsip", workspace.archive / entry["Berkas Arsip"])
    out.file("Register", workspace.archive / "register.csv")
    out.next(
        f"{out.command('arsip', '--periksa')} kapan saja untuk membuktikan arsip tidak berubah."
    )
    return 0


def _decision_number(round_: Round, written: str, out: Output, target: str) -> str:
    """The number on the signed list: instansi.toml's, or the one written on it by hand, which
    the officer gives to arsip (an archive, the page and the export must not carry a blank)."""
    configured = round_.config.numbering["keputusan"].number
    example = _arsip_numbered(out, target)
    if written and not re.fullmatch(r"\d{1,6}", written):
        raise WorkspaceError(f"--nomor {written} bukan nomor urut buku agenda; tulis angkanya "
                             f"saja, mis. {example}.")  # fmt: skip
    if not configured and not written:
        raise WorkspaceError(
            "Nomor keputusan ditulis tangan (nomor di [penomoran.keputusan] instansi.toml "
            f"kosong); sebutkan nomor yang tertulis pada daftar bertanda tangan: {example}."
        )
    if configured and written and written != configured:
        raise WorkspaceError(
            f"--nomor {written} berbeda dari nomor {configured} di [penomoran.keputusan] "
            "instansi.toml, yang tercetak pada daftar; arsipkan tanpa --nomor, atau perbaiki "
            "instansi.toml lalu tetapkan lagi."
        )
    return round_.decision_number(written)


def _arsip_numbered(out: Output, target: str) -> str:
    make = out.command_form.startswith("make")
    return out.command("arsip", '"--nomor 45"' if make else "--nomor 45", file=target)


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


def jra(workspace: Workspace, out: Output, source: str | None) -> int:
    """The office's own JRA (Perbup/Pergub), from Excel or CSV, checked at its cells."""
    if not source:
        raise WorkspaceError(
            f"Sebutkan berkas JRA kantor: {out.command('jra', file='JRA Perbup.xlsx')}."
        )
    path = Path(source) if Path(source).exists() else workspace.root / source
    if not path.is_file():
        raise WorkspaceError(f"Berkas JRA {source} tidak ditemukan.")
    config = load_config(workspace.config)
    imported = import_jra(path, jra_spec(), load_references())
    report = workspace.out("laporan_jra.xlsx")
    write_problems(report, ordered(imported.problems), config.paper)
    if not imported.usable:
        galat = int((imported.problems["Tingkat"] == GALAT).sum())
        out.warn(f"{galat} sel JRA harus diperbaiki; JRA kantor belum dipasang.")
        out.file("Laporan", report)
        out.next(f"perbaiki {path.name} sesuai laporan, lalu {out.command('jra', file=source)} "
                 "lagi.")  # fmt: skip
        return 1
    target = workspace.root / OFFICE_JRA
    rows = [{str(k): str(v) for k, v in row.items()} for row in imported.table.to_dict("records")]
    write_csv(target, list(imported.table.columns), rows)
    out.done(f"JRA kantor dipasang: {len(rows)} kode berjadwal retensi ({imported.headings} "
             "baris judul klasifikasi dilewati).")  # fmt: skip
    out.file("Tabel JRA", target)
    if config.jra_path is not None and config.jra_path.name != OFFICE_JRA:
        out.next(f'[referensi] jra di {workspace.config.name} menunjuk {config.jra_path.name}; '
                 f'ganti dengan "{OFFICE_JRA}" (atau kosongkan), lalu {out.command("formulir")} '
                 "agar formulir memakai JRA ini.")  # fmt: skip
    else:
        out.next(f"JRA ini berlaku mulai sekarang; {out.command('formulir')} untuk formulir baru.")
    return 0


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
    _warn_config(round_, out)
    stage = round_.stage
    out.table(round_.counts(round_.approved()), f"Posisi putaran {round_.config.tahun}")
    for line in round_.due(today) or [
        "Tidak ada jangka waktu pengecualian yang berakhir dalam 90 hari."
    ]:
        out.note(line)
    for line in round_.changed_statuses():
        out.note(line)
    for blocker in round_.rejections:
        out.warn(blocker.fix)
    missing = _missing(round_)
    if missing:
        out.warn("Belum ada: " + "; ".join(missing) + ".")
    out.next(NEXT[stage].format(**_commands(out)))
    return 0


def run(round_: Round, out: Output) -> int:
    """The round in one go; it stops at the first step that leaves something to fix."""
    for step in (nota, periksa, uji, konsep, tetapkan):
        out.rule(out.command(step.__name__))
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
    if round_.test_sheet is None:
        missing.append("lembar uji_konsekuensi.xlsx (uji)")
    else:
        untested = int((round_.outcomes.table["hasil"] == "").sum())
        if untested:
            missing.append(f"hasil uji {untested} usulan")
    if round_.review_sheet is None:
        missing.append("tinjauan.xlsx (konsep)")
    elif undecided := len(round_.undecided()):
        missing.append(f"keputusan tinjauan {undecided} butir")
    if archive.current(workspace.archive) is None:
        missing.append("arsip daftar bertanda tangan (arsip)")
    return missing


def _warn_config(round_: Round, out: Output) -> None:
    for warning in round_.config.warnings:
        out.warn(warning)


def _require_inbox(round_: Round, out: Output) -> None:
    if not inbox_files(round_.workspace.inbox):
        raise WorkspaceError(
            f"Belum ada berkas isian di {round_.workspace.inbox}; simpan isian bidang di sana, "
            f"lalu {out.command('periksa')}."
        )


SHOWN_IDS = 10


def _warn_aside(out: Output, aside: pd.DataFrame, what: str, title: str) -> None:
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


def _warn_rejected(round_: Round, out: Output, where: str) -> bool:
    rejected = round_.rejections
    for blocker in rejected:
        out.warn(f"{blocker.fix} Butirnya tidak masuk {where}.")
    return bool(rejected)


def _dates(round_: Round) -> documents.Dates:
    """The round's dates from the record: the test sheet and the review sheet."""
    return documents.Dates(tests=round_.test_dates, decision=round_.decision_date)


SHOWN_BLOCKERS = 20  # on the terminal; the full list goes to FIXES
FIXES = "perbaikan.xlsx"


def _show_blockers(round_: Round, blockers: list[Blocker], out: Output, title: str) -> None:
    """The first few on the terminal, every one in keluaran/perbaikan.xlsx."""
    rows = [(b.item, b.cell, b.fix) for b in blockers]
    table = pd.DataFrame(rows[:SHOWN_BLOCKERS], columns=["ID", "Sel", "Yang harus diperbaiki"])
    out.table(table, title)
    path = write_fixes(round_.workspace.out(FIXES), rows, round_.config.paper)
    if len(rows) > SHOWN_BLOCKERS:
        out.note(f"... dan {len(rows) - SHOWN_BLOCKERS} lagi.")
    out.file("Daftar lengkap yang harus diperbaiki", path)


def _commands(out: Output) -> dict[str, str]:
    names = ("periksa", "uji", "konsep", "tetapkan", "arsip", "terbitkan")
    return {name: out.command(name) for name in names} | {
        "arsip_periksa": out.command("arsip", "--periksa")
    }
