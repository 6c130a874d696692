"""Key points: the most important distinct sentences, short and able to stand alone, best first."""

from __future__ import annotations

import numpy as np

from .records import SentenceVectors
from .select import ranking
from .text.sentences import Document, content_stems

MIN_WORDS, MAX_WORDS = 4, 40
# Two key points that share more than this fraction of their content stems (Jaccard) say the same
# thing: in the seed article, restatements of "NATO expansion is a threat" overlap at 0.5-0.7 while
# distinct points stay below 0.3.
DUPLICATE_SIMILARITY = 0.5
# Openings that lean on the sentence before and so do not stand alone (English only).
_DEPENDENT_OPENINGS = {
    "english": frozenset(
        [
            "he",
            "she",
            "it",
            "they",
            "this",
            "that",
            "these",
            "those",
            "his",
            "her",
            "their",
            "its",
            "but",
            "and",
            "also",
            "however",
            "so",
            "then",
            "meanwhile",
            "moreover",
            "furthermore",
            "yet",
            "still",
            "there",
            "such",
            "both",
        ]
    ),
}


def key_points(
    document: Document, scores: np.ndarray, count: int, embedded: SentenceVectors | None = None
) -> list[str]:
    """Up to `count` sentences in order of score, skipping near-duplicates of those already taken.

    Sentences that are short enough and stand alone come first; the others fill any places left.
    When the method embedded the sentences (`embedded`), paraphrases (cosine above the
    vectors' duplicate similarity) count as duplicates too, not only sentences that share their words.
    """
    if count <= 0:
        return []
    stems: dict[int, frozenset[str]] = {}

    def content(i: int) -> frozenset[str]:
        if i not in stems:
            stems[i] = _content_stems(document, i)
        return stems[i]

    # Best first, standalone sentences before the others (a stable sort keeps the score order).
    candidates = sorted((int(i) for i in ranking(scores)), key=lambda i: not _stands_alone(document, i))
    chosen: list[int] = []
    for i in candidates:
        if len(chosen) == count:
            break
        if any(jaccard(content(i), content(j)) > DUPLICATE_SIMILARITY for j in chosen):
            continue
        if embedded is not None and any(
            float(embedded.vectors[i] @ embedded.vectors[j]) > embedded.duplicate_similarity for j in chosen
        ):
            continue
        chosen.append(i)
    return [document.clean_sentences[i] for i in chosen]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / len(a | b)


def _content_stems(document: Document, index: int) -> frozenset[str]:
    return frozenset(content_stems(document.language, document.words[index]))


def _stands_alone(document: Document, index: int) -> bool:
    words = document.words[index]
    if not MIN_WORDS <= len(document.clean_sentences[index].split()) <= MAX_WORDS or not words:
        return False
    return words[0].lower() not in _DEPENDENT_OPENINGS.get(document.language, frozenset())
