"""One function per command of the contract. Each prints what it did, where, and what next,
and returns the exit status: 0 done, 1 done but the input has problems to fix."""

import json
import re
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from pipeline import ROOT, archive, render
from pipeline.config import Config
from pipeline.consequence import DIKECUALIKAN, SEBAGIAN, TERBUKA
from pipeline.console import Output
from pipeline.errors import WorkspaceError
from pipeline.forms import build_form
from pipeline.intake import inbox_files, inbox_folders, read_inbox
from pipeline.problems import GALAT, Source, ordered
from pipeline.report import summarize, write_feedback, write_validation_report
from pipeline.review import DECISIONS, decide, log_returns
from pipeline.schema import consequence_spec, inventory_spec, review_spec
from pipeline.sheets import refresh_fill_sheet
from pipeline.status import round_status
from pipeline.steps import Draft, Review, Round, build_draft, check_inventory, review_state
from pipeline.text import plain
from pipeline.workspace import Workspace, write_atomically

EXAMPLE_CONFIG = ROOT / "data" / "contoh" / "instansi.toml"
FINAL_ITEMS = "daftar_final.json"
TEST_ASIDE = "Isian Tanpa Butir"
REVIEW_ASIDE = "Keputusan Tanpa Butir"
SNAPSHOT_COLUMNS = ["id", "bidang", "judul", "hasil", "pasal17_kode", "jangka_waktu",
                    "status_arsip", "kode_arsip", "tanggal_uji"]  # fmt: skip


def init(workspace: Workspace, out: Output) -> int:
    if workspace.config.exists():
        raise WorkspaceError(f"{workspace.config} sudah ada; folder kerja ini tidak ditimpa.")
    today = date.today()
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^tahun = \d+", f"tahun = {today.year}", text)
    text = re.sub(r"(?m)^tanggal_acuan = [\d-]+", f"tanggal_acuan = {today.isoformat()}", text)
    # The example's letter dates would be wrong for a new round: today until the officer sets them.
    text = re.sub(r"(?m)^(tanggal(?:_uji)? = [\d-]+)", r"# \1", text)
    text = re.sub(r"(?m)^batas_waktu = [\d-]+", f"batas_waktu = {today + timedelta(days=14)}", text)
    workspace.inbox.mkdir(parents=True, exist_ok=True)
    write_atomically(workspace.config, lambda path: _write(path, text))
    out.done("Folder kerja baru dibuat (contoh isian Dinas Sosial P3A Kapuas Hulu).")
    out.file("Konfigurasi", workspace.config)
    out.file("Folder isian bidang", workspace.inbox)
    out.next(f"sesuaikan {workspace.config.name} (nama, pejabat, NIP, bidang), lalu make nota.")
    return 0


def nota(workspace: Workspace, out: Output) -> int:
    round_ = Round.open(workspace)
    context = render.nota_context(round_.config)
    target = render.render("nota_dinas", context, round_.config, workspace.out("nota_dinas.docx"))
    out.done(f"Nota Dinas nomor {context['nota']['nomor'].strip()} dibuat.")
    out.file("Dokumen", target)
    out.next("tandatangani Nota Dinas, lalu make formulir untuk formulir bidang.")
    return 0


def formulir(workspace: Workspace, out: Output) -> int:
    round_ = Round.open(workspace)
    folder = workspace.out("formulir")
    with out.progress("Membuat formulir", len(round_.config.bidang)) as advance:
        for bidang in round_.config.bidang:
            advance(bidang.kode)
            build_form(
                folder / f"{bidang.kode}.xlsx", bidang, round_.config, inventory_spec(), round_.refs
            )
    out.done(f"{len(round_.config.bidang)} formulir inventaris dibuat, satu per bidang.")
    out.file("Folder", folder)
    out.next(
        f"kirim formulir ke bidang; simpan isian yang kembali di {workspace.inbox}, "
        "lalu make periksa."
    )
    return 0


