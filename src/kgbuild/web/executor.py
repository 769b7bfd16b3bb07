"""Query execution in worker processes, with a time limit that really stops the work.

pyoxigraph has no query timeout and one call (an aggregate) can run for minutes, so queries are evaluated in a
pool of persistent worker processes and a query past its limit is stopped by killing its process (SIGKILL);
a fresh worker takes its place in the background and the client gets 503. Each worker keeps the served
store version open read-only and reopens when the version changes; the web process checks the ``data/store``
link at most every ``VERSION_CHECK`` seconds and names the version in every job, so queries in flight finish on
the version they started on and new ones see a rebuilt store without a restart.

Results are serialized in the worker with pyoxigraph and come back over a pipe in chunks
(``multiprocessing.connection`` framing): one HEAD frame (status, media type, truncation, first chunk), then
DATA frames, then END; or one FAIL frame (status, message) instead of HEAD. The web process never holds more
than a chunk. With a row cap the worker first reads at most ``max_rows + 1`` rows — it has to, to say in a
header whether the answer was truncated — as TSV (one row a line, so the cap is a line count), then
re-serializes them in the format asked for.

Writes (SPARQL Update, Graph Store PUT/POST/DELETE) run in the same workers, never in place: each one
copies the current version (a RocksDB checkpoint: hard links), applies the change to the copy, marks it
complete and swaps the link, under the store's build lock. A store is therefore never written while
anything reads it, and a killed or failed write leaves the served version untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kgbuild import store as kgstore
from kgbuild.errors import (
    BadInput,
    KgbuildError,
    NotAcceptable,
    NotFound,
    QueryError,
    QueryTimeout,
    RemoteFailed,
    ServerBusy,
    StoreMissing,
)
from kgbuild.web import negotiation

log = logging.getLogger(__name__)

VERSION_CHECK = 0.2  # seconds between two looks at the store link
CHUNK = 64 * 1024  # bytes per DATA frame
DRAIN_LIMIT = 8 * 1024 * 1024  # an abandoned answer is read to its end up to this size, else its worker is killed

_HEAD, _DATA, _END, _FAIL, _ABORT = b"H", b"D", b"E", b"F", b"A"


@dataclass(frozen=True)
class Job:
    """One request for a worker. ``op``: query, update, graph_get, graph_put, graph_post, graph_delete."""

    op: str
    version: str = ""  # the store version to read
    store: str = ""  # the store link, for writes
    text: str = ""  # query or update
    base_iri: str | None = None
    union: bool = True  # default graph = union of the named graphs (no protocol dataset, no FROM)
    default_graphs: tuple[str, ...] | None = None  # protocol dataset (default-graph-uri)
    named_graphs: tuple[str, ...] | None = None  # protocol dataset (named-graph-uri)
    results_format: str | None = None  # offer name for SELECT/ASK; None: nothing acceptable
    graph_format: str | None = None  # offer name for CONSTRUCT/DESCRIBE/graph reads
    not_acceptable: str = ""  # the 406 message when the needed format is None
    max_rows: int = 0  # 0: no cap
    graph: str | None = None  # Graph Store target; None: the default graph
    body: bytes = b""  # Graph Store PUT/POST payload
    body_format: str = ""  # its media type
    remote: bool = False  # the text has an allowed SERVICE or LOAD: an OSError is the remote side failing


@dataclass(frozen=True)
class Head:
    """What the web process needs before the body: status, headers."""

    status: int
    media_type: str | None = None  # Content-Type; None when there is no body
    truncated: bool = False
    version: str | None = None  # writes: the version they created
    rows: int | None = None


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
    """The worker's pipe closed: it crashed or was killed from outside (it has been replaced)."""


class StreamAborted(Exception):
    """A worker stopped after the response had started: the connection is cut so the client sees no success."""


# -- the web process side ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    jobs: Connection
    answers: Connection
    served: int = 0
    dead: bool = False


@dataclass
class _Local:
    """The web process's own read-only handle on a version: /health, the service description, graph checks."""

    version: Path
    store: ox.Store
    triples: int
    graphs: tuple[str, ...]
    graph_set: frozenset[str] = field(default_factory=frozenset)


