"""One batch at a time per model: inputs of concurrent requests are generated together (dynamic batching).

A request hands its inputs (the chunks of a pass, or its final input) to the model's queue and waits.
Whoever gets the model next is the batch's leader: it waits up to SUMMARIZER_BATCH_WAIT_MS for the
batch to fill, takes up to SUMMARIZER_BATCH_SIZE waiting inputs that share the oldest one's output
lengths, oldest first, generates them in one padded batch and hands each request its own rows. A row's
output does not depend on the others in its batch (padding is masked; tested for greedy and beam search).
Past `max_waiting` waiting requests a new one is refused (Busy, with a Retry-After from the last batch).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Busy, GenerationTimeout, SummarizerError

if TYPE_CHECKING:
    from .transformer import Lengths, OnText, Prompt, TransformerModel

TIMED_OUT = "timed out waiting for the model; try again or raise SUMMARIZER_GENERATION_TIMEOUT"


@dataclass(eq=False)
class _Job:
    """One input waiting for generation, and its answer once a batch has run it."""

    prompt: Prompt
    lengths: Lengths
    deadline: float
    on_text: OnText | None
    done: bool = False
    result: tuple[str, int] = ("", 0)
    error: BaseException | None = None


class GenerationQueue:
    """Requests share the model in batches; past `max_waiting` waiting requests a new one is refused."""

    def __init__(self, max_waiting: int, batch_size: int = 1, batch_wait: float = 0.0) -> None:
        self.max_waiting = max_waiting
        self.batch_size = batch_size
        self.batch_wait = batch_wait  # seconds a leader waits for the batch to fill
        self._turn = threading.Lock()
        self._guard = threading.Condition()
        self._pending: list[_Job] = []
        self._waiting = 0
        self._last_seconds = 1.0  # how long the last batch took: the basis of Retry-After
        self.batch_sizes: list[int] = []  # every batch's size, for the benchmark and tests (last 1000)

    @property
    def waiting(self) -> int:
        return self._waiting

    def _admit(self) -> None:
        if self._turn.locked() and self._waiting >= self.max_waiting:
            retry = max(1, math.ceil(self._last_seconds * (self._waiting + 1)))
            raise Busy(
                f"{self._waiting} requests are already waiting for the model; retry in {retry} s",
                retry_after=retry,
                waiting=self._waiting,
            )

    def _acquire(self, deadline: float) -> bool:
        with self._guard:
            self._waiting += 1
        try:
            return self._turn.acquire(timeout=max(0.0, deadline - time.monotonic()))
        finally:
            with self._guard:
                self._waiting -= 1

    @contextmanager
    def turn(self, deadline: float) -> Iterator[None]:
        """Hold the model alone until the block ends (waiting until `deadline`); Busy if the queue is full."""
        with self._guard:
            self._admit()
        if not self._acquire(deadline):
            raise GenerationTimeout(TIMED_OUT)
        try:
            yield
        finally:
            self._turn.release()

    def generate(
        self,
        model: TransformerModel,
        prompts: Sequence[Prompt],
        lengths: Lengths,
        deadline: float,
        on_text: Sequence[OnText | None] = (),
        on_done: Callable[[int], None] | None = None,
    ) -> list[tuple[str, int]]:
        """Generate for every prompt, in batches shared with other requests: (text, tokens) each, in order.

        `on_done(n)` hears that n more of the prompts are generated, between batches, without the model held
        (progress); whatever it raises withdraws the prompts still waiting and ends the call."""
        listeners = list(on_text) + [None] * (len(prompts) - len(on_text))
        jobs = [_Job(p, lengths, deadline, listener) for p, listener in zip(prompts, listeners, strict=True)]
        with self._guard:
            self._admit()
            self._pending.extend(jobs)
            self._guard.notify_all()
        reported = 0

        def report() -> None:
            nonlocal reported
            done = sum(job.done for job in jobs)
            if on_done is not None and done > reported:
                try:
                    on_done(done - reported)
                except BaseException:
                    self._withdraw(jobs)
                    raise
                reported = done

        while not all(job.done for job in jobs):
            if not self._acquire(deadline):
                self._withdraw(jobs)
                if all(job.done for job in jobs):
                    break
                raise GenerationTimeout(TIMED_OUT)
            try:
                if not all(job.done for job in jobs):
                    self._run_batch(model)
            finally:
                self._turn.release()
            report()
        report()
        error = next((job.error for job in jobs if job.error is not None), None)
        if error is not None:
            raise error
        return [job.result for job in jobs]

    def _withdraw(self, jobs: list[_Job]) -> None:
        with self._guard:
            self._pending = [job for job in self._pending if job not in jobs]

    def _take_batch(self) -> list[_Job]:
        """The oldest waiting input and up to batch_size - 1 others with the same lengths, once the batch is
        full or batch_wait has passed."""
        with self._guard:
            until = time.monotonic() + self.batch_wait
            while True:
                if not self._pending:
                    return []
                head = self._pending[0]
                batch = [job for job in self._pending if job.lengths == head.lengths][: self.batch_size]
                left = until - time.monotonic()
                if len(batch) >= self.batch_size or left <= 0:
                    break
                self._guard.wait(left)
            self._pending = [job for job in self._pending if job not in batch]
            return batch

    def _run_batch(self, model: TransformerModel) -> None:
        batch = self._take_batch()
        now = time.monotonic()
        for job in batch:
            if job.deadline <= now:
                job.error, job.done = GenerationTimeout(TIMED_OUT), True
        live = [job for job in batch if not job.done]
        if not live:
            return
        started = time.monotonic()
        try:
            results = model.generate_batch(
                [job.prompt for job in live],
                live[0].lengths,
                max(job.deadline for job in live),
                [job.on_text for job in live],
            )
        except (SummarizerError, Exception) as error:  # every request of the batch hears its batch's error
            for job in live:
                job.error, job.done = error, True
            return
        finished = time.monotonic()
        self._last_seconds = finished - started
        self.batch_sizes = [*self.batch_sizes[-999:], len(live)]
        for job, result in zip(live, results, strict=True):
            if finished > job.deadline:
                job.error = GenerationTimeout("the summary took longer than SUMMARIZER_GENERATION_TIMEOUT allows")
            job.result, job.done = result, True