def periksa(workspace: Workspace, out: Output) -> int:
    round_ = Round.open(workspace)
    files = inbox_files(workspace.inbox)
    if not files:
        raise WorkspaceError(
            f"Belum ada berkas isian di {workspace.inbox}; simpan isian bidang di sana."
        )
    with out.progress("Membaca isian", len(files)) as advance:
        intake = read_inbox(workspace.inbox, inventory_spec(), round_.config.bidang, advance)
    checked = check_inventory(round_, intake)
    problems = ordered(pd.concat([intake.problems, checked.problems], ignore_index=True))
    summary = summarize(checked.rows, intake.sources, round_.bidang_names)
    links = _write_feedback_files(workspace, intake.sources, problems)
    report = write_validation_report(
        workspace.out("laporan_validasi.xlsx"), summary, problems, links
    )
    codes = {source.name: source.bidang or "?" for source in intake.sources}
    out.table(summary.assign(Bidang=summary["Berkas"].map(codes)), "Hasil pemeriksaan isian")
    total = summary.iloc[-1]
    galat = (problems["Tingkat"] == GALAT).sum()
    out.done(
        f"{total['Baris Dibaca']} baris dibaca dari {len(files)} berkas: {total['Baris Valid']} "
        f"valid, {total['Baris Galat']} ditolak; {len(problems)} masalah ({galat} galat)."
    )
    _warn_gaps(workspace, round_, intake.sources, out)
    out.file("Laporan", report)
    if links:
        out.file("Umpan balik untuk bidang", workspace.out("umpan_balik"))
    if galat:
        fix = "kirim berkas umpan_balik ke bidangnya" if links else "minta bidang mengirim ulang"
        out.next(f"{fix}, simpan perbaikannya di masuk/, lalu make periksa lagi.")
        return 1
    out.next("make uji untuk membuat/memperbarui lembar uji konsekuensi.")
    return 0


def _write_feedback_files(
    workspace: Workspace, sources: list[Source], problems: pd.DataFrame
) -> dict[str, str]:
    """keluaran/umpan_balik/<file>.xlsx for each readable file with problems; file -> link."""
    folder = workspace.out("umpan_balik")
    shutil.rmtree(folder, ignore_errors=True)
    stems = Counter(Path(source.name).stem.casefold() for source in sources)
    links = {}
    for source in sources:
        mine = problems[problems["Berkas"] == source.name]
        if len(mine) and source.sheet:
            stem = Path(source.name).stem
            name = f"{stem}.xlsx" if stems[stem.casefold()] == 1 else f"{source.name}.xlsx"
            write_feedback(folder / name, workspace.inbox / source.name, source, mine)
            links[source.name] = f"umpan_balik/{name}"
    return links


def _warn_gaps(workspace: Workspace, round_: Round, sources: list[Source], out: Output) -> None:
    """What periksa did not read: folders inside masuk/, bidang that sent nothing."""
    for folder in inbox_folders(workspace.inbox):
        out.warn(f"Folder {folder.name}/ di masuk/ tidak dibaca; pindahkan berkasnya ke masuk/.")
    sent = {source.bidang for source in sources}
    silent = [b.nama for b in round_.config.bidang if b.kode not in sent]
    if silent:
        out.warn(f"Belum ada isian dari: {', '.join(silent)}.")


def uji(workspace: Workspace, out: Output) -> int:
    round_ = Round.open(workspace)
    draft = build_draft(round_)
    rows, aside = draft.test_rows, draft.test_aside
    written, backup = refresh_fill_sheet(
        workspace.test_sheet, consequence_spec(), rows, aside, TEST_ASIDE, draft.test_previous,
        workspace.out("cadangan"),
    )  # fmt: skip
    filled = int(rows["hasil_uji"].notna().sum())
    out.done(f"Lembar uji konsekuensi memuat {len(rows)} butir; {filled} sudah berisi hasil uji.")
    if len(aside):
        out.warn(
            f"{len(aside)} isian yang tidak lagi cocok dengan butir mana pun (butir hilang, atau "
            f"nomor/judulnya berubah) disimpan di lembar '{TEST_ASIDE}'."
        )
    out.file("Lembar uji" if written else "Lembar uji (tidak berubah)", workspace.test_sheet)
    if backup:
        out.file("Salinan versi sebelumnya", backup)
    if draft.rejected:
        out.warn(f"{draft.rejected}; butirnya tidak masuk lembar uji (lihat make periksa).")
    out.next("tim PPID mengisi kolom putih di uji_konsekuensi.xlsx, lalu make konsep.")
    return 1 if draft.rejected else 0


