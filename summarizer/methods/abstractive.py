"""Abstractive summaries from any Hugging Face seq2seq model or instruction-tuned causal LM.

Long documents are never truncated: the sentences are packed into chunks that fit the model's input,
each chunk is summarised, and the joined partial summaries are summarised again (map-reduce) until
they fit one call; the result reports how many chunks and passes that took.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InvalidInput, ModelNotAllowed, ModelUnavailable, SummarizerError, check_length
from ..models.chunking import pack
from ..models.queueing import GenerationQueue
from ..models.transformer import Lengths, TransformerModel, model_unavailable_reason
from ..options import Length
from ..text.sentences import Document, split_sentences
from .registry import Abstract, Method, MethodRequest, MethodStatus, register

if TYPE_CHECKING:
    from ..settings import Settings

MAX_PASSES = 6
TOKENS_PER_WORD = 1.4  # English BPE averages about 1.3; a little room so sentences can finish
WORDS_PER_SENTENCE = 22  # for `sentences=N`: news sentences average 20-25 words
RETRY_FAILED_LOAD_AFTER = 30.0  # seconds: a model directory may be mounted after start-up
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*(.+?)\s*$")


@dataclass
class _Slot:
    """One model's loading state in this process."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    model: TransformerModel | None = None
    error: ModelUnavailable | None = None
    failed_at: float = 0.0
    loading: bool = False


class AbstractiveMethod(Method):
    """Loads each allowed model lazily, once, behind a lock; one generation at a time per model."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._slots: dict[str, _Slot] = {}
        self._queues: dict[str, GenerationQueue] = {}
        self._lock = threading.Lock()

    # Models.

    def allowed_models(self) -> list[str]:
        return self.settings.models

    def model(self, name: str | None = None) -> TransformerModel:
        name = name or self.settings.model
        if name not in self.allowed_models():
            raise ModelNotAllowed(
                f"model {name!r} is not allowed here; use one of: {', '.join(self.allowed_models())}",
                model=name,
                allowed=self.allowed_models(),
            )
        with self._lock:
            slot = self._slots.setdefault(name, _Slot())
            self._queues.setdefault(name, GenerationQueue(self.settings.queue_size))
        if slot.model is not None:
            return slot.model
        with slot.lock:
            if slot.model is None:
                if slot.error and time.monotonic() - slot.failed_at < RETRY_FAILED_LOAD_AFTER:
                    raise slot.error
                slot.loading = True
                try:
                    slot.model = TransformerModel(name, self.settings)
                    slot.error = None
                except ModelUnavailable as error:
                    slot.error, slot.failed_at = error, time.monotonic()
                    raise
                finally:
                    slot.loading = False
        return slot.model

    def queue(self, name: str) -> GenerationQueue:
        with self._lock:
            return self._queues.setdefault(name, GenerationQueue(self.settings.queue_size))

    def status(self) -> MethodStatus:
        slot = self._slots.get(self.settings.model)
        if slot is None or (slot.model is None and slot.error is None):
            reason = model_unavailable_reason(self.settings.model)
            state = "loading" if slot and slot.loading else "not_loaded"
            return MethodStatus(reason is None, "failed" if reason else state, reason)
        if slot.model is not None:
            return MethodStatus(True, "ready")
        return MethodStatus(False, "failed", slot.error.message if slot.error else None)

    # Summaries.

    def summarize(self, document: Document, request: MethodRequest) -> Abstract:
        check_length(document.original, self.settings.max_abstractive_chars, "for abstractive methods")
        options = request.options
        length = options.resolved_length
        deadline = time.monotonic() + self.settings.generation_timeout
        model = self.model(options.model)
        input_words = sum(len(s.split()) for s in document.clean_sentences)
        words = _word_budget(length, input_words)
        final = _final_lengths(model, words)
        warnings: list[str] = []
        points: list[str] = []
        with self.queue(model.name).turn(deadline):
            summary, tokens, chunks, passes = self._map_reduce(model, document.clean_sentences, final, words, deadline)
            summary_doc = _sentences_of(summary, document.language)
            if summary_doc is not None:
                summary = _fit(summary_doc, length, words, warnings)
                if options.key_points:
                    points = self._key_points(model, summary, summary_doc, options.key_points, deadline)
        return Abstract(summary, points, model.name, chunks, passes, tokens, warnings)

    def load(self) -> None:
        self.model()

    def _map_reduce(
        self, model: TransformerModel, units: list[str], final: Lengths, words: int | None, deadline: float
    ) -> tuple[str, int, int, int]:
        partial = model.default_lengths
        # Partial summaries must be clearly shorter than their chunk, or the passes would not converge.
        budget = model.input_budget(max(final.max_new, partial.max_new))
        partial = Lengths(min(partial.min_new, budget // 4), min(partial.max_new, budget // 2))
        chunks = pack(units, budget, model.count_tokens, model.split_by_tokens)
        first_chunks, passes = len(chunks), 0
        while len(chunks) > 1:
            passes += 1
            if passes >= MAX_PASSES:
                raise SummarizerError(
                    f"the partial summaries still did not fit the model after {passes} passes", chunks=len(chunks)
                )
            summaries = [model.generate(chunk, partial, deadline)[0] for chunk in chunks]
            chunks = pack([s for s in summaries if s] or ["."], budget, model.count_tokens, model.split_by_tokens)
        summary, tokens = model.generate(chunks[0], final, deadline, words=words)
        return summary, tokens, first_chunks, passes + 1

    def _key_points(
        self, model: TransformerModel, summary: str, summary_doc: Document, count: int, deadline: float
    ) -> list[str]:
        """Instruction-tuned models are asked for bullet points; otherwise the summary's sentences."""
        if not model.is_seq2seq:
            lengths = Lengths(1, min(model.max_output, 40 * count))
            reply, _ = model.generate(summary, lengths, deadline, task="key_points", points=count)
            bullets = [m.group(1) for line in reply.splitlines() if (m := _BULLET.match(line))]
            if bullets:
                return _distinct(bullets)[:count]
        return _distinct(summary_doc.clean_sentences)[:count]


