"""One Jinja2 environment per app, autoescaping on, gettext wired to the
request's locale (see i18n), and a ``render`` that returns a response."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from . import bodyhtml, fit, i18n
from . import prefs as P
from .headmeta import Heads
from .models import LOCALES, Locale
from .resources import TEMPLATES_DIR


def make_environment(static_url: Callable[[str], str], inline_css: str = "") -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(i18n.jinja_globals())
    env.globals["static"] = static_url
    # Inlined so the first response paints by itself (one round trip); allowed
    # by its hash in the CSP.  Must be emitted byte for byte.
    env.globals["inline_css"] = Markup(inline_css)
    env.globals["locales"] = LOCALES
    env.globals["timezone"] = i18n.TIMEZONE
    env.globals["article_body"] = bodyhtml.prepare
    env.globals["has_images"] = bodyhtml.has_images
    return env

def switch_locale(path: str, query: str, target: Locale) -> str:
    """The same page in another UI language: swap the first path segment and
    keep only the query parameters that name a page (never echo the rest)."""
    kept = [(k, v[:200]) for k, v in parse_qsl(query)[:10]
            if (k == "page" and v.isascii() and v.isdigit()) or k == "q"]
    query = urlencode(kept)
    segments = path.split("/")
    if len(segments) > 1 and segments[1] in LOCALES:
        segments[1] = target
        new_path = "/".join(segments)
    else:
        new_path = f"/{target}/"
    return new_path + (f"?{query}" if query else "")

class Renderer:
    def __init__(self, env: jinja2.Environment, heads: Heads) -> None:
        self.env = env
        self.heads = heads

    def render(self, request: Request, locale: Locale, name: str,
               context: Mapping[str, Any] | None = None, *, status: int = 200,
               headers: Mapping[str, str] | None = None,
               prefs: P.Prefs | None = None) -> HTMLResponse:
        """Every page, error pages included, wears the reader's settings."""
        i18n.activate(locale)
        if prefs is None:
            prefs = P.parse(request.cookies.get(P.COOKIE_NAME))
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        save_data = request.headers.get("save-data", "").strip().lower() == "on"
        text_only = prefs.images == "hide" or (prefs.images == "auto" and save_data)
        classes = prefs.classes() + (" images-hide" if text_only and prefs.images != "hide" else "")
        other = [code for code in LOCALES if code != locale]
        page_context = {
            "locale": locale,
            "request_path": request.url.path,
            "alternates": {
                code: switch_locale(request.url.path, request.url.query, code) for code in other
            },
            "html_classes": classes,
            "text_only": text_only,
            "prefs": prefs,
            "can": P.can,
            "next": here,
            "language_in": {"vi": i18n.gettext("Vietnamese"), "en": i18n.gettext("English")},
            **(context or {}),
        }
        if "head" not in page_context:  # views that know more pass their own (reader/headmeta.py)
            page_context["head"] = self.heads.page(request, noindex=status >= 400)
        body = self.env.get_template(name).render(page_context)
        # The widest word decides how far text may grow on a narrow screen.
        body = fit.apply(body, fit.letter_spacing(prefs))
        response = HTMLResponse(body, status_code=status, headers=dict(headers or {}))
        response.headers["Content-Language"] = locale
        response.headers.setdefault("Vary", "Cookie")
        return response
