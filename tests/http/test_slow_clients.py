"""Slow clients cannot hold the server: slowloris heads, slow bodies, idle floods, clients that never close.

The server runs with 4 threads and 2-second read timeouts; every attack uses more connections than threads,
and another client's /health and small /sparql query must keep answering in well under a second meanwhile.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import requests

from tests.http.conftest import Server, build_fixture_store
from tests.http.raw import connect, exchange, parse, read_all

THREADS = 4
TIMEOUT = 2.0  # header_timeout and body_timeout of the server under test
FAST = 1.0  # seconds another client's request may take while an attack runs
MAX_REQUEST = 100_000
BIG = '<urn:kgbuild:big> <urn:kgbuild:text> "%s" .' % ("x" * 10_000_000)  # a dump larger than socket buffers


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with few threads and short read timeouts, on a store with a 10 MB literal."""
    store = build_fixture_store(tmp_path_factory.mktemp("store") / "store", extra=BIG)
    settings = {"threads": THREADS, "header_timeout": TIMEOUT, "body_timeout": TIMEOUT}
    with Server(store, tmp_path_factory.mktemp("log") / "server.log", max_request_bytes=MAX_REQUEST, **settings) as s:
        yield s
    assert "Traceback" not in s.log()


def answers_fast(server: Server, seconds: float) -> list[float]:
    """Time /health and a small /sparql query, alternately, for ``seconds``; each must answer 200."""
    times = []
    end = time.monotonic() + seconds
    with requests.Session() as session:
        while time.monotonic() < end:
            started = time.monotonic()
            health = session.get(server.url + "/health", timeout=10)
            query = session.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
            times.append(time.monotonic() - started)
            assert (health.status_code, query.status_code) == (200, 200)
            assert query.json()["boolean"] is True
            time.sleep(0.05)
    return times


class Dribbler:
    """Sockets that each send ``first`` at once, then ``then`` every ``every`` seconds, until closed."""

    def __init__(self, server: Server, count: int, first: bytes, then: bytes, every: float = 0.5) -> None:
        self.socks = [connect(server) for _ in range(count)]
        self.opened = time.monotonic()
        self.closed_at: dict[int, float] = {}
        self._stop = threading.Event()
        for sock in self.socks:
            sock.sendall(first)
        self._thread = threading.Thread(target=self._run, args=(then, every), daemon=True)
        self._thread.start()

    def _run(self, then: bytes, every: float) -> None:
        while not self._stop.wait(every):
            for sock in self.socks:
                with contextlib.suppress(OSError):  # closed by the server: read_answers sees it
                    sock.sendall(then)

    def read_answers(self, within: float) -> list[tuple[bytes, bool, float]]:
        """Each socket's bytes from the server, whether it closed, and when (seconds after opening)."""
        results = []
        for sock in self.socks:
            data, closed = read_all(sock, timeout=max(0.1, self.opened + within - time.monotonic()))
            results.append((data, closed, time.monotonic() - self.opened))
        return results

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.socks:
            sock.close()


@pytest.fixture
def dribble(server: Server) -> Iterator[Callable[..., Dribbler]]:
    """Start Dribblers against the server; all are closed after the test."""
    made: list[Dribbler] = []

    def start(count: int, first: bytes, then: bytes, every: float = 0.5) -> Dribbler:
        made.append(Dribbler(server, count, first, then, every))
        return made[-1]

    yield start
    for dribbler in made:
        dribbler.close()


def assert_timed_out(results: list[tuple[bytes, bool, float]], *, part: str) -> None:
    for data, closed, _ in results:
        assert closed, "a slow connection is still open after its timeout"
        answer = parse(data, closed=closed)
        assert answer.status == 408, data
        assert answer.error()[1:] == ("Request timeout", answer.error()[2])
        assert part in answer.error()[2]


