from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reader import i18n


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "vi"),
        (None, "", "vi"),
        (None, "en-US,en;q=0.9", "en"),
        (None, "fr-FR, en;q=0.5, vi;q=0.8", "vi"),
        (None, "fr-FR, de;q=0.9", "vi"),
        (None, "en;q=0.2, vi;q=0.1", "en"),
        (None, "vi-VN", "vi"),
        (None, "EN-gb", "en"),
        ("en", "vi", "en"),  # the reader's own choice wins
        ("vi", "en", "vi"),
        ("xx", "en", "en"),  # an unknown cookie is ignored
        ("<script>", None, "vi"),
        (None, "en;q=abc, vi", "vi"),  # malformed entries are skipped
        (None, ";;;,,,q=2", "vi"),
        (None, "en;q=0", "vi"),  # q=0 means "not this"
        (None, "*", "vi"),
        (None, "a" * 5000, "vi"),
        (None, "\x00\xff en", "vi"),
    ],
)
def test_negotiation_order(cookie: str | None, accept: str | None, expected: str) -> None:
    assert i18n.negotiate(cookie, accept) == expected


def test_dates_and_numbers_follow_the_ui_locale_in_vietnam_time() -> None:
    moment = datetime(2024, 1, 17, 13, 30, tzinfo=UTC)  # 20:30 in Hà Nội
    assert i18n.format_day(moment, "vi") == "17 tháng 1, 2024"
    assert i18n.format_day(moment, "en") == "January 17, 2024"
    assert "20:30" in i18n.format_moment(moment, "vi")
    assert "8:30" in i18n.format_moment(moment, "en")
    assert i18n.format_number(12000, "vi") == "12.000"
    assert i18n.format_number(524.5, "vi") == "524,5"
    assert i18n.format_number(12000, "en") == "12,000"


def test_gettext_follows_the_active_locale() -> None:
    with i18n.using("vi"):
        assert i18n.gettext("Latest articles") == "Bài viết mới nhất"
        assert i18n.ngettext("%(num)d minute read", "%(num)d minutes read", 3) == "Đọc trong 3 phút"
    with i18n.using("en"):
        assert i18n.gettext("Latest articles") == "Latest articles"
        assert i18n.ngettext("%(num)d minute read", "%(num)d minutes read", 1) == "1 minute read"
