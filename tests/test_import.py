"""`reader import`: Markdown, saved portal pages and text dumps become clean
articles; broken files are refused by name while the rest go in."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from reader.cli import main
from reader.ingest.body import build_body
from reader.ingest.dates import VIETNAM, parse_date
from reader.ingest.frontmatter import split
from reader.ingest.images import preview, variants
from reader.ingest.language import detect_language
from reader.ingest.run import Importer
from reader.ingest.slugs import slugify, unique_slug
from reader.models import Article
from reader.store import Store, open_store

from .conftest import on_terminal

pytestmark = pytest.mark.both_backends  # the tests that take a database run on both engines

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
REPO = Path(__file__).resolve().parents[1]
SAPA_DUMP = Path(__file__).resolve().parent / "fixtures" / "samples" / "sapa-portal-article.txt"  # see its README
SAPA_SAMPLE = REPO / "reader" / "samples" / "articles" / "chung-day-hoang-lien-chung-niem-khat-vong.html"
SAPA_IMAGES = ("gggg_67af9c1ebb", "7_fc19a8f14e", "TANUYEN2_94f320dc9a", "TAU2_0e1f9c8391",
               "5_a2ca8e4da3", "4_1572ca87ff")
PORTAL_CHROME = ("A- A A+", "Tăng tương phản", "Giảm tương phản", "Tổng số điểm", "Click để đánh giá",
                 "Tin liên quan", "Bản đồ", "Bình chọn", "Thống kê truy cập", "Hôm nay :", "Hôm qua :", "657",
                 "gggg_67af9c1ebb", "Tác giả", "Nguồn tin", "Từ khóa", "Tags", "Những tin", "Ý kiến",
                 "Chia sẻ", "Share", "Related", "Most read", "Trang chủ", "In bài", "Bình luận",
                 "Lượt truy cập", "Tin cùng chuyên mục")
SAPA_CHROME = ("A- A A+", "Tăng tương phản", "Giảm tương phản", "Tổng số điểm", "Click để đánh giá",
               "Tin liên quan", "Bản đồ", "Bình chọn", "Thông tin nào trên Cổng TTĐT", "Thống kê truy cập",
               "Hôm nay :", "Hôm qua :", "gggg_", "TANUYEN2", "Tác giả", "Ảnh:", "Ảnh;")
PHOTOS = {  # the images the fixture pages refer to, made at test time
    "portal/images/dao-no-deo.jpg": (1600, 1000), "portal/anh/sao-che.jpg": (700, 440),
    "portal/anh/doi-che.png": (500, 375), "portal/files/cau-treo.jpg": (600, 420),
    "portal/market.jpg": (640, 420), "markdown/cho-phien.jpg": (640, 400),
    "markdown/no-description.png": (300, 200),
}


def photo(path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = PILImage.linear_gradient("L").resize(size).convert("RGB")
    picture.save(path)


def sapa_dump_text() -> str:
    return SAPA_DUMP.read_text(encoding="utf-8")


def make_tree(root: Path, *, broken: bool = True) -> Path:
    """A copy of the fixtures with their photos and the Sa Pa dump."""
    shutil.copytree(FIXTURES, root, ignore=None if broken else shutil.ignore_patterns("broken"))
    for name, size in PHOTOS.items():
        photo(root / name, size)
    (root / "dump").mkdir()
    (root / "dump" / "sapa-portal-article.txt").write_text(sapa_dump_text(), encoding="utf-8")
    return root


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()


@pytest.fixture
def run_cli(database: str) -> Callable[..., int]:
    def run(*args: str) -> int:
        return main(["import", *args, "--db", database])
    return run


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def paragraphs(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(p.get_text(" ").split()) for p in soup.find_all("p")]


def captions(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(c.get_text(" ").split()) for c in soup.find_all("figcaption")]


def imported(store: Store, path: Path, media: Path, **kwargs: object) -> Article:
    report = Importer(store, media, **kwargs).run([path])  # type: ignore[arg-type]
    [result] = report.results
    assert result.status in ("imported", "updated"), result.reason
    article = store.article(result.slug)
    assert article is not None
    return article


# -- the Sa Pa text dump -----------------------------------------------------------------
def test_sapa_dump_imports_like_the_bundled_sample(tmp_path: Path, store: Store) -> None:
    tree = make_tree(tmp_path / "in")
    article = imported(store, tree / "dump" / "sapa-portal-article.txt", tmp_path / "media")
    meta, body = split(SAPA_SAMPLE.read_text(encoding="utf-8"), SAPA_SAMPLE)
    assert article.title == meta["title"]
    assert article.author == meta["author"] == "Nguyễn Thường"
    assert article.lang == "vi"
    assert paragraphs(article.body_html) == paragraphs(body)
    assert captions(article.body_html) == captions(body)
    assert len(captions(article.body_html)) == 6
    text = BeautifulSoup(article.body_html, "html.parser").get_text(" ")
    for chrome in SAPA_CHROME:
        assert chrome not in text and chrome not in article.title
    assert article.published_at == datetime(2024, 1, 17, tzinfo=VIETNAM)


def test_sapa_captions_are_tied_to_the_listed_images(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "article.txt").write_text(sapa_dump_text(), encoding="utf-8")
    for name in SAPA_IMAGES:
        photo(folder / f"{name}.jpg", (640, 400))
    article = imported(store, folder / "article.txt", tmp_path / "media")
    assert len(article.images) == 6
    assert [im.caption for im in article.images] == captions(article.body_html)
    assert all(im.alt == im.caption for im in article.images)  # alt from the caption
    soup = BeautifulSoup(article.body_html, "html.parser")
    assert [f.find("img")["alt"] for f in soup.find_all("figure")] == [im.caption for im in article.images]


# -- portal pages and Markdown ---------------------------------------------------------------
EXPECTED = {
    "portal/nukeviet-old.html": dict(
        title="Mùa đào nở sớm trên đèo Ô Quy Hồ", author="Lò Văn Khánh",
        published=datetime(2024, 1, 17, 15, 30, tzinfo=VIETNAM),
        lead="Những ngày giữa tháng Giêng, sắc đào phai đã nhuộm hồng hai bên đèo Ô Quy Hồ, thu hút "
             "đông đảo du khách dừng chân chụp ảnh.",
        paragraphs=["Theo người dân bản Sin Chải, năm nay đào nở sớm hơn mọi năm khoảng hai tuần do "
                    "thời tiết ấm lên vào cuối tháng Chạp.",
                    "Nhiều gia đình trong bản đã dọn dẹp vườn đào, làm lối đi và bán đồ uống nóng cho "
                    "khách qua đường.",
                    "Chị Lò Thị Mai cho biết mỗi ngày cuối tuần có hàng trăm lượt khách ghé vườn nhà chị."],
        captions=["Hoa đào nở dọc con đường lên đỉnh đèo"], lang="vi"),
    "portal/nukeviet-new.html": dict(
        title="Học sinh Tân Uyên trải nghiệm làm chè xanh", author="Hoàng Thu Trang",
        published=datetime(2024, 3, 8, 9, 45, tzinfo=VIETNAM),
        lead="Hơn 200 học sinh Trường THCS thị trấn Tân Uyên đã có buổi trải nghiệm hái và sao chè tại "
             "đồi chè Phúc Khoa.",
        paragraphs=["Các em được nghệ nhân hướng dẫn cách hái một tôm hai lá, làm héo và sao chè bằng "
                    "chảo gang.",
                    "Theo Ban giám hiệu, hoạt động giúp học sinh hiểu và tự hào về cây chè, sản phẩm chủ "
                    "lực của huyện.",
                    "Nhà trường dự kiến tổ chức thêm hai buổi trải nghiệm vào mùa thu hoạch chè thu."],
        captions=["Học sinh thực hành sao chè cùng nghệ nhân"], lang="vi"),
    "portal/vhv.html": dict(
        title="Khánh thành cầu treo bản Nà Ít", author="Phạm Minh Hải",
        published=datetime(2024, 4, 22, 7, 10, tzinfo=VIETNAM),
        lead="Sáng 22/4, xã Nà Ít tổ chức khánh thành cầu treo dân sinh nối hai bờ suối Nậm Mở, giúp "
             "học sinh không phải lội suối tới trường.",
        paragraphs=["Cầu dài 60 mét, rộng 1,5 mét, được xây dựng trong bốn tháng với sự đóng góp ngày "
                    "công của người dân trong bản.",
                    "Ông Vàng A Chứ, trưởng bản, cho biết mùa mưa năm ngoái có nhiều ngày học sinh phải "
                    "nghỉ học vì nước suối dâng cao."],
        captions=["Người dân đi qua cây cầu mới trong ngày khánh thành"], lang="vi"),
    "portal/generic-news.html": dict(
        title="Night market opens in Lai Chau town", author="Sarah Nguyen",
        published=datetime(2024, 3, 5, 18, 0, tzinfo=VIETNAM), lead="",
        paragraphs=["A new night market opened on Friday on the square in front of the provincial "
                    "cultural centre, with more than eighty stalls selling food and crafts.",
                    "Organisers said the market will run every weekend evening until the end of the "
                    "year, and stalls are free for local producers during the first three months.",
                    "Visitors queued for grilled corn, sticky rice cooked in bamboo and hand-woven bags "
                    "from nearby villages."],
        captions=["The market on its opening night"], lang="en"),
    "markdown/phien-cho-vung-cao.md": dict(
        title="Phiên chợ vùng cao ngày cuối tuần", author="Đỗ Thị Lan",
        published=datetime(2024, 2, 24, 6, 30, tzinfo=VIETNAM),
        lead="Mỗi sáng Chủ nhật, phiên chợ Tam Đường lại đông vui với hàng nông sản và thổ cẩm của "
             "đồng bào.",
        paragraphs=["Từ sáng sớm, người dân các bản quanh thị trấn đã gùi rau, măng và gà đồi xuống chợ.",
                    "Ngoài nông sản, chợ còn có quầy bán dao, lưỡi cày và những tấm vải chàm nhuộm tay.",
                    "Khách phương xa thích nhất là bát thắng cố nóng và chén rượu ngô.",
                    "Chợ họp đến khoảng mười một giờ trưa."],
        captions=["Chợ phiên lúc bảy giờ sáng"], lang="vi"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_imports_with_its_parts_and_without_chrome(name: str, tmp_path: Path, store: Store) -> None:
    tree = make_tree(tmp_path / "in")
    want = EXPECTED[name]
    article = imported(store, tree / name, tmp_path / "media")
    assert article.title == want["title"]
    assert article.author == want["author"]
    assert article.published_at == want["published"]
    assert article.summary == want["lead"]
    assert article.lang == want["lang"]
    assert paragraphs(article.body_html) == want["paragraphs"]
    assert captions(article.body_html) == want["captions"]
    text = BeautifulSoup(article.body_html, "html.parser").get_text(" ")
    for chrome in PORTAL_CHROME:
        assert chrome not in text, chrome
    assert article.title not in text  # the title is the page's h1, not repeated in the body
    html = article.body_html
    for dropped in ("style=", "<font", "<span", "class=", "<script", "onclick", "google-analytics",
                    "example-tracker", "<p></p>", "&nbsp;", "<form", "<textarea"):
        assert dropped not in html, dropped


def test_headings_start_at_h2_and_never_skip_a_level(tmp_path: Path, store: Store) -> None:
    tree = make_tree(tmp_path / "in")
    for name in ("portal/nukeviet-old.html", "portal/nukeviet-new.html", "markdown/phien-cho-vung-cao.md"):
        html = imported(store, tree / name, tmp_path / "media").body_html
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert levels, name
        assert levels[0] == 2, name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (name, levels)
        assert all('id="' in tag for tag in re.findall(r"<h[2-6][^>]*>", html))
    md = store.article("phien-cho-vung-cao-ngay-cuoi-tuan")
    assert md is not None
    assert '<h2 id="hang-hoa-phong-phu">' in md.body_html and '<h3 id="mon-an-sang">' in md.body_html
    assert "<th>Mặt hàng</th>" in md.body_html  # tables keep their header cells


def test_images_are_copied_with_resized_variants(tmp_path: Path, store: Store) -> None:
    tree = make_tree(tmp_path / "in")
    media = tmp_path / "media"
    article = imported(store, tree / "portal/nukeviet-old.html", media)
    [image] = article.images
    assert (image.width, image.height) == (1600, 1000)
    assert image.alt == "Hoa đào nở dọc con đường lên đỉnh đèo"  # from the caption
    made = variants(image)
    assert sorted({v.width for v in made}) == [480, 960, 1440]
    assert {v.mime for v in made} == {"image/webp", "image/jpeg"}
    for variant in made:
        with PILImage.open(media / variant.file) as picture:
            assert picture.size == (variant.width, variant.height)
            assert picture.format == ("WEBP" if variant.mime == "image/webp" else "JPEG")
    small = imported(store, tree / "markdown/border-market.md", media)
    assert variants(small.images[0]) == ()  # never larger than the original


def test_link_previews_get_a_1200_wide_jpeg_never_larger_than_the_original(tmp_path: Path, store: Store) -> None:
    """og:image: 1200 pixels wide as a JPEG (what Zalo and Facebook show best),
    made at import like the other copies; a smaller JPEG is its own preview,
    a smaller PNG gets a JPEG of its own size."""
    tree = make_tree(tmp_path / "in")
    media = tmp_path / "media"
    [wide] = imported(store, tree / "portal/nukeviet-old.html", media).images
    copy = preview(wide)
    assert copy.file.endswith(".w1200.jpg") and (copy.width, copy.height) == (1200, 750)
    small = {image.file.split(".")[0]: image for image in imported(store, tree / "portal/nukeviet-new.html",
                                                                    media).images}
    png = preview(small["doi-che"])
    assert png.file.endswith(".w500.jpg") and (png.width, png.height) == (500, 375)
    assert preview(small["sao-che"]).file == small["sao-che"].file  # a 700-pixel JPEG already
    for made in (copy, png):
        with PILImage.open(media / made.file) as picture:
            assert picture.format == "JPEG" and picture.size == (made.width, made.height)
    leftovers = sorted(p.name for p in media.iterdir() if ".w1200." in p.name or ".w500." in p.name)
    assert leftovers == sorted([copy.file, png.file])  # nothing else, no .part files


def test_images_with_no_description_are_listed_in_the_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], run_cli: Callable[..., int]) -> None:
    tree = make_tree(tmp_path / "in", broken=False)
    assert run_cli(str(tree / "portal"), str(tree / "markdown")) == 0
    err = capsys.readouterr().err
    assert re.search(r"nukeviet-new\.html: image 'anh/doi-che\.png' has no description", err)
    assert re.search(r"border-market\.md: image 'no-description\.png' has no description", err)
    assert "dao-no-deo" not in err  # described by its caption


def test_broken_files_fail_by_name_and_the_rest_are_imported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], run_cli: Callable[..., int], database: str) -> None:
    tree = make_tree(tmp_path / "in")
    status = run_cli(str(tree))
    out, err = capsys.readouterr()
    assert status == 1
    reasons = {
        "empty.md": "the file is empty",
        "binary.txt": "binary file",
        "truncated.html": "cut off",
        "cp1258.txt": "not UTF-8",
        "utf16-no-bom.html": "UTF-16 text without a byte-order mark",
    }
    for name, reason in reasons.items():
        line = next((ln for ln in err.splitlines() if f"broken/{name}:" in ln), "")
        assert line.startswith(f"reader import: error: {tree / 'broken' / name}: "), err
        assert reason in line
    # 7 portal/Markdown/dump files + 10 generic and Vietnamese news pages go in; the 5 broken ones fail.
    assert out.strip().splitlines()[-1] == "imported 17, updated 0, failed 5, warnings " + \
        out.strip().split("warnings ")[-1]
    store = open_store(database)
    titles = {store.article(slug).title for slug in store.slugs()}  # type: ignore[union-attr]
    store.close()
    assert len(titles) == 17
    assert not any("cắt" in t or "Thông báo" in t or "Tiêu đề" in t for t in titles)
    assert "\r" not in err  # no progress bar when stderr is not a terminal


def test_importing_the_same_files_again_updates_them(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     run_cli: Callable[..., int], database: str) -> None:
    tree = make_tree(tmp_path / "in", broken=False)
    assert run_cli(str(tree)) == 0
    first = capsys.readouterr().out.strip().splitlines()[-1]
    assert first.startswith("imported 17, updated 0, failed 0, warnings ")
    page = tree / "portal" / "vhv.html"
    page.write_text(page.read_text(encoding="utf-8").replace("60 mét", "65 mét"), encoding="utf-8")
    assert run_cli(str(tree)) == 0
    second = capsys.readouterr().out.strip().splitlines()[-1]
    assert second.startswith("imported 0, updated 17, failed 0, warnings ")
    store = open_store(database)
    try:
        assert store.count() == 17
        article = store.article("khanh-thanh-cau-treo-ban-na-it")
        assert article is not None and "65 mét" in article.body_html and article.version == 2
    finally:
        store.close()


def test_the_same_title_from_another_file_gets_its_own_slug(tmp_path: Path, store: Store) -> None:
    tree = make_tree(tmp_path / "in")
    copy = tree / "elsewhere" / "vhv.html"
    copy.parent.mkdir()
    shutil.copy(tree / "portal" / "vhv.html", copy)
    shutil.copytree(tree / "portal" / "files", copy.parent / "files")
    first = imported(store, tree / "portal" / "vhv.html", tmp_path / "media")
    second = imported(store, copy, tmp_path / "media")
    assert (first.slug, second.slug) == ("khanh-thanh-cau-treo-ban-na-it", "khanh-thanh-cau-treo-ban-na-it-2")


def test_translation_of_links_the_pair_whatever_the_order(tmp_path: Path, store: Store) -> None:
    tree = make_tree(tmp_path / "in")
    Importer(store, tmp_path / "media").run([tree / "markdown"])  # border-market.md sorts first
    vi, en = store.article("phien-cho-vung-cao-ngay-cuoi-tuan"), store.article("a-sunday-at-the-highland-market")
    assert vi is not None and en is not None
    assert en.lang == "en" and vi.lang == "vi"
    assert vi.translation_group is not None and vi.translation_group == en.translation_group


def test_lang_flag_overrides_detection(tmp_path: Path, store: Store) -> None:
    tree = make_tree(tmp_path / "in")
    article = imported(store, tree / "portal/generic-news.html", tmp_path / "media", lang="vi")
    assert article.lang == "vi"


def test_the_benchmark_prints_its_rate(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "import_bench.py"), "--count", "60"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "imported 60, updated 0, failed 0, warnings 0"
    assert re.fullmatch(r"60 articles in \d+\.\d\d s: \d+ articles/s \(target >= 100/s on one core\)",
                        done.stdout.splitlines()[1])
    generic = subprocess.run([sys.executable, str(REPO / "benchmarks" / "import_bench.py"), "--count", "10",
                              "--generic"], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert generic.returncode == 0, generic.stderr
    assert generic.stdout.splitlines()[0] == "imported 10, updated 0, failed 0, warnings 0"
    assert re.fullmatch(r"10 articles in \d+\.\d\d s: \d+ articles/s \(generic news pages of 1\d\d KB, "
                        r"target >= 20/s on one core\)", generic.stdout.splitlines()[1])


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "in", broken=False)
    status, bar, out = on_terminal(
        [sys.executable, "-m", "reader", "import", str(tree), "--db", str(tmp_path / "reader.sqlite3")],
        REPO, {**os.environ, "READER_DATA_DIR": str(tmp_path)})
    assert status == 0
    assert "\r" in bar and "17/17 [" in bar and "import: 100%" in bar  # reader/progress.py's bar, filled
    assert out.strip().startswith("imported 17, updated 0, failed 0, warnings ")


def test_body_cleaning_fixes_headings_and_drops_pixels(tmp_path: Path) -> None:
    photo(tmp_path / "pixel.png", (1, 1))
    body = build_body(
        '<h1>Tiêu đề</h1><h4>A</h4><p style="color:red"> x </p><p>&nbsp;</p><h6>B</h6><h3>C</h3>'
        '<p><img src="pixel.png"></p><p><img src="https://stats.example.net/c.gif"></p><h1>Main</h1><p>y</p>',
        title="Tiêu đề", base_dir=tmp_path, media_dir=tmp_path / "media")
    assert re.findall(r'<h(\d) id="([^"]+)"', body.html) == [("2", "a"), ("3", "b"), ("2", "c"), ("2", "main-2")]
    assert "<img" not in body.html and "<figure" not in body.html and body.images == []
    assert "<p></p>" not in body.html and "style" not in body.html


def test_images_come_only_from_the_imported_folder(tmp_path: Path) -> None:
    photo(tmp_path / "private.jpg", (600, 400))
    folder = tmp_path / "import"
    folder.mkdir()
    body = build_body(f'<p><img src="../private.jpg" alt="x"></p><p><img src="{tmp_path}/private.jpg" alt="y"></p>'
                      "<p>Một đoạn văn có hình <img src=\"../private.jpg\" alt=\"z\"> ở giữa câu, dài đủ để "
                      "không phải là chú thích của ảnh, và phải ở lại trong bài.</p>",
                      title="T", base_dir=folder, media_dir=tmp_path / "media")
    assert body.images == [] and not (tmp_path / "media").exists()
    assert "phải ở lại trong bài" in body.html and "<p>Một đoạn văn có hình" in body.html


# -- the small pieces ----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("17/01/2024", datetime(2024, 1, 17, tzinfo=VIETNAM)),
    ("Thứ tư - 17/01/2024 15:30", datetime(2024, 1, 17, 15, 30, tzinfo=VIETNAM)),
    ("Thứ sáu, 08/03/2024 - 09:45", datetime(2024, 3, 8, 9, 45, tzinfo=VIETNAM)),
    ("Cập nhật 08:15 ngày 18/01/2024", datetime(2024, 1, 18, 8, 15, tzinfo=VIETNAM)),
    ("ngày 5 tháng 12 năm 2023", datetime(2023, 12, 5, tzinfo=VIETNAM)),
    ("2024-04-22T07:10:00+07:00", datetime(2024, 4, 22, 7, 10, tzinfo=VIETNAM)),
    ("32/01/2024", None),
    ("không có ngày", None),
])
def test_portal_dates_are_vietnam_time(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected
    if expected is not None:
        assert parse_date(text).utcoffset().total_seconds() == 7 * 3600  # type: ignore[union-attr]


def test_slugs_are_ascii_without_tones() -> None:
    assert slugify("Chung dãy Hoàng Liên - Chung niềm khát vọng") == "chung-day-hoang-lien-chung-niem-khat-vong"
    assert slugify("Đường lên Điện Biên: đẹp!") == "duong-len-dien-bien-dep"
    assert slugify("Thuỷ điện Bản Chát") == "thuy-dien-ban-chat"
    assert slugify("???") == "article"
    assert len(slugify("dài " * 60)) <= 80
    assert unique_slug("a", {"a", "a-2"}.__contains__) == "a-3"


@pytest.mark.parametrize(("text", "lang"), [
    ("Hội nghị đánh giá kết quả hợp tác năm 2023 giữa thị xã Sa Pa và huyện Tân Uyên.", "vi"),
    ("The conference in Sa Pa reviewed cooperation with Tân Uyên and Tam Đường districts.", "en"),
    ("Hoi nghi danh gia ket qua hop tac cua cac huyen va thi xa", "vi"),
])
def test_language_is_detected(text: str, lang: str) -> None:
    assert detect_language(text) == lang
