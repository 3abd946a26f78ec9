"""One PostgreSQL server (the primary or a replica) as the store uses it: a
psycopg pool, errors turned into the store's own, and no waiting on a server
known to be down.

When the server goes away, a request waits at most ``TIMEOUT`` for a
connection, then every request is answered unavailable at once (a 503
page, not a pile of waiting workers: store calls run on the event loop's
thread, so a wait would stall every reader of the process).  Meanwhile a
background thread tries a fresh connection every ``RETRY`` seconds; when
one works, a new pool replaces the old one, so pages come back as soon as
the server does, not after the pool's own reconnection back-off.  Over TCP,
keepalives and ``tcp_user_timeout`` notice a server that vanished from the
network within seconds instead of the system's minutes.
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
RETRY = 0.5  # seconds between tries to reach a server that went away


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
    # Page queries take milliseconds: starting parallel workers costs more than it
    # saves, and an app server's many requests are the parallelism.
    conn.execute("SET max_parallel_workers_per_gather = 0")
    # psycopg prepares a statement it has run five times, and PostgreSQL then
    # settles on one generic plan for it.  A search's best plan depends on its
    # words (a common word walks the newest articles, a rare one reads the GIN
    # index), so a generic plan made a common word's search ten times slower at
    # a million articles (78 ms against 6.5).  Planning each time costs about a
    # millisecond.
    conn.execute("SET plan_cache_mode = force_custom_plan")


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
        self.down = False
        self._probe: threading.Thread | None = None
        self._closed = False

    def _pool(self) -> Pool:
        pool: Pool = ConnectionPool(
            self.url, min_size=1, max_size=self.size, open=False, timeout=TIMEOUT, configure=configure,
            num_workers=1, kwargs={
                "autocommit": True, "row_factory": dict_row, "connect_timeout": 5,
                "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3, "keepalives_count": 3,
                "tcp_user_timeout": 10_000,
                # which app server and process holds a connection, in pg_stat_activity
                "application_name": f"reader:{socket.gethostname()}:{os.getpid()}"})
        pool.open()
        return pool

    def _went_away(self) -> None:
        """Answer unavailable from now on, and look for the server in the background."""
        self.down = True
        if self._probe is None or not self._probe.is_alive():
            self._probe = threading.Thread(target=self._wait_for_server, name=f"reader-probe {self.name}",
                                           daemon=True)
            self._probe.start()

    def _wait_for_server(self) -> None:
        while not self._closed:
            try:
                psycopg.connect(self.url, connect_timeout=5).close()
            except psycopg.Error:
                time.sleep(RETRY)
                continue
            old, self.pool = self.pool, self._pool()
            self.down = False
            old.close(timeout=0)
            return

    @contextmanager
    def connection(self) -> Iterator[Any]:
        if self.down:
            raise ServerDown(f"{self.name} is unreachable")
        try:
            with self.pool.connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            if isinstance(exc, PoolTimeout):  # no connection within TIMEOUT: the server is gone
                self._went_away()
            elif getattr(exc, "sqlstate", None) is None:
                # a connection that broke (a query error such as a cancelled statement
                # has an SQLSTATE and says nothing of the server): check the others
                self.pool.check()
            raise

    def close(self) -> None:
        self._closed = True
        self.pool.close()
