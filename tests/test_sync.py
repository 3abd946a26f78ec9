"""`reader sync` against real HTTP servers on loopback: a fake NukeViet portal
(RSS feed, article pages, photos, robots.txt) and a generic news site followed
through its sitemap index (tests/fakeportal.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.app import create_app
from reader.config import Settings
from reader.ingest.images import variants
from reader.store import Store

from .conftest import CliResult
from .fakeportal import NewsSite, Portal, author_of

Cli = Callable[..., CliResult]


@pytest.fixture
def portal() -> Iterator[Portal]:
    site = Portal(5).start()
    yield site
    site.stop()


@pytest.fixture
def news() -> Iterator[NewsSite]:
    site = NewsSite(4).start()
    yield site
    site.stop()


@pytest.fixture
def followed(reader_cli: Cli, portal: Portal, news: NewsSite) -> Cli:
    assert reader_cli("sources", "add", portal.url + Portal.FEED).status == 0
    assert reader_cli("sources", "add", news.url + "/sitemap_index.xml", "--lang", "en").status == 0
    return reader_cli


def store_of(settings: Settings) -> Store:
    return Store.open(settings.db_path, create=False)


def slug_of(settings: Settings, url: str) -> str:
    store = store_of(settings)
    try:
        state = store.page_state(url)
        assert state is not None, url
        return state.slug
    finally:
        store.close()


def test_first_sync_imports_every_article_with_its_photos(followed: Cli, portal: Portal, news: NewsSite,
                                                          web_settings: Settings) -> None:
    result = followed("sync")
    assert result.status == 0, result.err
    assert result.summary.startswith("sync: 2 sources (0 failed); imported 9, updated 0, unchanged 0, "
                                     "withdrawn 0, skipped 1, failed 0 pages;")
    # robots.txt of the news site keeps Reader out of /drafts/: named, never asked for
    assert re.search(r"skipped: http://127.0.0.1:\d+/drafts/unfinished: robots.txt", result.err)
    assert not news.requests("/drafts/")
    store = store_of(web_settings)
    for number in range(1, 6):
        article = store.article(slug_of(web_settings, f"{portal.url}/news/tin-so-{number}-{number}.html"))
        assert article is not None and article.lang == "vi" and article.author == author_of(number)
        assert f"Quang cảnh buổi lễ số {number}" == article.images[0].caption  # "Ảnh:" line, now a caption
        assert "Thống kê truy cập" not in article.body_html and "Tin liên quan" not in article.body_html
        image = article.images[0]
        assert (image.width, image.height) == (640, 400)
        for name in [image.file, *(v.file for v in variants(image))]:
            assert (web_settings.media_dir / name).is_file(), name
    story = store.article(slug_of(web_settings, f"{news.url}/stories/2"))
    assert story is not None and story.title.endswith("– café")  # Windows-1252, declared in <meta> only
    assert story.lang == "en" and story.images[0].alt.startswith("Stalls lit by lanterns")
    store.close()
    with TestClient(create_app(web_settings)) as client:
        page = client.get(f"/vi/articles/{slug_of(web_settings, portal.url + '/news/tin-so-1-1.html')}")
        assert page.status_code == 200
        assert re.search(r'<figure>.*<img [^>]*src="/media/anh-1\.[0-9a-f]{12}\.jpg".*'
                         r"<figcaption>(<span[^>]*>)?Quang cảnh buổi lễ số 1(</span>)?</figcaption>",
                         page.text, re.S)
        image = re.search(r'src="(/media/anh-1\.[^"]+)"', page.text)
        assert image is not None and client.get(image.group(1)).status_code == 200


def test_an_image_that_did_not_come_is_fetched_on_the_next_sync(followed: Cli, portal: Portal,
                                                                web_settings: Settings) -> None:
    """A page stored without an image is asked for whole next time (not with its
    validators, which a portal answers with 304), so the image comes once it can."""
    photo = portal.images.pop("/uploads/news/2024_01/anh-1.jpg")
    followed("sync")
    page = f"{portal.url}/news/tin-so-1-1.html"
    store = store_of(web_settings)
    assert store.article(slug_of(web_settings, page)).images == ()  # type: ignore[union-attr]
    store.close()
    portal.images["/uploads/news/2024_01/anh-1.jpg"] = photo
    portal.clear_log()
    result = followed("sync")
    assert result.status == 0, result.err
    assert ("GET", "/news/tin-so-1-1.html", 200) in portal.requests("/news/")
    assert ("GET", "/uploads/news/2024_01/anh-1.jpg", 200) in portal.requests("/uploads/")
    store = store_of(web_settings)
    article = store.article(slug_of(web_settings, page))
    assert article is not None and len(article.images) == 1
    state = store.page_state(page)
    assert state is not None and state.complete
    store.close()
    portal.clear_log()
    assert followed("sync").status == 0  # whole now: back to conditional requests
    assert ("GET", "/news/tin-so-1-1.html", 200) not in portal.requests("/news/")


def test_a_second_sync_asks_only_for_the_feeds(followed: Cli, portal: Portal, news: NewsSite) -> None:
    assert followed("sync").status == 0
    portal.clear_log()
    news.clear_log()
    again = followed("sync")
    assert again.status == 0
    assert " 3 requests in " in again.summary and "imported 0, updated 0, unchanged 0" in again.summary
    assert portal.requests() == [("GET", Portal.FEED, 304)]  # one request per feed, none per article
    # The index is unchanged; the sitemap it names with a lastmod is not asked for,
    # the one without a lastmod is asked with a conditional GET.
    assert news.requests() == [("GET", "/sitemap_index.xml", 304), ("GET", "/sitemap-news.xml", 304)]


def test_when_the_feed_changes_known_pages_are_not_downloaded_again(followed: Cli, portal: Portal) -> None:
    assert followed("sync").status == 0
    portal.add(6, image="/uploads/news/2024_01/anh-1.jpg")
    portal.touch_feed()
    portal.clear_log()
    result = followed("sync")
    assert "imported 1, updated 0, unchanged 5" in result.summary
    pages = {path: status for _, path, status in portal.requests("/news/")}
    assert pages.pop("/news/tin-so-6-6.html") == 200
    assert set(pages.values()) == {304} and len(pages) == 5  # asked, answered "not modified": no body


def test_an_edited_page_gets_a_new_version_and_the_site_shows_it(followed: Cli, portal: Portal,
                                                                 web_settings: Settings) -> None:
    assert followed("sync").status == 0
    slug = slug_of(web_settings, f"{portal.url}/news/tin-so-2-2.html")
    with TestClient(create_app(web_settings)) as client:
        before = client.get(f"/vi/articles/{slug}")
        assert before.status_code == 200 and "Đoạn này đã được sửa" not in before.text
        portal.edit(2, "Đoạn này đã được sửa lại sau khi đăng.")
        result = followed("sync")
        assert "imported 0, updated 1, unchanged 4" in result.summary
        after = client.get(f"/vi/articles/{slug}")  # the render cache follows the database
        assert "Đoạn này đã được sửa lại sau khi đăng." in after.text
    store = store_of(web_settings)
    article = store.article(slug)
    assert article is not None and article.version == 2
    store.close()


def test_a_page_whose_bytes_change_but_not_its_article_stays_as_it_is(followed: Cli, portal: Portal,
                                                                      web_settings: Settings) -> None:
    """The portal's visit counter changes every page; --recheck asks again
    without validators' help for the feed: same article, no new version."""
    assert followed("sync").status == 0
    portal.route_etags = False  # type: ignore[attr-defined]
    result = followed("sync", "--recheck")
    assert result.status == 0 and "updated 0" in result.summary and "unchanged 9" in result.summary
    store = store_of(web_settings)
    assert {e.slug for e in store.entries()} and all(
        (store.article(e.slug) or pytest.fail(e.slug)).version == 1 for e in store.entries())
    store.close()


