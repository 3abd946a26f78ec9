"""An article's title, lead, byline and date, wherever the page keeps them.

Publishers declare them for search engines and social networks (JSON-LD
``NewsArticle``, Open Graph, Dublin Core, ``<meta name=author>``) and print
them for readers (the headline, a sapo or standfirst, a byline block, a
``<time>``, ``Tác giả:`` or a signature line at the end on Vietnamese
portals).  Declared values are checked against what is printed: the visible
headline wins when it matches one of the declared titles, so its exact
wording is kept, and a heading that only names the site (the portal's name in
its banner) is never the title.

The elements found this way inside the article (its headline, lead, byline,
date line) are handed back so the body does not repeat them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .body import tidy
from .content import Content, first_sentence, link_density
from .dates import parse_date
from .page import Element, Page, class_and_id, elements, inside, text_of

# In the order Readability trusts them (Dublin Core is set on purpose; Open
# Graph often by a plug-in).
TITLE_META = ("dc:title", "dc.title", "dcterm:title", "dcterms.title", "og:title", "twitter:title",
              "parsely-title", "sailthru.title", "headline", "title")
DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
             "publish-date", "publish_date", "dc.date.issued", "dc.date", "dcterms.created", "dcterms.date",
             "parsely-pub-date", "sailthru.date", "article.published", "published_time", "og:published_time",
             "citation_publication_date", "date", "datecreated")
AUTHOR_META = ("dc:creator", "dc.creator", "dcterm:creator", "dcterms.creator", "author", "parsely-author",
               "article:author", "og:article:author", "byl", "sailthru.author", "citation_author")
LEAD_WORDS = {"sapo", "standfirst", "lead", "lede", "dek", "deck", "summary", "description", "excerpt",
              "intro", "subtitle", "subheadline", "subhead", "chapeau", "hometext", "brief", "strapline",
              "teaser-text", "abstract", "tomtat", "mota"}
BYLINE_CLASS = re.compile(r"byline|author|writtenby|p-author|tac-?gia|dateline|contributor", re.I)
NOT_BYLINE_CLASS = re.compile(r"bio|avatar|photo|image|img|follow|more-by|about|social|share|comment", re.I)
SITE_CLASS = re.compile(r"logo|brand|site-?(?:title|name|header)|masthead|navbar|\bheader\b", re.I)
SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»|/|\\)\s+|\s*\|\s*|\s+_\s*|\s*_\s+|\s+\[|]\s*$")
AUTHOR_LABEL = re.compile(r"(?:Tác giả(?: bài viết)?|Người viết|Bài(?: và ảnh)?|Author|Written by)\s*[:：]", re.I)
AUTHOR_TEXT = re.compile(
    r"(?:Tác giả(?: bài viết)?|Người viết|Bài(?: và ảnh)?|Author|Written by)\s*[:：]\s*(.+)", re.I)
BY_PREFIX = re.compile(r"^(?:(?:written|posted|reported|words)\s+by|by|bởi|par|von|por|di|door|av)\b[:\s]*",
                       re.I)
BYLINE_END = re.compile(
    r"\s*(?:[|•·\n]|\d|\b(?:updated|published|posted|last updated|cập nhật|ngày đăng|đăng lúc|on (?=\w+ \d))"
    r"\b|\s[-–—]\s|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|thứ (?:hai|ba|tư|năm|sáu|bảy)\b|chủ nhật\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d).*",
    re.I | re.S)
BY_LINE = re.compile(r"^(?:By|Bởi|Par|Von|Por)\s+[^\W\d_]", re.I)
NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")


@dataclass
class Metadata:
    title: str
    lead: str = ""
    author: str = ""
    published: datetime | None = None
    drop: set[Element] = field(default_factory=set)  # elements inside the body that hold these


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def read_metadata(page: Page, content: Content) -> Metadata:
    heading, region = _title_heading(page, content)
    title = tidy(text_of(heading)) if heading is not None else _declared_title(page)
    found = Metadata(title=title)
    if heading is not None and content.contains(heading):
        found.drop.add(heading)
    if not found.title:
        found.title = first_sentence(text_of(content.anchor))
    found.lead = _lead(page, content, region, heading, found)
    found.author = _author(page, content, region, found)
    found.published = _published(page, content, region, found)
    return found


# -- title --------------------------------------------------------------------------------
def _declared_titles(page: Page) -> list[str]:
    titles = []
    headline, name = page.ld_first("headline"), page.ld_first("name")
    if isinstance(headline, str) and isinstance(name, str) and fold(headline) != fold(name):
        # Some publishers put a description in one of them: the one the
        # page's <title> agrees with is the title.
        words = set(fold(page.title).split())
        headline = max((headline, name), key=lambda t: len(words & set(fold(t).split())) / (1 + len(t.split())))
    headline = headline if isinstance(headline, str) else name
    if isinstance(headline, str) and tidy(headline):
        titles.append(tidy(headline))
    titles += [page.meta[name] for name in TITLE_META if page.meta.get(name)]
    return titles


def _site_parts(page: Page) -> set[str]:
    names = {fold(n) for n in page.site_names}
    if page.base_url:
        host = urlsplit(page.base_url).hostname or ""
        names.add(fold(host.removeprefix("www.")))
        names.add(fold(host.removeprefix("www.").split(".")[0]))
    return {n for n in names if n}


def strip_site(title: str, page: Page) -> str:
    """A title without the site's name before or after a separator."""
    sites = _site_parts(page)
    parts = [p for p in SEPARATOR.split(title) if p and p.strip()]
    if len(parts) < 2:
        return tidy(title)
    kept = [p for p in parts if fold(p) not in sites and not any(fold(p) and fold(p) in s for s in sites)]
    if kept and len(kept) < len(parts):
        return tidy(" - ".join(kept)) if len(kept) > 1 else tidy(kept[0])
    return tidy(title)


