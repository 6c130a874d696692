"""Shared building blocks of the fast engines: sumy's word normalisation and sparse sentence x term matrices.

The API is deliberately small:

* `normalized_stop_words(language)`: the stop list as sumy's summarisers hold it (lower-cased).
* `stemmed_words(document)`: each sentence's words as sumy's `_to_words_set` sees them (LexRank,
  TextRank, Reduction, LSA's dictionary): lower-cased, stop words dropped, then stemmed, in order.
* `count_matrix(sentences, vocabulary=None)`: a CSR sentence x term matrix of counts (float64, sorted
  indices) and its vocabulary; with a fixed vocabulary, words outside it are not counted.
* `gram_blocks(rows, max_cells)`: `rows @ rows.T` computed in horizontal slices, so that no
  n x n matrix is ever held in memory.
* `last_same_text(document)` and `same_text_groups(document)`: sumy keys some ratings by `Sentence`,
  whose equality is equality of text, so identical sentences share one rating.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache

import numpy as np
import scipy.sparse as sp

from ...text.languages import stop_words
from ...text.sentences import Document, stem

# Cells (rows x columns) of one slice in `gram_blocks`: 4M float64 cells are 32 MB even when dense.
MAX_BLOCK_CELLS = 4_000_000


@cache
def normalized_stop_words(language: str) -> frozenset[str]:
    """sumy's summarisers lower-case the stop list when it is set (`normalize_word`)."""
    return frozenset(word.lower() for word in stop_words(language))


def stemmed_words(document: Document) -> list[list[str]]:
    """Each sentence's words as sumy's `_to_words_set`: lower-cased, stop words dropped, then stemmed."""
    language = document.language
    stops = normalized_stop_words(language)
    # A text repeats its words: look each distinct one up once (None marks a stop word).
    seen: dict[str, str | None] = {}
    result: list[list[str]] = []
    for words in document.words:
        stems: list[str] = []
        for word in words:
            if word in seen:
                term = seen[word]
            else:
                lowered = word.lower()
                # sumy's stem_word lower-cases again before stemming: a no-op on lower-cased words.
                term = seen[word] = None if lowered in stops else stem(language, lowered)
            if term is not None:
                stems.append(term)
        result.append(stems)
    return result


def count_matrix(
    sentences: Sequence[Sequence[str]], vocabulary: dict[str, int] | None = None
) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Sentence x term counts (CSR, float64, sorted indices) and the vocabulary (term -> column).

    Without `vocabulary`, terms are numbered in order of first occurrence; with it, only its terms
    are counted and the matrix has `len(vocabulary)` columns.
    """
    lengths = np.fromiter((len(words) for words in sentences), dtype=np.int64, count=len(sentences))
    rows = np.repeat(np.arange(len(sentences)), lengths)
    flat = [word for words in sentences for word in words]
    if vocabulary is None:
        terms: dict[str, int] = {}
        cols = np.fromiter((terms.setdefault(word, len(terms)) for word in flat), dtype=np.int64, count=len(flat))
    else:
        terms = dict(vocabulary)
        cols = np.fromiter((terms.get(word, -1) for word in flat), dtype=np.int64, count=len(flat))
        rows, cols = rows[cols >= 0], cols[cols >= 0]
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sentences), len(terms)))
    matrix.sum_duplicates()  # also sorts the indices
    return matrix, terms


def gram_blocks(rows: sp.csr_matrix, max_cells: int = MAX_BLOCK_CELLS) -> Iterator[tuple[int, sp.csr_matrix]]:
    """`rows @ rows.T` in slices of consecutive rows: yields (first row, slice as CSR with sorted indices).

    A slice has at most `max(1, max_cells // n)` rows, so even a dense copy of it stays under
    `max_cells` cells; the full n x n product is never built.
    """
    n = rows.shape[0]
    transposed = rows.T.tocsr()
    step = max(1, max_cells // max(1, n))
    for start in range(0, n, step):
        block = (rows[start : start + step] @ transposed).tocsr()
        block.sum_duplicates()
        block.sort_indices()
        yield start, block


def word_occurrences(document: Document) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every word occurrence of the document, in order, as (distinct words in order of first
    appearance, each occurrence's index into them, each occurrence's sentence). Stemming the
    distinct words only, not every occurrence, is what keeps the per-word methods fast."""
    index: dict[str, int] = {}
    occurrences = np.fromiter(
        (index.setdefault(word, len(index)) for words in document.words for word in words),
        dtype=np.intp,
        count=sum(len(words) for words in document.words),
    )
    owner = np.repeat(np.arange(len(document.words)), [len(words) for words in document.words])
    return list(index), occurrences, owner


def sentence_keys(document: Document) -> list[str]:
    """The text sumy keys a sentence by (`Sentence._text`: stripped); sumy compares sentences by it."""
    return [text.strip() for text in document.clean_sentences]


def last_same_text(document: Document) -> np.ndarray:
    """For each sentence, the index of the last sentence with the same text (itself when unique).

    `dict(zip(sentences, scores))` in sumy keeps the last score of identical sentences for all of them.
    """
    last: dict[str, int] = {}
    keys = sentence_keys(document)
    for index, key in enumerate(keys):
        last[key] = index
    return np.asarray([last[key] for key in keys], dtype=np.int64)


def same_text_groups(document: Document) -> list[np.ndarray]:
    """Indices of sentences that share their text with another, one array per text, in document order."""
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(sentence_keys(document)):
        groups.setdefault(key, []).append(index)
    return [np.asarray(members, dtype=np.int64) for members in groups.values() if len(members) > 1]
