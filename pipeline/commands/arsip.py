"""`arsip` (SOP step 6): store the signed list, check the archive (--periksa), or withdraw a
wrong registration (--tarik)."""

import re
from argparse import Namespace
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline.commands.common import FINAL, FINAL_PUBLIC, archive_witnesses, arsip_numbered
from pipeline.kit.console import Output
from pipeline.kit.dates import long_date
from pipeline.kit.errors import WorkspaceError
from pipeline.kit.workspace import sha256
from pipeline.round import Round


def run(round_: Round, out: Output, args: Namespace) -> int:
    if args.tarik is not None:
        return _withdraw(round_, out, args.tarik, args.alasan)
    if args.periksa:
        return _verify(round_, out)
    return _store(round_, out, args.berkas, args.nomor, args.dip)


def _withdraw(round_: Round, out: Output, number: str, reason: str) -> int:
    entry = round_.withdraw(number, reason)
    out.done(f"Pengarsipan nomor {entry['No']} ditarik: {reason}. Berkasnya tetap disimpan.")
    out.file("Register", round_.workspace.archive / "register.csv")
    out.next(f"arsipkan berkas yang benar dengan {out.command('arsip', file='berkas.pdf')}.")
    return 0


def _verify(round_: Round, out: Output) -> int:
    findings = round_.verify_archive(archive_witnesses(round_))
    if not findings:
        out.warn("Belum ada berkas di arsip.")
        return 0
    table = pd.DataFrame(
        [{"No": f.no, "Berkas": f.berkas, "Keadaan": f.keadaan, "Pesan": f.pesan}
         for f in findings]
    )  # fmt: skip
    out.table(table, "Pemeriksaan arsip")
    broken = [f for f in findings if not f.sound]
    if broken:
        out.warn(f"{len(broken)} temuan: arsip tidak utuh; lihat kolom Pesan di atas.")
        return 1
    out.done(f"{len(findings)} berkas arsip utuh (SHA-256 cocok dengan register).")
    return 0


def _store(round_: Round, out: Output, target: str | None, written: str, public: bool) -> int:
    """`written` is the agenda number as written by hand on the signed list; `public`: the
    file is the signed DIP, not the DIK."""
    workspace = round_.workspace
    if not target:
        raise WorkspaceError(
            f"Sebutkan berkas yang diarsipkan: {out.command('arsip')} dengan berkas .pdf atau "
            ".docx yang ditandatangani."
        )
    path = Path(target)
    if not path.is_absolute() and not path.exists():
        path = workspace.root / target
    _right_list(workspace.out(FINAL), workspace.out(FINAL_PUBLIC), path, public, out)
    if public:
        number = _public_number(round_, written, out, target)
    else:
        number = _decision_number(round_, written, out, target)
    printed = workspace.out(FINAL_PUBLIC if public else FINAL)
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
    if round_.decision_date > date.today():
        out.warn(f"Tanggal penetapan {long_date(round_.decision_date)} belum tiba; pastikan "
                 "berkas ini memang daftar yang sudah ditandatangani.")  # fmt: skip
    entry = round_.archive_signed(path, number, bool(written), public)
    what = (
        f"Daftar Informasi Publik{f' Nomor {number}' if number else ''}"
        if public
        else (f"Daftar Keputusan Nomor {number}")
    )
    out.done(f"{what} diarsipkan sebagai arsip nomor {entry['No']} "
             f"(SHA-256 {entry['SHA-256'][:16]}...).")  # fmt: skip
    out.note(round_.signing(entry))
    out.file("Berkas arsip", workspace.archive / entry["Berkas Arsip"])
    out.file("Register", workspace.archive / "register.csv")
    out.next(
        f"{out.command('arsip', '--periksa')} kapan saja untuk membuktikan arsip tidak berubah."
    )
    return 0


def _right_list(dik: Path, dip: Path, path: Path, public: bool, out: Output) -> None:
    """Refuse the list tetapkan wrote as the other one (a DIK given with --dip, or the DIP
    without it); a scan cannot be told apart, so the officer says which it is."""
    if not path.is_file():
        return
    other = dik if public else dip
    if other.is_file() and sha256(other) == sha256(path):
        hint = (
            f"arsipkan tanpa --dip: {out.command('arsip', file=path.name)}"
            if public
            else f"arsipkan dengan --dip: {out.command('arsip', '--dip', file=path.name)}"
        )
        which = "Daftar Informasi yang Dikecualikan" if public else "Daftar Informasi Publik"
        raise WorkspaceError(f"{path.name} adalah {which}; {hint}.")  # fmt: skip


def _public_number(round_: Round, written: str, out: Output, target: str) -> str:
    """The DIP's number: [penomoran.daftar_publik]'s, the one written on it by hand, or none
    when instansi.toml gives the DIP no number."""
    numbering = round_.config.numbering.get("daftar_publik")
    if numbering is None:
        if written:
            raise WorkspaceError(
                "Daftar Informasi Publik tidak bernomor ([penomoran.daftar_publik] tidak ada di "
                "instansi.toml); arsipkan tanpa --nomor."
            )
        return ""
    if written and not re.fullmatch(r"\d{1,6}", written):
        raise WorkspaceError(f"--nomor {written} bukan nomor urut buku agenda; tulis angkanya "
                             "saja, mis. 46.")  # fmt: skip
    if not numbering.number and not written:
        raise WorkspaceError(
            "Nomor Daftar Informasi Publik ditulis tangan (nomor di [penomoran.daftar_publik] "
            f"kosong); sebutkan nomornya: {out.command('arsip', '--dip --nomor 46', file=target)}."
        )
    return round_.public_decision(written).nomor


def _decision_number(round_: Round, written: str, out: Output, target: str) -> str:
    """The number on the signed list: instansi.toml's, or the one written on it by hand, which
    the officer gives to arsip (an archive, the page and the export must not carry a blank)."""
    configured = round_.config.numbering["keputusan"].number
    example = arsip_numbered(out, target)
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
