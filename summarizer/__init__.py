"""Extractive and abstractive summarisation: `summarize(text)` returns a `Summary`.

The names below are imported on first use (PEP 562), so that `import summarizer` and the CLI's
`--help` cost milliseconds, not the pipeline's imports.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import (
        Busy,
        EmptyText,
        GenerationTimeout,
        InvalidInput,
        InvalidLength,
        ModelUnavailable,
        SummarizerError,
        TextTooLong,
        UnknownMethod,
        UnsupportedLanguage,
    )
    from .methods import MethodInfo, method_names
    from .pipeline import DEFAULT_METHOD, Summarizer, available_methods, summarize
    from .records import Keyword, Sentence, Stats, Summary
    from .text.languages import SUPPORTED_LANGUAGES
    from .text.sentences import split_sentences

_WHERE = {
    **dict.fromkeys(
        (
            "Busy",
            "EmptyText",
            "GenerationTimeout",
            "InvalidInput",
            "InvalidLength",
            "ModelUnavailable",
            "SummarizerError",
            "TextTooLong",
            "UnknownMethod",
            "UnsupportedLanguage",
        ),
        "errors",
    ),
    "SUPPORTED_LANGUAGES": "text.languages",
    "MethodInfo": "methods",
    "method_names": "methods",
    "DEFAULT_METHOD": "pipeline",
    "Summarizer": "pipeline",
    "available_methods": "pipeline",
    "summarize": "pipeline",
    "Keyword": "records",
    "Sentence": "records",
    "Stats": "records",
    "Summary": "records",
    "split_sentences": "text.sentences",
}
__all__ = [
    "DEFAULT_METHOD",
    "SUPPORTED_LANGUAGES",
    "Busy",
    "EmptyText",
    "GenerationTimeout",
    "InvalidInput",
    "InvalidLength",
    "Keyword",
    "MethodInfo",
    "ModelUnavailable",
    "Sentence",
    "Stats",
    "Summarizer",
    "SummarizerError",
    "Summary",
    "TextTooLong",
    "UnknownMethod",
    "UnsupportedLanguage",
    "available_methods",
    "method_names",
    "split_sentences",
    "summarize",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
