"""The commands of the contract, one module each (`pipeline/commands/<name>.py`), in the order
`--help` lists them. A command's module is imported only when it runs, so help is instant.

Each module's `run` is a presenter: it asks the round (or, for `init` and `jra`, which work
before a round can be opened, the workspace) for what is needed, writes the outputs, and prints
what was done, where the outputs are, and the next step. It returns the exit status: 0 done,
1 done but the input has problems to fix.
"""

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    opens_round: bool = True  # False: run(workspace, out, args), before instansi.toml is read

    def module(self) -> ModuleType:
        return import_module(f"{__name__}.{self.name}")


COMMANDS = {
    command.name: command
    for command in (
        Command("init", "buat folder kerja baru (instansi.toml dan masuk/)", opens_round=False),
        Command("nota", "langkah 2: Nota Dinas penugasan staf PPID"),
        Command("formulir", "langkah 2-3: formulir inventaris kosong per bidang"),
        Command("periksa", "langkah 3: baca dan periksa isian bidang di masuk/"),
        Command("uji", "langkah 3: buat/perbarui uji_konsekuensi.xlsx"),
        Command("konsep", "langkah 3: status arsip (JRA), konsep daftar, tinjauan.xlsx"),
        Command("tetapkan", "langkah 4-5: daftar final untuk ditandatangani, atau pengembalian"),
        Command("arsip", "langkah 6: arsipkan daftar bertanda tangan; --periksa memeriksa arsip"),
        Command("terbitkan", "terbitkan daftar bertanda tangan ke keluaran/web/ untuk laman PPID"),
        Command("ekspor", "zip daftar bertanda tangan untuk PPID Utama kabupaten/kota"),
        Command("jra", "pasang JRA kantor sendiri dari berkas Excel/CSV (Perbup/Pergub JRA)",
                opens_round=False),
        Command("pdf",
                "dokumen putaran (keluaran/*.docx) menjadi PDF di keluaran/pdf/ (LibreOffice)"),
        Command("status",
                "posisi putaran: hitungan, kekurangan, jangka waktu yang segera berakhir"),
        Command("run", "nota, periksa, uji, konsep, tetapkan berurutan"),
    )
}  # fmt: skip
