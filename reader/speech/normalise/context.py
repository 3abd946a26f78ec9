"""The words around a match: how rules tell "ngày 2/9" (a date) from "3/4 số hộ" (a fraction).

Rules look at most a few words away, lower-cased, so "Ngày" and "ngày" count
the same.  Reading a few dozen characters back keeps this cheap on long text.
"""

from __future__ import annotations

import re

LOOK = 48  # characters: enough for two or three words either side
WORDS_BEFORE = re.compile(r"(?:(\w+)\W+?)?(\w+)\W*$")
WORD_AFTER = re.compile(r"\W*?(\w+)")


def words_before(text: str, start: int) -> tuple[str, str]:
    """The two words before ``start`` (earlier one first), lower-cased, "" where there are none."""
    match = WORDS_BEFORE.search(text, max(0, start - LOOK), start)
    if not match:
        return "", ""
    return (match[1] or "").lower(), match[2].lower()


def word_before(text: str, start: int) -> str:
    return words_before(text, start)[1]


def word_after(text: str, end: int) -> str:
    match = WORD_AFTER.match(text, end, min(len(text), end + LOOK))
    return match[1].lower() if match else ""


def char_before(text: str, start: int) -> str:
    return text[start - 1] if start > 0 else ""


def char_after(text: str, end: int) -> str:
    return text[end] if end < len(text) else ""


def is_letter(ch: str) -> bool:
    return ch.isalpha()
