"""Settings from the environment: the public address and the publisher's name."""

from __future__ import annotations

import pytest

from reader.config import ConfigError, load_settings


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
