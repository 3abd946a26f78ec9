"""Article pages saved from news and government portals.

Found by structure and content, not by the name of one CMS: the NukeViet news
module (``.hometext``, ``#news-bodyhtml`` / ``.bodytext``, ``Tác giả:``), the
VHV-style portals (``h1.title-detail``, ``.brief``, ``.content-detail``) and
most other sites (``article``, ``main``, ``itemprop=articleBody``) are all
entries in the same ordered lists of hints.  A page that matches none of them
falls back to the block with the most paragraph text, which is where the
article is on every portal page we have seen.

Portal chrome (font-size and contrast toolbars, rating, related news, share
buttons, tags, visit counters) is removed by class names and by its wording,
in the older and newer wordings NukeViet has used.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from .body import Draft, ReadError, tidy
from .dates import parse_date

BODY_HINTS = ("#news-bodyhtml", ".bodytext", ".content-detail", "[itemprop=articleBody]",
              ".article-content", ".article-body", ".entry-content", ".post-content", ".detail-content",
              ".news-content", "article", "main")
TITLE_HINTS = ("h1.title-detail", "h1[itemprop=headline]", ".title-detail", "h1")
LEAD_HINTS = (".hometext", ".brief", ".sapo", ".lead", ".summary", ".article-summary", ".excerpt",
              "[itemprop=description]")
AUTHOR_HINTS = ("[itemprop=author]", ".author", ".byline", "[rel=author]", ".tac-gia")
CHROME_CLASS = re.compile(
    r"share|social|related|comment|rating|vote|print|tags?\b|keyword|breadcrumb|banner|advert|\bads?\b|"
    r"toolbar|font-?size|contrast|navigation|\bnav\b|pagination|other-news|tin-?lien-?quan|footer|"
    r"counter|poll|binh-chon", re.I)
CHROME_TEXT = re.compile(
    r"^(?:Tác giả(?: bài viết)?|Người viết|Nguồn tin|Nguồn|Từ khóa|Từ khoá|Tags?|Tin liên quan|"
    r"Tin cùng chuyên mục|Các tin khác|Những tin mới hơn|Những tin cũ hơn|Chia sẻ|In bài|Gửi bài|"
    r"Bình luận|Ý kiến bạn đọc|Gửi ý kiến|Tổng số điểm|Click để đánh giá|Đánh giá bài viết|"
    r"Thống kê truy cập|Bình chọn|Bản đồ|Share|Related|Comments?|Print|Tags)\b\s*[:：]?", re.I)
AUTHOR_TEXT = re.compile(
    r"(?:Tác giả(?: bài viết)?|Người viết|Bài(?: và ảnh)?|Author|Written by)\s*[:：]\s*(.+)", re.I)
AUTHOR_LABEL = re.compile(r"(?:Tác giả(?: bài viết)?|Người viết|Bài(?: và ảnh)?|Author|Written by)\s*[:：]", re.I)
BY_TEXT = re.compile(r"^\s*By\s+(.+)$")
SITE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]+$")


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


class _Index:
    """Elements by the simple selectors the hints use (``#id``, ``.class``,
    ``tag``, ``tag.class``, ``[itemprop=x]``, ``[rel=x]``), built in one pass:
    trying a dozen hints with a CSS engine would walk the page a dozen times."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.by_key: dict[str, list[Tag]] = {}
        for tag in soup.find_all(True):
            keys = [tag.name]
            if tag.get("id"):
                keys.append(f"#{tag['id']}")
            for cls in tag.get("class") or []:
                keys += [f".{cls}", f"{tag.name}.{cls}"]
            for attr in ("itemprop", "rel"):
                values = tag.get(attr)
                for value in (values if isinstance(values, list) else [values] if values else []):
                    keys += [f"[{attr}={value}]", f"{tag.name}[{attr}={value}]"]
            for key in keys:
                self.by_key.setdefault(key, []).append(tag)

    def first(self, root: Tag, hints: tuple[str, ...]) -> Tag | None:
        for hint in hints:
            for found in self.by_key.get(hint, ()):
                if found.decomposed or not (root is self.soup or found is root or root in found.parents):
                    continue
                if tidy(found.get_text(" ")) or found.find("img"):
                    return found
        return None


def _meta(index: _Index, *names: str) -> str:
    for name in names:
        for tag in index.by_key.get("meta", ()):
            if name in (tag.get("property"), tag.get("name"), tag.get("itemprop")) and tag.get("content"):
                return tidy(str(tag["content"]))
    return ""


def _densest(soup: BeautifulSoup) -> Tag | None:
    """The element whose own paragraphs hold the most text: the article, on
    pages with no hint at all."""
    best: Tag | None = None
    best_score = 0
    for block in soup.find_all(["div", "section", "td", "article", "main", "body"]):
        score = sum(len(tidy(p.get_text(" "))) for p in block.find_all("p", recursive=False))
        if score > best_score:
            best, best_score = block, score
    return best


