"""Lead-N: the first sentences of the text, the baseline news summarisers are judged against."""

from __future__ import annotations

import numpy as np

from ..text.sentences import Document
from .registry import register


class Lead:
    """Scores fall with position: (n - i) / n for sentence i of n."""

    def rank(self, document: Document, count: int) -> np.ndarray:
        n = len(document.sentences)
        return (n - np.arange(n)) / n


register("lead", "extractive", "The first N sentences (Lead-N baseline; strong on news).")(lambda settings: Lead())
