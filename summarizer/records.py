"""Typed, frozen records that the pipeline returns."""

from __future__ import annotations

from dataclasses import dataclass, field, is_dataclass
from typing import Any, Literal

import numpy as np


@dataclass(frozen=True)
class Sentence:
    """One sentence of the input. `text == original[start:end]`."""

    text: str
    start: int
    end: int
    index: int
    score: float = 0.0


@dataclass(frozen=True)
class Heading:
    """A title or section heading of the input: not a sentence. `text == original[start:end]` (for a
    Markdown heading, without its `#` marks)."""

    text: str
    start: int
    end: int
    level: int = 1  # Markdown's level (the number of `#`); 1 for a title found by layout


@dataclass(frozen=True)
class Section:
    """A heading inside the text and the first sentence under it (`Document.sentences` index; equal to
    the sentence count when nothing follows)."""

    heading: Heading
    first_sentence: int


@dataclass(frozen=True)
class Keyword:
    text: str
    score: float


@dataclass(frozen=True)
class Stats:
    input_sentences: int
    input_words: int
    summary_words: int
    elapsed_ms: float
    chunks: int | None = None  # abstractive: chunks the input was split into
    passes: int | None = None  # abstractive: generation passes (map-reduce levels + final)
    generated_tokens: int | None = None  # abstractive: tokens the final pass generated


@dataclass(frozen=True)
class LanguageDetection:
    """The language detected in a text (when the caller named none): its ISO 639-1 code, our name for it
    (None: one we do not summarise), and the detector's probability for it."""

    code: str
    language: str | None
    confidence: float


@dataclass(frozen=True, eq=False)
class SentenceVectors:
    """Unit sentence vectors a method computed, and the cosine above which two sentences are paraphrases:
    handed from the method to the key points in its result (not part of the Summary)."""

    vectors: np.ndarray
    duplicate_similarity: float


@dataclass(frozen=True)
class Summary:
    summary: str
    sentences: list[Sentence]
    key_points: list[str]
    keywords: list[Keyword]
    method: str
    kind: Literal["extractive", "abstractive"]
    language: str
    stats: Stats
    warnings: list[str] = field(default_factory=list)
    model: str | None = None  # the model that wrote an abstractive summary
    title: Heading | None = None  # the text's title (its first line, when that reads as a heading)
    detected_language: LanguageDetection | None = None  # when `language` was "auto" (the default)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape the CLI's --json and the service return."""
        data: dict[str, Any] = _plain(self)
        data["stats"] = {k: v for k, v in data["stats"].items() if v is not None}
        return data


_LEAVES = frozenset({str, int, float, bool, type(None)})  # returned as they are, found by one set look-up


def _plain(value: Any) -> Any:
    """Records as dicts and lists, what `dataclasses.asdict` returns for these records (whose fields hold
    only strings, numbers, None, records and lists of them) without its deep copy of every value."""
    if type(value) in _LEAVES:  # most values: tested first, before the slower `is_dataclass`
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if is_dataclass(value):
        return {name: _plain(item) for name, item in vars(value).items()}
    return value