def _document_title(page: Page) -> str:
    """``<title>`` without the site's name: the known name first, else the
    part before the last separator unless that leaves too few words."""
    title = page.title
    if not title:
        return ""
    stripped = strip_site(title, page)
    if stripped != tidy(title):
        return stripped
    parts = [p for p in SEPARATOR.split(title) if p and p.strip()]
    if len(parts) >= 2:
        head = tidy(" - ".join(parts[:-1]))
        if len(head.split()) >= 3:
            return head
        tail = tidy(" - ".join(parts[1:]))
        if len(tail.split()) >= 3:
            return tail
    return tidy(title)


def _declared_title(page: Page) -> str:
    for title in _declared_titles(page):
        stripped = strip_site(title, page)
        if stripped and not _is_site_name(stripped, page):
            return stripped
    title = _document_title(page)
    return "" if _is_site_name(title, page) else title


def _is_site_name(text: str, page: Page) -> bool:
    folded = fold(text)
    return bool(folded) and folded in _site_parts(page)


def same_title(heading: str, declared: str) -> bool:
    a, b = fold(heading), fold(declared)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 15 and f" {shorter} " in f" {longer} " and len(shorter) >= 0.6 * len(longer)


def _site_heading(node: Element, page: Page) -> bool:
    """A heading that names the site: its text is the site's name, it links
    to the home page, or it sits in the banner."""
    text = text_of(node)
    if not text or _is_site_name(text, page):
        return True
    for link in node.iter("a"):
        href = (link.get("href") or "").strip()
        if href in ("/", "./", "index.html", "#") or (page.base_url and href.rstrip("/") in (
                f"{urlsplit(page.base_url).scheme}://{urlsplit(page.base_url).netloc}",)):
            return True
    for ancestor in node.iterancestors():
        if ancestor.tag in ("header", "nav") or SITE_CLASS.search(class_and_id(ancestor)):
            return not any(a.tag in ("article", "main") for a in ancestor.iterancestors()) \
                and ancestor.tag != "article"
        if ancestor.tag in ("article", "main", "body"):
            break
    return False


def _title_heading(page: Page, content: Content) -> tuple[Element | None, Element]:
    """The printed headline and the smallest part of the page around the
    article that holds it."""
    # The most trusted declared title decides; the printed headline that
    # matches it gives the exact wording.
    declared = _declared_titles(page)[:1]
    if page.title and not declared:
        declared += [page.title, _document_title(page)]
        declared += [p for p in SEPARATOR.split(page.title) if p and len(p.strip()) >= 15]
    anchor = content.anchor
    # The body may repeat the title: look around it first (its parent holds it too).
    chain = [a for a in anchor.iterancestors() if a.tag != "html"] + [anchor]
    fallback: tuple[Element | None, Element] = (None, anchor.getparent() if anchor.getparent() is not None
                                                 else anchor)
    weak: tuple[Element, Element] | None = None
    for region in chain:
        if region.tag == "html":
            break
        headings = [h for h in region.iter("h1", "h2", "h3") if len(text_of(h)) <= 300]
        for tag in ("h1", "h2", "h3"):
            for heading in headings:
                if heading.tag != tag or _site_heading(heading, page):
                    continue
                if any(same_title(text_of(heading), d) for d in declared):
                    return heading, region
                if weak is None and tag == "h1":
                    weak = (heading, region)
    if weak is not None and not _declared_title(page):
        return weak  # nothing declared: the article's own h1
    return fallback


