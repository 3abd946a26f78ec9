"""Throwaway PostgreSQL clusters for tests and benchmarks: initdb and pg_ctl from
Debian's ``postgresql`` package, in a temporary folder, on a private unix socket
(and a loopback port, for password tests).  Never a system-wide server.

PostgreSQL refuses to run as root, and CI runs as root: there the server runs
as the ``postgres`` user the Debian package creates (through runuser), in a
folder that user owns.  As anyone else it runs as that user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{socket}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = {shared_buffers}
wal_level = replica
max_wal_senders = 4
hot_standby = on
wal_keep_size = 256MB
log_min_messages = warning
"""
HBA = """
local all all trust
local replication all trust
host all all 127.0.0.1/32 scram-sha-256
"""


def bin_dir() -> Path:
    """Where initdb lives: READER_PG_BIN, else the newest /usr/lib/postgresql/N/bin."""
    if os.environ.get("READER_PG_BIN"):
        return Path(os.environ["READER_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (or set READER_PG_BIN)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """One PostgreSQL server in its own folder.  ``url(db)`` reaches it over the socket."""

    def __init__(self, root: Path | None = None, *, shared_buffers: str = "32MB") -> None:
        self.bin = bin_dir()
        self.as_postgres = os.geteuid() == 0
        self.root = root or Path(tempfile.mkdtemp(prefix="reader-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.port = free_port()
        self.shared_buffers = shared_buffers
        self.log = self.root / "server.log"

    # -- running the server's own programs as its user ------------------------------------------------
    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin / program), *args]
        return ["runuser", "-u", "postgres", "--", *command] if self.as_postgres else command

    def run(self, program: str, *args: str) -> str:
        done = subprocess.run(self._command(program, *args), capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{done.stdout}{done.stderr}\n{log}")
        return done.stdout

    def _own(self, *paths: Path) -> None:
        if self.as_postgres:
            for path in paths:
                shutil.chown(path, "postgres", "postgres")

    def init(self) -> Cluster:
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket.mkdir(exist_ok=True)
        self.root.chmod(0o755)
        self._own(self.root, self.socket)
        self.run("initdb", "--no-sync", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "-D", str(self.data))
        self.configure()
        return self

    def configure(self) -> None:
        conf = self.data / "postgresql.conf"
        text = conf.read_text() if conf.exists() else ""
        settings = SETTINGS.format(port=self.port, socket=self.socket, shared_buffers=self.shared_buffers)
        self._write(conf, text + settings)
        self._write(self.data / "pg_hba.conf", HBA)

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text)
        self._own(path)

    def start(self) -> Cluster:
        self.log.touch()
        self._own(self.log)
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(self._command("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"),
                           capture_output=True, timeout=120)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- clients ------------------------------------------------------------------------------------------
    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.socket}&port={self.port}"

    def tcp_url(self, database: str, user: str, password: str) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str) -> str:
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- a streaming replica ----------------------------------------------------------------------------
    def replica(self) -> Cluster:
        """A hot standby of this server, made with pg_basebackup and started."""
        standby = Cluster(Path(tempfile.mkdtemp(prefix="reader-pg-replica-")), shared_buffers=self.shared_buffers)
        standby.root.chmod(0o755)
        standby.socket.mkdir()
        standby._own(standby.root, standby.socket)
        self.run("pg_basebackup", "-h", str(self.socket), "-p", str(self.port), "-U", "postgres",
                 "-D", str(standby.data), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast")
        standby.configure()  # its own port and socket; -R wrote the primary's address
        return standby.start()

    def wait_replayed(self, primary: Cluster, timeout: float = 30) -> None:
        """Until this standby has replayed everything the primary has written so far."""
        import psycopg

        with psycopg.connect(primary.url(), autocommit=True) as conn:
            target = conn.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]  # type: ignore[index]
        deadline = time.monotonic() + timeout
        with psycopg.connect(self.url(), autocommit=True) as conn:
            while True:
                done = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (str(target),)).fetchone()
                if done and done[0]:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError("the replica did not catch up")
                time.sleep(0.02)