def test_a_page_gone_from_the_portal_is_withdrawn_and_answers_410(followed: Cli, portal: Portal,
                                                                  news: NewsSite, web_settings: Settings) -> None:
    assert followed("sync").status == 0
    gone = slug_of(web_settings, f"{portal.url}/news/tin-so-3-3.html")
    missing = slug_of(web_settings, f"{news.url}/stories/4")
    portal.withdraw(3, 410)
    news.status[4] = 404
    result = followed("sync")
    assert result.status == 0 and "withdrawn 2" in result.summary
    listed = followed("articles", "list", "--withdrawn")
    assert gone in listed.out and missing in listed.out and "withdrawn (by its portal)" in listed.out
    with TestClient(create_app(web_settings)) as client:
        for locale, words in (("vi", "Bài viết này đã bị gỡ"), ("en", "This article has been withdrawn")):
            page = client.get(f"/{locale}/articles/{gone}")
            assert page.status_code == 410 and words in page.text
            assert client.get(f"/{locale}/articles/{gone}/speech.json").status_code == 410
            assert client.get(f"/{locale}/articles/{gone}/audio.mp3").status_code == 410
            assert gone not in client.get(f"/{locale}/").text
            assert gone not in client.get(f"/{locale}/feed.xml").text
            assert gone not in client.get(f"/{locale}/search", params={"q": "Tin số 3"}).text
            assert missing not in client.get(f"/{locale}/search", params={"q": "Night market story 4"}).text
        other = client.get(f"/vi/articles/{slug_of(web_settings, portal.url + '/news/tin-so-1-1.html')}")
        assert gone not in other.text  # nor among related articles
    portal.articles[3].status = 200  # the portal publishes it again
    portal.touch_feed()
    assert "updated 1" in followed("sync").summary
    with TestClient(create_app(web_settings)) as client:
        assert client.get(f"/vi/articles/{gone}").status_code == 200


