"""Article HTML cleaning with nh3 (ammonia): an allow-list, never a block-list.

Kept: structure a reader and a screen reader use (headings with ids, lists,
tables with header cells, figures with captions, abbreviations, quotes).
Dropped: scripts, styles, classes, inline fonts and colours (they fight the
reader's own settings), iframes and anything not listed here.
"""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "q", "cite",
    "strong", "em", "b", "i", "abbr", "a", "figure", "figcaption", "img", "table", "caption",
    "thead", "tbody", "tfoot", "tr", "th", "td", "code", "pre", "sub", "sup", "small", "span",
    "dl", "dt", "dd", "hr", "time", "mark",
}
ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "th": {"scope", "colspan", "rowspan", "abbr"},
    "td": {"colspan", "rowspan", "headers"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
