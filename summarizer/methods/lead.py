"""Lead-N: the first sentences of the text, the baseline news summarisers are judged against."""

from __future__ import annotations

import numpy as np

from ..text.sentences import Document
from .registry import Extract, Method, MethodRequest, register


class Lead(Method):
    """Scores fall with position: (n - i) / n for sentence i of n."""

    def summarize(self, document: Document, request: MethodRequest) -> Extract:
        n = len(document.sentences)
        return Extract((n - np.arange(n)) / n)


register("lead", "extractive", "The first N sentences (Lead-N baseline; strong on news).", lambda settings: Lead())
