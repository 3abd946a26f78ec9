"""An article as sentences with stable ids, in reading order, each with its language.

The same pass rewrites the article's HTML: every piece of text that belongs to
a sentence is wrapped in ``<span data-sid="...">`` (a sentence that crosses a
link or a ``<strong>`` gets several spans with one id), and abbreviations get
``<abbr title>``.  Doing both here, from one parse, is what keeps the ids in
the page, in ``speech.json`` and in ``audio.vtt`` the same.  Ids count up
from ``s1`` through the title, the summary and the body, so the same article
always gets the same ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from .abbr import mark_text
from .runs import language_spans

# Elements that end a run of text: a sentence never crosses one of these.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br", "img", "picture",
})
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})
SILENT = frozenset({"script", "style", "template", "noscript"})  # never spoken

# Words whose full stop does not end a sentence ("TP. Lào Cai", "Mr. Smith").
NO_SPLIT = frozenset({"TP", "Tp", "Mr", "Mrs", "Ms", "Dr", "St", "Prof", "No", "vs", "e.g", "i.e",
                      "ThS", "TS", "PGS", "GS", "Th.S", "etc"})
END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s)")
RAW, TEXT, PLAIN_TEXT = 0, 1, 2  # kinds of item in a run of text
LONG = 250  # characters: longer sentences are cut at semicolons, for voices that cut off


@dataclass(frozen=True)
class Sentence:
    id: str
    lang: str
    text: str  # as written, whitespace collapsed


@dataclass(frozen=True)
class Segmented:
    sentences: tuple[Sentence, ...]
    title_html: str
    summary_html: str
    body_html: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, without surrounding whitespace."""
    cuts = [0]
    for match in END.finditer(text):
        before = text[:match.start()].rsplit(None, 1)
        word = before[-1] if before else ""
        if word in NO_SPLIT or (len(word) == 1 and word.isupper() and match[0] == "."):
            continue
        cuts.append(match.end())
    cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        spans.extend(_clauses(text, start, end))
    return spans


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One sentence, trimmed, or cut after semicolons when it is too long to speak in one go."""
    parts: list[tuple[int, int]] = []
    pieces = [start]
    if end - start > LONG:
        pieces += [m.end() for m in re.finditer(r";(?=\s)", text[start:end]) if m.end() < end - start]
        pieces = [start] + [start + p for p in pieces[1:]]
    pieces.append(end)
    for a, b in zip(pieces, pieces[1:], strict=False):
        chunk = text[a:b]
        stripped = chunk.strip()
        if any(ch.isalnum() for ch in stripped):
            lead = len(chunk) - len(chunk.lstrip())
            parts.append((a + lead, a + lead + len(stripped)))
    return parts


class _Rewriter(HTMLParser):
    """Streams HTML back out, buffering each run of text between block boundaries."""

    def __init__(self, segmenter: _Segmenter, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.segmenter = segmenter
        self.out: list[str] = []
        self.run: list[tuple[int, str]] = []  # (RAW, TEXT or PLAIN_TEXT, value)
        self.stack: list[tuple[str, str]] = [("", lang)]  # (tag, language in force)
        self.silent = 0
        self.in_abbr = 0

    @property
    def lang(self) -> str:
        return self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.flush()
        raw = self.get_starttag_text() or f"<{tag}>"
        self._emit(raw)
        if tag in VOID:
            return
        lang = next((v for k, v in attrs if k == "lang" and v), self.lang)
        self.stack.append((tag, lang))
        self.silent += tag in SILENT
        self.in_abbr += tag == "abbr"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.flush()
        self._emit(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.flush()
        if any(open_tag == tag for open_tag, _ in self.stack[1:]):
            while self.stack[-1][0] != tag:
                self.stack.pop()
            self.stack.pop()
            self.silent -= tag in SILENT
            self.in_abbr -= tag == "abbr"
        self._emit(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.silent:
            self._emit(escape(data, quote=False))
        else:
            # Inside an author's own <abbr>: speak it, but do not mark inside it.
            self.run.append((PLAIN_TEXT if self.in_abbr else TEXT, data))

    def _emit(self, html: str) -> None:
        if self.run:
            self.run.append((RAW, html))
        else:
            self.out.append(html)

    def flush(self) -> None:
        if self.run:
            self.out.append(self.segmenter.wrap(self.run, self.lang))
            self.run = []

    def result(self) -> str:
        self.close()
        self.flush()
        return "".join(self.out)


class _Segmenter:
    def __init__(self) -> None:
        self.sentences: list[Sentence] = []

    def wrap(self, run: list[tuple[int, str]], lang: str) -> str:
        """Split the run's text into sentences and wrap each text piece in its sentence's span."""
        full = "".join(value for kind, value in run if kind != RAW)
        spans = sentence_spans(full)
        ids = []
        for start, end in spans:
            sid = f"s{len(self.sentences) + 1}"
            ids.append(sid)
            self.sentences.append(Sentence(sid, lang, " ".join(full[start:end].split())))
        out: list[str] = []
        offset = 0
        for kind, value in run:
            if kind == RAW:
                out.append(value)
                continue
            out.append(self._wrap_piece(value, offset, spans, ids, lang, kind == TEXT))
            offset += len(value)
        return "".join(out)

    @staticmethod
    def _wrap_piece(value: str, offset: int, spans: list[tuple[int, int]], ids: list[str],
                    lang: str, mark: bool) -> str:
        out: list[str] = []
        position = offset
        end_of_piece = offset + len(value)
        for (start, end), sid in zip(spans, ids, strict=True):
            if end <= position or start >= end_of_piece:
                continue
            a, b = max(start, position), min(end, end_of_piece)
            out.append(escape(value[position - offset:a - offset], quote=False))
            inner = value[a - offset:b - offset]
            out.append(f'<span data-sid="{sid}">{_mark(inner, lang, mark)}</span>')
            position = b
        out.append(escape(value[position - offset:], quote=False))
        return "".join(out)


def _mark(text: str, lang: str, abbreviations: bool) -> str:
    """Escaped ``text``: abbreviations in ``<abbr>`` (unless inside an author's own),
    and Vietnamese names in other languages' text in ``<span lang="vi">`` so screen
    readers switch voice for them, as the server voice does."""
    out: list[str] = []
    for span in language_spans(text, lang):
        piece = text[span.start:span.end]
        marked = mark_text(piece, span.lang) if abbreviations else escape(piece, quote=False)
        out.append(marked if span.lang == lang else f'<span lang="{span.lang}">{marked}</span>')
    return "".join(out)


def mark_names(text: str, lang: str) -> str:
    """Escaped ``text`` with its Vietnamese names in ``<span lang="vi">`` (for a
    byline or a title in a list, outside the article's own sentences), so a
    screen reader says "Nguyễn Thường" with its Vietnamese voice, as it does
    the same name in the article."""
    return _mark(text, lang, False)


def segment(title: str, summary: str, body_html: str, lang: str) -> Segmented:
    """The article's sentences and its title, summary and body marked up with their ids."""
    segmenter = _Segmenter()
    title_html = segmenter.wrap([(TEXT, title)], lang)
    summary_html = segmenter.wrap([(TEXT, summary)], lang) if summary else ""
    rewriter = _Rewriter(segmenter, lang)
    rewriter.feed(body_html)
    body = rewriter.result()
    return Segmented(tuple(segmenter.sentences), title_html, summary_html, body)