class Executor:
    """A pool of ``workers`` query processes for one store link; thread-safe; started lazily."""

    def __init__(self, store: Path, *, workers: int, timeout: float) -> None:
        self.store = store
        self.size = max(1, workers)
        self.timeout = timeout
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
        command = [sys.executable, "-c", "from kgbuild.web.executor import main; main()", str(jobs_read),
                   str(answers_write), str(os.getpid())]  # fmt: skip
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
            log.error(
                "query worker %d had died (exit %s); starting another", worker.process.pid, worker.process.returncode
            )
            self._kill(worker)

    def _release(self, worker: _Worker) -> None:
        worker.served += 1
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
            raise StoreMissing(f"no built store at {self.store}: run `kgbuild build --store {self.store}` first")
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
                handle = ox.Store.read_only(str(version))
                graphs = tuple(sorted(str(g.value) for g in handle.named_graphs() if isinstance(g, ox.NamedNode)))
                self._local = _Local(version, handle, len(handle), graphs, frozenset(graphs))
            return self._local

    # running ---------------------------------------------------------------------------------------

    def run(self, job: Job, *, started: float | None = None) -> Reply:
        """Run ``job`` in a worker and return its head and first chunk; the rest streams from ``Reply.rest``.

        The time limit counts from ``started`` (default now) and covers waiting for a worker and the work
        up to the first chunk. A read whose worker died before answering is tried once more on another.
        Raises ServerBusy, QueryTimeout, or the error the worker reported.
        """
        deadline = (started if started is not None else time.monotonic()) + self.timeout
        attempts = 2 if job.op in ("query", "graph_get") else 1
        for attempt in range(1, attempts + 1):
            worker = self._acquire(deadline)
            try:
                try:
                    worker.jobs.send_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
                except OSError:  # a closed pipe: the worker is gone
                    self._kill(worker)
                    raise _WorkerDied from None
                tag, payload = self._receive(worker, deadline, waiting_for="an answer")
            except _WorkerDied:
                if attempt < attempts:
                    continue
                raise KgbuildError(
                    "a query worker died while answering; it was replaced (see the server log)"
                ) from None
            except BaseException:
                self._kill(worker)
                raise
            break
        if tag == _FAIL:
            self._release(worker)
            status, message = pickle.loads(payload)
            raise _error(status, message)
        if tag != _HEAD:
            self._kill(worker)
            raise KgbuildError(f"query worker answered out of turn ({tag!r}); it was replaced")
        head, first, done = pickle.loads(payload)
        if done:
            self._release(worker)
            return Reply(head, first, None)
        return Reply(head, first, Stream(self, worker))

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
            self._kill(worker)
            raise _WorkerDied from None
        return frame[:1], frame[1:]


class Stream:
    """The DATA frames of one answer; closing it early drains or kills the worker so it can be reused."""

    def __init__(self, executor: Executor, worker: _Worker) -> None:
        self._executor = executor
        self._worker: _Worker | None = worker

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
            message = err.message if isinstance(err, KgbuildError) else "the query worker died"
            log.error("answer cut short: %s", message)
            raise StreamAborted(message) from None
        if tag == _DATA:
            return payload
        self._worker = None
        if tag == _END:
            self._executor._release(worker)
            raise StopIteration
        message = payload.decode("utf-8", "replace")
        if tag == _ABORT:
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
            if frame[:1] in (_END, _ABORT):
                self._executor._release(worker)
                return
            drained += len(frame)
        self._executor._kill(worker)


def _error(status: int, message: str) -> KgbuildError:
    """The project exception a worker's FAIL frame stands for."""
    kinds: dict[int, type[KgbuildError]] = {
        400: QueryError,
        404: NotFound,
        406: NotAcceptable,
        502: RemoteFailed,
        503: StoreMissing,
    }
    kind = kinds.get(status)
    if kind is None:
        err = KgbuildError(message)
        err.status = status
        return err
    return kind(message)


# -- the worker side -----------------------------------------------------------------------------------


