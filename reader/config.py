"""Settings, from command-line flags first, then the environment, then defaults.

Everything that differs between a laptop, CI and production is here, so the rest
of the code takes a ``Settings`` and never reads the environment itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


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
    db_path: Path
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

    @property
    def media_dir(self) -> Path:
        return self.media_dir_override or self.data_dir / "media"

    @property
    def audio_dir(self) -> Path:
        """Server-made speech (MP3 + WebVTT), keyed by content hash: only a cache."""
        return self.data_dir / "audio"

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


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    host: str | None = None,
    port: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    data = Path(data_dir).expanduser() if data_dir else default_data_dir(env)
    if db is not None:
        db_path = Path(db).expanduser()
    elif env.get("READER_DB"):
        db_path = Path(env["READER_DB"]).expanduser()
    else:
        db_path = data / "reader.sqlite3"
    return Settings(
        data_dir=data,
        db_path=db_path,
        host=host or env.get("READER_HOST", "127.0.0.1"),
        port=port if port is not None else _env_port(env),
        load_samples=env.get("READER_LOAD_SAMPLES", "1") not in {"0", "false", "no"},
        debug=env.get("READER_DEBUG", "") in {"1", "true", "yes"},
        trusted_proxies=env.get("READER_TRUSTED_PROXIES", ""),
        access_log=env.get("READER_ACCESS_LOG", "") in {"1", "true", "yes"},
    )
