"""``serve(config)``: the endpoint under gunicorn.

Processes: the gunicorn master (restarts a dead HTTP worker), one HTTP worker process running ``create_app``
with ``config.threads`` threads, and the executor's ``config.workers`` query processes, which do the
evaluation and serialization. One HTTP process is enough because the work happens in the query processes,
and it is the one place that knows the newest store version, so a client reads its own writes right after an
update.

Slow clients cannot hold a thread. gunicorn's gthread worker hands a connection to a thread as soon as it is
readable, and the thread then blocks until the request is read: connections sending a header line every
second held every thread, and other requests waited as long as they lasted (``/health`` 15-20 s; the same
with a body sent a byte a second). Socket timeouts would not help (they bound one read, and a client sending
a byte a second never trips them); more threads only raise the number of connections an attack needs; a
total deadline on reads in the thread still lets ``threads`` slow clients hold the server for that long.
So ``_Worker`` reads requests in gunicorn's poller, without blocking, into a buffer per connection, and a
thread gets a connection only once its request is all there:

- the head, until the blank line after the headers; then the body as the headers frame it (Content-Length
  bytes, or chunks up to the last one). ``_Incoming`` follows the framing only to know when to hand over:
  whatever it does not follow (malformed, ambiguous, larger than the app accepts) goes to a thread at once,
  and gunicorn's parser, which reads the same bytes, answers it. The buffered bytes reach the parser through
  its unreader. ``Expect: 100-continue`` is answered by the poller.
- deadlines: the head must be complete ``header_timeout`` seconds after the connection opened (or after a
  kept-alive connection's next request began), the body ``body_timeout`` seconds after the head; past them,
  408 and close. A connection that sent nothing is closed without an answer. What a thread still reads
  from the client (a body larger than the poller buffers) is bounded by the same body deadline, however
  slowly it trickles; a body the app left unread is drained only if it is there already.
- bounds: a request line up to ``max_request_bytes`` + 8 KiB (long GET queries are legitimate, so
  gunicorn's own line limit is off; 413 past it), header lines up to 64 KiB (431); all requests being read
  share a budget of bytes (503 past it); one client address may send at most 64 requests at once (429),
  unless ``client_header`` says a proxy is in front, whose address all clients share.
- writes: a thread writing an answer waits at most ``body_timeout`` for the client to take each write
  (each block of a file, each piece of a streamed result), then closes: a client that stops reading
  frees its thread. (One reading slowly but steadily keeps it for as long as its answer lasts.)
- closing gracefully (half-close, drain what the client still sends, close) happens in the poller too:
  gunicorn does it in its main loop with a blocking two-second drain, so clients that never close their side
  stalled every connection.
- up to 4,096 connections (gunicorn's ``worker_connections``; the open-file limit is raised to fit). Idle
  and slow connections cost a socket and a buffer, never a thread.

Measured with tests/http/test_slow_clients.py's attacks (4 threads, 2 s timeouts, 8-16 slow connections):
other clients' /health and small queries answer in under 0.2 s throughout (before: not until the attack
ended), and the slow connections get their 408 at 2.0 s.

The keep-alive optimisation stays: after answering, a thread keeps its connection for up to ``LINGER``
seconds and, if the client's next request is all there meanwhile, answers it itself instead of a round trip
through the poller (it matters for throughput, see bench/serve); what it read of a request not complete by
then goes back to the poller. Errors found before the app runs (a malformed request line or header, a
request too large, a timeout) are written with ``errors.raw_error``: the same body as every other error, and
no traceback in the log. Plain HTTP/1.1 only: TLS and HTTP/2 end at a proxy in front.

``python -m kgbuild.web.server [--store DIR] [--host H] [--port P]`` runs it without the CLI.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import math
import re
import resource
import select
import selectors
import socket
import sys
import threading
import time
from collections import Counter, OrderedDict
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.http.body import Body, EOFReader, LengthReader
from gunicorn.http.errors import NoMoreData, ParseException
from gunicorn.http.message import Request
from gunicorn.http.parser import RequestParser
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import TConn, ThreadWorker

from kgbuild.config import Config
from kgbuild.errors import ConfigError, PayloadTooLarge
from kgbuild.web import errors, executor

log = logging.getLogger(__name__)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: Config, options: dict[str, Any]) -> None:
        self._kgbuild_config = config
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            if key in self.cfg.settings:  # settings newer than the oldest supported gunicorn are skipped
                self.cfg.set(key, value)

    def load(self) -> Flask:
        from kgbuild.web import create_app

        return create_app(self._kgbuild_config)


LINGER = 0.02  # seconds an HTTP thread waits on its keep-alive connection for the client's next request
WORKER_CONNECTIONS = 4096  # connections the HTTP process holds at most (fewer if the open-file limit is lower)
_SPARE_FILES = 256  # open files kept for the store, the query workers' pipes, logs
_NOTIFY_EVERY = 1.0  # seconds between two heartbeats to the gunicorn master (its limit is far longer)
_LINE_SLACK = 8 * 1024  # bytes of a request line beyond the query string: method, path, version
_HEADER_BYTES = 64 * 1024  # bytes of header lines a request may have
_INCOMING_BUDGET = 64 * 1024 * 1024  # bytes of requests the poller holds at once, at least
_INCOMING_PER_CLIENT = 64  # requests one client address may be sending at once
_RECV = 64 * 1024  # bytes the poller reads from a connection at a time
_CLOSE_LINGER = 2.0  # seconds a closing connection is drained of what the client still sends (RFC 9112 9.6)
_CLOSE_DRAIN = 64 * 1024  # bytes drained at most
_UNREAD_BODY_WAIT = 0.05  # seconds a body the app did not read may take to arrive before the connection closes

# The end of a request head, or a bare LF (gunicorn refuses those: the parser must see it now, not later).
_HEAD_END = re.compile(rb"\r\n\r\n|(?<!\r)\n")
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length[ \t]*:[ \t]*([^\r\n]*?)[ \t]*(?=\r\n)", re.IGNORECASE)
_TRANSFER_ENCODING = re.compile(rb"\r\ntransfer-encoding[ \t]*:[ \t]*([^\r\n]*?)[ \t]*(?=\r\n)", re.IGNORECASE)
_EXPECT_CONTINUE = re.compile(rb"\r\nexpect[ \t]*:[ \t]*100-continue[ \t]*\r\n", re.IGNORECASE)
_LENGTH = re.compile(rb"[0-9]{1,15}")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,15}")
_CHUNK_LINE = 8 * 1024  # bytes of a chunk-size line, or of the trailers, beyond which the parser decides


class _Incoming:
    """A request the poller reads before a thread gets it: its head, then its body as the headers frame it.

    ``ready`` once the head and the body are all there, and as soon as the framing is anything this reader
    does not follow (malformed, ambiguous, larger than the app accepts): gunicorn's parser, which reads the
    same bytes after it, decides then. This reader decides only when to hand a request over, never what it
    means, so it cannot disagree with the parser about where a request ends.
    """

    __slots__ = (
        "body_limit",
        "client",
        "continued",
        "data",
        "deadline",
        "end",
        "expects_continue",
        "head_end",
        "line_end",
        "ready",
        "scan",
    )

    def __init__(self, client: str, deadline: float, body_limit: int) -> None:
        self.client = client
        self.deadline = deadline
        self.body_limit = body_limit
        self.data = bytearray()
        self.line_end = -1  # where the request line ends, once known
        self.head_end = -1  # where the body begins, once the head is complete
        self.end = -1  # where a body of known length ends
        self.scan = -1  # where the next chunk of a chunked body begins
        self.expects_continue = False  # the client waits for 100 Continue before it sends the body
        self.continued = False  # the poller has sent it
        self.ready = False

    def feed(self, data: bytes) -> None:
        start = max(0, len(self.data) - 3)  # a terminator may straddle two reads
        self.data += data
        if self.line_end < 0:
            self.line_end = self.data.find(b"\r\n", start)
        if self.head_end < 0:
            found = _HEAD_END.search(self.data, start)
            if found is None:
                return
            self.head_end = found.end()
            if found.group() != b"\r\n\r\n":
                self.ready = True
                return
            self._frame()
        if self.ready:
            return
        if self.scan >= 0:
            self._scan_chunks()
        elif self.end >= 0:
            self.ready = len(self.data) >= self.end

    def _frame(self) -> None:
        codings = _TRANSFER_ENCODING.findall(self.data, 0, self.head_end)
        lengths = _CONTENT_LENGTH.findall(self.data, 0, self.head_end)
        if codings == [] and lengths == []:
            self.ready = True  # no body
        elif codings and [coding.lower() for coding in codings] == [b"chunked"] and not lengths:
            self.scan = self.head_end
        elif not codings and len(lengths) == 1 and _LENGTH.fullmatch(lengths[0]):
            length = int(lengths[0])
            self.end = self.head_end + length
            self.ready = length > self.body_limit  # the app refuses it unread
        else:
            self.ready = True  # refused by the parser, or by the app as too large
        line = self.data[: self.line_end] if self.line_end >= 0 else b""
        self.expects_continue = line.endswith(b" HTTP/1.1") and bool(
            _EXPECT_CONTINUE.search(self.data, 0, self.head_end)
        )

    def _scan_chunks(self) -> None:
        data, pos = self.data, self.scan
        while not self.ready:
            eol = data.find(b"\r\n", pos)
            if eol < 0:
                self.ready = len(data) - pos > _CHUNK_LINE
                break
            field = bytes(data[pos:eol]).split(b";", 1)[0].rstrip(b" \t")
            size = int(field, 16) if _CHUNK_SIZE.fullmatch(field) else -1
            after = eol + 2 + size  # where the CRLF after the chunk's data is
            if size < 0 or pos - self.head_end + size > self.body_limit:
                self.ready = True  # malformed, or too large: for the parser or the app to refuse
            elif size == 0:  # the last chunk: complete once the trailers are
                self.ready = data.find(b"\r\n\r\n", eol) >= 0 or len(data) - eol > _CHUNK_LINE
                break
            elif len(data) < after + 2:
                break
            elif data[after : after + 2] != b"\r\n":
                self.ready = True
            else:
                pos = after + 2
        self.scan = pos

    def problem(self, line_limit: int) -> tuple[int, str, str] | None:
        """The status, title and message when the head is larger than the server reads."""
        line = self.line_end if self.line_end >= 0 else len(self.data)
        if line > line_limit:
            return (
                413,
                PayloadTooLarge.title,
                f"the request line is longer than {line_limit} bytes (KGBUILD_MAX_REQUEST_BYTES + 8 KiB): POST the "
                "query",
            )
        head = self.head_end if self.head_end >= 0 else len(self.data)
        if head - line > _HEADER_BYTES:
            return (
                431,
                "Request header fields too large",
                f"the request headers are longer than {_HEADER_BYTES // 1024} KiB: send fewer",
            )
        return None


class _Request(Request):  # type: ignore[misc]
    """gunicorn's request, strict about the body's length.

    A body shorter than its Content-Length raises NoMoreData (gunicorn would hand the app the short body as
    if complete); a request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3),
    where gunicorn would read until the client closes.
    """

    body: Any

    def set_body_reader(self) -> None:
        super().set_body_reader()
        reader = self.body.reader
        if isinstance(reader, EOFReader):
            self.body = Body(_ExactLengthReader(self.unreader, 0))
        elif type(reader) is LengthReader:
            self.body = Body(_ExactLengthReader(self.unreader, reader.length))


class _ExactLengthReader(LengthReader):  # type: ignore[misc]
    def read(self, size: int) -> bytes:
        wanted = min(self.length, size) if isinstance(size, int) else size
        data: bytes = super().read(size)
        if len(data) < wanted:
            raise NoMoreData(b"")  # the client closed before the whole body came
        return data


class _Parser(RequestParser):  # type: ignore[misc]
    mesg_class = _Request


class _TimedUnreader(SocketUnreader):  # type: ignore[misc]
    """gunicorn's socket reader, with a total deadline for what a thread reads of one request.

    ``start(deadline)`` sets it when a request is handed to a thread; each read then waits at most the time
    left, so a body trickling in a byte a second ends at the deadline too. Raises ``errors.ReadTimeout``.
    """

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        super().__init__(sock)
        self.timeout = timeout
        self.deadline = math.inf
        self.continued = False  # the poller has sent 100 Continue for the current request

    def start(self, deadline: float, *, continued: bool = False) -> None:
        self.deadline = deadline
        self.continued = continued

    def chunk(self, size_hint: int | None = None) -> bytes:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or not _wait_readable(self.sock, remaining):
            raise errors.ReadTimeout(_late_body(self.timeout))
        data: bytes = super().chunk(size_hint)
        return data


def _late_body(seconds: float) -> str:
    return f"the request body did not arrive within {seconds:g} s (KGBUILD_BODY_TIMEOUT): send it at once"


def _wait_readable(sock: socket.socket, seconds: float) -> bool:
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    return bool(poller.poll(max(1, math.ceil(seconds * 1000))))


class _Closing:
    """A connection half-closed by the server, drained until the client closes its side or a limit is hit."""

    __slots__ = ("deadline", "drained")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.drained = 0


class _Worker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's gthread worker that reads requests in its poller and gives threads only complete ones.

    A connection is in one of five places: its request head being read (``_heads``), its body being read
    (``_bodies``), a thread, gunicorn's idle keep-alive list, or being closed (``_closing``); each of the three
    of this class is ordered by deadline. Everything runs in the main loop except ``handle`` and what it calls,
    which run in the threads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config: Config = self.app._kgbuild_config
        self._header_timeout = config.header_timeout
        self._body_timeout = config.body_timeout
        self._body_limit = config.max_request_bytes
        self._per_client = not config.client_header  # behind a proxy, every client has its address
        self._line_limit = config.max_request_bytes + _LINE_SLACK
        self._budget = max(_INCOMING_BUDGET, 16 * (self._line_limit + _HEADER_BYTES + self._body_limit))
        self._heads: OrderedDict[Any, _Incoming] = OrderedDict()
        self._bodies: OrderedDict[Any, _Incoming] = OrderedDict()
        self._buffered = 0  # bytes held in _heads and _bodies
        self._by_client: Counter[str] = Counter()
        self._closing: OrderedDict[Any, _Closing] = OrderedDict()
        self._notified = 0.0
        self._lingering = 0
        self._linger_lock = threading.Lock()

    def notify(self) -> None:
        now = time.monotonic()
        if now - self._notified >= _NOTIFY_EVERY:
            self._notified = now
            super().notify()

    # -- the main loop ---------------------------------------------------------------------------------------

    def accept(self, listener: socket.socket) -> None:
        try:
            sock, client = listener.accept()
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._read_request(TConn(self.cfg, sock, client, listener.getsockname()), b"")

    def on_client_socket_readable(self, conn: Any, client: Any) -> None:
        """A kept-alive connection's next request begins: read it here, not in a thread."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._read_request(conn, b"")

    def finish_request(self, conn: Any, fs: Any) -> None:
        try:
            keep = not fs.cancelled() and fs.result() is True
        except Exception:
            keep = False
        if not keep:
            self._close(conn)
            return
        try:
            pending = conn.parser.unreader.take_buffered()
            if pending:  # the next request began while the thread lingered, or was pipelined
                self._read_request(conn, pending)
                return
            conn.sock.setblocking(False)
            conn.set_timeout()
            if not self.alive:  # a stopping worker keeps the connection only briefly, as gunicorn does
                conn.timeout = min(conn.timeout, time.monotonic() + 2.0)
            self.keepalived_conns.append(conn)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn))
        except (OSError, ValueError):
            self._drop(conn)

    def murder_pending(self) -> None:
        """Also end the requests and the closing connections past their deadlines (each turn of the loop)."""
        super().murder_pending()
        now = time.monotonic()
        for states, late in ((self._heads, self._late_head), (self._bodies, _late_body(self._body_timeout))):
            while states:
                conn, incoming = next(iter(states.items()))
                if incoming.deadline > now:
                    break
                self._end_incoming(conn)
                if incoming.data:
                    self._answer(conn, 408, "Request timeout", late)
                else:
                    self._drop(conn)  # sent nothing: nothing to answer
        while self._closing:
            conn, closing = next(iter(self._closing.items()))
            if closing.deadline > now:
                break
            self._end_closing(conn)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        """Wake up by the next deadline too (gunicorn's loop wakes once a second)."""
        firsts = [next(iter(states.values())).deadline for states in (self._heads, self._bodies) if states]
        if self._closing:
            firsts.append(next(iter(self._closing.values())).deadline)
        if firsts:
            timeout = max(0.0, min(timeout, min(firsts) - time.monotonic()))
        super().wait_for_and_dispatch_events(timeout)

    @property
    def _late_head(self) -> str:
        return (
            f"the request line and headers did not arrive within {self._header_timeout:g} s "
            "(KGBUILD_HEADER_TIMEOUT): send them at once"
        )

    def _read_request(self, conn: Any, buffered: bytes) -> None:
        """Start reading ``conn``'s next request, beginning with the bytes ``buffered`` already."""
        client = _peer(conn) if self._per_client else ""
        if self._per_client and self._by_client[client] >= _INCOMING_PER_CLIENT:
            message = f"more than {_INCOMING_PER_CLIENT} requests from one client are arriving at once: wait for some"
            self._answer(conn, 429, "Too many requests", message)
            return
        incoming = _Incoming(client, time.monotonic() + self._header_timeout, self._body_limit)
        self._heads[conn] = incoming
        self._by_client[client] += 1
        try:
            conn.sock.setblocking(False)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))
        except (OSError, ValueError):
            self._end_incoming(conn)
            self._drop(conn)
            return
        self._take(conn, incoming, buffered)
        if conn in self._heads or conn in self._bodies:
            self._on_readable(conn)  # often there already: no turn of the loop for it

    def _on_readable(self, conn: Any, _fileobj: object = None) -> None:
        incoming = self._heads.get(conn) or self._bodies.get(conn)
        if incoming is None:  # an event of an earlier registration of the same descriptor
            return
        try:
            data = conn.sock.recv(_RECV)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if data:
            self._take(conn, incoming, data)
            return
        # The client closed (or half-closed) the connection.
        self._end_incoming(conn)
        if incoming.head_end >= 0:  # the body is cut short: the app answers that
            self._dispatch(conn, incoming, incoming.deadline)
        elif incoming.data:
            self._answer(conn, 400, "Bad request", "the request ended inside its headers: send them whole")
        else:
            self._drop(conn)

    def _take(self, conn: Any, incoming: _Incoming, data: bytes) -> None:
        """Add ``data`` to the request; hand it to a thread once ready, answer it if refused."""
        if self._buffered + len(data) > self._budget:
            self._end_incoming(conn)
            self._answer(conn, 503, "Server busy", "too many large requests are arriving at once: retry soon")
            return
        in_head = incoming.head_end < 0
        incoming.feed(data)
        self._buffered += len(data)
        problem = incoming.problem(self._line_limit) if in_head else None
        if problem is not None:
            self._end_incoming(conn)
            self._answer(conn, *problem)
        elif incoming.ready:
            self._end_incoming(conn)
            deadline = incoming.deadline if not in_head else time.monotonic() + self._body_timeout
            self._dispatch(conn, incoming, deadline)
        elif in_head and incoming.head_end >= 0:  # the head is complete, the body is on its way
            del self._heads[conn]
            incoming.deadline = time.monotonic() + self._body_timeout
            self._bodies[conn] = incoming
            if incoming.expects_continue:
                with contextlib.suppress(OSError):
                    conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
                    incoming.continued = True

    def _dispatch(self, conn: Any, incoming: _Incoming, deadline: float) -> None:
        """Give the request's bytes to gunicorn's parser and the connection to a thread."""
        if conn.parser is None:
            conn.parser = _Parser(self.cfg, conn.sock, conn.client)
            conn.parser.unreader = _TimedUnreader(conn.sock, self._body_timeout)
        conn.parser.unreader.unread(bytes(incoming.data))
        conn.parser.unreader.start(deadline, continued=incoming.continued)
        conn.data_ready = True  # gunicorn's thread does not wait for data again
        self.enqueue_req(conn)

    def _end_incoming(self, conn: Any) -> None:
        incoming = self._heads.pop(conn, None) or self._bodies.pop(conn)
        self._buffered -= len(incoming.data)
        self._by_client[incoming.client] -= 1
        if not self._by_client[incoming.client]:
            del self._by_client[incoming.client]
        with contextlib.suppress(KeyError, OSError, ValueError):  # refused before it was registered
            self.poller.unregister(conn.sock)

    def _answer(self, conn: Any, status: int, title: str, message: str) -> None:
        """Write an error the server gives before the app runs, then close the connection."""
        log.info("%d %s from %s: %s", status, title, _peer(conn), message)
        with contextlib.suppress(OSError):
            conn.sock.send(errors.raw_error(self.wsgi, status, title, message))  # small: fits the socket buffer
        self._close(conn)

    def _close(self, conn: Any) -> None:
        """Close gracefully: send FIN, drain what the client still sends in the poller, then close."""
        try:
            conn.sock.setblocking(False)
            conn.sock.shutdown(socket.SHUT_WR)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_closing_readable, conn))
        except (OSError, ValueError):
            self._drop(conn)
            return
        self._closing[conn] = _Closing(time.monotonic() + _CLOSE_LINGER)

    def _on_closing_readable(self, conn: Any, _fileobj: object) -> None:
        closing = self._closing.get(conn)
        if closing is None:
            return
        try:
            data = conn.sock.recv(_RECV)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        closing.drained += len(data)
        if not data or closing.drained >= _CLOSE_DRAIN:
            self._end_closing(conn)

    def _end_closing(self, conn: Any) -> None:
        del self._closing[conn]
        with contextlib.suppress(KeyError, OSError, ValueError):
            self.poller.unregister(conn.sock)
        self._drop(conn)

    def _drop(self, conn: Any) -> None:
        self.nr_conns -= 1
        conn.close()

    # -- the threads -----------------------------------------------------------------------------------------

    def handle(self, conn: Any) -> Any:
        result = super().handle(conn)
        # True: the answer kept the connection alive.
        while result is True and self._next_request(conn):
            result = super().handle(conn)
        return result

    def handle_request(self, req: Any, conn: Any) -> Any:
        """Answer one request; a client that does not take a write of the answer in time is disconnected."""
        if conn.parser.unreader.continued:
            req._expected_100_continue = False  # the poller has sent 100 Continue already
        conn.sock.settimeout(self._body_timeout)  # reads wait in _TimedUnreader; this bounds each write
        try:
            return super().handle_request(req, conn)
        except TimeoutError:
            message = "%s %s: the client stopped reading the answer (a write waited %g s, KGBUILD_BODY_TIMEOUT): closed"
            log.info(message, req.method, req.path, self._body_timeout)
            return False

    def _next_request(self, conn: Any) -> bool:
        """Whether the client's next request is all there on ``conn``, waiting up to LINGER if threads allow.

        Bytes read of a request not complete by then stay in the parser's unreader: the poller goes on from
        them (finish_request).
        """
        if not self.alive:
            return False
        unreader = conn.parser.unreader
        incoming = _Incoming("", math.inf, self._body_limit)
        incoming.feed(unreader.take_buffered())
        if not incoming.ready and self._may_linger():
            try:
                self._linger(conn, incoming)
            finally:
                with self._linger_lock:
                    self._lingering -= 1
        unreader.unread(bytes(incoming.data))
        if not incoming.ready or incoming.problem(self._line_limit) is not None:
            return False  # for the poller to read on, or to answer
        unreader.start(time.monotonic() + self._body_timeout)
        return True

    def _may_linger(self) -> bool:
        """One thread never lingers, and none does while a request on another connection waits for a thread."""
        waiting = getattr(self.tpool, "_work_queue", None)
        with self._linger_lock:
            if self._lingering >= self.cfg.threads - 1 or waiting is None or not waiting.empty():
                return False
            self._lingering += 1
            return True

    def _linger(self, conn: Any, incoming: _Incoming) -> None:
        deadline = time.monotonic() + LINGER
        poller = select.poll()
        poller.register(conn.sock.fileno(), select.POLLIN)
        while not incoming.ready and self.alive and len(incoming.data) <= self._line_limit + _HEADER_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(max(1, math.ceil(remaining * 1000))):
                return
            try:
                data = conn.sock.recv(_RECV, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                return
            if not data:
                return  # closed: the poller sees it too
            incoming.feed(data)

    def _keepalive_after(self, conn: Any, keepalive: bool) -> bool:
        """Keep the connection only if a body the app left unread is there already (gunicorn waits 5 s)."""
        if not keepalive:
            return False
        unreader = conn.parser.unreader
        unreader.deadline = min(unreader.deadline, time.monotonic() + _UNREAD_BODY_WAIT)
        try:
            return bool(conn.parser.finish_body(max_bytes=_CLOSE_DRAIN))
        except (errors.ReadTimeout, OSError, ParseException):
            return False

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """Malformed requests gunicorn finds before the app: a 4xx with the project's error body, no echo."""
        problem = errors.protocol_error(exc)
        if problem is None:
            super().handle_error(req, client, addr, exc)  # a fault of the server: gunicorn's 500, logged
            return
        status, title, message = problem
        log.info("%d %s from %s: %s", status, title, addr[0] if isinstance(addr, tuple) else "-", message)
        with contextlib.suppress(OSError):
            client.sendall(errors.raw_error(self.wsgi, status, title, message))


def _peer(conn: Any) -> str:
    return str(conn.client[0]) if isinstance(conn.client, tuple) else "-"


def gunicorn_options(config: Config) -> dict[str, Any]:
    """The gunicorn settings ``serve`` uses (documented here, not in a config file)."""
    for name, seconds in (("HEADER_TIMEOUT", config.header_timeout), ("BODY_TIMEOUT", config.body_timeout)):
        if not seconds > 0:
            raise ConfigError(f"KGBUILD_{name}={seconds:g} must be a positive number of seconds, e.g. 10")
    host = f"[{config.host}]" if ":" in config.host else config.host
    return {
        "bind": f"{host}:{config.port}",
        "workers": 1,
        "worker_class": "kgbuild.web.server._Worker",  # gthread, see _Worker
        "threads": max(1, config.threads),
        "worker_connections": _connections(),
        # gunicorn's heartbeat limit: longer than any query may run, which the executor enforces itself.
        "timeout": int(config.query_timeout * 2) + 30,
        "graceful_timeout": int(config.query_timeout) + 5,
        "keepalive": 5,
        "accesslog": None,  # the app logs one line per request itself
        "errorlog": "-",
        "loglevel": "info",
        "limit_request_line": 0,  # long GET queries are limited by KGBUILD_MAX_REQUEST_BYTES instead
        "http_protocols": "h1",  # _Worker reads HTTP/1.1 heads itself
        "proc_name": "kgbuild-serve",
        "control_socket_disable": True,  # gunicorn >= 27: no shared ~/.gunicorn socket between servers
        "when_ready": _announce,
        "post_worker_init": _start_executor,
        "worker_exit": _stop_executor,
    }


def _connections() -> int:
    """WORKER_CONNECTIONS, or fewer when the open-file limit (raised as far as allowed) leaves less room."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = WORKER_CONNECTIONS + _SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (OSError, ValueError):
            pass
    if soft == resource.RLIM_INFINITY:
        return WORKER_CONNECTIONS
    return max(64, min(WORKER_CONNECTIONS, soft - _SPARE_FILES))


def serve(config: Config) -> None:
    """Serve the SPARQL endpoint and the pages until interrupted; prints the address once listening."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("kgbuild").setLevel(logging.INFO)
    _Gunicorn(config, gunicorn_options(config)).run()


def _announce(server: Any) -> None:
    store = server.app._kgbuild_config.store
    for listener in server.LISTENERS:
        print(f"kgbuild serving {store} at {listener}/ (SPARQL endpoint {listener}/sparql)", flush=True)


def _start_executor(worker: Any) -> None:
    executor.of(worker.wsgi).start()


def _stop_executor(server: Any, worker: Any) -> None:
    app = getattr(worker, "wsgi", None)
    if app is not None:
        executor.of(app).close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kgbuild.web.server", description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="store link (KGBUILD_STORE, default data/store)")
    parser.add_argument("--host", default=None, help="address to listen on (KGBUILD_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (KGBUILD_PORT, default 8000; 0: any free port)")
    args = parser.parse_args(argv)
    serve(Config.from_env(store=args.store, host=args.host, port=args.port))


if __name__ == "__main__":
    main(sys.argv[1:])
