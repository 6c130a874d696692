"""The summarisation pipeline: clean -> split into sentences -> method -> key points and keywords -> Summary."""

from __future__ import annotations

import threading
import time
from functools import lru_cache

import numpy as np

from .errors import InvalidInput, TextTooLong
from .keypoints import key_points as find_key_points
from .keywords import keywords as find_keywords
from .methods import registry
from .methods.abstractive import AbstractiveMethod
from .methods.registry import ExtractiveMethod, MethodInfo, ReportsStatus
from .methods.sumy_methods import SumyMethod
from .records import Length, Sentence, Stats, Summary
from .select import resolve_length, select, target_count
from .settings import Settings, load_settings
from .text.sentences import Document, split_sentences

DEFAULT_METHOD = "centrality"  # beats Lead-3 on news (see summarizer/methods/centrality.py)
ENGINE_NAMES = ("fast", "sumy")
MAX_LIST_ITEMS = 50


class Summarizer:
    """Owns the settings and the method instances (models) of one process or app; thread-safe."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._methods: dict[str, object] = {}
        self._lock = threading.Lock()

    def method(self, name: str) -> object:
        """The method's instance, built on first use (models load there, not at import)."""
        if name not in self._methods:
            entry = registry.entry(name)
            with self._lock:
                if name not in self._methods:
                    self._methods[name] = entry.factory(self.settings)
        return self._methods[name]

    def methods(self) -> list[MethodInfo]:
        """Every registered method, whether it can run here, and its model's state."""
        infos = []
        for entry in registry.entries():
            instance = self._methods.get(entry.name)
            if isinstance(instance, ReportsStatus):
                status = instance.status()
                infos.append(
                    MethodInfo(entry.name, entry.kind, entry.description, status.available, status.reason, status.state)
                )
                continue
            reason = entry.unavailable_reason(self.settings)
            state = (
                "failed"
                if reason
                else ("ready" if instance is not None or entry.kind == "extractive" else "not_loaded")
            )
            infos.append(MethodInfo(entry.name, entry.kind, entry.description, reason is None, reason, state))
        return infos

    def preload(self) -> None:
        """Load the default abstractive model now (SUMMARIZER_PRELOAD=1), so that workers share it."""
        abstractive = self.method("abstractive")
        assert isinstance(abstractive, AbstractiveMethod)
        abstractive.model()

    def summarize(
        self,
        text: str,
        *,
        method: str | None = None,
        sentences: int | None = None,
        ratio: float | None = None,
        words: int | None = None,
        language: str = "english",
        key_points: int = 5,
        keywords: int = 10,
        model: str | None = None,
        engine: str = "fast",
        max_chars: int | None = None,
    ) -> Summary:
        """Summarise `text`. Give at most one of `sentences`, `ratio`, `words` (default: 3 sentences).

        `engine="sumy"` runs sumy's own implementation of its methods (the reference) instead of ours.
        """
        started = time.perf_counter()
        name = method or self.settings.default_method or DEFAULT_METHOD
        kind = registry.entry(name).kind
        _check_input(text, key_points, keywords, max_chars)
        if engine not in ENGINE_NAMES:
            raise InvalidInput(f"unknown engine {engine!r}; use one of: {', '.join(ENGINE_NAMES)}", engine=engine)
        if kind == "abstractive":
            _check_length(text, self.settings.max_abstractive_chars, "for abstractive methods")
        length = resolve_length(sentences, ratio, words)
        document = split_sentences(text, language)
        if kind == "abstractive":
            return self._abstractive(document, name, length, model, key_points, keywords, started)
        if model is not None:
            raise InvalidInput(f"model is only for abstractive methods; {name} is extractive", method=name)
        return self._extractive(document, name, length, key_points, keywords, engine, started)

    def _extractive(
        self,
        document: Document,
        name: str,
        length: Length,
        key_points: int,
        keywords: int,
        engine: str,
        started: float,
    ) -> Summary:
        summariser = self.method(name)
        assert isinstance(summariser, ExtractiveMethod)
        word_counts = [len(s.text.split()) for s in document.sentences]
        count = target_count(length, len(document.sentences), word_counts)
        raw: object
        if isinstance(summariser, SumyMethod):
            raw = summariser.rank(document, count, engine)
        elif engine == "fast":
            raw = summariser.rank(document, count)
        else:
            raise InvalidInput(f"engine {engine!r} is only for sumy's methods; {name} has one engine", engine=engine)
        scores = finite_scores(raw)
        selection = select(scores, word_counts, length)
        chosen = [
            Sentence(text=s.text, start=s.start, end=s.end, index=s.index, score=round(float(scores[s.index]), 6))
            for s in (document.sentences[i] for i in selection.indices)
        ]
        found_keywords, keywords_warning = find_keywords(document, scores, keywords)
        warnings = [*selection.warnings, *_split_warning(document), *([keywords_warning] if keywords_warning else [])]
        return Summary(
            summary=" ".join(document.clean_sentences[i] for i in selection.indices),
            sentences=chosen,
            key_points=find_key_points(document, scores, key_points),
            keywords=found_keywords,
            method=name,
            kind="extractive",
            language=document.language,
            stats=Stats(
                input_sentences=len(document.sentences),
                input_words=sum(word_counts),
                summary_words=sum(word_counts[i] for i in selection.indices),
                elapsed_ms=_elapsed_ms(started),
            ),
            warnings=warnings,
        )

    def _abstractive(
        self,
        document: Document,
        name: str,
        length: Length,
        model: str | None,
        key_points: int,
        keywords: int,
        started: float,
    ) -> Summary:
        generator = self.method(name)
        assert isinstance(generator, AbstractiveMethod)
        result = generator.summarize(document, length, model, key_points)
        # Keywords come from the input, read in document order.
        positions = -np.arange(len(document.sentences), dtype=float)
        found_keywords, keywords_warning = find_keywords(document, positions, keywords)
        return Summary(
            summary=result.summary,
            sentences=[],
            key_points=result.key_points,
            keywords=found_keywords,
            method=name,
            kind="abstractive",
            language=document.language,
            stats=Stats(
                input_sentences=len(document.sentences),
                input_words=document.word_count,
                summary_words=len(result.summary.split()),
                elapsed_ms=_elapsed_ms(started),
                chunks=result.chunks,
                passes=result.passes,
                generated_tokens=result.generated_tokens,
            ),
            warnings=[*result.warnings, *_split_warning(document), *([keywords_warning] if keywords_warning else [])],
            model=result.model,
        )


