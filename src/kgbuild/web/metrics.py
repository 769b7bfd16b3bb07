"""``/metrics``: what the server did, in the Prometheus text format (version 0.0.4).

Requests by route and status, a latency histogram by route, queries stopped by the time limit, answers refused
for fair use (429), query workers that died and why (a signal, the memory cap), and the served store's version
and size. Counted in the one HTTP process since it started; a scraper computes rates. Routes are the URL rules
(``/id/<path:rest>``), never the paths clients chose, so the number of series stays small.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import defaultdict

from flask import Blueprint, Flask, Response, current_app, request

from kgbuild.errors import StoreMissing
from kgbuild.web import access, executor, fairuse

bp = Blueprint("metrics", __name__)

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_EXTENSION = "kgbuild.metrics"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Registry:
    """Request counters and latency histograms; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)  # (route, method, status) -> count
        self.buckets: dict[str, list[int]] = {}  # route -> count per bucket (the last: +Inf)
        self.sums: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(route, method, status)] += 1
            counts = self.buckets.setdefault(route, [0] * (len(BUCKETS) + 1))
            counts[bisect.bisect_left(BUCKETS, seconds)] += 1
            self.sums[route] += seconds
            self.counts[route] += 1

    def snapshot(self) -> tuple[dict[tuple[str, str, int], int], dict[str, list[int]], dict[str, float]]:
        with self._lock:
            return dict(self.requests), {k: list(v) for k, v in self.buckets.items()}, dict(self.sums)


def init_app(app: Flask) -> None:
    """Count every request of ``app`` (when its response is closed, streaming included) and serve /metrics."""
    app.extensions[_EXTENSION] = Registry()
    app.register_blueprint(bp)
    app.after_request(_count)


def _count(response: Response) -> Response:
    registry = of(current_app)
    path, method, status = route(), request.method, response.status_code
    started = access.started()
    response.call_on_close(lambda: registry.observe(path, method, status, time.monotonic() - started))
    return response


def of(app: Flask) -> Registry:
    registry: Registry = app.extensions[_EXTENSION]
    return registry


def route() -> str:
    """The URL rule the current request matched (``unmatched`` for a 404 of routing)."""
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


@bp.get("/metrics")
def metrics() -> Response:
    """The counters in the Prometheus text format."""
    registry = of(current_app)
    requests_, buckets, sums = registry.snapshot()
    run = executor.current()
    shares = fairuse.of(current_app)
    lines = [
        "# HELP kgbuild_requests_total HTTP requests answered, by route, method and status.",
        "# TYPE kgbuild_requests_total counter",
    ]
    for (path, method, status), count in sorted(requests_.items()):
        lines.append(f'kgbuild_requests_total{{route="{_label(path)}",method="{method}",status="{status}"}} {count}')
    lines += [
        "# HELP kgbuild_request_seconds Time from the request to the end of its response, by route.",
        "# TYPE kgbuild_request_seconds histogram",
    ]
    for path, counts in sorted(buckets.items()):
        total = 0
        for bound, count in zip((*BUCKETS, float("inf")), counts, strict=True):
            total += count
            le = "+Inf" if bound == float("inf") else f"{bound:g}"
            lines.append(f'kgbuild_request_seconds_bucket{{route="{_label(path)}",le="{le}"}} {total}')
        lines.append(f'kgbuild_request_seconds_sum{{route="{_label(path)}"}} {sums[path]:.6f}')
        lines.append(f'kgbuild_request_seconds_count{{route="{_label(path)}"}} {total}')
    deaths = run.death_counts()
    lines += [
        "# HELP kgbuild_query_timeouts_total Queries stopped by KGBUILD_QUERY_TIMEOUT.",
        "# TYPE kgbuild_query_timeouts_total counter",
        f"kgbuild_query_timeouts_total {deaths.get('timeout', 0)}",
        "# HELP kgbuild_query_memory_caps_total Queries stopped by KGBUILD_QUERY_MEMORY.",
        "# TYPE kgbuild_query_memory_caps_total counter",
        f"kgbuild_query_memory_caps_total {deaths.get('memory cap', 0)}",
        "# HELP kgbuild_rate_limited_total Requests refused with 429 for a client over its share.",
        "# TYPE kgbuild_rate_limited_total counter",
        f"kgbuild_rate_limited_total {shares.refused}",
        "# HELP kgbuild_worker_deaths_total Query workers that died or were stopped, by cause.",
        "# TYPE kgbuild_worker_deaths_total counter",
    ]
    for cause, count in sorted(deaths.items()):
        lines.append(f'kgbuild_worker_deaths_total{{cause="{_label(cause)}"}} {count}')
    lines += [
        "# HELP kgbuild_workers Query worker processes, and how many are busy.",
        "# TYPE kgbuild_workers gauge",
        f"kgbuild_workers {run.size}",
        f"kgbuild_workers_busy {run.busy}",
    ]
    try:
        local = run.local()
    except StoreMissing:
        lines.append("kgbuild_store_triples 0")
    else:
        lines += [
            "# HELP kgbuild_store_info The served store version (the value is always 1).",
            "# TYPE kgbuild_store_info gauge",
            f'kgbuild_store_info{{version="{_label(local.version.name)}"}} 1',
            "# HELP kgbuild_store_triples Triples in the served store version.",
            "# TYPE kgbuild_store_triples gauge",
            f"kgbuild_store_triples {local.triples}",
            f"kgbuild_store_named_graphs {len(local.graphs)}",
        ]
    response = Response("\n".join(lines) + "\n", content_type=CONTENT_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response
