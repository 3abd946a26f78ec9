"""A sentence as runs of one language each: Vietnamese names inside English text.

An English article about Sa Pa is full of Vietnamese names ("Tam Đường",
"Phan Đăng Toàn").  eSpeak's English voice has no rules for their letters and
spells them as code points ("D stroke, letter 1B0, letter 1EDD"), and a
screen reader does no better unless the page says ``lang="vi"``.  This module
finds those names so the Vietnamese voice says them and the page marks them.

A word is Vietnamese when it carries a mark only Vietnamese uses this way
(đ, ă, â, ê, ô, ơ, ư, or a tone mark) *and* it is a well-formed Vietnamese
syllable (onset, vowels, final consonant), so "café", "résumé" or "José" stay
English.  A run grows over neighbouring capitalised syllables that carry no
mark ("Tam" in "Tam Đường", "Lai" in "Lai Châu"), but never over English
function words ("The Tam Đường district" keeps "The" English).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

VI = "vi"
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below
VOWEL_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex (â ê ô), breve (ă), horn (ơ ư)
SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?")
# English words that are also well-formed Vietnamese syllables ("the", "to", "an"):
# they never join a Vietnamese run even when capitalised.
ENGLISH = frozenset("""a an and at be but by do go he hi i in it me my no of oh on or so the to
up us we ye yet""".split())
WORD = re.compile(r"[^\W\d_]+")
JOINER = re.compile(r"[ \u00a0]+")  # only spaces may sit between the words of one run


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` is in ``lang``."""

    start: int
    end: int
    lang: str


@lru_cache(maxsize=4096)
def _shape(word: str) -> tuple[bool, bool]:
    """(is a well-formed Vietnamese syllable, carries a Vietnamese mark)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    marked = "đ" in decomposed or any(ch in TONES or ch in VOWEL_MARKS for ch in decomposed)
    tones = sum(ch in TONES for ch in decomposed)
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    if tones > 1 or any(ch in "\u0302\u0306\u031b" for ch in base):  # a mark left on a consonant
        return False, marked
    return SYLLABLE.fullmatch(base) is not None, marked


def is_vietnamese(word: str) -> bool:
    """A word that only Vietnamese writes this way ("Đường", "Liễn"; not "café")."""
    valid, marked = _shape(word)
    return valid and marked


def _may_join(word: str) -> bool:
    """An unmarked word that belongs to a neighbouring Vietnamese name ("Tam", "Lai")."""
    valid, _ = _shape(word)
    return valid and word[:1].isupper() and word.lower() not in ENGLISH


def vietnamese_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of Vietnamese words in ``text``."""
    words = [(m.start(), m.end(), m[0]) for m in WORD.finditer(text)]
    kind = ["vi" if is_vietnamese(w) else "join" if _may_join(w) else "" for _, _, w in words]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if kind[i] != "vi":
            i += 1
            continue
        first = last = i
        while first > 0 and kind[first - 1] and _adjacent(text, words[first - 1], words[first]):
            first -= 1
        while last + 1 < len(words) and kind[last + 1] and _adjacent(text, words[last], words[last + 1]):
            last += 1
        spans.append((words[first][0], words[last][1]))
        i = last + 1
    return spans


def _adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    return JOINER.fullmatch(text[left[1]:right[0]]) is not None


def language_spans(text: str, lang: str) -> tuple[Span, ...]:
    """``text`` cut into spans that cover it exactly, each in one language.  Vietnamese
    text is one span; other text gets a Vietnamese span for each Vietnamese name."""
    base = lang.split("-")[0]
    if base == VI or not text:
        return (Span(0, len(text), lang),)
    spans: list[Span] = []
    position = 0
    for start, end in vietnamese_spans(text):
        if start > position:
            spans.append(Span(position, start, lang))
        spans.append(Span(start, end, VI))
        position = end
    if position < len(text):
        spans.append(Span(position, len(text), lang))
    return tuple(spans)
