"""The method registry: one factory and one registration line per method.

Factories take the process's `Settings` and are called lazily, once, by the `Summarizer` that owns
the instances (so models load on first use, never at import).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import numpy as np

from ..errors import UnknownMethod
from ..text.sentences import Document

if TYPE_CHECKING:
    from ..settings import Settings

Kind = Literal["extractive", "abstractive"]


@runtime_checkable
class ExtractiveMethod(Protocol):
    """Scores every sentence of a document; higher is more important."""

    def rank(self, document: Document, count: int) -> Sequence[float] | np.ndarray: ...


@dataclass(frozen=True)
class MethodStatus:
    """What a built method says about itself (a model's loading state)."""

    available: bool
    state: str  # "ready", "not_loaded", "loading" or "failed"
    reason: str | None = None


@runtime_checkable
class ReportsStatus(Protocol):
    def status(self) -> MethodStatus: ...


@dataclass(frozen=True)
class MethodInfo:
    name: str
    kind: Kind
    description: str
    available: bool
    reason: str | None = None
    state: str = "ready"


Factory = Callable[["Settings"], object]
# Why a method cannot run with these settings, or None; cheap (no model loading).
ReasonCheck = Callable[["Settings"], str | None]


@dataclass(frozen=True)
class Entry:
    name: str
    kind: Kind
    description: str
    factory: Factory
    unavailable_reason: ReasonCheck


_REGISTRY: dict[str, Entry] = {}


def _always_available(settings: Settings) -> str | None:
    return None


def register(
    name: str, kind: Kind, description: str, unavailable_reason: ReasonCheck = _always_available
) -> Callable[[Factory], Factory]:
    """Decorator: `@register("lead", "extractive", "...")` over a factory taking `Settings`."""

    def decorator(factory: Factory) -> Factory:
        _REGISTRY[name] = Entry(name, kind, description, factory, unavailable_reason)
        return factory

    return decorator


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
