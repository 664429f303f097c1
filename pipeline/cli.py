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

from pipeline.commands import COMMANDS
from pipeline.kit.errors import ConfigError, PipelineError
from pipeline.kit.resources import version
from pipeline.kit.streams import tolerant

if TYPE_CHECKING:
    from pipeline.kit.console import Output
    from pipeline.kit.workspace import Workspace

FORMS = {"make": "make {}", "dik": "dik {}"}  # how hints name a command, as the officer ran it
# What the Makefile exports to the program: a run started by a make target (make test, make
# bench) drops them before it runs the program as the officer would.
MADE_BY_MAKE = ("DIK_BENTUK", "DIK_WS", "DIK_FOLDER", "DIK_BERKAS")


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


class _Version(argparse.Action):
    """--version: looked up only when asked (reading the package metadata takes a while)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"dik-ppid {version()}")
        parser.exit(0)


def parser() -> argparse.ArgumentParser:
    main_parser = Parser(
        prog=_form().format("").strip(),
        description="Pendokumentasian Informasi yang Dikecualikan (SOP PPID).",
        add_help=False,
    )
    main_parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini")
    main_parser.add_argument("--version", action=_Version, nargs=0,
                             help="tampilkan versi alat ini")  # fmt: skip
    sub = main_parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for name, entry in COMMANDS.items():
        command = sub.add_parser(name, help=entry.help, description=entry.help, add_help=False)
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
            command.add_argument("--dari", metavar="FOLDER_ATAU_ZIP",
                                 help="mulai dari daftar bertanda tangan putaran lalu: folder "
                                 "kerjanya atau zip ekspornya")  # fmt: skip
            command.add_argument(
                "--tahun",
                type=int,
                metavar="TAHUN",
                help="periode baru bersama --dari (bawaan: tahun berikutnya)",
            )
        if name == "jra":
            command.add_argument("berkas", nargs="?", help="tabel JRA kantor (.xlsx/.csv)")
        if name == "arsip":
            command.add_argument("berkas", nargs="?", help="daftar bertanda tangan (.pdf/.docx)")
            command.add_argument(
                "--dip",
                action="store_true",
                help="berkas itu Daftar Informasi Publik bertanda tangan",
            )
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
    """`dik` and `python -m pipeline`: one command, then exit. Output never fails on a
    character (kit.streams), and Ctrl+C anywhere is one line. What the command made is frozen
    out of the collector's reach first: the interpreter's last sweep would walk all of it only
    to let the process end (a fifth of periksa's time on the example)."""
    tolerant()
    gc.set_threshold(YOUNG_GENERATION)
    try:
        status = main()
    except KeyboardInterrupt:
        status = _stopped()
    gc.freeze()
    sys.exit(status)


def _stopped() -> int:
    """Ctrl+C before the command's output exists (while the libraries load)."""
    sys.stderr.write("Galat: dihentikan.\n")
    return 2


def _run(args: argparse.Namespace, out: "Output | None") -> int:
    from pipeline.kit.timing import stage

    # What importing makes lives until exit: collecting it meanwhile is wasted time. (Freezing
    # it as well made later collections rarer and konsep's peak at 100,000 items 10% higher.)
    command = COMMANDS[args.command]
    gc.disable()
    try:
        with stage("imports"):
            module = command.module()
            from pipeline.kit.console import Output
            from pipeline.kit.workspace import Workspace, clean_temporary
            from pipeline.round import Round
    except KeyboardInterrupt:
        return _stopped()
    finally:
        gc.enable()

    out = out or Output(command_form=_form(), workspace=_named_workspace(args.workspace))
    try:
        workspace = Workspace(_workspace_folder(args.workspace, args.command))
        if _on_bundled_example() and args.command != "run":
            out.warn(_example_notice(workspace, args.command))
        if args.command != "init":
            clean_temporary(workspace)
        if not command.opens_round:
            return int(module.run(workspace, out, args))
        return int(module.run(Round.open(workspace), out, args))
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


def _on_bundled_example() -> bool:
    """Whether make runs on the bundled example because no WS= was given."""
    return os.environ.get("DIK_BENTUK") == "make" and not os.environ.get("DIK_WS")


def _example_notice(workspace: "Workspace", command: str) -> str:
    """A command forgetting WS= works on the example: say whose workspace that is."""
    from pipeline.kit.config import load_config

    try:
        office = load_config(workspace.config).office["sebutan"]
    except PipelineError:
        office = "kantor contoh"
    return (
        f"Tanpa WS=, perintah ini bekerja pada contoh bawaan {workspace.root} ({office}); untuk "
        f"kantor Anda sebutkan folder kerjanya: make {command} WS=~/dik-2026."
    )


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
    if error.errno == errno.ENAMETOOLONG:
        return (
            f"Nama berkas {name} terlalu panjang untuk disk ini; pendekkan namanya (paling "
            "banyak sekitar 100 huruf), lalu ulangi."
        )
    if error.errno == errno.EROFS:
        return f"{name} berada di disk yang hanya dapat dibaca; salin folder kerja ke disk lain."
    return (
        f"{name} tidak dapat dipakai ({error.strerror or error}); periksa berkas itu lalu ulangi."
    )


if __name__ == "__main__":
    sys.exit(main())
