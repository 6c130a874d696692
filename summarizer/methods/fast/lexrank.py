"""LexRank (Erkan & Radev 2004), vectorised: the same ratings as sumy 0.13's `LexRankSummarizer`.

sumy's rules, replicated:

* Words: lower-cased, stop words (the stop list lower-cased) dropped, then stemmed (`terms.stemmed_words`).
* tf = count / (largest count in the sentence); idf = log(n / (1 + df)), df = sentences containing the
  term (sumy's formula: note the 1 +, so a term in n - 1 sentences weighs 0 and one in all n weighs < 0).
* cosine(i, j) = sum(tf_i tf_j idf^2) / (|tf_i idf| |tf_j idf|), and 0 when either norm is 0; the
  sentence itself included. An edge where cosine > 0.1; row i of the matrix is 1/degree(i) on its
  edges (degree 0 counts as 1, an empty row).
* Power method from p = 1/n: p <- normalise(M^T p) until |p_new - p| <= 0.1 (sumy's epsilon).
* Identical sentences are one key of sumy's `dict(zip(sentences, scores))`: all get the score of the
  last of them.

Matching to the bit: the adjacency (0 or 1/degree) does not depend on rounding, so for up to
`DENSE_LIMIT` sentences the dense matrix is bit-identical to sumy's and the power method runs the same
NumPy calls (`numpy.dot(M.T, p)`, `numpy.linalg.norm`): the scores are sumy's to the last bit (in one
process: same BLAS, same thread count), ties included (the BLAS kernel does not always give identical
columns identical sums, so a sparse product would not reproduce sumy's order among equal sentences). The
one source of difference is the cosine itself, summed in another order than sumy's: a pair whose cosine
lies within ~1e-16 of 0.1 may fall on the other side of the threshold (sumy's own sum runs in frozenset
order, which changes with the process's hash seed, so sumy is not stable there either).

Memory: the cosines are computed by `terms.gram_blocks` slice by slice (at most 4M cells each) and
only edges above the threshold are kept (as int32 pairs), so memory is O(edges) plus one slice: about
25 MB at 10,000 sentences of news. Up to `DENSE_LIMIT` sentences the dense matrix adds at most 32 MB;
above it the power method runs on a sparse matrix (rounding then differs from sumy's in the last bits;
nobody runs sumy on such texts: it would take hours). The bound is the edge count: a text whose
sentences are nearly all alike (one line repeated 10,000 times) has ~n^2 edges, 12 bytes each.

Ill-defined case: when no pair (not even a sentence with itself) has cosine > 0.1, sumy's first step
divides the zero vector by its zero norm and every score is NaN, which its stable sort leaves in
document order. This engine returns zeros there: the same order, and finite.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from ...text.sentences import Document
from .terms import count_matrix, gram_blocks, last_same_text, stemmed_words

THRESHOLD = 0.1  # LexRankSummarizer.threshold
EPSILON = 0.1  # LexRankSummarizer.epsilon
# Up to this many sentences the power method runs on a dense matrix (32 MB at 2000), like sumy's.
DENSE_LIMIT = 2000


def edges(words: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of the sentence pairs whose idf-modified cosine exceeds THRESHOLD, both directions."""
    n = len(words)
    counts, _ = count_matrix(words)
    row_of_entry = np.repeat(np.arange(n), np.diff(counts.indptr))
    largest = counts.max(axis=1).toarray().ravel()
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    # math.log rather than np.log: sumy's idf, to the bit.
    idf = np.asarray([math.log(n / (1 + int(df))) for df in document_frequency], dtype=float)
    weights = counts.copy()
    weights.data = counts.data / largest[row_of_entry] * idf[counts.indices]
    squared_norms = np.bincount(row_of_entry, weights=weights.data**2, minlength=n)
    valid = squared_norms > 0
    # A zero norm gives cosine 0 with everything (sumy's else branch): drop those rows altogether.
    weights = sp.csr_matrix(sp.diags(valid.astype(float)) @ weights)
    weights.eliminate_zeros()
    norms = np.where(valid, np.sqrt(squared_norms), 1.0)
    found_rows: list[np.ndarray] = []
    found_cols: list[np.ndarray] = []
    for start, block in gram_blocks(weights):
        coo = block.tocoo()
        rows = coo.row.astype(np.int64) + start
        cosine = coo.data / (norms[rows] * norms[coo.col])
        keep = cosine > THRESHOLD
        # int32 halves the memory of the edge list (n is far below 2**31).
        found_rows.append(rows[keep].astype(np.int32))
        found_cols.append(coo.col[keep].astype(np.int32))
    return np.concatenate(found_rows), np.concatenate(found_cols)


def power_method(rows: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    """sumy's `power_method` on the row-normalised adjacency; assumes at least one edge."""
    degrees = np.bincount(rows, minlength=n).astype(float)
    degrees[degrees == 0] = 1.0
    p_vector = np.full(n, 1.0 / n)
    lambda_val = 1.0
    if n <= DENSE_LIMIT:
        matrix = np.zeros((n, n))
        matrix[rows, cols] = 1.0 / degrees[rows]
        transposed: np.ndarray | sp.csr_matrix = matrix.T
    else:
        transposed = sp.csr_matrix((1.0 / degrees[rows], (cols, rows)), shape=(n, n))
    while lambda_val > EPSILON:
        next_p = transposed @ p_vector if isinstance(transposed, sp.csr_matrix) else np.dot(transposed, p_vector)
        next_p /= np.linalg.norm(next_p)
        lambda_val = float(np.linalg.norm(np.subtract(next_p, p_vector)))
        p_vector = next_p
    return np.asarray(p_vector, dtype=float)


def rank(document: Document, count: int) -> np.ndarray:
    """LexRank centrality of every sentence, as sumy rates it."""
    words = stemmed_words(document)
    n = len(words)
    rows, cols = edges(words) if any(words) else (np.zeros(0, np.int32), np.zeros(0, np.int32))
    if rows.size == 0:
        return np.zeros(n)  # sumy: all NaN, left in document order
    scores = power_method(rows, cols, n)
    return np.asarray(scores[last_same_text(document)], dtype=float)
