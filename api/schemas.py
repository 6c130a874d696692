"""Request schemas (pydantic): the core's `Options` plus what HTTP adds (text or html, batch documents).

Validation and the OpenAPI document come from these same classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

from summarizer.options import Options, exactly_one_of
from summarizer.records import Summary

_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)

# The examples of the OpenAPI document (Swagger UI's "Try it out" sends them as they are): the opening of
# the seed article (seeds/, checked by tests/test_api.py), which the service is not installed with.
EXAMPLE_TEXT = (
    "Iran’s President Warns against Expansion of NATO\n"
    "TEHRAN (Tasnim) – In a phone call with his Russian counterpart after the escalation of the Ukraine-Russia "
    "crisis, Iranian President Ebrahim Raisi cautioned that NATO's expansion poses a serious threat to the "
    "stability and security of the independent states in different regions.\n"
    "In a telephone conversation on Thursday, Iranian President Raisi and his Russian counterpart Vladimir Putin "
    "talked about the international developments and the Vienna talks on the revival of the Joint Comprehensive "
    "Plan of Action (JCPOA).\n"
    "The Iranian president stated that the expansion of the NATO to the East creates tensions, stressing, "
    '"The expansion of the NATO is a serious threat to the stability and security of independent countries in '
    'different regions."\n'
    "He also expressed hope that what is happening would end up to the benefit of the nations and the region, "
    "according to the president’s official website.\n"
)
_text_or_html = exactly_one_of("text", "html", "url")


def _example(example: dict[str, Any], *, text_or_html: bool = False) -> ConfigDict:
    """A model's example in its JSON schema (openapi.py also shows it as the request body's example)."""

    def document(schema: dict[str, Any]) -> None:
        if text_or_html:
            _text_or_html(schema)
        schema["examples"] = [example]

    return ConfigDict(json_schema_extra=document)


# A character that cleaning keeps (summarizer/text/clean.py drops whitespace and invisible characters):
# text without one is empty (422 empty_text), so the schema asks for one.
VISIBLE = r"[^\s\u200b\u2060\u00ad\ufeff\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]"
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class RequestContent(BaseModel):
    model_config = _STRICT | ConfigDict(json_schema_extra=_text_or_html)

    text: NonEmpty | None = Field(None, description="the article's text")
    html: NonEmpty | None = Field(None, description="an HTML page: its main text is extracted and summarised")
    url: NonEmpty | None = Field(
        None,
        description="a web page's http(s) address: fetched (public hosts only), its main text extracted and "
        "summarised; off unless SUMMARIZER_ALLOW_URLS=1 (403 urls_disabled)",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        """`{"html": "...", "text": null}`: the schema allows text and html as strings only."""
        if isinstance(data, dict) and (
            nulls := [name for name in ("text", "html", "url") if name in data and data[name] is None]
        ):
            raise ValueError(f"give {' or '.join(nulls)} a string, or leave it out")
        return data

    @model_validator(mode="after")
    def _text_or_html(self) -> Self:
        if [self.text, self.html, self.url].count(None) != 2:
            raise ValueError("give exactly one of text, html or url")
        return self


class SummarizeRequest(Options, RequestContent):
    """Body of POST /v1/summarize (application/json): `text`, `html` or `url`, and the options."""

    model_config = _example({"text": EXAMPLE_TEXT, "length": {"sentences": 2}}, text_or_html=True)

    stream: bool = Field(
        False,
        description="answer with server-sent events (as Accept: text/event-stream does): `delta` events with "
        "an abstractive summary's text as it is written, then one `result` event with the usual JSON",
    )


class BatchDocument(RequestContent):
    """One document of a batch. Validated on its own: a bad one gets an error entry, the others their summaries."""

    id: str = Field(description="your identifier, echoed in the result")


# Any JSON value: each is checked as a BatchDocument by itself, so what is wrong with one document
# fails that document alone (its entry has status 422), never the batch.
# (api/openapi.py points the schema of each item at BatchDocument.)
_AnyDocument = Annotated[
    Any,
    WithJsonSchema({"description": "a BatchDocument; anything else gets a 422 entry of its own in the results"}),
]


class BatchRequest(Options):
    """Body of POST /v1/summarize/batch: the options apply to every document."""

    model_config = _example(
        {
            "documents": [
                {"id": "opening", "text": EXAMPLE_TEXT},
                {"id": "headline", "text": EXAMPLE_TEXT.splitlines()[0]},
            ],
            "length": {"sentences": 2},
        }
    )

    documents: list[_AnyDocument] = Field(min_length=1, description="documents, answered in this order")


def _without_url(schema: dict[str, Any]) -> None:
    del schema["properties"]["url"]
    exactly_one_of("text", "html")(schema)


class JobBatchDocument(BatchDocument):
    """A batch job's document: `text` or `html`. A URL is fetched when a job is submitted, so a batch job
    takes none (thousands of fetches in one request); submit a URL as a job of its own."""

    model_config = ConfigDict(json_schema_extra=_without_url)

    @model_validator(mode="after")
    def _no_url(self) -> Self:
        if self.url is not None:
            raise ValueError("a batch job takes text or html; submit a url as a job of its own (POST /v1/jobs)")
        return self


class JobBatchRequest(Options):
    """Body of POST /v1/jobs/batch: as a batch's, but each document is checked when the job is submitted."""

    model_config = BatchRequest.model_config  # the same example

    documents: list[JobBatchDocument] = Field(min_length=1, description="documents, answered in this order")


# Responses. A summary is the core's `Summary` record, plus the extracted text for HTML input.


@dataclass(frozen=True)
class SummaryResponse(Summary):
    extracted_text: str | None = None  # with `html` input: the extracted text the offsets point into


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. validation_error, unknown_method")
    message: str = Field(description="what went wrong and what to change")
    details: dict[str, object] = Field(description="structured facts, e.g. the valid values")
    request_id: str | None = Field(
        None, description="the request's X-Request-ID, as in the server log (absent in a batch entry's error)"
    )


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


# Jobs (POST /v1/jobs, /v1/jobs/batch; GET and DELETE /v1/jobs/{id}).


class JobProgress(BaseModel):
    documents_done: int = Field(description="documents summarised so far")
    documents_total: int
    chunks_done: int | None = Field(
        None,
        description="abstractive methods: the model inputs (map-reduce chunks and the final call) of the current "
        "document generated so far; null for extractive methods",
    )
    chunks_total: int | None = Field(
        None, description="the current document's model inputs known so far: it grows as each pass is packed"
    )


class JobResponse(BaseModel):
    id: str
    kind: Literal["summarize", "batch"] = Field(description="summarize: one document; batch: several")
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    progress: JobProgress
    attempts: int = Field(description="runs started; a job whose worker process died is retried once (Redis)")
    created_at: str = Field(description="ISO 8601, UTC")
    started_at: str | None = None
    finished_at: str | None = None
    expires_at: str | None = Field(None, description="when a finished job's result is deleted (404 after)")
    result: SummaryResponse | BatchResponse | None = Field(
        None, description="when done: what POST /v1/summarize or /v1/summarize/batch would have returned"
    )
    error: ErrorDetail | None = Field(None, description="when failed: why, in the shape of every error")
