"""Abstractive summaries from any Hugging Face seq2seq model or instruction-tuned causal LM.

Long documents are never truncated: the sentences are packed into chunks that fit the model's input,
each chunk is summarised (the chunks of a pass in padded batches), and the joined partial summaries are
summarised again (map-reduce) until they fit one call; the result reports how many chunks and passes
that took.

Map-reduce always ends with a summary, whatever the model writes. Each pass provably shrinks the text:
a chunk's partial summary may have at most half the chunk's tokens, a bound set on generation and
checked again after re-tokenising (a tokenizer may read generated text back longer than it wrote it),
where a partial over it is cut to it (1). A pass whose joined partials are still not shorter than its
input, or a text still over one input after MAX_PASSES passes, is reduced to its most central sentences
(the default extractive method) that fit one input (2). When the final pass writes no text, the
summary is the most central sentences of the input (3). Each fallback is reported in `warnings`.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InvalidInput, ModelNotAllowed, ModelUnavailable, SummarizerError, check_length
from ..models.chunking import pack
from ..models.queueing import GenerationQueue
from ..models.transformer import Lengths, OnText, Prompt, TransformerModel, model_unavailable_reason
from ..options import Length, Options
from ..text.sentences import Document, split_sentences
from .registry import Abstract, Method, MethodRequest, MethodStatus, State, entry, register

if TYPE_CHECKING:
    from ..settings import Settings

MAX_PASSES = 6  # halving each pass: 2**6 input-sized chunks (64k tokens for BART) reduce in 6
TOKENS_PER_WORD = 1.4  # English BPE averages about 1.3; a little room so sentences can finish
WORDS_PER_SENTENCE = 22  # for `sentences=N`: news sentences average 20-25 words
RETRY_FAILED_LOAD_AFTER = 30.0  # seconds: a model directory may be mounted after start-up
FALLBACK_METHOD = "centrality"  # ranks sentences when a pass cannot shrink the text (the library default)
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
    """Loads each allowed model lazily, once, behind a lock; generation in batches shared per model."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._slots: dict[str, _Slot] = {}
        self._queues: dict[str, GenerationQueue] = {}
        self._lock = threading.Lock()
        self._fallback: Method | None = None

    # Models.

    def allowed_models(self) -> list[str]:
        return self.settings.models

    def model(self, name: str | None = None, allow_download: bool = False) -> TransformerModel:
        name = name or self.settings.model
        if name not in self.allowed_models():
            raise ModelNotAllowed(
                f"model {name!r} is not allowed here; use one of: {', '.join(self.allowed_models())}",
                model=name,
                allowed=self.allowed_models(),
            )
        with self._lock:
            slot = self._slots.setdefault(name, _Slot())
        if slot.model is not None:
            return slot.model
        with slot.lock:
            if slot.model is None:
                if slot.error and time.monotonic() - slot.failed_at < RETRY_FAILED_LOAD_AFTER and not allow_download:
                    raise slot.error
                slot.loading = True
                try:
                    slot.model = TransformerModel(name, self.settings, allow_download)
                    slot.error = None
                except ModelUnavailable as error:
                    slot.error, slot.failed_at = error, time.monotonic()
                    raise
                finally:
                    slot.loading = False
        return slot.model

    def queue(self, name: str) -> GenerationQueue:
        with self._lock:
            if name not in self._queues:
                wait = self.settings.batch_wait_ms / 1000
                self._queues[name] = GenerationQueue(self.settings.queue_size, self.settings.batch_size, wait)
            return self._queues[name]

    def queue_depths(self) -> dict[str, int]:
        """Requests waiting for each model in this process (the service's metrics)."""
        with self._lock:
            return {name: queue.waiting for name, queue in self._queues.items()}

    def status(self) -> MethodStatus:
        slot = self._slots.get(self.settings.model)
        if slot is None or (slot.model is None and slot.error is None):
            reason = model_unavailable_reason(self.settings.model)
            state: State = "loading" if slot and slot.loading else "not_loaded"
            return MethodStatus(reason is None, "failed" if reason else state, reason)
        if slot.model is not None:
            return MethodStatus(True, "ready")
        return MethodStatus(False, "failed", slot.error.message if slot.error else None)

    # Summaries.

    def summarize(self, document: Document, request: MethodRequest) -> Abstract:
        check_length(document.original, self.settings.max_abstractive_chars, "for abstractive methods")
        options = request.options
        length = options.resolved_length
        model = self.model(options.model)
        deadline = time.monotonic() + self.settings.generation_timeout
        run = _Run(model, self.queue(model.name), deadline, document.language, request.on_chunks)
        words = _word_budget(length, sum(len(s.split()) for s in document.clean_sentences))
        final = _final_lengths(model, words)
        text, chunks, passes = self._reduce(run, document.clean_sentences, final)
        summary, tokens = run.generate([Prompt(text, words=words)], final, [request.on_text], counted=True)[0]
        summary_doc = _sentences_of(summary, document.language)
        points: list[str] = []
        if summary_doc is None:  # (3) the model wrote no text
            summary = " ".join(self._central(run, text, model.input_budget(final.max_new), request.count))
            run.warnings.append(
                f"the model wrote no text; the summary is the {FALLBACK_METHOD} method's choice of sentences"
            )
            summary_doc = _sentences_of(summary, document.language)
        if summary_doc is not None:
            summary = _fit(summary_doc, length, words, run.warnings)
            if options.key_points:
                points = self._key_points(run, summary, summary_doc, options.key_points)
        return Abstract(summary, points, model.name, chunks, passes, tokens, run.warnings)

    def load(self) -> None:
        """Load the default model now; at start-up (SUMMARIZER_PRELOAD=1) it may be downloaded."""
        self.model(allow_download=True)

    def _reduce(self, run: _Run, units: list[str], final: Lengths) -> tuple[str, int, int]:
        """Map-reduce `units` (sentences) to one text that fits the final call: (text, first chunks, passes)."""
        model = run.model
        partial = model.default_lengths
        budget = model.input_budget(max(final.max_new, partial.max_new))
        chunks = pack(units, budget, model.count_tokens, model.split_by_tokens)
        first_chunks, passes = len(chunks), 1
        run.plan(1)  # the final call
        while len(chunks) > 1:
            text = " ".join(chunks)
            if passes > MAX_PASSES:  # (2) only for texts over 2**MAX_PASSES inputs, as each pass halves
                return self._fallback_fit(run, text, budget, f"after {MAX_PASSES} passes"), first_chunks, passes
            run.plan(len(chunks))
            sizes = model.count_tokens(chunks)
            partials = self._partials(run, chunks, sizes, partial)
            shorter = [p for p in partials if p]
            if not shorter or sum(model.count_tokens(shorter)) + len(shorter) >= sum(sizes) + len(sizes):
                reason = "when the model's partial summaries were no shorter than their chunks"
                return self._fallback_fit(run, text, budget, reason), first_chunks, passes + 1
            passes += 1
            chunks = pack(shorter, budget, model.count_tokens, model.split_by_tokens)
        return chunks[0], first_chunks, passes

    def _partials(self, run: _Run, chunks: list[str], sizes: list[int], partial: Lengths) -> list[str]:
        """Each chunk's summary in at most half its tokens (1): bounded when generated, checked once re-tokenised."""
        caps = [max(1, size // 2) for size in sizes]
        by_lengths: dict[Lengths, list[int]] = {}
        for i, cap in enumerate(caps):
            bound = Lengths(min(partial.min_new, cap), min(partial.max_new, cap))
            by_lengths.setdefault(bound, []).append(i)
        partials = [""] * len(chunks)
        for bound, indices in by_lengths.items():
            results = run.generate([Prompt(chunks[i]) for i in indices], bound, counted=True)
            for i, (text, _) in zip(indices, results, strict=True):
                partials[i] = text
        cut = 0
        for i, (text, tokens) in enumerate(zip(partials, run.model.count_tokens(partials), strict=True)):
            if tokens > caps[i]:
                partials[i], cut = _cut_to(run.model, text, caps[i]), cut + 1
        if cut:
            run.warnings.append(
                f"{cut} partial summaries read back longer than half their chunk's tokens and were cut to it"
            )
        return partials

    def _fallback_fit(self, run: _Run, text: str, budget: int, reason: str) -> str:
        """(2) The most central sentences of `text` that fit one input, in their order."""
        kept = self._central(run, text, budget, None)
        run.warnings.append(
            f"map-reduce could not shrink the text {reason}; kept the {FALLBACK_METHOD} method's "
            f"choice of {len(kept)} sentences that fit the model's input"
        )
        return " ".join(kept)

    def _central(self, run: _Run, text: str, budget: int, count: int | None) -> list[str]:
        """Sentences of `text` most central first, kept while they fit `budget` tokens (at most `count`), in
        their order; the first one cut to the budget when even it does not fit."""
        try:
            document = split_sentences(text, run.language)
        except InvalidInput:  # nothing but whitespace
            return []
        sentences = document.clean_sentences
        ranking = list(range(len(sentences)))
        try:
            if self._fallback is None:
                self._fallback = entry(FALLBACK_METHOD).factory(self.settings)
            scores = self._fallback.summarize(document, MethodRequest(_FALLBACK_OPTIONS, 1)).scores  # type: ignore[union-attr]
            ranking.sort(key=lambda i: -float(scores[i]))
        except SummarizerError:  # its vectors are missing: document order
            pass
        sizes = run.model.count_tokens(sentences)
        kept: list[int] = []
        used = 0
        for i in ranking:
            if count is not None and len(kept) >= count:
                break
            if used + sizes[i] + 1 <= budget:
                kept.append(i)
                used += sizes[i] + 1
        if not kept and sentences:
            return [_cut_to(run.model, sentences[ranking[0]], budget)]
        return [sentences[i] for i in sorted(kept)]

    def _key_points(self, run: _Run, summary: str, summary_doc: Document, count: int) -> list[str]:
        """Instruction-tuned models are asked for bullet points; otherwise the summary's sentences."""
        model = run.model
        if not model.is_seq2seq:
            room = model.context - model.prompt_tokens() - model.count_tokens([summary])[0] - 1
            if room >= 1:
                lengths = Lengths(1, min(model.max_output, 40 * count, room))
                reply, _ = run.generate([Prompt(summary, "key_points", points=count)], lengths)[0]
                bullets = [m.group(1) for line in reply.splitlines() if (m := _BULLET.match(line))]
                if bullets:
                    return _distinct(bullets)[:count]
        return _distinct(summary_doc.clean_sentences)[:count]


@dataclass
class _Run:
    """One request's model, queue, deadline and warnings, and its progress in chunks (model inputs of
    map-reduce: every pass's chunks and the final call; not the key-point call of a causal model)."""

    model: TransformerModel
    queue: GenerationQueue
    deadline: float
    language: str
    on_chunks: Callable[[int, int], None] | None = None
    warnings: list[str] = field(default_factory=list)
    chunks_done: int = 0
    chunks_total: int = 0

    def plan(self, chunks: int) -> None:
        """`chunks` more model inputs to generate (a pass's chunks, known once it is packed)."""
        self.chunks_total += chunks
        self._report(0)

    def _report(self, generated: int) -> None:
        self.chunks_done += generated
        if self.on_chunks is not None:
            self.on_chunks(self.chunks_done, self.chunks_total)

    def generate(
        self,
        prompts: list[Prompt],
        lengths: Lengths,
        on_text: list[OnText | None] | None = None,
        counted: bool = False,
    ) -> list[tuple[str, int]]:
        on_done = self._report if counted else None
        return self.queue.generate(self.model, prompts, lengths, self.deadline, on_text or (), on_done)


def _cut_to(model: TransformerModel, text: str, limit: int) -> str:
    """The first `limit` tokens of `text`, as text that re-tokenises to at most `limit` tokens."""
    size = limit
    while size >= 1:
        piece = next(iter(model.split_by_tokens(text, size)), "")
        if model.count_tokens([piece])[0] <= limit:
            return piece
        size = size * 3 // 4 if size > 1 else 0
    return ""


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


_FALLBACK_OPTIONS = Options(keywords=0, key_points=0)


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
