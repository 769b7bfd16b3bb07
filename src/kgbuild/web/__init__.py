"""The web service: ``create_app`` builds the Flask app; nothing is built at import time.

One module per concern: ``sparql`` (the SPARQL 1.1 endpoint, /health), ``pages`` (the query page), ``entities``
(a page per IRI), ``dumps`` (downloads and the VoID description); ``executor`` and ``worker`` run queries in
worker processes, ``served`` is the pages' view of the store, ``negotiation`` chooses representations,
``errors`` turns every exception into a response and ``access`` adds CORS and the log line to every request.
"""

from __future__ import annotations

from flask import Flask

from kgbuild.config import Config


def create_app(config: Config | None = None) -> Flask:
    """Make the app for ``config`` (default: defaults + KGBUILD_* environment)."""
    from kgbuild.web import access, dumps, entities, errors, executor, fairuse, headers, metrics, pages, served, sparql

    app = Flask(__name__)
    app.config["KGBUILD"] = config = config or Config.from_env()
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    errors.init_app(app)
    access.init_app(app)
    executor.init_app(app)
    fairuse.init_app(app)
    metrics.init_app(app)
    served.init_app(app)
    sparql.init_app(app)
    pages.init_app(app)
    entities.init_app(app)
    dumps.init_app(app)
    headers.init_app(app)  # last: it wraps the WSGI callable, so every response passes through it
    return app
