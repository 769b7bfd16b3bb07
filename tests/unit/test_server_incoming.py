"""The poller's request reader (``kgbuild.web.server._Incoming``): when a request is all there to hand over.

It must never hand over a request before its last byte has come (a thread would then wait for the client),
and must hand over at once whatever framing it does not follow (for gunicorn's parser to refuse).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgbuild.web.server import _Incoming

LIMIT = 1000


def fed(*pieces: bytes) -> _Incoming:
    incoming = _Incoming("client", math.inf, LIMIT)
    for piece in pieces:
        incoming.feed(piece)
    return incoming


COMPLETE = {
    "no body": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    "no headers": b"GET / HTTP/1.0\r\n\r\n",
    "content-length": b"POST / HTTP/1.1\r\ncontent-LENGTH:  5 \r\n\r\nhello",
    "zero length": b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    "chunked": b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;a=b\r\n!\r\n0\r\n\r\n",
    "chunked with trailers": b"POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n",
}


@given(name=st.sampled_from(sorted(COMPLETE)), cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=6))
def test_a_request_is_ready_exactly_when_its_last_byte_has_come(name: str, cuts: list[int]) -> None:
    request = COMPLETE[name]
    incoming = _Incoming("client", math.inf, LIMIT)
    points = sorted({min(cut, len(request)) for cut in cuts} | {len(request)})
    start = 0
    for point in points:
        incoming.feed(request[start:point])
        start = point
        assert incoming.ready == (point == len(request)), (request[:point], incoming.ready)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET / HTTP/1.1\nHost: x\n\n",  # bare LF
        b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: five\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhiXX",
        b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (LIMIT + 1),
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % (LIMIT + 1),
    ],
)
def test_framing_it_does_not_follow_is_handed_over_at_once(request_bytes: bytes) -> None:
    assert fed(request_bytes).ready


def test_a_pipelined_request_does_not_delay_the_first() -> None:
    incoming = fed(COMPLETE["content-length"] + b"GET / HT")
    assert incoming.ready


def test_expect_100_continue_is_noticed_for_http_1_1_only() -> None:
    head = b" HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
    assert fed(b"POST /" + head).expects_continue
    assert not fed(b"POST /" + head.replace(b"1.1", b"1.0")).expects_continue


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /" + b"a" * (LIMIT + 10), 413),
        (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 10_000, 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", None),
    ],
)
def test_heads_larger_than_the_server_reads(request_bytes: bytes, status: int | None) -> None:
    problem = fed(request_bytes).problem(LIMIT)
    assert (problem[0] if problem else None) == status
