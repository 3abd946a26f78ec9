"""Reading settings: the toolbar's posts, the settings page, and carrying
settings to another device.

Every change is a POST (a plain form, so it works without JavaScript) that
sets the cookie and answers 303 back to where the reader was; with htmx the
same form gets the updated toolbar and an event telling the page its new
classes and what to announce.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import prefs as P
from ..colours import DEFAULT_CODE, LINK_TEXT_MINIMUM, Colours, contrast, floor_ratio, parse_hex
from ..forms import read_form, safe_next, same_origin
from ..i18n import format_number, ngettext
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


# Without JavaScript a toolbar press comes back to the page at this fragment:
# the element just before the pressed button, so the menu (a <details>) opens
# around it and the next Tab is the same button again.
BEFORE_BUTTON = {"size-down": "toolbar", "size-reset": "tb-size-down", "size-up": "tb-size-reset",
                 "contrast-down": "tb-size-up", "contrast-up": "tb-contrast-down"}


@dataclass(frozen=True)
class ColourField:
    """One colour of the settings form: a text box (``#rrggbb``) and a
    colour picker; ``typed`` is what the text box shows (escaped by the
    template, like everything else)."""

    name: str
    label: str
    pick_label: str
    typed: str
    picker: str
    error: str | None = None


COLOUR_NAMES = (("fg", "text"), ("bg", "background"), ("link", "link"))
MAX_TYPED = 30  # what is shown back of a malformed colour


def colour_labels() -> dict[str, tuple[str, str]]:
    return {"fg": (_("Text colour"), _("Pick the text colour")),
            "bg": (_("Background colour"), _("Pick the background colour")),
            "link": (_("Link colour"), _("Pick the link colour"))}


def colour_fields(prefs: P.Prefs) -> list[ColourField]:
    shown = Colours.from_code(prefs.colours or DEFAULT_CODE)
    assert shown is not None
    labels = colour_labels()
    return [ColourField(name, *labels[name], f"#{getattr(shown, attr)}", f"#{getattr(shown, attr)}")
            for name, attr in COLOUR_NAMES]


def read_colours(form: dict[str, str], before: P.Prefs) -> tuple[list[ColourField], Colours | None]:
    """The colours posted, and the fields to show again with any error.
    The text box wins when it changed, else the picker (without JavaScript
    both are sent, and only the one the reader used differs from before)."""
    shown = Colours.from_code(before.colours or DEFAULT_CODE)
    assert shown is not None
    labels = colour_labels()
    fields: list[ColourField] = []
    chosen: dict[str, str] = {}
    for name, attr in COLOUR_NAMES:
        old = getattr(shown, attr)
        typed = form.get(name, "")[:MAX_TYPED]
        text, picked = parse_hex(typed), parse_hex(form.get(name + "_pick"))
        value = (text if text and text != old else picked if picked and picked != old
                 else text or picked or old)
        error = None
        if typed.strip() and text is None:
            error = _("“%(typed)s” is not a colour. Type # and six digits or letters from a to f, "
                      "for example #1f1f1f.", typed=typed)
        chosen[attr] = value
        fields.append(ColourField(name, *labels[name], typed if error else f"#{value}", f"#{value}", error))
    if any(field.error for field in fields):
        return fields, None
    colours = Colours(**chosen)
    refused = {}
    for pair, ratio, minimum in colours.problems():
        numbers = {"ratio": format_number(floor_ratio(ratio)), "minimum": format_number(minimum)}
        if pair == "text":
            refused["fg"] = _("The text colour and the background colour have a contrast ratio of "
                              "%(ratio)s:1; it must be at least %(minimum)s:1.", **numbers)
        else:
            refused["link"] = _("The link colour and the background colour have a contrast ratio of "
                                "%(ratio)s:1; it must be at least %(minimum)s:1.", **numbers)
    if refused:
        return [replace(f, error=refused.get(f.name)) for f in fields], None
    return fields, colours


def underline_note(prefs: P.Prefs) -> str | None:
    """Said on the settings page while own colours underline every link."""
    own = prefs.own_colours
    if own is None or not own.links_need_underline:
        return None
    return _("Links are underlined everywhere: the link colour and the text colour have a contrast "
             "ratio of %(ratio)s:1, under %(minimum)s:1, so colour alone would not show them.",
             ratio=format_number(floor_ratio(contrast(own.link, own.text))),
             minimum=format_number(LINK_TEXT_MINIMUM))


def render_settings(request: Request, *, prefs: P.Prefs, saved: bool, fields: list[ColourField],
                    form_prefs: P.Prefs | None = None, status: int = 200) -> Response:
    """The settings page; after a refused post, ``form_prefs`` and ``fields``
    hold what the reader sent, so nothing they chose is lost."""
    locale = path_locale(request)
    origin = f"{request.url.scheme}://{request.url.netloc}"
    share = f"{origin}/{locale}/settings?apply={prefs.to_cookie()}"
    errors = [field for field in fields if field.error]
    renderer = services(request).renderer
    return renderer.render(
        request, locale, "settings.html",
        {"choices": choices(), "defaults": P.DEFAULTS, "saved": saved, "chosen": form_prefs or prefs,
         "head": renderer.heads.page(request, noindex=True),
         "colour_fields": fields, "errors": errors, "underline_note": underline_note(prefs),
         "share_url": share, "share_code": prefs.to_cookie()},
        status=status)


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
        return render_settings(request, prefs=prefs, saved=saved, fields=colour_fields(prefs))

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
        if form.get("palette") == "own":
            fields, colours = read_colours(form, before)
            if colours is None:  # refused: the form again, as sent, saying why
                refused = render_settings(request, prefs=before, saved=False, fields=fields,
                                          form_prefs=replace(after, palette="own"), status=400)
                refused.headers["Cache-Control"] = "private, no-store"
                return refused
            after = replace(after, palette="own", colours=colours.code)
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
    elif action in P.ACTIONS:
        response = RedirectResponse(f"{back.split('#')[0]}#{BEFORE_BUTTON[action]}", status_code=303)
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
        {"name": "palette", "legend": _("Your own colours"), "colours": True, "options": [
            ("theme", _("Use the colours above")), ("own", _("Use my own colours"))]},
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
        {"name": "guide", "legend": _("Reading guide"), "needs_js": True,
         "hint": _("Dims the page except a band of lines that follows your finger, your pointer or "
                   "the keyboard focus, and the sentence being read aloud."),
         "options": [("off", _("Off"))] + [
             (n, ngettext("%(num)d line", "%(num)d lines", int(n))) for n in ("1", "3", "5")]},
    ]

