"""``create_app(settings)``: the Starlette application.

A request for an article flows: locale from the path -> the article from the
store -> template -> response.  Start-up (open and migrate the database, load
the samples into a new one, build the static files) happens here, eagerly, so a
bad database stops ``reader serve`` with a clear message before it listens.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from . import serviceworker, static
from .cache import ContentClock, RenderCache
from .compression import Compression
from .config import Settings
from .fastpath import FastPath
from .headers import SecurityHeaders, headers_for
from .headmeta import Heads
from .publicurl import PublicOrigin, missing_setting
from .resources import STATIC_DIR, release_time
from .samples import load_samples
from .speech import Speech
from .store import Store, StoreUnavailable
from .store import open_store as open_database
from .templating import Renderer, make_environment
from .views import articles, colours, feeds, offline, podcast, site, sitemap
from .views import search as search_views
from .views import settings as settings_views
from .views import speech as speech_views
from .views.common import Services

log = logging.getLogger("reader")


class ReaderApp(Starlette):
    """Starlette, with reader.fastpath answering cache hits before its stack."""

    fast: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.fast is not None and scope["type"] == "http":
            await self.fast(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    async def full(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().__call__(scope, receive, send)


def open_store(settings: Settings) -> Store:
    """Open (creating on first start) the database; load samples into a new one."""
    if settings.db_path == settings.data_dir / "reader.sqlite3":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = open_database(settings.db, replicas=settings.replicas, busy_timeout_ms=settings.busy_timeout_ms)
    if store.created and settings.load_samples:
        count = load_samples(store, settings.media_dir)
        log.info("loaded %d sample articles into %s", count, store.name)
    return store


def create_app(settings: Settings, store: Store | None = None) -> Starlette:
    store = store or open_store(settings)
    manifest = static.build(STATIC_DIR, settings.static_build_dir)
    inline_css = (settings.static_build_dir / manifest["css/reader.css"]).read_text(encoding="utf-8")
    heads = Heads(PublicOrigin(settings.public_url), settings.publisher, settings.media_dir)
    if warning := missing_setting(settings.public_url, settings.host, settings.trusted_proxies):
        log.warning(warning)
    renderer = Renderer(make_environment(static.StaticUrls(manifest), inline_css), heads)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    speech = Speech(settings.audio_dir, voices_dir=settings.voices_dir)
    renderer.env.globals.update(speech_views.template_globals(speech))

    security_headers = headers_for(style_hashes=(static.sha256_base64(inline_css),))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    routes = [
        Route("/", site.root),
        Route("/healthz", site.healthz),
        Route("/favicon.ico", site.favicon),
        Route("/static/colours/{code}.css", colours.colour_stylesheet),  # before the files' mount
        Route(serviceworker.PATH, offline.service_worker),
        Route("/manifest.webmanifest", offline.manifest),
        Route("/robots.txt", sitemap.robots),
        Route("/sitemap.xml", sitemap.sitemap),
        Route("/sitemap-{part:int}.xml", sitemap.sitemap_part),
        Mount("/static", app=static.static_app(settings.static_build_dir)),
        Mount("/media", app=StaticFiles(directory=settings.media_dir)),
        Route("/{locale}/", articles.home),
        Route("/{locale}/articles/{slug}", articles.article),
        Route("/{locale}/settings", settings_views.settings_page, methods=["GET", "HEAD"]),
        Route("/{locale}/settings", settings_views.update_settings, methods=["POST"]),
        Route("/{locale}/accessibility", site.accessibility),
        Route("/{locale}/search", search_views.search_page),
        Route("/{locale}/feed.xml", feeds.feed),
        Route("/{locale}/podcast.xml", podcast.podcast),
        Route("/{locale}/articles/{slug}/speech.json", speech_views.speech_json),
        Route("/{locale}/articles/{slug}/audio.mp3", speech_views.audio_mp3),
        Route("/{locale}/articles/{slug}/audio.vtt", speech_views.audio_vtt),
        Route("/{locale}/saved", offline.saved_page),
        Route("/{locale}/offline", offline.offline_page),
        # -- feature routes (search, feeds, speech) go above this line --
    ]
    app = ReaderApp(
        debug=False,
        routes=routes,
        middleware=[Middleware(SecurityHeaders, headers=security_headers), Middleware(Compression)],
        exception_handlers={HTTPException: site.http_error, StoreUnavailable: site.database_unavailable,
                            Exception: site.server_error},
        lifespan=lifespan,
    )
    app.state.security_headers = security_headers
    app.state.services = Services(settings=settings, store=store, renderer=renderer,
                                  cache=RenderCache(),
                                  clock=ContentClock(store, speech.cache, release=release_time(),
                                                     interval=settings.content_interval))
    app.state.speech = speech
    app.state.service_worker = serviceworker.build(manifest, static.StaticUrls(manifest), settings.offline_limit)
    # In front of everything: cache hits for articles and lists skip Starlette altogether.
    app.fast = FastPath(app.full, services=app.state.services, headers=security_headers)
    return app
