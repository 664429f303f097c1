"""`ekspor` (after SOP step 6): the signed round as one zip for the region's PPID Utama,
logged in the workspace."""

from argparse import Namespace

from pipeline.commands.terbitkan import signed_public, signed_round
from pipeline.kit.console import Output
from pipeline.round import Round
from pipeline.stages.s7_publish import write_export


def run(round_: Round, out: Output, args: Namespace) -> int:
    snapshot, signed, registration = signed_round(round_, out)
    log = round_.workspace.export_log
    public = signed_public(round_, snapshot)
    target = write_export(
        snapshot, signed, registration, round_.workspace.out("ekspor"), log, public,
        round_.archive_head(), round_.recorded_file(registration),
        round_.earlier_decisions(snapshot),
    )  # fmt: skip
    if public is None:
        out.warn("Daftar Informasi Publik tidak ikut diekspor: belum ada DIP bertanda tangan "
                 "untuk penetapan ini di arsip.")  # fmt: skip
    out.done(f"Ekspor Keputusan Nomor {snapshot.keputusan.nomor} dibuat.")
    out.file("Berkas ekspor", target)
    out.file("Riwayat ekspor", log)
    region = round_.config.office["pemerintah"].title()  # 'Pemerintah Kota Singkawang'
    out.next(f"kirim berkas zip itu ke PPID Utama {region}.")
    return 0
