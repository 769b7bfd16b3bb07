"""A Release as plain JSON data (for ``kgbuild extract SOURCE``): every fact with its sentence span."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from kgbuild.extract.records import Release


def release_to_json(release: Release) -> dict[str, Any]:
    """The release as a JSON-ready dict: Decimal values as strings ("14000000000"), dates as ISO strings,
    spans as {"line", "start", "end", "text"}, tuples as lists, the unread clauses included."""
    plain = to_plain(release)
    assert isinstance(plain, dict)
    return plain


def to_plain(value: Any) -> Any:
    """Dataclasses, tuples, Decimals and dates -> dicts, lists, strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
