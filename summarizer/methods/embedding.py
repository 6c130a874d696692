"""Embedding-based selection: centrality to the document with maximal marginal relevance.

Sentences are embedded with a sentence-transformers encoder (default all-MiniLM-L6-v2). A sentence's
centrality is its cosine similarity to the document's mean vector; sentences are then picked greedily
by MMR (Carbonell & Goldstein 1998): lambda * centrality - (1 - lambda) * max similarity to those
already picked, so that the summary covers the document instead of repeating its main point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..keypoints import EMBEDDING_DUPLICATE_SIMILARITY, SentenceVectors
from ..models.minilm import model_unavailable_reason, shared_encoder
from ..select import mmr_scores
from ..text.sentences import Document
from .registry import MethodStatus, register

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


class EmbeddingMethod:
    def __init__(self, settings: Settings) -> None:
        self.encoder = shared_encoder(settings.embedding_model, settings.device)

    def rank(self, document: Document, count: int) -> np.ndarray:
        vectors = self.encoder.encode(document.clean_sentences).astype(np.float64)
        document.embeddings[:] = [SentenceVectors(vectors, EMBEDDING_DUPLICATE_SIMILARITY)]  # for the key points
        centroid = vectors.mean(axis=0)
        norm = np.linalg.norm(centroid)
        relevance = vectors @ (centroid / norm) if norm > 0 else np.zeros(len(vectors))
        return mmr_ranking(vectors, relevance, max(count, MMR_PICKS))

    def status(self) -> MethodStatus:
        return MethodStatus(True, "ready" if self.encoder.loaded else "not_loaded")


register(
    "embedding",
    "extractive",
    "Sentence embeddings (MiniLM): central sentences, redundancy penalised by maximal marginal relevance.",
    unavailable_reason=lambda settings: model_unavailable_reason(settings.embedding_model),
)(EmbeddingMethod)
