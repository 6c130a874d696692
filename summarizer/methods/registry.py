"""The method registry: one factory and one registration line per method."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from ..errors import ModelUnavailable, UnknownMethod
from ..sentences import Document

Kind = Literal["extractive", "abstractive"]


@runtime_checkable
class ExtractiveMethod(Protocol):
    """Scores every sentence of a document; higher is more important."""

    def rank(self, document: Document, count: int) -> Sequence[float] | np.ndarray: ...


@dataclass(frozen=True)
class MethodInfo:
    name: str
    kind: Kind
    description: str
    available: bool
    reason: str | None = None


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: Kind
    description: str
    factory: Callable[[], object]
    # Returns why the method cannot run here, or None; must be cheap (no model loading).
    unavailable_reason: Callable[[], str | None]


_REGISTRY: dict[str, _Entry] = {}
_INSTANCES: dict[str, object] = {}
_LOCK = threading.Lock()


def register(
    name: str,
    kind: Kind,
    description: str,
    unavailable_reason: Callable[[], str | None] = lambda: None,
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Decorator: `@register("lead", "extractive", "...")` over a zero-argument factory."""

    def decorator(factory: Callable[[], object]) -> Callable[[], object]:
        _REGISTRY[name] = _Entry(name, kind, description, factory, unavailable_reason)
        return factory

    return decorator


def method_names() -> list[str]:
    return list(_REGISTRY)


def method_kind(name: str) -> Kind:
    return _entry(name).kind


def available_methods() -> list[MethodInfo]:
    """Every registered method with a one-line description and whether it can run here."""
    infos = []
    for entry in _REGISTRY.values():
        reason = entry.unavailable_reason()
        infos.append(MethodInfo(entry.name, entry.kind, entry.description, reason is None, reason))
    return infos


def get_method(name: str) -> object:
    """The method's instance, built once per process (models load here, not at import)."""
    entry = _entry(name)
    instance = _INSTANCES.get(name)
    if instance is not None:
        return instance
    reason = entry.unavailable_reason()
    if reason is not None:
        raise ModelUnavailable(f"method {name!r} is not available: {reason}", method=name, reason=reason)
    with _LOCK:
        if name not in _INSTANCES:
            _INSTANCES[name] = entry.factory()
        return _INSTANCES[name]


def _entry(name: str) -> _Entry:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownMethod(
            f"unknown method {name!r}; use one of: {', '.join(_REGISTRY)}",
            method=name,
            valid=list(_REGISTRY),
        ) from None
