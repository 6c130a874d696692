"""Reduction (graph of sentence similarity, rated by the sum of edge weights), vectorised like sumy 0.13.

sumy's `ReductionSummarizer` (after github.com/adamfabish/Reduction), replicated:

* Words: lower-cased, stop words (the stop list lower-cased) dropped, then stemmed, duplicates kept
  (`terms.stemmed_words`).
* Edge weight of two different sentences: overlap = number of equal (word, word) pairs (the dot product
  of the count vectors); 0 when the overlap is 0 or when both have one word (log 1 + log 1 = 0),
  else overlap / (log len_i + log len_j).
* A sentence's rating is the sum of its edge weights, added one at a time in the order of
  `itertools.combinations`: for sentence k, the edges (0, k), (1, k), ..., (k, k+1), ..., (k, n-1).
* Identical sentences are one key of sumy's `ratings` dict: they share one rating, the sum of all their
  edges, each edge between two of them counted twice, in `combinations` order.

Matching to the bit: weights come from integer overlaps and `math.log`, like sumy's. The sums are
sequential, as sumy's `+=`: `np.cumsum` (sequential by definition, unlike `np.sum`'s pairwise sum)
over each row of a dense slice (zeros where there is no edge add nothing), so the ratings are sumy's
to the last bit, ties included, at any length. Shared ratings of identical sentences are summed the same
way over their stream of edges in `combinations` order, slice by slice, carrying the running sums.

Memory: the overlaps come from `terms.gram_blocks` (at most 4M cells per slice, 32 MB when dense); no
n x n matrix is ever held, only one slice and O(n) vectors.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from ...text.sentences import Document
from .terms import count_matrix, gram_blocks, same_text_groups, stemmed_words


def _weights(block: sp.csr_matrix, start: int, logs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, weights) of one slice's non-zero edges, the diagonal excluded, in row-major order."""
    rows = np.repeat(np.arange(block.shape[0]) + start, np.diff(block.indptr))
    cols = block.indices.astype(np.int64)
    norm = logs[rows] + logs[cols]
    keep = (norm != 0) & (rows != cols)
    rows, cols, norm = rows[keep], cols[keep], norm[keep]
    return rows, cols, block.data[keep] / norm


def _shared_sums(
    rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, group_of: np.ndarray, carry: np.ndarray
) -> None:
    """Add one slice's edges to the shared ratings of identical sentences, in `combinations` order.

    The pair (i, j), i < j, adds its weight once if i is in a group and once if j is (twice for a pair
    inside one group, one after the other); pairs come in row-major order of the upper triangle.
    """
    upper = cols > rows
    rows, cols, weights = rows[upper], cols[upper], weights[upper]
    position = np.arange(rows.size)
    first, second = group_of[rows], group_of[cols]
    by_first, by_second = first >= 0, second >= 0
    group = np.concatenate((first[by_first], second[by_second]))
    if group.size == 0:
        return
    order_key = np.concatenate((position[by_first], position[by_second]))
    stream = np.concatenate((weights[by_first], weights[by_second]))
    order = np.lexsort((order_key, group))
    group, stream = group[order], stream[order]
    bounds = np.flatnonzero(np.diff(group)) + 1
    for segment_group, segment in zip(group[np.concatenate(([0], bounds))], np.split(stream, bounds), strict=True):
        carry[segment_group] = np.cumsum(np.concatenate(([carry[segment_group]], segment)))[-1]


def rank(document: Document, count: int) -> np.ndarray:
    """Reduction rating of every sentence, as sumy rates it."""
    words = stemmed_words(document)
    n = len(words)
    counts, _ = count_matrix(words)
    logs = np.asarray([math.log(len(w)) if w else 0.0 for w in words])
    groups = same_text_groups(document)
    group_of = np.full(n, -1, dtype=np.int64)
    for index, members in enumerate(groups):
        group_of[members] = index
    shared = np.zeros(len(groups))
    scores = np.zeros(n)
    for start, block in gram_blocks(counts):
        rows, cols, weights = _weights(block, start, logs)
        dense = np.zeros(block.shape)
        dense[rows - start, cols] = weights
        scores[start : start + block.shape[0]] = np.cumsum(dense, axis=1)[:, -1]
        if groups:
            _shared_sums(rows, cols, weights, group_of, shared)
    for index, members in enumerate(groups):
        scores[members] = shared[index]
    return scores
