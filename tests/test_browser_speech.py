"""Listening in Debian's Chromium, which has no Vietnamese device voice: the player
falls back to the server audio and its highlight follows the audio's timings;
with scripts off the plain audio element and the download link work; axe finds
nothing with the player shown, in both languages."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from . import axe

pytestmark = pytest.mark.browser

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"


def reach_for_player(page: Any) -> None:
    """The player loads when the reader reaches for the listen section: here
    the focus moves to its audio, as a keyboard user's would."""
    page.focus("#listen-audio")
    page.wait_for_selector("[data-player]:not([hidden])", timeout=10_000)


def open_player(browser: Any, url: str) -> tuple[Any, Any]:
    context = axe.context(browser, javascript=True)
    page = context.new_page()
    assert page.goto(url).status == 200
    reach_for_player(page)
    return context, page


def test_without_a_device_voice_the_highlight_follows_the_server_audio(browser: Any, live_server: str) -> None:
    context, page = open_player(browser, f"{live_server}/vi/articles/{SAPA}")
    try:
        vietnamese_voices = page.evaluate(
            "() => speechSynthesis.getVoices().filter(v => v.lang.toLowerCase().startsWith('vi')).length")
        assert vietnamese_voices == 0
        assert page.locator("#player-voice").input_value() == "server"
        page.select_option("#player-speed", "2")
        page.click("[data-player] [data-action=play]")
        page.wait_for_function("() => !document.getElementById('listen-audio').paused", timeout=60_000)
        assert page.locator("[data-player] [data-action=play]").inner_text() in ("Tạm dừng", "Pause")
        assert page.evaluate("document.getElementById('listen-audio').playbackRate") == 2
        page.evaluate("document.getElementById('listen-audio').playbackRate = 8")  # a faster test
        seen: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(seen) < 4:
            sid = page.evaluate("() => { const s = document.querySelector('[data-sid].speaking');"
                                " return s ? s.dataset.sid : null; }")
            if sid and (not seen or seen[-1] != sid):
                seen.append(sid)
            time.sleep(0.05)
        numbers = [int(sid[1:]) for sid in seen]
        assert len(numbers) >= 3, seen
        assert numbers == sorted(numbers) and numbers[0] <= 2, seen
        # one sentence at a time is highlighted, wherever its text is split by markup
        current = seen[-1]
        assert page.locator(".speaking").count() == page.locator(f'.speaking[data-sid="{current}"]').count()
        page.click("[data-player] [data-action=stop]")
        assert page.locator(".speaking").count() == 0
        page.wait_for_function("() => document.querySelector('[data-status]').textContent.length > 0")
        assert page.locator("[data-status]").inner_text() == "Đã dừng."
    finally:
        context.close()


def test_the_player_loads_only_when_the_reader_reaches_for_it(browser: Any, live_server: str) -> None:
    """Readers who do not listen never download the player, its stylesheet or
    the speech text; a keyboard user reaching the audio gets the player."""
    context = axe.context(browser, javascript=True)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    try:
        page.goto(f"{live_server}/vi/articles/{SAPA}")
        page.wait_for_load_state("networkidle")
        assert "js" in (page.locator("html").get_attribute("class") or "")  # reader.js ran
        wanted = ("/js/player.", "/css/player.", "speech.json", "audio.vtt", "audio.mp3")
        assert [url for url in fetched if any(part in url for part in wanted)] == []
        assert page.locator("[data-player]").is_hidden()
        # Tab from the download link's predecessor until the audio has the focus
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.id") == "listen-audio":
                break
        else:
            raise AssertionError("the audio was not reached with Tab")
        expect(page.locator("[data-player]")).to_be_visible()
        expect(page.locator("[data-player] [data-action=play]")).to_be_enabled()
        assert any("/js/player." in url for url in fetched) and any("/css/player." in url for url in fetched)
        assert not any("speech.json" in url for url in fetched)  # fetched when a device voice needs it
        assert page.evaluate("document.activeElement.id") == "listen-audio"  # the focus stayed put
    finally:
        context.close()


def test_audio_started_before_the_player_arrives_is_followed(browser: Any, live_server: str) -> None:
    """On a slow link the reader may start the audio with its own controls
    before the player has loaded: the player then picks it up."""
    context = axe.context(browser, javascript=True)
    page = context.new_page()
    held: list[Any] = []
    # The context's route: once the service worker controls the page, it
    # fetches the player for it, and a page's route would not see that.
    context.route("**/js/player.*.js", lambda route: held.append(route))
    try:
        page.goto(f"{live_server}/en/articles/{SAPA}")
        page.wait_for_load_state("networkidle")
        page.evaluate("document.getElementById('listen-audio').play()")
        page.wait_for_timeout(300)
        assert held, "starting the audio asked for the player"
        held[0].continue_()
        expect(page.locator("[data-player]")).to_be_visible()
        expect(page.locator("[data-player] [data-action=play]")).to_have_text("Pause")
        expect(page.locator("#player-voice")).to_have_value("server")
        page.evaluate("document.getElementById('listen-audio').playbackRate = 8")
        expect(page.locator("[data-sid].speaking").first).to_be_attached(timeout=30_000)
    finally:
        context.close()


