"""HTTP routes: turn a request into a call of the core, and the result into JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar, overload

from flask import Blueprint, Response, jsonify, request
from pydantic import ValidationError

from summarizer.errors import SummarizerError
from summarizer.jobs.work import summarize_content
from summarizer.options import LENGTH_FIELDS, Options

from .charsets import text_codec
from .errors import ApiError, core_error_body, status_for, validation_error_body
from .schemas import BatchDocument, BatchRequest, SummarizeRequest
from .state import app_state
from .streaming import MEDIA_TYPE, stream_summary

bp = Blueprint("v1", __name__)
B = TypeVar("B", bound=Options)


def json_body() -> Any:
    if request.args:
        # Only a text/plain body takes its options from the query string; ignoring them here would
        # summarise with other options than the caller believes.
        raise ApiError(
            422,
            "query_with_json",
            f"query parameters ({', '.join(sorted(request.args))}) are read only with Content-Type text/plain; "
            "put the options in the JSON body instead",
            field="query",
            parameters=sorted(request.args),
        )
    try:
        return json.loads(request.get_data(cache=False))
    except json.JSONDecodeError as error:
        raise ApiError(
            400,
            "malformed_json",
            f"request body is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
        ) from None
    except UnicodeDecodeError:
        raise ApiError(
            400, "malformed_json", "request body is not valid JSON: it is not UTF-8, UTF-16 or UTF-32"
        ) from None
    except RecursionError:
        # The parser recurses once per nesting level; our requests nest four levels at most.
        raise ApiError(400, "malformed_json", "request body is JSON nested too deeply; send a flat request") from None


def _text_body() -> str:
    charset = request.mimetype_params.get("charset", "utf-8")
    codec = text_codec(charset)
    if codec is None:
        raise ApiError(
            415,
            "unsupported_charset",
            f"charset {charset!r} is not a text encoding we decode; send UTF-8 (or name another, e.g. iso-8859-1)",
            charset=charset,
        )
    try:
        return request.get_data(cache=False).decode(codec)
    except UnicodeError:  # the decode errors of every text codec, UnicodeDecodeError and its siblings
        raise ApiError(
            400, "bad_encoding", f"body is not valid {charset} text; send it in the charset you name"
        ) from None


def _query_options() -> dict[str, Any]:
    """Options of a text/plain request, from the query string (length as sentences=, ratio= or words=)."""
    options: dict[str, Any] = {k: v for k, v in request.args.items() if k not in LENGTH_FIELDS}
    length = {k: request.args[k] for k in LENGTH_FIELDS if k in request.args}
    if length:
        options["length"] = length
    return options


def _run(
    options: Options, text: str | None, html: str | None, on_text: Callable[[str], None] | None = None
) -> dict[str, Any]:
    return summarize_content(app_state().summarizer, options, text, html, on_text)


@bp.post("/v1/summarize")
def summarize_one() -> Response:
    if request.mimetype == "application/json":
        body = SummarizeRequest.model_validate(json_body())
    elif request.mimetype == "text/plain":
        options = Options.model_validate(_query_options(), strict=False)
        body = SummarizeRequest.model_validate({"text": _text_body(), **dict(options)})
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {request.mimetype or '(none)'} is not supported; send application/json or text/plain",
            supported=["application/json", "text/plain"],
        )
    if body.stream or request.accept_mimetypes.best_match(["application/json", MEDIA_TYPE]) == MEDIA_TYPE:
        summarizer = app_state().summarizer  # the stream runs in its own thread, outside the app context
        return stream_summary(lambda on_text: summarize_content(summarizer, body, body.text, body.html, on_text))
    return jsonify(_run(body, body.text, body.html))


def require_json() -> None:
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {request.mimetype or '(none)'} is not supported; send application/json",
            supported=["application/json"],
        )


@overload
def batch_body(limit: int) -> BatchRequest: ...
@overload
def batch_body(limit: int, schema: type[B]) -> B: ...
def batch_body(limit: int, schema: type[Options] = BatchRequest) -> Options:
    """The JSON body of a batch (of at most `limit` documents: 413 beyond, before validating them all)."""
    require_json()
    data = json_body()
    if isinstance(data, dict) and isinstance(data.get("documents"), list) and len(data["documents"]) > limit:
        raise ApiError(
            413,
            "batch_too_large",
            f"batch has {len(data['documents'])} documents, more than the maximum of {limit}; split it",
            documents=len(data["documents"]),
            max_documents=limit,
        )
    return schema.model_validate(data)


@bp.post("/v1/summarize/batch")
def summarize_batch() -> Response:
    body = batch_body(app_state().settings.max_batch_documents)
    app_state().summarizer.check(body)  # the shared options: wrong for one document, wrong for all (422)
    results = [_batch_entry(body, document) for document in body.documents]
    return jsonify({"results": results})


def _batch_entry(options: Options, raw: Any) -> dict[str, Any]:
    """One document's result or error: whatever is wrong with a document fails it alone."""
    given_id = raw.get("id") if isinstance(raw, dict) else None
    given_id = given_id if isinstance(given_id, str) else None
    try:
        document = BatchDocument.model_validate(raw)
        return {"id": document.id, "status": 200, "result": _run(options, document.text, document.html)}
    except ValidationError as error:
        return {"id": given_id, "status": 422, "error": validation_error_body(error)["error"]}
    except SummarizerError as error:
        return {"id": given_id, "status": status_for(error), "error": core_error_body(error)["error"]}


@bp.get("/v1/methods")
def methods() -> Response:
    return jsonify(
        {
            "default": app_state().summarizer.default_method,
            "methods": [
                {
                    "name": m.name,
                    "kind": m.kind,
                    "description": m.description,
                    "available": m.available,
                    "reason": m.reason,
                    "state": m.state,
                }
                for m in app_state().summarizer.methods()
            ],
        }
    )


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    """Ready once the default method has summarised a sample (its data loaded) in this process."""
    state = app_state()
    default = state.summarizer.default_method
    try:
        state.readiness.check(default)
    except SummarizerError as error:
        response = jsonify(core_error_body(error))
        response.status_code = 503
        return response
    states = {m.name: m.state if m.available else f"failed: {m.reason}" for m in state.summarizer.methods()}
    return jsonify({"status": "ready", "default": default, "methods": states})
