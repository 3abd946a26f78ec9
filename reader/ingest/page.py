"""A web page, parsed once: its tree, its metadata and where it lives.

lxml's HTML parser (libxml2) reads a news page about ten times faster than
BeautifulSoup's pure-Python one, and a real page is 100-500 KB; the article
it yields is small enough for the cleaning in ``body.py`` to keep using
BeautifulSoup.

What publishers declare about an article (``<meta>`` tags, JSON-LD
``NewsArticle``/``Article``) is read before anything is removed, because the
scripts that carry JSON-LD go next.  Parts a reader never sees (``hidden``,
``aria-hidden``, ``display:none``) go too: they hold menus, dialogs and
duplicates, never the article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .body import ReadError, tidy

Element = Any  # lxml.etree._Element: lxml ships no type information
# Plain etree elements: lxml.html's element classes cost a Python lookup per
# element touched, a third of the time on a large page.
PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)

PRUNED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
          "link", "select", "textarea", "input", "button", "dialog")
ARTICLE_TYPES = {"article", "newsarticle", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
                 "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting",
                 "liveblogposting", "scholarlyarticle", "techarticle", "report", "webpage", "creativework"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class Page:
    root: Element  # <html>, pruned
    meta: dict[str, str] = field(default_factory=dict)  # by lowercased name / property / itemprop
    ld: list[dict[str, Any]] = field(default_factory=list)  # JSON-LD objects of article types
    base_url: str | None = None  # what relative links and images resolve against
    lang: str = ""
    title: str = ""  # the <title> element's text
    site_names: set[str] = field(default_factory=set)

    def meta_first(self, *names: str) -> str:
        for name in names:
            value = self.meta.get(name.lower())
            if value:
                return value
        return ""

    def ld_first(self, *keys: str) -> Any:
        for obj in self.ld:
            for key in keys:
                if obj.get(key):
                    return obj[key]
        return None

    def absolute(self, url: str) -> str:
        url = url.strip()
        if not self.base_url or not url or url.startswith(("data:", "#", "mailto:")):
            return url
        try:
            return urljoin(self.base_url, url)
        except ValueError:
            return url


def elements(root: Element) -> Iterator[Element]:
    """Elements only, in document order (not the entities lxml may keep)."""
    return root.iter(etree.Element)


def text_of(node: Element) -> str:
    """The text of ``node`` with its spacing collapsed (``tidy`` is for
    what is shown; this is for measuring, called thousands of times)."""
    return " ".join("".join(node.itertext()).split())


def inside(node: Element, ancestor: Element) -> bool:
    """Whether ``ancestor`` is above ``node`` (lxml has no ``contains``)."""
    parent = node.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def class_and_id(node: Element) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''}".strip()


def parse_page(text: str, source: Path | str | None = None) -> Page:
    """Parse ``text``; ``source`` is the page's URL (relative links and images
    resolve against it) or the file it was saved as."""
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses str with an encoding declaration
    try:
        root = etree.fromstring(text, PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"cannot be read as HTML ({exc})") from None
    if root is None:
        raise ReadError("found no article text in this page (it has no HTML elements)")
    page = Page(root=root)
    for meta in root.iter("meta"):
        content = tidy(meta.get("content") or "")
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            for key in (meta.get(attr) or "").lower().split():  # property="dc:description og:description"
                page.meta.setdefault(key, content)
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() and script.text:
            page.ld += _article_objects(script.text)
    title = root.find(".//title")
    page.title = tidy(text_of(title)) if title is not None else ""
    page.lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
                 or page.meta.get("content-language") or page.meta.get("og:locale") or "")[:2].lower()
    page.base_url = _base_url(root, page, source)
    for name in (page.meta.get("og:site_name"), page.meta.get("application-name"), _publisher(page)):
        if name:
            page.site_names.add(name)
    _prune(root)
    return page


def _base_url(root: Element, page: Page, source: Path | str | None) -> str | None:
    url = str(source) if isinstance(source, str) and urlsplit(str(source)).scheme in ("http", "https") else ""
    base = root.find(".//base[@href]")
    if base is not None:
        href = str(base.get("href") or "").strip()
        url = urljoin(url, href) if url else href
    return url if urlsplit(url).scheme in ("http", "https") else None


def _article_objects(data: str) -> list[dict[str, Any]]:
    """JSON-LD objects that describe an article, however nested (``@graph``,
    lists, ``mainEntity``); a broken block is skipped, as browsers do."""
    data = _WRAPPERS.sub("", data)
    try:
        parsed = json.loads(data, strict=False)
    except ValueError:
        return []
    found: list[dict[str, Any]] = []
    stack: list[Any] = [parsed]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            kinds = item.get("@type") or []
            kinds = [kinds] if isinstance(kinds, str) else kinds
            if any(k.lower() in ARTICLE_TYPES or k.lower().endswith(("article", "posting"))
                   for k in kinds if isinstance(k, str)):
                found.append(item)
            stack += [item[key] for key in ("@graph", "mainEntity", "mainEntityOfPage") if key in item]
    # A real article type outranks a WebPage that merely contains it.
    found.sort(key=lambda o: str(o.get("@type")).lower() in ("webpage", "creativework"))
    return found


def _publisher(page: Page) -> str:
    publisher = page.ld_first("publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    if isinstance(publisher, dict):
        return tidy(str(publisher.get("name") or ""))
    return tidy(publisher) if isinstance(publisher, str) else ""


def _prune(root: Element) -> None:
    for node in root.xpath("|".join(f"//{tag}" for tag in PRUNED) + "|//body//meta"):
        drop(node)
    for node in root.xpath("//body//*[@hidden or @aria-hidden or @style]"):
        if node.get("hidden") is not None or _HIDDEN_STYLE.search(node.get("style") or "") or (
                (node.get("aria-hidden") or "").lower() == "true"
                and "fallback-image" not in (node.get("class") or "")):
            drop(node)


def drop(node: Element) -> None:
    """Remove ``node`` with what is inside it, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)
