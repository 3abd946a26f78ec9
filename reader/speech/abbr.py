"""Mark abbreviations in article text with ``<abbr title="...">``.

The glossary that makes the voice say "Ủy ban nhân dân" for "UBND" also tells
screen readers and sighted readers what it stands for.  This works on one text
node at a time (segment.py calls it while rewriting the body), so it can never
touch a tag, an attribute or an existing ``<abbr>``.
"""

from __future__ import annotations

from html import escape

from .normalise import glossary, glossary_pattern

GLOSSARY_LANGUAGES = frozenset({"vi"})  # the glossary's expansions are Vietnamese


def mark_text(text: str, lang: str) -> str:
    """``text`` (plain, unescaped) as escaped HTML, each known abbreviation in an ``<abbr>``."""
    if lang not in GLOSSARY_LANGUAGES:
        return escape(text, quote=False)
    table = glossary()
    out: list[str] = []
    last = 0
    for match in glossary_pattern().finditer(text):
        out.append(escape(text[last:match.start()], quote=False))
        out.append(f'<abbr title="{escape(table[match[0]])}">{escape(match[0], quote=False)}</abbr>')
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)
