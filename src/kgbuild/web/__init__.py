"""The web service: ``create_app`` builds the Flask app; nothing is built at import time."""

from __future__ import annotations

from flask import Flask

from kgbuild.config import Config


def create_app(config: Config | None = None) -> Flask:
    """Make the app for ``config`` (default: defaults + KGBUILD_* environment)."""
    from kgbuild.web import errors, pages, sparql

    app = Flask(__name__)
    app.config["KGBUILD"] = config or Config.from_env()
    errors.init_app(app)
    sparql.init_app(app)
    pages.init_app(app)
    return app
