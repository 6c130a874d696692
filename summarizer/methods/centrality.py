"""Directed sentence centrality with a position prior and a redundancy penalty (the default method).

In the spirit of PacSum (Zheng & Lapata 2019, "Sentence Centrality Revisited for Unsupervised
Summarization"): sentences are nodes of a similarity graph whose edges count differently by direction.
A sentence similar to the sentences *after* it introduces what the text goes on to discuss (it is
central); similarity to sentences *before* it means it repeats what was said (lambda_before < 0).
Similarity mixes tf-idf cosine over stems with sentence vectors: by default static ones distilled
from the bundled MiniLM (`summarizer.models.static`, a table lookup, no transformer), or MiniLM's
own (`centrality-minilm`, a forward pass per sentence, the `embedding` method's encoder).
The score multiplies normalised centrality by a position prior,
so an early sentence wins only if it is also central, and a length prior discounts fragments
("( cnn ) # upordown ?"). Sentences are then picked by maximal marginal relevance, so the summary
does not say one thing twice.

Parameters were tuned on ../shared/data/cnndm-dev.jsonl only (bench/tune_centrality.py) and checked on
BBC News; see PARAMETERS for the chosen values and why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from ..models import minilm, static
from ..models.minilm import model_unavailable_reason, shared_encoder
from ..models.static import DEFAULT_PATH as STATIC_PATH
from ..models.static import shared_static_encoder, unavailable_reason
from ..records import SentenceVectors
from ..select import mmr_scores
from ..text.sentences import Document, content_stems
from .registry import Extract, Method, MethodRequest, MethodStatus, register

if TYPE_CHECKING:
    from ..settings import Settings

BLOCK_ROWS = 512  # similarity rows computed at once: memory stays O(BLOCK_ROWS x n), never O(n^2)
MMR_PICKS = 200  # redundancy-penalised picks; the rest keep their score order (bounds the work to O(n x 200))
# MiniLM encodes about 150 sentences a second on two CPU cores: past this many sentences
# `centrality-minilm` uses tf-idf alone, so that a 10,000-sentence document takes seconds, not a
# minute. Static vectors cost microseconds a sentence and have no such limit.
MAX_MINILM_SENTENCES = 400
# The similarity is computed for every pair of sentences, whatever they say: time grows with n^2 (memory
# does not: BLOCK_ROWS). 8,000 sentences of "Word. " took 20 s on the shared 2-core machine
# (bench/method_limits.py), 16,000 would take four times that; 8,000 real sentences are about 970,000
# characters, so SUMMARIZER_MAX_TEXT_CHARS (1,000,000) reaches this cap only with very short sentences.
MAX_SENTENCES = 8000


@dataclass(frozen=True)
class Parameters:
    threshold: float  # beta: edges below min + beta * (max - min) similarity are dropped (PacSum)
    lambda_before: float  # weight of edges to earlier sentences (negative: repeating is not central)
    lambda_after: float  # weight of edges to later sentences
    position_decay: float  # prior (1 + i) ** -decay for sentence i
    position_floor: float  # the prior never falls below this share, so late central sentences can win
    short_words: int  # sentences shorter than this are discounted in proportion
    redundancy: float  # MMR: score - redundancy * max similarity to sentences already picked
    embedding_weight: float  # share of the sentence vectors' cosine in the similarity (the rest: tf-idf cosine)


# Chosen by bench/tune_centrality.py (coordinate search, 2 rounds, objective: the smallest margin over
# Lead-3 among ROUGE-1/2/Lsum on cnndm-dev, 3 sentences). Why each value:
# - threshold 0.2: PacSum's edge threshold; 0.0 keeps weak lexical overlap as edges, 0.4 drops real ones.
# - lambda_before -0.3, lambda_after 1.0: similarity to later sentences marks a sentence that sets up the
#   story; to earlier ones, a repeat. A mild penalty (-0.3) beat both none and PacSum's -2-like values.
# - position_decay 1.0 with floor 0.02: news puts the point first (prior 1/(1 + i)); 0.5 let late
#   sentences in too easily, 2.5 collapsed to Lead-3 and below.
# - short_words 12: fragments and datelines under 12 words are discounted in proportion.
# - redundancy 0.15: a light MMR penalty; 0 repeats the lede's point, 0.6 drops it.
# - embedding_weight 0.2 (static vectors, the default) / 0.25 (MiniLM's, `centrality-minilm`): vectors add
#   paraphrase similarity. With MiniLM a quarter of the weight helped R1 and RLsum (+0.1), more than half
#   made it worse than tf-idf alone: cnndm-dev 41.13 / 18.80 / 37.62 (R1 / R2 / RLsum) vs Lead-3
#   40.44 / 18.20 / 36.96 with the same splitter, tf-idf alone 41.12 / 18.62 / 37.52. Static vectors are
#   less discriminating (their cosine with MiniLM's correlates at 0.67 on the seed's sentence pairs), and
#   the same search (bench/tune_centrality.py --encoder static) put their best weight lower: 0.1 / 0.15 /
#   0.2 / 0.25 / 0.4 gave cnndm-dev R1 41.03 / 41.26 / 41.25 / 41.21 / 40.81 and the smallest margin over
#   Lead-3 +0.52 / +0.68 / +0.70 / +0.57 / +0.24; BBC (never tuned on) agreed, 0.2 above 0.25 on all three
#   (47.57 / 39.83 / 46.60 vs 47.28 / 39.37 / 46.29; Lead-3 44.39 / 35.76 / 43.33). The other parameters
#   stayed: one more round moved nothing by more than 0.1, and centring each document's vectors cost 0.6
#   ROUGE-1 on BBC.
PARAMETERS = Parameters(
    threshold=0.2,
    lambda_before=-0.3,
    lambda_after=1.0,
    position_decay=1.0,
    position_floor=0.02,
    short_words=12,
    redundancy=0.15,
    embedding_weight=0.2,
)
MINILM_PARAMETERS = dataclasses.replace(PARAMETERS, embedding_weight=0.25)


# Similarity from a dense sentence x term matrix costs n * n * terms multiply-adds; up to this many
# (about a millisecond) dense NumPy beats SciPy's sparse bookkeeping (the seed article, 14 sentences
# x 224 terms: 0.18 ms dense, 1.2 ms sparse); beyond it sparse wins (185 sentences x 1,500 terms of
# BBC text: 32 ms dense, 4.8 ms sparse).
DENSE_TFIDF_WORK = 2_000_000


def tfidf_vectors(document: Document) -> sparse.csr_matrix | np.ndarray:
    """Rows of L2-normalised tf-idf over content stems; idf over the document's sentences.

    Dense (an ndarray) up to DENSE_TFIDF_WORK, sparse (CSR) beyond: the same numbers.
    """
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, words in enumerate(document.words):
        for term in content_stems(document.language, words):
            rows.append(i)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
    n, terms = len(document.words), max(1, len(vocabulary))
    if n * n * terms <= DENSE_TFIDF_WORK:
        counts = np.zeros((n, terms))
        np.add.at(counts, (np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)), 1.0)
        idf = np.log((1 + n) / (1 + np.count_nonzero(counts, axis=0))) + 1.0
        weighted = counts * idf
        norms = np.linalg.norm(weighted, axis=1)
        norms[norms == 0] = 1.0
        return weighted / norms[:, None]
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, terms))
    counts.sum_duplicates()
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + n) / (1 + document_frequency)) + 1.0
    weighted = counts.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)


class _Similarity:
    """Cosine similarity of sentences, mixed from tf-idf and embeddings, served in row blocks.

    A document of at most BLOCK_ROWS sentences (nearly every article) is one block, computed once:
    the MMR picks then read rows of it instead of multiplying sparse rows again for each pick.
    """

    def __init__(
        self, tfidf: sparse.csr_matrix | np.ndarray, embeddings: np.ndarray | None, embedding_weight: float
    ) -> None:
        self.tfidf, self.embeddings = tfidf, embeddings
        self.weight = embedding_weight if embeddings is not None else 0.0
        self.n = tfidf.shape[0]
        self._whole = self._compute(0, self.n) if self.n <= BLOCK_ROWS else None

    def _compute(self, start: int, stop: int) -> np.ndarray:
        product = self.tfidf[start:stop] @ self.tfidf.T
        block = product if isinstance(product, np.ndarray) else product.toarray()
        if self.embeddings is not None and self.weight > 0:
            block = (1 - self.weight) * block + self.weight * (self.embeddings[start:stop] @ self.embeddings.T)
        return block

    def rows(self, start: int, stop: int) -> np.ndarray:
        return self._whole[start:stop] if self._whole is not None else self._compute(start, stop)

    def blocks(self) -> Iterator[tuple[int, int, np.ndarray]]:
        for start in range(0, self.n, BLOCK_ROWS):
            stop = min(self.n, start + BLOCK_ROWS)
            yield start, stop, self.rows(start, stop)


def directed_centrality(similarity: _Similarity, parameters: Parameters) -> np.ndarray:
    """PacSum's centrality: lambda_before * sum of edges to earlier + lambda_after * sum to later sentences."""
    n = similarity.n
    if n < 2:
        return np.zeros(n)
    low, high = np.inf, -np.inf
    for start, _, block in similarity.blocks():  # first pass: the range of off-diagonal similarity
        off = block.copy()
        off[np.arange(len(block)), np.arange(start, start + len(block))] = np.nan
        low, high = min(low, np.nanmin(off)), max(high, np.nanmax(off))
    cut = low + parameters.threshold * (high - low)
    scores = np.zeros(n)
    columns = np.arange(n)
    for start, stop, block in similarity.blocks():
        edges = np.where(block > cut, block - cut, 0.0)
        rows = np.arange(start, stop)[:, None]
        before = np.where(columns[None, :] < rows, edges, 0.0).sum(axis=1)
        after = np.where(columns[None, :] > rows, edges, 0.0).sum(axis=1)
        scores[start:stop] = parameters.lambda_before * before + parameters.lambda_after * after
    return scores


