"""Luhn's significant-word clusters (Luhn 1958), vectorised: the same ratings as sumy 0.13's `LuhnSummarizer`.

sumy's rules, replicated exactly:

* Significant stems: every word is lower-cased, dropped if it is a stop word (the stop list
  lower-cased), stemmed (`stem(lower(word))`) and lower-cased again (`TfDocumentModel`); with
  `significant_percentage = 1` every stem is kept, then only those occurring more than once.
* A sentence's words are *not* filtered by the stop list: a word is significant when its stem is a
  significant stem, whatever the word.
* Chunks: a chunk opens at a significant word and closes after `max_gap_size` (4) consecutive
  insignificant words, so two significant words are in one chunk when fewer than 4 words lie
  between them. A chunk rates `k**2 / span` (k significant words, span from its first to its last
  significant word), or 0 when k == 1; a sentence rates its best chunk, 0 without one.

Everything is a count or a ratio of two small integers, so the ratings are bit-identical to sumy's,
ties included, and `ranking` (ties to the earlier sentence) is sumy's order for every sentence.
"""

from __future__ import annotations

import numpy as np

from ...text.sentences import Document, stem
from .terms import normalized_stop_words, word_occurrences

MAX_GAP_SIZE = 4  # sumy's LuhnSummarizer.max_gap_size


def _significance(document: Document) -> tuple[np.ndarray, np.ndarray]:
    """Every word of the document in order: is it significant, and which sentence it belongs to."""
    language = document.language
    stop = normalized_stop_words(language)
    index, occurrences, owner = word_occurrences(document)
    stems = [stem(language, word.lower()) for word in index]
    # TfDocumentModel counts lower-cased stems of the words that are not stop words.
    counts: dict[str, int] = {}
    for word, s, times in zip(index, stems, np.bincount(occurrences, minlength=len(index)).tolist(), strict=True):
        if word.lower() not in stop:
            counts[s.lower()] = counts.get(s.lower(), 0) + times
    significant = {term for term, count in counts.items() if count > 1}
    # A sentence's word is significant by its stem as stem_word returns it (not lower-cased again).
    flags = np.array([s in significant for s in stems], dtype=bool)[occurrences]
    return flags, owner


def rank(document: Document, count: int) -> np.ndarray:
    """sumy's Luhn rating of every sentence: its best chunk's k**2 / span."""
    scores = np.zeros(len(document.words))
    flags, owner = _significance(document)
    positions = np.flatnonzero(flags)
    if len(positions) == 0:
        return scores
    sentence = owner[positions]
    # A chunk breaks at a sentence boundary or at a gap of MAX_GAP_SIZE insignificant words.
    breaks = (np.diff(positions) > MAX_GAP_SIZE) | (np.diff(sentence) != 0)
    starts = np.concatenate(([0], np.flatnonzero(breaks) + 1))
    ends = np.concatenate((starts[1:], [len(positions)])) - 1
    significant = (ends - starts + 1).astype(np.float64)
    span = (positions[ends] - positions[starts] + 1).astype(np.float64)
    rating = np.where(significant > 1, significant**2 / span, 0.0)
    np.maximum.at(scores, sentence[starts], rating)
    return scores
