"""Article pages saved from news and government portals, or fetched from them.

``read_portal(html, source)`` is the one entry point, for a saved file
(``source`` is its path) and for a page fetched from the web (``source`` is
its URL: relative links and images become absolute, for the caller to
download).  It works in three steps, each in its own module:

- ``page.py`` parses the page once (lxml) and reads what the publisher
  declares (meta tags, JSON-LD);
- ``content.py`` finds the article: the body containers of known portal and
  newspaper systems first (NukeViet, VHV-style portals, Vietnamese papers,
  ``itemprop=articleBody``), then, for any other page, the block where the
  running text is;
- ``metadata.py`` finds the title, lead, byline and date, declared or
  printed, and which of their elements to keep out of the body.

The body then goes through ``body.py`` like every other reader's.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .body import Draft, ReadError
from .content import Content, find_content, first_sentence
from .metadata import read_metadata
from .page import Element, Page, parse_page, text_of

LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-srcset", "srcset", "data-lazy-srcset")


def looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    return any(marker in head for marker in ("<!doctype html", "<html", "<body", "<head", "<article"))


def check_complete(text: str) -> None:
    """A page cut off mid-download has its opening tags and lost its closing
    ones; importing half an article silently would be worse than refusing."""
    lower = text.lower()
    opened = "<html" in lower or "<body" in lower
    closed = re.search(r"</(?:html|body)\s*>", lower) is not None
    if opened and not closed:
        raise ReadError("the page is cut off: it ends before </body></html> "
                        "(was the download or save interrupted?); save the page again")


def read_portal(text: str, source: Path | str) -> Draft:
    """The article in the page ``text``; ``source`` is the file it was saved
    as or the URL it was fetched from."""
    check_complete(text)
    page = parse_page(text, source)
    content = find_content(page)
    if content is None:
        raise ReadError("found no article text in this page")
    found = read_metadata(page, content)
    box = content.extract(found.drop)
    if not _has_text(box):  # the cleaning took everything: keep the block as it was chosen
        box = content.extract(found.drop, clean_shapes=False)
    if not _has_text(box):
        body = page.root.find("body")
        box = Content([body]).extract(found.drop, clean_shapes=False) if body is not None else box
    if not _has_text(box) and not found.lead:
        raise ReadError("found no article text in this page")
    title = found.title or first_sentence(text_of(box))
    if not title:
        raise ReadError("found no title (no h1, og:title or <title>) and no text to make one from")
    _fix_sources(box, page)
    canonical = page.root.find(".//link[@rel='canonical']")
    source_url = (canonical.get("href") or "") if canonical is not None else ""
    # The address it declares, else the one it was fetched from (not its <base>,
    # which is often the site's root); a saved file declares it or has none.
    fetched_from = source if isinstance(source, str) and source.startswith(("http://", "https://")) else ""
    source_url = page.absolute(source_url or page.meta.get("og:url", "")) or fetched_from
    return Draft(
        title=title,
        body_html=(box.text or "") + "".join(
            etree.tostring(child, method="html", encoding="unicode") for child in box),
        lead=found.lead,
        author=found.author,
        published=found.published,
        lang=page.lang or None,
        source_url=source_url if source_url.startswith(("http://", "https://")) else None,
    )


def _has_text(box: Element) -> bool:
    return bool(text_of(box)) or box.find(".//img") is not None


def _fix_sources(box: Element, page: Page) -> None:
    """Lazy-loaded images get their real address, and with a page URL every
    link and image is absolute."""
    for img in box.iter("img"):
        src = (img.get("src") or "").strip()
        if not src or src.startswith("data:"):
            for name in LAZY_SOURCES:
                candidate = (img.get(name) or "").strip().split(",")[0].split(" ")[0]
                if candidate and not candidate.startswith("data:"):
                    img.set("src", candidate)
                    break
        if page.base_url and img.get("src"):
            img.set("src", page.absolute(img.get("src")))
    if page.base_url:
        for link in box.iter("a"):
            if link.get("href"):
                link.set("href", page.absolute(link.get("href")))
