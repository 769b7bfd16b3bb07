"""Settings: defaults, then KGBUILD_* environment variables, then CLI flags (the caller passes overrides).

Every setting is documented in the README; a test checks that each field here appears there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from kgbuild.errors import ConfigError

DEFAULT_BASE = "https://kgbuild.org/"


@dataclass(frozen=True)
class Config:
    """All settings. Field name ``x_y`` is read from environment variable ``KGBUILD_X_Y``."""

    base: str = DEFAULT_BASE  # base of every instance IRI, e.g. https://kgbuild.org/id/region/ulsan
    store: Path = Path("data/store")  # the served store (a symlink swapped atomically by builds)
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2  # query worker processes
    threads: int = 8  # HTTP threads
    query_timeout: float = 30.0  # seconds; a query running longer is stopped and answered with 503
    max_rows: int = 10000  # rows returned by a SELECT before truncation
    max_request_bytes: int = 1_000_000  # larger requests get 413
    update_token: str = ""  # enables /update and /store for requests carrying Bearer <token>
    service_allow: tuple[str, ...] = field(default_factory=tuple)  # IRI prefixes allowed in SERVICE/LOAD/FROM
    service_allow_private: bool = False  # allowlisted SERVICE/LOAD may reach loopback, private, link-local hosts
    sandbox: bool = True  # query workers cannot open network sockets unless service_allow is set
    public_url: str = ""  # the server's public URL (service description, VoID); default http://host:port/
    query_memory: int = 2048  # MiB of address space a query worker may use (RLIMIT_AS); 0: no cap
    max_query_depth: int = 64  # nesting of braces, parentheses and operators a query may have
    client_queries: int = 0  # queries one client may run at once; 0: one fewer than the workers (at least 1)
    client_query_seconds: float = 120.0  # query-seconds one client may use per minute; 0: no budget
    client_header: str = ""  # a proxy's header naming the client (X-Forwarded-For); empty: the peer address
    header_timeout: float = 10.0  # seconds a client may take to send the request line and headers
    body_timeout: float = 30.0  # seconds a client may take to send the request body

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Config:
        """Defaults, then ``KGBUILD_*`` variables, then the non-None ``overrides`` (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"KGBUILD_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = _coerce(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = replace(cls(), **values)  # type: ignore[arg-type]
        if config.public_url and not config.public_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"KGBUILD_PUBLIC_URL {config.public_url!r} must be an http(s) URL, e.g. https://kgbuild.example.org/"
            )
        if not config.base.endswith(("/", "#")):
            raise ConfigError(f"KGBUILD_BASE {config.base!r} must end with '/' or '#', e.g. {DEFAULT_BASE}")
        return config


def _coerce(name: str, kind: object, raw: str) -> object:
    var = f"KGBUILD_{name.upper()}"
    try:
        if kind in ("int", int):
            return int(raw)
        if kind in ("float", float):
            return float(raw)
        if kind in ("bool", bool):
            return _boolean(var, raw)
        if kind in ("Path", Path):
            return Path(raw)
        if str(kind).startswith("tuple"):
            return split_list(raw)
    except ValueError:
        raise ConfigError(f"{var}={raw!r} is not a valid {kind}; unset it or give a number") from None
    return raw


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _boolean(var: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ConfigError(f"{var}={raw!r} is not a yes/no value; give one of {', '.join(_TRUE + _FALSE)}")


def split_list(raw: str) -> tuple[str, ...]:
    """A comma-separated setting (``KGBUILD_SERVICE_ALLOW``, ``--service-allow``): its non-empty items, trimmed."""
    return tuple(part.strip() for part in raw.split(",") if part.strip())
