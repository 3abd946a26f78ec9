"""Last touches to an article's (already sanitised) body HTML at render time.

Images load lazily, decode off the main thread and offer their resized copies
(``srcset``/``sizes``), so a phone fetches the 480-pixel copy; in text-only mode
(chosen, or asked for by the browser's Save-Data) the <img> elements are
removed from the HTML itself, so not a byte of them is fetched, and their
captions stay.  The JPEG copies are offered, not the WebP ones: WebP copies
exist only below the original's width, and a <source> offering only those
would make wide screens pick a too-small picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

from .ingest.images import variants
from .models import Image

_IMG = re.compile(r"<img\b([^>]*)>")
_SRC = re.compile(r'\ssrc="/media/([^"]+)"')
# The article column is at most 40rem wide (the medium line length).
SIZES = "(min-width: 44rem) 40rem, 100vw"


def prepare(body_html: str, *, text_only: bool, images: Iterable[Image] = ()) -> Markup:
    if text_only:
        return Markup(_IMG.sub("", body_html))
    by_file = {image.file: image for image in images}

    def enhance(match: re.Match[str]) -> str:
        attrs = match.group(1)
        extra = ' loading="lazy" decoding="async"'
        src = _SRC.search(attrs)
        image = by_file.get(src.group(1)) if src else None
        if image is not None:
            copies = [v for v in variants(image) if v.mime == "image/jpeg"]
            if copies:
                candidates = [f"/media/{v.file} {v.width}w" for v in copies]
                candidates.append(f"/media/{image.file} {image.width}w")
                extra += f' srcset="{", ".join(candidates)}" sizes="{SIZES}"'
        return f"<img{extra}{attrs}>"

    return Markup(_IMG.sub(enhance, body_html))


def has_images(body_html: str) -> bool:
    return _IMG.search(body_html) is not None
