"""What a caller asks for: one typed, validated `Options` record, the same from the API, the CLI and the evaluator.

Every rule about a request's options lives here once: the engine names, the list limits, the length
rules (exactly one of sentences, ratio or words, or none for the default of 3 sentences). The API's
request schemas extend `Options`, so the OpenAPI document is generated from these same fields.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .errors import InvalidInput, InvalidLength

Engine = Literal["fast", "sumy"]
ENGINES: tuple[Engine, ...] = ("fast", "sumy")
Format = Literal["text", "bullets"]
FORMATS: tuple[Format, ...] = ("text", "bullets")
MAX_LIST_ITEMS = 50  # most key points or keywords one request may ask for
# Key points aim at this many words; a sentence that cannot be trimmed to it stays whole
# (summarizer/keypoints.py), and most sentences are shorter: points average 20-24 words. The default is
# the shortest target at which the key points cover the reference (ROUGE-1 recall) at least as well as
# whole sentences did, on both data sets, plus one word of margin. First pass, first 120 documents of
# cnndm-dev / BBC (recall @ mean words a point): target 20: 53.9 @ 22.5 / 51.4 @ 19.1; 25: 55.0 @ 23.5 /
# 53.1 @ 19.8; 28: 55.5 @ 23.6 / 54.2 @ 20.2; whole sentences: 53.7 @ 23.6 / 54.1 @ 20.3. After the
# second pass (over-length discounted, stricter duplicates), whole sets, the default method against
# whole sentences' 58.69 @ 23.9 / 49.38 @ 20.2: 28: 58.12 @ 22.5 / 49.06 @ 19.9; 30: 58.53 @ 22.9 /
# 49.40 @ 20.1; 31: 58.86 @ 23.2 / 49.53 @ 20.2; 32: 59.12 @ 23.4 / 49.63 @ 20.2 (lead: 60.82 @ 23.5 /
# 49.75 @ 20.1, against 59.94 @ 23.7 / 49.21 @ 19.9). 31 is the shortest; its margin (0.15-0.17) is
# inside what other data could move, so 32.
DEFAULT_KEY_POINT_WORDS = 32
MIN_KEY_POINT_WORDS, MAX_KEY_POINT_WORDS = 5, 100
DEFAULT_SENTENCES = 3
AUTO_LANGUAGE = "auto"  # `language` that asks for detection (summarizer/text/detect.py)
LENGTH_FIELDS = ("sentences", "ratio", "words")

_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)


def exactly_one_of(*names: str) -> Callable[[dict[str, Any]], None]:
    """A model's `json_schema_extra` that says "exactly one of these fields" as JSON Schema does (`oneOf`
    of `required`), each field as its plain type: null is accepted but means "not given", and a nullable
    type with a null default made Swagger UI's example body send nulls."""

    def document(schema: dict[str, Any]) -> None:
        for name in names:
            field = schema["properties"][name]
            field.pop("default", None)
            field.update(next(s for s in field.pop("anyOf") if s.get("type") != "null"))
        schema["oneOf"] = [{"required": [name]} for name in names]

    return document


