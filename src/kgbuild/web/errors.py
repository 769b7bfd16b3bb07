"""The one place where an exception becomes an HTTP response.

Every error has the same three parts wherever it comes from (the endpoint, the pages, the API): a status, a
short title and a message that names the input and the fix. Machines get them as plain text, or as JSON when
they ask for JSON; browsers (Accept text/html) get a small HTML page. Never a stack trace; a 5xx is logged,
with its traceback when it is a fault of kgbuild itself.
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from kgbuild.errors import KgbuildError
from kgbuild.web import negotiation

log = logging.getLogger(__name__)

_HEADERS = {401: {"WWW-Authenticate": 'Bearer realm="kgbuild"'}}

# Friendlier words for the errors werkzeug raises itself (routing, body size).
_HTTP_MESSAGES = {
    404: "no such page: {path}; the SPARQL endpoint is /sparql, the query page is /",
    405: "{method} is not allowed on {path}; use {allowed}",
    413: "the request is larger than the server accepts (KGBUILD_MAX_REQUEST_BYTES)",
}


def init_app(app: Flask) -> None:
    """Route every exception through ``error_response``."""
    app.register_error_handler(KgbuildError, error_response)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def error_response(err: KgbuildError) -> Response:
    """The response for a project exception (its status, title and message)."""
    if err.status >= 500:
        log.error("%s %s %d %s: %s", request.method, request.path, err.status, err.title, err.message)
    return render_error(err.status, err.title, err.message, headers=err.headers)


def render_error(status: int, title: str, message: str, *, headers: dict[str, str] | None = None) -> Response:
    """An error response in the representation the client prefers: HTML page, JSON or plain text.

    For the pages too: call it with the status, a short title and a message that says what to do.
    """
    accept = request.headers.get("Accept")
    offer = negotiation.negotiate(accept, (negotiation.TEXT, negotiation.JSON, negotiation.HTML))
    if offer is None:
        offer = negotiation.JSON if accept and "json" in accept.lower() else negotiation.TEXT
    if offer is negotiation.HTML:
        body = render_template("error.html", status=status, title=title, message=message)
    elif offer is negotiation.JSON:
        body = json.dumps({"status": status, "title": title, "message": message}, ensure_ascii=False) + "\n"
    else:
        body = f"{status} {title}: {message}\n"
    response = Response(body, status=status, content_type=offer.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "no-store"
    for name, value in {**_HEADERS.get(status, {}), **(headers or {})}.items():
        response.headers[name] = value
    return response


def _http_error(err: HTTPException) -> Response:
    status = err.code or 500
    headers = {}
    allowed = ""
    if status == 405:
        valid = sorted(getattr(err, "valid_methods", None) or ())
        allowed = " or ".join(valid) or "another method"
        if valid:
            headers["Allow"] = ", ".join(valid)
    template = _HTTP_MESSAGES.get(status)
    message = (
        template.format(path=request.path, method=request.method, allowed=allowed)
        if template
        else (err.description or err.name)
    )
    if status >= 500:
        log.error("%s %s %d %s", request.method, request.path, status, err.name)
    return render_error(status, err.name, message, headers=headers)


def _unexpected(err: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.path)
    return render_error(500, "Internal error", "kgbuild failed to answer this request; the server log has the details")
