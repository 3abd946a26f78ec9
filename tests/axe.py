"""axe-core (from axe-playwright-python) with the WCAG 2.2 A/AA tags.

The default axe run leaves out some WCAG 2.2 rules (target size among them),
so every run names its tags.

"JavaScript off": axe itself needs timers, which never fire in a context
created with ``java_script_enabled=False`` (its run would hang).  So a JS-off
page is a JS-on context in which every script request is aborted: our pages
have no inline script (the CSP forbids it), so the page the reader gets is the
same.  tests/test_browser_a11y.py checks that against a truly disabled context."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def context(browser: Any, *, javascript: bool, **options: Any) -> Any:
    """A browser context; with ``javascript=False`` none of the page's scripts load."""
    ctx = browser.new_context(**options)
    if not javascript:
        ctx.route("**/*.js", lambda route: route.abort())
    return ctx


def violations(page: Any) -> list[dict[str, Any]]:
    results = _axe.run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    })
    return list(results.response["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)
