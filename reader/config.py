"""Settings, from command-line flags first, then the environment, then defaults.

Everything that differs between a laptop, CI and production is here, so the rest
of the code takes a ``Settings`` and never reads the environment itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .store import is_url


def default_data_dir(environ: Mapping[str, str]) -> Path:
    """The XDG data directory, so the embedded database survives upgrades and
    does not land in whatever directory the reader happened to be started from."""
    if environ.get("READER_DATA_DIR"):
        return Path(environ["READER_DATA_DIR"]).expanduser()
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "reader"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db: str  # an SQLite file's path, or a PostgreSQL URL (postgresql://USER@HOST/DB)
    host: str = "127.0.0.1"
    port: int = 8000
    load_samples: bool = True  # load the bundled articles into a new, empty database
    page_size: int = 10
    debug: bool = False
    static_dir_override: Path | None = None  # where hashed static files are built
    media_dir_override: Path | None = None  # article images (content-hashed names, so shareable)
    busy_timeout_ms: int = 5000  # how long a query waits for a locked database before a 503
    # Addresses of reverse proxies whose X-Forwarded-Proto/-For are believed
    # (opt-in: empty means none, so a client cannot claim https or an address).
    trusted_proxies: str = ""
    access_log: bool = False  # the reverse proxy logs requests; uvicorn's own log costs ~20%
    replicas: tuple[str, ...] = ()  # PostgreSQL streaming replicas that serve page reads
    # Seconds between reads of the content generation (None: the store's default,
    # 1 ms on SQLite, 100 ms on PostgreSQL): the longest a write elsewhere goes unseen.
    content_interval: float | None = None
    workers: int = 1  # `reader serve --workers N`: uvicorn worker processes
    audio_dir_override: Path | None = None  # server-made speech; shareable between app servers

    @property
    def db_path(self) -> Path | None:
        """The SQLite file, or None when the database is PostgreSQL."""
        return None if is_url(self.db) else Path(self.db)
    # Fetching from the web (reader import URL, reader sync): see reader/web/.
    allow_private: str = ""  # READER_ALLOW_PRIVATE: "1" (all) or addresses/networks; "" none
    contact_url: str = ""  # named in the User-Agent, so a portal's admin can reach the operator
    fetch_delay: float = 1.0  # seconds between two requests to one host (0: no limit)
    fetch_timeout: float = 30.0  # seconds to wait for a server to answer (connecting: at most 10)
    # How much a reader's browser may keep for offline reading (the service
    # worker's bound; saved articles count, the oldest unpinned pages go first).
    offline_limit: int = 50_000_000
    # The site's address as readers and search engines see it ("https://tin.example.vn"),
    # for canonical links, language alternates, the sitemap and link previews.
    # Empty: the request's own Host, only when that is a loopback name (reader/publicurl.py).
    public_url: str = ""
    publisher: str = "Reader"  # the publisher's name in structured data and link previews

    @property
    def media_dir(self) -> Path:
        return self.media_dir_override or self.data_dir / "media"

    @property
    def audio_dir(self) -> Path:
        """Server-made speech (MP3 + WebVTT), keyed by content hash: only a cache."""
        return self.audio_dir_override or self.data_dir / "audio"

    @property
    def voices_dir(self) -> Path:
        """Voice files installed by ``reader speech voices add`` (Piper models)."""
        return self.data_dir / "voices"

    @property
    def static_build_dir(self) -> Path:
        return self.static_dir_override or self.data_dir / "static"


class ConfigError(ValueError):
    """A setting from the environment is unusable; the message names it."""


def _env_port(env: Mapping[str, str]) -> int:
    raw = env.get("READER_PORT", "8000")
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"READER_PORT must be a port number (1-65535), not {raw!r}")
    return int(raw)


def _database(value: str | os.PathLike[str]) -> str:
    text = os.fspath(value)
    return text if is_url(text) else str(Path(text).expanduser())


def _env_interval(env: Mapping[str, str]) -> float | None:
    raw = env.get("READER_CONTENT_INTERVAL_MS", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= 60_000:
        raise ConfigError(f"READER_CONTENT_INTERVAL_MS must be milliseconds (0-60000), not {raw!r}")
    return value / 1000


def _folder(env: Mapping[str, str], name: str) -> Path | None:
    return Path(env[name]).expanduser() if env.get(name) else None
def _env_seconds(env: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value >= minimum or value > 3600:  # NaN fails the first test
        raise ConfigError(f"{name} must be a number of seconds from {minimum:g} to 3600, not {raw!r}")
    return value


_HOST_NAME = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]"
                        r"(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")


def public_url(raw: str) -> str:
    """READER_PUBLIC_URL as ``scheme://host[:port]``, or a ConfigError saying what
    is wrong.  Only an origin: every page's path is Reader's own, so a path,
    query or fragment here would be a mistake we should not guess around."""
    value = raw.strip()
    if not value:
        return ""
    example = "for example https://tin.example.vn"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"READER_PUBLIC_URL is not a valid URL ({exc}): {raw!r}; {example}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"READER_PUBLIC_URL must be an absolute http(s) address, {example}; not {raw!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or "?" in value or "#" in value:
        raise ConfigError(f"READER_PUBLIC_URL must be the site's address with no path, query or "
                          f"fragment ({example}); not {raw!r}")
    if parts.username is not None or parts.password is not None:
        raise ConfigError("READER_PUBLIC_URL must not contain a user name or password")
    host = parts.netloc.rsplit(":", 1)[0] if port is not None else parts.netloc
    try:  # a Vietnamese domain name is written in its ASCII (punycode) form in URLs
        host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # left as it is: the check below names it
    if not _HOST_NAME.fullmatch(host):
        raise ConfigError(f"READER_PUBLIC_URL has an invalid host name {host!r}; {example}")
    netloc = host.lower() + (f":{port}" if port is not None else "")
    return f"{parts.scheme.lower()}://{netloc}"


def publisher_name(raw: str | None) -> str:
    value = " ".join((raw or "").split())
    if not value:
        return "Reader"
    if len(value) > 200 or not value.isprintable():
        raise ConfigError(f"READER_PUBLISHER must be a name of at most 200 printable characters, not {raw!r}")
    return value


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000}


def _env_size(env: Mapping[str, str], name: str, default: int) -> int:
    """A size such as ``50MB``, ``300 KB`` or ``2000000`` (bytes); at least 100 KB,
    which is about what the worker needs for the site's own files."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    match = _SIZE.fullmatch(raw.strip())
    if match is None:
        raise ConfigError(f"{name} must be a size such as 50MB, 500KB or a number of bytes, not {raw!r}")
    size = int(float(match[1]) * _UNITS[(match[2] or "B").upper()])
    if size < 100_000:
        raise ConfigError(f"{name} must be at least 100KB (the worker keeps the site's own files), not {raw!r}")
    return size


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    host: str | None = None,
    port: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    replicas: list[str] | None = None,
    workers: int | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    data = Path(data_dir).expanduser() if data_dir else default_data_dir(env)
    if db is not None:
        database = _database(db)
    elif env.get("READER_DB"):
        database = _database(env["READER_DB"])
    else:
        database = str(data / "reader.sqlite3")
    if replicas is None:  # READER_DB_REPLICAS: URLs separated by commas or spaces
        replicas = env.get("READER_DB_REPLICAS", "").replace(",", " ").split()
    return Settings(
        data_dir=data,
        db=database,
        replicas=tuple(replicas),
        content_interval=_env_interval(env),
        workers=workers or 1,
        media_dir_override=_folder(env, "READER_MEDIA_DIR"),
        audio_dir_override=_folder(env, "READER_AUDIO_DIR"),
        host=host or env.get("READER_HOST", "127.0.0.1"),
        port=port if port is not None else _env_port(env),
        load_samples=env.get("READER_LOAD_SAMPLES", "1") not in {"0", "false", "no"},
        debug=env.get("READER_DEBUG", "") in {"1", "true", "yes"},
        trusted_proxies=env.get("READER_TRUSTED_PROXIES", ""),
        access_log=env.get("READER_ACCESS_LOG", "") in {"1", "true", "yes"},
        allow_private=env.get("READER_ALLOW_PRIVATE", ""),
        contact_url=env.get("READER_CONTACT_URL", "").strip(),
        fetch_delay=_env_seconds(env, "READER_FETCH_DELAY", 1.0, 0.0),
        fetch_timeout=_env_seconds(env, "READER_FETCH_TIMEOUT", 30.0, 0.1),
        offline_limit=_env_size(env, "READER_OFFLINE_LIMIT", Settings.offline_limit),
        public_url=public_url(env.get("READER_PUBLIC_URL", "")),
        publisher=publisher_name(env.get("READER_PUBLISHER")),
    )