def _check_input(text: object, key_points: object, keywords: object, max_chars: int | None) -> None:
    if not isinstance(text, str):
        raise InvalidInput(f"text must be a string, got {type(text).__name__}")
    if max_chars is not None:
        _check_length(text, max_chars, "")
    for name, value in (("key_points", key_points), ("keywords", keywords)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIST_ITEMS:
            raise InvalidInput(f"{name} must be a whole number from 0 to {MAX_LIST_ITEMS}, got {value!r}")


def _check_length(text: str, max_chars: int, context: str) -> None:
    if len(text) > max_chars:
        raise TextTooLong(
            f"text has {len(text)} characters, more than the maximum of {max_chars}{' ' + context if context else ''}",
            characters=len(text),
            max_chars=max_chars,
        )


def _split_warning(document: Document) -> list[str]:
    if not document.split_long:
        return []
    return [f"{document.split_long} sentence(s) had no punctuation for over 150 words and were cut into pieces"]


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def finite_scores(raw: object) -> np.ndarray:
    """Scores as floats with no NaN or infinity: those rank last (sumy's LexRank divides by zero norms)."""
    scores = np.asarray(raw, dtype=float)
    bad = ~np.isfinite(scores)
    if bad.any():
        finite = scores[~bad]
        scores = scores.copy()
        scores[bad] = finite.min() if finite.size else 0.0
    return scores


@lru_cache(maxsize=1)
def default_summarizer() -> Summarizer:
    """The process-wide Summarizer behind `summarize()`, with settings from the environment."""
    return Summarizer()


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
    model: str | None = None,
    engine: str = "fast",
    max_chars: int | None = None,
) -> Summary:
    """Summarise `text` with the process's default Summarizer (settings from the environment).

    Give at most one of `sentences`, `ratio`, `words` (default: 3 sentences); `method=None` is the
    default method; `model` picks an allowed model for abstractive methods.
    """
    return default_summarizer().summarize(
        text,
        method=method,
        sentences=sentences,
        ratio=ratio,
        words=words,
        language=language,
        key_points=key_points,
        keywords=keywords,
        model=model,
        engine=engine,
        max_chars=max_chars,
    )


def available_methods() -> list[MethodInfo]:
    """Every registered method with a one-line description and whether it can run here."""
    return default_summarizer().methods()