def main() -> None:
    """Worker process entry point: ``python -c 'from kgbuild.web.executor import main; main()' JOBS ANSWERS``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the server decides
    _die_with_parent(int(sys.argv[3]))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s[worker]: %(message)s")
    jobs = Connection(int(sys.argv[1]), writable=False)
    answers = Connection(int(sys.argv[2]), readable=False)
    opened = _Opened()
    while True:
        try:
            job: Job = pickle.loads(jobs.recv_bytes())
        except EOFError:  # the web process is gone
            return
        frames = _Frames(answers)
        try:
            _OPS[job.op](job, opened, frames)
        except SyntaxError as err:
            what = "SPARQL syntax error" if job.op in ("query", "update") else "the RDF payload cannot be read"
            frames.fail(400, f"{what}: {syntax_message(err)}")
        except KgbuildError as err:
            frames.fail(err.status, err.message)
        except BrokenPipeError:
            return
        except OSError as err:
            if not job.remote:
                log.exception("query worker failed on %s", job.op)
                frames.fail(500, f"the request could not be answered ({type(err).__name__}); see the server log")
            else:
                frames.fail(502, f"a SERVICE or LOAD allowed by KGBUILD_SERVICE_ALLOW failed: {err}")
        except Exception as err:
            log.exception("query worker failed on %s", job.op)
            frames.fail(500, f"the query could not be answered ({type(err).__name__}); see the server log")


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its web process ends (elsewhere: rely on the pipe closing)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the web process ended before the request took effect
        os._exit(0)


def syntax_message(err: SyntaxError) -> str:
    """The parser's message with its position, on one line, its list of expected tokens kept short."""
    message = " ".join(str(err).split())
    head, sep, expected = message.partition("expected one of ")
    if sep and len(expected) > 160:
        expected = expected[:160].rsplit(",", 1)[0] + ", …"
    return head + sep + expected


class _Opened:
    """The worker's read-only handle on the version it last read."""

    def __init__(self) -> None:
        self.version: str | None = None
        self.store: ox.Store | None = None

    def read(self, version: str) -> ox.Store:
        if self.store is None or self.version != version:
            self.store = None  # close the old version first
            try:
                self.store = ox.Store.read_only(version)
            except OSError as err:
                raise StoreMissing(f"store version {Path(version).name} cannot be opened: {err}") from None
            self.version = version
        return self.store


