"""The summarisation pipeline: clean -> split into sentences -> method -> key points and keywords -> Summary."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np

from .errors import InvalidInput, ModelNotAllowed, TooManySentences, check_length
from .keypoints import key_points as find_key_points
from .keywords import keywords as find_keywords
from .methods import registry
from .methods.registry import Abstract, Extract, Method, MethodInfo, MethodRequest, State
from .options import AUTO_LANGUAGE, Format, Options
from .records import Sentence, Stats, Summary
from .select import select, target_count
from .settings import Settings, load_settings
from .text.detect import detect_language, detected_language
from .text.languages import resolve_language
from .text.sentences import Document, split_sentences, tokenizer_for

DEFAULT_METHOD = "centrality"  # beats Lead-3 on news (see summarizer/methods/centrality.py)


class Summarizer:
    """Owns the settings and the method instances (models) of one process or app; thread-safe."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._methods: dict[str, Method] = {}
        self._lock = threading.Lock()
        # One extractive summary at a time in this process. Such a summary is pure Python and NumPy on
        # small arrays and holds the GIL throughout, so threads gain nothing by running several at once,
        # and interleaving them cost more CPU per summary: on a 3,900-word document under gunicorn's 4
        # threads, 25-27 ms per request where one thread at a time took 23 ms (bench/service.py). They
        # take turns instead. An abstractive model's generation releases the GIL and queues for its
        # model by itself (summarizer/models/queueing.py), so it does not take this turn.
        self._extracting = threading.Lock()

    @property
    def default_method(self) -> str:
        """The method a request gets when it names none (SUMMARIZER_DEFAULT_METHOD, or the library's)."""
        return self.settings.default_method or DEFAULT_METHOD

    def method(self, name: str) -> Method:
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
            if instance is not None:
                status = instance.status()
                infos.append(
                    MethodInfo(entry.name, entry.kind, entry.description, status.available, status.reason, status.state)
                )
                continue
            reason = entry.unavailable_reason(self.settings)
            state: State = "failed" if reason else ("ready" if entry.kind == "extractive" else "not_loaded")
            infos.append(MethodInfo(entry.name, entry.kind, entry.description, reason is None, reason, state))
        return infos

    def preload(self) -> None:
        """Load now the models that take seconds to load (SUMMARIZER_PRELOAD=1), so that workers share them."""
        for entry in registry.entries():
            if entry.preload:
                self.method(entry.name).load()

    def check(self, options: Options) -> str:
        """The method `options` name (or the default), after checking the options fit together: a known
        method, an engine it has, a model only for an abstractive method and one allowed here, a
        supported language. InvalidInput (a subclass) otherwise; a batch checks its shared options once."""
        name = self.default_method if options.method is None else options.method  # "" is no method's name
        entry = registry.entry(name)
        if options.engine not in self.method(name).engines:
            raise InvalidInput(
                f"engine {options.engine!r} is only for sumy's methods; {name} has one engine", engine=options.engine
            )
        if options.model is not None and entry.kind != "abstractive":
            raise InvalidInput(f"model is only for abstractive methods; {name} is extractive", method=name)
        if options.model is not None and options.model not in self.settings.models:
            raise ModelNotAllowed(
                f"model {options.model!r} is not allowed here; use one of: {', '.join(self.settings.models)}",
                model=options.model,
                allowed=self.settings.models,
            )
        if not _wants_detection(options.language):
            resolve_language(options.language)
        return name

    def summarize(
        self,
        text: str,
        options: Options | None = None,
        *,
        max_chars: int | None = None,
        on_text: Callable[[str], None] | None = None,
        on_chunks: Callable[[int, int], None] | None = None,
        **given: Any,
    ) -> Summary:
        """Summarise `text` as `options` say, or as keyword arguments say (the fields of `Options`, with
        `sentences=`, `ratio=` or `words=` for the length; default: the default method, 3 sentences).
        `max_chars` lowers the longest text accepted below SUMMARIZER_MAX_TEXT_CHARS.

        `engine="sumy"` runs sumy's own implementation of its methods (the reference) instead of ours.
        `on_text` hears an abstractive summary's final pass as it is written (the text so far, each time it
        grows); the returned summary may be shorter (cut to the requested length). `on_chunks(done, total)`
        hears an abstractive method's progress through map-reduce: the chunks (model inputs, the final one
        included) generated so far, and those known so far (the total grows as later passes are packed).
        """
        started = time.perf_counter()
        if options is None:
            options = Options.build(**given)
        elif given:
            raise TypeError("give an Options record or keyword arguments, not both")
        if not isinstance(text, str):
            raise InvalidInput(f"text must be a string, got {type(text).__name__}")
        name = self.check(options)
        check_length(text, min(self.settings.max_text_chars, max_chars or self.settings.max_text_chars))
        if registry.entry(name).kind != "extractive":
            return self._summarize(text, options, name, on_text, on_chunks, started)
        with self._extracting:
            return self._summarize(text, options, name, on_text, on_chunks, started)

    def _summarize(
        self,
        text: str,
        options: Options,
        name: str,
        on_text: Callable[[str], None] | None,
        on_chunks: Callable[[int, int], None] | None,
        started: float,
    ) -> Summary:
        method = self.method(name)
        language, detection = options.language, None
        if _wants_detection(language):  # empty text: any language, split_sentences says it is empty
            language, detection = detected_language(text) if text.strip() else ("english", None)
        document = split_sentences(text, language, include_title=options.include_title)
        check_sentences(name, len(document.sentences))
        word_counts = [len(s.text.split()) for s in document.sentences]
        count = target_count(options.resolved_length, len(document.sentences), word_counts)
        result = method.summarize(document, MethodRequest(options, count, on_text, on_chunks))
        if isinstance(result, Abstract):
            summary = _abstractive(document, name, options, result, started)
        else:
            summary = _extractive(document, name, options, result, word_counts, started)
        return summary if detection is None else replace(summary, detected_language=detection)


