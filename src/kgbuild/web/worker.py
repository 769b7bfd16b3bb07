"""The query worker process: reads a Job from its pipe, runs it on a read-only store version, answers in frames.

``kgbuild.web.executor`` starts these processes and owns their lifetime; this module is what runs inside one
(``python -c 'from kgbuild.web.worker import main; main()' JOBS ANSWERS PARENT``) and the protocol both sides
share. Frames are ``multiprocessing.connection`` messages whose first byte is a tag: one HEAD frame (a pickled
``Head``, the first chunk and whether it was the last), then DATA frames, then END; or one FAIL frame (a pickled
status and message) instead of HEAD; or ABORT (a message) when the work fails after the HEAD went out.

Results are serialized here with pyoxigraph. With a row cap the worker first reads at most ``max_rows + 1`` rows
— it has to, to say in a header whether the answer was truncated — as TSV (one row a line, so the cap is a line
count), then re-serializes them in the format asked for. Writes copy the served version, change the copy and
swap it in (``store.write_aside``): a killed or failed write leaves the served version untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kgbuild import store as kgstore
from kgbuild.errors import (
    BadInput,
    BadPayload,
    KgbuildError,
    MemoryCapped,
    NotAcceptable,
    NotFound,
    QueryError,
    QueryRefused,
    RemoteFailed,
    SandboxUnavailable,
)
from kgbuild.web import negotiation, sandbox

log = logging.getLogger(__name__)

CHUNK = 64 * 1024  # bytes per DATA frame
# The first byte of every frame.
HEAD_TAG, DATA_TAG, END_TAG, FAIL_TAG, ABORT_TAG = b"H", b"D", b"E", b"F", b"A"


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
    payloads: tuple[tuple[bytes, str], ...] = ()  # Graph Store PUT/POST: RDF documents and their media types
    remote: bool = False  # the text has an allowed SERVICE or LOAD: an OSError is the remote side failing


@dataclass(frozen=True)
class Head:
    """What the web process needs before the body: status, headers."""

    status: int
    media_type: str | None = None  # Content-Type; None when there is no body
    truncated: bool = False
    version: str | None = None  # writes: the version they created
    rows: int | None = None


# -- inside the worker process -------------------------------------------------------------------------------


def main() -> None:
    """Worker process entry point: ``python -c '…main()' JOBS ANSWERS PARENT MEMORY_MIB SANDBOX``.

    MEMORY_MIB caps the worker's resident memory while it answers (0: no cap); SANDBOX ``1`` forbids
    network sockets (``kgbuild.web.sandbox``). The jobs run on a thread with a deep stack.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the server decides
    _die_with_parent(int(sys.argv[3]))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s[worker]: %(message)s")
    memory_mib = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    confine = len(sys.argv) > 5 and sys.argv[5] == "1"
    refusal: KgbuildError | None = None
    if confine:
        try:
            sandbox.confine_network()
        except SandboxUnavailable as err:
            log.error("the query sandbox cannot be applied: %s; refusing every query", err.message)
            refusal = SandboxUnavailable(
                f"the query workers' network sandbox cannot be applied on this system ({err.message}); "
                "the server refuses queries rather than run them unconfined. Install libseccomp2, or set "
                "KGBUILD_SANDBOX=no to run without it (the SERVICE/LOAD text check stays on)"
            )
    threading.stack_size(sandbox.STACK_BYTES)
    loop = threading.Thread(target=_serve, args=(memory_mib, confine, refusal), name="kgbuild-worker")
    loop.start()
    loop.join()


