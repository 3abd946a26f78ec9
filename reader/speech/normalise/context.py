"""The words around a match: how rules tell "ngày 2/9" (a date) from "3/4 số hộ" (a fraction).

Rules look at most a few words away, lower-cased, so "Ngày" and "ngày" count
the same.  Reading a few dozen characters back keeps this cheap on long text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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


OPENERS = frozenset("([{\"'“‘«")
CLOSERS = frozenset(")]}\"'”’».,;:!?…")


def spoken(rule: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """``rule`` as a ``re.sub`` callback whose words never touch the text around them.

    "hội½", "2024°C½", "G7" must come out "hội một phần hai", not "hộimột...": a
    voice reads a glued word letter by letter.  Where a rule changed the text and
    its words meet a letter or a symbol (not a space, not punctuation), a space
    goes between them."""

    def padded(match: re.Match[str]) -> str:
        out = rule(match)
        if out == match[0] or not out:
            return out
        text, start, end = match.string, match.start(), match.end()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if out[0].isalpha() and not (before.isspace() or before in OPENERS):
            out = " " + out
        if out[-1].isalpha() and not (after.isspace() or after in CLOSERS):
            out += " "
        return out

    return padded
