"""`terbitkan` (after SOP step 6): the signed list on the PPID website, from the archive,
with nothing retyped."""

from argparse import Namespace
from pathlib import Path

from pipeline.commands.common import archive_witnesses
from pipeline.kit.console import Output
from pipeline.kit.errors import WorkspaceError
from pipeline.round import Round, Snapshot
from pipeline.stages.s7_publish import SignedPublic, previous, write_site


def run(round_: Round, out: Output, args: Namespace) -> int:
    snapshot, signed, registration = signed_round(round_, out)
    public = signed_public(round_, snapshot)
    target = round_.workspace.out("web")
    replaced = previous(target)
    write_site(snapshot, signed, registration, target, public, round_.archive_head(),
               round_.earlier_decisions(snapshot))  # fmt: skip
    decision = snapshot.keputusan
    published = f", {len(public.snapshot.dip.rows)} informasi publik" if public else ""
    out.done(
        f"Daftar Keputusan Nomor {decision.nomor} diterbitkan: {len(snapshot.dik.rows)} "
        f"informasi dikecualikan{published}."
    )
    if public is None:
        out.warn(
            "Daftar Informasi Publik tidak diterbitkan: belum ada DIP bertanda tangan untuk "
            f"penetapan ini di arsip ({out.command('arsip', '--dip', file='DIP.pdf')})."
        )
    if replaced and replaced["nomor"] != decision.nomor:
        out.note(f"Menggantikan terbitan Keputusan Nomor {replaced['nomor']} tanggal "
                 f"{replaced['tanggal']}.")  # fmt: skip
    if snapshot.keputusan_lalu:
        revoked = snapshot.keputusan_lalu[0]
        out.note(f"Halaman memuat keputusan sebelumnya, Nomor {revoked.nomor}, dan tanda "
                 "perubahan terhadapnya.")  # fmt: skip
    out.file("Halaman", target / "index.html")
    out.file("Data untuk laman PPID", target)
    out.next(f"unggah isi {target.name}/ ke laman PPID, atau {out.command('ekspor')} untuk "
             "PPID Utama.")  # fmt: skip
    return 0


def signed_round(round_: Round, out: Output) -> tuple[Snapshot, Path, dict[str, str]]:
    """The latest archived list: what it holds, the signed file, and its register row."""
    broken = round_.unwitnessed(archive_witnesses(round_))
    if broken:
        raise WorkspaceError(
            f"{broken[0].pesan} Tidak ada yang diterbitkan atau diekspor; periksa dengan "
            f"{out.command('arsip', '--periksa')}."
        )
    registration = round_.registration()
    if registration is None:
        raise WorkspaceError(
            f"Belum ada daftar bertanda tangan di arsip; tetapkan, tandatangani, lalu "
            f"{out.command('arsip')} dengan berkasnya sebelum diterbitkan."
        )
    snapshot = round_.archived_snapshot()
    if snapshot is None:
        raise WorkspaceError(
            f"Arsip nomor {registration['No']} tidak memiliki salinan isi daftar yang utuh; "
            f"periksa dengan {out.command('arsip', '--periksa')}, atau arsipkan ulang setelah "
            f"{out.command('tetapkan')}."
        )
    return snapshot, round_.workspace.archive / registration["Berkas Arsip"], registration


def signed_public(round_: Round, snapshot: Snapshot) -> SignedPublic | None:
    """The signed DIP in arsip/ that belongs to the signed DIK: set in the same determination
    (the same period and the same list); None when there is none, so nothing unsigned goes
    public."""
    registration = round_.registration(public=True)
    kept = round_.archived_snapshot(public=True)
    if registration is None or kept is None or kept.penetapan_dip is None:
        return None
    if kept.tahun != snapshot.tahun or kept.dip.rows != snapshot.dip.rows:
        return None
    return SignedPublic(kept, round_.workspace.archive / registration["Berkas Arsip"],
                        registration)  # fmt: skip
