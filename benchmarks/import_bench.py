"""How fast `reader import` brings articles in: 1,000 generated articles,
half Markdown with front matter, half portal pages (NukeViet-style chrome
around the article), imported into a fresh database through the same Importer
the command uses, one transaction per article.

    .venv/bin/python benchmarks/import_bench.py [--count 1000] [--images 0] [--generic]

``--generic`` imports news pages that no portal hint names instead, the size
and shape of a real newspaper's article page (about 130 KB: scripts, a menu of
a hundred links, the article with a byline and JSON-LD, a column of teaser
cards, a footer), so the block is chosen by scoring; the target there is
>= 20 articles/s.

Every tenth article carries a photo by default (``--images`` sets how many
distinct photos are shared among them: the first import of a photo makes its
resized variants, later ones find them by content hash, as a real site's
repeated logos and banners do).  Prints the rate in articles per second; the
target is >= 100 articles/s on one core.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image as PILImage  # noqa: E402

from reader.ingest.run import Importer  # noqa: E402
from reader.store import open_store  # noqa: E402

WORDS = ("hội nghị hợp tác phát triển du lịch nông nghiệp rừng huyện xã bản đồng bào thổ cẩm chè "
         "đường giao thông học sinh trường lớp mùa vụ lúa nước suối cầu treo chợ phiên văn hóa lễ hội "
         "người dân cán bộ kinh tế xã hội an ninh quốc phòng giáo dục y tế").split()

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>
<div id="header"><h1>Cổng thông tin điện tử</h1><div class="toolbar">A- A A+ | Tăng tương phản</div></div>
<div class="news-detail"><h1>{title}</h1><span class="small">Thứ tư - {day:02d}/01/2024 15:30</span>
<div class="hometext">{lead}</div>
<div id="news-bodyhtml" class="bodytext">{body}</div>
<p class="text-right"><strong>Tác giả: </strong>Nguyễn Văn {n}</p>
<div class="news-related"><h3>Tin liên quan</h3><ul><li><a href="/a">Tin khác</a></li></ul></div>
</div><div id="footer">Thống kê truy cập: 12345</div></body></html>
"""
MARKDOWN = """---
title: "{title}"
author: Trần Thị {n}
date: {day:02d}/02/2024 08:00
summary: {lead}
---

{body}
"""


NEWS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Example</title><meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Daily Example"><meta name="description" content="{lead}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}",
"datePublished":"2024-03-{day:02d}T08:00:00+00:00","author":{{"@type":"Person","name":"{author}"}}}}</script>
<script>{script}</script><style>{style}</style></head><body>
<header class="site-header"><a class="logo" href="/">The Daily Example</a><nav class="menu">{menu}</nav></header>
<div class="layout"><main class="main-column"><div class="story">
<h1 class="story-headline">{title}</h1><p class="story-standfirst">{lead}</p>
<div class="story-byline">By {author} | March {day}, 2024</div>
<div class="story-text">{body}</div>
<div class="share-tools"><a href="#">Share</a> <a href="#">Email</a></div></div>
<section class="more-stories"><h2>More stories</h2>{cards}</section></main>
<aside class="rail"><h2>Most read</h2><ol>{most_read}</ol></aside></div>
<footer class="site-footer">{footer}</footer></body></html>
"""


def news_page(rng: random.Random, n: int) -> str:
    """A generic news page of a real newspaper's size and shape."""
    links = lambda k, w: "".join(f'<a href="/s/{rng.randrange(10**6)}">{sentence(rng, w)[:-1]}</a> '  # noqa: E731
                                 for _ in range(k))
    cards = "".join(f'<article class="card"><h3><a href="/a/{i}">{sentence(rng, 9)[:-1]}</a></h3>'
                    f"<p>{sentence(rng, 20)}</p></article>" for i in range(40))
    paragraphs = [sentence(rng, rng.randint(30, 80)) for _ in range(rng.randint(8, 16))]
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:4]) + f"<h2>{sentence(rng, 5)[:-1]}</h2>" + \
        "".join(f"<p>{p}</p>" for p in paragraphs[4:])
    return NEWS_PAGE.format(
        title=f"{sentence(rng, 8)[:-1]} {n}", lead=sentence(rng, 25), day=n % 28 + 1, body=body,
        author=rng.choice(("Alex Morgan", "Lê Minh Anh", "Sam Carter", "Trần Thu Hà")),
        script="var config = " + repr([sentence(rng, 12) for _ in range(900)]) + ";",
        style=".x{color:red}" * 3000, menu=links(100, 2), cards=cards,
        most_read="".join(f"<li>{links(1, 8)}</li>" for _ in range(10)), footer=links(80, 3))


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(folder: Path, count: int, photos: int, generic: bool = False) -> None:
    rng = random.Random(5)
    if generic:
        for n in range(count):
            (folder / f"news-{n:04d}.html").write_text(news_page(rng, n), encoding="utf-8")
        return
    for index in range(photos):
        picture = PILImage.linear_gradient("L").resize((1200, 800)).convert("RGB")
        picture.putpixel((index, index), (255, 0, 0))  # a different file, a different hash
        picture.save(folder / f"photo-{index}.jpg", quality=85)
    for n in range(count):
        title = f"{sentence(rng, 8)[:-1]} {n}"
        paragraphs = [sentence(rng, rng.randint(30, 80)) for _ in range(rng.randint(5, 12))]
        lead = sentence(rng, 25)
        day = n % 28 + 1
        with_photo = photos and n % 10 == 0
        if n % 2:
            body = "\n".join(f'<p style="font-size:14pt">{p}</p>' for p in paragraphs)
            if with_photo:
                body += (f'<p><img src="photo-{n % photos}.jpg"></p>'
                         f"<p><em>Ảnh: {sentence(rng, 10)}</em></p>")
            (folder / f"page-{n:04d}.html").write_text(
                PAGE.format(title=title, lead=lead, body=body, day=day, n=n), encoding="utf-8")
        else:
            body = "\n\n".join(paragraphs[:3] + ["## " + sentence(rng, 5)[:-1]] + paragraphs[3:])
            if with_photo:
                body += f'\n\n![{sentence(rng, 8)}](photo-{n % photos}.jpg "{sentence(rng, 6)}")\n'
            (folder / f"article-{n:04d}.md").write_text(
                MARKDOWN.format(title=title, lead=lead, body=body, day=day, n=n), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--images", type=int, default=5, help="distinct photos shared by every 10th article")
    parser.add_argument("--generic", action="store_true",
                        help="generic news pages (~130 KB, no portal hint) instead of portal pages and Markdown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "in"
        source.mkdir()
        generate(source, args.count, args.images, generic=args.generic)
        size = sum(f.stat().st_size for f in source.iterdir()) / args.count
        store = open_store(root / "reader.sqlite3")
        started = time.perf_counter()
        report = Importer(store, root / "media").run([source])
        elapsed = time.perf_counter() - started
        store.close()
    print(report.summary())
    rate = report.count("imported") / elapsed
    target = 20 if args.generic else 100
    kind = f"generic news pages of {size / 1024:.0f} KB, " if args.generic else ""
    print(f"{report.count('imported')} articles in {elapsed:.2f} s: {rate:.0f} articles/s "
          f"({kind}target >= {target}/s on one core)")
    return 0 if report.count("failed") == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
