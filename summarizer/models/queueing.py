"""One generation at a time per model, a bounded number waiting, and a deadline for each request."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import Busy, GenerationTimeout


class GenerationQueue:
    """Requests take turns on the model; past `max_waiting` waiting requests a new one is refused."""

    def __init__(self, max_waiting: int) -> None:
        self.max_waiting = max_waiting
        self._turn = threading.Lock()
        self._guard = threading.Lock()
        self._waiting = 0
        self._last_seconds = 1.0  # how long the last turn took: the basis of Retry-After

    @property
    def waiting(self) -> int:
        return self._waiting

    @contextmanager
    def turn(self, deadline: float) -> Iterator[None]:
        """Wait for the model until `deadline` (time.monotonic()); Busy if the queue is full."""
        with self._guard:
            if self._turn.locked() and self._waiting >= self.max_waiting:
                retry = max(1, math.ceil(self._last_seconds * (self._waiting + 1)))
                raise Busy(
                    f"{self._waiting} requests are already waiting for the model; retry in {retry} s",
                    retry_after=retry,
                    waiting=self._waiting,
                )
            self._waiting += 1
        try:
            acquired = self._turn.acquire(timeout=max(0.0, deadline - time.monotonic()))
        finally:
            with self._guard:
                self._waiting -= 1
        if not acquired:
            raise GenerationTimeout("timed out waiting for the model; try again or raise SUMMARIZER_GENERATION_TIMEOUT")
        started = time.monotonic()
        try:
            yield
        finally:
            self._last_seconds = time.monotonic() - started
            self._turn.release()
