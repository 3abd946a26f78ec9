"""The bundled sample articles (written by the team), loaded into a new database
so a fresh ``reader serve`` has something to read."""

from __future__ import annotations

from pathlib import Path

from ..ingest.frontmatter import read_article
from ..store.base import Store

HERE = Path(__file__).resolve().parent
ARTICLES_DIR = HERE / "articles"
IMAGES_DIR = HERE / "images"


def load_samples(store: Store, media_dir: Path) -> int:
    """Load every sample into ``store``; returns how many."""
    count = 0
    for source in sorted(ARTICLES_DIR.glob("*.html")):
        store.save(read_article(source, IMAGES_DIR, media_dir))
        count += 1
    return count
