"""Reading offline, the server's part: the service worker script, the web app
manifest, the saved list and offline pages, the words offline.js takes from
them, and what pages carry for the worker (tests/test_browser_offline.py
drives it all in Chromium)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from starlette.testclient import TestClient

from reader import prefs as P
from reader.config import ConfigError, load_settings
from reader.models import ArticleInput
from reader.resources import STATIC_DIR, TEMPLATES_DIR

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"


def soup(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")  # type: ignore[attr-defined]


def worker_config(client: TestClient) -> dict[str, object]:
    strict, head = client.get("/sw.js").text.split("\n", 2)[:2]
    assert strict == '"use strict";'  # first, so the whole worker is strict
    match = re.fullmatch(r"self\.READER = (\{.*\});", head)
    assert match, head
    return dict(json.loads(match.group(1)))


# -- /sw.js ----------------------------------------------------------------------------
def test_the_worker_is_served_at_the_root_with_its_own_csp(client: TestClient) -> None:
    response = client.get("/sw.js", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["content-encoding"] == "br"
    # Checked on every visit (a 304 when unchanged), so an update is seen on the next one.
    assert response.headers["cache-control"] == "no-cache"
    assert client.get("/sw.js", headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    csp = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert csp == {"default-src": "'none'", "connect-src": "'self'"}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "permissions-policy" not in response.headers  # page-only headers: bytes for nothing
    assert "addEventListener(\"fetch\"" in response.text and "skipWaiting" not in response.text


def test_the_worker_names_this_releases_static_files_and_the_bound(client: TestClient) -> None:
    config = worker_config(client)
    assert config["limit"] == 50_000_000 and config["timeout"] == 3000
    static = config["static"]
    assert isinstance(static, list) and len(static) >= 10
    for path in [*static, *config["core"], *config["player"]]:  # type: ignore[misc]
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", path), path
        assert client.get(path).status_code == 200, path
    # what a page links (and a saved article plays with) is pinned: never evicted
    page = client.get(f"/vi/articles/{SAPA}").text
    for linked in re.findall(r'(?:src|data-offline)="(/static/[^"]+)"', page):
        assert linked in [*config["core"], *config["player"]], linked  # type: ignore[misc]


def test_the_workers_bytes_change_with_what_it_depends_on(make_app: object) -> None:
    """A browser installs a new worker only when the bytes differ."""
    scripts = []
    for limit in (50_000_000, 20_000_000, 50_000_000):
        with TestClient(make_app(offline_limit=limit)) as client:  # type: ignore[operator]
            scripts.append(client.get("/sw.js").content)
    assert scripts[0] == scripts[2] and scripts[0] != scripts[1]


def test_the_worker_is_both_sources_without_their_whole_line_comments(client: TestClient) -> None:
    store, worker = ((STATIC_DIR / name).read_text(encoding="utf-8") for name in ("js/sw-store.js", "js/sw.js"))
    served = client.get("/sw.js").text
    assert "// Reader's service worker" in worker and "// Reader's service worker" not in served
    assert served.count("function ") == store.count("function ") + worker.count("function ")
    assert served.index("function evict(") < served.index("function page(")  # the record first


# -- the manifest ------------------------------------------------------------------------
@pytest.mark.parametrize(("locale", "name"), [("vi", "Reader: đọc tin tức theo cách của bạn"),
                                              ("en", "Reader: news you can read your way")])
def test_the_manifest_in_each_language(client: TestClient, locale: str, name: str) -> None:
    response = client.get(f"/manifest.webmanifest?lang={locale}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/manifest+json"
    assert response.headers["content-security-policy"] == "default-src 'none'"
    manifest = response.json()
    assert manifest["name"] == name and manifest["short_name"] == "Reader" and manifest["lang"] == locale
    assert manifest["start_url"] == f"/{locale}/" and manifest["scope"] == "/" and manifest["id"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert manifest["shortcuts"] == [{"name": "Bài đã lưu" if locale == "vi" else "Saved articles",
                                      "url": f"/{locale}/saved"}]
    sizes = set()
    for icon in manifest["icons"]:
        file = client.get(icon["src"])
        assert file.status_code == 200 and file.headers["content-type"] == icon["type"]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(file.content)).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add((width, icon.get("purpose", "any")))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes


def test_the_manifests_descriptions_differ_by_language(client: TestClient) -> None:
    vi = client.get("/manifest.webmanifest?lang=vi").json()["description"]
    en = client.get("/manifest.webmanifest?lang=en").json()["description"]
    assert vi != en and "tiếng Việt" in vi and "Vietnamese" in en


@pytest.mark.parametrize(("query", "accept", "expected"), [
    ("", "en-GB,en;q=0.8", "en"), ("", "", "vi"), ("?lang=xx", "en", "en"), ("?lang=%3Cb%3E", "", "vi"),
    ("?lang=en&lang=vi", "", "vi")])
def test_the_manifest_without_a_valid_language(client: TestClient, query: str, accept: str,
                                               expected: str) -> None:
    client.cookies.clear()
    response = client.get(f"/manifest.webmanifest{query}", headers={"Accept-Language": accept})
    assert response.status_code == 200 and response.json()["lang"] == expected


@pytest.mark.parametrize(("scheme", "metas"), [
    ("auto", [("#ffffff", "(prefers-color-scheme: light)"), ("#121212", "(prefers-color-scheme: dark)")]),
    ("light", [("#ffffff", None)]), ("dark", [("#121212", None)])])
def test_pages_link_the_manifest_and_their_theme_colours(client: TestClient, scheme: str,
                                                          metas: list[tuple[str, str | None]]) -> None:
    client.cookies.set(P.COOKIE_NAME, replace(P.DEFAULTS, scheme=scheme).to_cookie())
    page = soup(client.get("/en/"))
    assert page.find("link", rel="manifest")["href"] == "/manifest.webmanifest?lang=en"
    found = [(meta["content"], meta.get("media")) for meta in page.find_all("meta", attrs={"name": "theme-color"})]
    assert found == metas


def test_the_page_csp_allows_our_worker_and_manifest(client: TestClient) -> None:
    csp = client.get("/vi/").headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["worker-src"] == "'self'" and directives["manifest-src"] == "'self'"


# -- the saved list and the offline page ----------------------------------------------------
@pytest.mark.parametrize(("path", "heading"), [
    ("/vi/saved", "Bài đã lưu"), ("/en/saved", "Saved articles"),
    ("/vi/offline", "Không có kết nối mạng"), ("/en/offline", "No connection")])
def test_without_scripts_the_pages_explain_what_saving_needs(client: TestClient, path: str, heading: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == heading
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    explanation = page.find(attrs={"data-offline-nojs": True})
    assert explanation is not None and not explanation.has_attr("hidden")
    assert "JavaScript" in explanation.get_text()
    assert page.find(attrs={"data-offline-lists": True}).has_attr("hidden")  # filled in by offline.js
    assert page.find(id="offline-ui").has_attr("hidden")


def test_the_saved_list_is_in_the_site_navigation(client: TestClient) -> None:
    nav = soup(client.get("/vi/saved")).find("nav", class_="site-nav")
    link = nav.find("a", href="/vi/saved")
    assert link.get_text() == "Bài đã lưu" and link["aria-current"] == "page"
    other = soup(client.get("/en/")).find("nav", class_="site-nav").find("a", href="/en/saved")
    assert other.get_text() == "Saved articles" and not other.has_attr("aria-current")


def offline_js_words() -> set[str]:
    """The data-msg-* names static/js/offline.js asks for."""
    source = (STATIC_DIR / "js/offline.js").read_text(encoding="utf-8")
    names = set(re.findall(r'say\(ui, "([a-z-]*[a-z])"', source))
    # built from a value: "note-" + why, "failed-" + error
    names |= {"note-offline", "note-slow", "failed-network", "failed-space", "failed-audio"}
    return names


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_offline_page_carries_every_word_offline_js_says(client: TestClient, locale: str) -> None:
    ui = soup(client.get(f"/{locale}/offline")).find(id="offline-ui")
    for name in offline_js_words():
        value = ui.get(f"data-msg-{name}")
        assert value, name
        assert "%(" not in value, (name, value)  # placeholders are filled as {name} by offline.js
    for template in ("offline-save", "offline-item", "offline-note"):
        assert ui.find("template", id=template) is not None, template
    assert client.get(ui["data-css"]).status_code == 200
    assert ui["data-lang-vi"] == ("Tiếng Việt" if locale == "vi" else "Vietnamese")


def test_the_words_are_translated(client: TestClient) -> None:
    vi = soup(client.get("/vi/offline")).find(id="offline-ui")
    en = soup(client.get("/en/offline")).find(id="offline-ui")
    assert vi["data-msg-save"] == "Lưu để đọc khi không có mạng" and en["data-msg-save"] == "Save for offline"
    for name in offline_js_words():
        assert vi[f"data-msg-{name}"] != en[f"data-msg-{name}"], name
    assert "{date}" in vi["data-msg-note-offline"] and "{date}" in en["data-msg-note-offline"]


def test_the_words_are_where_offline_js_finds_them() -> None:
    """offline.js reads #offline-ui in the saved list and offline pages, and
    from the offline page the worker keeps."""
    for name in ("saved.html", "offline.html"):
        assert '{% include "_offline_ui.html" %}' in (TEMPLATES_DIR / name).read_text(encoding="utf-8")


# -- what pages carry for the worker -----------------------------------------------------------
def article_version(client: TestClient, path: str) -> str:
    return str(soup(client.get(path)).find("article")["data-version"])


def test_an_articles_version_follows_its_content_not_the_readers_settings(client: TestClient) -> None:
    before = article_version(client, f"/vi/articles/{SAPA}")
    assert re.fullmatch(r"[0-9a-f]{8}", before)
    client.cookies.set(P.COOKIE_NAME, "1.z5.sd.ih")
    assert article_version(client, f"/vi/articles/{SAPA}") == before
    assert article_version(client, f"/en/articles/{SAPA}") == before  # the same article in the other UI
    store = client.app.state.services.store  # type: ignore[attr-defined]
    item = store.article(SAPA)
    fields = dict(slug=SAPA, lang="vi", title=item.title, summary=item.summary, body_html=item.body_html,
                  author=item.author, published_at=item.published_at, translation_group=item.translation_group,
                  images=item.images)
    store.save(ArticleInput(**fields))  # saved again unchanged (a re-import): the same version
    assert article_version(client, f"/vi/articles/{SAPA}") == before
    store.save(ArticleInput(**{**fields, "body_html": item.body_html + "<p>Cập nhật.</p>"}))
    assert article_version(client, f"/vi/articles/{SAPA}") != before


# -- the bound -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "expected"), [
    (None, 50_000_000), ("50MB", 50_000_000), ("200 kb", 200_000), ("1.5GB", 1_500_000_000),
    ("250000", 250_000)])
def test_the_offline_limit_from_the_environment(raw: str | None, expected: int) -> None:
    env = {"READER_DATA_DIR": "/tmp/x"} | ({"READER_OFFLINE_LIMIT": raw} if raw is not None else {})
    assert load_settings(env).offline_limit == expected


@pytest.mark.parametrize("raw", ["lots", "-5MB", "50 MiB", "10KB"])
def test_a_bad_offline_limit_is_named(raw: str) -> None:
    with pytest.raises(ConfigError, match="READER_OFFLINE_LIMIT"):
        load_settings({"READER_DATA_DIR": "/tmp/x", "READER_OFFLINE_LIMIT": raw})


def test_the_accessibility_statement_says_what_a_reader_sees_offline(client: TestClient) -> None:
    page = soup(client.get("/en/accessibility"))
    heading = page.find("h2", string="Reading without a connection")
    assert heading is not None
    text = page.get_text(" ")
    for sentence in ("You are offline. This is the copy kept on this device on (date and time).",
                     "The connection is slow, so this is the copy kept on this device on (date and time).",
                     "This article changed since you saved it.",
                     "Settings you save now are kept on this device and will apply once the connection is back.",
                     "Search needs the network", "50 MB", "within 3 seconds"):
        assert sentence in text, sentence