def test_with_scripts_off_the_audio_and_the_download_link_work(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        assert page.goto(f"{live_server}/en/articles/{SAPA}").status == 200
        assert page.locator("h2#listen-heading").inner_text() == "Listen to this article"
        audio = page.locator("section.listen audio")
        assert audio.get_attribute("controls") is not None
        assert audio.get_attribute("preload") == "none" and audio.get_attribute("autoplay") is None
        assert page.locator("[data-player]").is_hidden()
        link = page.locator("section.listen a[download]")
        assert "MP3" in link.inner_text()
        for src in (audio.get_attribute("src"), link.get_attribute("href")):
            response = context.request.get(f"{live_server}{src}")
            assert response.status == 200
            assert response.headers["content-type"] == "audio/mpeg"
            assert response.body()[:2] == b"\xff\xf3"  # an MPEG-2 layer III frame
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_player_shown_has_no_axe_violations(browser: Any, live_server: str, locale: str) -> None:
    context, page = open_player(browser, f"{live_server}/{locale}/articles/{SAPA}")
    try:
        page.click("[data-player] details summary")
        found = axe.violations(page)
        assert found == [], axe.describe(found)
        heading = page.locator("h2#listen-heading").inner_text()
        assert heading == {"vi": "Nghe bài viết", "en": "Listen to this article"}[locale]
    finally:
        context.close()


# A device that has a Vietnamese voice (Chromium on Linux has none): a stand-in
# speechSynthesis that records each utterance and "finishes" it after 100 ms.
FAKE_DEVICE_VOICE = """
(() => {
  const voice = {name: "Giọng thử", lang: "vi-VN", voiceURI: "test-vi", localService: true, default: false};
  const spoken = [];
  let timer = null;
  window.__spoken = spoken;
  const synth = {
    getVoices: () => [voice],
    speak(u) {
      spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.voiceURI, rate: u.rate});
      timer = setTimeout(() => u.onend && u.onend({}), 100);
    },
    cancel() { clearTimeout(timer); },
    pause() {}, resume() {}, addEventListener() {}, onvoiceschanged: null,
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ""; this.voice = null; this.rate = 1;
  };
})();
"""


def test_a_device_voice_speaks_one_sentence_per_utterance_and_the_choice_is_remembered(
        browser: Any, live_server: str) -> None:
    context = axe.context(browser, javascript=True)
    context.add_init_script(FAKE_DEVICE_VOICE)
    page = context.new_page()
    try:
        url = f"{live_server}/en/articles/{SAPA}"
        page.goto(url)
        reach_for_player(page)
        assert page.locator("#player-voice").input_value() == "device:test-vi"
        segments = page.evaluate(f"fetch('/en/articles/{SAPA}/speech.json').then(r => r.json())")["segments"]
        page.click("[data-player] [data-action=play]")
        page.wait_for_function("() => window.__spoken.length >= 3")
        spoken = page.evaluate("window.__spoken")
        assert [u["text"] for u in spoken[:3]] == [s["text"] for s in segments[:3]]
        assert {u["lang"] for u in spoken} == {"vi"} and {u["voice"] for u in spoken} == {"test-vi"}
        assert page.locator(".speaking").first.get_attribute("data-sid") in {s["id"] for s in segments[2:6]}
        page.click("[data-player] [data-action=play]")  # pause
        assert page.locator("[data-player] [data-action=play]").inner_text() == "Resume"
        # the choice of voice is remembered for Vietnamese articles
        page.select_option("#player-voice", "server")
        page.reload()
        reach_for_player(page)
        assert page.locator("#player-voice").input_value() == "server"
    finally:
        context.close()


def test_a_vietnamese_name_in_an_english_sentence_gets_the_devices_vietnamese_voice(
        browser: Any, live_server: str) -> None:
    """A device with both voices says "Hoàng Liên" in the English title with
    its Vietnamese voice and the rest with the English one (speech.json's runs)."""
    context = axe.context(browser, javascript=True)
    context.add_init_script(FAKE_DEVICE_VOICE.replace(
        "getVoices: () => [voice],",
        "getVoices: () => [voice, {name: 'Test voice', lang: 'en-GB', voiceURI: 'test-en', "
        "localService: true, default: false}],"))
    page = context.new_page()
    try:
        english = "one-hoang-lien-range-one-shared-ambition"
        page.goto(f"{live_server}/en/articles/{english}")
        reach_for_player(page)
        assert page.locator("#player-voice").input_value() == "device:test-en"
        title = page.evaluate(f"fetch('/en/articles/{english}/speech.json').then(r => r.json())")["segments"][0]
        assert [run["lang"] for run in title["runs"]] == ["en", "vi", "en"]
        page.click("[data-player] [data-action=play]")
        page.wait_for_function("() => window.__spoken.length >= 4")
        spoken = page.evaluate("window.__spoken")[:3]
        assert [(u["text"].strip(), u["lang"], u["voice"]) for u in spoken] == [
            ("One", "en", "test-en"), ("Hoàng Liên", "vi", "test-vi"),
            ("range, one shared ambition", "en", "test-en")]
        assert "".join(u["text"] for u in spoken) == title["text"]
    finally:
        context.close()


def test_shortcuts_work_inside_the_player_only(browser: Any, live_server: str) -> None:
    context, page = open_player(browser, f"{live_server}/en/articles/{SAPA}")
    try:
        page.wait_for_function("() => document.querySelector('#player-voice').options.length > 0")
        page.keyboard.press("n")  # focus is not in the player: nothing happens
        assert page.locator(".speaking").count() == 0
        page.focus("[data-player] [data-action=stop]")
        page.keyboard.press("n")
        page.keyboard.press("n")  # both count, though the speech text is still on its way
        expect(page.locator(".speaking").first).to_have_attribute("data-sid", "s3")
        page.keyboard.press("b")
        expect(page.locator(".speaking").first).to_have_attribute("data-sid", "s2")
        page.keyboard.press("]")
        assert page.locator("#player-speed").input_value() == "1.25"
        page.wait_for_function("() => document.querySelector('[data-status]').textContent.includes('1.25')")
        assert page.locator("section.listen").get_by_text("Keyboard shortcuts").count() == 1
    finally:
        context.close()
