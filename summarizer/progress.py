"""Progress of long runs (`summarize batch`, the evaluator): tqdm's bar on a terminal, plain lines otherwise.

On a terminal tqdm draws the bar with documents per second and the time left. Redirected to a file or a
CI log, a redrawn bar would be a mess of carriage returns, so the same figures are printed as a plain
line every tenth of the work (and at the end), using tqdm's own formatting.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import IO

from tqdm import tqdm

_FORMAT = "{desc}: {n_fmt}/{total_fmt} documents [{elapsed}<{remaining}, {rate_fmt}]"
_PLAIN_STEPS = 10  # lines per run when not on a terminal


class Progress:
    """`with Progress(total, "lexrank") as progress: ... progress.update()`; `initial` for a resumed run."""

    def __init__(self, total: int, description: str, initial: int = 0, file: IO[str] | None = None) -> None:
        self.file = file or sys.stderr
        self.total, self.description, self.done = total, description, initial
        self._initial = initial
        self._bar: tqdm | None = None
        self._started = time.monotonic()
        self._every = max(1, (total - initial) // _PLAIN_STEPS)
        self._printed = initial

    def __enter__(self) -> Progress:
        if self.file.isatty():
            self._bar = tqdm(total=self.total, initial=self._initial, desc=self.description, unit="doc", file=self.file)
        return self

    def update(self, count: int = 1) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
        elif self.done - self._printed >= self._every:
            self._line()

    def _line(self) -> None:
        self._printed = self.done
        elapsed = time.monotonic() - self._started
        # The rate counts this run's documents only: a resumed run's earlier ones took no time here.
        rate = (self.done - self._initial) / elapsed if elapsed > 0 else None
        line = tqdm.format_meter(
            self.done, self.total, elapsed, prefix=self.description, unit="doc", rate=rate, bar_format=_FORMAT
        )
        print(line, file=self.file, flush=True)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.done != self._printed:
            self._line()
