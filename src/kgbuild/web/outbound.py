"""The one place where an allowed SERVICE or LOAD target is checked by the address it resolves to.

``sparql_text.check`` allows a target by the prefix of its IRI (KGBUILD_SERVICE_ALLOW). A prefix names a
host, and a host name can resolve to an address inside the server's own network — loopback, a private range,
link-local (cloud metadata at 169.254.169.254), multicast, reserved. Such targets are refused unless
KGBUILD_SERVICE_ALLOW_PRIVATE says they may be reached. A name that does not resolve is refused too.

The check resolves the name just before the query runs; the engine resolves it again when it connects. A
DNS server that answers differently the second time (rebinding) could still steer an allowed name inside:
allow only names whose DNS you trust. Without an allowlist the workers have no network at all (``sandbox``).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from kgbuild.errors import QueryRefused
from kgbuild.sparql_text import Analysis

_SETTING = "KGBUILD_SERVICE_ALLOW_PRIVATE"


def check_addresses(analysis: Analysis, *, allow_private: bool) -> None:
    """Raise QueryRefused if a SERVICE or LOAD target's host resolves to an inside address (or not at all)."""
    if allow_private:
        return
    for ref in analysis.references:
        if ref.keyword not in ("SERVICE", "LOAD"):
            continue
        for iri in ref.iris:
            _check_host(ref.keyword, iri)


def _check_host(keyword: str, iri: str) -> None:
    parts = urlsplit(iri)
    host = parts.hostname
    if not host or parts.scheme not in ("http", "https"):
        raise QueryRefused(f"{keyword} <{iri}> is refused: only http(s) IRIs with a host can be called")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise QueryRefused(f"{keyword} <{iri}> is refused: its port is not a number") from None
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise QueryRefused(f"{keyword} <{iri}> is refused: its host does not resolve") from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        if _inside(ip):
            raise QueryRefused(
                f"{keyword} <{iri}> is refused: its host resolves to {ip}, an address inside this network "
                f"(loopback, private, link-local or reserved); set {_SETTING}=yes to allow such targets"
            )


def _inside(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )
