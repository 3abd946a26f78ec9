"""Fake news sites on loopback, written by the team, for ``reader sync`` tests and
the sync benchmark: a real HTTP server (http.server, HTTP/1.1 keep-alive) in a
thread or in its own process.

- ``Portal``: a NukeViet-style district portal: ``/robots.txt``, an RSS 2.0
  feed at ``/index.php?nv=news&op=rss``, article pages ``/news/<slug>-<id>.html``
  in NukeViet's markup (toolbar, ``.hometext``, ``#news-bodyhtml``, ``Tác giả:``,
  rating, related news), and JPEG photos under ``/uploads/news/``.  Pages and
  the feed answer conditional GETs (ETag and Last-Modified) with 304.
- ``NewsSite``: a generic English news site: a sitemap index naming a sitemap
  and a Google news sitemap, pages with ``<article>`` and Open Graph metadata.
- Misbehaving sources under ``/broken/``: a feed that never answers in time,
  one that answers 500, a redirect loop, 50 MB with and without a length, a
  feed that is not XML, a billion-laughs sitemap; pages and images that
  redirect to another loopback address (127.0.0.2).

Every request is logged as (method, path, status) so tests can count them.
"""

from __future__ import annotations

import hashlib
import io
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image as PILImage

WORDS = ("hội nghị hợp tác phát triển du lịch nông nghiệp rừng huyện xã bản đồng bào thổ cẩm chè "
         "đường giao thông học sinh trường lớp mùa vụ lúa nước suối cầu treo chợ phiên văn hóa lễ hội "
         "người dân cán bộ kinh tế xã hội an ninh quốc phòng giáo dục y tế").split()
AUTHORS = ("Nguyễn Văn An", "Trần Thị Bình", "Lò Văn Chung", "Hoàng Thu Trang", "Giàng A Dình",
           "Vàng Thị Mai", "Phạm Quốc Huy")
EN_WORDS = ("market town river bridge school teachers farmers harvest tea rice festival road village "
            "visitors province district health clinic weather mountain forest water").split()


def photo(seed: int, size: tuple[int, int] = (640, 400)) -> bytes:
    """A small JPEG that differs by ``seed`` (so each article has its own photo)."""
    picture = PILImage.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    for x in range(0, size[0], 40):
        for y in range(0, size[1], 40):
            if (x // 40 + y // 40 + seed) % 3 == 0:
                picture.paste(((seed * 13 + x) % 256, (y * 3) % 256, 90), (x, y, x + 20, y + 20))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=70)
    return out.getvalue()


def author_of(number: int) -> str:
    return AUTHORS[number % len(AUTHORS)]


def sentence(seed: int, count: int, words: tuple[str, ...] | list[str] = WORDS) -> str:
    chosen = [words[(seed * 7 + i * 13 + i * i) % len(words)] for i in range(count)]
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


