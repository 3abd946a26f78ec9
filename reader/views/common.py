"""What every handler needs: the app's services and the request's locale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..cache import ContentClock, RenderCache
from ..config import Settings
from ..i18n import LANGUAGE_COOKIE, activate, as_locale, negotiate
from ..models import Locale
from ..store import Store
from ..templating import Renderer


@dataclass
class Services:
    settings: Settings
    store: Store
    renderer: Renderer
    cache: RenderCache
    clock: ContentClock  # the content generation, for cache keys


def services(request: Request) -> Services:
    return cast(Services, request.app.state.services)


def path_locale(request: Request) -> Locale:
    """The locale in the URL, or a 404 (a page, not an error) for anything else."""
    locale = as_locale(request.path_params.get("locale"))
    if locale is None:
        raise HTTPException(404)
    activate(locale)  # strings made in the handler (not only the template) follow it
    return locale


def request_locale(request: Request) -> Locale:
    """For pages outside /{locale}/ (errors, the root): URL first, then negotiation."""
    first = request.url.path.split("/")[1] if request.url.path.count("/") >= 1 else ""
    return as_locale(first) or negotiate(
        request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language")
    )


@dataclass(frozen=True)
class HtmxDetails:
    """The htmx request headers, parsed once.  A history restore also sends
    HX-Request but needs the full page, so ``is_partial`` excludes it."""

    request: bool
    history_restore: bool
    target: str | None

    @classmethod
    def from_request(cls, request: Request) -> HtmxDetails:
        headers = request.headers
        return cls(
            request=headers.get("hx-request") == "true",
            history_restore=headers.get("hx-history-restore-request") == "true",
            target=headers.get("hx-target"),
        )

    @property
    def is_partial(self) -> bool:
        return self.request and not self.history_restore


def page_number(request: Request) -> int:
    """``?page=N``; anything that is not a sensible page number means page 1."""
    raw = request.query_params.get("page", "1")
    if raw.isascii() and raw.isdigit() and len(raw) <= 6:
        return max(1, int(raw))
    return 1
