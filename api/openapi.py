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
    JobResponse,
    MethodsResponse,
    ReadyResponse,
    SummarizeRequest,
)

openapi_blueprint = Blueprint("openapi", __name__)

_REF = "#/components/schemas/{model}"

ERRORS = {
    "400": "Malformed JSON or undecodable text",
    "404": "No such endpoint; for a job: unknown id, or its result expired (SUMMARIZER_JOB_TTL)",
    "405": "Method not allowed",
    "409": "The job has already finished (done, failed or cancelled)",
    "413": "Body over SUMMARIZER_MAX_BODY_BYTES, text over SUMMARIZER_MAX_TEXT_CHARS, or too many documents",
    "415": "Unsupported Content-Type",
    "422": "Validation error: missing or empty text, unknown method or field, bad length, unsupported language",
    "429": "Too many requests waiting for the model, or SUMMARIZER_JOB_QUEUE_SIZE jobs queued; see Retry-After",
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
            (JobResponse, "serialization"),
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


def _responses(ok: str, ok_schema: str, errors: list[str], status: str = "200") -> dict[str, Any]:
    responses: dict[str, Any] = {status: {"description": ok, "content": _json(ok_schema)}}
    for status in errors:
        responses[status] = {"description": ERRORS[status], "content": _json("ErrorResponse")}
    return responses


def _job_accepted() -> dict[str, Any]:
    responses = _responses("Accepted: the job, queued", "JobResponse", ["400", "413", "415", "422", "429"], "202")
    responses["202"]["headers"] = {
        "Location": {"description": "the job's URL, /v1/jobs/{id}", "schema": {"type": "string"}}
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
            "/v1/jobs": {
                "post": {
                    "summary": "Summarise one text or HTML page as a job (long work: abstractive, long texts)",
                    "description": "The body of POST /v1/summarize (JSON). Answers 202 with the job and a "
                    "Location header; poll GET /v1/jobs/{id} until its state is done, failed or cancelled.",
                    "requestBody": {"required": True, "content": _json("SummarizeRequest")},
                    "responses": _job_accepted(),
                }
            },
            "/v1/jobs/batch": {
                "post": {
                    "summary": "Summarise many documents as one job",
                    "description": "The body of POST /v1/summarize/batch, with up to "
                    "SUMMARIZER_MAX_JOB_DOCUMENTS documents (default 10000). Answers 202 like POST /v1/jobs.",
                    "requestBody": {"required": True, "content": _json("BatchRequest")},
                    "responses": _job_accepted(),
                }
            },
            "/v1/jobs/{job_id}": {
                "parameters": [{"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {
                    "summary": "A job's state, progress, and its result or error",
                    "responses": _responses("The job", "JobResponse", ["404"]),
                },
                "delete": {
                    "summary": "Cancel a queued or running job (a running one stops at once, or between documents)",
                    "responses": _responses("The job, cancelled", "JobResponse", ["404", "409"]),
                },
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
