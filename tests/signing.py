"""PDFs signed the way a TTE is (PAdES, with pyHanko), by certificates made here for the test.

Nothing is fetched and no real key is used: each certificate is made with `cryptography`, either
self-signed or issued by a root made the same way.
"""

import io
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pikepdf
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

with warnings.catch_warnings():  # cryptography warns about DSA as pyHanko imports it
    warnings.simplefilter("ignore")
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers, timestamps
    from pyhanko_certvalidator.registry import SimpleCertificateStore


@dataclass(frozen=True)
class Identity:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def identity(
    name: str, issuer: Identity | None = None, authority: bool = False, stamps: bool = False
) -> Identity:
    """A certificate for `name`, valid from yesterday for a year; self-signed without issuer;
    `stamps`: a time-stamping authority's (RSA: pyHanko's test timestamper signs only so)."""
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if stamps
        else ec.generate_private_key(ec.SECP256R1())
    )
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    signing_key = issuer.key if issuer else key
    usage = x509.KeyUsage(
        digital_signature=not authority, content_commitment=not authority,
        key_encipherment=False, data_encipherment=False, key_agreement=False,
        key_cert_sign=authority, crl_sign=authority, encipher_only=False, decipher_only=False,
    )  # fmt: skip
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
        .add_extension(usage, critical=True)
    )
    if stamps:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Identity(builder.sign(signing_key, hashes.SHA256()), key)


def blank_pdf(path: Path, text: str = "Daftar Informasi yang Dikecualikan") -> Path:
    """A real one-page PDF (pyHanko signs only what it can parse); `text` makes it unique."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo["/Title"] = text
        pdf.save(path)
    return path


def _der(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _key(who: Identity) -> asn1_keys.PrivateKeyInfo:
    encoded = who.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return asn1_keys.PrivateKeyInfo.load(encoded)


def sign(
    source: Path,
    target: Path,
    signer: Identity,
    *chain: Identity,
    field: str = "TTE",
    stamped_by: Identity | None = None,
) -> Path:
    """`source` signed by `signer` as an incremental update, written to `target`; with
    `stamped_by`, the signature carries a timestamp token from that authority."""
    pdf_signer = signers.SimpleSigner(
        signing_cert=_der(signer.certificate),
        signing_key=_key(signer),
        cert_registry=SimpleCertificateStore.from_certs([_der(c.certificate) for c in chain]),
    )
    stamper = None
    if stamped_by is not None:
        stamper = timestamps.DummyTimeStamper(_der(stamped_by.certificate), _key(stamped_by))
    output = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(source.read_bytes())),
            signers.PdfSignatureMetadata(field_name=field),
            signer=pdf_signer,
            timestamper=stamper,
            output=output,
        )
    target.write_bytes(output.getvalue())
    return target


def one_byte_changed(source: Path, target: Path) -> Path:
    """A copy with one byte of the signed content changed, as an edit after signing would."""
    data = bytearray(source.read_bytes())
    title = data.index(b"Daftar")  # inside the document's own (signed) information
    data[title] ^= 0x20  # "D" becomes "d": same length, so the signature's byte range still fits
    target.write_bytes(bytes(data))
    return target
