"""The article store: one interface (reader/store/base.py), two engines.

SQLite (reader/store/sqlite.py) is the embedded default: a file path.
PostgreSQL (reader/store/postgres.py, the ``reader[postgresql]`` extra) is for
a site that outgrows one machine: a libpq URL, ``postgresql://USER@HOST/DB``
(or ``postgresql:///DB?host=/run/postgresql`` for a unix socket), with
streaming replicas for reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from .base import (
    ArticleRecord,
    CheckReport,
    Store,
    StoreConflict,
    StoreError,
    StoreFull,
    StoreUnavailable,
    count_words,
)

__all__ = ["ArticleRecord", "CheckReport", "Store", "StoreConflict", "StoreError", "StoreFull",
           "StoreUnavailable", "count_words", "describe", "is_url", "open_store"]

_SCHEMES = ("postgresql://", "postgres://")


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than an SQLite file."""
    return isinstance(target, str) and target.lower().startswith(_SCHEMES)


def describe(target: str | Path) -> str:
    """``target`` as it may appear in a message or a log: a URL loses its password
    (in the user part or as ``?password=``), a path stays as it is."""
    if not is_url(target):
        return str(target)
    text = str(target)
    try:
        parts = urlsplit(text)
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}@{host}"
        query = urlencode([(k, "***" if k.lower() == "password" else v)
                           for k, v in parse_qsl(parts.query, keep_blank_values=True)], safe="/*")
        return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
    except ValueError:  # not even a URL: show only its scheme
        return text.split("://", 1)[0] + "://…"


def open_store(target: str | Path, *, replicas: Sequence[str] = (), create: bool = True,
               busy_timeout_ms: int = 5000, pool_size: int = 4) -> Store:
    """Open (creating and migrating as needed) the database ``target`` names."""
    if is_url(target):
        try:
            from .postgres import PostgresStore
        except ImportError as exc:  # psycopg is the reader[postgresql] extra
            raise StoreError(
                f"{describe(target)}: PostgreSQL support is not installed ({exc.name} is missing); "
                "install it with: pip install 'reader[postgresql]'") from None
        return PostgresStore.open_url(str(target), replicas=replicas, create=create, pool_size=pool_size)
    if replicas:
        raise StoreError(f"{target}: read replicas need a PostgreSQL primary (--db postgresql://…)")
    from .sqlite import SQLiteStore
    return SQLiteStore.open_file(Path(target), create=create, busy_timeout_ms=busy_timeout_ms)
