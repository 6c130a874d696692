"""Request schemas (pydantic): the core's `Options` plus what HTTP adds (text or html, batch documents).

Validation and the OpenAPI document come from these same classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

from summarizer.options import Options
from summarizer.records import Summary

# Exactly one of text or html, as JSON Schema says it (pydantic's validator below says it to Python).
_TEXT_OR_HTML = {
    "oneOf": [
        {"required": ["text"], "properties": {"text": {"type": "string"}}},
        {"required": ["html"], "properties": {"html": {"type": "string"}}},
    ]
}
_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True, json_schema_extra=_TEXT_OR_HTML)

# A character that cleaning keeps (summarizer/text/clean.py drops whitespace and invisible characters):
# text without one is empty (422 empty_text), so the schema asks for one.
VISIBLE = r"[^\s\u200b\u2060\u00ad\ufeff\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]"
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class _Content(BaseModel):
    model_config = _STRICT

    text: NonEmpty | None = Field(None, description="the article's text")
    html: NonEmpty | None = Field(None, description="an HTML page: its main text is extracted and summarised")

    @model_validator(mode="after")
    def _text_or_html(self) -> Self:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text or html")
        return self


class SummarizeRequest(Options, _Content):
    """Body of POST /v1/summarize (application/json)."""


class BatchDocument(_Content):
    """One document of a batch. Validated on its own: a bad one gets an error entry, the others their summaries."""

    id: str = Field(description="your identifier, echoed in the result")


# Any JSON value: each is checked as a BatchDocument by itself, so what is wrong with one document
# fails that document alone (its entry has status 422), never the batch.
_AnyDocument = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [{"$ref": "#/components/schemas/BatchDocument"}, {}],
            "description": "a BatchDocument; anything else gets a 422 entry of its own in the results",
        }
    ),
]


class BatchRequest(Options):
    """Body of POST /v1/summarize/batch: the options apply to every document."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    documents: list[_AnyDocument] = Field(min_length=1, description="documents, answered in this order")


# Responses. A summary is the core's `Summary` record, plus the extracted text for HTML input.


@dataclass(frozen=True)
class SummaryResponse(Summary):
    extracted_text: str | None = None  # with `html` input: the extracted text the offsets point into


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. validation_error, unknown_method")
    message: str = Field(description="what went wrong and what to change")
    details: dict[str, object] = Field(description="structured facts, e.g. the valid values")


class ErrorResponse(BaseModel):
    error: ErrorDetail


class BatchResult(BaseModel):
    id: str | None = Field(description="the document's id; null when the document had no string id")
    status: int = Field(description="the status this document alone would have had")
    result: SummaryResponse | None = None
    error: ErrorDetail | None = None


class BatchResponse(BaseModel):
    results: list[BatchResult] = Field(description="one entry per document, in the request's order")


class MethodEntry(BaseModel):
    name: str
    kind: str = Field(description="extractive or abstractive")
    description: str
    available: bool
    reason: str | None = Field(description="why the method is unavailable, when it is")
    state: str = Field(description="ready, not_loaded, loading or failed (a model's loading state)")


class MethodsResponse(BaseModel):
    default: str = Field(description="the method used when a request names none")
    methods: list[MethodEntry]


class HealthResponse(BaseModel):
    status: str


class ReadyResponse(BaseModel):
    status: str
    default: str
    methods: dict[str, str] = Field(description="each method's state; abstractive ones do not gate readiness")
