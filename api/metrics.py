"""Prometheus metrics (prometheus-client): requests, latency, in-flight, 429s by reason, model state.

Under gunicorn every worker writes its samples to files in PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py
makes one per server and removes a dead worker's live gauges), and /metrics, answered by any worker,
sums them all. Without that variable (the Flask test client, `flask run`) the process's own registry
answers.
"""

from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from .state import app_state

metrics_blueprint = Blueprint("metrics", __name__)
METRICS = "summarizer.metrics"
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
# From a health check (under 1 ms) to an abstractive summary (tens of seconds); the default request
# takes about 4 ms, a long article's extractive summary 50-500 ms.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    """The service's metrics, registered in `registry` (read only without multiprocess mode)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "summarizer_http_requests",
            "HTTP requests answered, by route template, method and status",
            ["route", "method", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "summarizer_http_request_duration_seconds",
            "Time from the request's arrival in Flask to its response (a stream: to its first event)",
            ["route", "method"],
            buckets=BUCKETS,
            registry=registry,
        )
        self.in_flight = Gauge(
            "summarizer_http_requests_in_flight",
            "Requests being answered now, all workers together",
            multiprocess_mode="livesum",
            registry=registry,
        )
        self.rejections = Counter(
            "summarizer_http_rejections",
            "429 answers by reason: overloaded (load shedding), busy (model queue), rate_limited, ...",
            ["reason"],
            registry=registry,
        )
        self.method_ready = Gauge(
            "summarizer_method_ready",
            "1 when the method can answer at once in the worker (its model loaded), 0 otherwise; "
            "each worker's value as of the last /metrics it answered",
            ["method"],
            multiprocess_mode="liveall",
            registry=registry,
        )
        self.queue_waiting = Gauge(
            "summarizer_generation_queue_waiting",
            "Requests waiting for an abstractive model, by model; each worker's value as of the last "
            "/metrics it answered",
            ["model"],
            multiprocess_mode="liveall",
            registry=registry,
        )


def install_metrics(app: Flask) -> None:
    """Count every request (its route template, not its path: one series per endpoint) and serve /metrics."""
    metrics = Metrics(CollectorRegistry(auto_describe=True))
    app.extensions[METRICS] = metrics
    in_flight = metrics.in_flight
    # Each (route, method, status)'s counter and histogram, found once: labels() costs more than inc().
    series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    @app.before_request
    def _start() -> None:
        g.metrics_start = time.perf_counter()
        in_flight.inc()

    @app.after_request
    def _count(response: Response) -> Response:
        start = g.pop("metrics_start", None)
        if start is None:  # a hook before ours answered
            return response
        in_flight.dec()
        rule = request.url_rule
        route = rule.rule if rule is not None else "unmatched"  # a 404's path is the client's, unbounded
        method = request.method if request.method in _METHODS else "other"
        status = response.status_code
        found = series.get((route, method, status))
        if found is None:
            found = series[route, method, status] = (
                metrics.requests.labels(route, method, status),
                metrics.latency.labels(route, method),
            )
        found[0].inc()
        found[1].observe(time.perf_counter() - start)
        if status == 429:
            metrics.rejections.labels(g.get("error_code", "unknown")).inc()
        return response

    app.register_blueprint(metrics_blueprint)


def _update_model_state(metrics: Metrics) -> None:
    summarizer = app_state().summarizer
    for info in summarizer.methods():
        metrics.method_ready.labels(info.name).set(1 if info.available and info.state == "ready" else 0)
        if info.kind == "abstractive" and info.state == "ready":
            depths: dict[str, int] = getattr(summarizer.method(info.name), "queue_depths", dict)()
            for model, waiting in depths.items():
                metrics.queue_waiting.labels(model).set(waiting)


@metrics_blueprint.get("/metrics")
def metrics() -> Response:
    """The Prometheus text format: every worker's samples under gunicorn, this process's otherwise."""
    own: Metrics = current_app.extensions[METRICS]
    _update_model_state(own)
    registry = own.registry
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
