"""The round's Word documents as PDF/A-2b, through LibreOffice when it is installed.

PDF/A-2b (ISO 19005-2, level B) is what archives keep: every font embedded, colours tied to an
output intent, no outside references; LibreOffice's PDF export writes it when asked (the
`SelectPdfVersion` option, 2 = PDF/A-2b). LibreOffice runs headless with a profile of its own,
so an office suite the officer has open is neither used nor disturbed; the PDFs are written
beside each other first and moved into place only when every one was made.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.kit.errors import WorkspaceError

INSTALL = (
    "LibreOffice belum terpasang; pasang dengan `sudo apt install libreoffice-writer` (Linux) "
    "atau dari https://www.libreoffice.org/download/ (Windows), lalu ulangi."
)
TIMEOUT = 600  # seconds for the whole batch
# LibreOffice's writer_pdf_Export filter with its options as JSON (LibreOffice 7.4 and later).
PDF_A = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
# The PDF/A declaration in a PDF's XMP metadata, which PDF/A keeps uncompressed.
_DECLARED = re.compile(
    rb"pdfaid:part(?:>|=[\"'])2[<\"'].{0,400}?pdfaid:conformance(?:>|=[\"'])B", re.S
)


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def documents_to_pdf(folder: Path, target: Path) -> list[Path]:
    """Every .docx in `folder` as `target`/<name>.pdf; older PDFs of documents that no longer
    exist are removed, so the folder holds exactly the round's documents."""
    sources = sorted(p for p in folder.glob("*.docx") if not p.name.startswith((".", "~$")))
    if not sources:
        raise WorkspaceError(
            f"Belum ada dokumen di {folder}; jalankan nota, konsep atau tetapkan lebih dulu."
        )
    program = soffice()
    if program is None:
        raise WorkspaceError(INSTALL)
    target.mkdir(parents=True, exist_ok=True)
    # LibreOffice takes its profile as a file URI, which only an absolute path has: a workspace
    # named relative to the current folder (`make pdf WS=data/contoh`) is the usual case.
    with tempfile.TemporaryDirectory(dir=target.resolve(), prefix=".tmp-") as work:
        profile = Path(work) / "profil"
        made = Path(work) / "pdf"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--convert-to", PDF_A, "--outdir", str(made), *map(str, sources)]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as error:
            raise WorkspaceError(
                f"LibreOffice tidak selesai dalam {TIMEOUT // 60} menit; tutup LibreOffice yang "
                "sedang terbuka, lalu ulangi."
            ) from error
        missing = [s.name for s in sources if not (made / f"{s.stem}.pdf").is_file()]
        if result.returncode != 0 or missing:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
            raise WorkspaceError(
                f"LibreOffice tidak dapat mengubah {', '.join(missing) or 'dokumen'} menjadi PDF "
                f"({detail[0]}); buka berkasnya di Word atau LibreOffice untuk memeriksanya."
            )
        for stale in target.glob("*.pdf"):
            stale.unlink()
        results = []
        for source in sources:
            final = target / f"{source.stem}.pdf"
            os.replace(made / final.name, final)
            results.append(final)
    return results


def declares_pdf_a(path: Path) -> bool:
    """Whether the PDF says it is PDF/A-2b; LibreOffice before 7.4 ignores the option silently."""
    return _DECLARED.search(path.read_bytes()) is not None
