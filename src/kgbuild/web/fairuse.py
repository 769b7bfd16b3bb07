"""Each client's share of the query workers: how many queries it may run at once and for how long a minute.

The workers are few (KGBUILD_WORKERS, 2 by default) and a query may hold one for KGBUILD_QUERY_TIMEOUT, so
without shares one client with as many runaway queries as there are workers makes everyone else wait. A
client may run KGBUILD_CLIENT_QUERIES queries at once (default: one fewer than the workers, at least one),
which leaves a worker for someone else, and use KGBUILD_CLIENT_QUERY_SECONDS seconds of query time in any
minute. Past either: 429 with ``Retry-After``.

A client is the peer address of the connection, or — behind a proxy, when KGBUILD_CLIENT_HEADER names a header
such as X-Forwarded-For — the last address in that header, the one the proxy itself saw. Only set it when a
proxy that rewrites the header is in front: otherwise clients choose their own names.

The time a query holds counts from its admission to the end of its answer, streaming included. The state
is in memory of the one HTTP process, bounded by the clients seen in the last minute.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

from flask import Flask, Response, current_app, request

from kgbuild.config import Config
from kgbuild.errors import TooManyRequests

WINDOW = 60.0  # seconds over which query time is counted
_EXTENSION = "kgbuild.fairuse"
_HELD = "kgbuild.fairuse.held"  # the request environ key of an admitted query: (shares, client, started)


@dataclass
class _Client:
    running: int = 0
    spent: deque[tuple[float, float]] = field(default_factory=deque)  # (when it ended, seconds it took)
    seconds: float = 0.0  # the sum of ``spent``


class Shares:
    """The clients' shares of the workers; thread-safe."""

    def __init__(self, *, concurrent: int, seconds: float) -> None:
        self.concurrent = max(1, concurrent)
        self.seconds = seconds  # 0: no budget
        self._clients: dict[str, _Client] = {}
        self._lock = threading.Lock()
        self.refused = 0  # 429s given, for /metrics

    def admit(self, client: str, *, now: float | None = None) -> float:
        """Start a query for ``client``; returns its start time. Raises TooManyRequests past its share."""
        now = time.monotonic() if now is None else now
        with self._lock:
            state = self._clients.setdefault(client, _Client())
            self._forget(state, now)
            if state.running >= self.concurrent:
                self.refused += 1
                raise TooManyRequests(
                    f"this client already runs {state.running} queries, as many as one client may at once "
                    "(KGBUILD_CLIENT_QUERIES); wait for one to finish",
                    retry_after=1,
                )
            if self.seconds > 0 and state.seconds >= self.seconds:
                self.refused += 1
                raise TooManyRequests(
                    f"this client used {state.seconds:.0f} s of query time in the last minute, its share "
                    f"(KGBUILD_CLIENT_QUERY_SECONDS={self.seconds:g}); try again in a while",
                    retry_after=self._wait(state, now),
                )
            state.running += 1
        return now

    def finish(self, client: str, started: float, *, now: float | None = None) -> None:
        """End a query of ``client`` that ``admit`` started at ``started``."""
        now = time.monotonic() if now is None else now
        with self._lock:
            state = self._clients.setdefault(client, _Client())
            state.running = max(0, state.running - 1)
            took = max(0.0, now - started)
            state.spent.append((now, took))
            state.seconds += took
            self._forget(state, now)
            if len(self._clients) > 1024:  # drop clients that are idle and have nothing left in the window
                for name in [n for n, s in self._clients.items() if not s.running and not s.spent]:
                    del self._clients[name]

    def _forget(self, state: _Client, now: float) -> None:
        while state.spent and state.spent[0][0] <= now - WINDOW:
            _, took = state.spent.popleft()
            state.seconds -= took
        if not state.spent:
            state.seconds = 0.0

    def _wait(self, state: _Client, now: float) -> int:
        """Seconds until enough of ``state``'s query time leaves the window to bring it under the budget."""
        excess = state.seconds - self.seconds
        for ended, took in state.spent:
            excess -= took
            if excess < 0:
                return max(1, math.ceil(ended + WINDOW - now))
        return int(WINDOW)


def init_app(app: Flask) -> None:
    """Give ``app`` the clients' shares of its workers."""
    config: Config = app.config["KGBUILD"]
    concurrent = config.client_queries or max(1, config.workers - 1)
    app.extensions[_EXTENSION] = Shares(concurrent=concurrent, seconds=config.client_query_seconds)
    app.after_request(_release)
    app.teardown_request(_release_unanswered)


def of(app: Flask) -> Shares:
    shares: Shares = app.extensions[_EXTENSION]
    return shares


def client() -> str:
    """The client of the current request: the peer address, or the trusted proxy's header (see above)."""
    config: Config = current_app.config["KGBUILD"]
    if config.client_header:
        named = request.headers.get(config.client_header, "")
        last = named.rsplit(",", 1)[-1].strip()
        if last:
            return last[:64]
    return request.remote_addr or "-"


def admit() -> None:
    """Count the current request as a query of its client until its response is closed (429 past its share)."""
    shares = of(current_app)
    who = client()
    started = shares.admit(who)
    request.environ[_HELD] = (shares, who, started)


def _release(response: Response) -> Response:
    """End the current request's query: now if its answer is all there, else once its body has been sent.

    Not when the response is closed: the client may have read the whole answer and sent its next query by
    then, and would find its previous one still counted.
    """
    held = request.environ.pop(_HELD, None)
    if held is None:
        return response
    shares, who, started = held
    if response.is_streamed:
        body = cast(Iterable[bytes], response.response)  # a streamed answer: the worker's bytes
        response.response = _Counted(body, lambda: shares.finish(who, started))
    else:
        shares.finish(who, started)
    return response


class _Counted:
    """A streamed body that calls ``done`` once: after its last chunk, or when it is closed unread."""

    def __init__(self, body: Iterable[bytes], done: Callable[[], None]) -> None:
        self._body = body
        self._done: Callable[[], None] | None = done

    def __iter__(self) -> Iterator[bytes]:
        yield from self._body
        self._finish()

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._finish()

    def _finish(self) -> None:
        done, self._done = self._done, None
        if done is not None:
            done()


def _release_unanswered(_: BaseException | None) -> None:
    """End the query of a request that never got to ``_release`` (the response could not be made)."""
    held = request.environ.pop(_HELD, None)
    if held is not None:
        shares, who, started = held
        shares.finish(who, started)
