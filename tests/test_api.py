"""The Flask app through its test client: routing, every error status, the JSON shapes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from openapi_spec_validator import validate

from api import create_app
from api.schemas import EXAMPLE_TEXT
from summarizer import available_methods
from summarizer.methods import entries, entry
from summarizer.options import Options

EXTRACTIVE = [m.name for m in available_methods() if m.kind == "extractive"]


@pytest.fixture(scope="module")
def app():
    return create_app({"max_body_bytes": 200_000, "max_text_chars": 50_000, "max_batch_documents": 3})


@pytest.fixture()
def client(app):
    return app.test_client()


def assert_error(response, status: int, code: str) -> dict:
    assert status == response.status_code, response.get_data(as_text=True)
    body = response.get_json()
    assert {"error"} == set(body)
    assert {"code", "message", "details", "request_id"} == set(body["error"])
    assert code == body["error"]["code"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body["error"]


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_summarize_json_for_every_method(client, seed_text, method):
    response = client.post("/v1/summarize", json={"text": seed_text, "method": method, "length": {"sentences": 3}})

    assert 200 == response.status_code
    body = response.get_json()
    assert method == body["method"]
    assert "extractive" == body["kind"]
    assert 3 == len(body["sentences"])
    assert all(seed_text[s["start"] : s["end"]] == s["text"] for s in body["sentences"])
    assert {"input_sentences", "input_words", "summary_words", "elapsed_ms"} <= set(body["stats"])


def test_only_text_is_required(client, seed_text):
    body = client.post("/v1/summarize", json={"text": seed_text}).get_json()

    assert 3 == len(body["sentences"])
    assert 5 == len(body["key_points"])
    assert 10 == len(body["keywords"])
    assert [] == body["warnings"]


@pytest.mark.parametrize("length", [{"ratio": 0.2}, {"words": 60}])
def test_length_controls(client, seed_text, length):
    body = client.post("/v1/summarize", json={"text": seed_text, "length": length}).get_json()

    assert body["sentences"]
    if "words" in length:
        assert body["stats"]["summary_words"] <= 60


def test_fewer_sentences_than_asked_is_a_warning(client):
    body = client.post("/v1/summarize", json={"text": "One point. Two points.", "length": {"sentences": 5}}).get_json()

    assert ["asked for 5 sentences, the text has 2; returning all of them"] == body["warnings"]


def test_html_is_extracted_and_offsets_point_into_the_extracted_text(client, seed_text):
    paragraphs = "".join(f"<p>{line}</p>" for line in seed_text.splitlines())
    html = (
        f"<html><body><nav>Home | World | Sport</nav><article>{paragraphs}</article><footer>(c)</footer></body></html>"
    )

    body = client.post("/v1/summarize", json={"html": html}).get_json()

    extracted = body["extracted_text"]
    assert "Home | World" not in extracted
    assert all(extracted[s["start"] : s["end"]] == s["text"] for s in body["sentences"])


def test_text_plain_with_options_in_the_query(client, seed_text):
    response = client.post(
        "/v1/summarize?method=luhn&sentences=2&key_points=1", data=seed_text.encode(), content_type="text/plain"
    )

    body = response.get_json()
    assert 200 == response.status_code
    assert ("luhn", 2, 1) == (body["method"], len(body["sentences"]), len(body["key_points"]))


def test_title_and_reading_options_from_json_and_the_query(client, seed_text):
    plain = client.post(
        "/v1/summarize?include_title=true&format=bullets", data=seed_text.encode(), content_type="text/plain"
    )
    body = client.post("/v1/summarize", json={"text": seed_text, "key_point_words": 12}).get_json()

    assert 200 == plain.status_code, plain.get_json()
    assert "Iran’s President Warns against Expansion of NATO" == plain.get_json()["sentences"][0]["text"]
    assert plain.get_json()["summary"].startswith("- Iran’s President Warns against Expansion of NATO\n- ")
    assert {"text": "Iran’s President Warns against Expansion of NATO", "start": 0, "end": 48, "level": 1} == (
        body["title"]
    )
    assert "Iran’s President" not in body["summary"]


def test_batch_answers_each_document_in_order_and_isolates_failures(client, seed_text):
    response = client.post(
        "/v1/summarize/batch",
        json={
            "documents": [{"id": "a", "text": seed_text}, {"id": "b", "text": " "}, {"id": "c", "text": seed_text}],
            "length": {"sentences": 1},
        },
    )

    results = response.get_json()["results"]
    assert 200 == response.status_code
    assert [("a", 200), ("b", 422), ("c", 200)] == [(r["id"], r["status"]) for r in results]
    assert "empty_text" == results[1]["error"]["code"]
    assert 1 == len(results[0]["result"]["sentences"])


def test_batch_over_the_maximum_is_413(client, seed_text):
    documents = [{"id": str(i), "text": seed_text} for i in range(4)]

    error = assert_error(client.post("/v1/summarize/batch", json={"documents": documents}), 413, "batch_too_large")
    assert 3 == error["details"]["max_documents"]


def test_methods_are_listed_from_the_registry(client):
    body = client.get("/v1/methods").get_json()

    assert {m.name for m in available_methods()} == {m["name"] for m in body["methods"]}
    assert all({"name", "kind", "description", "available", "reason", "state"} == set(m) for m in body["methods"])


def test_health_and_readiness(client):
    assert {"status": "ok"} == client.get("/healthz").get_json()
    ready = client.get("/readyz")
    assert 200 == ready.status_code
    assert "ready" == ready.get_json()["status"]


def test_openapi_document_is_valid_and_covers_every_route(app, client):
    document = client.get("/openapi.json").get_json()

    validate(document)
    rules = (r.rule for r in app.url_map.iter_rules() if not r.rule.startswith(("/static", "/docs/<")))
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule) for rule in rules}  # Flask's <name> is OpenAPI's {name}
    assert routes == set(document["paths"])
    assert "422" in document["paths"]["/v1/summarize"]["post"]["responses"]


def test_every_operation_is_tagged_and_named(client):
    document = client.get("/openapi.json").get_json()
    operations = [op for path in document["paths"].values() for op in path.values()]

    assert all(len(op["tags"]) == 1 and op["operationId"] for op in operations)
    assert {op["tags"][0] for op in operations} == {tag["name"] for tag in document["tags"]}


def test_the_examples_are_the_seed_articles_opening_and_succeed(client, seed_text):
    document = client.get("/openapi.json").get_json()
    summarize = document["paths"]["/v1/summarize"]["post"]["requestBody"]["content"]
    batch = document["paths"]["/v1/summarize/batch"]["post"]["requestBody"]["content"]

    assert seed_text.startswith(EXAMPLE_TEXT) and 4 <= EXAMPLE_TEXT.count("\n")
    assert EXAMPLE_TEXT == summarize["text/plain"]["example"]
    assert 200 == client.post("/v1/summarize", json=summarize["application/json"]["example"]).status_code
    assert 200 == client.post("/v1/summarize", data=EXAMPLE_TEXT, content_type="text/plain").status_code
    results = client.post("/v1/summarize/batch", json=batch["application/json"]["example"]).get_json()["results"]
    assert [200, 200] == [result["status"] for result in results]


def test_text_or_html_is_documented_as_one_of(client):
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]

    for name in ("SummarizeRequest", "BatchDocument"):
        assert [{"required": ["text"]}, {"required": ["html"]}, {"required": ["url"]}] == schemas[name]["oneOf"]
        assert "string" == schemas[name]["properties"]["text"]["type"]  # not nullable: no null in examples
    # A batch job takes no url (it would fetch them all while the request waits).
    assert [{"required": ["text"]}, {"required": ["html"]}] == schemas["JobBatchDocument"]["oneOf"]
    assert "url" not in schemas["JobBatchDocument"]["properties"]
    assert [{"required": [n]} for n in ("sentences", "ratio", "words")] == schemas["Length"]["oneOf"]


def test_query_parameters_are_documented_only_for_text_plain(client):
    operation = client.get("/openapi.json").get_json()["paths"]["/v1/summarize"]["post"]
    described = operation["requestBody"]["description"]

    assert "parameters" not in operation  # OpenAPI would offer them with a JSON body too
    for name in [*(n for n in Options.model_fields if n != "length"), "sentences", "ratio", "words"]:
        assert f"- `{name}`" in described


@pytest.mark.parametrize("path", ["/v1/summarize", "/v1/summarize/batch"])
def test_422_query_parameters_with_a_json_body(client, seed_text, path):
    body = {"text": seed_text} if path == "/v1/summarize" else {"documents": [{"id": "a", "text": seed_text}]}

    error = assert_error(client.post(f"{path}?sentences=2&method=luhn", json=body), 422, "query_with_json")

    assert ["method", "sentences"] == error["details"]["parameters"]
    assert "text/plain" in error["message"] and "JSON body" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "   "}, "text"),
        ({"html": "<html><body></body></html>"}, "html"),
        ({"text": "A b.", "method": "magic"}, "method"),
        ({"text": "A b.", "language": "klingon"}, "language"),
    ],
    ids=["empty_text", "empty_html", "unknown_method", "language"],
)
def test_errors_name_the_field_at_fault(client, body, field):
    response = client.post("/v1/summarize", json=body)

    assert 422 == response.status_code
    assert field == response.get_json()["error"]["details"]["field"]


# The page and CORS.


def test_page_has_no_inline_script_or_style(client):
    """The page works under Content-Security-Policy: default-src 'self': scripts and styles are files."""
    page = client.get("/")
    parser = _Tags()
    parser.feed(page.get_data(as_text=True))

    assert 200 == page.status_code
    scripts_and_styles = [(tag, attrs) for tag, attrs in parser.tags if tag in ("script", "style")]
    assert scripts_and_styles and all("script" == tag and attrs.get("src") for tag, attrs in scripts_and_styles)
    assert [] == [
        (tag, name) for tag, attrs in parser.tags for name in attrs if name == "style" or name.startswith("on")
    ]
    assets = [attrs.get("src") or attrs["href"] for tag, attrs in parser.tags if tag in ("script", "link")]
    assert 3 == len(assets) and all(asset.startswith("/static/") for asset in assets)
    for asset in assets:
        with client.get(asset) as response:
            assert 200 == response.status_code, asset


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _preflight(client, origin: str):
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    return client.options("/v1/summarize", headers=headers)


def test_cors_is_off_by_default(client):
    response = client.post("/v1/summarize", json={"text": "A b."}, headers={"Origin": "https://news.example"})

    assert 200 == response.status_code
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Origin" not in _preflight(client, "https://news.example").headers


def test_cors_allows_the_configured_origins_only():
    client = create_app({"cors_origins": "https://news.example, https://desk.example"}).test_client()

    allowed = _preflight(client, "https://desk.example")
    error = client.post("/v1/summarize", json={"text": " "}, headers={"Origin": "https://news.example"})

    assert "https://desk.example" == allowed.headers["Access-Control-Allow-Origin"]
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    assert "https://news.example" == error.headers["Access-Control-Allow-Origin"]  # errors are readable too
    assert "Access-Control-Allow-Origin" not in _preflight(client, "https://other.example").headers


def test_docs_are_served_locally(client):
    page = client.get("/docs/")
    with client.get("/docs/swagger-ui-bundle.js") as script:
        assert 200 == script.status_code

    assert 200 == page.status_code and b"swagger-ui" in page.data
    assert b"https://" not in page.data.split(b"<body")[0]  # no CDN: assets come from this server


# Errors: one test per status and class.


def test_400_malformed_json(client):
    assert_error(client.post("/v1/summarize", data="{bad", content_type="application/json"), 400, "malformed_json")


def test_400_undecodable_text(client):
    response = client.post("/v1/summarize", data=b"\xff\xfe\xfa", content_type="text/plain; charset=utf-8")

    assert_error(response, 400, "bad_encoding")


def test_404_is_json(client):
    assert_error(client.get("/v2/nothing"), 404, "not_found")


def test_405_is_json_and_names_the_allowed_methods(client):
    error = assert_error(client.get("/v1/summarize"), 405, "method_not_allowed")

    assert "POST" in error["details"]["allowed"]


@pytest.mark.parametrize("content_type", ["application/xml", "application/x-www-form-urlencoded", None])
def test_415_unsupported_content_type(client, content_type):
    response = client.post("/v1/summarize", data="text", content_type=content_type)

    assert_error(response, 415, "unsupported_media_type")


def test_413_body_too_large(client):
    response = client.post("/v1/summarize", data="word " * 50_000, content_type="text/plain")

    assert_error(response, 413, "request_entity_too_large")


def test_413_text_too_long(client, seed_text):
    error = assert_error(client.post("/v1/summarize", json={"text": seed_text * 25}), 413, "text_too_long")

    assert 50_000 == error["details"]["max_chars"]


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ({}, "validation_error", "give exactly one of text, html or url"),
        ({"text": ""}, "validation_error", "text"),
        ({"text": "   "}, "empty_text", "empty"),
        ({"text": "A b.", "method": "magic"}, "unknown_method", "lexrank"),
        ({"text": "A b.", "length": {"sentences": 2, "ratio": 0.5}}, "validation_error", "exactly one"),
        ({"text": "A b.", "length": {"sentences": 0}}, "validation_error", "length.sentences"),
        ({"text": "A b.", "length": {"words": -5}}, "validation_error", "length.words"),
        ({"text": "A b.", "length": {"ratio": 1.5}}, "validation_error", "length.ratio"),
        ({"text": "A b.", "language": "klingon"}, "unsupported_language", "english"),
        ({"text": "A b.", "colour": "red"}, "validation_error", "colour"),
        ({"text": 42}, "validation_error", "text"),
        ({"text": "A b.", "key_points": "5"}, "validation_error", "key_points"),
        (["not", "an", "object"], "validation_error", "body"),
    ],
    ids=[
        "missing_text",
        "empty_text",
        "whitespace_text",
        "unknown_method",
        "two_lengths",
        "zero_sentences",
        "negative_words",
        "ratio_over_one",
        "language",
        "unknown_field",
        "wrong_type",
        "string_for_int",
        "not_an_object",
    ],
)
def test_422_validation(client, body, code, fragment):
    error = assert_error(client.post("/v1/summarize", json=body), 422, code)

    assert fragment in error["message"]


def test_500_hides_the_trace(seed_text):
    app = create_app()

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal path /srv/app/x.py")

    app.extensions["summarizer"].summarize = explode  # a bug anywhere below the routes
    response = app.test_client().post("/v1/summarize", json={"text": seed_text})

    error = assert_error(response, 500, "internal_error")
    assert "secret" not in error["message"]


def test_engine_sumy_runs_the_reference_implementation(client, seed_text):
    body = {"text": seed_text, "method": "lexrank", "engine": "sumy"}

    assert 200 == client.post("/v1/summarize", json=body).status_code
    assert_error(client.post("/v1/summarize", json={**body, "engine": "turbo"}), 422, "validation_error")
    assert_error(client.post("/v1/summarize", json={**body, "method": "lead"}), 422, "invalid_input")


@pytest.mark.parametrize("method", [e.name for e in entries() if e.max_sentences is not None])
def test_a_method_refuses_more_sentences_than_its_cap_with_422_saying_the_limit(client, method):
    limit = entry(method).max_sentences
    response = client.post("/v1/summarize", json={"text": "Word. " * (limit + 1), "method": method})

    error = assert_error(response, 422, "too_many_sentences")
    assert {"field": "text", "method": method, "sentences": limit + 1, "limit": limit} == error["details"]
    assert f"at most {limit:,}" in error["message"] and "lsa" in error["message"]
