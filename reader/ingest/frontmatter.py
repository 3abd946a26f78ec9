"""Articles written as an HTML fragment under a TOML front-matter block::

    +++
    slug = "..."
    lang = "vi"
    title = "..."
    published = 2024-01-17T20:00:00+07:00
    +++
    <p>…</p>
    <figure><img src="photo.jpg" alt="…"><figcaption>…</figcaption></figure>

This is the bundled samples' format.  TOML (standard library) rather than YAML
because its datetimes carry their offset, so a time zone is never guessed.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import datetime
from html import unescape
from pathlib import Path
from typing import cast

from ..models import ArticleInput, Image, Locale
from ..store import count_words
from .clean import sanitise
from .images import make_variants, store_image

REQUIRED = ("slug", "lang", "title", "published")
_FIGURE = re.compile(r"<figure>(.*?)</figure>", re.S)
_IMG = re.compile(r"<img\b([^>]*)>", re.S)
_ATTR = re.compile(r'([a-z-]+)="([^"]*)"')
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
_TAGS = re.compile(r"<[^>]+>")


class FormatError(ValueError):
    pass


def split(text: str, source: Path) -> tuple[dict[str, object], str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        raise FormatError(f"{source}: line 1 must be '+++' (start of the front matter)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise FormatError(f"{source}: the front matter has no closing '+++' line") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"{source}: front matter is not valid TOML ({exc})") from exc
    return meta, "\n".join(lines[end + 1:])


def read_article(source: Path, images_dir: Path, media_dir: Path) -> ArticleInput:
    text = unicodedata.normalize("NFC", source.read_text(encoding="utf-8"))
    meta, body = split(text, source)
    missing = [key for key in REQUIRED if key not in meta]
    if missing:
        raise FormatError(f"{source}: front matter lacks {', '.join(missing)}")
    published = meta["published"]
    if not isinstance(published, datetime) or published.tzinfo is None:
        raise FormatError(f"{source}: 'published' must be a date-time with an offset")
    if meta["lang"] not in ("vi", "en"):
        raise FormatError(f"{source}: 'lang' must be vi or en")

    images: list[Image] = []

    def place(match: re.Match[str]) -> str:
        inner = match.group(1)
        img = _IMG.search(inner)
        if img is None:
            return match.group(0)
        attrs = dict(_ATTR.findall(img.group(1)))
        caption_match = _CAPTION.search(inner)
        caption_html = caption_match.group(1).strip() if caption_match else ""
        caption = unescape(_TAGS.sub("", caption_html)).strip()
        stored = store_image(images_dir / attrs.get("src", ""), media_dir,
                             alt=unescape(attrs.get("alt", "")), caption=caption)
        make_variants(stored, media_dir)
        images.append(stored)
        return (f'<figure><img src="/media/{stored.file}" alt="{attrs.get("alt", "")}" '
                f'width="{stored.width}" height="{stored.height}">'
                + (f"<figcaption>{caption_html}</figcaption>" if caption_html else "")
                + "</figure>")

    body_html = sanitise(_FIGURE.sub(place, body).strip())
    if count_words(body_html) == 0:
        raise FormatError(f"{source}: the article has no text")
    return ArticleInput(
        slug=str(meta["slug"]),
        lang=cast(Locale, meta["lang"]),
        title=str(meta["title"]),
        summary=str(meta.get("summary", "")),
        body_html=body_html,
        author=str(meta.get("author", "")),
        published_at=published,
        source_url=str(meta["source_url"]) if meta.get("source_url") else None,
        translation_group=str(meta["translation_group"]) if meta.get("translation_group") else None,
        images=tuple(images),
    )
