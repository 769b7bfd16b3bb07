"""One exception family. Each error knows its HTTP status, a short title and its CLI exit code.

Exit codes (documented in the README): 0 ok, 1 invalid data (SHACL violations, unreadable release, a query
stopped by its time limit), 2 bad input or configuration (missing file, bad flag, bad query text). Any other
exception is a fault of kgbuild itself: exit 3 from the CLI (``kgbuild.cli.main``), 500 from the server.
"""

from __future__ import annotations


class KgbuildError(Exception):
    """Base class: ``str(err)`` is the message shown to the user; it names the input and the fix."""

    status = 500
    title = "Internal error"
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers the response for this error carries besides the usual ones."""
        return {}


class BadInput(KgbuildError):
    """Input the user gave cannot be used: a missing file, a bad flag, a malformed query."""

    status = 400
    title = "Bad request"
    exit_code = 2


class ConfigError(KgbuildError):
    """A setting (flag or KGBUILD_* variable) has a value that cannot be used."""

    status = 500
    title = "Configuration error"
    exit_code = 2


class SourceError(KgbuildError):
    """A release cannot be read. Carries the file, the 1-based line and the offending text."""

    status = 422
    title = "Unreadable source"
    exit_code = 1

    def __init__(self, path: str, line: int, text: str, problem: str) -> None:
        self.path, self.line, self.text, self.problem = path, line, text, problem
        super().__init__(f"{path} line {line}: {problem}: {text!r}")


class ValidationFailed(KgbuildError):
    """The graph does not conform to the SHACL shapes; ``report`` lists each violation."""

    status = 422
    title = "Validation failed"
    exit_code = 1

    def __init__(self, message: str, report: list | None = None) -> None:
        super().__init__(message)
        self.report = report or []


class StoreMissing(KgbuildError):
    """No built store where one was expected."""

    status = 503
    title = "Store not built"
    exit_code = 2

    @classmethod
    def at(cls, path: object) -> StoreMissing:
        """The error for a store link ``path`` that no build has made yet, naming the command that makes it."""
        return cls(f"no built store at {path}: run `kgbuild build --store {path}` first")


class QueryError(BadInput):
    """A SPARQL query or update is malformed or refused; the message carries the parser's position."""

    title = "Bad query"


class BadPayload(BadInput):
    """An RDF document sent to the Graph Store (or loaded from a file) cannot be read or is refused."""

    title = "Bad RDF payload"


class QueryTimeout(KgbuildError):
    """A query ran past its time limit and was stopped."""

    status = 503
    title = "Query timeout"
    exit_code = 1


class NotFound(KgbuildError):
    status = 404
    title = "Not found"
    exit_code = 2


class Unauthorized(KgbuildError):
    status = 401
    title = "Unauthorized"
    exit_code = 2


class NotAcceptable(KgbuildError):
    status = 406
    title = "Not acceptable"
    exit_code = 2


class PayloadTooLarge(KgbuildError):
    status = 413
    title = "Payload too large"
    exit_code = 2


class QueryRefused(QueryError):
    """A query or update reaches outside the store (SERVICE, LOAD, FROM) where the settings do not allow it."""

    status = 403
    title = "Query refused"


class UnsupportedMediaType(KgbuildError):
    """A request body comes in a media type or charset the endpoint does not read."""

    status = 415
    title = "Unsupported media type"
    exit_code = 2


class ServerBusy(KgbuildError):
    """Every query worker stayed busy for the whole time limit of the request."""

    status = 503
    title = "Server busy"
    exit_code = 1


class QueryCrashed(QueryError):
    """The query made the engine crash (a signal in its worker process); it is not run again."""

    title = "Query crashed the engine"


class MemoryCapped(KgbuildError):
    """A query needed more memory than a worker may use (KGBUILD_QUERY_MEMORY) and was stopped."""

    status = 503
    title = "Query memory limit"
    exit_code = 1


class SandboxUnavailable(KgbuildError):
    """The query workers' network sandbox cannot be applied here, so they refuse to run queries."""

    status = 503
    title = "Query sandbox unavailable"
    exit_code = 2


class TooManyRequests(KgbuildError):
    """A client is over its share of the server (concurrent queries or query-seconds a minute)."""

    status = 429
    title = "Too many requests"
    exit_code = 1

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class RemoteFailed(KgbuildError):
    """An allowed SERVICE or LOAD reached another server and that failed."""

    status = 502
    title = "Remote service failed"
    exit_code = 1
