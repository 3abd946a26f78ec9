"""A reader's own colours: parsing, WCAG contrast, the refusal table, bad
input, and the stylesheet that applies them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

from reader.colours import Colours, contrast, floor_ratio, parse_hex

ORIGIN = {"Origin": "http://testserver"}


@pytest.mark.parametrize(("typed", "expected"), [
    ("#1f1f1f", "1f1f1f"), ("1F1F1F", "1f1f1f"), ("  #AbC  ", "aabbcc"), ("#fff", "ffffff"),
    ("", None), ("#12345", None), ("#1234567", None), ("#ggg", None), ("red", None),
    ("rgb(0,0,0)", None), ("#1f1f1f;", None), ("＃1f1f1f", None), ("#١٢٣", None), (None, None),
])
def test_colours_are_hex_digits_only(typed: str | None, expected: str | None) -> None:
    assert parse_hex(typed) == expected


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("000000", "ffffff") == pytest.approx(21)
    assert contrast("ffffff", "ffffff") == pytest.approx(1)
    assert floor_ratio(contrast("777777", "ffffff")) == 4.47  # the classic "just under"
    assert floor_ratio(contrast("767676", "ffffff")) == 4.54
    assert contrast("0a4aa0", "ffffff") == contrast("ffffff", "0a4aa0")


def test_the_stylesheet_sets_the_palette_and_nothing_else() -> None:
    css = Colours("1f1f1f", "ffffff", "0a4aa0").stylesheet()
    assert css.startswith(":root.palette-own,.preview.palette-own{")
    assert "--fg:#1f1f1f" in css and "--bg:#ffffff" in css and "--link:#0a4aa0" in css
    assert "color-scheme:light" in css
    assert "color-scheme:dark" in Colours("ffffff", "000000", "ffff66").stylesheet()


def post(client: TestClient, locale: str = "vi", **data: str) -> object:
    return client.post(f"/{locale}/settings", data={"action": "save", **data}, headers=ORIGIN)


def soup(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")  # type: ignore[attr-defined]


# (text, background, link) -> None when saved, else the messages' (ratio, minimum) per field
REFUSALS = [
    (("#1f1f1f", "#ffffff", "#0a4aa0"), None),
    (("#767676", "#ffffff", "#0a4aa0"), None),  # 4.54:1: just enough
    (("#ffffff", "#121212", "#8cc2ff"), None),
    (("#777777", "#ffffff", "#0a4aa0"), {"fg": ("4,47", "4,5")}),  # 4.47:1: just under
    (("#000000", "#ffffff", "#aaaaaa"), {"link": ("2,32", "4,5")}),
    (("#ffff00", "#ffffff", "#ffff00"), {"fg": ("1,07", "4,5"), "link": ("1,07", "4,5")}),
    (("#000000", "#000000", "#000000"), {"fg": ("1", "4,5"), "link": ("1", "4,5")}),
]


@pytest.mark.parametrize(("colours", "refused"), REFUSALS, ids=[",".join(c) for c, _ in REFUSALS])
def test_the_refusal_table(client: TestClient, colours: tuple[str, str, str],
                           refused: dict[str, tuple[str, str]] | None) -> None:
    fg, bg, link = colours
    response = post(client, text_size="5", palette="own", fg=fg, bg=bg, link=link)
    if refused is None:
        assert response.status_code == 303  # type: ignore[attr-defined]
        code = "".join(c.lstrip("#") for c in colours)
        assert f"reader_prefs=1.z5.po.k{code}" in response.headers["set-cookie"]  # type: ignore[attr-defined]
        page = soup(client.get("/vi/"))
        assert "palette-own" in page.html["class"]
        assert page.find("link", href=f"/static/colours/{code}.css") is not None
        return
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "set-cookie" not in response.headers  # type: ignore[attr-defined]  # nothing saved
    page = soup(response)
    assert page.title.get_text().startswith("Lỗi:")
    summary = page.select_one(".error-summary[role=alert]")
    assert summary is not None
    for name in ("fg", "bg", "link"):
        box = page.select_one(f"#colour-{name}")
        if name in refused:
            ratio, minimum = refused[name]
            message = page.select_one(f"#colour-{name}-error").get_text()
            assert f"{ratio}:1" in message and f"{minimum}:1" in message, message
            assert box["aria-invalid"] == "true"
            assert f"colour-{name}-error" in box["aria-describedby"].split()
            assert summary.find("a", href=f"#colour-{name}") is not None
        else:
            assert not box.has_attr("aria-invalid")
    # Nothing the reader chose is lost: the form shows what they sent.
    assert page.select_one("input[name=text_size][value='5']").has_attr("checked")
    assert page.select_one("input[name=palette][value=own]").has_attr("checked")
    assert page.select_one("#colour-fg")["value"] == fg and page.select_one("#colour-link")["value"] == link


def test_refusals_are_said_in_english_too(client: TestClient) -> None:
    response = post(client, "en", palette="own", fg="#777777", bg="#ffffff", link="#0a4aa0")
    message = soup(response).select_one("#colour-fg-error").get_text()
    assert message == ("The text colour and the background colour have a contrast ratio of 4.47:1; "
                       "it must be at least 4.5:1.")


@pytest.mark.parametrize("typed", ["red", "#12345", "<script>alert(1)</script>", '"><b>x', "#ggg",
                                   "%(typed)s", "#" + "f" * 200])
def test_malformed_colours_are_named_and_never_echoed_unescaped(client: TestClient, typed: str) -> None:
    response = post(client, "en", palette="own", fg=typed, bg="#ffffff", link="#0a4aa0")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "set-cookie" not in response.headers  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert "<script>alert" not in html and "<b>x" not in html
    shown = typed[:30]
    message = soup(response).select_one("#colour-fg-error").get_text()
    assert message.startswith(f"“{shown}” is not a colour.")
    assert soup(response).select_one("#colour-fg")["value"] == shown


def test_a_picked_colour_counts_when_the_text_box_was_left_alone(client: TestClient) -> None:
    """Without JavaScript both inputs are sent: the one the reader changed wins."""
    response = post(client, palette="own", fg="#1f1f1f", fg_pick="#000000", bg="#ffffff",
                    bg_pick="#ffffff", link="#0a4aa0", link_pick="#0a4aa0")
    assert "k000000ffffff0a4aa0" in response.headers["set-cookie"]  # type: ignore[attr-defined]
    response = post(client, palette="own", fg="#222222", fg_pick="#000000", bg="#ffffff",
                    link="#0a4aa0")
    assert "k222222ffffff0a4aa0" in response.headers["set-cookie"]  # type: ignore[attr-defined]


def test_the_theme_palette_ignores_the_colour_boxes(client: TestClient) -> None:
    response = post(client, palette="theme", fg="nonsense", bg="#ffffff", link="#ffffff", contrast="high")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert "reader_prefs=1.ch;" in response.headers["set-cookie"]  # type: ignore[attr-defined]


def test_links_close_to_the_text_are_underlined_and_the_page_says_why(client: TestClient) -> None:
    response = post(client, "en", palette="own", fg="#000000", bg="#ffffff", link="#1a1a8a")
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = soup(client.get("/en/settings"))
    assert "underline-always" in page.html["class"]
    notes = [p.get_text() for p in page.select(".hint")]
    assert any("Links are underlined everywhere" in n and "under 3:1" in n for n in notes), notes


def test_the_colour_stylesheet_is_cached_for_a_year(client: TestClient) -> None:
    response = client.get("/static/colours/1f1f1fffffff0a4aa0.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "immutable" in response.headers["cache-control"]
    assert "--bg:#ffffff" in response.text
    assert "frame-ancestors" not in response.headers["content-security-policy"]  # a subresource's set


@pytest.mark.parametrize("code", ["1F1F1FFFFFFF0A4AA0", "1f1f1f", "1f1f1fffffff0a4aa0x", "zzzzzzzzzzzzzzzzzz",
                                  "1f1f1fffffff0a4aa0.css", "..%2f..%2fetc"])
def test_odd_colour_stylesheets_are_404s(client: TestClient, code: str) -> None:
    assert client.get(f"/static/colours/{code}.css").status_code == 404


def test_only_readers_with_own_colours_fetch_a_colour_stylesheet(client: TestClient) -> None:
    for cookie in (None, "1.z3.ch", "1.k1f1f1fffffff0a4aa0"):  # remembered but not in use
        if cookie:
            client.cookies.set("reader_prefs", cookie)
        page = soup(client.get("/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"))
        assert not [link for link in page.find_all("link") if "colours" in link["href"]], cookie


def test_carried_settings_show_the_colours(client: TestClient) -> None:
    page = soup(client.get("/en/settings?apply=1.po.k1f1f1fffffff0a4aa0"))
    text = page.select_one("dl.carried").get_text(" ")
    assert "Use my own colours" in text and "#1f1f1f" in text and "#0a4aa0" in text
