"""Text as it arrives from the web, made regular before any rule looks at it.

Article text carries composed and decomposed accents, digits from other
scripts ("１２", "٣"), several kinds of minus and dash, no-break and zero-width
spaces inside numbers ("50.000\u00a0đ", "12\u200b000").  Each rule in the
normalisers would otherwise need to know them all; here they become one form.
"""

from __future__ import annotations

import re
import unicodedata

SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")  # no-break, thin, figure, ideographic
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphen, zero-width, BOM
MINUS = re.compile(r"[\u2010\u2011\u2212\ufe63\uff0d]")  # hyphen, non-breaking hyphen, minus signs
ODD = re.compile(f"{SPACES.pattern}|{INVISIBLE.pattern}|{MINUS.pattern}")
OTHER_DIGITS = re.compile(r"[^\D0-9]+")  # any Unicode decimal digit that is not ASCII

VULGAR_FRACTIONS = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
                    "⅖": (2, 5), "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8),
                    "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8), "⅐": (1, 7), "⅑": (1, 9), "⅒": (1, 10)}
VULGAR_CHARS = "".join(VULGAR_FRACTIONS)
VULGAR = re.compile(f"(\\d*)\\s?([{VULGAR_CHARS}])")


def _ascii_digits(match: re.Match[str]) -> str:
    return "".join(str(unicodedata.decimal(ch, 0)) for ch in match[0])


def prepare(text: str) -> str:
    """NFC, ASCII digits, one minus, plain spaces, nothing invisible."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    if ODD.search(text):
        text = INVISIBLE.sub("", text)
        text = SPACES.sub(" ", text)
        text = MINUS.sub("-", text)
    return OTHER_DIGITS.sub(_ascii_digits, text)