def _word_budget(length: Length, input_words: int) -> int | None:
    if length.words is not None:
        return length.words
    if length.sentences is not None:
        return length.sentences * WORDS_PER_SENTENCE
    if length.ratio is not None:
        return max(10, round(length.ratio * input_words))
    return None


def _final_lengths(model: TransformerModel, words: int | None) -> Lengths:
    if words is None:
        return model.default_lengths
    max_new = min(model.max_output, math.ceil(words * TOKENS_PER_WORD) + 2)
    return Lengths(min(max_new, max(1, words // 2)), max_new)


def _sentences_of(summary: str, language: str) -> Document | None:
    try:
        return split_sentences(summary, language)
    except InvalidInput:  # the model produced nothing but whitespace
        return None


def _fit(summary_doc: Document, length: Length, words: int | None, warnings: list[str]) -> str:
    """Keep whole sentences within the requested length (the model only approximates it)."""
    sentences = summary_doc.clean_sentences
    if length.sentences is not None:
        kept = sentences[: length.sentences]
    elif words is not None:
        kept, used = [], 0
        for sentence in sentences:
            if kept and used + len(sentence.split()) > words:
                break
            kept.append(sentence)
            used += len(sentence.split())
        if used > words:
            warnings.append(f"the generated summary's first sentence has {used} words, more than the {words} asked")
    else:
        kept = sentences
    if len(kept) < len(sentences):
        warnings.append(f"the model wrote {len(sentences)} sentences; kept the first {len(kept)} to fit the length")
    return " ".join(kept)


def _distinct(points: list[str]) -> list[str]:
    seen: set[str] = set()
    distinct = []
    for point in points:
        key = " ".join(point.lower().split())
        if key and key not in seen:
            seen.add(key)
            distinct.append(point)
    return distinct


register(
    "abstractive",
    "abstractive",
    "Abstractive summary from a Hugging Face model (SUMMARIZER_MODEL; seq2seq or instruction-tuned LM), "
    "long texts by map-reduce over chunks.",
    AbstractiveMethod,
    unavailable_reason=lambda settings: model_unavailable_reason(settings.model),
    preload=True,
)
