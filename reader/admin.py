"""``reader articles list|withdraw|restore|delete``: what is published, by hand.

Each command asks nothing (it runs from scripts and timers too), prints what
it did, and refuses an unknown slug by name with exit status 1.  A withdrawn
article leaves the lists, search, feeds and related articles, and its URL
answers 410 Gone; ``restore`` brings it back.  ``delete`` removes it for good
with its translation link and the image and audio files no other article
uses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .config import ConfigError, Settings
from .ingest.images import copies
from .speech import Speech
from .store import Store, StoreError


def remove_files(settings: Settings, store: Store, slug: str, speech: Speech) -> tuple[str, list[str]] | None:
    """Delete one article and the files only it used; None when there is no such slug.
    Returns its title and what was removed, for the operator."""
    article = store.article(slug)
    if article is None:
        return None
    audio: list[Path] = []
    if not store.same_text(article):  # the audio is keyed by what is said: shared only by twins
        key = speech.key(article)
        if key:
            files = speech.cache.files(key)
            audio = [files.mp3, files.vtt]
    deleted = store.delete_article(slug)
    assert deleted is not None
    removed: list[str] = []
    for image in deleted.images:
        for name in [image.file, *(v.file for v in copies(image))]:
            path = settings.media_dir / name
            if path.is_file():
                path.unlink()
                removed.append(f"media/{name}")
    for path in audio:
        if path.is_file():
            path.unlink()
            removed.append(f"audio/{path.parent.name}/{path.name}")
    if deleted.unlinked:
        removed.append(f"the translation link ({deleted.unlinked} now stands alone)")
    return deleted.title, removed


def delete_articles(store: Store, settings: Settings, slugs: Iterable[str], out: TextIO) -> int:
    count = 0
    speech = Speech(settings.audio_dir)
    for slug in slugs:
        done = remove_files(settings, store, slug, speech)
        if done is None:
            continue
        title, removed = done
        count += 1
        print(f"deleted: {slug} ({title})" + (f"; removed {', '.join(removed)}" if removed else ""), file=out)
    return count


def main(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    command = f"reader articles {args.action}"
    from .cli import open_for_command

    try:
        settings, store = open_for_command(args.db, create=False)
    except (ConfigError, StoreError) as exc:
        print(f"{command}: {exc}", file=err)
        return 1
    try:
        if args.action == "list":
            if args.source is not None and store.source(args.source) is None:
                print(f"{command}: {args.source} is not a source (see reader sources list)", file=err)
                return 1
            entries = store.entries(source_url=args.source, withdrawn=args.withdrawn)
            for entry in entries:
                state = f"withdrawn ({'by its portal' if entry.withdrawn_by == 'source' else 'by hand'})" \
                    if entry.withdrawn_by else "published"
                print("\t".join([entry.slug, entry.lang, entry.published_at.date().isoformat(), state,
                                 entry.title, entry.source_url or ""]), file=out)
            print(f"articles: {len(entries)} listed", file=out)
            return 0
        unknown = [slug for slug in args.slugs if store.article(slug) is None]
        if unknown:
            print(f"{command}: no article with the slug {', '.join(repr(s) for s in unknown)}; "
                  "nothing was changed (see reader articles list)", file=err)
            return 1
        for slug in args.slugs:
            if args.action == "withdraw":
                changed = store.withdraw(slug)
                print(f"withdrawn: {slug} (its address now answers 410 Gone)" if changed
                      else f"already withdrawn: {slug} (now marked as withdrawn by hand)", file=out)
            elif args.action == "restore":
                changed = store.restore(slug)
                print(f"restored: {slug} (published again)" if changed else f"not withdrawn: {slug}", file=out)
            else:
                delete_articles(store, settings, [slug], out)
        return 0
    finally:
        store.close()