@dataclass
class Article:
    id: int
    slug: str
    title: str
    lead: str
    paragraphs: list[str]
    day: int
    image: str | None = None  # file name under /uploads/news/
    caption: str = ""
    status: int = 200  # 404 or 410 once the portal withdraws it
    edits: int = 0

    @property
    def path(self) -> str:
        return f"/news/{self.slug}-{self.id}.html"


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """A site: routes on top of a threaded HTTP/1.1 server on 127.0.0.1."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.log: list[tuple[str, str, int]] = []
        self.times: list[float] = []  # when each request arrived (time.monotonic)
        self.lock = threading.Lock()
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.images: dict[str, bytes] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes: without this, Nagle's
                # algorithm holds the body for the client's delayed ACK (40 ms).
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                site.handle(self)

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.host = host
        self.port = self.server.server_address[1]
        self.extra: list[ThreadingHTTPServer] = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def also_on(self, host: str) -> None:
        """Serve the same routes on another loopback address, same port when free."""
        other = ThreadingHTTPServer((host, self.port), self.server.RequestHandlerClass)
        other.daemon_threads = True
        self.extra.append(other)
        threading.Thread(target=other.serve_forever, daemon=True).start()

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        for server in [self.server, *self.extra]:
            if server is not self.server or self.thread.is_alive():
                server.shutdown()
            server.server_close()

    def requests(self, prefix: str = "") -> list[tuple[str, str, int]]:
        with self.lock:
            return [entry for entry in self.log if entry[1].startswith(prefix)]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    # -- serving --------------------------------------------------------------------------
    def handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        with self.lock:
            self.times.append(time.monotonic())
        special = self.misbehave(request, path)
        if special:
            return
        response = self.route(path)
        body = response.body
        headers = dict(response.headers)
        if response.status == 200 and "ETag" not in headers:
            headers["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        etag = headers.get("ETag")
        if response.status == 200 and etag and request.headers.get("If-None-Match") == etag:
            response, body = Response(304), b""
        elif (response.status == 200 and "Last-Modified" in headers
              and request.headers.get("If-Modified-Since") == headers["Last-Modified"]
              and not request.headers.get("If-None-Match")):
            response, body = Response(304), b""
        with self.lock:
            self.log.append(("GET", path, response.status))
        request.send_response(response.status)
        if response.status != 304:
            request.send_header("Content-Type", response.content_type)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        try:
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self, path: str) -> Response:
        if path == "/robots.txt":
            return Response(200, self.robots.encode(), "text/plain; charset=utf-8")
        if path.startswith("/uploads/") and path in self.images:
            return Response(200, self.images[path], "image/jpeg")
        return Response(404, b"<html><body><h1>404</h1></body></html>")

    def misbehave(self, request: BaseHTTPRequestHandler, path: str) -> bool:
        """The /broken/ routes; True when one answered."""
        def log(status: int) -> None:
            with self.lock:
                self.log.append(("GET", path, status))

        def redirect(to: str) -> None:
            log(302)
            request.send_response(302)
            request.send_header("Location", to)
            request.send_header("Content-Length", "0")
            request.end_headers()

        if path == "/broken/slow.rss":
            log(200)
            time.sleep(4)  # longer than the tests' READER_FETCH_TIMEOUT
            request.close_connection = True
            return True
        if path == "/broken/drip.rss":  # a byte at a time, each in time for the read timeout
            log(200)
            request.send_response(200)
            request.send_header("Content-Length", "1000")
            request.end_headers()
            try:
                for _ in range(1000):
                    request.wfile.write(b" ")
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return True
        if path == "/broken/error.rss":
            log(500)
            body = b"<h1>Internal Server Error</h1>"
            request.send_response(500)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
            return True
        if path.startswith("/broken/loop"):
            number = int(path.rsplit("-", 1)[1]) if "-" in path else 0
            redirect(f"/broken/loop-{number + 1}")
            return True
        if path in ("/broken/huge.rss", "/broken/huge-unsized.rss"):
            log(200)
            request.send_response(200)
            request.send_header("Content-Type", "application/rss+xml")
            sized = path == "/broken/huge.rss"
            if sized:
                request.send_header("Content-Length", str(50 * 1024 * 1024))
            else:
                request.send_header("Connection", "close")
                request.close_connection = True
            request.end_headers()
            chunk = b"<!-- padding -->" * 4096
            try:
                request.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
                for _ in range(50 * 1024 * 1024 // len(chunk)):
                    request.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return True
        if path.startswith("/broken/to-private/"):
            rest = path.removeprefix("/broken/to-private")
            redirect(f"http://127.0.0.2:{self.port}{rest}")
            return True
        return False


NUKEVIET_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta property="og:title" content="{title}">
<title>{title} - Cổng thông tin điện tử huyện</title>
<link rel="canonical" href="{canonical}">
</head>
<body>
<div id="header"><div class="logo"><h1>UBND HUYỆN TÂN UYÊN</h1></div>
<div class="font-size-tools">A- A A+ <span>Tăng tương phản</span> <span>Giảm tương phản</span></div></div>
<div class="news-detail">
  <h1 class="title">{title}</h1>
  <span class="h5">Thứ tư - {day:02d}/01/2024 15:30</span>
  <div class="hometext">{lead}</div>
  <div id="news-bodyhtml" class="bodytext">
{body}
    <div class="rating">Tổng số điểm của bài viết là: 0 trong 0 đánh giá</div>
  </div>
  <p class="text-right"><strong>Tác giả: </strong>{author}</p>
  <div class="news-related"><h3>Tin liên quan</h3>
    <ul><li><a href="/news/tin-khac-1.html">Tin khác</a></li></ul></div>
</div>
<div id="footer">Thống kê truy cập: {visits}</div>
</body></html>
"""


