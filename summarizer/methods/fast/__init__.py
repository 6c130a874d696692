"""Vectorised engines for sumy's algorithms: the same ratings as sumy, from NumPy/SciPy sparse matrices.

Each module has one `rank(document, count) -> np.ndarray`, listed in ENGINES by method name: a
score per sentence whose order (`summarizer.select.ranking`) is sumy's, exactly for the best `count`
sentences at least; the
method then runs on it by default, and `engine="sumy"` still runs sumy's own implementation as the
reference (see `summarizer.methods.sumy_methods`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ...text.sentences import Document
from . import edmundson, kl, lexrank, lsa, luhn, reduction, sumbasic, textrank

Rank = Callable[[Document, int], np.ndarray]
ENGINES: dict[str, Rank] = {
    "edmundson": edmundson.rank,
    "kl": kl.rank,
    "lexrank": lexrank.rank,
    "lsa": lsa.rank,
    "luhn": luhn.rank,
    "reduction": reduction.rank,
    "sumbasic": sumbasic.rank,
    "textrank": textrank.rank,
}
