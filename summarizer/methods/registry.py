"""The method contract and registry: one `Method` base, one factory and one registration line per method.

Every method, extractive or abstractive, answers `summarize(document, request)` with a `MethodResult`:
an extractive one scores the sentences (`Extract`), an abstractive one writes text (`Abstract`).
Whatever a method computes for a later stage (sentence vectors for the key points) travels in that
result, never by writing into the document. Factories take the process's `Settings` and are called
lazily, once, by the `Summarizer` that owns the instances (so models load on first use, never at import).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..errors import UnknownMethod
from ..options import Engine, Options
from ..records import SentenceVectors

if TYPE_CHECKING:
    from ..settings import Settings
    from ..text.sentences import Document

Kind = Literal["extractive", "abstractive"]
State = Literal["ready", "not_loaded", "loading", "failed"]


@dataclass(frozen=True)
class MethodRequest:
    """What a method is asked: the caller's options and how many sentences the length control means."""

    options: Options
    count: int  # sentences the length asks for (for a word budget, an estimate from the mean length)
    on_text: Callable[[str], None] | None = None  # hears an abstractive summary's text as it is written
    # hears an abstractive method's map-reduce progress: (model inputs generated, model inputs known so far)
    on_chunks: Callable[[int, int], None] | None = None


@dataclass(frozen=True)
class Extract:
    """An extractive method's answer: one score per sentence, higher is more important."""

    scores: np.ndarray
    vectors: SentenceVectors | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Abstract:
    """An abstractive method's answer: the text it wrote and how it got there."""

    summary: str
    key_points: list[str]
    model: str
    chunks: int
    passes: int
    generated_tokens: int  # by the final pass
    warnings: list[str] = field(default_factory=list)


MethodResult = Extract | Abstract


@dataclass(frozen=True)
class MethodStatus:
    """What a built method says about itself (a model's loading state)."""

    available: bool
    state: State
    reason: str | None = None


class Method:
    """The one contract every method answers. Subclasses override `summarize`, and `status` and
    `load` when they hold a model."""

    engines: tuple[Engine, ...] = ("fast",)  # implementations a request may pick with `engine`

    def summarize(self, document: Document, request: MethodRequest) -> MethodResult:
        raise NotImplementedError

    def status(self) -> MethodStatus:
        return MethodStatus(True, "ready")

    def load(self) -> None:
        """Load models now (`SUMMARIZER_PRELOAD=1`) instead of on the first request."""


Factory = Callable[["Settings"], Method]
# Why a method cannot run with these settings, or None; cheap (no model loading).
ReasonCheck = Callable[["Settings"], str | None]


@dataclass(frozen=True)
class MethodInfo:
    name: str
    kind: Kind
    description: str
    available: bool
    reason: str | None = None
    state: State = "ready"


@dataclass(frozen=True)
class Entry:
    name: str
    kind: Kind
    description: str
    factory: Factory
    unavailable_reason: ReasonCheck
    preload: bool  # load with SUMMARIZER_PRELOAD=1 (the methods whose model takes seconds to load)
    # Most sentences the method takes (422 beyond): for a method whose cost grows with the square of the
    # sentences when they are all alike; None: its cost grows at most as n log n (bench/method_limits.py).
    max_sentences: int | None = None


_REGISTRY: dict[str, Entry] = {}


def _always_available(settings: Settings) -> str | None:
    return None


def register(
    name: str,
    kind: Kind,
    description: str,
    factory: Factory,
    unavailable_reason: ReasonCheck = _always_available,
    preload: bool = False,
    max_sentences: int | None = None,
) -> None:
    """`register("lead", "extractive", "...", Lead)`: one line per method."""
    _REGISTRY[name] = Entry(name, kind, description, factory, unavailable_reason, preload, max_sentences)


def method_names() -> list[str]:
    return list(_REGISTRY)


def entry(name: str) -> Entry:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownMethod(
            f"unknown method {name!r}; use one of: {', '.join(_REGISTRY)}",
            method=name,
            valid=list(_REGISTRY),
        ) from None


def entries() -> list[Entry]:
    return list(_REGISTRY.values())
