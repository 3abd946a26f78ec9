"""Settings from the environment: the public address and the publisher's name;
for a site past one machine, the database as a path or a URL, replicas, the
content interval, and the media and audio folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import ConfigError, load_settings

URL = "postgresql://reader:pw@db-primary/reader"


def test_the_database_is_a_path_or_a_url() -> None:
    local = load_settings({"READER_DATA_DIR": "/srv/reader"})
    assert local.db == "/srv/reader/reader.sqlite3" and local.db_path == Path("/srv/reader/reader.sqlite3")
    remote = load_settings({"READER_DATA_DIR": "/srv/reader", "READER_DB": URL})
    assert remote.db == URL and remote.db_path is None
    assert load_settings({}, db="postgres://u@/d?host=/run/postgresql").db_path is None
    assert load_settings({"READER_DB": URL}, db="~/other.sqlite3").db == str(Path.home() / "other.sqlite3")


def test_replicas_come_from_flags_or_the_environment() -> None:
    env = {"READER_DB": URL, "READER_DB_REPLICAS": "postgresql://r1/reader, postgresql://r2/reader"}
    assert load_settings(env).replicas == ("postgresql://r1/reader", "postgresql://r2/reader")
    assert load_settings(env, replicas=["postgresql://r3/reader"]).replicas == ("postgresql://r3/reader",)
    assert load_settings({}).replicas == ()


def test_the_content_interval_is_the_stores_unless_set() -> None:
    assert load_settings({}).content_interval is None  # 1 ms on SQLite, 100 ms on PostgreSQL
    assert load_settings({"READER_CONTENT_INTERVAL_MS": "250"}).content_interval == 0.25
    for bad in ("-1", "soon", "99999999"):
        with pytest.raises(ConfigError, match="READER_CONTENT_INTERVAL_MS must be milliseconds"):
            load_settings({"READER_CONTENT_INTERVAL_MS": bad})


def test_media_and_audio_folders_are_settings() -> None:
    default = load_settings({"READER_DATA_DIR": "/srv/reader"})
    assert default.media_dir == Path("/srv/reader/media") and default.audio_dir == Path("/srv/reader/audio")
    shared = load_settings({"READER_DATA_DIR": "/srv/reader", "READER_MEDIA_DIR": "/mnt/shared/media",
                            "READER_AUDIO_DIR": "/mnt/shared/audio"})
    assert shared.media_dir == Path("/mnt/shared/media") and shared.audio_dir == Path("/mnt/shared/audio")


def test_the_clock_reads_at_the_configured_interval(make_app: object) -> None:
    app = make_app(content_interval=0.5)  # type: ignore[operator]
    assert app.state.services.clock.interval == 0.5
    assert make_app().state.services.clock.interval == 0.001  # type: ignore[operator]  # SQLite's default

@pytest.mark.parametrize(("raw", "expected"), [
    ("", ""),
    ("https://tin.example.vn", "https://tin.example.vn"),
    ("https://Tin.Example.VN/", "https://tin.example.vn"),  # a trailing slash and capitals are harmless
    ("  http://127.0.0.1:8000 ", "http://127.0.0.1:8000"),
    ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
    ("https://báo.vn", "https://xn--bo-mia.vn"),  # URLs carry the ASCII form of a Vietnamese domain
])
def test_public_url_is_an_origin(raw: str, expected: str) -> None:
    assert load_settings({"READER_PUBLIC_URL": raw}).public_url == expected


@pytest.mark.parametrize(("raw", "says"), [
    ("tin.example.vn", "absolute http(s) address"),
    ("/vi/", "absolute http(s) address"),
    ("ftp://tin.example.vn", "absolute http(s) address"),
    ("https://tin.example.vn/reader", "no path, query or fragment"),
    ("https://tin.example.vn/?x=1", "no path, query or fragment"),
    ("https://tin.example.vn#top", "no path, query or fragment"),
    ("https://tin.example.vn:99999", "not a valid URL"),
    ("https://admin:secret@tin.example.vn", "user name or password"),
    ("https://tin example.vn", "invalid host name"),
    ("https://<script>", "invalid host name"),
])
def test_a_bad_public_url_is_refused_with_what_is_wrong(raw: str, says: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"READER_PUBLIC_URL": raw})
    assert "READER_PUBLIC_URL" in str(error.value) and says in str(error.value)
    assert "secret" not in str(error.value)


def test_publisher_name() -> None:
    assert load_settings({}).publisher == "Reader"
    assert load_settings({"READER_PUBLISHER": "  Cổng thông tin   Sa Pa "}).publisher == "Cổng thông tin Sa Pa"
    with pytest.raises(ConfigError, match="READER_PUBLISHER"):
        load_settings({"READER_PUBLISHER": "x" * 201})