class Portal(Site):
    """The NukeViet-style portal."""

    FEED = "/index.php?nv=news&op=rss"

    def __init__(self, count: int = 5, *, distinct_photos: int | None = None, host: str = "127.0.0.1") -> None:
        super().__init__(host)
        self.articles: dict[int, Article] = {}
        self.visits = 1000
        self.feed_size = count
        photos = distinct_photos or count
        for number in range(1, count + 1):
            name = f"/uploads/news/2024_01/anh-{(number - 1) % photos + 1}.jpg"
            if name not in self.images:
                self.images[name] = photo((number - 1) % photos + 1)
            self.add(number, image=name)
        self.build_date = "Wed, 17 Jan 2024 08:00:00 GMT"

    def add(self, number: int, *, image: str | None = None) -> Article:
        title = f"Tin số {number}: {sentence(number, 6)}".rstrip(".")
        article = Article(
            id=number, slug=f"tin-so-{number}", title=title, lead=sentence(number + 1000, 18),
            paragraphs=[sentence(number * 10 + k, 30) for k in range(4)], day=1 + number % 28, image=image,
            caption=f"Ảnh: Quang cảnh buổi lễ số {number}")
        with self.lock:
            self.articles[number] = article
        return article

    def edit(self, number: int, text: str) -> None:
        with self.lock:
            article = self.articles[number]
            article.paragraphs[0] = text
            article.edits += 1
        self.touch_feed()

    def withdraw(self, number: int, status: int = 410) -> None:
        """As NukeViet does: the page answers 410/404 and leaves the feed."""
        with self.lock:
            self.articles[number].status = status
        self.touch_feed()

    def touch_feed(self) -> None:
        with self.lock:
            self.build_date = formatdate(time.time(), usegmt=True)

    def page(self, article: Article) -> bytes:
        body = [f"    <p>{article.paragraphs[0]}</p>"]
        if article.image:
            body.append(f'    <p style="text-align:center"><img src="{article.image}" alt=""></p>')
            body.append(f"    <p><em>{article.caption}</em></p>")
        body += [f"    <p>{p}</p>" for p in article.paragraphs[1:]]
        self.visits += 1  # the bytes change on every request, as real portals' counters do
        return NUKEVIET_PAGE.format(title=article.title, day=article.day, lead=article.lead, body="\n".join(body),
                                    author=author_of(article.id), visits=self.visits,
                                    canonical=f"{self.url}{article.path}").encode("utf-8")

    def feed(self) -> bytes:
        with self.lock:
            listed = [a for a in sorted(self.articles.values(), key=lambda a: -a.id) if a.status == 200]
            build_date = self.build_date
        items = "".join(
            f"<item><title>{a.title}</title><link>{self.url}{a.path}</link>"
            f"<guid isPermaLink=\"false\">news_{a.id}</guid><description><![CDATA[{a.lead}]]></description>"
            f"<pubDate>Wed, {a.day:02d} Jan 2024 08:30:00 +0700</pubDate></item>"
            for a in listed[: self.feed_size])
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Tin tức - UBND huyện</title><link>{self.url}/</link>"
                f"<description>Tin tức</description><language>vi</language>"
                f"<lastBuildDate>{build_date}</lastBuildDate>{items}</channel></rss>").encode()

    def route(self, path: str) -> Response:
        if path == self.FEED:
            with self.lock:
                modified = self.build_date
            return Response(200, self.feed(), "application/rss+xml; charset=utf-8",
                            {"Last-Modified": modified})
        if path.startswith("/news/") or path.startswith("/private/"):
            match = re.fullmatch(r"/(?:news|private)/[a-z0-9-]+-(\d+)\.html", path)
            found = self.articles.get(int(match.group(1))) if match else None
            if found is not None:
                if found.status != 200:
                    return Response(found.status, b"<html><body><h1>Gone</h1></body></html>")
                # the page's bytes change each time (the visit counter): only an
                # ETag of the article itself makes a conditional GET possible
                tag = hashlib.sha256(repr((found.title, found.paragraphs, found.edits)).encode()).hexdigest()[:16]
                return Response(200, self.page(found), headers={"ETag": f'"{tag}"'})
        return super().route(path)