def _wants_detection(language: str) -> bool:
    """Whether `language` asks for detection ("auto", any case) rather than naming a language."""
    return isinstance(language, str) and language.strip().lower() == AUTO_LANGUAGE


def check_sentences(name: str, sentences: int) -> None:
    """TooManySentences when the text has more sentences than the method takes (its cost would grow
    with their square; the cap and why are in the registry)."""
    limit = registry.entry(name).max_sentences
    if limit is not None and sentences > limit:
        others = [
            e.name
            for e in registry.entries()
            if e.kind == "extractive" and (e.max_sentences is None or e.max_sentences >= sentences)
        ]
        raise TooManySentences(
            f"{name} compares every pair of sentences, so it takes at most {limit:,} and this text has "
            f"{sentences:,}; send a shorter text, or use a method that takes this many ({', '.join(others)})",
            method=name,
            sentences=sentences,
            limit=limit,
        )


def _extractive(
    document: Document, name: str, options: Options, result: Extract, word_counts: list[int], started: float
) -> Summary:
    scores = finite_scores(result.scores)
    selection = select(scores, word_counts, options.resolved_length)
    chosen = [
        Sentence(text=s.text, start=s.start, end=s.end, index=s.index, score=round(float(scores[s.index]), 6))
        for s in (document.sentences[i] for i in selection.indices)
    ]
    found_keywords, keywords_warning = find_keywords(document, scores, options.keywords)
    warnings = [
        *selection.warnings,
        *result.warnings,
        *_split_warning(document),
        *([keywords_warning] if keywords_warning else []),
    ]
    return Summary(
        summary=summary_text(document, selection.indices, options.format),
        sentences=chosen,
        key_points=find_key_points(document, scores, options.key_points, result.vectors, options.key_point_words),
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
        title=document.title,
    )


def summary_text(document: Document, indices: list[int], format: Format = "text") -> str:
    """The chosen sentences as text a person reads: sentences of one paragraph joined by a space, a
    paragraph break where the text had one (never two lines glued together); or, as bullets, one
    sentence a line."""
    if format == "bullets":
        return "\n".join(f"- {document.clean_sentences[i]}" for i in indices)
    paragraph_of = document.paragraph_of
    parts: list[str] = []
    for position, i in enumerate(indices):
        if position:
            parts.append(" " if paragraph_of[i] == paragraph_of[indices[position - 1]] else document.paragraph_break)
        parts.append(document.clean_sentences[i])
    return "".join(parts)


def _abstractive(document: Document, name: str, options: Options, result: Abstract, started: float) -> Summary:
    # Keywords come from the input, read in document order.
    positions = -np.arange(len(document.sentences), dtype=float)
    found_keywords, keywords_warning = find_keywords(document, positions, options.keywords)
    summary = result.summary
    if options.format == "bullets":
        summary = "\n".join(f"- {s}" for s in tokenizer_for(document.language).to_sentences(summary) if s)
    return Summary(
        summary=summary,
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
        title=document.title,
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


def summarize(text: str, options: Options | None = None, *, max_chars: int | None = None, **given: Any) -> Summary:
    """Summarise `text` with the process's default Summarizer (settings from the environment).

    Options as an `Options` record or as keyword arguments: `method` (None: the default method), one of
    `sentences`, `ratio`, `words` (default 3 sentences), `language`, `key_points`, `key_point_words`,
    `keywords`, `include_title`, `format` ("text" or "bullets"), `model` (an allowed model, for abstractive
    methods), `engine`; `max_chars` lowers the longest text accepted.
    """
    return default_summarizer().summarize(text, options, max_chars=max_chars, **given)


# Summarised to load a method's data (Punkt model, stemmer, vectors) before the first real request.
WARM_UP_SAMPLE = (
    "The service is starting. It loads its sentence splitter and stemmer. Then it answers requests quickly."
)


def warm_up(summarizer: Summarizer, method: str | None = None, language: str = "english") -> None:
    """Load what `method` (default: the default method) needs, with `language`'s sentence splitter and
    stemmer, by summarising a short sample; and the language detector's model (shared after a fork)."""
    detect_language(WARM_UP_SAMPLE)
    summarizer.summarize(WARM_UP_SAMPLE, method=method, language=language, sentences=1, key_points=1, keywords=1)


def available_methods() -> list[MethodInfo]:
    """Every registered method with a one-line description and whether it can run here."""
    return default_summarizer().methods()
