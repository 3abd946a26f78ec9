"""`reader articles list|withdraw|restore|delete` and `reader sources add|list|remove`."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient

from reader.app import create_app
from reader.config import Settings
from reader.ingest.images import preview, variants
from reader.samples import load_samples
from reader.speech import Speech
from reader.store import Store

from .conftest import CliResult
from .fakeportal import NewsSite, Portal

Cli = Callable[..., CliResult]
SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
SAPA_EN = "one-hoang-lien-range-one-shared-ambition"


@pytest.fixture
def samples(web_settings: Settings) -> Settings:
    web_settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(web_settings.db_path)
    load_samples(store, web_settings.media_dir)
    store.close()
    return web_settings


@pytest.fixture
def portal() -> Iterator[Portal]:
    site = Portal(3).start()
    yield site
    site.stop()


def test_list_shows_every_article_and_filters(reader_cli: Cli, samples: Settings) -> None:
    listed = reader_cli("articles", "list")
    assert listed.status == 0 and listed.summary == "articles: 17 listed"
    first = listed.out.splitlines()[0].split("\t")
    assert len(first) == 6 and first[1] in ("vi", "en") and first[3] == "published"
    assert reader_cli("articles", "list", "--withdrawn").summary == "articles: 0 listed"
    unknown = reader_cli("articles", "list", "--source", "https://nowhere.example/rss")
    assert unknown.status == 1 and "https://nowhere.example/rss is not a source" in unknown.err


def test_withdraw_and_restore_by_hand(reader_cli: Cli, samples: Settings) -> None:
    done = reader_cli("articles", "withdraw", SAPA)
    assert done.status == 0 and done.out.strip() == f"withdrawn: {SAPA} (its address now answers 410 Gone)"
    assert f"{SAPA}\tvi" in reader_cli("articles", "list", "--withdrawn").out
    with TestClient(create_app(samples)) as client:
        assert client.get(f"/vi/articles/{SAPA}").status_code == 410
        home = client.get("/vi/").text
        assert SAPA not in home and SAPA_EN in home  # its translation now stands in for it
        english = client.get(f"/en/articles/{SAPA_EN}").text
        assert f"/articles/{SAPA}" not in english  # no link to what is gone
        assert reader_cli("articles", "restore", SAPA).out.strip() == f"restored: {SAPA} (published again)"
        assert client.get(f"/vi/articles/{SAPA}").status_code == 200
        assert SAPA in client.get("/vi/").text
    assert reader_cli("articles", "restore", SAPA).out.strip() == f"not withdrawn: {SAPA}"


def test_unknown_slugs_are_refused_by_name_and_nothing_changes(reader_cli: Cli, samples: Settings) -> None:
    for action in ("withdraw", "restore", "delete"):
        refused = reader_cli("articles", action, SAPA, "no-such-article")
        assert refused.status == 1
        assert f"reader articles {action}: no article with the slug 'no-such-article'; nothing was changed" \
            in refused.err
    assert reader_cli("articles", "list", "--withdrawn").summary == "articles: 0 listed"
    assert reader_cli("articles", "list").summary == "articles: 17 listed"


def test_delete_removes_the_article_its_link_and_the_files_nothing_else_uses(reader_cli: Cli,
                                                                            samples: Settings) -> None:
    store = Store.open(samples.db_path)
    article = store.article(SAPA)
    english = store.article(SAPA_EN)
    assert article is not None and english is not None
    shared = {im.file for im in article.images} & {im.file for im in english.images}
    own = [im for im in article.images if im.file not in shared]
    speech = Speech(samples.audio_dir)
    key = speech.key(article)
    assert key is not None
    audio = speech.cache.put(key, b"ID3 fake mp3", "WEBVTT\n")
    store.close()
    assert shared and not own  # the translation uses the same photos: they must stay

    done = reader_cli("articles", "delete", SAPA)
    assert done.status == 0
    assert done.out.startswith(f"deleted: {SAPA} (Chung dãy Hoàng Liên")
    assert f"the translation link ({SAPA_EN} now stands alone)" in done.out
    assert not audio.mp3.exists() and not audio.vtt.exists() and "audio/" in done.out
    for name in shared:
        assert (samples.media_dir / name).is_file()  # still used by the English article
    store = Store.open(samples.db_path)
    assert store.article(SAPA) is None
    survivor = store.article(SAPA_EN)
    assert survivor is not None and survivor.translation_group is None
    store.close()

    photo = next(iter(survivor.images))
    files = list(dict.fromkeys([photo.file, *(v.file for v in variants(photo)), preview(photo).file]))
    gone = reader_cli("articles", "delete", SAPA_EN)
    assert all(f"media/{name}" in gone.out for name in files)
    assert not any((samples.media_dir / name).exists() for name in files)
    with TestClient(create_app(samples)) as client:
        assert client.get(f"/vi/articles/{SAPA}").status_code == 404


def test_sources_add_list_and_remove(reader_cli: Cli, portal: Portal, web_settings: Settings) -> None:
    feed = portal.url + Portal.FEED
    added = reader_cli("sources", "add", feed, "--lang", "vi")
    assert added.status == 0
    assert added.out.strip() == \
        f"added: {feed} (an RSS feed naming 3 articles; language: vi); reader sync imports them"
    listed = reader_cli("sources", "list")
    assert "never synced" in listed.out and "articles: 0" in listed.out and listed.summary == "sources: 1 followed"
    assert reader_cli("sync").status == 0
    listed = reader_cli("sources", "list").out
    assert "articles: 3" in listed and "result: imported 3, updated 0, unchanged 0" in listed
    assert "last sync: 20" in listed and "language: vi" in listed
    assert reader_cli("articles", "list", "--source", feed).summary == "articles: 3 listed"

    removed = reader_cli("sources", "remove", feed)
    assert removed.out.strip() == f"removed: {feed}; its 3 articles stay, no longer followed"
    assert reader_cli("sources", "list").summary == "sources: 0 followed"
    assert reader_cli("articles", "list").summary == "articles: 3 listed"

    assert reader_cli("sources", "add", feed).status == 0
    assert reader_cli("sync").status == 0  # the same pages: the same articles, followed again
    assert reader_cli("articles", "list").summary == "articles: 3 listed"
    media = {p.name for p in web_settings.media_dir.iterdir()}
    gone = reader_cli("sources", "remove", feed, "--with-articles")
    assert gone.out.count("deleted: tin-so-") == 3 and gone.out.strip().endswith(f"removed: {feed}")
    assert reader_cli("articles", "list").summary == "articles: 0 listed"
    assert media and not list(web_settings.media_dir.iterdir())

    unknown = reader_cli("sources", "remove", feed)
    assert unknown.status == 1 and f"{feed} is not a source" in unknown.err


def test_sources_add_refuses_what_is_not_a_feed(reader_cli: Cli) -> None:
    site = NewsSite(1).start()
    try:
        page = reader_cli("sources", "add", site.url + "/stories/1")
        assert page.status == 1 and "not an RSS or Atom feed, nor a sitemap" in page.err
        assert "nothing was added" in page.err
        ftp = reader_cli("sources", "add", "ftp://127.0.0.1/feed.xml")
        assert ftp.status == 1 and "only http:// and https://" in ftp.err
        assert reader_cli("sources", "list").summary == "sources: 0 followed"
    finally:
        site.stop()