def centrality_scores(
    document: Document, embeddings: np.ndarray | None, count: int, parameters: Parameters = PARAMETERS
) -> np.ndarray:
    """Scores whose order is the pick order: prior-weighted centrality, then MMR over similarity."""
    n = len(document.sentences)
    similarity = _Similarity(tfidf_vectors(document), embeddings, parameters.embedding_weight)
    # Scaled to [0, 1] by the most central sentence; a sentence that only repeats earlier ones
    # (negative) or links to nothing (zero) gets no weight, whatever its position.
    centrality = np.maximum(directed_centrality(similarity, parameters), 0.0)
    top = centrality.max() if n else 0.0
    relevance = centrality / top if top > 0 else np.ones(n)
    position = np.maximum(
        (1.0 + positions_in_sections(document)) ** -parameters.position_decay, parameters.position_floor
    )
    lengths = np.array([len(s.split()) for s in document.clean_sentences], dtype=float)
    shortness = np.minimum(1.0, lengths / parameters.short_words)
    return mmr_scores(
        relevance * position * shortness,
        lambda i: similarity.rows(i, i + 1)[0],
        parameters.redundancy,
        max(count, MMR_PICKS),
    )


def positions_in_sections(document: Document) -> np.ndarray:
    """Each sentence's place in its section (the text's headings start sections): a section's opening
    sentence leads it as an article's first sentence leads the article. Without headings: 0, 1, 2, ..."""
    positions = np.arange(len(document.sentences), dtype=float)
    for section in document.sections:
        positions[section.first_sentence :] = np.arange(len(document.sentences) - section.first_sentence)
    return positions


