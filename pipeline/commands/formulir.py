"""`formulir` (SOP step 2 to 3): one blank inventory workbook per bidang."""

from argparse import Namespace

from pipeline.kit.console import Output
from pipeline.kit.schema import inventory_spec
from pipeline.round import Round
from pipeline.stages.s2_forms import build_form


def run(round_: Round, out: Output, args: Namespace) -> int:
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
