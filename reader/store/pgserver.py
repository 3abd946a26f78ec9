"""One PostgreSQL server (the primary or a replica) as the store uses it: a
psycopg pool, errors turned into the store's own, and no waiting on a server
known to be down.

When the server goes away, a request waits at most ``TIMEOUT`` for a
connection, then every request for the next ``RETRY`` seconds is answered
unavailable at once (a 503 page, not a pile of waiting workers).  After
that, one request tries a fresh connection; when it works, a new pool
replaces the old one, so pages come back as soon as the server does, not
after the pool's own reconnection back-off.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from .base import StoreConflict, StoreError, StoreFull, StoreUnavailable

Pool = ConnectionPool[Any]  # connections with dict rows
TIMEOUT = 2.0  # seconds a request waits for a connection
RETRY = 1.0  # seconds a server that failed is not asked again


class ServerDown(psycopg.OperationalError):
    """The server failed within the last RETRY seconds."""


# -- errors ------------------------------------------------------------------------------------
def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def scrub(text: str, url: str, name: str) -> str:
    """``text`` with the URL (and so any password in it) replaced by its public name."""
    text = text.replace(url, name)
    password = re.search(r"://[^:/@]*:([^@]*)@", url) or re.search(r"[?&]password=([^&]*)", url)
    return text.replace(password.group(1), "***") if password and password.group(1) else text


def translate(exc: Exception, name: str) -> StoreError:
    if isinstance(exc, psycopg.errors.IntegrityError):
        return StoreConflict(one_line(str(exc)))
    if isinstance(exc, psycopg.errors.DiskFull):
        return StoreFull(f"{name}: {one_line(str(exc))}")
    return StoreUnavailable(f"{name}: {one_line(str(exc)) or type(exc).__name__}")


UNAVAILABLE = (psycopg.OperationalError, psycopg.InterfaceError, psycopg.errors.DiskFull, PoolTimeout)


def configure(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SET TIME ZONE 'UTC'")


def connect(url: str, name: str) -> psycopg.Connection[Any]:
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=5, row_factory=dict_row)
    except (psycopg.Error, ValueError) as exc:
        raise StoreError(f"Cannot connect to {name}: {scrub(one_line(str(exc)), url, name)}.") from None
    configure(conn)
    return conn



class Server:
    def __init__(self, url: str, name: str, size: int) -> None:
        self.url = url
        self.name = name
        self.size = size
        self.pool = self._pool()
        self.down_until = 0.0
        self._lock = threading.Lock()

    def _pool(self) -> Pool:
        pool: Pool = ConnectionPool(
            self.url, min_size=1, max_size=self.size, open=False, timeout=TIMEOUT, configure=configure,
            num_workers=1, kwargs={"autocommit": True, "row_factory": dict_row, "connect_timeout": 5,
                                   # which app server and process holds a connection, in pg_stat_activity
                                   "application_name": f"reader:{socket.gethostname()}:{os.getpid()}"})
        pool.open()
        return pool

    def _revive(self) -> None:
        """Called once RETRY is over: a direct connection says whether the server is back."""
        with self._lock:
            if not self.down_until:
                return
            if time.monotonic() < self.down_until:
                raise ServerDown(f"{self.name} is unreachable")
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
            except psycopg.Error as exc:
                self.down_until = time.monotonic() + RETRY
                raise ServerDown(one_line(str(exc))) from None
            old, self.pool = self.pool, self._pool()
            self.down_until = 0.0
        old.close(timeout=0)

    @contextmanager
    def connection(self) -> Iterator[Any]:
        if self.down_until:
            self._revive()
        try:
            with self.pool.connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            if isinstance(exc, PoolTimeout) or getattr(exc, "sqlstate", None) is None:
                # no connection at all, or one that broke: the server is gone (a query
                # error such as a cancelled statement has an SQLSTATE and says nothing of it)
                if isinstance(exc, PoolTimeout):
                    self.down_until = time.monotonic() + RETRY
                else:
                    self.pool.check()
            raise

    def close(self) -> None:
        self.pool.close()
