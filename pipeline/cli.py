"""`python -m pipeline COMMAND [--workspace DIR]`: parse, run one command, map errors to exits."""

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from pipeline import commands
from pipeline.console import Output
from pipeline.errors import PipelineError
from pipeline.round import Round
from pipeline.workspace import Workspace

HELP = {
    "init": "buat folder kerja baru (instansi.toml dan masuk/)",
    "nota": "langkah 2: Nota Dinas penugasan staf PPID",
    "formulir": "langkah 2-3: formulir inventaris kosong per bidang",
    "periksa": "langkah 3: baca dan periksa isian bidang di masuk/",
    "uji": "langkah 3: buat/perbarui uji_konsekuensi.xlsx",
    "konsep": "langkah 3: status arsip (JRA), konsep daftar, tinjauan.xlsx",
    "tetapkan": "langkah 4-5: daftar final untuk ditandatangani, atau pengembalian",
    "arsip": "langkah 6: arsipkan daftar bertanda tangan; --periksa memeriksa arsip",
    "terbitkan": "terbitkan daftar bertanda tangan ke keluaran/web/ untuk laman PPID",
    "ekspor": "zip daftar bertanda tangan untuk PPID Utama kabupaten",
    "pdf": "dokumen putaran (keluaran/*.docx) menjadi PDF di keluaran/pdf/ (LibreOffice)",
    "status": "posisi putaran: hitungan, kekurangan, jangka waktu yang segera berakhir",
    "run": "nota, periksa, uji, konsep, tetapkan berurutan",
}


class Parser(argparse.ArgumentParser):
    """argparse, but a bad command line is one Indonesian sentence and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(
            2,
            f"Galat: baris perintah tidak sah ({message}); lihat `make help` untuk daftar "
            "perintah dan contohnya.\n",
        )


def parser() -> argparse.ArgumentParser:
    main_parser = Parser(
        prog="python -m pipeline",
        description="Pendokumentasian Informasi yang Dikecualikan (SOP PPID).",
    )
    sub = main_parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for name, text in HELP.items():
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--workspace", "-w", default="data/contoh", help="folder kerja")
        command.add_argument("--debug", action="store_true", help="tampilkan traceback bila galat")
        if name == "arsip":
            command.add_argument("berkas", nargs="?", help="daftar bertanda tangan (.pdf/.docx)")
            command.add_argument("--periksa", action="store_true", help="periksa keutuhan arsip")
    return main_parser


def main(argv: list[str] | None = None, out: Output | None = None) -> int:
    args = parser().parse_args(argv)
    out = out or Output()
    workspace = Workspace(Path(args.workspace).expanduser())
    try:
        if args.command == "init":
            return commands.init(workspace, out)
        round_ = Round.open(workspace)
        if args.command == "arsip":
            return commands.arsip(round_, out, args.berkas, args.periksa)
        return int(getattr(commands, args.command)(round_, out))
    except PipelineError as error:
        if args.debug:
            raise
        out.fail(str(error))
        return 2
    except KeyboardInterrupt:
        out.fail("dihentikan.")
        return 2
    except Exception as error:  # never a traceback for the officer; --debug shows it
        if args.debug:
            raise
        out.fail(
            f"kesalahan tak terduga ({type(error).__name__}: {error}); ulangi dengan "
            f"ARGS=--debug dan laporkan ke pengembang."
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
