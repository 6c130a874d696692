"""The OpenAPI 3.1 document, generated from the request schemas and the core's records."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from summarizer import Summarizer
from summarizer.options import Options
from summarizer.text.languages import LANGUAGE_CODES

from .schemas import (
    EXAMPLE_TEXT,
    VISIBLE,
    BatchDocument,
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    HealthResponse,
    JobBatchRequest,
    JobResponse,
    MethodsResponse,
    ReadyResponse,
    SummarizeRequest,
)
from .settings import ServiceSettings
from .state import app_state

openapi_blueprint = Blueprint("openapi", __name__)

_REF = "#/components/schemas/{model}"

ERRORS = {
    "400": "Malformed JSON or undecodable text",
    "403": "A `url` while this service does not fetch URLs (SUMMARIZER_ALLOW_URLS)",
    "404": "No such endpoint; for a job: unknown id, or its result expired (SUMMARIZER_JOB_TTL)",
    "405": "Method not allowed",
    "409": "The job has already finished (done, failed or cancelled)",
    "413": "Body over SUMMARIZER_MAX_BODY_BYTES, text over SUMMARIZER_MAX_TEXT_CHARS, or too many documents",
    "415": "Unsupported Content-Type, a charset that is not a text encoding, or a file of a type not read",
    "422": "Validation error: missing or empty text, unknown method or field, bad length, unsupported language, "
    "options that do not fit together, or a query string with a JSON body; a `url` that is not allowed or whose "
    "page is too large or not text/html or text/plain; a file that cannot be read (a scanned PDF: no_text_layer)",
    "429": "The worker is answering as many summaries as it may (overloaded), too many requests wait for the "
    "model (busy), or SUMMARIZER_JOB_QUEUE_SIZE jobs are queued; see Retry-After",
    "500": "Internal error (details in the server log only)",
    "502": "The `url`'s page could not be fetched: no answer, an HTTP error, a timeout, too many redirects",
    "503": "The method's model is not available; the reason is in the message",
    "504": "Generation took longer than SUMMARIZER_GENERATION_TIMEOUT",
}

_JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
TAGS = [
    {"name": "summaries", "description": "Summarise a text or an HTML page, or a batch of them"},
    {"name": "methods", "description": "The summarisation methods this service offers"},
    {"name": "health", "description": "Liveness and readiness, for load balancers and orchestrators"},
    {"name": "jobs", "description": "Long work as asynchronous jobs: submit, poll, cancel"},
    {"name": "pages", "description": "The page for people, this document and its Swagger UI"},
]


def _schemas() -> dict[str, Any]:
    _, defs = models_json_schema(
        [
            (SummarizeRequest, "validation"),
            (BatchDocument, "validation"),  # before BatchRequest, whose documents refer to it
            (BatchRequest, "validation"),
            (JobBatchRequest, "validation"),
            (BatchResponse, "serialization"),
            (ErrorResponse, "serialization"),
            (MethodsResponse, "serialization"),
            (HealthResponse, "serialization"),
            (ReadyResponse, "serialization"),
            (JobResponse, "serialization"),
        ],
        ref_template=_REF,
    )
    schemas: dict[str, Any] = dict(defs.get("$defs", {}))
    items = schemas["BatchRequest"]["properties"]["documents"]["items"]
    items["anyOf"] = [{"$ref": _REF.format(model="BatchDocument")}, {}]
    return schemas


def _option_values(summarizer: Summarizer) -> dict[str, dict[str, Any]]:
    """What `method`, `language` and `model` accept here, as enums: the registry's methods, the supported
    languages (name or ISO code, lower case as listed; the service also accepts other cases), the models
    this service allows."""
    settings = summarizer.settings
    languages = sorted({"auto", *(key for name, codes in LANGUAGE_CODES.items() for key in (name, *codes))})
    return {
        "method": {"enum": [m.name for m in summarizer.methods()]},
        "language": {"enum": languages},
        "model": {"enum": [settings.model, *settings.allowed_models]},
    }


def _option_rules(summarizer: Summarizer) -> list[dict[str, Any]]:
    """The rules between options, as JSON Schema `if`/`then`: `model` only with an abstractive method,
    `engine` other than "fast" only with a method that has it (sumy's)."""
    methods = summarizer.methods()
    abstractive = [m.name for m in methods if m.kind == "abstractive"]
    two_engines = [m.name for m in methods if len(summarizer.method(m.name).engines) > 1]

    def unless_method_in(names: list[str], then: dict[str, Any]) -> dict[str, Any]:
        return {
            "if": {"required": ["method"], "properties": {"method": {"enum": names}}},
            "else": {"properties": then},
        }

    return [
        unless_method_in(abstractive, {"model": {"type": "null"}}),
        unless_method_in(two_engines, {"engine": {"const": "fast"}}),
    ]


def _constrain(schemas: dict[str, Any], summarizer: Summarizer, service: ServiceSettings) -> dict[str, Any]:
    """Narrow the request schemas to what this service accepts: enums for method, language and model,
    the rules between options, a visible character in `text` (exactly one length field is the schema's own,
    summarizer/options.py)."""
    values = _option_values(summarizer)
    for name in ("SummarizeRequest", "BatchRequest", "JobBatchRequest"):
        schema = schemas[name]
        for field, enum in values.items():
            spec = schema["properties"][field]
            kept = {k: v for k, v in spec.items() if k in ("description", "default", "title")}
            nullable = "anyOf" in spec  # method and model: null means "the default"
            typed = {"type": "string", **enum}
            schema["properties"][field] = kept | ({"anyOf": [typed, {"type": "null"}]} if nullable else typed)
        schema["allOf"] = _option_rules(summarizer)
    schemas["SummarizeRequest"]["properties"]["text"]["pattern"] = VISIBLE
    schemas["BatchRequest"]["properties"]["documents"]["maxItems"] = service.max_batch_documents
    schemas["JobBatchRequest"]["properties"]["documents"]["maxItems"] = service.max_job_documents
    return schemas


def _query_parameters() -> str:
    """The options of a text/plain request, one query parameter each, from the same `Options` schema (the
    length object's fields become `sentences`, `ratio` and `words`), as a Markdown list: OpenAPI attaches
    parameters to an operation, not to one of its body's media types, and a JSON request takes none."""
    options = Options.model_json_schema(ref_template=_REF)
    length = options["$defs"]["Length"]["properties"]
    fields = {name: spec for name, spec in options["properties"].items() if name != "length"}
    lines = []
    for name, spec in {**fields, **length}.items():
        schema = next((s for s in spec.get("anyOf", []) if s.get("type") != "null"), spec)
        default = f"; default {spec['default']}" if spec.get("default") is not None else ""
        kind = "one of " + ", ".join(schema["enum"]) if "enum" in schema else schema["type"]
        lines.append(f"- `{name}` ({kind}{default}): {spec['description']}")
    return "\n".join(lines)


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    """A JSON request body with the model's example (schemas.py) as the one Swagger UI's "Try it out" sends."""
    (example,) = model.model_json_schema()["examples"]
    return {"application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}, "example": example}}


def _responses(ok: str, ok_schema: str, errors: list[str], status: str = "200") -> dict[str, Any]:
    responses: dict[str, Any] = {status: {"description": ok, "content": _json(ok_schema)}}
    for status in errors:
        responses[status] = {"description": ERRORS[status], "content": _json("ErrorResponse")}
    return responses


def _upload(summarizer: Summarizer) -> dict[str, Any]:
    """The multipart/form-data body of POST /v1/summarize: a `file`, its `encoding`, the options as form
    fields (the length object's as `sentences`, `ratio` or `words`, at most one), each of the type `Options`
    gives it, narrowed as the JSON body's are."""
    options = Options.model_json_schema(ref_template=_REF)
    fields = {name: spec for name, spec in options["properties"].items() if name != "length"}
    fields.update(options["$defs"]["Length"]["properties"])
    properties: dict[str, Any] = {
        "file": {
            "type": "string",
            "contentMediaType": "application/octet-stream",
            "description": "the document: .txt or .md (charset detected unless `encoding` names it), .html, "
            ".pdf (its text layer) or .docx; by its name's extension, else its Content-Type",
        },
        "encoding": {"type": "string", "description": "a .txt, .md or .html file's charset, e.g. iso-8859-1"},
    }
    for name, spec in fields.items():
        schema = next((s for s in spec.get("anyOf", []) if s.get("type") != "null"), spec)
        properties[name] = {k: v for k, v in schema.items() if k != "title"} | {"description": spec["description"]}
    for name, enum in _option_values(summarizer).items():
        properties[name] |= {"type": "string", **enum}
    lengths = list(options["$defs"]["Length"]["properties"])
    one_length = {"not": {"anyOf": [{"required": [a, b]} for a in lengths for b in lengths if a < b]}}
    return {
        "schema": {
            "type": "object",
            "properties": properties,
            "required": ["file"],
            "additionalProperties": False,
            "allOf": [*_option_rules(summarizer), one_length],
        }
    }


def _job_accepted() -> dict[str, Any]:
    responses = _responses(
        "Accepted: the job, queued", "JobResponse", ["400", "403", "413", "415", "422", "429", "502"], "202"
    )
    responses["202"]["headers"] = {
        "Location": {"description": "the job's URL, /v1/jobs/{id}", "schema": {"type": "string"}}
    }
    return responses


def _streaming(responses: dict[str, Any]) -> dict[str, Any]:
    """The 200 response also comes as server-sent events (`"stream": true` or Accept: text/event-stream)."""
    responses["200"]["content"]["text/event-stream"] = {
        "schema": {
            "description": "event: delta, data: {text} (abstractive methods: the final pass's text as it is "
            "written; with beam search all at once) ... then event: result, data: the SummaryResponse JSON. "
            "An error after the stream began is event: error, data: the ErrorResponse JSON.",
        }
    }
    return responses


def openapi_document(summarizer: Summarizer, service: ServiceSettings) -> dict[str, Any]:
    """The document for this service's methods, languages and models."""
    summarize_errors = ["400", "403", "413", "415", "422", "429", "500", "502", "503", "504"]
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "summarizer",
            "version": "1",
            "description": "Extractive (sumy and own methods) and abstractive (transformers) summaries. "
            "Every error has the shape {error: {code, message, details}}.",
        },
        "tags": TAGS,
        "paths": {
            "/v1/summarize": {
                "post": {
                    "tags": ["summaries"],
                    "operationId": "summarize",
                    "summary": "Summarise one text, HTML page, web page (url) or file",
                    "description": "A JSON body (`text`, `html` or `url`, and the options), the text itself as a "
                    "`text/plain` body with the options in the query string, or a file as `multipart/form-data` "
                    "with the options as form fields. A JSON request with a query string is a 422: its options "
                    "belong in the body. For a url or a file, `extracted_text` is the text the offsets point into.",
                    "requestBody": {
                        "required": True,
                        "description": "`application/json`: a SummarizeRequest. `text/plain`: the text, in the "
                        "charset of the Content-Type (UTF-8 when none); its options, all optional, go in the query "
                        "string (`?method=lexrank&sentences=3`), at most one of `sentences`, `ratio` and "
                        "`words`:\n\n" + _query_parameters(),
                        "content": {
                            **_json_body(SummarizeRequest),
                            "text/plain": {"schema": {"type": "string", "pattern": VISIBLE}, "example": EXAMPLE_TEXT},
                            "multipart/form-data": _upload(summarizer),
                        },
                    },
                    "responses": _streaming(_responses("The summary", "SummaryResponse", summarize_errors)),
                }
            },
            "/v1/summarize/batch": {
                "post": {
                    "tags": ["summaries"],
                    "operationId": "summarizeBatch",
                    "summary": "Summarise several documents with shared options",
                    "description": "One result or one error per document, in order; at most "
                    "SUMMARIZER_MAX_BATCH_DOCUMENTS documents (default 32).",
                    "requestBody": {"required": True, "content": _json_body(BatchRequest)},
                    "responses": _responses("One entry per document", "BatchResponse", ["400", "413", "415", "422"]),
                }
            },
            "/v1/jobs": {
                "post": {
                    "tags": ["jobs"],
                    "operationId": "submitJob",
                    "summary": "Summarise one text or HTML page as a job (long work: abstractive, long texts)",
                    "description": "The body of POST /v1/summarize (JSON); a `url` is fetched when the job is "
                    "submitted. Answers 202 with the job and a "
                    "Location header; poll GET /v1/jobs/{id} until its state is done, failed or cancelled.",
                    "requestBody": {"required": True, "content": _json_body(SummarizeRequest)},
                    "responses": _job_accepted(),
                }
            },
            "/v1/jobs/batch": {
                "post": {
                    "tags": ["jobs"],
                    "operationId": "submitBatchJob",
                    "summary": "Summarise many documents as one job",
                    "description": "The body of POST /v1/summarize/batch, with up to "
                    "SUMMARIZER_MAX_JOB_DOCUMENTS documents (default 10000). Answers 202 like POST /v1/jobs.",
                    "requestBody": {"required": True, "content": _json_body(JobBatchRequest)},
                    "responses": _job_accepted(),
                }
            },
            "/v1/jobs/{job_id}": {
                "get": {
                    "tags": ["jobs"],
                    "operationId": "getJob",
                    "parameters": [_JOB_ID],
                    "summary": "A job's state, progress, and its result or error",
                    "responses": _responses("The job", "JobResponse", ["404"]),
                },
                "delete": {
                    "tags": ["jobs"],
                    "operationId": "cancelJob",
                    "parameters": [_JOB_ID],
                    "summary": "Cancel a queued or running job (a running one stops at once, or between documents)",
                    "responses": _responses("The job, cancelled", "JobResponse", ["404", "409"]),
                },
            },
            "/v1/methods": {
                "get": {
                    "tags": ["methods"],
                    "operationId": "listMethods",
                    "summary": "The registered methods and whether each can run",
                    "responses": _responses("Methods", "MethodsResponse", []),
                }
            },
            "/healthz": {
                "get": {
                    "tags": ["health"],
                    "operationId": "liveness",
                    "summary": "Liveness",
                    "responses": _responses("Alive", "HealthResponse", []),
                }
            },
            "/readyz": {
                "get": {
                    "tags": ["health"],
                    "operationId": "readiness",
                    "summary": "Readiness: the default method has loaded and answered",
                    "responses": _responses("Ready", "ReadyResponse", ["503"]),
                }
            },
            "/": {
                "get": {
                    "tags": ["pages"],
                    "operationId": "page",
                    "summary": "The web page: paste an article, pick methods, read the summaries",
                    "responses": {"200": {"description": "HTML page", "content": {"text/html": {}}}},
                }
            },
            "/openapi.json": {
                "get": {
                    "tags": ["pages"],
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
                }
            },
            "/docs/": {
                "get": {
                    "tags": ["pages"],
                    "operationId": "docs",
                    "summary": "Interactive API documentation (Swagger UI, served locally)",
                    "responses": {"200": {"description": "HTML page", "content": {"text/html": {}}}},
                }
            },
        },
        "components": {"schemas": _constrain(_schemas(), summarizer, service)},
    }
    return _access_control(document, service)


_PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/", "/openapi.json", "/docs/"})
_RATE_HEADERS = {
    "X-RateLimit-Limit": {"description": "requests allowed in the window", "schema": {"type": "integer"}},
    "X-RateLimit-Remaining": {"description": "requests left in the window", "schema": {"type": "integer"}},
    "X-RateLimit-Reset": {"description": "when the window ends (Unix time)", "schema": {"type": "integer"}},
    "Retry-After": {"description": "seconds until the window ends", "schema": {"type": "integer"}},
}


def _access_control(document: dict[str, Any], service: ServiceSettings) -> dict[str, Any]:
    """/metrics, and what API keys and rate limits (api/security.py) add when they are on: the security
    schemes and, on every operation that is not public, 401 and 429 rate_limited with their headers."""
    document["paths"]["/metrics"] = {
        "get": {
            "tags": ["health"],
            "operationId": "metrics",
            "summary": "Prometheus metrics of every worker (text format)",
            "responses": {"200": {"description": "Prometheus text format 0.0.4", "content": {"text/plain": {}}}},
        }
    }
    public = _PUBLIC_PATHS | ({"/metrics"} if service.metrics_public else set())
    limited = bool(service.rate_limit or service.ip_rate_limit)
    if service.api_keys:
        document["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer KEY"},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
        document["security"] = [{"bearer": []}, {"apiKey": []}]
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if path in public:
                if service.api_keys:
                    operation["security"] = []
                continue
            responses = operation["responses"]
            if service.api_keys:
                responses["401"] = {
                    "description": "No API key (missing_api_key) or not a valid one (invalid_api_key)",
                    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
                    "content": _json("ErrorResponse"),
                }
            if limited and path != "/metrics":
                described = responses.get("429", {}).get("description")
                reason = "More requests than SUMMARIZER_RATE_LIMIT or SUMMARIZER_IP_RATE_LIMIT allow (rate_limited)"
                responses["429"] = {
                    "description": f"{described}; or: {reason}" if described else reason,
                    "headers": _RATE_HEADERS,
                    "content": _json("ErrorResponse"),
                }
    return document


@openapi_blueprint.get("/openapi.json")
def openapi_json() -> Response:
    extensions = current_app.extensions
    if "summarizer.openapi" not in extensions:  # built once per app: it depends on its settings
        state = app_state()
        extensions["summarizer.openapi"] = openapi_document(state.summarizer, state.settings)
    return jsonify(extensions["summarizer.openapi"])
