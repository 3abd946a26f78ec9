"""Turning an imported article body into clean, accessible HTML.

Every reader (Markdown, portal pages, text dumps) hands over rough body HTML;
this module gives them all the same treatment, so what a screen reader meets
does not depend on where the article came from:

- photos become ``<figure>`` with their caption as ``<figcaption>``, whichever
  way the portal laid them out (a figure, a one-image table, an image followed
  by an italic or ``Ảnh:`` line); alt text comes from the caption when missing;
- images are copied into the media directory with resized variants; tracking
  pixels and images from known tracker hosts are dropped;
- headings are renumbered under the page's ``h1`` (the title): the body starts
  at ``h2`` and never skips a level, and each heading gets an id;
- empty paragraphs, inline styles, fonts and colours go; nh3 has the last word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..models import Image
from .clean import sanitise
from .images import ImageError, make_variants, store_image, store_image_data
from .slugs import slugify

DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "form", "button",
             "input", "select", "textarea", "svg", "link", "meta", "canvas", "audio", "video",
             "nav", "aside", "header", "footer")
TRACKER_HOSTS = ("google-analytics.com", "googletagmanager.com", "doubleclick.net", "facebook.com",
                 "facebook.net", "scorecardresearch.com", "statcounter.com", "histats.com",
                 "quantserve.com", "hotjar.com", "addthis.com", "pixel.", "stats.", "tracking.",
                 "counter.")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
CAPTION_PREFIX = re.compile(r"^\s*(?:Ảnh|Hình|Photo)\s*[:;.\-–]\s*", re.I)
_CAPTION_CLASS = re.compile(r"caption|chu-thich|chuthich|image-desc|img-desc|desc", re.I)
# ids the page templates use around the body: a heading called "Main" must
# not take the skip link's target.
PAGE_IDS = frozenset({"main", "toolbar", "status", "player", "preview", "q", "site-q", "content", "top",
                      "search-results", "search-count", "search-hint", "listen-audio", "listen-heading",
                      "player-speed", "player-voice", "preview-heading", "related-heading"})
_SPACE = re.compile(r"\s+")
_EMPTY_P = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")


class ReadError(ValueError):
    """A file that cannot be imported; the message says why, for a person."""


@dataclass
class Draft:
    """An article as a reader (Markdown, portal page, text dump) found it,
    before cleaning, images and a slug."""

    title: str
    body_html: str
    lead: str = ""
    author: str = ""
    published: datetime | None = None
    lang: str | None = None  # as the file declares it (html lang, front matter)
    slug: str | None = None
    source_url: str | None = None
    translation_of: str | None = None  # the slug of the article this translates
    translation_group: str | None = None
    images: dict[str, ImageRef] = field(default_factory=dict)  # descriptions by src
    warnings: list[str] = field(default_factory=list)


@dataclass
class Body:
    html: str
    images: list[Image] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImageRef:
    """An image as a reader found it: where it points, and what describes it."""

    src: str
    alt: str = ""
    caption: str = ""


def tidy(text: str) -> str:
    """One space between words, none inside brackets: portals pad them unevenly
    ("Sa Pa( tỉnh Lào Cai)", "( tỉnh Lai Châu)")."""
    text = _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+\)", ")", text)
    return re.sub(r"(?<=\w)\(", " (", text)


def caption_text(text: str) -> str:
    return tidy(CAPTION_PREFIX.sub("", tidy(text)))


def is_tracker(img: Tag) -> bool:
    def tiny(name: str) -> bool:
        value = str(img.get(name, "")).strip().lower().removesuffix("px")
        return value.isdigit() and int(value) <= 1

    style = str(img.get("style", "")).replace(" ", "").lower()
    if tiny("width") or tiny("height") or "width:1px" in style or "height:1px" in style \
            or "display:none" in style:
        return True
    host = urlsplit(str(img.get("src", ""))).netloc.lower()
    return bool(host) and any(h in host for h in TRACKER_HOSTS)


def resolve_image(src: str, base_dir: Path, root: Path | None = None) -> Path | None:
    """The local file behind ``src``: relative to the imported file, or the
    "Save page as" folder next to it.  Remote URLs are never fetched (nothing
    from a third party at run time, and an import must not depend on a portal
    being up), and nothing outside ``root`` (what the operator asked to
    import) is taken: a page must not pull other files of this machine into
    the public media folder."""
    if not src or src.startswith("data:"):
        return None
    parts = urlsplit(src)
    if parts.scheme in ("http", "https") or src.startswith("//"):
        name = Path(unquote(parts.path)).name
        candidates = [base_dir / name]
    else:
        path = unquote(parts.path)
        candidates = [base_dir / path.lstrip("/"), base_dir / Path(path).name]
    candidates += [folder / Path(candidates[0]).name for folder in base_dir.glob("*_files")]
    allowed = (root or base_dir).resolve()
    for candidate in candidates:
        if not candidate.resolve().is_relative_to(allowed):
            continue
        if candidate.is_file():
            return candidate
        if not candidate.suffix:  # a listed image name without its extension
            for suffix in IMAGE_SUFFIXES:
                if candidate.with_name(candidate.name + suffix).is_file():
                    return candidate.with_name(candidate.name + suffix)
    return None


def _text(node: Tag) -> str:
    return tidy(node.get_text(" "))


def _only_image(node: Tag) -> Tag | None:
    """The single image of a block that holds nothing else but whitespace."""
    images = node.find_all("img")
    if len(images) != 1 or _text(node):
        return None
    return images[0] if isinstance(images[0], Tag) else None


def _is_caption_block(node: object) -> bool:
    if not isinstance(node, Tag) or node.name not in ("p", "div", "span", "em", "i", "figcaption"):
        return False
    text = _text(node)
    if not text or len(text) > 400 or node.find("img"):
        return False
    if CAPTION_PREFIX.match(text) or _CAPTION_CLASS.search(" ".join(node.get("class") or [])):
        return True
    emphasised = " ".join(tidy(e.get_text(" ")) for e in node.find_all(["em", "i"]))
    return emphasised == text


def _next_element(node: Tag) -> Tag | None:
    sibling = node.next_sibling
    while sibling is not None and isinstance(sibling, NavigableString):
        if str(sibling).strip():
            return None
        sibling = sibling.next_sibling
    return sibling if isinstance(sibling, Tag) else None


def collect_figures(soup: BeautifulSoup) -> None:
    """Rewrite every photo-with-caption layout into ``<figure><img><figcaption>``."""
    new_figure = soup.new_tag

    def replace(node: Tag, img: Tag, caption: str) -> None:
        figure = new_figure("figure")
        img.extract()
        figure.append(img)
        if caption:
            cap = new_figure("figcaption")
            cap.string = caption
            figure.append(cap)
        node.replace_with(figure)

    for figure in soup.find_all("figure"):
        img = figure.find("img")
        cap = figure.find("figcaption")
        caption = caption_text(cap.get_text(" ")) if cap else ""
        if img is None:
            if not caption:
                figure.decompose()
            continue
        replace(figure, img, caption)
    # A one-image table: the image in one cell, its caption in another.
    for table in soup.find_all("table"):
        images = table.find_all("img")
        if len(images) == 1 and len(table.find_all("tr")) <= 3:
            caption = caption_text(table.get_text(" "))
            replace(table, images[0], caption)
    for img in list(soup.find_all("img")):
        if img.find_parent("figure"):
            continue
        block = img
        while block.parent is not None and block.parent.name in ("a", "span", "strong", "b", "center"):
            block = block.parent
        holder = block.parent if block.parent is not None and block.parent.name in ("p", "div") else None
        caption = ""
        if holder is not None and _only_image(holder) is img:
            following = _next_element(holder)
            if following is not None and _is_caption_block(following):
                caption = caption_text(following.get_text(" "))
                following.decompose()
            replace(holder, img, caption)
        elif holder is not None and holder.name == "p" and len(holder.find_all("img")) == 1 \
                and _caption_only(holder):
            # <p><img><br><em>caption</em></p>: the rest of the paragraph is the caption.
            replace(holder, img, caption_text(holder.get_text(" ")))
        else:
            figure = new_figure("figure")
            if holder is not None and holder.name == "p":
                holder.insert_before(figure)  # a figure cannot sit inside a paragraph
                img.extract()
            else:
                img.replace_with(figure)
            figure.append(img)


def _caption_only(holder: Tag) -> bool:
    """Whether the text sharing a paragraph with its image is a caption (short,
    and marked as one: ``Ảnh:``, italics, or a line break after the image)
    rather than running text that must stay in the body."""
    text = _text(holder)
    if not text or len(text) > 300:
        return False
    if CAPTION_PREFIX.match(text) or holder.find("br") is not None:
        return True
    emphasised = " ".join(tidy(e.get_text(" ")) for e in holder.find_all(["em", "i"]))
    return emphasised == text


def fix_headings(soup: BeautifulSoup, title: str) -> None:
    """Body headings start at h2 under the page's h1 and never skip a level;
    a first heading that repeats the title is dropped."""
    headings = list(soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]))
    if headings and tidy(headings[0].get_text(" ")).casefold() == tidy(title).casefold():
        headings[0].decompose()
        headings = headings[1:]
    stack: list[tuple[int, int]] = []  # (level as written, level given)
    used = set(PAGE_IDS)
    for heading in headings:
        text = tidy(heading.get_text(" "))
        if not text:
            heading.decompose()
            continue
        written = int(heading.name[1])
        while stack and stack[-1][0] >= written:
            stack.pop()
        given = min(6, stack[-1][1] + 1 if stack else 2)
        stack.append((written, given))
        heading.name = f"h{given}"
        base = slugify(text)
        ident, n = base, 1
        while ident in used:
            n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        heading.attrs = {"id": ident}


# For pages read from the web: an image's bytes and a file name for it, by its
# ``src`` as the page wrote it; raises ImageError with the reason it cannot.
ImageFetcher = Callable[[str], tuple[bytes, str]]


def build_body(html: str, *, title: str, base_dir: Path, media_dir: Path, root: Path | None = None,
               described: dict[str, ImageRef] | None = None, fetch_image: ImageFetcher | None = None) -> Body:
    """Clean ``html`` and bring its images into ``media_dir``.  ``described``
    gives alt text and captions for images by their ``src`` (Markdown front
    matter lists them).  Images come from files beside the page, or through
    ``fetch_image`` for a page read from the web."""
    described = described or {}
    soup = BeautifulSoup(html, "html.parser")
    result = Body(html="")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for img in soup.find_all("img"):
        if is_tracker(img):
            img.decompose()
    collect_figures(soup)
    for figure in soup.find_all("figure"):
        _place_image(figure, soup, base_dir, root or base_dir, media_dir, described, result, fetch_image)
    fix_headings(soup, title)
    for tag in soup.find_all(True):
        for name in ("style", "class", "align", "color", "face", "size", "bgcolor"):
            if name in tag.attrs:
                del tag.attrs[name]
    for wrapper in soup.find_all(["span", "font"]):
        if not wrapper.get("lang"):
            wrapper.unwrap()  # once its style is gone, a span only adds noise
    for para in soup.find_all(["p", "li", "blockquote", "div"]):
        if para.name in ("p", "div") and not _text(para) and not para.find(["img", "figure", "table"]):
            para.decompose()
    cleaned = sanitise(str(soup))
    cleaned = _EMPTY_P.sub("", cleaned)
    result.html = "\n".join(line.strip() for line in cleaned.splitlines() if line.strip())
    return result


def _place_image(figure: Tag, soup: BeautifulSoup, base_dir: Path, root: Path, media_dir: Path,
                 described: dict[str, ImageRef], result: Body, fetch_image: ImageFetcher | None = None) -> None:
    img = figure.find("img")
    cap_tag = figure.find("figcaption")
    caption = tidy(cap_tag.get_text(" ")) if cap_tag else ""
    if img is None:
        return
    src = str(img.get("src") or "")
    if not src or src.startswith("data:"):  # lazy loading: the real address waits in data-src
        src = str(img.get("data-src") or img.get("data-original") or src)
    ref = described.get(src, ImageRef(src))
    alt = tidy(str(img.get("alt") or "")) or ref.alt
    title_attr = tidy(str(img.get("title") or ""))
    if not caption:
        caption = ref.caption or (title_attr if title_attr != alt else "")
        if caption:
            cap_tag = soup.new_tag("figcaption")
            cap_tag.string = caption
            figure.append(cap_tag)
    if not alt:
        alt = caption  # the caption is the best description we have
    local = remote = None
    missing = "not found next to the file"
    if fetch_image is None:
        local = resolve_image(src, base_dir, root)
    elif src and not src.startswith("data:"):
        try:
            remote = fetch_image(src)
        except ImageError as exc:
            missing = f"could not be downloaded ({exc})"
    if local is None and remote is None:
        what = f"image {src!r}" if src else "an image with no source"
        if caption:
            result.warnings.append(f"{what} {missing}; its caption is kept")
            img.decompose()
        else:
            result.warnings.append(f"{what} {missing} and has no caption; dropped")
            figure.decompose()
        return
    try:
        if remote is not None:
            stored = store_image_data(remote[0], remote[1], media_dir, alt=alt, caption=caption, where=src)
        else:
            assert local is not None
            stored = store_image(local, media_dir, alt=alt, caption=caption)
        if stored.width <= 1 or stored.height <= 1:
            figure.decompose()  # a tracking pixel saved with the page
            return
        make_variants(stored, media_dir)
    except ImageError as exc:
        result.warnings.append(f"image {src!r}: {exc}; dropped")
        if caption:
            img.decompose()
        else:
            figure.decompose()
        return
    if not alt:
        result.warnings.append(f"image {src!r} has no description (no alt text, no caption)")
    result.images.append(stored)
    img.attrs = {"src": f"/media/{stored.file}", "alt": alt,
                 "width": str(stored.width), "height": str(stored.height)}
