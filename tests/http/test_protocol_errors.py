"""Malformed HTTP is a client's mistake: a 4xx with the project's one error body, no traceback, no echo.

Sent over raw sockets, since no HTTP library sends these: bad chunking, a body shorter than its
Content-Length, invalid header bytes, ambiguous framing, broken multipart uploads.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.http.conftest import AUTH, TOKEN, Server, build_fixture_store
from tests.http.raw import Answer, exchange

EVIL = b"evil<script>"  # put in the requests: no answer may repeat it


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with the update token, on a store of its own; no traceback in its log afterwards."""
    store = build_fixture_store(tmp_path_factory.mktemp("store") / "store")
    with Server(store, tmp_path_factory.mktemp("log") / "server.log", update_token=TOKEN, body_timeout=2) as s:
        yield s
        log = s.log()
    assert "Traceback" not in log, log


def post(body: bytes, *headers: bytes, path: bytes = b"/sparql") -> bytes:
    head = [b"POST " + path + b" HTTP/1.1", b"Host: x", b"Connection: close", *headers]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


QUERY_TYPE = b"Content-Type: application/sparql-query"
CHUNKED = b"Transfer-Encoding: chunked"


def assert_error(answer: Answer, status: int, title: str, words: str) -> None:
    assert answer.status == status, answer
    assert answer.error() == (status, title, answer.error()[2])
    assert words in answer.error()[2]
    assert EVIL not in answer.body and b"Traceback" not in answer.body


MALFORMED_BODIES = {
    "chunk size not hex": (post(b"zz\r\nASK {}\r\n0\r\n\r\n", QUERY_TYPE, CHUNKED), "chunked request body"),
    "chunk size with junk": (post(b"5" + EVIL + b"\r\nASK {}\r\n0\r\n\r\n", QUERY_TYPE, CHUNKED), "chunked"),
    "chunk without CRLF": (post(b"3\r\nASK{}" + EVIL + b"\r\n0\r\n\r\n", QUERY_TYPE, CHUNKED), "chunked"),
    "bad chunk extension": (post(b"6;\x01\r\nASK {}\r\n0\r\n\r\n", QUERY_TYPE, CHUNKED), "chunked"),
}


@pytest.mark.parametrize("name", MALFORMED_BODIES)
def test_malformed_chunked_bodies_get_400(server: Server, name: str) -> None:
    request, words = MALFORMED_BODIES[name]
    answer = exchange(server, request)
    assert_error(answer, 400, "Bad request", words)
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.closed  # where the next request would start is unknown


def test_a_malformed_chunk_gets_the_error_body_the_client_asks_for(server: Server) -> None:
    request = post(b"zz\r\nASK {}\r\n0\r\n\r\n", QUERY_TYPE, CHUNKED, b"Accept: application/json")
    answer = exchange(server, request)
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.error() == (
        400,
        "Bad request",
        "the chunked request body is malformed: send valid chunked encoding or a Content-Length",
    )


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_cut_short_gets_400(server: Server, chunked: bool) -> None:
    framing = CHUNKED if chunked else b"Content-Length: 100"
    body = b"40\r\nASK {}" if chunked else b"ASK {}"
    answer = exchange(server, post(body, QUERY_TYPE, framing), half_close=True)
    assert_error(answer, 400, "Bad request", "ended before it was complete")


def test_a_body_that_never_completes_gets_408(server: Server) -> None:
    answer = exchange(server, post(b"ASK {}", QUERY_TYPE, b"Content-Length: 100"), timeout=6)
    assert_error(answer, 408, "Request timeout", "KGBUILD_BODY_TIMEOUT")
    assert answer.closed


BAD_HEADS = {
    "control byte in a value": b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: " + EVIL + b"\x01\r\n\r\n",
    "NUL in a value": b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
    "space in a name": b"GET /health HTTP/1.1\r\nHost: x\r\nX " + EVIL + b": y\r\n\r\n",
    "no colon": b"GET /health HTTP/1.1\r\nHost: x\r\n" + EVIL + b"\r\n\r\n",
    "folded line": b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: b\r\n  " + EVIL + b"\r\n\r\n",
    "bare LF": b"GET /health HTTP/1.1\nHost: x\n\n",
    "two hosts": b"GET /health HTTP/1.1\r\nHost: x\r\nHost: " + EVIL + b"\r\n\r\n",
    "garbage request line": EVIL + b"\r\n\r\n",
    "NUL in the target": b"GET /he\x00alth HTTP/1.1\r\nHost: x\r\n\r\n",
    "unknown version": b"GET /health HTTP/9.9\r\nHost: x\r\n\r\n",
    "bad method": b"G(T /health HTTP/1.1\r\nHost: x\r\n\r\n",
    "latin-1 in a name": b"GET /health HTTP/1.1\r\nHost: x\r\nX-\xe9: y\r\n\r\n",
}


