"""What a page tells search engines and link previews about itself, in its
``<head>`` (templates/_head_meta.html): the canonical URL, the language
alternates, whether to index it, a description, Open Graph and Twitter card
tags and, for an article, JSON-LD ``NewsArticle`` data.

Alternates are by content.  ``hreflang`` tells a search engine the language
of the *content* at an address, so an article's alternates are itself and its
translation, each at the address where the interface speaks the article's
language (``/vi/articles/<Vietnamese slug>``, ``/en/articles/<English
slug>``), plus ``x-default``.  The same article shown with the other
interface language (``/en/articles/<Vietnamese slug>``, a real page for an
English-speaking reader of a Vietnamese article) is not an alternate: it
names the interface-language-matching address as its canonical URL, where
title, text and every word around them are in one language, which is the
page a searcher in that language should land on.  The language switcher in
the header is a different thing (the same page in the other interface
language) and keeps its own links.

``x-default`` is the version in Reader's default language (Vietnamese) when
there is one; for the first page of the list it is ``/``, which picks the
language from the browser.  Every absolute URL comes from
reader.publicurl: without a trusted origin the tags that need one are left
out rather than built on an address a client chose.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request

from .i18n import TIMEZONE, gettext
from .ingest.images import Variant, preview
from .models import DEFAULT_LOCALE, LOCALES, Article, ArticleSummary, Image, Locale
from .publicurl import PublicOrigin
from .search import plain_text

OG_LOCALES: dict[str, str] = {"vi": "vi_VN", "en": "en_US"}
DESCRIPTION_LENGTH = 160  # what search results show of a description
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


@dataclass(frozen=True)
class Head:
    canonical: str | None = None
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, absolute URL)
    noindex: bool = False
    description: str = ""
    # (Open Graph property or Twitter name, content); og:description is the
    # description tag itself (one <meta> with both name and property).
    meta: tuple[tuple[str, str], ...] = ()
    json_ld: Markup | None = None


def page_query(query: Mapping[str, str]) -> str:
    """The part of a query string a canonical URL keeps: ``page``, when it
    names a page after the first (anything else shows the first page)."""
    raw = query.get("page", "")
    if raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) > 1:
        return f"?page={int(raw)}"
    return ""


def moment(value: datetime) -> str:
    """ISO 8601 in Vietnam time, as the article page's own <time> shows it."""
    return value.astimezone(TIMEZONE).isoformat(timespec="seconds")


def summary_of(article: Article) -> str:
    """The lead, or for an article without one its first words."""
    if article.summary:
        return article.summary
    text = plain_text(article.body_html)
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"


def first_figure(article: Article) -> Image | None:
    """The first of the article's images in the order the body shows them."""
    by_file = {f"/media/{image.file}": image for image in article.images}
    position = -1
    chosen = None
    for src, image in by_file.items():
        at = article.body_html.find(f'src="{src}"')
        if at >= 0 and (position < 0 or at < position):
            position, chosen = at, image
    return chosen


def site_description() -> str:
    """The description of pages that are not one article (the footer's sentence)."""
    return gettext("Reader: news you can read your way, in Vietnamese and English.")


def json_ld(data: Mapping[str, Any]) -> Markup:
    """Compact JSON that cannot end its <script> element early: ``<``, ``>``
    and ``&`` are written as JSON escapes, which mean the same to a parser."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))



def versions(lang: Locale, slug: str, translations: Iterable[tuple[Locale, str]]) -> list[tuple[str, str]]:
    """An article's language versions as (hreflang, path), for its page and the
    sitemap alike: each language's version in LOCALES order, then x-default,
    the default language's version, else the article itself."""
    cluster = {code: f"/{code}/articles/{other}" for code, other in translations}
    cluster[lang] = f"/{lang}/articles/{slug}"
    default = cluster.get(DEFAULT_LOCALE, cluster[lang])
    return [(code, cluster[code]) for code in LOCALES if code in cluster] + [("x-default", default)]

