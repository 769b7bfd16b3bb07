"""Raw HTTP/1.1 over sockets, for what ``requests`` will not send: malformed, slow or half-closed requests."""

from __future__ import annotations

import json
import socket
import time
from dataclasses import dataclass

from tests.http.conftest import Server


@dataclass
class Answer:
    """A response as read off the socket: status, headers (lower-case names), body, and whether it ended."""

    status: int
    headers: dict[str, str]
    body: bytes
    closed: bool  # the server closed the connection after it

    def error(self) -> tuple[int, str, str]:
        """The project's error body (``STATUS Title: message`` as plain text, or its JSON) as a tuple."""
        if self.headers.get("content-type", "").startswith("application/json"):
            data = json.loads(self.body)
            return data["status"], data["title"], data["message"]
        text = self.body.decode()
        assert text.endswith("\n") and text.count("\n") == 1, text
        head, message = text.rstrip("\n").split(": ", 1)
        status, title = head.split(" ", 1)
        return int(status), title, message


def connect(server: Server, *, timeout: float = 5.0) -> socket.socket:
    """A TCP connection to ``server``."""
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=timeout)


def read_all(sock: socket.socket, *, timeout: float = 5.0) -> tuple[bytes, bool]:
    """Everything the server sends within ``timeout`` seconds, and whether it closed the connection."""
    deadline = time.monotonic() + timeout
    data = b""
    while (remaining := deadline - time.monotonic()) > 0:
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return data, False
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def parse(data: bytes, *, closed: bool) -> Answer:
    """The first final (non-1xx) response in ``data``."""
    while data.startswith(b"HTTP/1.1 1"):
        data = data.split(b"\r\n\r\n", 1)[1]
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length")
    if length is not None:
        body = body[: int(length)]
    return Answer(int(lines[0].split(" ")[1]), headers, body, closed)


def exchange(server: Server, request: bytes, *, half_close: bool = False, timeout: float = 5.0) -> Answer:
    """Send ``request`` on a new connection (then half-close it if asked) and read the answer."""
    with connect(server, timeout=timeout) as sock:
        sock.sendall(request)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        data, closed = read_all(sock, timeout=timeout)
    assert data, "no answer"
    return parse(data, closed=closed)
