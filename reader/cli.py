"""The ``reader`` command."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from . import __version__
from .config import ConfigError, load_settings
from .store import StoreError


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, not {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Reader: an accessibility-first article reader (Vietnamese and English).",
        epilog="Settings can also come from the environment: READER_DB, READER_DATA_DIR, "
               "READER_HOST, READER_PORT.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="serve the reader (creates the database and loads samples on first start)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, help="port to listen on (default 8000)")
    serve.add_argument("--db", metavar="PATH",
                       help="SQLite database file (default: in the data directory)")

    catalog = commands.add_parser(
        "catalog", help="the translation catalog cycle: extract, update, check")
    catalog.add_argument("action", choices=["extract", "update", "check"],
                         help="extract: write locales/messages.pot; update: merge it into "
                              "each messages.po; check: fail on missing or untranslated "
                              "strings")

    importer = commands.add_parser(
        "import", help="import articles: Markdown, saved portal pages, plain-text dumps")
    importer.add_argument("paths", nargs="+", metavar="PATH",
                          help="files or folders (searched recursively)")
    importer.add_argument("--lang", choices=["vi", "en"],
                          help="the articles' language (default: detected per article)")
    importer.add_argument("--db", metavar="PATH",
                          help="SQLite database file (default: in the data directory)")

    speech = commands.add_parser(
        "speech", help="server audio: 'build' makes it for every article ahead of time; 'voices' "
                       "installs and lists server voices")
    speech_actions = speech.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = speech_actions.add_parser("build", help="make the audio for all articles")
    build.add_argument("--db", metavar="PATH",
                       help="SQLite database file (default: in the data directory)")
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
    if args.command == "speech" and args.action == "voices":
        from .speech.voices_cli import run as run_voices
        return run_voices(args, load_settings())
    if args.command == "speech":
        from .speech.build import build_all
        return build_all(load_settings(db=args.db))
    parser.print_help()
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    try:
        settings = load_settings(db=args.db, host=args.host, port=args.port)
        app = create_app(settings)
    except (StoreError, ConfigError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    print(f"Reader: http://{settings.host}:{settings.port}/  (database: {settings.db_path})",
          file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port,
                proxy_headers=bool(settings.trusted_proxies),
                forwarded_allow_ips=settings.trusted_proxies or None,
                server_header=False, log_level="info", access_log=settings.access_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
