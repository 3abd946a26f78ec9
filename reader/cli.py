"""The ``reader`` command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from . import __version__
from .config import ConfigError, Settings, load_settings
from .store import Store, StoreError, describe, open_store

DB_HELP = ("the database: an SQLite file (default: in the data directory) or a PostgreSQL URL, "
           "postgresql://USER@HOST/DB or postgresql:///DB?host=/socket/folder")
REPLICA_HELP = "a PostgreSQL streaming replica that serves page reads (repeatable; or READER_DB_REPLICAS)"


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, not {port}")
    return port


def _minutes(value: str) -> float:
    try:
        minutes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {value!r}") from None
    if not 0 < minutes <= 7 * 24 * 60:
        raise argparse.ArgumentTypeError(f"minutes must be more than 0 and at most a week, not {value}")
    return minutes


def _allow_private(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-private", action="store_true",
                        help="also fetch from loopback, private and link-local addresses (an intranet "
                             "portal); the same as READER_ALLOW_PRIVATE=1")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Reader: an accessibility-first article reader (Vietnamese and English).",
        epilog="Settings can also come from the environment: READER_DB, READER_DB_REPLICAS, READER_DATA_DIR, "
               "READER_HOST, READER_PORT, READER_ALLOW_PRIVATE, READER_CONTACT_URL, READER_FETCH_DELAY, "
               "READER_FETCH_TIMEOUT.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="serve the reader (creates the database and loads samples on first start)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, help="port to listen on (default 8000)")
    serve.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    serve.add_argument("--replica", metavar="URL", action="append", help=REPLICA_HELP)
    serve.add_argument("--workers", type=_workers, default=1,
                       help="worker processes (default 1; one per core is a good start)")

    catalog = commands.add_parser(
        "catalog", help="the translation catalog cycle: extract, update, check")
    catalog.add_argument("action", choices=["extract", "update", "check"],
                         help="extract: write locales/messages.pot; update: merge it into "
                              "each messages.po; check: fail on missing or untranslated "
                              "strings")

    importer = commands.add_parser(
        "import", help="import articles: Markdown, saved portal pages, plain-text dumps, pages by URL")
    importer.add_argument("paths", nargs="+", metavar="PATH|URL",
                          help="files or folders (searched recursively), or http(s) addresses of article pages")
    importer.add_argument("--lang", choices=["vi", "en"],
                          help="the articles' language (default: detected per article)")
    importer.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    _allow_private(importer)

    sources = commands.add_parser("sources", help="the feeds and sitemaps that 'reader sync' follows")
    source_actions = sources.add_subparsers(dest="action", metavar="ACTION", required=True)
    source_add = source_actions.add_parser("add", help="follow an RSS 2.0 or Atom feed, or a sitemap")
    source_add.add_argument("url", metavar="URL")
    source_add.add_argument("--lang", choices=["vi", "en"],
                            help="its articles' language (default: detected per article)")
    _allow_private(source_add)
    source_actions.add_parser("list", help="each source: last sync, its result, its articles")
    source_remove = source_actions.add_parser("remove", help="stop following a source (its articles stay)")
    source_remove.add_argument("url", metavar="URL")
    source_remove.add_argument("--with-articles", action="store_true", help="delete its articles too")
    for sub in (source_add, source_actions.choices["list"], source_remove):
        sub.add_argument("--db", metavar="PATH|URL", help=DB_HELP)

    sync = commands.add_parser("sync", help="import what is new or changed from every source")
    sync.add_argument("--every", type=_minutes, metavar="MINUTES",
                      help="keep running, syncing every MINUTES, until stopped (SIGTERM, Ctrl-C)")
    sync.add_argument("--recheck", action="store_true",
                      help="also revalidate every article already imported (catches edits and withdrawals "
                           "that a feed does not show)")
    sync.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    _allow_private(sync)

    articles = commands.add_parser("articles", help="list, withdraw, restore or delete articles")
    article_actions = articles.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = article_actions.add_parser("list", help="every article (slug, language, date, state, title, source)")
    listing.add_argument("--source", metavar="URL", help="only the articles of this source")
    listing.add_argument("--withdrawn", action="store_true", help="only withdrawn articles")
    changes = {"withdraw": "take articles down: their addresses answer 410 Gone",
               "restore": "publish withdrawn articles again",
               "delete": "remove articles for good, with their translation link and unshared files"}
    for name, text in changes.items():
        action = article_actions.add_parser(name, help=text)
        action.add_argument("slugs", nargs="+", metavar="SLUG")
    for sub in article_actions.choices.values():
        sub.add_argument("--db", metavar="PATH|URL", help=DB_HELP)

    speech = commands.add_parser(
        "speech", help="server audio: 'build' makes it for every article ahead of time; 'voices' "
                       "installs and lists server voices")
    speech_actions = speech.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = speech_actions.add_parser("build", help="make the audio for all articles")
    build.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    build.add_argument("--replica", metavar="URL", action="append", help=REPLICA_HELP)
    voices = speech_actions.add_parser(
        "voices", help="server voices: add a Piper voice (needs pip install 'reader[piper]'), list, remove")
    voice_actions = voices.add_subparsers(dest="voices_action", metavar="VOICES_ACTION", required=True)
    add = voice_actions.add_parser(
        "add", help="install a Piper voice from a file or an http(s) URL (its .onnx.json beside it)")
    add.add_argument("source", metavar="PATH_OR_URL", help="the voice model, NAME.onnx")
    add.add_argument("--sha256", required=True, metavar="HEX",
                     help="the model's SHA-256 checksum, as published beside it")
    add.add_argument("--max-size", type=int, default=200, metavar="MB",
                     help="refuse a model larger than this (default 200 MB)")
    voice_actions.add_parser("list", help="the installed voices and which voice speaks each language")
    remove = voice_actions.add_parser("remove", help="remove an installed voice")
    remove.add_argument("name", metavar="NAME", help="as 'reader speech voices list' shows it")

    db = commands.add_parser("db", help="move a site to another database, or check one")
    db_actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    copy = db_actions.add_parser(
        "copy", help="copy every article (translations, images metadata, versions) into another database; "
                     "run it again to resume or to bring the copy up to date")
    copy.add_argument("--from", dest="source", metavar="PATH|URL", required=True, help="the database to copy")
    copy.add_argument("--to", dest="target", metavar="PATH|URL", required=True,
                      help="where to copy it (created and migrated if new)")
    check = db_actions.add_parser("check", help="counts and integrity of a database (exit 1 on a problem)")
    check.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "serve":
        return serve(args)
    if args.command == "catalog":
        from .catalog import run
        return run(args.action)
    if args.command == "import":
        from .ingest.run import main as run_import
        return run_import(args)
    if args.command == "sources":
        from .ingest.sources import main as run_sources
        return run_sources(args)
    if args.command == "sync":
        from .ingest.sync import main as run_sync
        return run_sync(args)
    if args.command == "articles":
        from .admin import main as run_articles
        return run_articles(args)
    if args.command == "speech" and args.action == "voices":
        from .speech.voices_cli import run as run_voices
        return run_voices(args, load_settings())
    if args.command == "speech":
        from .speech.build import build_all
        return build_all(load_settings(db=args.db, replicas=args.replica))
    if args.command == "db":
        from .database import check, copy
        return copy(args.source, args.target) if args.action == "copy" else check(args.db)
    parser.print_help()
    return 0


def _workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"workers must be 1-64, not {value!r}")
    return int(value)


def open_for_command(db: str | None, *, create: bool = True) -> tuple[Settings, Store]:
    """The settings and the database a command works on (the default one is
    made in the data directory when ``create``); ConfigError or StoreError
    name what is wrong."""
    settings = load_settings(db=db)
    if db is None and create:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings, open_store(settings.db, create=create)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    try:
        settings = load_settings(db=args.db, host=args.host, port=args.port, replicas=args.replica,
                                 workers=args.workers)
        app = create_app(settings)  # opens, migrates and fills a new database once, before any worker
    except (StoreError, ConfigError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    print(f"Reader: http://{settings.host}:{settings.port}/  (database: {describe(settings.db)}"
          + (f", {len(settings.replicas)} replica(s)" if settings.replicas else "")
          + (f", {settings.workers} workers" if settings.workers > 1 else "") + ")", file=sys.stderr)
    options = {"host": settings.host, "port": settings.port, "proxy_headers": bool(settings.trusted_proxies),
               "forwarded_allow_ips": settings.trusted_proxies or None, "server_header": False,
               "log_level": "info", "access_log": settings.access_log}
    if settings.workers == 1:
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return 0
    app.state.services.store.close()
    # Each worker process builds its own app from the environment (reader.asgi).
    os.environ.update(_environment(settings))
    uvicorn.run("reader.asgi:app", factory=True, workers=settings.workers, **options)  # type: ignore[arg-type]
    return 0


def _environment(settings: Settings) -> dict[str, str]:
    """The settings a worker process must share with this one, as environment variables."""
    return {"READER_DATA_DIR": str(settings.data_dir), "READER_DB": settings.db,
            "READER_DB_REPLICAS": " ".join(settings.replicas), "READER_LOAD_SAMPLES": "0"}


if __name__ == "__main__":
    sys.exit(main())
