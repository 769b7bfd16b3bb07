"""``serve(config)``: the endpoint under gunicorn.

Processes: the gunicorn master (restarts a dead HTTP worker), one HTTP worker process running ``create_app``
with ``config.threads`` threads (gthread: keep-alive connections wait in a poller, not in a thread), and the
executor's ``config.workers`` query processes, which do the evaluation and serialization. One HTTP process
is enough because the work happens in the query processes, and it is the one place that knows the newest
store version, so a client reads its own writes right after an update.

``python -m kgbuild.web.server [--store DIR] [--host H] [--port P]`` runs it without the CLI.
"""

from __future__ import annotations

import argparse
import logging
import select
import sys
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from kgbuild.config import Config
from kgbuild.web import executor


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
_NOTIFY_EVERY = 1.0  # seconds between two heartbeats to the gunicorn master (its limit is far longer)


class _Worker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's gthread worker, cheaper per request on a keep-alive connection.

    After answering, the thread keeps the connection for up to ``LINGER`` seconds and answers the client's
    next request itself, instead of handing the connection to the poller and the next request back to the
    pool: a round trip through the main thread for every request. One thread never lingers, and none does
    while a request on another connection waits for a thread, so other connections are still served. The
    heartbeat file is touched at most every ``_NOTIFY_EVERY`` seconds, not at each event of the main loop.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._notified = 0.0
        self._lingering = 0
        self._linger_lock = threading.Lock()

    def notify(self) -> None:
        now = time.monotonic()
        if now - self._notified >= _NOTIFY_EVERY:
            self._notified = now
            super().notify()

    def handle(self, conn: Any) -> Any:
        result = super().handle(conn)
        # True: the answer kept the connection alive (gunicorn >= 24; older ones return a tuple: no lingering).
        while result is True and self._next_request(conn):
            result = super().handle(conn)
        return result

    def _next_request(self, conn: Any) -> bool:
        """Whether the client's next request on ``conn`` is there, waiting for it up to LINGER if threads allow."""
        try:
            if getattr(conn, "is_http2", False) or not self.alive:
                return False
            if conn.parser.unreader.buf.getvalue():
                return True  # read ahead already
        except AttributeError:  # another gunicorn's internals: hand the connection back as gunicorn does
            return False
        waiting = getattr(self.tpool, "_work_queue", None)
        with self._linger_lock:
            if self._lingering >= self.cfg.threads - 1 or waiting is None or not waiting.empty():
                return False
            self._lingering += 1
        try:
            poller = select.poll()
            poller.register(conn.sock.fileno(), select.POLLIN)
            return bool(poller.poll(LINGER * 1000)) and self.alive
        finally:
            with self._linger_lock:
                self._lingering -= 1


def gunicorn_options(config: Config) -> dict[str, Any]:
    """The gunicorn settings ``serve`` uses (documented here, not in a config file)."""
    host = f"[{config.host}]" if ":" in config.host else config.host
    return {
        "bind": f"{host}:{config.port}",
        "workers": 1,
        "worker_class": "kgbuild.web.server._Worker",  # gthread, see _Worker
        "threads": max(1, config.threads),
        # gunicorn's heartbeat limit: longer than any query may run, which the executor enforces itself.
        "timeout": int(config.query_timeout * 2) + 30,
        "graceful_timeout": int(config.query_timeout) + 5,
        "keepalive": 5,
        "accesslog": None,  # the app logs one line per request itself
        "errorlog": "-",
        "loglevel": "info",
        "limit_request_line": 0,  # long GET queries are limited by KGBUILD_MAX_REQUEST_BYTES instead
        "proc_name": "kgbuild-serve",
        "control_socket_disable": True,  # gunicorn >= 27: no shared ~/.gunicorn socket between servers
        "when_ready": _announce,
        "post_worker_init": _start_executor,
        "worker_exit": _stop_executor,
    }


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
