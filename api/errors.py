"""Errors as JSON: one shape, `{"error": {"code", "message", "details"}}`, and one status table."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from summarizer.errors import (
    Busy,
    FetchFailed,
    GenerationTimeout,
    InvalidInput,
    ModelUnavailable,
    SummarizerError,
    TextTooLong,
    UnsupportedFile,
    UrlsDisabled,
)
from summarizer.options import describe

from .request_id import request_id

log = logging.getLogger(__name__)

# Core error class -> HTTP status. The first match in this order wins (subclasses first).
STATUS_BY_ERROR: list[tuple[type[SummarizerError], int]] = [
    (TextTooLong, 413),
    (UrlsDisabled, 403),
    (UnsupportedFile, 415),
    (InvalidInput, 422),
    (ModelUnavailable, 503),
    (Busy, 429),
    (GenerationTimeout, 504),
    (FetchFailed, 502),
]


class ApiError(Exception):
    """An error raised by the HTTP layer itself (bad JSON, wrong content type, ...)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **details: Any
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers or {}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def status_for(error: SummarizerError) -> int:
    return _status_of(type(error))


def _status_of(error_class: type[SummarizerError]) -> int:
    return next((status for cls, status in STATUS_BY_ERROR if issubclass(error_class, cls)), 500)


def _error_classes(base: type[SummarizerError] = SummarizerError) -> dict[str, type[SummarizerError]]:
    classes = {base.code: base}
    for subclass in base.__subclasses__():
        classes.update(_error_classes(subclass))
    return classes


def status_for_code(code: str) -> int:
    """The status of the core error with this `code` (a job's stored error; 500 for an unknown code)."""
    error_class = _error_classes().get(code)
    return _status_of(error_class) if error_class is not None else 500


def core_error_body(error: SummarizerError) -> dict[str, Any]:
    return error_body(error.code, error.message, error.details)


def validation_details(error: ValidationError) -> list[dict[str, str]]:
    """Pydantic's errors in our words (`summarizer.options.describe`); an input is echoed only when short
    (an option's value), never the text, which may be a megabyte."""
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": describe(e), "type": e["type"]}
        for e in error.errors(include_url=False)
    ]


def validation_error_body(error: ValidationError) -> dict[str, Any]:
    problems = validation_details(error)
    message = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    return error_body("validation_error", message, {"errors": problems})


def _respond(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    """The error response; its body carries the request's id (X-Request-ID) for the server log."""
    body["error"]["request_id"] = request_id()
    g.error_code = body["error"]["code"]  # the reason of a 429 in the metrics
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> Response:
    """An error response in the one shape, for a handler outside this module (api/security.py)."""
    return _respond(status, error_body(code, message, details))


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        retry = error.details.get("retry_after")
        headers = {"Retry-After": str(retry), **error.headers} if retry is not None else error.headers
        return _respond(error.status, error_body(error.code, error.message, error.details), headers)

    @app.errorhandler(ValidationError)
    def _validation(error: ValidationError) -> Response:
        return _respond(422, validation_error_body(error))

    @app.errorhandler(SummarizerError)
    def _core(error: SummarizerError) -> Response:
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Busy) else None
        return _respond(status_for(error), core_error_body(error), headers)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        code = (error.name or "http_error").lower().replace(" ", "_")
        details: dict[str, Any] = {}
        if error.code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            details["allowed"] = sorted(error.valid_methods)  # type: ignore[attr-defined]
        message = {
            404: "no such endpoint; see /openapi.json",
            405: "method not allowed on this endpoint",
            413: f"request body is larger than the maximum of {app.config['MAX_CONTENT_LENGTH']} bytes",
        }.get(error.code or 0, error.description or error.name)
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}  # e.g. Allow
        return _respond(error.code or 500, error_body(code, message, details), headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unhandled error")  # the trace goes to the log, never to the client
        return _respond(500, error_body("internal_error", "internal error; the server log has the details"))
