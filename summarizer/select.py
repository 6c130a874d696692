"""Length controls: turn sentence scores into the chosen sentences (sentences, ratio or word budget)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .options import Length


def target_count(length: Length, total: int, word_counts: list[int]) -> int:
    """How many sentences the length control asks for (for a word budget, an estimate)."""
    if length.sentences is not None:
        return min(length.sentences, total)
    if length.ratio is not None:
        return max(1, min(total, math.floor(length.ratio * total + 0.5)))
    assert length.words is not None
    average = max(1.0, sum(word_counts) / max(1, total))
    return max(1, min(total, round(length.words / average)))


def ranking(scores: np.ndarray) -> np.ndarray:
    """Sentence indices, best first; ties go to the earlier sentence."""
    return np.lexsort((np.arange(len(scores)), -scores))


def mmr_scores(
    base: np.ndarray, similarity_to: Callable[[int], np.ndarray], redundancy: float, picks: int
) -> np.ndarray:
    """Maximal marginal relevance (Carbonell & Goldstein 1998) as scores whose order is the pick order.

    Each pick takes the best `base - redundancy * (max similarity to the sentences picked so far)`;
    `similarity_to(i)` gives sentence i's similarity to every sentence. After `picks` picks the rest
    keep their `base` order, below every pick, which bounds the work to O(n x picks).
    """
    if len(base) <= SMALL_MMR and picks >= len(base):
        small = _small_mmr(base, similarity_to, redundancy)
        if small is not None:
            return small
    return _array_mmr(base, similarity_to, redundancy, picks)


def _array_mmr(
    base: np.ndarray, similarity_to: Callable[[int], np.ndarray], redundancy: float, picks: int
) -> np.ndarray:
    n = len(base)
    scores = base.astype(float).copy()
    chosen = np.zeros(n, dtype=bool)
    penalty = np.zeros(n)
    last = np.inf
    for _ in range(min(picks, n)):
        gain = np.where(chosen, -np.inf, base - redundancy * penalty)
        best = int(np.argmax(gain))
        last = min(last, float(gain[best]))  # gains need not fall monotonically: cap them to the pick order
        scores[best] = last
        chosen[best] = True
        penalty = np.maximum(penalty, similarity_to(best))
    rest = ~chosen
    if rest.any() and np.isfinite(last):
        scores[rest] = base[rest] - base[rest].max() + last - 1.0
    return scores


# Up to this many sentences MMR runs on Python floats: a pick is half a dozen NumPy calls of a few
# microseconds each, most of the work on a short text (the seed's 13 picks: 0.050 -> 0.025 ms), and on
# floats it is a loop over a dozen numbers. The same operations on the same doubles, in the same order,
# tie-breaks included, so the same scores (tests/test_centrality.py compares the two on random input).
SMALL_MMR = 40


def _small_mmr(base: np.ndarray, similarity_to: Callable[[int], np.ndarray], redundancy: float) -> np.ndarray | None:
    """`mmr_scores` with every sentence picked, on Python floats; None where a NaN or infinity is met,
    for NumPy to handle as it does (a finite sum means finite terms here: scores and similarities are small)."""
    values = base.astype(float).tolist()
    if not math.isfinite(sum(values)):
        return None
    n = len(values)
    scores, penalty, left = [0.0] * n, [0.0] * n, list(range(n))
    last = math.inf
    for _ in range(n):
        best, gain = -1, -math.inf
        for i in left:  # np.argmax: the first of the largest
            value = values[i] - redundancy * penalty[i]
            if value > gain:
                best, gain = i, value
        last = min(last, gain)
        scores[best] = last
        left.remove(best)
        row = similarity_to(best).tolist()
        if not math.isfinite(sum(row)):
            return None
        penalty = [p if p > r else r for p, r in zip(penalty, row, strict=True)]  # np.maximum: r on a tie
    return np.array(scores)


@dataclass(frozen=True)
class Selection:
    indices: list[int]  # in document order
    warnings: list[str] = field(default_factory=list)


def select(scores: np.ndarray, word_counts: list[int], length: Length) -> Selection:
    """Pick sentences by score under the length control; report in document order."""
    total = len(scores)
    order = ranking(scores)
    warnings: list[str] = []
    if length.words is None:
        count = target_count(length, total, word_counts)
        if length.sentences is not None and length.sentences > total:
            warnings.append(f"asked for {length.sentences} sentences, the text has {total}; returning all of them")
        return Selection(sorted(int(i) for i in order[:count]), warnings)

    # Word budget: the best-ranked sentences that fit, skipping any that would overflow it.
    budget, used, chosen = length.words, 0, []
    for i in order:
        if used + word_counts[i] <= budget:
            chosen.append(int(i))
            used += word_counts[i]
    if not chosen:
        best = int(order[0])
        chosen = [best]
        warnings.append(
            f"no sentence fits in {budget} words; returning the best sentence, which has {word_counts[best]} words"
        )
    return Selection(sorted(chosen), warnings)
