"""Search: Vietnamese-aware folding, the full-text index's text, queries,
highlighted snippets and related articles.

Readers type "hoi nghi" for "Hội nghị", "duong" for "đường", and "hoà" or
"hòa" as their school taught them.  SQLite's ``unicode61 remove_diacritics 2``
strips the tone and vowel marks, but not the rest: đ is a letter of its own,
text may arrive decomposed (NFD), and old and new tone placement (hoà/hòa,
thuỷ/thủy) are different letters even in NFC.  So both the indexed text and
the query go through ``fold`` first.

Highlights are found here, in Python, on the original text with its tone
marks (FTS5's own ``highlight()`` would mark the folded copy the index
stores): each query word becomes one regex whose letters match every way the
letter can be written (d -> d or đ, a -> a, à, ấ, ...), so it is a single scan
of the stored text, in its own offsets.  ``fold`` also keeps one character for
one, so an offset in folded text is an offset in the original.

User input never reaches a query language raw: it is cut into words, and
each store quotes each word (FTS5 phrases, tsquery lexemes), so ``AND``,
``NEAR``, ``*``, ``:`` or a stray quote are just text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .models import Article, ArticleSummary, Locale, Page

if TYPE_CHECKING:
    from collections.abc import Hashable

    from .store import Store

MAX_QUERY_LENGTH = 200  # characters; a longer query is cut, and the reader told
MAX_TERMS = 12
RESULT_CAP = 1000  # counting stops here ("more than 1,000 results")
SNIPPET_LENGTH = 220  # characters of context around the first match
RELATED_LIMIT = 5
RELATED_BUDGET = 400  # most articles "related articles" ranks per page view

# One character for one: đ is not d plus a mark, so the tokenizer keeps it.
_D = str.maketrans({"đ": "d", "Đ": "D"})
# Old tone placement at the end of a syllable (hoà, hoè, thuỷ) -> new (hòa,
# hòe, thủy).  Only syllable-final: in "hoàng" or "quý" both styles agree.
_OLD_TONE = re.compile(
    r"(?<![qQ])([oO](?=[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ])|[uU](?=[ỳýỷỹỵỲÝỶỸỴ]))(.)(?![^\W_])"
)
_WORD = re.compile(r"[^\W_]+")
_TAGS = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    base, tone = decomposed[0], decomposed[1:]
    return unicodedata.normalize("NFC", first + tone) + base


def fold(text: str) -> str:
    """NFC, đ->d, old tone placement -> new.  Same length as NFC ``text``."""
    return _OLD_TONE.sub(_move_tone, unicodedata.normalize("NFC", text).translate(_D))


def plain_text(body_html: str) -> str:
    """The words of sanitised article HTML (tags out, entities decoded)."""
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", body_html))).strip()


class _Bare(dict[int, str]):
    """A str.translate table: each character to its lower-case base letter,
    one for one (so offsets still hold), filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        lower = chr(code).lower()
        self[code] = base = unicodedata.normalize("NFD", lower)[0] if lower else chr(code)
        return base


_BARE = _Bare()


def key(word: str) -> str:
    """A word as the index compares it: folded, lower case, without marks."""
    return fold(word).translate(_BARE)


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as we show it and search it (control characters out, at most
    MAX_QUERY_LENGTH characters), and whether it had to be shortened."""
    text = _SPACES.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", raw))).strip()
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


def terms(query: str) -> list[str]:
    """Distinct words of the query, as keys, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(query)):
        seen.setdefault(key(word), None)
    return list(seen)[:MAX_TERMS]


def index_words(text: str) -> list[str]:
    """Every word of ``text`` as a key, in order: what an index entry holds
    (reader/store/postgres.py builds its tsvector from these, so PostgreSQL
    splits words exactly as the queries do)."""
    # The whole text at once: folding and dropping marks keep one character for
    # one and letters letters, so the words are where they were.
    return _WORD.findall(fold(text).translate(_BARE))


# -- highlights ----------------------------------------------------------------------
Segments = tuple[tuple[str, bool], ...]  # (text, is a match): the template escapes and marks