def test_failing_sources_are_named_and_the_others_sync(reader_cli: Cli, portal: Portal, news: NewsSite,
                                                      web_settings: Settings) -> None:
    broken = {
        "/broken/slow.rss": "timed out waiting for the server's answer",
        "/broken/error.rss": "the server answered 500 Internal Server Error",
        "/broken/loop": "more than 5 redirects",
        "/broken/huge.rss": "larger than 10 MB, the limit for a feed or sitemap",
        "/broken/huge-unsized.rss": "larger than 10 MB, the limit for a feed or sitemap",
        "/broken/not-xml.rss": "not an RSS or Atom feed, nor a sitemap",
        "/broken/bomb.xml": "declares XML entities",
    }
    assert reader_cli("sources", "add", portal.url + Portal.FEED).status == 0
    reader_cli("sources", "list")  # creates nothing; the database exists
    store = store_of(web_settings)
    for path in broken:  # sources that worked once and broke since
        store.add_source(news.url + path, None)
    store.close()
    result = reader_cli("sync")
    assert result.status == 1
    assert result.summary.startswith("sync: 8 sources (7 failed); imported 5,")
    for path, reason in broken.items():
        named = rf"reader sync: error: {re.escape(news.url + path)}: .*{re.escape(reason)}"
        assert re.search(named, result.err), \
            (path, result.err)
    listing = reader_cli("sources", "list").out
    assert listing.count("result: failed:") == 7 and "articles: 5" in listing


def test_a_page_or_image_redirecting_to_a_private_address_is_refused(reader_cli: Cli, portal: Portal,
                                                                     web_settings: Settings) -> None:
    portal.also_on("127.0.0.2")
    page = f"{portal.url}/broken/to-private/news/tin-so-1-1.html"
    refused = reader_cli("import", page)
    assert refused.status == 1
    assert re.search(r"error: .*tin-so-1-1.html: .*127\.0\.0\.2 is at 127\.0\.0\.2, a private, loopback or "
                     r"reserved address: refused", refused.err)
    portal.articles[2].image = "/broken/to-private/uploads/news/2024_01/anh-2.jpg"
    kept = reader_cli("import", f"{portal.url}/news/tin-so-2-2.html")
    assert kept.status == 0 and "could not be downloaded" in kept.err and "127.0.0.2" in kept.err
    store = store_of(web_settings)
    article = store.article(slug_of(web_settings, f"{portal.url}/news/tin-so-2-2.html"))
    assert article is not None and article.images == () and "Quang cảnh buổi lễ số 2" in article.body_html
    store.close()
    allowed = reader_cli("import", "--allow-private", page, f"{portal.url}/news/tin-so-2-2.html")
    assert allowed.status == 0, allowed.err
    assert allowed.summary.startswith("imported 1, updated 1, failed 0")


