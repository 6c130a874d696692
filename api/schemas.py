"""Request schemas (pydantic): validation and the OpenAPI document come from these same classes."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

_STRICT = ConfigDict(strict=True, extra="forbid")


class LengthSpec(BaseModel):
    """Exactly one of `sentences`, `ratio` or `words`."""

    model_config = _STRICT

    sentences: int | None = Field(None, ge=1, description="number of sentences")
    ratio: float | None = Field(None, gt=0, le=1, description="fraction of the input's sentences")
    words: int | None = Field(None, ge=1, description="word budget: the longest summary that fits")

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k in ("sentences", "ratio", "words") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of sentences, ratio or words (got {', '.join(given) or 'none'})")
        return self


class SummarizeOptions(BaseModel):
    """Options shared by single and batch requests."""

    model_config = _STRICT

    method: str | None = Field(None, description="method name from GET /v1/methods; default: the service's default")
    length: LengthSpec | None = Field(None, description="length control; default 3 sentences")
    language: str = Field("english", description="language name or ISO code")
    key_points: int = Field(5, ge=0, le=50, description="number of key points")
    keywords: int = Field(10, ge=0, le=50, description="number of keywords")
    model: str | None = Field(
        None, description="abstractive methods: a model from SUMMARIZER_ALLOWED_MODELS; default SUMMARIZER_MODEL"
    )
    engine: Literal["fast", "sumy"] = Field(
        "fast", description="sumy's methods: our vectorised engine (fast) or sumy's own code (the reference)"
    )


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


class SummarizeRequest(SummarizeOptions, _Content):
    """Body of POST /v1/summarize (application/json)."""


class BatchDocument(_Content):
    id: str = Field(description="your identifier, echoed in the result")


class BatchRequest(SummarizeOptions):
    """Body of POST /v1/summarize/batch: the options apply to every document."""

    documents: list[BatchDocument] = Field(min_length=1, description="documents, answered in this order")


# Responses. The summary itself is the core's `Summary` record (see api/openapi.py).


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. validation_error, unknown_method")
    message: str = Field(description="what went wrong and what to change")
    details: dict[str, object] = Field(description="structured facts, e.g. the valid values")


class ErrorResponse(BaseModel):
    error: ErrorDetail


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
