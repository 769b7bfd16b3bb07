"""Content negotiation caches only short client text: bounded in bytes, whatever Accept headers arrive."""

from __future__ import annotations

from kgbuild.web import negotiation


def test_long_accept_headers_are_read_but_not_kept() -> None:
    negotiation._parse_accept_cached.cache_clear()
    negotiation._pick_cached.cache_clear()
    for n in range(50):
        long = ", ".join(f"application/x-{n}-{i};q=0.{i % 9 + 1}" for i in range(2000)) + ", text/csv"
        assert negotiation.pick(negotiation.RESULTS, accept=long).name == "csv"
        assert negotiation.parse_accept(long)[-1].subtype == "csv"
    assert negotiation._parse_accept_cached.cache_info().currsize == 0
    assert negotiation._pick_cached.cache_info().currsize == 0
    assert negotiation.pick(negotiation.RESULTS, accept="text/csv").name == "csv"
    assert negotiation._pick_cached.cache_info().currsize == 1