class _Frames:
    """Frames to the web process; the head is held back until the first chunk so small answers take one frame."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._head: Head | None = None
        self._head_sent = False
        self._buffer = bytearray()

    def head(self, head: Head) -> None:
        self._head = head

    def write(self, data: bytes) -> int:  # a binary file for pyoxigraph's serialize()
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self._send_buffer(done=False)
        return len(data)

    def flush(self) -> None:
        """pyoxigraph flushes its writer; frames go out by size, not on flush."""

    def end(self) -> None:
        if not self._head_sent:
            self._send_buffer(done=True)
        else:
            if self._buffer:
                self._send_buffer(done=False)
            self._conn.send_bytes(_END)

    def fail(self, status: int, message: str) -> None:
        if self._head_sent:
            self._conn.send_bytes(_ABORT + message.encode())
        else:
            self._conn.send_bytes(_FAIL + pickle.dumps((status, message)))

    def _send_buffer(self, *, done: bool) -> None:
        data = bytes(self._buffer)
        self._buffer.clear()
        if self._head_sent:
            self._conn.send_bytes(_DATA + data)
            return
        head = self._head or Head(200)
        self._conn.send_bytes(_HEAD + pickle.dumps((head, data, done), protocol=pickle.HIGHEST_PROTOCOL))
        self._head_sent = True


class _RowCap(Exception):
    pass


class _LineCapture:
    """A binary file that keeps the first ``lines`` lines of TSV and stops the serializer at the next one."""

    def __init__(self, lines: int) -> None:
        self.lines = lines
        self.seen = 0
        self.truncated = False
        self.data = bytearray()

    def write(self, data: bytes) -> int:
        count = data.count(b"\n")
        if self.seen + count <= self.lines:
            self.data += data
            self.seen += count
            return len(data)
        cut = -1
        for _ in range(self.lines - self.seen):
            cut = data.index(b"\n", cut + 1)
        self.data += data[: cut + 1]
        self.seen = self.lines
        self.truncated = True
        raise _RowCap

    def flush(self) -> None:
        pass


def _offer(job: Job, *, results: bool) -> negotiation.Offer:
    name = job.results_format if results else job.graph_format
    offers = negotiation.RESULTS if results else negotiation.GRAPHS
    found = next((offer for offer in offers if offer.name == name), None)
    if found is None:
        raise NotAcceptable(job.not_acceptable or "no acceptable format")
    return found


def _dataset(job: Job) -> dict[str, object]:
    if job.default_graphs is not None or job.named_graphs is not None:
        return {
            "default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()],
        }
    return {"use_default_graph_as_union": True} if job.union else {}


def _query(job: Job, opened: _Opened, frames: _Frames) -> None:
    store = opened.read(job.version)
    results = store.query(job.text, base_iri=job.base_iri, **_dataset(job))  # type: ignore[arg-type]
    if isinstance(results, ox.QueryBoolean):
        offer = _offer(job, results=True)
        frames.head(Head(200, offer.content_type))
        results.serialize(frames, offer.format)  # type: ignore[arg-type]
    elif isinstance(results, ox.QuerySolutions):
        offer = _offer(job, results=True)
        if job.max_rows <= 0:
            frames.head(Head(200, offer.content_type))
            results.serialize(frames, offer.format)  # type: ignore[arg-type]
        else:
            capture = _LineCapture(job.max_rows + 1)  # the header line and max_rows rows
            with contextlib.suppress(_RowCap):
                results.serialize(capture, ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
            rows = max(0, capture.seen - 1)
            frames.head(Head(200, offer.content_type, truncated=capture.truncated, rows=rows))
            if offer.format == ox.QueryResultsFormat.TSV:
                frames.write(bytes(capture.data))
            else:
                parsed = ox.parse_query_results(bytes(capture.data), ox.QueryResultsFormat.TSV)
                parsed.serialize(frames, offer.format)  # type: ignore[arg-type]
    else:
        offer = _offer(job, results=False)
        if job.max_rows <= 0:
            frames.head(Head(200, offer.content_type))
            results.serialize(frames, offer.format)  # type: ignore[arg-type]
        else:
            triples = list(islice(results, job.max_rows + 1))
            truncated = len(triples) > job.max_rows
            del triples[job.max_rows :]
            frames.head(Head(200, offer.content_type, truncated=truncated, rows=len(triples)))
            ox.serialize(triples, frames, offer.format)  # type: ignore[arg-type]
    frames.end()


def _update(job: Job, opened: _Opened, frames: _Frames) -> None:
    version, _ = kgstore.write_aside(Path(job.store), lambda store: store.update(job.text, base_iri=job.base_iri))
    frames.head(Head(204, version=str(version)))
    frames.end()


def _graph_name(job: Job) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(job.graph) if job.graph is not None else ox.DefaultGraph()


def _graph_get(job: Job, opened: _Opened, frames: _Frames) -> None:
    store = opened.read(job.version)
    name = _graph_name(job)
    if isinstance(name, ox.NamedNode) and not store.contains_named_graph(name):
        raise NotFound(f"the store has no graph <{job.graph}>; GET /sparql lists the named graphs")
    offer = _offer(job, results=False)
    frames.head(Head(200, offer.content_type))
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name))
    ox.serialize(triples, frames, offer.format)  # type: ignore[arg-type]
    frames.end()


def _graph_write(job: Job, opened: _Opened, frames: _Frames) -> None:
    name = _graph_name(job)
    fmt = ox.RdfFormat.from_media_type(job.body_format)
    if fmt is None:
        raise BadInput(f"cannot read {job.body_format}")

    def apply(store: ox.Store) -> bool:
        existed = isinstance(name, ox.DefaultGraph) or store.contains_named_graph(name)
        if job.op == "graph_put":
            if isinstance(name, ox.DefaultGraph):
                store.clear_graph(name)
            elif existed:
                store.remove_graph(name)
        if isinstance(name, ox.NamedNode):
            store.add_graph(name)
        store.load(job.body, fmt, base_iri=job.base_iri, to_graph=name)
        return not existed

    version, created = kgstore.write_aside(Path(job.store), apply)
    frames.head(Head(201 if created else 204, version=str(version)))
    frames.end()


def _graph_delete(job: Job, opened: _Opened, frames: _Frames) -> None:
    name = _graph_name(job)
    if isinstance(name, ox.NamedNode) and not opened.read(job.version).contains_named_graph(name):
        raise NotFound(f"the store has no graph <{job.graph}>; GET /sparql lists the named graphs")

    def apply(store: ox.Store) -> None:
        if isinstance(name, ox.DefaultGraph):
            store.clear_graph(name)
        else:
            store.remove_graph(name)

    version, _ = kgstore.write_aside(Path(job.store), apply)
    frames.head(Head(204, version=str(version)))
    frames.end()


_OPS: dict[str, Callable[[Job, _Opened, _Frames], None]] = {
    "query": _query,
    "update": _update,
    "graph_get": _graph_get,
    "graph_put": _graph_write,
    "graph_post": _graph_write,
    "graph_delete": _graph_delete,
}