GENERIC_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>{title} | Highland Daily</title>
<meta property="og:title" content="{title}">
<meta name="author" content="Sarah Nguyen">
<meta property="article:published_time" content="2024-03-{day:02d}T18:00:00+07:00">
</head>
<body>
<div class="top"><div class="brand">Highland Daily</div><div class="menu"><a href="/">Home</a></div></div>
<article>
<h1>{title}</h1>
<p class="lead">{lead}</p>
{body}
<div class="social-share">Share on Facebook | Share on X</div>
</article>
<div class="related"><h3>Related stories</h3><ul><li><a href="/a">Tea festival returns</a></li></ul></div>
</body></html>
"""


class NewsSite(Site):
    """A generic English news site followed through its sitemap index."""

    def __init__(self, count: int = 4) -> None:
        super().__init__()
        self.count = count
        self.status: dict[int, int] = {}
        self.robots = "User-agent: *\nAllow: /\n\nUser-agent: Reader\nDisallow: /drafts/\n"
        for number in range(1, count + 1):
            self.images[f"/uploads/story-{number}.jpg"] = photo(500 + number, (800, 500))

    def story(self, number: int) -> bytes:
        paragraphs = "\n".join(f"<p>{sentence(number * 5 + k, 25, EN_WORDS)}</p>" for k in range(3))
        figure = (f'<figure><img src="/uploads/story-{number}.jpg" alt="Stalls lit by lanterns, number {number}">'
                  f"<figcaption>The market on its opening night ({number})</figcaption></figure>")
        # Story 2 is served in Windows-1252 and says so only in its <meta>.
        charset = "windows-1252" if number == 2 else "utf-8"
        title = f"Night market story {number} opens in Lai Chau town" + (" – café" if number == 2 else "")
        page = GENERIC_PAGE.format(charset=charset, title=title, lead=sentence(number + 77, 15, EN_WORDS),
                                   body=paragraphs + figure, day=number)
        return page.encode(charset)

    def pages_lastmod(self) -> str:
        """Moves when a page of /sitemap-pages.xml changes, as the protocol asks."""
        return f"2024-03-{1 + sum(1 for n in self.status if n % 2 == 0):02d}"

    def route(self, path: str) -> Response:
        base = self.url
        if path == "/sitemap_index.xml":
            body = (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>"
                    f"<sitemap><loc>{base}/sitemap-pages.xml</loc><lastmod>{self.pages_lastmod()}</lastmod></sitemap>"
                    f"</sitemapindex>")
            return Response(200, body.encode(), "application/xml")
        if path == "/sitemap-news.xml":
            urls = "".join(
                f"<url><loc>{base}/stories/{n}</loc><news:news><news:publication>"
                f"<news:name>Highland Daily</news:name><news:language>en</news:language></news:publication>"
                f"<news:publication_date>2024-03-{n:02d}T18:00:00+07:00</news:publication_date>"
                f"<news:title>Story {n}</news:title></news:news></url>"
                for n in range(1, self.count + 1) if self.status.get(n, 200) == 200 and n % 2 == 1)
            body = (f'<?xml version="1.0" encoding="UTF-8"?>'
                    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                    f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
            return Response(200, body.encode(), "application/xml")
        if path == "/sitemap-pages.xml":
            urls = "".join(f"<url><loc>{base}/stories/{n}</loc><lastmod>2024-03-{n:02d}</lastmod></url>"
                           for n in range(1, self.count + 1) if self.status.get(n, 200) == 200 and n % 2 == 0)
            urls += f"<url><loc>{base}/drafts/unfinished</loc></url>"
            body = (f'<?xml version="1.0" encoding="UTF-8"?>'
                    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
            return Response(200, body.encode(), "application/xml")
        if path.startswith("/stories/"):
            number = int(path.rsplit("/", 1)[1]) if path.rsplit("/", 1)[1].isdigit() else 0
            if 1 <= number <= self.count:
                if self.status.get(number, 200) != 200:
                    return Response(self.status[number])
                # Story 2's header names no charset: its <meta> must be honoured.
                kind = "text/html" if number == 2 else "text/html; charset=utf-8"
                return Response(200, self.story(number), kind)
        if path == "/broken/bomb.xml":
            lol = '<!ENTITY lol0 "lol">' + "".join(
                f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
            body = (f'<?xml version="1.0"?><!DOCTYPE urlset [{lol}]>'
                    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/&lol9;</loc>'
                    f"</url></urlset>")
            return Response(200, body.encode(), "application/xml")
        if path == "/broken/not-xml.rss":
            return Response(200, b"<html><body><h1>Trang tin</h1><p>Xin chao {{ feed }}</p></body></html",
                            "application/rss+xml")
        return super().route(path)


def serve_forever(count: int, photos: int, ready: object) -> None:  # pragma: no cover - a child process
    """Run a Portal until killed (the benchmark and the kill test run it in its own process)."""
    portal = Portal(count, distinct_photos=photos).start()
    ready.put(portal.port)  # type: ignore[attr-defined]
    while True:
        time.sleep(3600)