@pytest.mark.parametrize("name", BAD_HEADS)
def test_bad_request_lines_and_headers_get_400_before_the_app(server: Server, name: str) -> None:
    answer = exchange(server, BAD_HEADS[name])
    assert_error(answer, 400, "Bad request", "malformed" if name != "unknown version" else "request line")
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.closed


FRAMING = {
    "length and chunked": post(b"0\r\n\r\n", QUERY_TYPE, CHUNKED, b"Content-Length: 5"),
    "two lengths": post(b"ASK {}", QUERY_TYPE, b"Content-Length: 6", b"Content-Length: 7"),
    "length not a number": post(b"ASK {}", QUERY_TYPE, b"Content-Length: 6" + EVIL),
    "chunked twice": post(b"0\r\n\r\n", QUERY_TYPE, b"Transfer-Encoding: chunked, chunked"),
}


@pytest.mark.parametrize("name", FRAMING)
def test_ambiguous_framing_gets_400(server: Server, name: str) -> None:
    assert_error(exchange(server, FRAMING[name]), 400, "Bad request", "Content-Length")


def test_an_unknown_transfer_coding_is_a_400_not_a_501(server: Server) -> None:
    answer = exchange(server, post(b"ASK {}", QUERY_TYPE, b"Transfer-Encoding: " + EVIL))
    assert_error(answer, 400, "Bad request", "Transfer-Encoding")


def test_an_unknown_expectation_gets_417(server: Server) -> None:
    answer = exchange(server, post(b"ASK {}", QUERY_TYPE, b"Content-Length: 6", b"Expect: " + EVIL))
    assert_error(answer, 417, "Expectation failed", "100-continue")


def store_post(body: bytes, content_type: bytes) -> bytes:
    auth = "".join(f"{name}: {value}" for name, value in AUTH.items()).encode()
    return post(
        body,
        auth,
        b"Content-Type: " + content_type,
        b"Content-Length: %d" % len(body),
        path=b"/store?graph=http://example.org/g",
    )


TURTLE_PART = (
    b'--BB\r\nContent-Disposition: form-data; name="f"; filename="a.ttl"\r\nContent-Type: text/turtle\r\n\r\n'
    b"<http://example.org/s> <http://example.org/p> 1 .\r\n"
)
MULTIPART = {
    "no closing boundary": (TURTLE_PART, b"multipart/form-data; boundary=BB"),
    "other boundary": (TURTLE_PART + b"--BB--\r\n", b"multipart/form-data; boundary=" + EVIL),
    "no boundary parameter": (TURTLE_PART + b"--BB--\r\n", b"multipart/form-data"),
    "part without headers end": (
        b'--BB\r\nContent-Disposition: form-data; name="f"' + EVIL,
        b"multipart/form-data; boundary=BB",
    ),
    "empty body": (b"", b"multipart/form-data; boundary=BB"),
}


@pytest.mark.parametrize("name", MULTIPART)
def test_broken_multipart_uploads_get_4xx(server: Server, name: str) -> None:
    body, content_type = MULTIPART[name]
    answer = exchange(server, store_post(body, content_type))
    assert 400 <= answer.status < 500, answer
    assert answer.error()[0] == answer.status
    assert EVIL not in answer.body


def test_a_multipart_upload_cut_short_gets_400(server: Server) -> None:
    request = store_post(TURTLE_PART + b"--BB--\r\n", b"multipart/form-data; boundary=BB")
    answer = exchange(server, request[:-20], half_close=True)
    assert_error(answer, 400, "Bad request", "ended before it was complete")


def test_a_good_multipart_upload_still_works(server: Server) -> None:
    answer = exchange(server, store_post(TURTLE_PART + b"--BB--\r\n", b"multipart/form-data; boundary=BB"))
    assert answer.status in (201, 204), answer


def test_a_post_without_length_has_an_empty_body(server: Server) -> None:
    # RFC 9112 6.3: neither Content-Length nor Transfer-Encoding means no body, not "read until the client closes".
    answer = exchange(server, post(b"", QUERY_TYPE), timeout=1.5)
    assert 400 <= answer.status < 500 and answer.error()[0] == answer.status
