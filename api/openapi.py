"""The OpenAPI 3.1 document, generated from the request schemas and the core's records."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Blueprint, Response, jsonify
from pydantic.json_schema import models_json_schema

from summarizer.options import Options

from .schemas import (
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    HealthResponse,
    MethodsResponse,
    ReadyResponse,
    SummarizeRequest,
)

openapi_blueprint = Blueprint("openapi", __name__)

_REF = "#/components/schemas/{model}"

ERRORS = {
    "400": "Malformed JSON or undecodable text",
    "404": "No such endpoint",
    "405": "Method not allowed",
    "413": "Body over SUMMARIZER_MAX_BODY_BYTES, text over SUMMARIZER_MAX_TEXT_CHARS, or too many documents",
    "415": "Unsupported Content-Type",
    "422": "Validation error: missing or empty text, unknown method or field, bad length, unsupported language",
    "429": "Too many requests waiting for the model; see Retry-After",
    "500": "Internal error (details in the server log only)",
    "503": "The method's model is not available; the reason is in the message",
    "504": "Generation took longer than SUMMARIZER_GENERATION_TIMEOUT",
}


def _schemas() -> dict[str, Any]:
    _, defs = models_json_schema(
        [
            (SummarizeRequest, "validation"),
            (BatchRequest, "validation"),
            (BatchResponse, "serialization"),
            (ErrorResponse, "serialization"),
            (MethodsResponse, "serialization"),
            (HealthResponse, "serialization"),
            (ReadyResponse, "serialization"),
        ],
        ref_template=_REF,
    )
    return dict(defs.get("$defs", {}))


def _query_parameters() -> list[dict[str, Any]]:
    """The options of a text/plain request, one query parameter each, from the same `Options` schema
    (the length object's fields become `sentences`, `ratio` and `words`)."""
    options = Options.model_json_schema(ref_template=_REF)
    length = options["$defs"]["Length"]["properties"]
    fields = {name: spec for name, spec in options["properties"].items() if name != "length"}
    parameters = []
    for name, spec in {**fields, **length}.items():
        schema = {k: v for k, v in spec.items() if k not in ("description", "title", "default")}
        if "anyOf" in schema:  # Optional[X]: the parameter is simply left out when not given
            schema = next(s for s in schema.pop("anyOf") if s.get("type") != "null") | schema
        parameters.append(
            {"name": name, "in": "query", "required": False, "schema": schema, "description": spec.get("description")}
        )
    return parameters


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _responses(ok: str, ok_schema: str, errors: list[str]) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": ok, "content": _json(ok_schema)}}
    for status in errors:
        responses[status] = {"description": ERRORS[status], "content": _json("ErrorResponse")}
    return responses


def _streaming(responses: dict[str, Any]) -> dict[str, Any]:
    """The 200 response also comes as server-sent events (`"stream": true` or Accept: text/event-stream)."""
    responses["200"]["content"]["text/event-stream"] = {
        "schema": {
            "type": "string",
            "description": "event: delta, data: {text} (abstractive methods: the final pass's text as it is "
            "written; with beam search all at once) ... then event: result, data: the SummaryResponse JSON. "
            "An error after the stream began is event: error, data: the ErrorResponse JSON.",
        }
    }
    return responses


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    summarize_errors = ["400", "413", "415", "422", "429", "500", "503", "504"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "summarizer",
            "version": "1",
            "description": "Extractive (sumy and own methods) and abstractive (transformers) summaries. "
            "Every error has the shape {error: {code, message, details}}.",
        },
        "paths": {
            "/v1/summarize": {
                "post": {
                    "summary": "Summarise one text or HTML page",
                    "description": "JSON body, or a text/plain body with the options in the query string "
                    "(only for text/plain).",
                    "parameters": _query_parameters(),
                    "requestBody": {
                        "required": True,
                        "content": {
                            **_json("SummarizeRequest"),
                            "text/plain": {"schema": {"type": "string"}},
                        },
                    },
                    "responses": _streaming(_responses("The summary", "SummaryResponse", summarize_errors)),
                }
            },
            "/v1/summarize/batch": {
                "post": {
                    "summary": "Summarise several documents with shared options",
                    "description": "One result or one error per document, in order; at most "
                    "SUMMARIZER_MAX_BATCH_DOCUMENTS documents (default 32).",
                    "requestBody": {"required": True, "content": _json("BatchRequest")},
                    "responses": _responses("One entry per document", "BatchResponse", ["400", "413", "415", "422"]),
                }
            },
            "/v1/methods": {
                "get": {
                    "summary": "The registered methods and whether each can run",
                    "responses": _responses("Methods", "MethodsResponse", []),
                }
            },
            "/healthz": {"get": {"summary": "Liveness", "responses": _responses("Alive", "HealthResponse", [])}},
            "/readyz": {
                "get": {
                    "summary": "Readiness: the default method has loaded and answered",
                    "responses": _responses("Ready", "ReadyResponse", ["503"]),
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
                }
            },
            "/docs/": {
                "get": {
                    "summary": "Interactive API documentation (Swagger UI, served locally)",
                    "responses": {"200": {"description": "HTML page", "content": {"text/html": {}}}},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }


@openapi_blueprint.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi_document())