def _published(index: _Index, region: Tag, body: Tag) -> datetime | None:
    """The publication time: the page's metadata, a ``<time>``, or else the
    first short line with a date in the article's region (portals print it
    under the title); a date line inside the body is removed from it."""
    published = parse_date(_meta(index, "article:published_time", "datePublished", "pubdate"))
    if published is not None:
        return published
    stamp = region.find("time", datetime=True)
    if isinstance(stamp, Tag):
        published = parse_date(str(stamp["datetime"]))
        if published is not None:
            return published
    for string in region.find_all(string=True):
        text = tidy(str(string))
        if not text or len(text) > 100:
            continue
        holder = string.parent
        if holder is not None and len(tidy(holder.get_text(" "))) > 120:
            continue  # a date mentioned in a paragraph is not the publication date
        published = parse_date(text)
        if published is not None:
            if holder is not None and body in holder.parents and holder.name != "p":
                holder.decompose()
            return published
    return None


def _remove_chrome(body: Tag) -> None:
    for node in list(body.find_all(True)):
        if node.decomposed:
            continue
        names = " ".join([*(node.get("class") or []), str(node.get("id") or "")])
        if names.strip() and CHROME_CLASS.search(names):
            node.decompose()
            continue
        if node.name in ("p", "div", "h2", "h3", "h4", "h5", "h6", "span", "strong", "b") \
                and CHROME_TEXT.match(tidy(node.get_text(" "))) and len(tidy(node.get_text(" "))) < 200:
            following = node.find_next_sibling()
            if node.name.startswith("h") and following is not None and following.name in ("ul", "ol"):
                following.decompose()  # "Tin liên quan" and its list of links
            node.decompose()


def read_portal(text: str, source: Path) -> Draft:
    check_complete(text)
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(["script", "style", "noscript", "template"]):
        tag.decompose()
    index = _Index(soup)
    body = index.first(soup, BODY_HINTS) or _densest(soup)
    if body is None or not tidy(body.get_text(" ")):
        raise ReadError("found no article text in this page")
    # The article's own region: the smallest ancestor of the body that also
    # holds its title, so the site header's h1 (often the portal's name) loses.
    region: Tag = body
    title_tag: Tag | None = None
    for ancestor in [*body.parents, body]:  # the body may repeat the title: look outside first
        if not isinstance(ancestor, Tag):
            continue
        found = index.first(ancestor, TITLE_HINTS)
        if found is not None:
            region, title_tag = ancestor, found
            break
    title = tidy(title_tag.get_text(" ")) if title_tag is not None else ""
    if not title:
        title = _meta(index, "og:title", "twitter:title")
    if not title and soup.title is not None:
        title = SITE_SUFFIX.sub("", tidy(soup.title.get_text(" ")))
    if not title:
        raise ReadError("found no title (no h1, og:title or <title>)")

    lead_tag = index.first(region, LEAD_HINTS)
    lead = tidy(lead_tag.get_text(" ")) if lead_tag is not None else ""
    if lead_tag is not None and lead_tag is not body and lead_tag not in body.parents:
        lead_tag.decompose()  # it becomes the summary; the page shows it once

    author = ""
    for node in region.find_all(string=AUTHOR_LABEL):
        holder = node.parent
        while holder is not None and holder.name in ("strong", "b", "em", "i", "span", "label") \
                and holder.parent is not None:
            holder = holder.parent
        match = AUTHOR_TEXT.search(tidy(holder.get_text(" ") if holder is not None else str(node)))
        if match:
            author = tidy(match.group(1))
            break
    if not author:
        author_tag = index.first(region, AUTHOR_HINTS)
        if author_tag is not None:
            author = tidy(author_tag.get_text(" "))
            by = BY_TEXT.match(author)
            author = tidy(by.group(1)) if by else author
            if body in author_tag.parents:
                author_tag.decompose()
    author = author or _meta(index, "author", "article:author")
    author = re.split(r"\s+(?:Nguồn tin|Nguồn)\s*[:：]", author)[0].strip(" .-–")
    paragraphs = body.find_all("p")
    if author and paragraphs and tidy(paragraphs[-1].get_text(" ")).casefold() == author.casefold():
        paragraphs[-1].decompose()  # the signature line repeats the byline

    published = _published(index, region, body)
    if title_tag is not None and body in title_tag.parents:
        title_tag.decompose()
    _remove_chrome(body)
    canonical = index.by_key.get("link[rel=canonical]", [])
    source_url = str(canonical[0].get("href") or "") if canonical else ""
    source_url = source_url or _meta(index, "og:url")
    html_tags = index.by_key.get("html", [])
    lang = str(html_tags[0].get("lang") or "")[:2].lower() if html_tags else ""
    return Draft(
        title=title,
        body_html=body.decode_contents(),
        lead=lead,
        author=author,
        published=published,
        lang=lang or None,
        source_url=source_url if source_url.startswith(("http://", "https://")) else None,
    )
