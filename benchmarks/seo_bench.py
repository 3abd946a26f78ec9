"""Lighthouse 12 on the pages people arrive at from search results and shared links.

    .venv/bin/python benchmarks/seo_bench.py [--lighthouse PATH] [--public-url URL]

Starts Reader on loopback with the bundled samples and runs Lighthouse
(performance, accessibility, best practices, SEO) on the list pages, the Sa
Pa article and its English translation, each in both interface languages,
printing the four scores per page and the audits that lost points.

Lighthouse is not a dependency of Reader: install it in a scratch folder
(``cd /tmp/lh && npm i lighthouse@12``; 13 needs Node 22) and pass
``--lighthouse /tmp/lh/node_modules/.bin/lighthouse``, or have ``lighthouse``
on PATH.  It drives Debian's Chromium (``CHROME_PATH``, default
/usr/bin/chromium), works offline and takes ~15 s a page.

By default the pages name their absolute URLs from the loopback address the
server runs on (a loopback Host is trusted when READER_PUBLIC_URL is unset);
``--public-url`` sets READER_PUBLIC_URL instead.  Target: 100 in all four
categories on every page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.speed_bench import free_port, start_server  # noqa: E402
from reader.app import create_app  # noqa: E402
from reader.config import load_settings  # noqa: E402

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
ENGLISH = "one-hoang-lien-range-one-shared-ambition"
PAGES = {
    "list vi": "/vi/",
    "list en": "/en/",
    "article vi (vi UI)": f"/vi/articles/{SAPA}",
    "article vi (en UI)": f"/en/articles/{SAPA}",
    "translation en (en UI)": f"/en/articles/{ENGLISH}",
    "translation en (vi UI)": f"/vi/articles/{ENGLISH}",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROMIUM = os.environ.get("CHROME_PATH") or os.environ.get("READER_CHROMIUM", "/usr/bin/chromium")


def lighthouse_command(explicit: str | None) -> list[str] | None:
    if explicit:
        return [explicit]
    if shutil.which("lighthouse"):
        return ["lighthouse"]
    probe = subprocess.run(["npx", "--no-install", "lighthouse", "--version"], capture_output=True)
    return ["npx", "--no-install", "lighthouse"] if probe.returncode == 0 else None


def run(command: list[str], url: str, report: Path) -> dict[str, object]:
    subprocess.run([*command, url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu"],
                   env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
    if not report.exists():
        raise SystemExit(f"lighthouse produced no report for {url}")
    result: dict[str, object] = json.loads(report.read_text())
    report.unlink()
    return result


def lost_points(result: dict[str, object]) -> list[str]:
    """The audits under 1 that count towards a category's score."""
    audits = result["audits"]
    categories = result["categories"]
    assert isinstance(audits, dict) and isinstance(categories, dict)
    lost = []
    for key in CATEGORIES:
        for ref in categories[key]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{key}/{ref['id']} ({audit['score']}): {audit['title']}")
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lighthouse", help="path to the lighthouse command (npm i lighthouse@12)")
    parser.add_argument("--public-url", help="READER_PUBLIC_URL for the server (default: unset)")
    args = parser.parse_args()
    command = lighthouse_command(args.lighthouse)
    if command is None:
        print("lighthouse is not installed: npm i lighthouse@12 in a scratch folder, then --lighthouse PATH")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        environ = {"READER_DATA_DIR": str(Path(tmp) / "data")}
        if args.public_url:
            environ["READER_PUBLIC_URL"] = args.public_url
        settings = replace(load_settings(environ), static_dir_override=Path(tmp) / "static")
        settings.data_dir.mkdir()
        port = free_port()
        server = start_server(create_app(settings), port)
        base = f"http://127.0.0.1:{port}"
        print(f"{'page':26} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
        worst = 100
        for name, path in PAGES.items():
            result = run(command, base + path, Path(tmp) / "report.json")
            categories = result["categories"]
            assert isinstance(categories, dict)
            scores = [round(categories[key]["score"] * 100) for key in CATEGORIES]
            worst = min(worst, *scores)
            print(f"{name:26} {scores[0]:5} {scores[1]:5} {scores[2]:5} {scores[3]:5}", flush=True)
            for line in lost_points(result):
                print(f"    {line}")
        server.should_exit = True  # type: ignore[attr-defined]
    print(f"lowest score: {worst} (target 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
