"""Request schemas (pydantic): the core's `Options` plus what HTTP adds (text or html, batch documents).

Validation and the OpenAPI document come from these same classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from summarizer.options import Options
from summarizer.records import Summary

_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)


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

    stream: bool = Field(
        False,
        description="answer with server-sent events (as Accept: text/event-stream does): `delta` events with "
        "an abstractive summary's text as it is written, then one `result` event with the usual JSON",
    )


class BatchDocument(_Content):
    id: str = Field(description="your identifier, echoed in the result")


class BatchRequest(Options):
    """Body of POST /v1/summarize/batch: the options apply to every document."""

    documents: list[BatchDocument] = Field(min_length=1, description="documents, answered in this order")


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
    id: str
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
