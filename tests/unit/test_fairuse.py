"""Clients' shares of the workers, on a clock the test holds: concurrency, query-seconds a minute, Retry-After."""

from __future__ import annotations

import pytest

from kgbuild.errors import TooManyRequests
from kgbuild.web.fairuse import WINDOW, Shares


def test_a_client_may_run_its_share_at_once_and_others_are_not_counted() -> None:
    shares = Shares(concurrent=1, seconds=0)
    started = shares.admit("10.0.0.1", now=0.0)
    with pytest.raises(TooManyRequests) as refused:
        shares.admit("10.0.0.1", now=0.5)
    assert refused.value.status == 429 and refused.value.headers == {"Retry-After": "1"}
    assert "KGBUILD_CLIENT_QUERIES" in refused.value.message
    shares.admit("10.0.0.2", now=0.5)  # another client is not held back
    shares.finish("10.0.0.1", started, now=1.0)
    shares.admit("10.0.0.1", now=1.0)
    assert shares.refused == 1


def test_query_seconds_are_a_budget_over_a_sliding_minute() -> None:
    shares = Shares(concurrent=4, seconds=30)
    for begin in (0.0, 10.0):
        started = shares.admit("a", now=begin)
        shares.finish("a", started, now=begin + 20)  # 20 s each: 40 s used by t=30
    with pytest.raises(TooManyRequests) as refused:
        shares.admit("a", now=31.0)
    # 10 s over: the first query's 20 s leave the window at 20 + 60 = 80, 49 s from now
    assert refused.value.retry_after == 49
    assert "KGBUILD_CLIENT_QUERY_SECONDS=30" in refused.value.message
    shares.admit("a", now=20 + WINDOW + 0.1)


def test_no_budget_means_no_limit_on_seconds() -> None:
    shares = Shares(concurrent=1, seconds=0)
    for n in range(100):
        started = shares.admit("a", now=n * 31.0)
        shares.finish("a", started, now=n * 31.0 + 30)
