"""The server's public address: from KGBUILD_PUBLIC_URL, else the address the connection arrived on.

Never from the ``Host`` header: that is the client's to choose, and what a client chooses must not end up in the
service description, the VoID, ETags or the base IRI of queries. Behind a proxy, set KGBUILD_PUBLIC_URL.
"""

from __future__ import annotations

import ipaddress

from flask import current_app, request

from kgbuild.config import Config


def base_url() -> str:
    """The public URL of the site root, ending with '/': ``https://kgbuild.example.org/``."""
    config: Config = current_app.config["KGBUILD"]
    if config.public_url:
        return config.public_url.rstrip("/") + "/"
    return _local_address() + request.script_root.rstrip("/") + "/"


def url(path: str) -> str:
    """The public URL of ``path`` (``/sparql``, ``/void``), under the site root."""
    return base_url() + path.lstrip("/")


def _local_address() -> str:
    """``http://ADDRESS:PORT`` of the socket the request arrived on (gunicorn), or the WSGI server's name."""
    sock = request.environ.get("gunicorn.socket")
    name: tuple[object, ...] | None = None
    if sock is not None:
        try:
            name = sock.getsockname()
        except OSError:
            name = None
    if isinstance(name, tuple) and len(name) >= 2:
        host, port = str(name[0]), int(str(name[1]))
    else:  # a test client or another WSGI server: its configured name, not the client's Host header
        host, port = str(request.environ.get("SERVER_NAME", "localhost")), int(request.environ.get("SERVER_PORT", 80))
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass
    scheme = request.environ.get("wsgi.url_scheme", "http")
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{host}" + ("" if port == default else f":{port}")
