"""A real nginx on loopback in front of the app, with deploy/nginx.conf: the
shared cache keeps public pages per preference cookie, never a response that
sets a cookie, and the app's security headers come through.  Needs nginx
(`apt-get install nginx-light`; .ci/run installs it): fails, not skips, without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from .conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
SAPA = "/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def nginx(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: apt-get install nginx-light")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    upstream = live_server.removeprefix("http://")
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = (site.replace("server 127.0.0.1:8000;", f"server {upstream};")
                .replace("listen 80;", f"listen 127.0.0.1:{port};")
                .replace("/var/cache/nginx/reader", str(tmp / "cache")))
    (tmp / "reader.conf").write_text(site)
    # As root, nginx's workers would drop to an account that cannot write here.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/reader.conf;
}}
""")
    process = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
                               stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/healthz", timeout=1)
            break
        except httpx.HTTPError as exc:
            if process.poll() is not None:
                raise AssertionError(process.stderr.read()) from exc  # type: ignore[union-attr]
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)
    process.stderr.close()  # type: ignore[union-attr]


def test_public_pages_are_cached_per_preference_cookie(nginx: str) -> None:
    with httpx.Client(base_url=nginx, cookies={"reader_lang": "vi"}) as client:
        first = client.get(SAPA, headers={"Accept-Encoding": "br"})
        second = client.get(SAPA, headers={"Accept-Encoding": "br"})
        assert first.status_code == second.status_code == 200
        assert second.headers["x-cache-status"] == "HIT"
        assert "frame-ancestors 'none'" in second.headers["content-security-policy"]
        assert second.headers["etag"] == first.headers["etag"]
        client.cookies.set("reader_prefs", "1.z3.ch")
        large = client.get(SAPA, headers={"Accept-Encoding": "br"})
        assert large.headers["x-cache-status"] in ("MISS", "EXPIRED")
        assert "class=\"text-size-3 " in large.text and "class=\"text-size-3 " not in first.text


def test_save_data_is_its_own_cache_entry(nginx: str) -> None:
    with httpx.Client(base_url=nginx, cookies={"reader_lang": "en"}) as client:
        client.get("/en/articles/one-hoang-lien-range-one-shared-ambition")
        text_only = client.get("/en/articles/one-hoang-lien-range-one-shared-ambition",
                               headers={"Save-Data": "on"})
        assert "<img" not in text_only.text


def test_responses_that_set_cookies_are_never_cached(nginx: str) -> None:
    for _ in range(2):
        response = httpx.get(nginx + "/en/")  # no language cookie: it sets one
        assert "set-cookie" in response.headers
        assert response.headers["x-cache-status"] != "HIT"


def test_posts_pass_through_and_big_bodies_stop_at_the_proxy(nginx: str) -> None:
    response = httpx.post(nginx + "/vi/settings", data={"action": "size-up", "next": "/vi/"},
                          headers={"Origin": nginx})
    assert response.status_code == 303 and "reader_prefs=1.z1" in response.headers["set-cookie"]
    big = httpx.post(nginx + "/vi/settings", content=b"a=" + b"x" * 200_000,
                     headers={"Origin": nginx, "Content-Type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413


def test_static_files_keep_their_year_long_caching(nginx: str) -> None:
    page = httpx.get(nginx + "/vi/", cookies={"reader_lang": "vi"}).text
    src = page.split('src="', 1)[1].split('"', 1)[0]
    response = httpx.get(nginx + src, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]
    assert response.headers["content-encoding"] == "br"