class Heads:
    """Builds each page's Head; one per app (it knows the origin policy, the
    publisher's name and where the media files are)."""

    def __init__(self, public: PublicOrigin, publisher: str, media_dir: Path) -> None:
        self.public = public
        self.publisher = publisher
        self.media_dir = media_dir

    def origin(self, request: Request) -> str | None:
        return self.public.for_scope(request.scope)

    def page(self, request: Request, *, noindex: bool = False, alternates: bool = False) -> Head:
        """Any page but a list or an article: canonical is its own path (and
        page number); ``alternates``: its address in each interface language
        (a page whose content is the interface's, such as the accessibility
        statement)."""
        origin = self.origin(request)
        description = site_description()
        if origin is None:
            return Head(noindex=noindex, description=description)
        path = quote(request.url.path, safe=_PATH_SAFE)
        links: tuple[tuple[str, str], ...] = ()
        segments = path.split("/")
        if alternates and len(segments) > 1 and segments[1] in LOCALES:
            by_locale = {code: origin + "/".join(["", code, *segments[2:]]) for code in LOCALES}
            links = (*by_locale.items(), ("x-default", by_locale[DEFAULT_LOCALE]))
        return Head(canonical=origin + path + page_query(request.query_params), alternates=links,
                    noindex=noindex, description=description)

    def listing(self, request: Request, locale: Locale, number: int,
                has_page: Callable[[Locale, int], bool]) -> Head:
        """The list of latest articles: page N in each interface language
        where that language's list has a page N (they hold different articles)."""
        origin = self.origin(request)
        description = site_description()
        meta = (("og:type", "website"), ("og:site_name", self.publisher), ("og:locale", OG_LOCALES[locale]))
        if origin is None:
            return Head(description=description, meta=meta)
        query = f"?page={number}" if number > 1 else ""
        by_locale = {code: f"{origin}/{code}/{query}" for code in LOCALES
                     if code == locale or number == 1 or has_page(code, number)}
        default = f"{origin}/" if number == 1 else by_locale.get(DEFAULT_LOCALE)
        links = (*by_locale.items(), *((("x-default", default),) if default else ()))
        return Head(canonical=by_locale[locale], alternates=links, description=description,
                    meta=(("og:url", by_locale[locale]), *meta))

    def article(self, request: Request, article: Article, translation: ArticleSummary | None,
                audio: str | None) -> Head:
        """An article, in either interface language (the head is the same:
        see the module's docstring).  ``audio``: the path of its server audio,
        when a voice speaks its language."""
        origin = self.origin(request)
        canonical = f"/{article.lang}/articles/{article.slug}"
        image = first_figure(article)
        picture = self.preview(image) if image is not None and origin is not None else None
        published, modified = moment(article.published_at), moment(article.updated_at or article.published_at)
        meta: list[tuple[str, str]] = [("og:type", "article")]
        if origin is not None:
            meta.append(("og:url", origin + canonical))
        meta += [("og:title", article.title), ("og:site_name", self.publisher),
                 ("og:locale", OG_LOCALES[article.lang])]
        if translation is not None:
            meta.append(("og:locale:alternate", OG_LOCALES[translation.lang]))
        alt = image.alt.strip() if picture is not None and image is not None else ""
        if picture is not None:
            meta += [("og:image", f"{origin}/media/{picture.file}"), ("og:image:width", str(picture.width)),
                     ("og:image:height", str(picture.height))]
            meta += [("og:image:alt", alt)] if alt else []
        meta += [("article:published_time", published), ("article:modified_time", modified),
                 ("twitter:card", "summary_large_image" if picture is not None else "summary")]
        meta += [("twitter:image:alt", alt)] if alt else []
        links: tuple[tuple[str, str], ...] = ()
        if origin is not None:
            others = [(translation.lang, translation.slug)] if translation is not None else []
            links = tuple((code, origin + path) for code, path in versions(article.lang, article.slug, others))
        data = self.news_article(article, origin, canonical, picture, audio, published, modified)
        return Head(canonical=origin + canonical if origin is not None else None, alternates=links,
                    description=summary_of(article), meta=tuple(meta), json_ld=json_ld(data))

    def preview(self, image: Image) -> Variant:
        """The link-preview copy made at import, or the original for an
        image imported before there were preview copies."""
        copy = preview(image)
        if copy.file == image.file or (self.media_dir / copy.file).exists():
            return copy
        return Variant(image.file, "", image.width, image.height)

    def news_article(self, article: Article, origin: str | None, canonical: str, picture: Variant | None,
                     audio: str | None, published: str, modified: str) -> dict[str, Any]:
        """schema.org NewsArticle.  The accessibility values describe what
        every article page offers: headings and landmarks in reading order,
        text whose size, spacing and contrast the reader sets, and (when
        there is server audio) sentence timings the player highlights."""
        features = ["structuralNavigation", "readingOrder", "displayTransformability", "highContrastDisplay"]
        if article.images and all(image.alt.strip() for image in article.images):
            features.insert(0, "alternativeText")
        modes = ["textual"] + (["visual"] if article.images else []) + (["auditory"] if audio else [])
        if audio:
            features.append("synchronizedAudioText")
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle"}
        if origin is not None:
            data["url"] = origin + canonical
        data |= {
            "headline": article.title,
            "datePublished": published,
            "dateModified": modified,
            "author": ({"@type": "Person", "name": article.author} if article.author
                       else {"@type": "Organization", "name": self.publisher}),
            "inLanguage": article.lang,
            "publisher": {"@type": "Organization", "name": self.publisher},
            "isAccessibleForFree": True,
            "accessMode": modes,
            "accessibilityFeature": features,
        }
        if picture is not None:
            data["image"] = [f"{origin}/media/{picture.file}"]
        if audio and origin is not None:
            data["audio"] = {"@type": "AudioObject", "contentUrl": origin + audio, "encodingFormat": "audio/mpeg"}
        return data
