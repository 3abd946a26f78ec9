"""Reading settings: the toolbar's posts, the settings page, and carrying
settings to another device.

Every change is a POST (a plain form, so it works without JavaScript) that
sets the cookie and answers 303 back to where the reader was; with htmx the
same form gets the updated toolbar and an event telling the page its new
classes and what to announce.
"""

from __future__ import annotations

import json
from dataclasses import replace

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import prefs as P
from ..forms import read_form, safe_next, same_origin
from ..i18n import format_number
from ..i18n import gettext as _
from . import pagecache
from .common import HtmxDetails, path_locale, services


def current_prefs(request: Request) -> P.Prefs:
    return P.parse(request.cookies.get(P.COOKIE_NAME))


def set_prefs_cookie(request: Request, response: Response, prefs: P.Prefs) -> None:
    if prefs.is_default:
        response.delete_cookie(P.COOKIE_NAME, httponly=True, samesite="lax",
                               secure=request.url.scheme == "https")
        return
    response.set_cookie(P.COOKIE_NAME, prefs.to_cookie(), max_age=P.COOKIE_MAX_AGE,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")


def contrast_name(prefs: P.Prefs) -> str:
    return {
        "auto": _("Contrast follows your device"),
        "soft": _("Soft contrast"),
        "standard": _("Standard contrast"),
        "high": _("High contrast"),
    }[prefs.contrast]


def announcement(before: P.Prefs, after: P.Prefs, action: str) -> str:
    """What the live region says after a toolbar press, in the UI language."""
    if action.startswith("size"):
        size = _("Text size %(percent)s%%", percent=format_percent(after.size_percent))
        if before == after:
            edge = (_("This is the largest text size.") if action == "size-up"
                    else _("This is the smallest text size."))
            return f"{size}. {edge}"
        return size
    name = contrast_name(after)
    if before == after:
        edge = (_("This is the highest contrast.") if action == "contrast-up"
                else _("This is the softest contrast."))
        return f"{name}. {edge}"
    return name


def format_percent(value: float) -> str:
    return format_number(value)


async def settings_page(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    prefs = current_prefs(request)
    code = request.query_params.get("apply")
    if code is not None:
        carried = P.parse(code)
        recognised = carried != P.DEFAULTS or code == P.COOKIE_VERSION
        return app.renderer.render(
            request, locale, "settings_apply.html",
            {"carried": carried, "recognised": recognised, "choices": choices(),
             "head": app.renderer.heads.page(request, noindex=True)},
            status=200 if recognised else 400, headers={"Cache-Control": "private, no-store"})
    saved = request.query_params.get("saved") == "1"
    origin = f"{request.url.scheme}://{request.url.netloc}"

    def render() -> Response:
        share = f"{origin}/{locale}/settings?apply={prefs.to_cookie()}"
        return app.renderer.render(
            request, locale, "settings.html",
            {"choices": choices(), "defaults": P.DEFAULTS, "saved": saved,
             "share_url": share, "share_code": prefs.to_cookie(),
             "head": app.renderer.heads.page(request, noindex=True)})

    # Cached in this process like any page, but a reader's settings page is theirs alone.
    key = pagecache.cache_key(request, "settings", locale, saved, origin)
    return pagecache.serve(request, key, render, cache_control="private, no-cache")


async def update_settings(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    if not same_origin(request):
        raise HTTPException(403)
    form = await read_form(request)
    action = form.get("action", "save")
    before = current_prefs(request)
    settings_url = f"/{locale}/settings"
    if action in P.ACTIONS:
        after = P.step(before, action)
        back = safe_next(form.get("next"), f"/{locale}/")
    elif action == "show-images":
        after = replace(before, images="show")
        back = safe_next(form.get("next"), f"/{locale}/")
    elif action == "reset":
        after, back = P.DEFAULTS, settings_url + "?saved=1"
    elif action == "apply":
        after, back = P.parse(form.get("code")), settings_url + "?saved=1"
    elif action == "save":
        after, back = P.from_form(form, before), settings_url + "?saved=1"
    else:
        raise HTTPException(400)

    htmx = HtmxDetails.from_request(request)
    response: Response
    if htmx.is_partial and action in P.ACTIONS:
        message = announcement(before, after, action)
        response = app.renderer.render(
            request, locale, "_toolbar.html", {"prefs": after, "next": back}, prefs=after)
        response.headers["HX-Trigger"] = json.dumps(
            {"reader:prefs": {"classes": after.classes(), "message": message}})
    else:
        response = RedirectResponse(back, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "HX-Request, Cookie"
    set_prefs_cookie(request, response, after)
    return response


def choices() -> list[dict[str, object]]:
    """The settings form's fieldsets: field, legend, options (value, label)."""
    sizes = [(str(i), f"{format_percent(p)}%") for i, p in enumerate(P.TEXT_SIZES)]
    return [
        {"name": "text_size", "legend": _("Text size"), "options": sizes},
        {"name": "contrast", "legend": _("Contrast"), "options": [
            ("auto", _("Follow my device")), ("soft", _("Soft")),
            ("standard", _("Standard")), ("high", _("High"))]},
        {"name": "scheme", "legend": _("Colours"), "options": [
            ("auto", _("Follow my device")), ("light", _("Light")), ("dark", _("Dark"))]},
        {"name": "line_spacing", "legend": _("Line spacing"), "options": [
            ("normal", _("Normal")), ("1.5", _("1.5 lines")), ("2", _("Double"))]},
        {"name": "letter_spacing", "legend": _("Letter spacing"), "options": [
            ("normal", _("Normal")), ("wide", _("Wide"))]},
        {"name": "word_spacing", "legend": _("Word spacing"), "options": [
            ("normal", _("Normal")), ("wide", _("Wide"))]},
        {"name": "width", "legend": _("Line length"), "options": [
            ("narrow", _("Short lines")), ("medium", _("Medium")), ("wide", _("Long lines"))]},
        {"name": "font", "legend": _("Font"), "options": [
            ("system", _("This device's font")), ("be-vietnam-pro", "Be Vietnam Pro")]},
        {"name": "images", "legend": _("Images"), "options": [
            ("auto", _("Show, unless my browser asks to save data")), ("show", _("Always show")),
            ("hide", _("Hide images (text only)"))]},
        {"name": "motion", "legend": _("Motion"), "options": [
            ("auto", _("Follow my device")), ("reduce", _("Reduce motion"))]},
        {"name": "underline", "legend": _("Links"), "options": [
            ("auto", _("Underline links in text")), ("always", _("Underline all links"))]},
    ]

