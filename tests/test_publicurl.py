"""Which Host is trusted for absolute URLs when READER_PUBLIC_URL is unset."""

from __future__ import annotations

import pytest

from reader.publicurl import PublicOrigin, loopback_origin, missing_setting


@pytest.mark.parametrize(("scheme", "host", "origin"), [
    ("http", "localhost", "http://localhost"),
    ("http", "localhost:8000", "http://localhost:8000"),
    ("https", "LOCALHOST:8443", "https://localhost:8443"),
    ("http", "reader.localhost:8000", "http://reader.localhost:8000"),
    ("http", "127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http", "127.1.2.3", "http://127.1.2.3"),
    ("http", "[::1]:8000", "http://[::1]:8000"),
    ("http", "[::1]", "http://[::1]"),
    ("http", "example.org", None),
    ("http", "10.0.0.1:8000", None),
    ("http", "localhost.example.org", None),
    ("http", "localhost:80x", None),
    ("http", "localhost:0", None),
    ("http", "localhost:99999", None),
    ("http", "localhost/evil", None),
    ("http", "localhost@evil.example", None),
    ("http", "::1", None),
    ("http", "", None),
    ("ws", "localhost", None),
])
def test_only_a_loopback_host_is_trusted(scheme: str, host: str, origin: str | None) -> None:
    assert loopback_origin(scheme, host) == origin


def test_a_configured_origin_ignores_the_request() -> None:
    public = PublicOrigin("https://tin.example.vn")
    scope = {"scheme": "http", "headers": [(b"host", b"evil.example")]}
    assert public.for_scope(scope) == "https://tin.example.vn"
    assert PublicOrigin("").for_scope(scope) is None
    assert PublicOrigin("").for_scope({"scheme": "http", "headers": [(b"host", b"localhost:1")]}) == \
        "http://localhost:1"
    assert PublicOrigin("").for_scope({"scheme": "http", "headers": []}) is None


def test_an_operator_serving_others_is_told_to_set_the_public_url() -> None:
    assert missing_setting("", "127.0.0.1", "") is None  # a laptop
    assert missing_setting("https://tin.example.vn", "0.0.0.0", "127.0.0.1") is None
    for listen, proxies in (("0.0.0.0", ""), ("127.0.0.1", "127.0.0.1"), ("192.0.2.7", "")):
        message = missing_setting("", listen, proxies)
        assert message is not None and "READER_PUBLIC_URL" in message