def test_nothing_is_fetched_from_private_addresses_by_default(reader_cli: Cli, portal: Portal,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_ALLOW_PRIVATE")
    added = reader_cli("sources", "add", portal.url + Portal.FEED)
    assert added.status == 1 and "127.0.0.1 is at 127.0.0.1, a private, loopback" in added.err
    assert "nothing was added" in added.err and portal.requests() == []
    assert reader_cli("sources", "add", "--allow-private", portal.url + Portal.FEED).status == 0
    synced = reader_cli("sync")
    assert synced.status == 1 and "a private, loopback or reserved address" in synced.err
    assert reader_cli("sync", "--allow-private").status == 0
    monkeypatch.setenv("READER_ALLOW_PRIVATE", "1")
    assert reader_cli("sync").status == 0


def test_import_by_url_updates_the_same_article(reader_cli: Cli, portal: Portal, web_settings: Settings) -> None:
    url = f"{portal.url}/news/tin-so-4-4.html"
    first = reader_cli("import", url)
    assert first.status == 0 and first.summary == "imported 1, updated 0, failed 0, warnings 0"
    again = reader_cli("import", url)
    assert again.summary == "imported 0, updated 0, failed 0, warnings 0, unchanged 1"
    portal.edit(4, "Nội dung mới của bài.")
    assert reader_cli("import", url).summary == "imported 0, updated 1, failed 0, warnings 0"
    store = store_of(web_settings)
    assert store.count() == 1
    article = store.article(slug_of(web_settings, url))
    assert article is not None and "Nội dung mới của bài." in article.body_html and article.version == 2
    assert article.source_url == url  # the page's canonical link
    store.close()
    gone = reader_cli("import", f"{portal.url}/news/no-such-page.html", "ftp://127.0.0.1/x.html")
    assert gone.status == 1 and "answers 404 (Not Found)" in gone.err and "only http:// and https://" in gone.err


def test_sync_without_sources_says_how_to_add_one(reader_cli: Cli) -> None:
    result = reader_cli("sync")
    assert result.status == 0 and "no sources yet; add one with: reader sources add URL" in result.err
    assert result.summary.startswith("sync: 0 sources (0 failed)")


def test_the_rate_limit_is_one_request_a_second_per_host_by_default(web_settings: Settings) -> None:
    assert web_settings.fetch_delay == 0  # the tests turn it off...
    from reader.config import load_settings

    assert load_settings({}).fetch_delay == 1.0  # ...the default is one second
    from reader.config import ConfigError

    with pytest.raises(ConfigError, match="READER_FETCH_DELAY must be a number of seconds"):
        load_settings({"READER_FETCH_DELAY": "fast"})


def test_media_are_whole_files(followed: Cli, web_settings: Settings) -> None:
    assert followed("sync").status == 0
    assert not list(Path(web_settings.media_dir).glob("*.part"))


def test_an_image_is_judged_by_its_content(reader_cli: Cli, portal: Portal, web_settings: Settings) -> None:
    """A "photo" that is an HTML page (a portal's error page served at the
    image's address) is not stored; the caption stays with the text."""
    portal.images["/uploads/news/2024_01/anh-1.jpg"] = b"<html><body>Khong tim thay</body></html>"
    result = reader_cli("import", f"{portal.url}/news/tin-so-1-1.html")
    assert result.status == 0 and "not a readable image" in result.err
    store = store_of(web_settings)
    article = store.article(slug_of(web_settings, f"{portal.url}/news/tin-so-1-1.html"))
    assert article is not None and article.images == () and "Quang cảnh buổi lễ số 1" in article.body_html
    store.close()
    assert not list(web_settings.media_dir.glob("anh-1.*"))