# -- lead ---------------------------------------------------------------------------------
def _class_words(node: Element) -> set[str]:
    words: set[str] = set()
    for value in (node.get("class") or "", node.get("id") or ""):
        for name in value.lower().split():
            words.add(name)
            words.update(re.split(r"[-_]+", name))
    if (node.get("itemprop") or "").lower() == "description":
        words.add("description")
    return words


def _lead(page: Page, content: Content, region: Element, heading: Element | None, found: Metadata) -> str:
    """A sapo or standfirst printed between the headline and the body (or
    as the body's first block)."""
    for node in region.xpath(".//*[@class or @id or @itemprop]"):
        if node.tag in ("html", "body", "img", "figure", "figcaption", "a") or node in found.drop:
            continue
        if node in content.enclosing and node not in content.blocks[:1]:
            continue  # (a first block of its own may be the lead, joined as a sibling)
        if heading is not None and (node is heading or inside(heading, node)):
            continue
        if not (_class_words(node) & LEAD_WORDS):
            continue
        text = tidy(text_of(node))
        if not 30 <= len(text) <= 1200 or link_density(node, len(text)) > 0.5:
            continue
        if any(a.tag in ("figure", "figcaption") for a in node.iterancestors()):
            continue
        in_body = content.contains(node)
        if in_body and len(content.blocks) == 1 and node is content.blocks[0]:
            continue  # the whole article is not its own lead
        if in_body and not _near_start(node, content):
            continue
        if in_body:
            found.drop.add(node)
        return text
    return ""


def _near_start(node: Element, content: Content) -> bool:
    """Whether ``node`` comes before the body's second paragraph."""
    seen = 0
    for block in content.blocks:
        for item in block.iter():
            if item is node:
                return True
            if item.tag == "p" and len(text_of(item)) > 60:
                seen += 1
                if seen >= 2:
                    return False
    return False


# -- byline -------------------------------------------------------------------------------
def clean_byline(text: str) -> str:
    """The names in a printed byline: no "By", no date or time, no label."""
    text = tidy(text)
    text = BY_PREFIX.sub("", text)
    text = BYLINE_END.sub("", text)
    text = AUTHOR_LABEL.sub("", text)
    text = re.split(r"\s+(?:Nguồn tin|Nguồn)\s*[:：]", text)[0]
    return text.strip(" .,;:-–—|/()")


def _ld_authors(page: Page) -> str:
    value = page.ld_first("author", "creator")
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name: Any = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = ", ".join(str(n) for n in name)
        if isinstance(name, str) and tidy(name) and not tidy(name).startswith(("http://", "https://")):
            names.append(tidy(name))
    return ", ".join(dict.fromkeys(names))


def _author(page: Page, content: Content, region: Element, found: Metadata) -> str:
    name = _labelled_author(region) or clean_byline(_ld_authors(page))
    if not name:
        for key in AUTHOR_META:
            value = page.meta.get(key, "")
            if value and not value.startswith(("http://", "https://", "@")):
                name = clean_byline(value)
                if name:
                    break
    if not name:
        for block in _byline_blocks(region, content):
            name = _name_in(block)
            if name:
                break
    if not name:
        line = _by_line(region, content)
        if line is not None:
            name = clean_byline(text_of(line))
            if content.contains(line):
                found.drop.add(line)
    if not name:
        signature = _signature(content)
        name = clean_byline(text_of(signature)) if signature is not None else ""
    if name:
        _drop_repeats(region, content, name, found)
    return name


def _labelled_author(region: Element) -> str:
    """``Tác giả: Name`` (the portals' byline), wherever it is printed."""
    for node in elements(region):
        if node.text and (":" in node.text or "：" in node.text) and AUTHOR_LABEL.search(node.text):
            holder = node
            while holder.tag in ("strong", "b", "em", "i", "span", "label") and holder.getparent() is not None:
                holder = holder.getparent()
            match = AUTHOR_TEXT.search(text_of(holder))
            if match:
                name = clean_byline(match.group(1))
                if name:
                    return name
    return ""


