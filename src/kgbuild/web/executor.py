"""The pool of query worker processes, seen from the web process, with a time limit that really stops the work.

pyoxigraph has no query timeout and one call (an aggregate) can run for minutes, so queries are evaluated in a
pool of persistent worker processes (``kgbuild.web.worker``) and a query past its limit is stopped by killing
its process (SIGKILL); a fresh worker takes its place in the background and the client gets 503. Each worker
keeps the served store version open read-only and reopens when the version changes; the web process checks the
``data/store`` link at most every ``VERSION_CHECK`` seconds and names the version in every job, so queries in
flight finish on the version they started on and new ones see a rebuilt store without a restart.

Answers come back over a pipe in frames (the protocol is described in ``kgbuild.web.worker``); the web process
never holds more than one chunk of an answer. Writes (SPARQL Update, Graph Store PUT/POST/DELETE) run in the
same workers, never in place, under the store's build lock: a store is never written while anything reads it.
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, current_app

from kgbuild import errors
from kgbuild import store as kgstore
from kgbuild.config import Config
from kgbuild.errors import (
    KgbuildError,
    QueryCrashed,
    QueryTimeout,
    ServerBusy,
    StoreMissing,
)
from kgbuild.web import sandbox
from kgbuild.web.access import query_hash
from kgbuild.web.worker import ABORT_TAG, DATA_TAG, END_TAG, FAIL_TAG, HEAD_TAG, Head, Job, memory_capped

log = logging.getLogger(__name__)

VERSION_CHECK = 0.2  # seconds between two looks at the store link
# The answers pipe holds this much (Linux; elsewhere the system's size): a worker writes a whole chunk and
# goes on serializing instead of waiting, chunk by chunk, for the web process to make room.
PIPE_SIZE = 1024 * 1024
DRAIN_LIMIT = 8 * 1024 * 1024  # an abandoned answer is read to its end up to this size, else its worker is killed

_EXTENSION = "kgbuild.executor"


def init_app(app: Flask) -> None:
    """Give ``app`` an executor for its store; the workers start with the server (or at the first query)."""
    config: Config = app.config["KGBUILD"]
    app.extensions[_EXTENSION] = Executor(
        config.store,
        workers=config.workers,
        timeout=config.query_timeout,
        memory_mib=config.query_memory,
        sandbox=config.sandbox and not config.service_allow,
    )


def of(app: Flask) -> Executor:
    """The executor of ``app``."""
    executor: Executor = app.extensions[_EXTENSION]
    return executor


def current() -> Executor:
    """The executor of the app answering the current request: the web process's one way to the store."""
    return of(current_app)


@dataclass
class Reply:
    """A worker's answer: the head, the first chunk, and the rest (None when the first chunk was all)."""

    head: Head
    first: bytes
    rest: Stream | None

    def chunks(self) -> Iterator[bytes]:
        if self.first:
            yield self.first
        if self.rest is not None:
            yield from self.rest

    def close(self) -> None:
        if self.rest is not None:
            self.rest.close()


class _WorkerDied(Exception):
    """The worker's pipe closed: it crashed or was killed from outside (it has been replaced).

    ``signal`` is the signal that ended it (None: it exited, or is not known); ``read_job`` whether it had
    taken the job off its pipe: only a job it never read may be given to another worker.
    """

    def __init__(self, *, signal: int | None = None, exit: int | None = None, read_job: bool = True) -> None:
        super().__init__(signal)
        self.signal = signal
        self.exit = exit
        self.read_job = read_job


class StreamAborted(Exception):
    """A worker stopped after the response had started: the connection is cut so the client sees no success."""


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    jobs: Connection
    answers: Connection
    dead: bool = False


