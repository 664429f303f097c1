"""`ekspor` (after SOP step 6): the signed round as one zip for the kabupaten's PPID Utama,
logged in the workspace."""

from argparse import Namespace

from pipeline.commands.terbitkan import signed_round
from pipeline.kit.console import Output
from pipeline.round import Round
from pipeline.stages.s7_publish import write_export


def run(round_: Round, out: Output, args: Namespace) -> int:
    snapshot, signed, registration = signed_round(round_, out)
    log = round_.workspace.root / "riwayat_ekspor.csv"
    target = write_export(snapshot, signed, registration, round_.workspace.out("ekspor"), log,
                          round_.recorded_file(registration))  # fmt: skip
    out.done(f"Ekspor Keputusan Nomor {snapshot.keputusan.nomor} dibuat.")
    out.file("Berkas ekspor", target)
    out.file("Riwayat ekspor", log)
    out.next("kirim berkas zip itu ke PPID Utama kabupaten.")
    return 0
