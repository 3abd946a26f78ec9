"""``/{locale}/podcast.xml``, read by a real feed parser as a podcast app would read it."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import feedparser
import pytest
from PIL import Image
from starlette.testclient import TestClient

from reader.cli import main

from .conftest import PUBLIC_URL
from .mp3frames import walk

VI_SAMPLE = "chung-day-hoang-lien-chung-niem-khat-vong"
VI_SHORT = "sa-pa-ron-rang-ngay-hoi-van-hoa-du-lich-mua-he"
EN_SHORT = "frost-turns-the-slopes-of-fansipan-white"


def parse(client: TestClient, locale: str) -> feedparser.FeedParserDict:
    response = client.get(f"/{locale}/podcast.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def test_no_audio_made_yet_is_an_empty_valid_podcast(client: TestClient) -> None:
    feed = parse(client, "vi")
    assert feed.entries == []
    assert feed.feed.language == "vi" and feed.feed.title == "Reader: bài viết để nghe"
    assert feed.feed.itunes_explicit is not True  # feedparser reads Apple's "false" as None
    assert "<itunes:explicit>false</itunes:explicit>" in client.get("/vi/podcast.xml").text
    assert feed.namespaces["itunes"] == "http://www.itunes.com/dtds/podcast-1.0.dtd"


def test_a_first_listen_puts_the_article_in_its_languages_feed(client: TestClient) -> None:
    assert client.get(f"/vi/articles/{VI_SHORT}/audio.mp3").status_code == 200
    vi, en = parse(client, "vi"), parse(client, "en")
    assert [e.link for e in vi.entries] == [f"{PUBLIC_URL}/vi/articles/{VI_SHORT}"]  # not the Host sent
    assert en.entries == []  # a podcast speaks one language: the Vietnamese article is not in the English one
    assert client.get(f"/en/articles/{EN_SHORT}/audio.mp3").status_code == 200
    assert_every_episode_is_its_exact_file(client, {"vi": [VI_SHORT], "en": [EN_SHORT]})
    # a withdrawn article leaves the feed (its audio answers 410 Gone)
    assert main(["articles", "withdraw", EN_SHORT, "--db", str(client.app.state.services.settings.db_path)]) == 0
    assert parse(client, "en").entries == []


def assert_every_episode_is_its_exact_file(client: TestClient, expected: dict[str, list[str]]) -> None:
    """Each feed lists exactly ``expected``'s articles, newest first, each with its MP3's
    exact length and duration (also used after ``reader speech build``: tests/test_speech_build.py)."""
    store = client.app.state.services.store  # type: ignore[attr-defined]
    for locale, slugs in expected.items():
        feed = parse(client, locale)
        assert sorted(e.link.rsplit("/", 1)[1] for e in feed.entries) == sorted(slugs)
        dates = [e.published_parsed for e in feed.entries]
        assert dates == sorted(dates, reverse=True)  # newest first
        for entry in feed.entries:
            article = store.article(entry.link.rsplit("/", 1)[1])
            assert entry.title == article.title and entry.guid == entry.link
            assert entry.get("summary", "") == article.summary
            (enclosure,) = entry.enclosures
            assert enclosure.type == "audio/mpeg"
            assert enclosure.href.startswith(f"{PUBLIC_URL}/{locale}/articles/")
            audio = client.get(enclosure.href.removeprefix(PUBLIC_URL))
            assert audio.status_code == 200 and "immutable" in audio.headers["cache-control"]
            files = client.app.state.speech.cached(article)  # type: ignore[attr-defined]
            assert int(enclosure.length) == len(audio.content) == files.size
            minutes, seconds = (int(x) for x in entry.itunes_duration.split(":")[-2:])
            assert abs(minutes * 60 + seconds - walk(audio.content).seconds) <= 1.0
            assert entry.itunes_explicit is not True and entry.itunes_episodetype == "full"


def test_the_cover_is_a_square_image_podcast_apps_accept(client: TestClient) -> None:
    feed = parse(client, "en")
    url = feed.feed.image.href.removeprefix(PUBLIC_URL)
    raw = client.get("/en/podcast.xml").text
    assert re.search(rf'<itunes:image href="{re.escape(feed.feed.image.href)}" />', raw)
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.mode == "RGB" and image.size == (1400, 1400)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_listen_section_and_the_accessibility_statement_link_the_feed(client: TestClient, locale: str) -> None:
    article = client.get(f"/{locale}/articles/{VI_SAMPLE}").text
    statement = client.get(f"/{locale}/accessibility").text
    for page in (article, statement):
        assert re.search(rf'<a href="/{locale}/podcast.xml" type="application/rss\+xml">', page)


def test_the_feed_escapes_what_articles_say(client: TestClient) -> None:
    from reader.views.podcast import build_podcast

    class Files:
        key, size = "0" * 64, 10

        def duration_ms(self) -> int:
            return 3_725_000

    article = client.app.state.services.store.article(VI_SAMPLE)  # type: ignore[attr-defined]
    odd = replace(article, title="<b>A & B</b>\x00\x1b", summary="]]> </item><script>")
    cover = "https://example.org/c.png"
    body = build_podcast([(odd, Files())], "vi", "https://example.org", cover)  # type: ignore[list-item]
    feed = feedparser.parse(body)
    assert not feed.bozo
    assert feed.entries[0].title == "<b>A & B</b>" and feed.entries[0].itunes_duration == "1:02:05"
    assert b"<script>" not in body
