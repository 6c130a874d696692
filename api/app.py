"""The application factory."""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_cors import CORS
from flask_swagger_ui import get_swaggerui_blueprint

from summarizer import Summarizer
from summarizer.jobs import open_store
from summarizer.settings import Settings, load_settings
from summarizer.text.languages import SUPPORTED_LANGUAGES

from .errors import register_error_handlers
from .jobs import jobs_blueprint
from .limits import install_load_shedding
from .metrics import install_metrics
from .openapi import openapi_blueprint
from .page import page_blueprint
from .routes import bp
from .security import install_security
from .settings import ServiceSettings, in_flight_limit, load_service_settings
from .state import STATE, AppState, Readiness, app_state


def warm_up(app: Flask) -> None:
    """Load what the default method needs (Punkt model, stemmer, static vectors) by summarising a sample:
    gunicorn calls this in the master before forking (gunicorn.conf.py), so no worker starts cold."""
    state = app_state(app)
    state.readiness.check(state.summarizer.default_method)
    # Other languages load on their first request otherwise: Polish's stemmer takes 17 s and 190 MB,
    # Czech's 6 s (measured on the 2-core machine); SUMMARIZER_WARM_LANGUAGES=all pays that here, once.
    languages = SUPPORTED_LANGUAGES if "all" in state.settings.warm_languages else state.settings.warm_languages
    for language in languages:
        state.readiness.warm_language(language)
    # What is loaded now lives as long as the process: keep it out of the garbage collector's scans
    # (each full collection walked every loaded table, up to a quarter of a request's time) and, in
    # gunicorn's master, out of the copy-on-write pages the collector would touch in each worker.
    gc.freeze()


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config`: the library's Settings, or overrides of the environment's settings
    (the library's and the service's, e.g. `{"max_body_bytes": 200_000, "max_text_chars": 50_000}`)."""
    overrides = {} if isinstance(config, Settings) else dict(config or {})
    service_fields = {name: overrides.pop(name) for name in list(overrides) if name in ServiceSettings.model_fields}
    settings = config if isinstance(config, Settings) else load_settings(**overrides)
    service = load_service_settings(**service_fields)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = service.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented field order
    summarizer = Summarizer(settings)
    if settings.preload:
        summarizer.preload()  # under gunicorn's preload_app: before the fork, so workers share the weights
    jobs = open_store(summarizer, service.instance_dir or Path(app.instance_path))
    app.extensions[STATE] = AppState(service, summarizer, Readiness(summarizer), jobs)
    app.extensions["summarizer"] = summarizer  # the core on its own, as Flask extensions expose theirs
    logging.getLogger("summarizer").setLevel(service.log_level.upper())
    app.register_blueprint(bp)
    app.register_blueprint(page_blueprint)
    app.register_blueprint(jobs_blueprint)
    app.register_blueprint(openapi_blueprint)
    app.register_blueprint(
        # api/templates/index.template.html replaces its page: no inline script (the CSP allows none)
        get_swaggerui_blueprint("/docs", "/openapi.json", config={"app_name": "summarizer API", "validatorUrl": None}),
        url_prefix="/docs",
    )
    # Hooks run in this order: metrics (they time and count everything), request id and security
    # headers, rate limits, API keys, load shedding.
    install_metrics(app)
    install_security(app, service, settings.redis_url)
    register_error_handlers(app)
    if service.cors_origins:
        # Another site's page may call the JSON API (errors included, preflight answered); the page and
        # the docs are this site's own.
        CORS(app, resources={r"/v1/*": {}, "/openapi.json": {}}, origins=service.cors_origins)
    install_load_shedding(app, in_flight_limit(service))
    return app
