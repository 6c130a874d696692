"""The application factory."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_swagger_ui import get_swaggerui_blueprint

from summarizer import Summarizer
from summarizer.settings import Settings, load_settings

from .errors import register_error_handlers
from .openapi import openapi_blueprint
from .routes import bp

# Summarised once per process by /readyz to prove the method's data (Punkt model, stemmer) loads.
_READINESS_SAMPLE = (
    "The service is starting. It loads its sentence splitter and stemmer. Then it answers requests quickly."
)


class Readiness:
    """Remembers which methods have summarised the sample in this process."""

    def __init__(self, summarizer: Summarizer) -> None:
        self._summarizer = summarizer
        self._ready: set[str | None] = set()
        self._lock = threading.Lock()

    def check(self, method: str | None) -> None:
        if method in self._ready:
            return
        with self._lock:
            if method not in self._ready:
                self._summarizer.summarize(_READINESS_SAMPLE, method=method, sentences=1, key_points=1, keywords=1)
                self._ready.add(method)


def warm_up(app: Flask) -> None:
    """Load what the default method needs (Punkt model, stemmer, static vectors) by summarising a sample:
    gunicorn calls this in the master before forking (gunicorn.conf.py), so no worker starts cold."""
    app.extensions["summarizer.readiness"].check(app.extensions["summarizer.settings"].default_method)
    # What is loaded now lives as long as the process: keep it out of the garbage collector's scans
    # (each full collection walked every loaded table, up to a quarter of a request's time) and, in
    # gunicorn's master, out of the copy-on-write pages the collector would touch in each worker.
    gc.freeze()


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` is a Settings object or overrides of the environment's settings."""
    settings = config if isinstance(config, Settings) else load_settings(**dict(config or {}))
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented field order
    summarizer = Summarizer(settings)
    if settings.preload:
        summarizer.preload()  # under gunicorn's preload_app: before the fork, so workers share the weights
    app.extensions["summarizer.settings"] = settings
    app.extensions["summarizer"] = summarizer
    app.extensions["summarizer.readiness"] = Readiness(summarizer)
    logging.getLogger("summarizer").setLevel(settings.log_level.upper())
    app.register_blueprint(bp)
    app.register_blueprint(openapi_blueprint)
    app.register_blueprint(
        get_swaggerui_blueprint("/docs", "/openapi.json", config={"app_name": "summarizer API"}),
        url_prefix="/docs",
    )
    register_error_handlers(app)
    return app