def konsep(workspace: Workspace, out: Output) -> int:
    round_ = Round.open(workspace)
    draft = build_draft(round_)
    documents = _render_drafts(draft, round_, workspace)
    review = review_state(draft, round_)
    written, backup = refresh_fill_sheet(
        workspace.review_sheet, review_spec(), review.rows, review.aside, REVIEW_ASIDE,
        review.previous, workspace.out("cadangan"),
    )  # fmt: skip
    results = draft.table["hasil"].value_counts()
    statuses = ", ".join(f"{k} {v}" for k, v in draft.table["status_arsip"].value_counts().items())
    out.done(
        f"Konsep dari {len(draft.table)} butir: {results.get(DIKECUALIKAN, 0)} dikecualikan, "
        f"{results.get(SEBAGIAN, 0)} dikecualikan sebagian, {results.get(TERBUKA, 0)} terbuka"
        + (f"; status arsip: {statuses}." if statuses else ".")
    )
    for path in documents:
        out.file("Dokumen", path)
    out.file(
        "Lembar tinjauan" if written else "Lembar tinjauan (tidak berubah)", workspace.review_sheet
    )
    if backup:
        out.file("Salinan versi sebelumnya", backup)
    if draft.rejected:
        out.warn(f"{draft.rejected}; butirnya tidak masuk konsep (lihat make periksa).")
    if len(draft.conflicts):
        _show_conflicts(draft, out)
        out.next("perbaiki uji_konsekuensi.xlsx sesuai daftar di atas, lalu make konsep lagi.")
        return 1
    out.next(
        "PPID Pembantu dan Atasan PPID mengisi keputusan di tinjauan.xlsx, lalu make tetapkan."
    )
    return 1 if draft.rejected else 0


def tetapkan(workspace: Workspace, out: Output) -> int:
    round_ = Round.open(workspace)
    if not workspace.review_sheet.exists():
        raise WorkspaceError("tinjauan.xlsx belum ada; jalankan make konsep lebih dulu.")
    draft = build_draft(round_)
    review = review_state(draft, round_)
    verdict = decide(review.rows, review.current, review_spec())
    blockers = _blockers(draft, review)
    final = workspace.out("daftar_informasi_dikecualikan.docx")
    if verdict.approved and not blockers:
        rows = render.exempt_rows(draft.exempted, round_.config)
        render.render("daftar_informasi_dikecualikan", render.decision_context(rows, round_.config),
                      round_.config, final)  # fmt: skip
        snapshot = draft.exempted[SNAPSHOT_COLUMNS].map(plain)
        write_atomically(
            workspace.out(FINAL_ITEMS),
            lambda p: snapshot.to_json(p, orient="records", force_ascii=False, indent=1),
        )
        workspace.out("pengembalian.docx").unlink(missing_ok=True)
        out.done(f"Kedua tingkat menyetujui {len(rows)} informasi: daftar siap ditandatangani.")
        out.file("Dokumen", final)
        out.next(f"cetak dan tandatangani, lalu make arsip ARGS={final} (atau hasil pindaiannya).")
        return 0
    final.unlink(missing_ok=True)  # a list that is no longer approved must not be signed
    for blocker in blockers:
        out.warn(blocker)
    if len(draft.conflicts):
        _show_conflicts(draft, out)
    if len(verdict.returned):
        target = workspace.out("pengembalian.docx")
        context = render.return_context(verdict.returned, verdict.pending, round_.config)
        render.render("pengembalian", context, round_.config, target)
        names = {role: person.named for role, person in round_.config.officials.items()}
        log_returns(workspace.return_log, verdict.returned, review.rows, names, date.today())
        out.warn(f"{len(verdict.returned)} informasi dikembalikan ke Ketua PPID.")
        out.file("Dokumen", target)
        out.file("Riwayat pengembalian", workspace.return_log)
    if len(verdict.pending):
        pending = verdict.pending.rename(
            columns={"id": "ID", "judul": "Judul", "alasan": "Keadaan"}
        )
        out.table(pending, "Belum dapat ditetapkan")
    out.next(
        "perbaiki sesuai catatan (langkah 3), make konsep, lalu tinjau dan make tetapkan lagi."
    )
    return 1


def _render_drafts(draft: Draft, round_: Round, workspace: Workspace) -> list[Path]:
    config = round_.config
    exempt = render.exempt_rows(draft.exempted, config)
    public = render.public_rows(draft.public, config)
    contexts = {
        "konsep_daftar_informasi_dikecualikan": render.draft_context(exempt, config),
        "konsep_daftar_informasi_publik": render.draft_context(public, config),
        "lembar_pengujian_konsekuensi": render.test_sheet_context(exempt, config),
    }
    return [
        render.render(name, context, config, workspace.out(f"{name}.docx"))
        for name, context in contexts.items()
    ]


