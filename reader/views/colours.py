"""``/static/colours/<code>.css``: the stylesheet of one reader's own colours.

Its URL names its content (18 hex digits, reader/colours.py), so it is
cached for a year like the hashed static files beside it, and shared by
every reader who chose the same colours.  Only pages of readers who chose
colours link it.  Anything but a valid code is a 404.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..colours import Colours

IMMUTABLE = "public, max-age=31536000, immutable"


async def colour_stylesheet(request: Request) -> Response:
    colours = Colours.from_code(str(request.path_params.get("code", "")))
    if colours is None:
        raise HTTPException(404)
    return Response(colours.stylesheet(), media_type="text/css",
                    headers={"Cache-Control": IMMUTABLE})
