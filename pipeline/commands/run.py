"""`run`: the round in one go; it stops at the first step that leaves something to fix."""

from argparse import Namespace

from pipeline.commands import konsep, nota, periksa, tetapkan, uji
from pipeline.kit.console import Output
from pipeline.round import Round

STEPS = {"nota": nota, "periksa": periksa, "uji": uji, "konsep": konsep, "tetapkan": tetapkan}


def run(round_: Round, out: Output, args: Namespace) -> int:
    for name, step in STEPS.items():
        out.rule(out.command(name))
        status = step.run(round_, out, args)
        if status:
            out.warn(f"run berhenti di {name}; selesaikan langkah di atas dulu.")
            return status
    return 0
