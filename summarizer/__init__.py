"""Extractive and abstractive summarisation: `summarize(text)` returns a `Summary`."""

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
from .sentences import SUPPORTED_LANGUAGES, split_sentences

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
