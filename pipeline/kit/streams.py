"""Output streams that never fail on a character, whatever their encoding.

A Windows console redirected to a file writes cp1252, a bare environment ascii, an old one
latin-1: Python's strict encoding would end a command that printed '→' or '✔' (or a title with
'ē') in UnicodeEncodeError. Each stream instead writes a character its encoding lacks as its
nearest plain form ('→' as '->', 'é' as 'e'), else '?'. Light on purpose: the program sets this
up before anything else loads.
"""

import codecs
import sys
import unicodedata
from typing import TextIO

TRANSLITERATE = "dik-transliterasi"  # the error handler every output stream gets
_PLAIN = {
    "✔": "v", "→": "->", "←": "<-", "–": "-", "—": "-", "…": "...", "‘": "'", "’": "'",
    "“": '"', "”": '"', "•": "*", "×": "x", "§": "par.", "\u00a0": " ", "\ufffd": "?",
}  # fmt: skip


def _transliterated(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: each character the encoding lacks as its plain form, else
    its letters without accents (NFKD), else '?'."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    plain = []
    for character in error.object[error.start : error.end]:
        known = _PLAIN.get(character)
        if known is None:
            letters = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode()
            known = letters or "?"
        plain.append(known)
    return "".join(plain), error.end


codecs.register_error(TRANSLITERATE, _transliterated)


def tolerant(*streams: TextIO) -> None:
    """Let each stream (stdout and stderr by default) write any text in its own encoding."""
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors=TRANSLITERATE)