def test_slowloris_heads_do_not_hold_the_threads(server: Server, dribble: Callable[..., Dribbler]) -> None:
    slow = dribble(THREADS * 3, b"GET /health HTTP/1.1\r\nHost: x\r\n", b"X-Slow: 1\r\n")
    assert max(answers_fast(server, TIMEOUT * 0.8)) < FAST
    results = slow.read_answers(within=TIMEOUT + 1.5)
    assert_timed_out(results, part="KGBUILD_HEADER_TIMEOUT")
    assert all(TIMEOUT - 0.2 <= at < TIMEOUT + 1.5 for _, _, at in results), [at for _, _, at in results]


def test_a_slow_body_is_cut_at_the_body_timeout(server: Server, dribble: Callable[..., Dribbler]) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\n"
    slow = dribble(THREADS * 2, head, b" ")
    assert max(answers_fast(server, TIMEOUT * 0.8)) < FAST
    results = slow.read_answers(within=TIMEOUT + 1.5)
    assert_timed_out(results, part="KGBUILD_BODY_TIMEOUT")
    assert all(TIMEOUT - 0.2 <= at < TIMEOUT + 1.5 for _, _, at in results)


def test_a_slow_chunked_body_is_cut_too(server: Server, dribble: Callable[..., Dribbler]) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    head += b"Transfer-Encoding: chunked\r\n\r\n"
    slow = dribble(THREADS * 2, head, b"1\r\n \r\n")
    assert max(answers_fast(server, TIMEOUT * 0.8)) < FAST
    assert_timed_out(slow.read_answers(within=TIMEOUT + 1.5), part="KGBUILD_BODY_TIMEOUT")


def test_the_next_request_on_a_kept_alive_connection_is_timed_too(
    server: Server, dribble: Callable[..., Dribbler]
) -> None:
    first = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n"
    slow = dribble(THREADS * 2, first, b"X-Slow: 1\r\n", every=0.3)
    assert max(answers_fast(server, TIMEOUT * 0.8)) < FAST
    for data, closed, _ in slow.read_answers(within=TIMEOUT + 1.5):
        first_answer, _, second = data.partition(b"HTTP/1.1 408 ")
        assert first_answer.startswith(b"HTTP/1.1 200 ") and second
        assert_timed_out([(b"HTTP/1.1 408 " + second, closed, 0.0)], part="KGBUILD_HEADER_TIMEOUT")


def test_idle_connections_take_no_thread_and_are_closed_without_an_answer(server: Server) -> None:
    idle = [connect(server) for _ in range(50)]
    try:
        assert max(answers_fast(server, 0.5)) < FAST
        opened = time.monotonic()
        for sock in idle:
            data, closed = read_all(sock, timeout=TIMEOUT + 1.5)
            assert (data, closed) == (b"", True)
        assert time.monotonic() - opened < TIMEOUT + 1.5
    finally:
        for sock in idle:
            sock.close()


def test_clients_that_never_close_do_not_stall_the_server(server: Server) -> None:
    # HTTP/1.0: the server answers, half-closes and waits for the client's FIN, which never comes.
    lingering = []
    try:
        for _ in range(THREADS * 3):
            sock = connect(server)
            sock.sendall(b"GET /health HTTP/1.0\r\n\r\n")
            lingering.append(sock)
        assert max(answers_fast(server, 1.0)) < FAST
    finally:
        for sock in lingering:
            sock.close()


def test_one_client_may_send_only_so_many_requests_at_once(server: Server) -> None:
    idle = [connect(server) for _ in range(64)]
    try:
        time.sleep(0.2)
        answer = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answer.status == 429 and answer.closed
        assert answer.error()[:2] == (429, "Too many requests")
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.2)
    assert requests.get(server.url + "/health", timeout=5).status_code == 200


def test_long_urls_up_to_the_request_limit_are_read(server: Server) -> None:
    query = "ASK { ?s ?p ?o }" + " " * (MAX_REQUEST - 5_000)
    response = requests.get(server.sparql, params={"query": query}, timeout=10)
    assert response.status_code == 200 and response.json()["boolean"] is True


