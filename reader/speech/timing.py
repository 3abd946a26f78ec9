"""A time for every spoken word of a sentence, from whatever word events a voice gave.

Voices are patchy here.  eSpeak NG gives no event for English words it runs
into the next one ("the", "a" before a noun), points the event for the word
after a spaced hyphen at the hyphen ("kinh tế - xã hội"), sometimes points an
event back into the previous word ("such as"), and splits nothing it says as
one ("socio-economic").  Piper gives no word events at all.  A listener who
follows the highlighted words (or a caption reader) needs every word, so:

- each event is tied to the word it belongs to: the word its position falls
  in, or the next word still without a time when the position falls on
  punctuation, back into a word already timed, or inside one after a letter;
- words left without an event get a time between their neighbours',
  in proportion to the characters before them (for Piper, across the
  whole sentence).  Those times are estimates, good enough to highlight by.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .hookspecs import Word

TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Timed:
    """A spoken word: ``text[start:end]``, said ``ms`` after the sentence starts."""

    ms: int
    start: int
    end: int
    estimated: bool


def spoken_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word a voice says: whitespace-separated, with a letter or digit."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(text) if any(ch.isalnum() for ch in m[0])]


def _word_at(words: Sequence[tuple[int, int]], position: int) -> int | None:
    """The word ``position`` falls in, or the first one after it."""
    for index, (_, end) in enumerate(words):
        if position < end:
            return index
    return None


def align(text: str, events: Sequence[Word], duration_ms: int) -> list[Timed]:
    """Every spoken word of ``text`` with its time, in order, never going back in time."""
    words = spoken_words(text)
    times: list[int | None] = [None] * len(words)
    last = -1
    for event in sorted(events, key=lambda e: e.ms):
        index = _word_at(words, event.start)
        if index is None:
            continue
        if index <= last:
            start = words[index][0]
            inner = index == last and event.start > start and not text[event.start - 1].isalnum()
            if inner:  # a piece of a word already timed ("twenty-four")
                continue
            index = last + 1  # a stray position: it belongs to the next word
            if index >= len(words):
                continue
        times[index] = event.ms
        last = index
    return _fill(text, words, times, duration_ms)


def _fill(text: str, words: list[tuple[int, int]], times: list[int | None], duration_ms: int) -> list[Timed]:
    """Estimate the missing times between known ones by character position."""
    anchors = [(0, 0)] + [(words[i][0], t) for i, t in enumerate(times) if t is not None]
    anchors.append((max(len(text), anchors[-1][0] + 1), max(duration_ms, anchors[-1][1])))
    out: list[Timed] = []
    previous = 0
    a = 0
    for index, (start, end) in enumerate(words):
        known = times[index]
        if known is not None:
            ms, estimated = known, False
        else:
            while a + 1 < len(anchors) and anchors[a + 1][0] <= start:
                a += 1
            (x0, t0), (x1, t1) = anchors[a], anchors[min(a + 1, len(anchors) - 1)]
            ms = t0 if x1 <= x0 else t0 + (t1 - t0) * (start - x0) // (x1 - x0)
            estimated = True
        previous = max(previous, ms)
        out.append(Timed(previous, start, end, estimated))
    return out
