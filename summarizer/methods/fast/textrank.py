"""TextRank (Mihalcea & Tarau 2004), vectorised: the same ratings as sumy 0.13's `TextRankSummarizer`.

sumy's rules, replicated:

* Words: lower-cased, stop words (the stop list lower-cased) dropped, then stemmed, duplicates kept
  (`terms.stemmed_words`).
* Edge weight of sentences i and j, the sentence itself included: overlap = sum over i's words of
  their count in j (the dot product of the two count vectors); 0 when the overlap is 0, the overlap
  itself when both sentences have one word (sumy's `isclose(norm, 0)`), else
  overlap / (log len_i + log len_j).
* Rows divided by (row sum + 1e-7); M = (1 - 0.85) / n + 0.85 * weights.
* Power method from p = 1/n: p <- M^T p (no normalisation) until |p_new - p| <= 1e-4.
* Identical sentences are one key of sumy's `{sentence: rank}`: all get the score of the last one.

Matching to the bit: overlaps are integers and the logarithms come from `math.log` like sumy's, so for
up to `DENSE_LIMIT` sentences the dense matrix is sumy's to the bit and the power method makes the same
NumPy calls: the scores, ties included, are sumy's exactly (in one process: same BLAS, same threads).
(The BLAS kernel does not always give identical columns identical sums, so only the same dense call
reproduces sumy's order among equal sentences.)

Memory: the overlaps come from `terms.gram_blocks`, slice by slice (at most 4M cells each). Above
`DENSE_LIMIT` sentences the weights are kept as one sparse symmetric matrix, O(pairs of sentences that
share a stem), 12 bytes each (about 5% of n^2 pairs on news text: ~100 MB peak at 10,000 sentences;
~n^2 if nearly every sentence shares a word with every other), and M^T p is computed as
(1 - d)/n * sum(p) + d * W (p / rowsum) without forming the dense M; the scores then differ from
sumy's in the last bits only. Up to `DENSE_LIMIT` the dense matrix takes at most 32 MB (twice while built).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from ...text.sentences import Document
from .terms import count_matrix, gram_blocks, last_same_text, stemmed_words

EPSILON = 1e-4  # TextRankSummarizer.epsilon
DAMPING = 0.85  # TextRankSummarizer.damping
ZERO_DIVISION_PREVENTION = 1e-7  # TextRankSummarizer._ZERO_DIVISION_PREVENTION
# Up to this many sentences the matrix is dense (32 MB at 2000), exactly sumy's.
DENSE_LIMIT = 2000


def edge_weights(words: list[list[str]]) -> sp.csr_matrix:
    """The symmetric matrix of sumy's `_rate_sentences_edge`, diagonal included (CSR, no zeros)."""
    n = len(words)
    counts, _ = count_matrix(words)
    logs = np.asarray([math.log(len(w)) if w else 0.0 for w in words])
    blocks: list[sp.csr_matrix] = []
    for start, block in gram_blocks(counts):
        rows = np.repeat(np.arange(block.shape[0]) + start, np.diff(block.indptr))
        norm = logs[rows] + logs[block.indices]
        overlap = block.data
        # norm == 0 only when both sentences have a single word (log 1 + log 1); sumy keeps the overlap.
        block.data = np.divide(overlap, norm, out=overlap.copy(), where=norm != 0)
        blocks.append(block)
    if not blocks:
        return sp.csr_matrix((n, n))
    return sp.csr_matrix(sp.vstack(blocks, format="csr"))


def _dense_power_method(weights: sp.csr_matrix) -> np.ndarray:
    n = weights.shape[0]
    matrix = weights.toarray()
    matrix /= matrix.sum(axis=1)[:, np.newaxis] + ZERO_DIVISION_PREVENTION
    # (1 - d)/n + d * W, computed in place: the same products and sums as sumy's expression.
    matrix *= DAMPING
    matrix += (1.0 - DAMPING) / n
    transposed = matrix.T
    p_vector = np.full(n, 1.0 / n)
    lambda_val = 1.0
    while lambda_val > EPSILON:
        next_p = np.dot(transposed, p_vector)
        lambda_val = float(np.linalg.norm(np.subtract(next_p, p_vector)))
        p_vector = next_p
    return np.asarray(p_vector, dtype=float)


def _sparse_power_method(weights: sp.csr_matrix) -> np.ndarray:
    n = weights.shape[0]
    row_sums = np.asarray(weights.sum(axis=1)).ravel() + ZERO_DIVISION_PREVENTION
    p_vector = np.full(n, 1.0 / n)
    lambda_val = 1.0
    while lambda_val > EPSILON:
        # W is symmetric, so (W / row_sums)^T p = W (p / row_sums).
        next_p = DAMPING * (weights @ (p_vector / row_sums)) + (1.0 - DAMPING) / n * p_vector.sum()
        lambda_val = float(np.linalg.norm(next_p - p_vector))
        p_vector = next_p
    return p_vector


def rank(document: Document, count: int) -> np.ndarray:
    """TextRank score of every sentence, as sumy rates it."""
    words = stemmed_words(document)
    weights = edge_weights(words)
    scores = _dense_power_method(weights) if len(words) <= DENSE_LIMIT else _sparse_power_method(weights)
    return np.asarray(scores[last_same_text(document)], dtype=float)
