"""What every response carries for the browser's safety, whatever answers it: one place, a WSGI wrapper.

Pages, SPARQL results, errors, dumps, static files and the framework's own redirects all pass through
``_SafeOutput``, around the whole app, so no handler, hook or error path can leave the headers out:

- ``Content-Security-Policy``: scripts only from this site (no inline script, no ``javascript:`` URL, no eval),
  everything else from this site too (inline styles allowed, for YASGUI), nothing embedded, no ``<base>``, no
  framing; see ``CSP`` for each directive and why.
- ``X-Content-Type-Options: nosniff``: a payload served as JSON or text is never run as a script or page.
- ``Referrer-Policy: no-referrer``: a page's address (a shared query in ``?query=``) is not sent to the sites
  its links lead to; nothing on this site needs the header.

It also keeps the ``Host`` header out of the framework's own redirects (``/dumps`` -> ``/dumps/``): werkzeug
builds them as absolute URLs from it; here they name the path alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, redirect, request
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response as BaseResponse

CSP = "; ".join(
    [
        "default-src 'self'",  # fonts, stylesheets, images and fetches (/sparql, /prefixes.json): this site only
        "script-src 'self'",  # no inline script, no event-handler attribute, no javascript: URL, no eval
        # YASGUI's results table (DataTables and its column resizer) adds a <style> element and style attributes;
        # without 'unsafe-inline' here the table is laid out wrong (a blank band above the rows, seen in
        # Chromium). Styles cannot run script. YASGUI needs no 'unsafe-eval'.
        "style-src 'self' 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_NAMES = {name.lower() for name in HEADERS}

StartResponse = Callable[..., Any]


def init_app(app: Flask) -> None:
    """Wrap ``app``'s WSGI callable so that every response gets ``HEADERS``; keep Host out of redirects."""
    app.wsgi_app = _SafeOutput(app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(_redirect_within_site)


class _SafeOutput:
    """WSGI middleware: sets ``HEADERS`` on every response, replacing any a handler set."""

    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(name, value) for name, value in headers if name.lower() not in _NAMES]
            kept.extend(HEADERS.items())
            if exc_info is None:
                return start_response(status, kept)
            return start_response(status, kept, exc_info)

        return self.app(environ, start)


def _redirect_within_site() -> BaseResponse | None:
    """Werkzeug's routing redirects (``/dumps`` -> ``/dumps/``, ``/id//x`` -> ``/id/x``) carry an absolute URL
    built from the ``Host`` header, in ``Location`` and in the body: answer them with the path alone."""
    redirect_to = request.routing_exception
    if not isinstance(redirect_to, RequestRedirect):
        return None
    target = urlsplit(redirect_to.new_url)
    path = "/" + target.path.lstrip("/\\")  # one leading slash: two would name another host
    return redirect(path + ("?" + target.query if target.query else ""), code=redirect_to.code)
