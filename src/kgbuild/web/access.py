"""What every request gets, whatever answers it: a start time, CORS headers and one access-log line.

The line is ``METHOD PATH STATUS TIMEms q=HASH``: the hash is a sha256 prefix of the query or update text a
handler noted with ``note_query`` (``-`` for none), so a slow or failing query can be found without logging
its text. It is written when the response is closed, so the time covers streaming the body.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Iterator

from flask import Flask, Response, g, request

log = logging.getLogger(__name__)

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-KGBuild-Truncated, X-KGBuild-Max-Rows, X-KGBuild-Version, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
    "Access-Control-Max-Age": "86400",
}


def init_app(app: Flask) -> None:
    """Start the clock before each request; add CORS headers and the log line to each response."""
    app.before_request(_start_clock)
    app.after_request(_finish)


def started() -> float:
    """When the current request started (``time.monotonic()``): time limits count from here."""
    start: float = g.get("kgbuild_started", time.monotonic())
    return start


def note_query(text: str) -> None:
    """Name the query or update text the current request runs, for the log line."""
    g.kgbuild_query = text


def query_hash(text: str) -> str:
    """The 12-hex-digit sha256 prefix that names a query or update text in the logs."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _start_clock() -> None:
    g.kgbuild_started = time.monotonic()


def _finish(response: Response) -> Response:
    for name, value in CORS_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.method == "OPTIONS":
        for name, value in PREFLIGHT_HEADERS.items():
            response.headers.setdefault(name, value)
    start = started()
    text = g.get("kgbuild_query")
    digest = query_hash(text) if text else "-"
    method, path, status = request.method, request.path, response.status_code

    def line() -> None:
        log.info("%s %s %d %.1fms q=%s", method, path, status, (time.monotonic() - start) * 1000, digest)

    response.call_on_close(line)
    if response.direct_passthrough:
        response.response = _ClosesResponse(response)
    return response


class _ClosesResponse:
    """The body of a pass-through response (a file, a streamed answer), closing the response with it.

    werkzeug hands such a body to the server as it is, so the server's close reaches the body alone and the
    response's close hooks (its log line, its /metrics count, the worker given back) would never run.
    """

    def __init__(self, response: Response) -> None:
        self._response = response
        self._body: Iterable[bytes] = response.response  # type: ignore[assignment]

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        self._response.response = self._body  # type: ignore[assignment]
        self._response.close()  # closes the body, then runs the hooks
