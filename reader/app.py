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

from . import static
from .config import Settings
from .headers import SecurityHeaders
from .resources import STATIC_DIR
from .samples import load_samples
from .store import Store
from .templating import Renderer, make_environment
from .views import articles, site
from .views import settings as settings_views
from .views.common import Services

log = logging.getLogger("reader")


def open_store(settings: Settings) -> Store:
    """Open (creating on first start) the database; load samples into a new one."""
    if settings.db_path == settings.data_dir / "reader.sqlite3":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.db_path)
    if store.created and settings.load_samples:
        count = load_samples(store, settings.media_dir)
        log.info("loaded %d sample articles into %s", count, settings.db_path)
    return store


def create_app(settings: Settings, store: Store | None = None) -> Starlette:
    store = store or open_store(settings)
    manifest = static.build(STATIC_DIR, settings.static_build_dir)
    renderer = Renderer(make_environment(static.StaticUrls(manifest)))
    settings.media_dir.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    routes = [
        Route("/", site.root),
        Route("/healthz", site.healthz),
        Mount("/static", app=static.static_app(settings.static_build_dir)),
        Mount("/media", app=StaticFiles(directory=settings.media_dir)),
        Route("/{locale}/", articles.home),
        Route("/{locale}/articles/{slug}", articles.article),
        Route("/{locale}/settings", settings_views.settings_page, methods=["GET", "HEAD"]),
        Route("/{locale}/settings", settings_views.update_settings, methods=["POST"]),
        Route("/{locale}/accessibility", site.accessibility),
        # -- feature routes (search, feeds, speech) go above this line --
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: site.http_error, Exception: site.server_error},
        lifespan=lifespan,
    )
    app.state.services = Services(settings=settings, store=store, renderer=renderer)
    return app