def _integral(value: Any) -> Any:
    """3.0 -> 3: JSON (and JSON Schema's "integer") does not tell 3.0 from 3; 3.5 stays a float and is refused."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# A whole number as JSON means it: 3 or 3.0, never "3" or true (strict mode refuses those).
WholeNumber = Annotated[int, BeforeValidator(_integral)]
# Inside the annotation, not on the field: on an optional field pydantic writes the bound into the
# JSON schema as "ge" (not JSON Schema's "minimum"), and the OpenAPI document would not state it.
PositiveCount = Annotated[int, Field(ge=1), BeforeValidator(_integral)]


class Length(BaseModel):
    """How long the summary is: exactly one of `sentences`, `ratio` or `words`."""

    model_config = _STRICT | ConfigDict(json_schema_extra=exactly_one_of(*LENGTH_FIELDS))

    sentences: PositiveCount | None = Field(None, description="number of sentences")
    ratio: float | None = Field(None, gt=0, le=1, description="fraction of the input's sentences, in (0, 1]")
    words: PositiveCount | None = Field(None, description="word budget: the longest summary that fits")

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        """`{"ratio": 0.2, "words": null}` says two things: the schema allows each field as a number only."""
        if isinstance(data, dict) and (
            nulls := [name for name in LENGTH_FIELDS if name in data and data[name] is None]
        ):
            raise ValueError(f"give {', '.join(nulls)} a number, or leave it out")
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [name for name in LENGTH_FIELDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of sentences, ratio or words (got {', '.join(given) or 'none'})")
        if self.ratio is not None and math.isnan(self.ratio):
            raise ValueError("ratio must be a number in (0, 1]")
        return self


DEFAULT_LENGTH = Length(sentences=DEFAULT_SENTENCES)


class Options(BaseModel):
    """Options of one summary; every field has a default, so `Options()` is the default request."""

    model_config = _STRICT

    method: str | None = Field(None, description="method name from GET /v1/methods; default: the service's default")
    length: Length | None = Field(None, description="length control; default 3 sentences")
    language: str = Field(
        AUTO_LANGUAGE,
        description="language name or ISO 639-1 code; 'auto' (the default) detects it from the text",
    )
    key_points: WholeNumber = Field(5, ge=0, le=MAX_LIST_ITEMS, description="number of key points")
    key_point_words: WholeNumber = Field(
        DEFAULT_KEY_POINT_WORDS,
        ge=MIN_KEY_POINT_WORDS,
        le=MAX_KEY_POINT_WORDS,
        description="words a key point aims at: longer sentences are trimmed where they stay grammatical",
    )
    keywords: WholeNumber = Field(10, ge=0, le=MAX_LIST_ITEMS, description="number of keywords")
    include_title: bool = Field(
        False, description="count the title (a first line that reads as a heading) as a sentence of the text"
    )
    format: Format = Field(
        "text", description="summary text: sentences as paragraphs (text) or one sentence a line, '- ' first"
    )
    model: str | None = Field(
        None, description="abstractive methods: a model from SUMMARIZER_ALLOWED_MODELS; default SUMMARIZER_MODEL"
    )
    engine: Engine = Field(
        "fast", description="sumy's methods: our vectorised engine (fast) or sumy's own code (the reference)"
    )

    @property
    def resolved_length(self) -> Length:
        return self.length or DEFAULT_LENGTH

    @classmethod
    def build(cls, **given: Any) -> Options:
        """Options from keyword arguments as the library takes them (`sentences=`, `ratio=`, `words=`
        instead of a `length` object; None means "not given"); bad values raise InvalidInput (or
        InvalidLength) with a message in our words."""
        values = {name: value for name, value in given.items() if value is not None}
        length = {name: values.pop(name) for name in LENGTH_FIELDS if name in values}
        if len(length) > 1:
            raise InvalidLength(f"give one length control, not {len(length)}: {', '.join(length)}", given=list(length))
        if length:
            values["length"] = length
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            raise invalid_options(error) from None


# What each option must be, in the words error messages use.
RULES = {
    "sentences": "a whole number >= 1",
    "words": "a whole number >= 1",
    "ratio": "a number in (0, 1]",
    "key_points": f"a whole number from 0 to {MAX_LIST_ITEMS}",
    "keywords": f"a whole number from 0 to {MAX_LIST_ITEMS}",
    "key_point_words": f"a whole number from {MIN_KEY_POINT_WORDS} to {MAX_KEY_POINT_WORDS}",
    "include_title": "true or false",
    "format": f"one of: {', '.join(FORMATS)}",
    "engine": f"one of: {', '.join(ENGINES)}",
    "method": "a method name from GET /v1/methods (or --list-methods)",
    "language": "a language name or ISO 639-1 code, or 'auto'",
    "model": "a model name",
    "text": "a string with the article's text (at least one visible character)",
    "html": "a string with an HTML page",
    "id": "a string",
    "documents": "a list of at least one document",
}
# Fields whose value is never echoed back in a message: a text may be a megabyte.
_NOT_ECHOED = frozenset({"text", "html", "documents"})


def describe(problem: Mapping[str, Any]) -> str:
    """One pydantic error about an option in our words: "sentences must be a whole number >= 1, got 0"."""
    field = str(problem["loc"][-1]) if problem["loc"] else ""
    kind = problem["type"]
    if kind == "extra_forbidden":
        return f"unknown field {field!r}"
    if kind == "missing":
        return f"{field} is required"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{field or 'the body'} must be a JSON object"
    if field in RULES and "input" in problem:
        if field in _NOT_ECHOED:
            return f"{field} must be {RULES[field]}"
        shown = repr(problem["input"])
        return f"{field} must be {RULES[field]}, got {shown if len(shown) <= 40 else shown[:37] + '...'}"
    return str(problem["msg"]).removeprefix("Value error, ")


def invalid_options(error: ValidationError) -> InvalidInput:
    """A pydantic error about options as the core's error (InvalidLength for the length), in our words."""
    problems = error.errors(include_url=False)
    message = "; ".join(describe(problem) for problem in problems)
    first = problems[0]["loc"]
    field = ".".join(str(part) for part in first) or "options"
    if first and first[0] == "length":
        return InvalidLength(message, field=field)
    return InvalidInput(message, field=field)
