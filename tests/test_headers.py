"""Security headers on every route (a table: route -> headers), HSTS only over
HTTPS, and every cookie with the right flags."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from reader.cli import main

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
ROUTES = [
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/vi/"),
    ("GET", "/en/?page=2"),
    ("GET", f"/vi/articles/{SAPA}"),
    ("GET", "/vi/settings"),
    ("GET", "/en/settings?apply=1.z3"),
    ("GET", "/vi/accessibility"),
    ("GET", "/vi/search?q=hoi+nghi"),
    ("GET", "/en/feed.xml"),
    ("GET", "/vi/podcast.xml"),
    ("GET", "/robots.txt"),
    ("GET", "/sitemap.xml"),
    ("GET", "/sitemap-1.xml"),
    ("GET", f"/vi/articles/{SAPA}/speech.json"),
    ("GET", "/vi/saved"),
    ("GET", "/en/offline"),
    ("GET", "/vi/nowhere"),
    ("GET", "/xx/"),
    ("POST", "/vi/settings"),
]


def check_csp(csp: str) -> None:
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/=]+')?", directives["style-src"])
    for name, value in [("frame-ancestors", "'none'"), ("base-uri", "'none'"),
                        ("object-src", "'none'"), ("form-action", "'self'"),
                        ("worker-src", "'self'"), ("manifest-src", "'self'")]:
        assert directives[name] == value
    assert "unsafe" not in csp


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_sends_the_security_headers(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, headers={"Origin": "http://testserver"})
    assert response.status_code < 500, (path, response.status_code)
    check_csp(response.headers["content-security-policy"])
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["cross-origin-resource-policy"] == "same-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers  # plain http


def test_files_get_the_headers_that_act_on_a_subresource(client: TestClient) -> None:
    """Scripts, styles and images: nosniff, CORP and a CSP that runs nothing if
    one is opened on its own; none of the page-only headers (bytes on 2G)."""
    page = client.get("/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong").text
    files = re.findall(r'(?:src|href)="(/(?:static|media)/[^"?]+)', page)
    assert any("/static/vendor/htmx" in f for f in files) and any(f.startswith("/media/") for f in files)
    for path in files:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"] == "default-src 'none'"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cross-origin-resource-policy"] == "same-origin"
        for page_only in ("permissions-policy", "x-frame-options", "referrer-policy"):
            assert page_only not in response.headers, (path, page_only)
    for missing in ("/static/nothing-here.js", "/media/nothing-here.jpg"):
        response = client.get(missing)
        assert response.status_code == 404
        if response.headers["content-type"].startswith("text/html"):  # our 404 page: a page's headers
            check_csp(response.headers["content-security-policy"])
            assert "camera=()" in response.headers["permissions-policy"]
        else:
            assert response.headers["content-security-policy"] == "default-src 'none'"


def test_the_worker_and_the_manifest_get_their_own_headers(client: TestClient) -> None:
    """/sw.js: the CSP the worker runs under (it fetches pages for the reader,
    runs nothing else); the manifest: a subresource's."""
    worker = client.get("/sw.js")
    assert worker.headers["content-security-policy"] == "default-src 'none'; connect-src 'self'"
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-security-policy"] == "default-src 'none'"
    for response in (worker, manifest):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cross-origin-resource-policy"] == "same-origin"
        for page_only in ("permissions-policy", "x-frame-options", "referrer-policy"):
            assert page_only not in response.headers


def test_hsts_only_over_https(app: object) -> None:
    with TestClient(app, base_url="https://testserver") as secure:  # type: ignore[arg-type]
        response = secure.get("/vi/")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_every_cookie_has_the_right_flags(client: TestClient) -> None:
    cookies = [client.get("/en/").headers["set-cookie"],
               client.post("/vi/settings", data={"action": "size-up", "next": "/vi/"},
                           headers={"Origin": "http://testserver"}).headers["set-cookie"]]
    for cookie in cookies:
        lowered = cookie.lower()
        assert "httponly" in lowered and "samesite=lax" in lowered and "path=/" in lowered


def test_a_bad_port_in_the_environment_is_named(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("READER_PORT", "http")
    assert main(["serve"]) == 1
    assert "READER_PORT must be a port number" in capsys.readouterr().err
