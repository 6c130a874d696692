"""The summarisation pipeline: clean -> split into sentences -> method -> key points and keywords -> Summary."""

from __future__ import annotations

import time

import numpy as np

from .errors import InvalidInput, TextTooLong
from .keypoints import key_points as find_key_points
from .keywords import keywords as find_keywords
from .methods import registry
from .methods.registry import ExtractiveMethod
from .records import Sentence, Stats, Summary
from .select import resolve_length, select, target_count
from .sentences import split_sentences

DEFAULT_METHOD = "lexrank"
MAX_LIST_ITEMS = 50


def summarize(
    text: str,
    *,
    method: str | None = None,
    sentences: int | None = None,
    ratio: float | None = None,
    words: int | None = None,
    language: str = "english",
    key_points: int = 5,
    keywords: int = 10,
    max_chars: int | None = None,
) -> Summary:
    """Summarise `text`. Give at most one of `sentences`, `ratio`, `words` (default: 3 sentences)."""
    started = time.perf_counter()
    if not isinstance(text, str):
        raise InvalidInput(f"text must be a string, got {type(text).__name__}")
    if max_chars is not None and len(text) > max_chars:
        raise TextTooLong(
            f"text has {len(text)} characters, more than the maximum of {max_chars}",
            characters=len(text),
            max_chars=max_chars,
        )
    for name, value in (("key_points", key_points), ("keywords", keywords)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIST_ITEMS:
            raise InvalidInput(f"{name} must be a whole number from 0 to {MAX_LIST_ITEMS}, got {value!r}")
    length = resolve_length(sentences, ratio, words)
    name = method or DEFAULT_METHOD
    kind = registry.method_kind(name)
    document = split_sentences(text, language)
    summariser = registry.get_method(name)
    assert isinstance(summariser, ExtractiveMethod), f"{name} is {kind}"

    word_counts = [len(s.text.split()) for s in document.sentences]
    count = target_count(length, len(document.sentences), word_counts)
    scores = finite_scores(summariser.rank(document, count))
    selection = select(scores, word_counts, length)
    chosen = [
        Sentence(text=s.text, start=s.start, end=s.end, index=s.index, score=round(float(scores[s.index]), 6))
        for s in (document.sentences[i] for i in selection.indices)
    ]
    keywords_found, keywords_warning = find_keywords(document, scores, keywords)
    warnings = list(selection.warnings)
    if keywords_warning:
        warnings.append(keywords_warning)
    if document.split_long:
        warnings.append(
            f"{document.split_long} sentence(s) had no punctuation for over 150 words and were cut into pieces"
        )
    return Summary(
        summary=" ".join(document.clean_sentences[i] for i in selection.indices),
        sentences=chosen,
        key_points=find_key_points(document, scores, key_points),
        keywords=keywords_found,
        method=name,
        kind=kind,
        language=document.language,
        stats=Stats(
            input_sentences=len(document.sentences),
            input_words=sum(word_counts),
            summary_words=sum(word_counts[i] for i in selection.indices),
            elapsed_ms=round((time.perf_counter() - started) * 1000, 3),
        ),
        warnings=warnings,
    )


def finite_scores(raw: object) -> np.ndarray:
    """Scores as floats with no NaN or infinity: those rank last (sumy's LexRank divides by zero norms)."""
    scores = np.asarray(raw, dtype=float)
    bad = ~np.isfinite(scores)
    if bad.any():
        finite = scores[~bad]
        scores = scores.copy()
        scores[bad] = finite.min() if finite.size else 0.0
    return scores