def _byline_blocks(region: Element, content: Content) -> Iterator[Element]:
    """Elements marked as a byline (class, ``rel=author``, ``itemprop``)
    around the article, nearest first: the title's region, then up to three
    levels around it."""
    seen: set[Element] = set()
    scope: Element | None = region
    for _level in range(4):
        if scope is None or scope.tag == "html":
            return
        for node in scope.xpath(".//*[@class or @id or @rel or @itemprop]"):
            if node in seen or node.tag in ("html", "body") or node in content.enclosing:
                continue
            seen.add(node)
            rel = (node.get("rel") or "").lower()
            itemprop = (node.get("itemprop") or "").lower()
            names = class_and_id(node)
            if rel == "author" or itemprop in ("author", "creator") or (
                    BYLINE_CLASS.search(names) and not NOT_BYLINE_CLASS.search(names)):
                if 2 <= len(text_of(node)) <= 200:
                    yield node
        scope = scope.getparent()


def _byline_block(region: Element, content: Content) -> Element | None:
    return next(iter(_byline_blocks(region, content)), None)


def _name_in(block: Element) -> str:
    for key in (".//*[@itemprop='name']", ".//*[@rel='author']", ".//a[contains(@href, 'author')]"):
        found = block.xpath(key)
        names = [clean_byline(text_of(f)) for f in found if text_of(f)]
        names = [n for n in dict.fromkeys(names) if n]
        if names:
            return ", ".join(names)
    return clean_byline(text_of(block))


def _drop_repeats(region: Element, content: Content, name: str, found: Metadata) -> None:
    """The printed byline and a signature line repeat the author: keep them
    out of the body."""
    block = _byline_block(region, content)
    if block is not None and content.contains(block) and fold(name) in fold(text_of(block)):
        found.drop.add(block)
    signature = _signature(content)
    if signature is not None and fold(clean_byline(text_of(signature))) == fold(name):
        found.drop.add(signature)


def _by_line(region: Element, content: Content) -> Element | None:
    """A short "By Name" line above the article's text, whatever its class."""
    for node in region.iter("p", "div", "span", "address", "li"):
        text = text_of(node)
        if node in content.enclosing and node not in content.blocks:
            continue
        if len(text) <= 80 and BY_LINE.match(text):
            return node
        if node.tag == "p" and len(text) > 80 and not _near_start(node, content):
            break  # past the start of the article
    return None


def _signature(content: Content) -> Element | None:
    """The author's name alone on the last line, as Vietnamese papers sign
    articles: short, capitalised words, right-aligned or in bold."""
    blocks = [p for block in content.blocks for p in block.iter("p", "div") if text_of(p)]
    if not blocks:
        return None
    last = blocks[-1]
    text = text_of(last)
    words = text.split()
    if not 2 <= len(words) <= 6 or len(text) > 60 or not all(NAME_WORD.match(w) and w[0].isupper() for w in words):
        return None
    style = (last.get("style") or "").replace(" ", "").lower()
    aligned = "text-align:right" in style or (last.get("align") or "").lower() == "right" \
        or "right" in (last.get("class") or "").lower() or "author" in (last.get("class") or "").lower()
    emphasised = "".join(text_of(e) for e in last.iter("strong", "b", "em", "i")).replace(" ", "") \
        == text.replace(" ", "")
    return last if aligned or emphasised else None


# -- date ---------------------------------------------------------------------------------
def _published(page: Page, content: Content, region: Element, found: Metadata) -> datetime | None:
    for value in (page.ld_first("datePublished", "dateCreated", "uploadDate"),
                  *(page.meta.get(name) for name in DATE_META)):
        if isinstance(value, str) and value:
            moment = parse_date(value)
            if moment is not None:
                return moment
    for stamp in region.iter("time"):
        moment = parse_date(stamp.get("datetime") or text_of(stamp))
        if moment is not None:
            return moment
    for node in elements(region):
        if node.tag in ("html", "body") or node in found.drop:
            continue
        text = tidy(node.text or "")
        if not text or len(text) > 100 or not any(ch.isdigit() for ch in text) or len(text_of(node)) > 120:
            continue  # a date mentioned in a paragraph is not the publication date
        moment = parse_date(text)
        if moment is not None:
            if content.contains(node) and node.tag != "p":
                found.drop.add(node)
            return moment
    return None
