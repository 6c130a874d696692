"""HTTP routes: turn a request into a call of the core, and the result into JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, overload

from flask import Blueprint, Response, jsonify, request
from pydantic import ValidationError

from summarizer import Summarizer
from summarizer.errors import SummarizerError, UrlsDisabled
from summarizer.jobs.work import summarize_content
from summarizer.options import LENGTH_FIELDS, Options
from summarizer.text.charsets import text_codec
from summarizer.text.files import Content, read_file

from .client import CLIENT_GONE, ClientGone, client_watch
from .errors import ApiError, core_error_body, status_for, validation_error_body
from .schemas import BatchDocument, BatchRequest, RequestContent, SummarizeRequest
from .settings import fetch_policy
from .state import app_state
from .streaming import MEDIA_TYPE, stream_summary

bp = Blueprint("v1", __name__)
B = TypeVar("B", bound=Options)


def _refuse_query(code: str, where: str) -> None:
    """Only a text/plain body takes its options from the query string; ignoring them for another body
    would summarise with other options than the caller believes."""
    if request.args:
        raise ApiError(
            422,
            code,
            f"query parameters ({', '.join(sorted(request.args))}) are read only with Content-Type text/plain; "
            f"put the options in {where} instead",
            field="query",
            parameters=sorted(request.args),
        )


def json_body() -> Any:
    _refuse_query("query_with_json", "the JSON body")
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


def _flat_options(values: Mapping[str, str]) -> dict[str, Any]:
    """Options of a text/plain request's query string or a form (length as sentences=, ratio= or words=)."""
    options: dict[str, Any] = {k: v for k, v in values.items() if k not in LENGTH_FIELDS}
    length = {k: values[k] for k in LENGTH_FIELDS if k in values}
    if length:
        options["length"] = length
    return options


def content(document: RequestContent) -> Content:
    """A request's text or HTML: as sent, or fetched from its `url` (403 while URL input is off)."""
    if document.url is None:
        return Content(document.text, document.html)
    settings = app_state().settings
    if not settings.allow_urls:
        raise UrlsDisabled("this service does not fetch URLs (SUMMARIZER_ALLOW_URLS); send the page's text or html")
    from summarizer.text.fetch import fetch_page

    page = fetch_page(document.url, fetch_policy(settings))
    return Content(html=page.body) if page.is_html else Content(text=page.body)


def _upload() -> tuple[Options, Content]:
    """A multipart/form-data request: the `file`, its `encoding` when given, the options as form fields."""
    _refuse_query("query_with_form", "form fields next to the file")
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(
            422, "missing_file", "a multipart/form-data request needs the file in a `file` field", field="file"
        )
    fields = request.form.to_dict()
    encoding = fields.pop("encoding", None)
    options = Options.model_validate(_flat_options(fields), strict=False)
    return options, read_file(upload.read(), upload.filename or "", upload.mimetype, encoding)


def _run(
    summarizer: Summarizer,
    options: Options,
    source: Content,
    sent_text: bool = True,
    on_text: Callable[[str], None] | None = None,
    on_chunks: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The summary's JSON; with text the client did not send (a file's, a page's), that text too as
    `extracted_text`, the text the offsets point into (as for HTML)."""
    result = summarize_content(summarizer, options, source.text, source.html, on_text, on_chunks=on_chunks)
    if not sent_text and source.text is not None:
        result["extracted_text"] = source.text
    return result


@bp.post("/v1/summarize")
def summarize_one() -> Response:
    stream = request.accept_mimetypes.best_match(["application/json", MEDIA_TYPE]) == MEDIA_TYPE
    options: Options
    if request.mimetype == "application/json":
        body = SummarizeRequest.model_validate(json_body())
        options, source, sent_text, stream = body, content(body), body.url is None, stream or body.stream
    elif request.mimetype == "text/plain":
        options = Options.model_validate(_flat_options(request.args), strict=False)
        body = SummarizeRequest.model_validate({"text": _text_body(), **dict(options)})
        source, sent_text = Content(text=body.text), True
    elif request.mimetype == "multipart/form-data":
        (options, source), sent_text = _upload(), False
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {request.mimetype or '(none)'} is not supported; send application/json, text/plain "
            "or multipart/form-data",
            supported=["application/json", "text/plain", "multipart/form-data"],
        )
    summarizer = app_state().summarizer  # a stream runs in its own thread, outside the app context
    # An abstractive summary stops between chunks when its client has gone away (api/client.py).
    watch = client_watch()
    if stream:
        return stream_summary(lambda on_text: _run(summarizer, options, source, sent_text, on_text, watch))
    try:
        return jsonify(_run(summarizer, options, source, sent_text, on_chunks=watch))
    except ClientGone:
        return Response(status=CLIENT_GONE)


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
        result = _run(app_state().summarizer, options, content(document), document.url is None)
        return {"id": document.id, "status": 200, "result": result}
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