@dataclass
class _Local:
    """The web process's own read-only handle on a version: /health, the service description, graph checks."""

    version: Path
    store: ox.Store
    triples: int = field(init=False)
    graphs: tuple[str, ...] = field(init=False)  # the named graphs, sorted
    graph_set: frozenset[str] = field(init=False)
    own_default: bool = field(init=False)  # the store's own default graph has triples (/store?default, updates)

    def __post_init__(self) -> None:
        self.triples = len(self.store)
        named = self.store.named_graphs()
        self.graphs = tuple(sorted(str(g.value) for g in named if isinstance(g, ox.NamedNode)))
        self.graph_set = frozenset(self.graphs)
        self.own_default = next(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None


class Executor:
    """A pool of ``workers`` query processes for one store link; thread-safe; started lazily."""

    def __init__(
        self, store: Path, *, workers: int, timeout: float, memory_mib: int = 0, sandbox: bool = False
    ) -> None:
        self.store = store
        self.size = max(1, workers)
        self.timeout = timeout
        self.memory_mib = memory_mib
        self.sandbox = sandbox
        self.deaths: dict[str, int] = {}  # cause ("SIGSEGV", "memory cap", "timeout" …) -> count, for /metrics
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._version: Path | None = None
        self._next_check = 0.0
        self._local: _Local | None = None
        self._local_lock = threading.Lock()
        # Workers are started from one long-lived thread: they ask the kernel to kill them when the thread that
        # started them ends (PR_SET_PDEATHSIG), so a runaway query cannot outlive its web process.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kgbuild-spawner")

    # pool ------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Spawn the workers (they import and open the store while the server starts up)."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def close(self) -> None:
        """Stop every worker (the server is shutting down)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for worker in workers:
            self._kill(worker, replace=False)
        self._spawner.shutdown(wait=False)

    @property
    def busy(self) -> int:
        return max(0, len(self._all) - self._idle.qsize())

    def _spawn(self) -> _Worker:
        return self._spawner.submit(self._spawn_here).result()

    def _spawn_here(self) -> _Worker:
        jobs_read, jobs_write = os.pipe()
        answers_read, answers_write = os.pipe()
        with contextlib.suppress(OSError, AttributeError):  # F_SETPIPE_SZ: Linux only; over the limit: keep it
            fcntl.fcntl(answers_write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        command = [sys.executable, "-c", "from kgbuild.web.worker import main; main()", str(jobs_read),
                   str(answers_write), str(os.getpid()), str(self.memory_mib),
                   "1" if self.sandbox else "0"]  # fmt: skip
        try:
            process = subprocess.Popen(command, pass_fds=(jobs_read, answers_write), stdin=subprocess.DEVNULL)
        finally:
            os.close(jobs_read)
            os.close(answers_write)
        worker = _Worker(process, Connection(jobs_write, readable=False), Connection(answers_read, writable=False))
        with self._lock:
            self._all.add(worker)
        return worker

    def _acquire(self, deadline: float) -> _Worker:
        if not self._started:
            self.start()
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise ServerBusy(
                    f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again later "
                    "(KGBUILD_WORKERS sets how many there are)"
                ) from None
            if worker.process.poll() is None:
                return worker
            code = worker.process.returncode
            cause = signal_name(-code) if code is not None and code < 0 else f"exit {code}"
            log.error("query worker %d had died while idle (%s); starting another", worker.process.pid, cause)
            self._count_death(cause)
            self._kill(worker)

    def _release(self, worker: _Worker) -> None:
        self._idle.put(worker)

    def _kill(self, worker: _Worker, *, replace: bool = True) -> None:
        with self._lock:
            if worker.dead:
                return
            worker.dead = True
        with contextlib.suppress(ProcessLookupError):
            worker.process.kill()
        for conn in (worker.jobs, worker.answers):
            with contextlib.suppress(OSError):
                conn.close()
        with self._lock:
            self._all.discard(worker)
            replace = replace and not self._closed
        threading.Thread(target=self._reap, args=(worker, replace), daemon=True).start()

    def _reap(self, worker: _Worker, replace: bool) -> None:
        worker.process.wait()
        if replace and not self._closed:
            with contextlib.suppress(RuntimeError):  # the executor closed meanwhile
                self._idle.put(self._spawn())

    # versions --------------------------------------------------------------------------------------

    def version(self) -> Path:
        """The served version (the link is read at most every VERSION_CHECK s). Raises StoreMissing."""
        now = time.monotonic()
        with self._lock:
            if self._version is None or now >= self._next_check:
                found = kgstore.current_version(self.store)
                self._version = found.resolve() if found is not None else None
                self._next_check = now + VERSION_CHECK
            version = self._version
        if version is None:
            raise StoreMissing.at(self.store)
        return version

    def note_version(self, version: Path) -> None:
        """A write just swapped in ``version``: serve it from now on (read-your-writes)."""
        with self._lock:
            self._version = version.resolve()
            self._next_check = time.monotonic() + VERSION_CHECK

    def local(self) -> _Local:
        """The web process's read-only view of the served version, with its triple count and named graphs."""
        version = self.version()
        local = self._local
        if local is not None and local.version == version:
            return local
        with self._local_lock:
            if self._local is None or self._local.version != version:
                self._local = None  # close the old handle before opening the new one
                self._local = _Local(version, kgstore.open_version(version))
            return self._local

    # running ---------------------------------------------------------------------------------------

    def run(self, job: Job, *, started: float | None = None) -> Reply:
        """Run ``job`` in a worker and return its head and first chunk; the rest streams from ``Reply.rest``.

        The time limit counts from ``started`` (default now) and covers waiting for a worker and the work
        up to the first chunk. A read whose worker died before answering is tried once more on another.
        Raises ServerBusy, QueryTimeout, or the error the worker reported.
        """
        deadline = (started if started is not None else time.monotonic()) + self.timeout
        message = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        for attempt in (1, 2):
            worker = self._acquire(deadline)
            try:
                try:
                    worker.jobs.send_bytes(message)
                except OSError:  # a closed pipe: the worker is gone
                    self._kill(worker)
                    raise _WorkerDied(read_job=False) from None
                tag, payload = self._receive(worker, deadline, waiting_for="an answer")
            except _WorkerDied as died:
                # A job the dead worker never read goes to another one, once; a job it read may be what
                # killed it (a crash, the memory cap) and is never run again.
                if not died.read_job and attempt == 1:
                    continue
                raise self._death_error(died, job) from None
            except QueryTimeout:
                self._count_death("timeout")
                raise
            except BaseException:
                self._kill(worker)
                raise
            break
        if tag == FAIL_TAG:
            self._release(worker)
            kind, status, message = pickle.loads(payload)
            raise _error(kind, status, message)
        if tag != HEAD_TAG:
            self._kill(worker)
            raise KgbuildError(f"query worker answered out of turn ({tag!r}); it was replaced")
        head, first, done = pickle.loads(payload)
        if done:
            self._release(worker)
            return Reply(head, first, None)
        return Reply(head, first, Stream(self, worker, job))

    def _receive(self, worker: _Worker, deadline: float, *, waiting_for: str) -> tuple[bytes, bytes]:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not worker.answers.poll(remaining):
            self._kill(worker)
            raise QueryTimeout(
                f"the query was stopped after {self.timeout:g} s without {waiting_for} "
                "(KGBUILD_QUERY_TIMEOUT); narrow it down with more specific patterns or a LIMIT"
            )
        try:
            frame = worker.answers.recv_bytes()
        except (EOFError, OSError):
            died = self._autopsy(worker)
            self._kill(worker)
            raise died from None
        return frame[:1], frame[1:]

    def _autopsy(self, worker: _Worker) -> _WorkerDied:
        """Why ``worker`` closed its pipe: the signal that ended it and whether it had read its job."""
        read_job = True
        with contextlib.suppress(OSError):  # bytes still in the jobs pipe: the job was never taken
            read_job = _unread_bytes(worker.jobs.fileno()) == 0
        code: int | None = None
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = worker.process.wait(timeout=2)
        if code is not None and code < 0:
            return _WorkerDied(signal=-code, read_job=read_job)
        return _WorkerDied(exit=code, read_job=read_job)

    def _death_error(self, died: _WorkerDied, job: Job) -> KgbuildError:
        """Log a worker's death with its cause and the query's hash; the error the client gets for it."""
        name = signal_name(died.signal) if died.signal is not None else f"exit {died.exit}"
        digest = query_hash(job.text) if job.text else "-"
        # The memory watch ends the worker with MEMORY_EXIT; the address-space backstop makes it abort.
        memory = self.memory_mib > 0 and (died.exit == sandbox.MEMORY_EXIT or died.signal == signal.SIGABRT)
        cause = "memory cap" if memory else name
        self._count_death(cause)
        log.error(
            "query worker died (%s%s) on %s q=%s; it was replaced and the job is not run again",
            name,
            ", past KGBUILD_QUERY_MEMORY" if memory else "",
            job.op,
            digest,
        )
        if memory:
            return memory_capped(self.memory_mib)
        if job.op in ("query", "update"):
            return QueryCrashed(
                f"the query made the query engine crash ({name}) and was not run again; simplify it "
                "(fewer nested groups or operators) and report it if it is a plain query"
            )
        return KgbuildError(f"a query worker died while answering ({name}); it was replaced (see the server log)")

    def _count_death(self, cause: str) -> None:
        with self._lock:
            self.deaths[cause] = self.deaths.get(cause, 0) + 1

    def death_counts(self) -> dict[str, int]:
        """Workers that died or were stopped since the start, by cause: a signal name, "memory cap", "timeout"."""
        with self._lock:
            return dict(self.deaths)


class Stream:
    """The DATA frames of one answer; closing it early drains or kills the worker so it can be reused."""

    def __init__(self, executor: Executor, worker: _Worker, job: Job) -> None:
        self._executor = executor
        self._worker: _Worker | None = worker
        self._job = job

    def __iter__(self) -> Stream:
        return self

    def __next__(self) -> bytes:
        worker = self._worker
        if worker is None:
            raise StopIteration
        deadline = time.monotonic() + self._executor.timeout
        try:
            tag, payload = self._executor._receive(worker, deadline, waiting_for="the next chunk")
        except (KgbuildError, _WorkerDied) as err:
            self._worker = None
            if isinstance(err, _WorkerDied):
                err = self._executor._death_error(err, self._job)
            elif isinstance(err, QueryTimeout):
                self._executor._count_death("timeout")
            message = err.message
            log.error("answer cut short: %s", message)
            raise StreamAborted(message) from None
        if tag == DATA_TAG:
            return payload
        self._worker = None
        if tag == END_TAG:
            self._executor._release(worker)
            raise StopIteration
        message = payload.decode("utf-8", "replace")
        if tag == ABORT_TAG:
            self._executor._release(worker)
        else:
            self._executor._kill(worker)
        log.error("answer cut short: %s", message)
        raise StreamAborted(message)

    def close(self) -> None:
        """Give the worker back: read what it still sends (bounded), or kill it."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        drained = 0
        deadline = time.monotonic() + self._executor.timeout
        while drained <= DRAIN_LIMIT:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not worker.answers.poll(remaining):
                break
            try:
                frame = worker.answers.recv_bytes()
            except (EOFError, OSError):
                break
            if frame[:1] in (END_TAG, ABORT_TAG):
                self._executor._release(worker)
                return
            drained += len(frame)
        self._executor._kill(worker)


def _unread_bytes(fd: int) -> int:
    """Bytes waiting in the pipe ``fd`` belongs to (either end, Linux FIONREAD)."""
    count = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, count, True)
    return count[0]


def signal_name(number: int | None) -> str:
    """``SIGSEGV`` for 11; ``exit`` when the process ended without a signal."""
    if number is None:
        return "exit"
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _error(kind: str, status: int, message: str) -> KgbuildError:
    """The project exception a worker's FAIL frame stands for: the same class, so the same status and title."""
    found = getattr(errors, kind, None)
    if isinstance(found, type) and issubclass(found, KgbuildError) and found.status == status:
        with contextlib.suppress(TypeError):  # a class whose constructor takes more than the message
            return found(message)
    err = KgbuildError(message)
    err.status = status
    return err
