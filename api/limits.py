"""Load shedding: at most `max_in_flight` summaries at once in a worker; beyond that a 429 at once.

Queueing behind busy threads is what made p99 27 s and /healthz 18.8 s under 64 clients (issue 11):
a request that cannot start now is refused now, with Retry-After, and one of the worker's threads is
always left for the refusals themselves (/healthz and /readyz have a thread of their own, api/worker.py).
"""

from __future__ import annotations

import threading

from flask import Flask, g, request

from .errors import ApiError

# The routes that do the work; everything else (health, docs, methods) is cheap and never shed.
_SHED = frozenset({"v1.summarize_one", "v1.summarize_batch"})
RETRY_AFTER_SECONDS = 1


def install_load_shedding(app: Flask, max_in_flight: int) -> None:
    slots = threading.BoundedSemaphore(max_in_flight)

    @app.before_request
    def _take_a_slot() -> None:
        if request.endpoint not in _SHED:
            return
        if not slots.acquire(blocking=False):
            raise ApiError(
                429,
                "overloaded",
                f"this worker is already answering {max_in_flight} summaries; retry in {RETRY_AFTER_SECONDS} s",
                retry_after=RETRY_AFTER_SECONDS,
                reason="in_flight",
            )
        g.summary_slot = True

    @app.teardown_request
    def _give_it_back(_error: BaseException | None) -> None:
        if g.pop("summary_slot", False):
            slots.release()