def _blockers(draft: Draft, review: Review) -> list[str]:
    """Why a list the reviewers agreed on still cannot be signed."""
    blockers = []
    if draft.rejected:
        blockers.append(f"{draft.rejected}; perbaiki dulu (make periksa), daftar belum lengkap.")
    if len(draft.conflicts):
        blockers.append(f"{len(draft.conflicts)} butir masih berkonflik pada uji konsekuensi.")
    decided = review.aside[review.aside[DECISIONS].notna().any(axis=1)]
    if len(decided):
        blockers.append(
            f"Ada keputusan tinjauan untuk butir yang tidak ada lagi di konsep "
            f"({', '.join(str(i) for i in decided['id'].fillna('tanpa ID'))}); periksa lembar "
            f"'{REVIEW_ASIDE}' di tinjauan.xlsx."
        )
    return blockers


def arsip(workspace: Workspace, out: Output, target: str | None, verify: bool) -> int:
    round_ = Round.open(workspace)
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
        broken = (~table["Keadaan"].isin(archive.SOUND)).sum()
        if broken:
            out.warn(f"{broken} temuan pada arsip; ikuti kolom Pesan.")
            return 1
        out.done(f"{len(table)} berkas arsip utuh (SHA-256 cocok dengan register).")
        return 0
    if not target:
        raise WorkspaceError(
            "Sebutkan berkas yang diarsipkan: make arsip ARGS=berkas.pdf (atau .docx)."
        )
    path = Path(target)
    if not path.is_absolute() and not path.exists():
        path = workspace.root / target
    snapshot = workspace.out(FINAL_ITEMS)
    details = _register_details(round_.config, snapshot)
    entry = archive.store(workspace.archive, path, snapshot, details, round_.config.tahun)
    out.done(f"Daftar diarsipkan sebagai nomor {entry['No']} (SHA-256 {entry['SHA-256'][:16]}...).")
    out.file("Berkas arsip", workspace.archive / entry["Berkas Arsip"])
    out.file("Register", workspace.archive / "register.csv")
    out.next("make arsip ARGS=--periksa kapan saja untuk membuktikan arsip tidak berubah.")
    return 0


def _register_details(config: Config, snapshot: Path) -> dict[str, str]:
    """What the archive register records about the decision (archive.py knows no config)."""
    decided = config.date_of(config.penetapan, "tanggal")
    head = config.officials["kepala"]
    count = len(json.loads(snapshot.read_text(encoding="utf-8"))) if snapshot.is_file() else ""
    return {
        "Nomor Keputusan": config.number("keputusan", decided).strip(),
        "Tanggal Penetapan": decided.isoformat(),
        "Penanda Tangan": f"{head.nama}, {head.jabatan_singkat}",
        "NIP": head.nip_text,
        "Kode Klasifikasi": config.archive.get("kode", ""),
        "Retensi": config.archive.get("retensi", ""),
        "Jumlah Butir": str(count),
    }


def status(workspace: Workspace, out: Output) -> int:
    round_ = Round.open(workspace)
    report = round_status(round_, workspace)
    out.table(report.per_bidang, f"Posisi putaran {round_.config.tahun}")
    for line in report.lines:
        out.note(line)
    if report.missing:
        out.warn("Belum ada: " + "; ".join(report.missing))
    out.next(report.next_step)
    return 0


def run(workspace: Workspace, out: Output) -> int:
    """The round in one go; it stops at the first step that leaves something to fix."""
    for step in (nota, periksa, uji, konsep, tetapkan):
        out.console.rule(f"make {step.__name__}")
        status = step(workspace, out)
        if status:
            out.warn(f"make run berhenti di {step.__name__}; selesaikan langkah di atas dulu.")
            return status
    return 0


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _show_conflicts(draft: Draft, out: Output) -> None:
    table = draft.conflicts[["id", "judul", "konflik"]].assign(
        konflik=lambda t: t["konflik"].map("; ".join)
    )
    out.table(
        table.rename(columns={"id": "ID", "judul": "Judul", "konflik": "Yang harus diperbaiki"}),
        "Konflik hasil uji",
    )
