"""The bundled sample articles (written by the team), loaded into a new database
so a fresh ``reader serve`` has something to read."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..ingest.frontmatter import read_article
from ..store.base import Store

HERE = Path(__file__).resolve().parent
ARTICLES_DIR = HERE / "articles"
IMAGES_DIR = HERE / "images"


def sample_words() -> dict[str, list[str]]:
    """The samples' words per language, most frequent first: the vocabulary of the
    synthetic articles benchmarks and tests build by the thousand."""
    words: dict[str, Counter[str]] = {"vi": Counter(), "en": Counter()}
    for source in ARTICLES_DIR.glob("*.html"):
        text = source.read_text(encoding="utf-8")
        lang = "en" if 'lang = "en"' in text else "vi"
        body = re.sub(r"<[^>]+>", " ", text.split("+++", 2)[2])
        words[lang].update(w.lower() for w in re.findall(r"[^\W\d_]+", body))
    return {lang: [w for w, _ in counter.most_common()] for lang, counter in words.items()}


def load_samples(store: Store, media_dir: Path) -> int:
    """Load every sample into ``store``; returns how many."""
    count = 0
    for source in sorted(ARTICLES_DIR.glob("*.html")):
        store.save(read_article(source, IMAGES_DIR, media_dir))
        count += 1
    return count
