"""Electronic signatures in a PDF (PAdES, as Indonesia's TTE is issued), checked offline.

pyHanko, a library made for PAdES, does the checking; this module only says what it found in
words the register and the officer can use. Per signature: the signed bytes still hash to what
was signed and the signature over them is valid (integrity); who signed, from the certificate;
when, from a timestamp token when the signature carries one, else as the signer's computer
reported it. The file as a whole counts as signed only when its last revision is covered: the
last signature (or document timestamp) spans the entire file, and earlier signatures were
followed by nothing but further signatures or form filling. A byte changed or added after
signing fails that, and the file is refused.

Trust in the certificate chain is not claimed: nothing is fetched (no network), revocation is
never checked, and a chain is called known only when it ends at a root certificate the office
put in the folder given as `roots` itself.
"""

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.kit.errors import WorkspaceError

CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")
UNCHECKED = "tidak diperiksa (luring)"
_MARKERS = (b"/ByteRange", b"/Contents")


class SignatureError(WorkspaceError):
    """A PDF whose electronic signature fails; the message says why, as the end of a sentence
    that names the file ("… tidak diarsipkan: <why>")."""


@dataclass(frozen=True)
class Signature:
    """What the electronic signatures of one PDF say, each field as the register keeps it."""

    signers: str  # common names from the certificates, "; " between several signatures
    times: str  # ISO 8601 each, with where the time comes from
    chain: str  # what is known of the issuer's certificate chain


def examine(path: Path, roots: Path | None = None) -> Signature | None:
    """The PDF's electronic signatures, or None when it carries none (a scan, a plain PDF).

    Raises SignatureError when a signature is broken or does not cover the whole file, and
    when the file shows a signature that cannot be read at all.
    """
    data = path.read_bytes()
    with _quiet():
        try:
            return _examine(data, _trust_roots(roots))
        except SignatureError:
            raise
        except Exception as error:  # a library's failure on a malformed file, in any form
            if all(marker in data for marker in _MARKERS):
                raise SignatureError("tanda tangan elektroniknya tidak dapat dibaca") from error
            return None


def _examine(data: bytes, roots: list[Any]) -> Signature | None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    embedded = list(reader.embedded_signatures)
    if not embedded:
        return None
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
    )
    signers, times, chains = [], [], []
    for number, signature in enumerate(embedded, 1):
        last = number == len(embedded)
        if signature.sig_object_type == "/DocTimeStamp":
            status: Any = validate_pdf_timestamp(signature, validation_context=context)
        else:
            status = validate_pdf_signature(signature, signer_validation_context=context)
        if not (status.intact and status.valid):
            raise SignatureError(_broken(number, len(embedded)))
        covers_all = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        later_allowed = (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level is not None
            and status.modification_level <= ModificationLevel.FORM_FILLING
            and status.docmdp_ok is not False
        )
        if (last and not covers_all) or not (covers_all or later_allowed):
            raise SignatureError(
                "tanda tangan elektroniknya tidak lagi mencakup seluruh berkas: berkas diubah "
                "sesudah ditandatangani"
            )
        if signature.sig_object_type == "/DocTimeStamp":
            continue
        signers.append(_name(status.signing_cert.subject))
        times.append(_time(status))
        chains.append(_chain(status))
    return Signature("; ".join(signers), "; ".join(times), "; ".join(dict.fromkeys(chains)))


def _broken(number: int, count: int) -> str:
    which = "" if count == 1 else f" ke-{number}"
    return f"tanda tangan elektronik{which} rusak: isi berkas tidak sama dengan yang ditandatangani"


def _name(subject: Any) -> str:
    fields = subject.native
    return str(fields.get("common_name") or subject.human_friendly)


def _time(status: Any) -> str:
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid:
        return f"{_iso(stamp.timestamp)} (stempel waktu)"
    if status.signer_reported_dt is not None:
        return f"{_iso(status.signer_reported_dt)} (menurut komputer penanda tangan)"
    return "tidak tercatat"


def _iso(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def _chain(status: Any) -> str:
    issuer = _name(status.signing_cert.issuer)
    if status.trusted and status.validation_path is not None:
        root = _name(status.validation_path.trust_anchor.authority.name)
        return f"dikenal (sampai sertifikat akar {root} milik kantor), pencabutan tidak diperiksa"
    if status.signing_cert.self_signed == "yes" or status.signing_cert.issuer == (
        status.signing_cert.subject
    ):
        return f"{UNCHECKED}, sertifikat dibuat sendiri oleh penanda tangan"
    return f"{UNCHECKED}, penerbit {issuer}"


def _trust_roots(folder: Path | None) -> list[Any]:
    """The root certificates the office keeps in `folder` (PEM or DER); others are skipped."""
    if folder is None or not folder.is_dir():
        return []
    from asn1crypto import pem, x509

    roots = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in CERTIFICATE_SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            armored = pem.unarmor(data, multiple=True) if pem.detect(data) else [(0, 0, data)]
            for _, _, block in armored:
                root = x509.Certificate.load(block)
                _ = root.subject.native  # parsed now: a broken file is skipped, not met later
                roots.append(root)
        except ValueError:
            continue
    return roots


@contextmanager
def _quiet() -> Iterator[None]:
    """pyHanko logs its reasoning (tracebacks included) and its dependencies warn: none of it
    is for the officer, whose one sentence comes from here."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    before = [logger.level for logger in loggers]
    for logger in loggers:  # their modules' loggers inherit the level
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, before, strict=True):
            logger.setLevel(level)
