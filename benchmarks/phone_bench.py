"""Low vision on a phone: how far a reader scrolls to reach each page's title.

    .venv/bin/python benchmarks/phone_bench.py [--base http://127.0.0.1:8000] [--locale vi]

Starts Reader on a temporary database (or measures ``--base``, e.g. another
checkout's server, for a before/after comparison) and, in headless Chromium,
for each of the 9 text sizes, on 360x740 and 412x915 screens, scripts on and
off, on the article, list, search and settings pages, prints:

  * the distance from the top of the page to the top of its ``h1``, in
    screens (0.25 is the target: the title starts in the top quarter);
  * whether a header control (a link, button or summary in the site header)
    is on the first screen;

and, at 320 CSS px wide, the words of headings and body text that are split
across two lines, and whether the page scrolls sideways.
The measurement scripts are the ones tests/test_browser_phone.py asserts on.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.speed_bench import free_port, start_server  # noqa: E402
from reader.app import create_app  # noqa: E402
from reader.config import load_settings  # noqa: E402
from tests.phone import BROKEN_WORDS, GEOMETRY, PAGES, SCREENS, SIZES  # noqa: E402

CHROMIUM = os.environ.get("READER_CHROMIUM", "/usr/bin/chromium")


def measure(base: str, locale: str) -> None:
    from playwright.sync_api import sync_playwright

    pages = {name: path.format(locale=locale) for name, path in PAGES.items()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        results: dict[tuple[str, bool, str, int], dict[str, Any]] = {}
        for (width, height) in SCREENS:
            for javascript in (True, False):
                context = browser.new_context(viewport={"width": width, "height": height},
                                              java_script_enabled=javascript)
                tab = context.new_page()
                for size in SIZES:
                    context.add_cookies([{"name": "reader_prefs", "value": f"1.z{size}", "url": base}])
                    for name, path in pages.items():
                        tab.goto(base + path)
                        results[(f"{width}x{height}", javascript, name, size)] = tab.evaluate(GEOMETRY)
                context.close()
        print(f"Distance to the top of the h1, in screens ({locale}; * = no header control on the first screen)")
        columns = [(screen, js, name) for screen in (f"{w}x{h}" for w, h in SCREENS)
                   for js in (True, False) for name in pages]
        print("size  " + " ".join(f"{s[:3]}{'+' if j else '-'}{n[:4]:>4}" for s, j, n in columns))
        for size in SIZES:
            cells = []
            for screen, js, name in columns:
                m = results[(screen, js, name, size)]
                cells.append(f"{m['h1Top'] / m['height']:>7.2f}{' ' if m['control'] else '*'}")
            print(f"z{size}    " + " ".join(f"{c:>9}" for c in cells))
        worst = max(m["h1Top"] / m["height"] for m in results.values())
        print(f"worst: {worst:.2f} screens; header control on the first screen in "
              f"{sum(m['control'] for m in results.values())}/{len(results)} views")

        print("\nText and title size on the article, in CSS px (chosen body size in brackets)")
        print("size   chosen  " + "  ".join(f"{w}x{h} body/h1" for w, h in [*SCREENS, (320, 640)]))
        sizes = {}
        for (width, height) in [*SCREENS, (320, 640)]:
            context = browser.new_context(viewport={"width": width, "height": height})
            tab = context.new_page()
            for size in SIZES:
                context.add_cookies([{"name": "reader_prefs", "value": f"1.z{size}", "url": base}])
                tab.goto(base + pages["article"])
                sizes[(width, size)] = tab.evaluate("[document.body, document.querySelector('h1')]"
                                                    ".map(e => parseFloat(getComputedStyle(e).fontSize))")
            context.close()
        for size in SIZES:
            chosen = 18 * (100, 112.5, 125, 150, 175, 200, 250, 300, 400)[size] / 100
            print(f"z{size}    {chosen:6.1f}  " + "  ".join(
                f"{sizes[(w, size)][0]:>7.1f}/{sizes[(w, size)][1]:<7.1f}" for w, _ in [*SCREENS, (320, 640)]))

        print("\nAt 320x640: words split across lines, sideways scrolling")
        context = browser.new_context(viewport={"width": 320, "height": 640})
        tab = context.new_page()
        paths = {**pages, "article-en": "/en/articles/one-hoang-lien-range-one-shared-ambition"}
        for size in SIZES:
            context.add_cookies([{"name": "reader_prefs", "value": f"1.z{size}", "url": base}])
            cells = []
            for name, path in paths.items():
                tab.goto(base + path)
                broken = tab.evaluate(BROKEN_WORDS)
                scroll = tab.evaluate("document.documentElement.scrollWidth > innerWidth")
                cells.append(f"{name}: {len(broken)}{' SCROLLS' if scroll else ''}"
                             + (f" {broken[:3]}" if broken else ""))
            print(f"z{size}  " + "; ".join(cells))
        context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="measure this running Reader instead of starting one")
    parser.add_argument("--locale", default="vi", choices=["vi", "en"])
    args = parser.parse_args()
    if args.base:
        measure(args.base.rstrip("/"), args.locale)
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        settings = replace(load_settings({"READER_DATA_DIR": str(data)}), static_dir_override=Path(tmp) / "static")
        port = free_port()
        server = start_server(create_app(settings), port)
        measure(f"http://127.0.0.1:{port}", args.locale)
        server.should_exit = True  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
