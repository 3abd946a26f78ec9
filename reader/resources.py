"""Where the templates, static files and catalogs are.

In a checkout they sit at the top of the repository, next to ``reader/``; in an
installed wheel they are copied inside the package (see ``force-include`` in
pyproject.toml).  Looking inside the package first means an installed reader
never picks up files from whatever directory it happens to be started in.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Reader's {name}/ directory is missing from {PACKAGE_DIR}")


TEMPLATES_DIR = resource_dir("templates")
STATIC_DIR = resource_dir("static")
LOCALES_DIR = resource_dir("locales")
SAMPLES_DIR = PACKAGE_DIR / "samples"


def release_time() -> float:
    """When the files pages are made from (code, templates, catalogues,
    static files) last changed: an upgrade moves every page's Last-Modified."""
    newest = 0.0
    # In a wheel the resources sit inside the package: walk each file once.
    outside = [f for f in (TEMPLATES_DIR, STATIC_DIR, LOCALES_DIR) if not f.is_relative_to(PACKAGE_DIR)]
    for folder in (PACKAGE_DIR, *outside):
        for path in folder.rglob("*"):
            if path.suffix in (".py", ".toml", ".html", ".po", ".css", ".js"):
                newest = max(newest, path.stat().st_mtime)
    return newest
