"""Embedding-based selection: centrality to the document with maximal marginal relevance.

Sentences are embedded with a sentence-transformers encoder (default all-MiniLM-L6-v2). A sentence's
centrality is its cosine similarity to the document's mean vector; sentences are then picked greedily
by MMR (Carbonell & Goldstein 1998): lambda * centrality - (1 - lambda) * max similarity to those
already picked, so that the summary covers the document instead of repeating its main point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..models.minilm import DUPLICATE_SIMILARITY, model_unavailable_reason, shared_encoder
from ..records import SentenceVectors
from ..select import mmr_scores
from ..text.sentences import Document
from .registry import Extract, Method, MethodRequest, MethodStatus, register

if TYPE_CHECKING:
    from ..settings import Settings

# 0.7 is the usual MMR balance for summaries: relevance first, a clear penalty for repetition.
MMR_LAMBDA = 0.7
# Past this many sentences only the first picks need the redundancy penalty; the rest keep
# their centrality order, which bounds the work to O(n * MMR_PICKS).
MMR_PICKS = 200


def mmr_ranking(vectors: np.ndarray, relevance: np.ndarray, picks: int, balance: float = MMR_LAMBDA) -> np.ndarray:
    """Scores whose order is the MMR order for the first `picks` sentences, then relevance order."""
    return mmr_scores(balance * relevance, lambda i: vectors @ vectors[i], 1 - balance, picks)


class EmbeddingMethod(Method):
    def __init__(self, settings: Settings) -> None:
        self.encoder = shared_encoder(settings.embedding_model, settings.device)

    def summarize(self, document: Document, request: MethodRequest) -> Extract:
        vectors = self.encoder.encode(document.clean_sentences).astype(np.float64)
        centroid = vectors.mean(axis=0)
        norm = np.linalg.norm(centroid)
        relevance = vectors @ (centroid / norm) if norm > 0 else np.zeros(len(vectors))
        scores = mmr_ranking(vectors, relevance, max(request.count, MMR_PICKS))
        return Extract(scores, SentenceVectors(vectors, DUPLICATE_SIMILARITY))

    def status(self) -> MethodStatus:
        return MethodStatus(True, "ready" if self.encoder.loaded else "not_loaded")

    def load(self) -> None:
        self.encoder.encode(["warm"])


register(
    "embedding",
    "extractive",
    "Sentence embeddings (MiniLM): central sentences, redundancy penalised by maximal marginal relevance.",
    EmbeddingMethod,
    unavailable_reason=lambda settings: model_unavailable_reason(settings.embedding_model),
)