def _serve(memory_mib: int, confined: bool, refusal: KgbuildError | None) -> None:
    """The worker's loop: one job at a time, each answered in frames (on the deep-stack thread)."""
    jobs = Connection(int(sys.argv[1]), writable=False)
    answers = Connection(int(sys.argv[2]), readable=False)
    watch = sandbox.MemoryWatch(memory_mib)
    opened = _Opened()
    while True:
        try:
            job: Job = pickle.loads(jobs.recv_bytes())
        except EOFError:  # the web process is gone
            return
        frames = _Frames(answers)
        if refusal is not None:
            frames.fail(refusal)
            continue
        watch.arm()
        try:
            _OPS[job.op](job, opened, frames)
        except SyntaxError as err:
            if job.op in ("query", "update"):
                frames.fail(QueryError(f"SPARQL syntax error: {syntax_message(err)}"))
            else:
                frames.fail(BadPayload(f"the RDF payload cannot be read: {syntax_message(err)}"))
        except KgbuildError as err:
            frames.fail(err)
        except BrokenPipeError:
            return
        except MemoryError:
            opened.forget()  # drop what the failed query held before answering
            frames.fail(memory_capped(memory_mib))
        except OSError as err:
            # EPERM is what the sandbox answers; pyoxigraph passes it on as "… (os error 1)" without an errno.
            if confined and (err.errno == errno.EPERM or str(err).endswith(f"(os error {errno.EPERM})")):
                # Only a SERVICE or LOAD that the text check missed gets here: the sandbox stopped its socket.
                log.warning("the sandbox stopped a network call of %s: %s", job.op, err)
                frames.fail(
                    QueryRefused(
                        "the query tried to reach the network, which this endpoint's query workers cannot do "
                        "(KGBUILD_SERVICE_ALLOW is empty)"
                    )
                )
            elif job.remote:
                # The remote side's words (a redirect target, an address) are not echoed to the client.
                log.warning("allowed SERVICE or LOAD failed: %s", err)
                frames.fail(RemoteFailed("a SERVICE or LOAD allowed by KGBUILD_SERVICE_ALLOW failed (see the log)"))
            else:
                log.exception("query worker failed on %s", job.op)
                what = f"the request could not be answered ({type(err).__name__}); see the server log"
                frames.fail(KgbuildError(what))
        except Exception as err:
            log.exception("query worker failed on %s", job.op)
            frames.fail(KgbuildError(f"the query could not be answered ({type(err).__name__}); see the server log"))
        finally:
            watch.disarm()


def memory_capped(memory_mib: int) -> MemoryCapped:
    """The error for a query stopped at the memory cap."""
    return MemoryCapped(
        f"the query needed more than {memory_mib} MiB of memory and was stopped (KGBUILD_QUERY_MEMORY); "
        "narrow it down with more specific patterns or a LIMIT"
    )


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

    def forget(self) -> None:
        self.store, self.version = None, None

    def read(self, version: str) -> ox.Store:
        if self.store is None or self.version != version:
            self.store = None  # close the old version first
            self.store = kgstore.open_version(Path(version))
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
            self._conn.send_bytes(END_TAG)

    def fail(self, err: KgbuildError) -> None:
        """Report ``err``: its status and message, or only the message once the head is out (ABORT)."""
        if self._head_sent:
            self._conn.send_bytes(ABORT_TAG + err.message.encode())
        else:
            self._conn.send_bytes(FAIL_TAG + pickle.dumps((type(err).__name__, err.status, err.message)))

    def _send_buffer(self, *, done: bool) -> None:
        if self._head_sent:
            self._buffer[0:0] = DATA_TAG  # tag the buffer itself: no new bytes objects for the chunk
            self._conn.send_bytes(self._buffer)
            self._buffer.clear()
            return
        data = bytes(self._buffer)
        self._buffer.clear()
        head = self._head or Head(200)
        self._conn.send_bytes(HEAD_TAG + pickle.dumps((head, data, done), protocol=pickle.HIGHEST_PROTOCOL))
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
    """PUT replaces the graph, POST merges into it; each payload (the parts of a multipart POST) is merged in."""
    name = _graph_name(job)
    documents = []
    for body, media_type in job.payloads:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise BadInput(f"cannot read {media_type}")
        documents.append((body, fmt))

    def apply(store: ox.Store) -> bool:
        existed = isinstance(name, ox.DefaultGraph) or store.contains_named_graph(name)
        if job.op == "graph_put":
            if isinstance(name, ox.DefaultGraph):
                store.clear_graph(name)
            elif existed:
                store.remove_graph(name)
        if isinstance(name, ox.NamedNode):
            store.add_graph(name)
        for body, fmt in documents:
            kgstore.load_document(store, body, fmt, base_iri=job.base_iri, to_graph=name)
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
