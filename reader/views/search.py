"""The search page: a plain GET form that works without JavaScript; with htmx
the same URL answers with the results partial as the reader types.

Bad input gets a normal page: the query is cleaned (control characters out,
cut to a sensible length, with a message saying so) and only ever shown
escaped; ``page`` falls back to 1; invalid UTF-8 was already replaced by
Starlette's query parser.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from .. import fit, search
from .. import prefs as P
from ..i18n import format_number, ngettext
from ..i18n import gettext as _
from . import pagecache
from .articles import reading_minutes
from .common import HtmxDetails, page_number, path_locale, services


def count_text(results: search.Results) -> str:
    """The sentence the live region announces after each update."""
    if not results.query:
        return ""
    if results.capped:
        return _("More than %(count)s articles found for “%(query)s”.",
                 count=format_number(search.RESULT_CAP), query=results.query)
    if results.page.total == 0:
        return _("No articles found for “%(query)s”.", query=results.query)
    return ngettext("%(num)d article found for “%(query)s”.", "%(num)d articles found for “%(query)s”.",
                    results.page.total, query=results.query)


async def search_page(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    query, shortened = search.clean_query(request.query_params.get("q", ""))
    number = page_number(request)
    htmx = HtmxDetails.from_request(request)

    def render() -> Response:
        results = search.search(app.store, query, locale, number, app.settings.page_size)
        template = "_search_results.html" if htmx.is_partial else "search.html"
        response = app.renderer.render(request, locale, template, {
            "results": results,
            "count_text": count_text(results),
            "page": results.page,
            "shortened": shortened,
            "max_length": search.MAX_QUERY_LENGTH,
            "reading_minutes": reading_minutes,
            "pagination_query": urlencode({"q": query}) + "&" if query else "",
            "partial": htmx.is_partial,
            "head": app.renderer.heads.page(request, noindex=True),
        })
        if htmx.is_partial:
            # New results may hold a wider word than the page had (reader/fit.py):
            # reader.js widens the page's fit to include theirs.
            prefs = P.parse(request.cookies.get(P.COOKIE_NAME))
            response.headers["HX-Trigger"] = json.dumps(
                {"reader:fit": fit.measure(bytes(response.body).decode(), fit.letter_spacing(prefs))})
        return response

    # Popular queries repeat: the page is cached like any other, keyed on the cleaned query.
    key = pagecache.cache_key(request, "search", locale, query, shortened, number)
    return pagecache.serve(request, key, render, cache_control="private, no-cache")
