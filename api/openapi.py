"""The OpenAPI 3.1 document, generated from the request schemas and the core's records."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from pydantic.json_schema import models_json_schema

from summarizer import Summarizer
from summarizer.options import Options
from summarizer.text.languages import LANGUAGE_CODES

from .schemas import (
    VISIBLE,
    BatchDocument,
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
    "415": "Unsupported Content-Type, or a charset that is not a text encoding",
    "422": "Validation error: missing or empty text, unknown method or field, bad length, unsupported language, "
    "options that do not fit together",
    "429": "The worker is answering as many summaries as it may (overloaded), or too many requests wait "
    "for the model (busy); see Retry-After",
    "500": "Internal error (details in the server log only)",
    "503": "The method's model is not available; the reason is in the message",
    "504": "Generation took longer than SUMMARIZER_GENERATION_TIMEOUT",
}


def _schemas() -> dict[str, Any]:
    _, defs = models_json_schema(
        [
            (SummarizeRequest, "validation"),
            (BatchRequest, "validation"),
            (BatchDocument, "validation"),
            (BatchResponse, "serialization"),
            (ErrorResponse, "serialization"),
            (MethodsResponse, "serialization"),
            (HealthResponse, "serialization"),
            (ReadyResponse, "serialization"),
        ],
        ref_template=_REF,
    )
    return dict(defs.get("$defs", {}))


def _option_values(summarizer: Summarizer) -> dict[str, dict[str, Any]]:
    """What `method`, `language` and `model` accept here, as enums: the registry's methods, the supported
    languages (name or ISO code, lower case as listed; the service also accepts other cases), the models
    this service allows."""
    settings = summarizer.settings
    languages = sorted({key for name, codes in LANGUAGE_CODES.items() for key in (name, *codes)})
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


def _constrain(schemas: dict[str, Any], summarizer: Summarizer) -> dict[str, Any]:
    """Narrow the request schemas to what this service accepts: enums for method, language and model,
    the rules between options, a visible character in `text`, and exactly one length field."""
    values = _option_values(summarizer)
    for name in ("SummarizeRequest", "BatchRequest"):
        schema = schemas[name]
        for field, enum in values.items():
            spec = schema["properties"][field]
            kept = {k: v for k, v in spec.items() if k in ("description", "default", "title")}
            nullable = "anyOf" in spec  # method and model: null means "the default"
            typed = {"type": "string", **enum}
            schema["properties"][field] = kept | ({"anyOf": [typed, {"type": "null"}]} if nullable else typed)
        schema["allOf"] = _option_rules(summarizer)
    schemas["SummarizeRequest"]["properties"]["text"]["pattern"] = VISIBLE
    length = schemas["Length"]
    length["oneOf"] = [
        {"required": [field], "properties": {field: {"not": {"type": "null"}}}} for field in length["properties"]
    ]
    return schemas


def _query_parameters(summarizer: Summarizer) -> list[dict[str, Any]]:
    """The options of a text/plain request, one query parameter each, from the same `Options` schema
    (the length object's fields become `sentences`, `ratio` and `words`: give at most one, a rule
    OpenAPI cannot state between parameters)."""
    values = _option_values(summarizer)
    options = Options.model_json_schema(ref_template=_REF)
    length = options["$defs"]["Length"]["properties"]
    fields = {name: spec for name, spec in options["properties"].items() if name != "length"}
    parameters = []
    for name, spec in {**fields, **length}.items():
        schema = {k: v for k, v in spec.items() if k not in ("description", "title", "default")}
        if "anyOf" in schema:  # Optional[X]: the parameter is simply left out when not given
            schema = next(s for s in schema.pop("anyOf") if s.get("type") != "null") | schema
        schema |= values.get(name, {})
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


def openapi_document(summarizer: Summarizer) -> dict[str, Any]:
    """The document for this service's methods, languages and models."""
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
                    "parameters": _query_parameters(summarizer),
                    "requestBody": {
                        "required": True,
                        "content": {
                            **_json("SummarizeRequest"),
                            "text/plain": {"schema": {"type": "string", "pattern": VISIBLE}},
                        },
                    },
                    "responses": _responses("The summary", "SummaryResponse", summarize_errors),
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
        "components": {"schemas": _constrain(_schemas(), summarizer)},
    }


@openapi_blueprint.get("/openapi.json")
def openapi_json() -> Response:
    extensions = current_app.extensions
    if "summarizer.openapi" not in extensions:  # built once per app: it depends on its settings
        extensions["summarizer.openapi"] = openapi_document(extensions["summarizer"])
    return jsonify(extensions["summarizer.openapi"])
