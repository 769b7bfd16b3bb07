"""The one place where an exception becomes an HTTP response.

Every error has the same three parts wherever it comes from (the endpoint, the pages, the API): a status, a
short title and a message that names the input and the fix. Machines get them as plain text, or as JSON when
they ask for JSON; browsers (Accept text/html) get a small HTML page. Never a stack trace; a 5xx is logged,
with its traceback when it is a fault of kgbuild itself.

Malformed HTTP is a client's mistake too: ``protocol_error`` is the one table from the exceptions gunicorn's
parser raises (a bad chunk, a bad header, a body that ends early, a read timeout) to a 4xx status, title and
message. It serves the handler here, for errors that surface while the app reads the body, and the server's
worker (``kgbuild.web.server``), for those found before the app runs, which it writes with ``raw_error``.
Messages name the problem and never echo what the client sent.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import NamedTuple

from flask import Flask, Response, render_template, request
from gunicorn.http import errors as http_errors
from werkzeug.exceptions import ClientDisconnected, HTTPException

from kgbuild.errors import KgbuildError
from kgbuild.web import negotiation
from kgbuild.web.headers import HEADERS as SAFETY_HEADERS

log = logging.getLogger(__name__)

_HEADERS = {401: {"WWW-Authenticate": 'Bearer realm="kgbuild"'}}

# Friendlier words for the errors werkzeug raises itself (routing, body size).
_HTTP_MESSAGES = {
    404: "no such page: {path}; the SPARQL endpoint is /sparql, the query page is /",
    405: "{method} is not allowed on {path}; use {allowed}",
    413: "the request is larger than the server accepts (KGBUILD_MAX_REQUEST_BYTES)",
}


_BAD = "Bad request"


class _Mistake(NamedTuple):
    kinds: tuple[type[BaseException], ...]
    status: int
    title: str
    message: str


# What a client sent wrong, by the exception gunicorn's parser raises; the first match wins.
_PROTOCOL_ERRORS = (
    _Mistake(
        (http_errors.InvalidChunkSize, http_errors.ChunkMissingTerminator, http_errors.InvalidChunkExtension),
        400,
        _BAD,
        "the chunked request body is malformed: send valid chunked encoding or a Content-Length",
    ),
    _Mistake(
        (http_errors.NoMoreData, ClientDisconnected),
        400,
        _BAD,
        "the request body ended before it was complete: send as many bytes as Content-Length says",
    ),
    _Mistake(
        (http_errors.LimitRequestHeaders,),
        431,
        "Request header fields too large",
        "the request has too many or too long headers: send fewer",
    ),
    _Mistake((http_errors.LimitRequestLine,), 414, "URI too long", "the request line is too long: POST the query"),
    _Mistake(
        (http_errors.InvalidRequestLine, http_errors.InvalidRequestMethod, http_errors.InvalidHTTPVersion),
        400,
        _BAD,
        "the request line is malformed: send METHOD /path HTTP/1.1",
    ),
    _Mistake(
        (http_errors.ExpectationFailed,),
        417,
        "Expectation failed",
        "the only Expect the server meets is 100-continue: send that or none",
    ),
    # gunicorn answers 501 (RFC 9112's SHOULD); a client's mistake is never a 5xx here.
    _Mistake(
        (http_errors.UnsupportedTransferCoding,),
        400,
        _BAD,
        "the Transfer-Encoding is not supported: send the body chunked or with a Content-Length",
    ),
    _Mistake(
        (http_errors.InvalidHeader, http_errors.InvalidHeaderName, http_errors.ObsoleteFolding),
        400,
        _BAD,
        "a request header is malformed: send each as Name: value on one line, no control characters",
    ),
    _Mistake(
        (http_errors.ParseException,),
        400,
        _BAD,
        "the request is not valid HTTP/1.1: check its request line and headers",
    ),
)
_BAD_FRAMING = (
    "the request body's length is ambiguous or invalid: send one Content-Length, or Transfer-Encoding: chunked "
    "and no Content-Length"
)
_SERVER_FAULTS = (
    http_errors.ConfigurationProblem,
    http_errors.InvalidResponseHeader,  # a header the app tried to send
    http_errors.InvalidResponseHeaderName,
)


class ReadTimeout(Exception):
    """A client took longer than a read timeout to send its request (raised by the server's socket reader).

    ``str(err)`` names the limit and its setting. Deliberately not an OSError: werkzeug would report it as a
    disconnection, and gunicorn would log it as a socket fault.
    """


def init_app(app: Flask) -> None:
    """Route every exception through ``error_response``."""
    app.register_error_handler(KgbuildError, error_response)
    app.register_error_handler(HTTPException, _http_error)
    for protocol in (http_errors.ParseException, http_errors.NoMoreData, ClientDisconnected, ReadTimeout):
        app.register_error_handler(protocol, _protocol_error)
    app.register_error_handler(Exception, _unexpected)


def protocol_error(err: BaseException) -> tuple[int, str, str] | None:
    """The status, title and message for malformed or slow HTTP from the client; None when ``err`` is not that.

    Covers gunicorn's parse exceptions, werkzeug's ``ClientDisconnected`` and ``ReadTimeout``. The errors that
    are the server's own (gunicorn's ``ConfigurationProblem``, an invalid header the app tried to send) are
    None: they stay 500s with a traceback.
    """
    if isinstance(err, ReadTimeout):
        return 408, "Request timeout", str(err)
    if isinstance(err, _SERVER_FAULTS):
        return None
    if isinstance(err, http_errors.InvalidHeader) and err.hdr in ("CONTENT-LENGTH", "TRANSFER-ENCODING"):
        return 400, _BAD, _BAD_FRAMING  # names gunicorn chose, not the client
    for kinds, status, title, message in _PROTOCOL_ERRORS:
        if isinstance(err, kinds):
            return status, title, message
    return None


def raw_error(app: Flask, status: int, title: str, message: str) -> bytes:
    """A whole HTTP/1.1 error response, ``Connection: close``, for the server to write where the app does not run.

    The body is the one ``render_error`` gives a client that sent no ``Accept``: before the app, the request's
    headers are unread or unreadable.
    """
    with app.test_request_context("/"):
        response = render_error(status, title, message)
    head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
    head += [f"{name}: {value}" for name, value in response.headers.items() if name not in SAFETY_HEADERS]
    head += [f"{name}: {value}" for name, value in SAFETY_HEADERS.items()]  # as the app's own responses
    head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response.get_data()


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


def _protocol_error(err: Exception) -> Response:
    problem = protocol_error(err)
    if problem is None:
        return _unexpected(err)
    return render_error(*problem)


def _unexpected(err: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.path)
    return render_error(500, "Internal error", "kgbuild failed to answer this request; the server log has the details")
