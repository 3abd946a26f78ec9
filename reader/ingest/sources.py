"""``reader sources add|list|remove``: the feeds and sitemaps ``reader sync`` follows."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..cli import open_for_command
from ..config import ConfigError, Settings
from ..models import Source
from ..store import Store, StoreError
from ..web.client import FetchError, check_scheme, client_for
from ..web.listing import ListingError, parse_listing

KINDS = {"rss": "an RSS feed", "atom": "an Atom feed", "sitemap": "a sitemap",
         "sitemapindex": "a sitemap index"}


def describe(source: Source) -> str:
    when = source.last_sync_at.strftime("%Y-%m-%d %H:%M UTC") if source.last_sync_at else "never synced"
    result = source.last_result or "-"
    return (f"{source.url}\n    language: {source.lang or 'detected per article'}; articles: {source.articles}; "
            f"last sync: {when}; result: {result}")


def add(store: Store, settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    url = args.url.strip()
    try:
        check_scheme(url)
        with client_for(settings, allow_private=args.allow_private, memory=store) as client:
            fetched = client.get(url, "feed")
        if fetched.gone:
            raise FetchError(f"{url}: answers {fetched.status}")
        listing = parse_listing(fetched.body, fetched.url)
    except (FetchError, ListingError, ConfigError) as exc:
        print(f"reader sources add: {exc}".replace(f"{url}: ", f"{url}: ", 1), file=err)
        print("reader sources add: nothing was added", file=err)
        return 1
    source, new = store.add_source(url, args.lang)
    what = KINDS[listing.kind]
    count = f"{len(listing.entries)} {'sitemaps' if listing.kind == 'sitemapindex' else 'articles'}"
    verb = "added" if new else "already followed"
    print(f"{verb}: {url} ({what} naming {count}; language: {source.lang or 'detected per article'}); "
          "reader sync imports them", file=out)
    return 0


def main(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        settings, store = open_for_command(args.db)
    except (ConfigError, StoreError) as exc:
        print(f"reader sources: {exc}", file=err)
        return 1
    try:
        if args.action == "add":
            return add(store, settings, args, out, err)
        if args.action == "list":
            sources = store.sources()
            for source in sources:
                print(describe(source), file=out)
            print(f"sources: {len(sources)} followed", file=out)
            return 0
        # remove
        from ..admin import delete_articles

        found = store.source(args.url)
        if found is None:
            known = ", ".join(s.url for s in store.sources()) or "none"
            print(f"reader sources remove: {args.url} is not a source (followed: {known})", file=err)
            return 1
        slugs = store.source_slugs(found.id)
        if args.with_articles:
            delete_articles(store, settings, slugs, out)
        store.remove_source(found.url)
        kept = "" if args.with_articles or not slugs else f"; its {len(slugs)} articles stay, no longer followed"
        print(f"removed: {found.url}{kept}", file=out)
        return 0
    finally:
        store.close()
