"""Schemathesis hooks for tests/test_schemathesis.py: the two rules the OpenAPI document states in words
because JSON Schema cannot, applied to what schemathesis generates.

- `html` must contain article text: whether a string is a page with a main text is trafilatura's
  judgement, not a schema's; a page without one is a 422 (`empty_text`), as the document says.
- Query parameters are the options of a text/plain request; a JSON request with any is a 422.
- A `url` is fetched only with SUMMARIZER_ALLOW_URLS=1 (off here: 403 `urls_disabled`, as documented), and
  a multipart request needs a real file of a type read (random bytes are a 415 or 422, as documented):
  neither can be accepted as generated, so they are left to the coverage phase (no 5xx, responses as
  documented) and to tests/test_inputs.py, which sends real pages and files.
- The query parameters of a text/plain request relate to each other as the JSON body's fields do
  (at most one of `sentences`, `ratio`, `words`; `model` only with an abstractive method; `engine`
  only with one of sumy's): the JSON schema states these with `oneOf` and `if`/`then`, but OpenAPI 3.1
  cannot relate parameters, so the core's own check (`Summarizer.check`) decides here.

The coverage phase does not apply hooks: tests/test_schemathesis.py runs it without the one check
these rules concern (positive_data_acceptance).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from pydantic import ValidationError

from api.settings import load_service_settings
from summarizer import Summarizer
from summarizer.errors import EmptyText, InvalidInput
from summarizer.options import LENGTH_FIELDS, Options
from summarizer.text.html import extract_text

_SUMMARIZER = Summarizer()
SERVICE = load_service_settings()


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    if case.media_type == "multipart/form-data":
        return False
    if case.media_type == "application/json":
        # Query options are for text/plain only; more documents than the batch limit is a 413 (documented),
        # which schemathesis does not count as refusing a request.
        return (
            not case.query
            and _has_article_text(case.body)
            and not _over_the_batch_limit(case.body)
            and not _has_a_url(case.body)
        )
    return _options_fit_together(case.query or {})


def _has_a_url(body: Any) -> bool:
    documents = body.get("documents") if isinstance(body, dict) else None
    return any(isinstance(d, dict) and "url" in d for d in [body, *(documents if isinstance(documents, list) else [])])


def _over_the_batch_limit(body: Any) -> bool:
    documents = body.get("documents") if isinstance(body, dict) else None
    return isinstance(documents, list) and len(documents) > SERVICE.max_batch_documents


def _has_article_text(body: Any) -> bool:
    html = body.get("html") if isinstance(body, dict) else None
    if not isinstance(html, str) or isinstance(body.get("text"), str):
        return True
    try:
        extract_text(html)
    except EmptyText:
        return False
    return True


def _options_fit_together(query: dict[str, Any]) -> bool:
    if sum(field in query for field in LENGTH_FIELDS) > 1:
        return False
    try:
        options = Options.model_validate(
            {k: v for k, v in query.items() if k not in LENGTH_FIELDS and k in Options.model_fields}, strict=False
        )
    except ValidationError:
        return True  # a bad value of one parameter: the service must refuse it, and the check sees it
    try:
        _SUMMARIZER.check(options)
    except InvalidInput:
        return False  # parameters that do not fit together
    return True
