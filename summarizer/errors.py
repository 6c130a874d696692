"""Errors the core raises: one small hierarchy, each with a stable machine-readable code."""

from __future__ import annotations

from typing import Any


class SummarizerError(Exception):
    """Base class. `code` is stable for clients; `details` is JSON-serialisable. An error about one
    request field names it in `details["field"]` (the web page shows the message next to that field)."""

    code = "summarizer_error"
    field: str | None = None

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = {"field": self.field, **details} if self.field else details


class InvalidInput(SummarizerError):
    """The caller's input cannot be summarised as given."""

    code = "invalid_input"


class EmptyText(InvalidInput):
    code = "empty_text"
    field = "text"


class InvalidText(InvalidInput):
    """The text is not valid Unicode (an unpaired surrogate, which JSON's \\u escapes can carry)."""

    code = "invalid_text"


class TextTooLong(InvalidInput):
    code = "text_too_long"
    field = "text"


class TooManySentences(InvalidInput):
    """The text has more sentences than the method takes (a method that compares every pair of them)."""

    code = "too_many_sentences"
    field = "text"


class InvalidLength(InvalidInput):
    code = "invalid_length"
    field = "length"


class ModelNotAllowed(InvalidInput):
    code = "model_not_allowed"
    field = "model"


class UnknownMethod(InvalidInput):
    code = "unknown_method"
    field = "method"


class UnsupportedLanguage(InvalidInput):
    code = "unsupported_language"
    field = "language"


class UndetectedLanguage(UnsupportedLanguage):
    """Language detection found the text in a language we do not summarise."""

    code = "detected_language_unsupported"
    field = "text"


class UrlNotAllowed(InvalidInput):
    """A URL the service will not fetch: not http(s), or a host that resolves to a non-public address."""

    code = "url_not_allowed"
    field = "url"


class UrlsDisabled(UrlNotAllowed):
    """URL input is off (SUMMARIZER_ALLOW_URLS)."""

    code = "urls_disabled"


class PageTooLarge(InvalidInput):
    """The fetched page is larger than the fetch may read."""

    code = "page_too_large"
    field = "url"


class UnsupportedPageType(InvalidInput):
    """The fetched page is neither text/html nor text/plain."""

    code = "unsupported_page_type"
    field = "url"


class FetchFailed(SummarizerError):
    """The page could not be fetched: the host did not answer, answered an error, timed out, or
    redirected too often (the upstream's failure, not the request's)."""

    code = "fetch_failed"
    field = "url"


class TooManyRedirects(FetchFailed):
    code = "too_many_redirects"


class FetchTimeout(FetchFailed):
    code = "fetch_timeout"


class UnsupportedFile(InvalidInput):
    """A file of a type we do not read (by its name's extension, else its media type)."""

    code = "unsupported_file_type"
    field = "file"


class UnreadableFile(InvalidInput):
    """A file of a type we read that cannot be read: corrupt, encrypted, or text in an unknown encoding."""

    code = "unreadable_file"
    field = "file"


class NoTextLayer(UnreadableFile):
    """A PDF without text (a scan): it needs OCR first."""

    code = "no_text_layer"


class ModelUnavailable(SummarizerError):
    """A method's model cannot be loaded (missing files, no network, out of memory)."""

    code = "model_unavailable"


class Busy(SummarizerError):
    """Too many requests are already waiting for the model."""

    code = "busy"

    def __init__(self, message: str, retry_after: int = 1, **details: Any) -> None:
        super().__init__(message, retry_after=retry_after, **details)
        self.retry_after = retry_after


class GenerationTimeout(SummarizerError):
    code = "generation_timeout"


class ConfigError(SummarizerError):
    """A SUMMARIZER_* setting has a bad value (the process stops with this message)."""

    code = "config_error"


def check_length(text: str, max_chars: int, context: str = "") -> None:
    """TextTooLong when `text` has more than `max_chars` characters (`context` says for what)."""
    if len(text) > max_chars:
        raise TextTooLong(
            f"text has {len(text)} characters, more than the maximum of {max_chars}{' ' + context if context else ''}",
            characters=len(text),
            max_chars=max_chars,
        )
