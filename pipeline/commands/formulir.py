"""`formulir` (SOP step 2 to 3): one inventory workbook per bidang: blank, or, in a round that
continues the last signed list, holding the bidang's items of that list."""

from argparse import Namespace

from pipeline.kit.console import Output
from pipeline.round import Round
from pipeline.stages.s2_forms import build_form
from pipeline.stages.s9_next_round import form_rows


def run(round_: Round, out: Output, args: Namespace) -> int:
    config, folder = round_.config, round_.workspace.out("formulir")
    config.require_filled()
    history = round_.history
    carried = form_rows(history, config, round_.refs) if history else None
    with out.progress("Membuat formulir", len(config.bidang)) as advance:
        for bidang in config.bidang:
            advance(bidang.kode)
            rows = carried.get(bidang.kode, []) if carried is not None else None
            build_form(folder / f"{bidang.kode}.xlsx", bidang, config, round_.inventory_spec,
                       round_.refs, rows)  # fmt: skip
    if carried is None or history is None:
        out.done(f"{len(config.bidang)} formulir inventaris dibuat, satu per bidang.")
    else:
        count = sum(len(rows) for rows in carried.values())
        out.done(f"{len(config.bidang)} formulir inventaris dibuat, satu per bidang, berisi "
                 f"{count} butir dari Keputusan Nomor {history.last.nomor}.")  # fmt: skip
    out.file("Folder", folder)
    out.next(
        f"kirim formulir ke bidang; simpan isian yang kembali di {round_.workspace.inbox}, lalu "
        f"{out.command('periksa')}."
    )
    return 0