@pytest.mark.parametrize("extra", [1_000, 20_000])
def test_longer_urls_get_413(server: Server, extra: int) -> None:
    # Just over the limit: the app answers; far over it, the server does before reading the rest.
    target = b"/sparql?query=ASK%7B%7D" + b"%20" * ((MAX_REQUEST + extra) // 3)
    answer = exchange(server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.status == 413
    assert answer.error()[:2] == (413, "Payload too large")
    assert "KGBUILD_MAX_REQUEST_BYTES" in answer.error()[2]


def test_too_many_header_bytes_get_431(server: Server) -> None:
    headers = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"x" * 1000) for n in range(80))
    answer = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    assert answer.status == 431 and answer.closed
    assert answer.error()[:2] == (431, "Request header fields too large")
    # written before the app runs, it carries the same safety headers as the app's own answers
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


def test_a_head_sent_in_pieces_is_answered(server: Server) -> None:
    with connect(server) as sock:
        for piece in (b"GET /hea", b"lth HTTP/1.1\r", b"\nHost: x\r\nConnection: close\r", b"\n", b"\r\n"):
            sock.sendall(piece)
            time.sleep(0.05)
        data, closed = read_all(sock)
    assert parse(data, closed=closed).status == 200


def test_pipelined_and_chunked_requests_are_answered_in_order(server: Server) -> None:
    query = b"ASK { ?s ?p ?o }"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(query), query)
    post = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    request = (
        b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        + post
        + b"Transfer-Encoding: chunked\r\n\r\n"
        + chunked
        + post
        + b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(query), query)
    )
    with connect(server) as sock:
        sock.sendall(request)
        data, closed = read_all(sock)
    assert closed and data.count(b"HTTP/1.1 200 ") == 3
    assert data.count(b'"boolean":true') + data.count(b'"boolean": true') == 2


def test_expect_100_continue_gets_one_interim_answer(server: Server) -> None:
    query = b"ASK { ?s ?p ?o }"
    with connect(server) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(query)
        )
        sock.settimeout(5)
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(query)
        data, closed = read_all(sock)
    assert b"100 Continue" not in data
    answer = parse(data, closed=closed)
    assert answer.status == 200 and b"true" in answer.body


def test_a_half_closed_client_still_gets_its_answer(server: Server) -> None:
    answer = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n", half_close=True)
    assert answer.status == 200


def test_a_body_over_the_limit_is_refused_without_waiting_for_it(server: Server) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    with connect(server) as sock:
        sock.sendall(head + b"Content-Length: %d\r\n\r\nASK" % (MAX_REQUEST * 2))
        sock.settimeout(FAST)
        data = sock.recv(65536)  # at once, not after a body timeout
        more, closed = read_all(sock, timeout=TIMEOUT + 1)
    answer = parse(data + more, closed=closed)
    assert answer.status == 413 and closed


def test_a_body_the_app_does_not_read_is_skipped_on_a_kept_alive_connection(server: Server) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data, closed = read_all(sock)
    assert closed and data.count(b"HTTP/1.1 200 ") == 2


def test_clients_that_stop_reading_the_answer_are_cut_off(server: Server) -> None:
    # Each write of an answer must be taken within body_timeout: before, such clients held the threads forever.
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    readers = []
    try:
        for _ in range(THREADS):
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the dump cannot fit in the buffers
            sock.connect((host, int(port)))
            sock.sendall(b"GET /dumps/kgbuild.nt HTTP/1.1\r\nHost: x\r\n\r\n")
            readers.append(sock)
        started = time.monotonic()
        assert requests.get(server.url + "/health", timeout=TIMEOUT * 3).status_code == 200
        assert time.monotonic() - started < TIMEOUT + 1.5
        time.sleep(0.2)
        assert server.log().count("the client stopped reading the answer") >= THREADS
    finally:
        for sock in readers:
            sock.close()