def _letter_classes() -> dict[str, str]:
    """For each base letter, a regex class of every letter that folds to it
    (a -> [aAàÀáÁâÂấẤ...], d -> [dDđĐ]), in the Latin blocks Vietnamese uses."""
    letters: dict[str, set[str]] = {}
    for code in [*range(0x30, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = key(chr(code))
        if len(base) == 1 and base.isascii() and base.isalnum():
            letters.setdefault(base, set()).add(chr(code))
    return {base: "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" for base, chars in letters.items()}


_LETTERS = _letter_classes()


@lru_cache(maxsize=256)
def _finder(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for the query's words as they may be written in the original
    text (any case, marks, đ, tone placement), so highlighting is a single scan
    of the text as stored, with its own offsets."""
    patterns = ("".join(_LETTERS.get(ch, re.escape(ch)) for ch in w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(patterns)})(?![^\W_])")


def _matches(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words are in NFC ``text``."""
    return [m.span() for m in _finder(tuple(words)).finditer(text)] if words else []


def _cut(text: str, spans: list[tuple[int, int]]) -> Segments:
    segments: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        if start > position:
            segments.append((text[position:start], False))
        segments.append((text[start:end], True))
        position = end
    if position < len(text):
        segments.append((text[position:], False))
    return tuple(segments)


def highlight(text: str, words: list[str]) -> Segments:
    """``text`` (NFC) cut into plain and matched runs; whole words match by key."""
    text = unicodedata.normalize("NFC", text)
    return _cut(text, _matches(text, words))


def snippet(text: str, words: list[str], length: int = SNIPPET_LENGTH) -> Segments:
    """About ``length`` characters of ``text`` around its first match, cut at
    word boundaries, with "…" where text was left out."""
    text = unicodedata.normalize("NFC", text)
    spans = _matches(text, words)
    if not spans:
        return ()
    first = spans[0][0]
    start = max(0, first - length // 3)
    end = min(len(text), start + length)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space != -1 else max(end, spans[0][1])
    inside = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    return ((("…", False),) if start > 0 else ()) + _cut(text[start:end], inside) + \
        ((("…", False),) if end < len(text) else ())


# -- queries (the SQL is the store's: reader/store/) ----------------------------------------
@dataclass(frozen=True)
class Hit:
    item: ArticleSummary
    title: Segments
    snippet: Segments


@dataclass(frozen=True)
class Results:
    query: str
    words: list[str]
    hits: tuple[Hit, ...]
    page: Page  # its items are the hits' articles, so the pagination partial works unchanged
    capped: bool  # the count stopped at RESULT_CAP


def search(store: Store, query: str, locale: Locale, page: int, size: int) -> Results:
    """Articles visible to readers of ``locale`` that contain every word of
    ``query``, best first.  A page past the end gives the last page."""
    words = terms(query)
    if not words:
        return Results(query, words, (), Page((), 1, size, 0), False)
    # Past RESULT_CAP matches a query is too broad for ranking to mean much:
    # the most recently added come first, and the store hands over only those
    # up to this page, so the cost stays flat however large the archive grows.
    # Below it, the store's relevance score ranks the few matches.
    page = min(page, max(1, -(-RESULT_CAP // size)))
    matches, capped = store.search_matches(words, locale, RESULT_CAP, page * size)
    total = RESULT_CAP if capped else len(matches)
    page = min(page, max(1, -(-total // size)))
    if capped:
        ids = matches[(page - 1) * size:min(page * size, total)]
    else:
        scores = store.search_scores(words, matches)
        # Vietnamese words are often two syllables ("hội nghị"): the words
        # side by side, in the reader's order, come before the same syllables
        # scattered ("nghỉ hè ... hội chợ").
        ranked = sorted(matches, key=lambda i: (not scores[i][0], -scores[i][1], -i))
        ids = ranked[(page - 1) * size:page * size]
    rows = store.search_rows(ids)
    hits = []
    for article_id in ids:
        item, body_html = rows[article_id]
        body = plain_text(body_html)
        context = snippet(body, words) or snippet(item.summary, words) or ((item.summary, False),)
        hits.append(Hit(item, highlight(item.title, words), context))
    items = tuple(h.item for h in hits)
    return Results(query, words, tuple(hits), Page(items, page, size, total), capped)


# (database, content generation, word) -> articles with the word in their
# title or summary, counted up to RELATED_BUDGET + 1.  Only a cache: title words
# recur from article to article, and any write moves the generation on.
_COUNTS: dict[tuple[object, ...], int] = {}


def _word_count(store: Store, generation: tuple[object, ...], word: str) -> int:
    cached = _COUNTS.get((*generation, word))
    if cached is None:
        if len(_COUNTS) >= 100_000:
            _COUNTS.clear()
        cached = _COUNTS[(*generation, word)] = store.headline_word_count(word, RELATED_BUDGET + 1)
    return cached


def related(store: Store, article: Article, locale: Locale, limit: int = RELATED_LIMIT,
            generation: Hashable | None = None) -> list[ArticleSummary]:
    """Up to ``limit`` articles whose title or summary shares the most
    distinctive words of this one's title, among those visible to readers of
    ``locale``; never the article itself or its translation.

    Distinctive: fewest other articles have the word in their title or
    summary.  Words in more than RELATED_BUDGET of them say little, and
    leaving them out bounds the ranking work, whatever the archive's size.

    ``generation``: the store's content generation when the caller already has
    it (a page's content clock), so no round trip asks for it again."""
    counts = []
    generation = (store.name, store.generation() if generation is None else generation)
    for word in [w for w in terms(article.title) if len(w) > 1][:8]:
        count = _word_count(store, generation, word)
        if 1 < count <= RELATED_BUDGET:  # 1: only this article has it
            counts.append((count, word))
    chosen: list[str] = []
    total = 0
    for count, word in sorted(counts):
        if total + count > RELATED_BUDGET or len(chosen) == 4:
            break
        chosen.append(word)
        total += count
    if not chosen:
        return []
    return store.related(article, chosen, locale, limit)
