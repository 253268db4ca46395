"""The preview's web application (Starlette): the page, its events, its own assets.

What it serves, all GET (or HEAD):

- `/` (and `/?doc=term-sheet`): the preview page, rendered on the server, so it works
  without JavaScript;
- `/events`: server-sent events, one `render` event carrying the render's token on
  connecting and on every new render (and a comment every 15 s to keep it open);
- `/source?file=F`: an input file the current render read (the deal, its standards, a
  clause file) with numbered lines, which a finding's `file:line` links to; any other
  name is a 404;
- `/assets/NAME`: the page's stylesheets and script, from a fixed table.

Nothing writes, and no request names a path on disk that is opened as given. Requests
whose Host is not 127.0.0.1 or localhost are refused (400), so a web page elsewhere
cannot read the preview through DNS rebinding, and every response forbids framing and
scripts from anywhere but the preview itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from dealdocs.preview.page import page, source_page
from dealdocs.preview.watch import Live
from dealdocs.resources import templates_dir

LOCAL_HOSTS = ["127.0.0.1", "localhost"]
KEEPALIVE_SECONDS = 15.0

# name under /assets/ -> (file under templates/, media type)
ASSETS = {
    "document.css": ("document.css", "text/css"),
    "preview.css": ("preview/preview.css", "text/css"),
    "preview.js": ("preview/preview.js", "text/javascript"),
}

HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
}


def create_app(live: Live) -> Starlette:
    async def index(request: Request) -> Response:
        return HTMLResponse(page(live.snapshot, request.query_params.get("doc")), headers=HEADERS)

    async def events(request: Request) -> Response:
        return StreamingResponse(_events(live), media_type="text/event-stream",
                                 headers={**HEADERS, "X-Accel-Buffering": "no"})

    async def source(request: Request) -> Response:
        html = source_page(live.snapshot, request.query_params.get("file", ""))
        if html is None:
            return PlainTextResponse("Not found: the preview shows only the files the deal reads.", 404,
                                     headers=HEADERS)
        return HTMLResponse(html, headers=HEADERS)

    async def asset(request: Request) -> Response:
        entry = ASSETS.get(request.path_params["name"])
        if entry is None:
            return PlainTextResponse("Not found.", 404, headers=HEADERS)
        file, media_type = entry
        return Response((templates_dir() / file).read_bytes(), media_type=media_type, headers=HEADERS)

    routes = [
        Route("/", index, methods=["GET", "HEAD"]),
        Route("/events", events, methods=["GET"]),
        Route("/source", source, methods=["GET", "HEAD"]),
        Route("/assets/{name}", asset, methods=["GET", "HEAD"]),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS, www_redirect=False)]
    return Starlette(routes=routes, middleware=middleware)


async def _events(live: Live) -> AsyncIterator[str]:
    sent = ""
    yield "retry: 1000\n\n"
    while not live.stopping.is_set():
        token = live.snapshot.token
        if token != sent:
            sent = token
            yield f"event: render\ndata: {token}\n\n"
            continue
        await live.wait(KEEPALIVE_SECONDS)
        if live.snapshot.token == sent and not live.stopping.is_set():
            yield ": still here\n\n"
