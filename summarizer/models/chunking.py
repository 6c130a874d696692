"""Split text into chunks that fit a model's input, at sentence boundaries (never truncating)."""

from __future__ import annotations

from collections.abc import Callable

CountTokens = Callable[[list[str]], list[int]]
SplitByTokens = Callable[[str, int], list[str]]


def pack(units: list[str], budget: int, count: CountTokens, split: SplitByTokens) -> list[str]:
    """Join consecutive `units` (sentences) into chunks of at most `budget` tokens.

    A unit longer than the budget is cut into token windows (`split`). Every chunk is counted
    again after joining, and one that came out over budget is divided again: nothing is dropped.
    """
    if budget < 1:
        raise ValueError(f"token budget must be positive, got {budget}")
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for unit, tokens in zip(units, count(units), strict=True):
        if tokens > budget:
            if current:
                chunks.append(current)
                current, used = [], 0
            chunks.extend([piece] for piece in split(unit, budget))
        elif current and used + tokens + 1 > budget:  # +1: the space that joins them
            chunks.append(current)
            current, used = [unit], tokens
        else:
            current.append(unit)
            used += tokens + 1
    if current:
        chunks.append(current)
    return _fit(chunks, budget, count, split)


def _fit(chunks: list[list[str]], budget: int, count: CountTokens, split: SplitByTokens) -> list[str]:
    texts = [" ".join(chunk) for chunk in chunks]
    fitted: list[str] = []
    for chunk, text, tokens in zip(chunks, texts, count(texts), strict=True):
        if tokens <= budget:
            fitted.append(text)
        elif len(chunk) > 1:
            half = len(chunk) // 2
            fitted.extend(_fit([chunk[:half], chunk[half:]], budget, count, split))
        else:  # one window that re-tokenised longer than it was cut: cut it smaller
            fitted.extend(_fit([[p] for p in split(text, max(1, budget * 3 // 4))], budget, count, split))
    return fitted