def static_path(settings: Settings) -> Path:
    return settings.static_embeddings or STATIC_PATH


class CentralityMethod(Method):
    """The default: tf-idf mixed with static vectors, milliseconds a document."""

    def __init__(self, settings: Settings) -> None:
        self.encoder = shared_static_encoder(static_path(settings))

    def summarize(self, document: Document, request: MethodRequest) -> Extract:
        embeddings = self.encoder.encode(document.clean_sentences).astype(np.float64)
        return Extract(
            centrality_scores(document, embeddings, request.count),
            SentenceVectors(embeddings, static.DUPLICATE_SIMILARITY),
        )

    def status(self) -> MethodStatus:
        if self.encoder.loaded:
            return MethodStatus(True, "ready")
        reason = unavailable_reason(self.encoder.path)
        return MethodStatus(reason is None, "failed" if reason else "not_loaded", reason)


class MiniLMCentralityMethod(Method):
    """The same with MiniLM's vectors: a transformer forward pass per sentence (about 150 a second)."""

    def __init__(self, settings: Settings) -> None:
        self.encoder = shared_encoder(settings.embedding_model, settings.device)

    def summarize(self, document: Document, request: MethodRequest) -> Extract:
        if len(document.sentences) > MAX_MINILM_SENTENCES:
            return Extract(centrality_scores(document, None, request.count, MINILM_PARAMETERS))
        embeddings = self.encoder.encode(document.clean_sentences).astype(np.float64)
        return Extract(
            centrality_scores(document, embeddings, request.count, MINILM_PARAMETERS),
            SentenceVectors(embeddings, minilm.DUPLICATE_SIMILARITY),
        )

    def status(self) -> MethodStatus:
        return MethodStatus(True, "ready" if self.encoder.loaded else "not_loaded")

    def load(self) -> None:
        self.encoder.encode(["warm"])


register(
    "centrality",
    "extractive",
    "Directed sentence centrality (PacSum-style, tf-idf + static MiniLM vectors) with a position prior and MMR; "
    "beats Lead-3 on news.",
    CentralityMethod,
    unavailable_reason=lambda settings: unavailable_reason(static_path(settings)),
    max_sentences=MAX_SENTENCES,
)
register(
    "centrality-minilm",
    "extractive",
    "centrality with MiniLM's contextual sentence vectors (a transformer forward pass per sentence) in place of "
    "the static ones.",
    MiniLMCentralityMethod,
    unavailable_reason=lambda settings: model_unavailable_reason(settings.embedding_model),
    max_sentences=MAX_SENTENCES,
)
