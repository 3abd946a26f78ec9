"""Mark abbreviations in article text with ``<abbr title="...">``.

The glossary that makes the voice say "Ủy ban nhân dân" for "UBND" also tells
screen readers and sighted readers what it stands for: the same matches, the
same expansions ("GS.TS" -> "Giáo sư, Tiến sĩ", "Q." before a number ->
"Quận").  This works on one text node at a time (segment.py calls it while
rewriting the body), so it can never touch a tag, an attribute or an existing
``<abbr>``.
"""

from __future__ import annotations

from html import escape

from .normalise.glossary import glossary

GLOSSARY_LANGUAGES = frozenset({"vi"})  # the glossary's expansions are Vietnamese


def mark_text(text: str, lang: str) -> str:
    """``text`` (plain, unescaped) as escaped HTML, each known abbreviation in an ``<abbr>``."""
    if lang not in GLOSSARY_LANGUAGES:
        return escape(text, quote=False)
    out: list[str] = []
    last = 0
    for start, end, expansion in glossary().find(text):
        out.append(escape(text[last:start], quote=False))
        out.append(f'<abbr title="{escape(expansion)}">{escape(text[start:end], quote=False)}</abbr>')
        last = end
    out.append(escape(text[last:], quote=False))
    return "".join(out)
