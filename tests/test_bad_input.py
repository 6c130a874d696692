"""Every bad input the hardening probe found (issue 11), through the app: a 4xx in our words, or a
correct answer; never a 5xx. Server-level rows (gunicorn's own errors, load, workers) are in
tests/test_server_limits.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import summarizer.errors as core_errors
from api import create_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    return create_app({"max_batch_documents": 4}).test_client()


def _json(client, body, path="/v1/summarize"):
    return client.post(path, json=body)


def _raw(client, data, content_type, path="/v1/summarize"):
    return client.post(path, data=data, content_type=content_type)


# (probe, request, expected status, expected error code or None for a success)
ROWS = [
    ("u2029_at_the_end_json", lambda c: _json(c, {"text": "One. Two.\u2029"}), 200, None),
    ("u2029_at_the_end_text_plain", lambda c: _raw(c, "One. Two.\u2029".encode(), "text/plain"), 200, None),
    ("u2028_at_the_end", lambda c: _json(c, {"text": "One. Two.\u2028"}), 200, None),
    (
        "json_nested_100000_deep",
        lambda c: _raw(c, "[" * 100_000 + "]" * 100_000, "application/json"),
        400,
        "malformed_json",
    ),
    (
        "object_nested_100000_deep",
        lambda c: _raw(c, '{"a":' * 100_000 + "1" + "}" * 100_000, "application/json"),
        400,
        "malformed_json",
    ),
    ("charset_punycode", lambda c: _raw(c, b"abc-9999999", "text/plain; charset=punycode"), 415, "unsupported_charset"),
    ("charset_rot13", lambda c: _raw(c, b"Bar. Gjb.", "text/plain; charset=rot13"), 415, "unsupported_charset"),
    ("charset_unknown", lambda c: _raw(c, b"One. Two.", "text/plain; charset=klingon-8"), 415, "unsupported_charset"),
    (
        "charset_latin1_works",
        lambda c: _raw(c, "Caf\u00e9. Two.".encode("latin-1"), "text/plain; charset=latin-1"),
        200,
        None,
    ),
    (
        "language_iso_code_el",
        lambda c: _json(c, {"text": "Καλημέρα κόσμε. Αυτό είναι ένα κείμενο.", "language": "el"}),
        200,
        None,
    ),
    (
        "unpaired_surrogate",
        lambda c: _raw(c, b'{"text": "One. \\ud800 Two."}', "application/json"),
        422,
        "validation_error",
    ),
    ("integral_float_for_integer", lambda c: _json(c, {"text": "One. Two.", "length": {"sentences": 1.0}}), 200, None),
    (
        "fractional_float_for_integer",
        lambda c: _json(c, {"text": "One. Two.", "length": {"sentences": 1.5}}),
        422,
        "validation_error",
    ),
    ("empty_length_object", lambda c: _json(c, {"text": "One. Two.", "length": {}}), 422, "validation_error"),
    ("empty_object", lambda c: _json(c, {}), 422, "validation_error"),
    (
        "model_with_an_extractive_method",
        lambda c: _json(c, {"text": "One.", "method": "lead", "model": "x"}),
        422,
        "invalid_input",
    ),
    (
        "batch_shared_option_wrong",
        lambda c: _json(c, {"documents": [{"id": "a", "text": "One."}], "method": "magic"}, "/v1/summarize/batch"),
        422,
        "unknown_method",
    ),
]


@pytest.mark.parametrize(("name", "send", "status", "code"), ROWS, ids=[row[0] for row in ROWS])
def test_bad_input_gets_a_4xx_in_our_words_or_an_answer(client, name, send, status, code):
    response = send(client)

    assert status == response.status_code, response.get_data(as_text=True)[:500]
    body = response.get_json()
    if code is None:
        assert "summary" in body
    else:
        assert code == body["error"]["code"]
        assert "Error" not in body["error"]["message"] and "pydantic" not in body["error"]["message"]


def test_a_paragraph_separator_loses_no_character_and_offsets_point_at_each_sentence(client):
    text = "One.\u2029Two. Three."

    sentences = _json(client, {"text": text, "length": {"sentences": 3}}).get_json()["sentences"]

    assert ["One.", "Two.", "Three."] == [s["text"] for s in sentences]
    assert [s["text"] for s in sentences] == [text[s["start"] : s["end"]] for s in sentences]


def test_batch_documents_fail_one_at_a_time_whatever_is_wrong_with_them(client):
    documents = [
        {"id": "empty", "text": ""},
        {"id": "separator", "text": "One. Two.\u2029"},
        {"id": "both", "text": "One.", "html": "<p>One.</p>"},
        "not an object",
    ]

    response = _json(client, {"documents": documents}, "/v1/summarize/batch")

    assert 200 == response.status_code
    results = response.get_json()["results"]
    assert [("empty", 422), ("separator", 200), ("both", 422), (None, 422)] == [(r["id"], r["status"]) for r in results]
    assert "text must be a string with the article's text" in results[0]["error"]["message"]


def test_every_error_code_a_client_can_cause_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Errors") : readme.index("### Configuration")]
    core = {cls.code for cls in _subclasses(core_errors.SummarizerError)} - {"config_error"}
    api_source = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "api").glob("*.py"))
    api = set(re.findall(r'ApiError\(\s*\d{3},\s*"(\w+)"', api_source))
    http = {"not_found", "method_not_allowed", "request_entity_too_large", "validation_error", "internal_error"}

    missing = {code for code in core | api | http if f"`{code}`" not in table}

    assert set() == missing


def _subclasses(cls: type) -> set[type]:
    return {sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))}
