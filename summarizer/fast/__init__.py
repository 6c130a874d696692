"""Vectorised engines for sumy's algorithms: the same ratings as sumy, from NumPy/SciPy sparse matrices.

Each module registers one `rank(document, count) -> np.ndarray` per method with `@engine("name")`: a
score per sentence whose order (`summarizer.select.ranking`) is sumy's, exactly for the best `count`
sentences at least; the
method then runs on it by default, and `engine="sumy"` still runs sumy's own implementation as the
reference (see `summarizer.methods.sumy_methods`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..sentences import Document

Rank = Callable[[Document, int], np.ndarray]
ENGINES: dict[str, Rank] = {}


def engine(name: str) -> Callable[[Rank], Rank]:
    """Register `rank` as the fast engine of the sumy method `name`."""

    def decorator(rank: Rank) -> Rank:
        ENGINES[name] = rank
        return rank

    return decorator


# One module per method (registration side effects).
from . import edmundson, kl, lexrank, lsa, luhn, reduction, sumbasic, textrank  # noqa: E402, F401
