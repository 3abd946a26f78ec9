"""A web page's text, in the charset the page is in.

The order browsers use (WHATWG "encoding sniffing", simplified): a byte-order
mark, the Content-Type header's charset, a ``<meta charset>`` or
``<meta http-equiv=Content-Type>`` in the first 4 KB, then detection
(charset-normalizer) for the pages that declare nothing and are not UTF-8,
which older Vietnamese portals still serve in Windows-1258.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from ..ingest.body import ReadError

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    # WHATWG: a page labelled Latin-1 or ASCII is read as Windows-1252 (a superset).
    return "cp1252" if found in ("latin_1", "iso8859-1", "ascii") else found


def declared_in_page(raw: bytes) -> str | None:
    found = _META.search(raw[:4096])
    return _codec(found.group(1).decode("ascii")) if found else None


def decode_page(raw: bytes, header_charset: str | None) -> str:
    """The page as NFC text, or a ReadError naming what went wrong."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return unicodedata.normalize("NFC", raw.decode(codec, "replace"))
    for label in (_codec(header_charset), declared_in_page(raw)):
        if label is not None:
            try:
                return unicodedata.normalize("NFC", raw.decode(label))
            except UnicodeDecodeError:
                continue  # a wrong label: the next clue, then detection
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise ReadError("the page's character encoding is not declared and could not be recognised")
    return unicodedata.normalize("NFC", raw.decode(best.encoding, "replace"))
