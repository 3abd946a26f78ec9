"""Words that fit: large text on a narrow screen never splits a word.

A reader at 400 % on a 320 px phone has room for about eight letters a line.
Breaking words to fit ("Chu|ng dãy") makes them unreadable, and letting them
stick out scrolls the page sideways, so the text instead grows only as far as
the page's widest word allows on that screen: the server measures the widest
word of each rendered page (in ems, with the widths of DejaVu Sans Bold, wide
enough to bound the usual phone fonts), and marks ``<html>`` with them:
``data-fit="tN hN"``, N for the text and for the headings (that width in
whole ems, rounded up).  An attribute, not classes: the classes on
``<html>`` are the reader's settings (the offline worker compares them).  The stylesheet caps the root size with
``min(<chosen size>, room / (1.125 * N))`` (body text is 1.125rem) and each
heading, and the article's lead, with ``min(<its size>, room / N)``, where
room is the screen's width less the gutters (static/css/reader.css, "Words
that fit").  On wide screens, or for a
page of short words, the caps are above the chosen size and change nothing.

Web addresses and code may still wrap (they are not words), and a word wider
than ``MAX_EMS`` wraps too rather than shrink a whole page for it.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final

from .prefs import Prefs

# Advance widths of DejaVu Sans Bold in ems, rounded up to 0.02 (measured
# with Pillow from Debian's fonts-dejavu-core), grouped by width.
_GROUPS: Final = {
    0.32: "'", 0.36: "ijl", 0.38: ",./IJ\\|‘’·", 0.4: ":;", 0.42: "-", 0.44: "f",
    0.46: "!()[]", 0.48: "t", 0.5: "_`r–°", 0.54: '"*', 0.6: "?csz", 0.64: "L",
    0.66: "vxy“”«»", 0.68: "aek", 0.7: "$0123456789EFTo", 0.72: "bdghnpqu{}",
    0.74: "CPSYZ", 0.78: "ABKRVX", 0.82: "U", 0.84: "#+<=>DGHN^~×", 0.86: "OQ",
    0.88: "&", 0.94: "w", 1.0: "@M…—", 1.02: "%", 1.06: "m", 1.12: "W",
}
_WIDTHS: Final = {char: width for width, chars in _GROUPS.items() for char in chars}
_UNKNOWN: Final = 1.0  # anything else (a wide glyph is the safe guess)
_ACCENT: Final = 0.03  # a letter with a mark counts this much wider than its base
_WIDEST_CHAR: Final = max(*_WIDTHS.values(), _UNKNOWN) + _ACCENT
MIN_EMS: Final = 3
MAX_EMS: Final = 10
LETTER_SPACING_WIDE: Final = 0.12  # em per letter (WCAG 1.4.12), see reader.css

_HEADING: Final = re.compile(r"<(h[1-3])\b[^>]*>(.*?)</\1>", re.S)
# Text that starts further in than the gutter (a list's markers, a quote's
# rule, a fieldset's frame and radio buttons) has less room: its words count
# as this much wider.
_INDENTED: Final = (
    (re.compile(r"<(fieldset)\b[^>]*>(.*?)</fieldset>", re.S), 1.25),
    (re.compile(r"<(li|blockquote|dd)\b[^>]*>(.*?)</\1>", re.S), 1.1),
)
_SKIPPED: Final = re.compile(r"<(code|script|style|template)\b.*?</\1>", re.S)
_TAG: Final = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")  # quoted attributes may hold ">"
_SPACES: Final = re.compile(r"[\s\u200b]+")
# Where else browsers may break a line inside a word: after a hyphen, a dash
# or an ellipsis ("socio-|economic", "…|Về").
_BREAKS: Final = re.compile(r"(?<=[-\u2010\u2013\u2014\u2026])")


@lru_cache(maxsize=8192)
def _char_width(char: str) -> float:
    width = _WIDTHS.get(char)
    if width is None:
        base = unicodedata.normalize("NFD", char)[0]
        base = {"đ": "d", "Đ": "D"}.get(base, base)
        width = _WIDTHS.get(base, _UNKNOWN) + (_ACCENT if base != char else 0)
    return width


def word_width(word: str, letter_spacing: float = 0.0) -> float:
    """The width of ``word`` in ems (bold), letter spacing included."""
    return sum(_char_width(c) for c in word) + letter_spacing * len(word)


def widest(text: str, letter_spacing: float = 0.0) -> float:
    """The widest word of plain ``text``, in ems; web addresses are left out."""
    best = 0.0
    widest_char = _WIDEST_CHAR + letter_spacing
    # Each distinct word once, and none that could not beat the widest so far
    # even if every letter were the widest glyph: a page of 2,000 words has a
    # few hundred distinct ones, and most are short.
    for run in set(_SPACES.split(text)):
        if len(run) * widest_char > best and "://" not in run and not run.startswith("www."):
            for word in _BREAKS.split(run):
                if len(word) * widest_char > best:
                    best = max(best, word_width(word, letter_spacing))
    return best


def _steps(ems: float) -> int:
    return min(MAX_EMS, max(MIN_EMS, math.ceil(ems)))


def measure(page: str, letter_spacing: float = 0.0) -> str:
    """``tN hN`` for the body of a rendered page (or for a fragment of one,
    such as the search results htmx swaps in)."""
    start, end = page.find("<body"), page.rfind("</body>")
    body = _SKIPPED.sub(" ", page[max(start, 0):end if end >= 0 else None])
    found: list[tuple[str, float]] = []  # (fragment, how much wider its words count; 0: a heading)

    def plain(fragment: str) -> str:
        return html.unescape(_TAG.sub(" ", fragment))

    def taken(scale: float) -> Callable[[re.Match[str]], str]:
        def take(match: re.Match[str]) -> str:
            found.append((match.group(2), scale))
            return " "
        return take

    text = _HEADING.sub(taken(0.0), body)
    for pattern, scale in _INDENTED:
        text = pattern.sub(taken(scale), text)
    t = max([widest(plain(text), letter_spacing)]
            + [widest(plain(fragment), letter_spacing) * scale for fragment, scale in found if scale])
    h = max((widest(plain(fragment), letter_spacing) for fragment, scale in found if not scale), default=0.0)
    return f"t{_steps(t)} h{_steps(h)}"


def letter_spacing(prefs: Prefs) -> float:
    return LETTER_SPACING_WIDE if prefs.letter_spacing == "wide" else 0.0


def apply(page: str, letter_spacing: float = 0.0) -> str:
    """``page`` with ``data-fit`` on its ``<html>``; a fragment (no
    ``<html``) is returned as it is."""
    head = page.find("<html")
    if head < 0:
        return page
    at = head + len("<html")
    return f'{page[:at]} data-fit="{measure(page, letter_spacing)}"{page[at:]}'
