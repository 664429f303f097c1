"""`dik COMMAND [--workspace DIR]` (or `python -m pipeline`, or make): parse, run one command,
map errors to exit statuses. Heavy libraries load only once a command runs, so help is instant.
"""

import argparse
import errno
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pipeline.kit.errors import ConfigError, PipelineError

if TYPE_CHECKING:
    from pipeline.kit.console import Output

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
    "jra": "pasang JRA kantor sendiri dari berkas Excel/CSV (Perbup/Pergub JRA)",
    "pdf": "dokumen putaran (keluaran/*.docx) menjadi PDF di keluaran/pdf/ (LibreOffice)",
    "status": "posisi putaran: hitungan, kekurangan, jangka waktu yang segera berakhir",
    "run": "nota, periksa, uji, konsep, tetapkan berurutan",
}
FORMS = {"make": "make {}", "dik": "dik {}"}  # how hints name a command, as the officer ran it


class Parser(argparse.ArgumentParser):
    """argparse in Indonesian; a bad command line is one sentence and exit status 2."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "perintah"
        self._optionals.title = "pilihan"

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Pemakaian:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "Pemakaian:", 1)

    def error(self, message: str) -> NoReturn:
        self.exit(
            2,
            f"Galat: baris perintah tidak sah ({message}); lihat `{_form().format('--help')}` "
            "untuk daftar perintah dan contohnya.\n",
        )


def parser() -> argparse.ArgumentParser:
    main_parser = Parser(
        prog=_form().format("").strip(),
        description="Pendokumentasian Informasi yang Dikecualikan (SOP PPID).",
        add_help=False,
    )
    main_parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini")
    sub = main_parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for name, text in HELP.items():
        command = sub.add_parser(name, help=text, description=text, add_help=False)
        command.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini")
        command.add_argument(
            "--workspace", "-w", help="folder kerja (bawaan: folder tempat perintah dijalankan)"
        )
        command.add_argument("--debug", action="store_true", help="tampilkan traceback bila galat")
        if name == "init":
            command.add_argument("--nama", default="", help="nama instansi, mis. \"Dinas "
                                 "Kesehatan Kabupaten Sintang\"")  # fmt: skip
            command.add_argument("--bidang", action="append", metavar="KODE=NAMA",
                                 help="satu bidang; ulangi untuk setiap bidang")  # fmt: skip
        if name == "jra":
            command.add_argument("berkas", nargs="?", help="tabel JRA kantor (.xlsx/.csv)")
        if name == "arsip":
            command.add_argument("berkas", nargs="?", help="daftar bertanda tangan (.pdf/.docx)")
            command.add_argument("--periksa", action="store_true", help="periksa keutuhan arsip")
            command.add_argument("--tarik", metavar="NOMOR", help="tarik pengarsipan yang salah")
            command.add_argument(
                "--nomor",
                default="",
                metavar="NOMOR",
                help="nomor keputusan yang ditulis tangan pada daftar",
            )
            command.add_argument("--alasan", default="", help="alasan penarikan")
    return main_parser


def main(argv: list[str] | None = None, out: "Output | None" = None) -> int:
    args = parser().parse_args(argv)
    from pipeline.kit import timing

    try:
        return _run(args, out)
    finally:
        timing.report()


# Container objects allocated between two collections of the youngest generation (Python's
# default is 700). A command builds rows by the tens of thousands that live until it exits;
# collecting that often promoted them into ever larger full collections, which walked them all
# again. konsep's time in the collector, then with this: 0.9 -> 0.2 s at 30,000 items and
# 1.6 -> 0.8 s at 100,000, for the same peak memory (422-442 and 770-791 MiB either way).
YOUNG_GENERATION = 10_000


def program() -> NoReturn:
    """`dik` and `python -m pipeline`: one command, then exit. What the command made is frozen
    out of the collector's reach first: the interpreter's last sweep would walk all of it only
    to let the process end (a fifth of periksa's time on the example)."""
    gc.set_threshold(YOUNG_GENERATION)
    status = main()
    gc.freeze()
    sys.exit(status)


def _run(args: argparse.Namespace, out: "Output | None") -> int:
    from pipeline.kit.timing import stage

    # What importing makes lives until exit: collecting it meanwhile is wasted time. (Freezing
    # it as well made later collections rarer and konsep's peak at 100,000 items 10% higher.)
    gc.disable()
    try:
        with stage("imports"):
            from pipeline import commands
            from pipeline.kit.console import Output
            from pipeline.kit.workspace import Workspace, clean_temporary
            from pipeline.round import Round
    finally:
        gc.enable()

    out = out or Output(command_form=_form(), workspace=_named_workspace(args.workspace))
    try:
        workspace = Workspace(_workspace_folder(args.workspace, args.command))
        if args.command == "init":
            return commands.init(workspace, out, args.nama, args.bidang)
        clean_temporary(workspace)
        if args.command == "jra":
            return commands.jra(workspace, out, args.berkas)
        round_ = Round.open(workspace)
        if args.command == "arsip":
            return commands.arsip(round_, out, args.berkas, args.periksa, args.tarik, args.alasan,
                                  args.nomor)  # fmt: skip
        return int(getattr(commands, args.command)(round_, out))
    except PipelineError as error:
        if args.debug:
            raise
        out.fail(str(error))
        return 2
    except KeyboardInterrupt:
        out.fail("dihentikan.")
        return 2
    except OSError as error:
        if args.debug:
            raise
        out.fail(_system_error(error))
        return 2
    except Exception as error:  # never a traceback for the officer; --debug shows it
        if args.debug:
            raise
        out.fail(
            f"kesalahan tak terduga ({type(error).__name__}: {error}); ulangi dengan "
            f"--debug dan laporkan ke pengembang."
        )
        return 2


def _form() -> str:
    """'make {}' under make, 'dik {}' for the console command, else python -m pipeline."""
    if os.environ.get("DIK_BENTUK") in FORMS:
        return FORMS[os.environ["DIK_BENTUK"]]
    if Path(sys.argv[0]).stem == "dik":
        return FORMS["dik"]
    return "python -m pipeline {}"


def _named_workspace(given: str | None) -> str:
    """The workspace as the officer named it, for hints; empty when it is the default one
    (make passes WS on only when it is not the bundled example)."""
    if os.environ.get("DIK_BENTUK") == "make":
        return os.environ.get("DIK_WS", "")
    return given or ""


def _workspace_folder(given: str | None, command: str) -> Path:
    """The folder named, else the current one; a typo is not taken for a new workspace."""
    folder = Path(given).expanduser() if given else Path.cwd()
    if command == "init":
        return folder
    if not folder.is_dir():
        raise ConfigError(
            f"Folder kerja {folder} tidak ada; periksa ejaannya (buat folder kerja baru dengan "
            f"{_form().format('init')} bila memang belum ada)."
        )
    if not (folder / "instansi.toml").is_file():
        where = "Folder ini" if not given else f"Folder {folder}"
        raise ConfigError(
            f"{where} bukan folder kerja (tidak ada instansi.toml); jalankan perintah di folder "
            f"kerja atau sebutkan --workspace, atau buat folder kerja dengan "
            f"{_form().format('init')}."
        )
    return folder


def _system_error(error: OSError) -> str:
    """The operating system's refusal as one Indonesian sentence naming the file."""
    name = error.filename or "berkas"
    if isinstance(error, PermissionError):
        return (
            f"{name} tidak dapat dibuka atau ditulis (izin ditolak); tutup berkas itu bila sedang "
            "dibuka dan pastikan folder kerja boleh ditulis."
        )
    if error.errno == errno.ENOSPC:
        return f"Disk penuh saat menulis {name}; kosongkan ruang disk lalu ulangi."
    if error.errno == errno.EROFS:
        return f"{name} berada di disk yang hanya dapat dibaca; salin folder kerja ke disk lain."
    return (
        f"{name} tidak dapat dipakai ({error.strerror or error}); periksa berkas itu lalu ulangi."
    )


if __name__ == "__main__":
    sys.exit(main())
