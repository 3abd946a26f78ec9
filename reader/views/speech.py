"""An article's speech: its segments for players, its server audio and timings,
and what the article page needs to offer them.

The audio URLs answer 503 with Retry-After and a sentence in the reader's
language when there is no server voice, the voice fails or the audio is not
ready in time; the article page itself never depends on them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, cast

from markupsafe import Markup, escape
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from ..i18n import format_number
from ..i18n import gettext as _
from ..models import Article, Locale
from ..speech import Speech, SpeechSegment, SpeechUnavailable
from ..speech.hookspecs import Voice
from ..speech.segment import mark_names
from .common import path_locale, services

log = logging.getLogger("reader.speech")

LONG_CACHE = "public, max-age=31536000, immutable"  # the URL names the content (?v=)
SHORT_CACHE = "public, max-age=300"  # unversioned URL: revalidate with the ETag


def speech_service(request: Request) -> Speech:
    return cast(Speech, request.app.state.speech)


def _article(request: Request) -> tuple[Locale, Article]:
    locale = path_locale(request)
    item = services(request).store.article(request.path_params["slug"])
    if item is None:
        raise HTTPException(404)
    if item.withdrawn:
        raise HTTPException(410)
    return locale, item


def label(voice: Voice) -> str:
    """What listeners are told made the audio (a voice may not say; then its name)."""
    return str(getattr(voice, "label", "") or voice.name)


def version(key: str) -> str:
    return key[:16]


def _cache_control(request: Request, key: str) -> dict[str, str]:
    long = request.query_params.get("v") == version(key)
    return {"Cache-Control": LONG_CACHE if long else SHORT_CACHE}


def unavailable(locale: Locale, exc: SpeechUnavailable) -> Response:
    message = _("Server audio for this article is not available right now. Please try again "
                "in a few minutes, or listen with a voice on your device.")
    return PlainTextResponse(message, status_code=503, headers={
        "Retry-After": str(exc.retry_after), "Cache-Control": "no-store", "Content-Language": locale})


def _segment_json(segment: SpeechSegment) -> dict[str, Any]:
    """One sentence for another player.  ``runs`` (only when the sentence mixes
    languages: a Vietnamese name in English) cuts ``text`` into pieces, each
    with its language, so a device voice for each can say it, as the server
    voice does."""
    out: dict[str, Any] = {"id": segment.id, "lang": segment.lang, "text": segment.speak,
                           "written": segment.text}
    spans = segment.spans
    if len(spans) > 1:
        out["runs"] = [{"lang": span.lang, "text": segment.speak[span.start:span.end]} for span in spans]
    return out


async def speech_json(request: Request) -> Response:
    locale, item = _article(request)
    speech = speech_service(request)
    base = f"/{locale}/articles/{item.slug}"
    voice = speech.voice_for(item.lang)
    return JSONResponse({
        "slug": item.slug,
        "lang": item.lang,
        "voice": voice.name if voice else None,
        "voices": [{"name": v.name, "label": label(v), "languages": list(languages)}
                   for v, languages in speech.voices_used(item)],
        "audio": f"{base}/audio.mp3" if voice else None,
        "vtt": f"{base}/audio.vtt" if voice else None,
        "segments": [_segment_json(s) for s in speech.segments(item)],
    }, headers={"Cache-Control": SHORT_CACHE})


async def _audio_file(request: Request, kind: str) -> Response:
    """The article's MP3 or its WebVTT timings: both come from one synthesis."""
    locale, item = _article(request)
    try:
        files = await speech_service(request).audio(item)
    except SpeechUnavailable as exc:
        return unavailable(locale, exc)
    path, media_type = ((files.mp3, "audio/mpeg") if kind == "mp3"
                        else (files.vtt, "text/vtt; charset=utf-8"))
    return _file(request, CachedFile(path, media_type=media_type, stat_result=path.stat(),
                                     headers=_cache_control(request, files.key)))


async def audio_mp3(request: Request) -> Response:
    return await _audio_file(request, "mp3")


async def audio_vtt(request: Request) -> Response:
    return await _audio_file(request, "vtt")


RANGE_SPEC = re.compile(r"(\d*)-(\d*)")


def valid_range(header: str) -> bool:
    """Byte ranges we can honour.  Anything else (other units, garbage, a start after
    its end) is ignored and the whole file sent, as RFC 9110 asks, where Starlette
    alone would answer 400; ranges past the end still get its 416."""
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes" or not specs.strip():
        return False
    for spec in specs.split(","):
        match = RANGE_SPEC.fullmatch(spec.strip())
        if not match or not (match[1] or match[2]):
            return False
        if match[1] and match[2] and int(match[1]) > int(match[2]):
            return False
    return True


class CachedFile(FileResponse):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        header = Headers(scope=scope).get("range")
        if header is not None and not valid_range(header):
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"range"]}
        await super().__call__(scope, receive, send)


def _file(request: Request, response: FileResponse) -> Response:
    """A 304 when the client already has this file (FileResponse sends an ETag but
    does not answer If-None-Match itself)."""
    etag = response.headers.get("etag")
    if etag and etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={
            "ETag": etag, "Cache-Control": response.headers["cache-control"]})
    return response


# -- what the article page needs ---------------------------------------------------------
def file_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{format_number(round(size / 1_000_000, 1))} MB"
    return f"{format_number(max(1, round(size / 1000)))} KB"


def template_globals(speech: Speech) -> dict[str, Callable[..., Any]]:
    """``spoken(article)``: the title, summary and body with sentence ids and
    ``<abbr>``; ``listen(article, locale)``: the listen section's URLs and size;
    ``names(text, lang)``: other text with its Vietnamese names marked."""

    def spoken(article: Article) -> dict[str, str]:
        """``body`` stays a plain ``str`` of (sanitised) HTML for the template's
        ``article_body``, which marks it safe after its own rewriting."""
        try:
            marked = speech.segmented(article)
            return {"title": Markup(marked.title_html), "summary": Markup(marked.summary_html),
                    "body": marked.body_html}
        except Exception:  # the article must render even if marking it fails
            log.exception("could not mark up %s for speech", article.slug)
            return {"title": escape(article.title), "summary": escape(article.summary),
                    "body": article.body_html}

    def listen(article: Article, locale: Locale) -> dict[str, Any]:
        base = f"/{locale}/articles/{article.slug}"
        key = speech.key(article)
        cached = speech.cache.get(key) if key else None
        query = f"?v={version(key)}" if key else ""
        return {
            "server": key is not None,
            "mp3": f"{base}/audio.mp3{query}",
            "vtt": f"{base}/audio.vtt{query}",
            "json": f"{base}/speech.json",
            "size": file_size(cached.size) if cached else None,
            "filename": f"{article.slug}.mp3",
            "voices": [(label(voice), languages) for voice, languages in speech.voices_used(article)],
            "podcast": f"/{locale}/podcast.xml",
        }

    def names(text: str, lang: str) -> Markup:
        """``text`` (an author, a title in a list) escaped, its Vietnamese names marked."""
        return Markup(mark_names(text, lang))

    return {"spoken": spoken, "listen": listen, "names": names}
