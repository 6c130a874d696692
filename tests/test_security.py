"""API keys, rate limits, security headers, request ids and /metrics: through the test client, and under
a real gunicorn with two workers (keys, metrics summed across workers, request ids in the log)."""

from __future__ import annotations

import json
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict

from api import create_app
from api.logging import RequestIdFilter
from api.settings import load_service_settings
from summarizer.errors import ConfigError
from tests.gunicorn_process import gunicorn_service

from .test_api import assert_error

PUBLIC = ["/healthz", "/readyz", "/docs/", "/openapi.json", "/static/page.js", "/docs/swagger-ui-bundle.js", "/"]


@pytest.fixture(scope="module")
def keyed():
    return create_app({"api_keys": "key-one, key-two"}).test_client()


@pytest.fixture(scope="module")
def open_app():
    return create_app().test_client()


def test_no_keys_configured_means_no_key_needed(open_app):
    assert 200 == open_app.get("/v1/methods").status_code


def test_missing_key_is_401_with_www_authenticate(keyed):
    response = keyed.get("/v1/methods")

    assert_error(response, 401, "missing_api_key")
    assert 'Bearer realm="summarizer"' == response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer key-one"}, {"authorization": "bearer key-two"}, {"X-API-Key": "key-one"}],
    ids=["bearer", "bearer-lower-case", "x-api-key"],
)
def test_a_valid_key_either_way_is_accepted(keyed, headers):
    assert 200 == keyed.get("/v1/methods", headers=headers).status_code


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer key-three"}, {"X-API-Key": "key-on"}, {"Authorization": "Basic a2V5LW9uZQ=="}],
    ids=["wrong-bearer", "prefix-of-a-key", "basic-scheme"],
)
def test_a_wrong_key_is_401(keyed, headers):
    response = keyed.post("/v1/summarize", json={"text": "One. Two."}, headers=headers)

    assert_error(response, 401, "invalid_api_key")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("path", PUBLIC)
def test_health_docs_and_page_need_no_key(keyed, path):
    with keyed.get(path) as response:
        assert 200 == response.status_code


def test_metrics_need_a_key_unless_public(keyed):
    assert_error(keyed.get("/metrics"), 401, "missing_api_key")
    assert 200 == keyed.get("/metrics", headers={"X-API-Key": "key-two"}).status_code
    public = create_app({"api_keys": "key-one", "metrics_public": True}).test_client()
    assert 200 == public.get("/metrics").status_code


def test_keys_are_kept_only_as_digests():
    settings = load_service_settings(api_keys="s3cret-key")

    assert "s3cret-key" not in repr(settings)
    assert all(re.fullmatch("[0-9a-f]{64}", digest) for digest in settings.api_keys)


def test_rate_limit_per_key_is_429_with_limit_headers():
    client = create_app({"api_keys": "key-one,key-two", "rate_limit": "2/minute"}).test_client()
    one = {"X-API-Key": "key-one"}
    assert [200, 200] == [client.get("/v1/methods", headers=one).status_code for _ in range(2)]

    response = client.get("/v1/methods", headers=one)

    error = assert_error(response, 429, "rate_limited")
    assert "2 per 1 minute" == error["details"]["limit"]
    assert ("2", "0") == (response.headers["X-RateLimit-Limit"], response.headers["X-RateLimit-Remaining"])
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert int(response.headers["X-RateLimit-Reset"]) > 0
    assert 200 == client.get("/v1/methods", headers={"X-API-Key": "key-two"}).status_code  # its own budget
    assert 200 == client.get("/healthz", headers=one).status_code  # health is never limited


def test_rate_limit_per_address_counts_requests_without_a_key():
    client = create_app({"api_keys": "key-one", "ip_rate_limit": "2/minute"}).test_client()
    assert [401, 401] == [client.get("/v1/methods").status_code for _ in range(2)]

    assert_error(client.get("/v1/methods", headers={"X-API-Key": "key-one"}), 429, "rate_limited")


def test_a_bad_rate_limit_fails_at_start():
    with pytest.raises(ConfigError, match="SUMMARIZER_RATE_LIMIT"):
        load_service_settings(rate_limit="plenty")


def _security_headers(response) -> None:
    assert "nosniff" == response.headers["X-Content-Type-Options"]
    assert "DENY" == response.headers["X-Frame-Options"]
    assert "no-referrer" == response.headers["Referrer-Policy"]
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self';" in policy  # no inline script anywhere


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/methods", 200),
        ("POST", "/v1/summarize", 415),
        ("GET", "/nowhere", 404),
        ("GET", "/docs/", 200),
        ("GET", "/", 200),
        ("GET", "/metrics", 200),
    ],
    ids=["json", "error", "404", "docs", "page", "metrics"],
)
def test_security_headers_on_every_response(open_app, method, path, status):
    response = open_app.open(path, method=method)

    assert status == response.status_code
    _security_headers(response)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


@pytest.mark.parametrize("path", ["/docs/", "/"])
def test_pages_have_no_inline_script(open_app, path):
    parser = _Scripts()
    parser.feed(open_app.get(path).get_data(as_text=True))

    assert parser.scripts
    assert all(script.get("src") for script in parser.scripts)


def test_docs_script_is_served(open_app):
    with open_app.get("/static/docs.js") as response:
        assert 200 == response.status_code
        assert "SwaggerUIBundle" in response.get_data(as_text=True)


def test_request_id_is_echoed_and_in_error_bodies(open_app):
    response = open_app.post("/v1/summarize", json={"text": ""}, headers={"X-Request-ID": "trace-42.a:b_c"})

    assert "trace-42.a:b_c" == response.headers["X-Request-ID"]
    assert "trace-42.a:b_c" == response.get_json()["error"]["request_id"]


@pytest.mark.parametrize(
    "given", ["has space", "x" * 129, "semi;colon", ""], ids=["space", "long", "semicolon", "empty"]
)
def test_an_unsafe_request_id_is_replaced(open_app, given):
    response = open_app.get("/healthz", headers={"X-Request-ID": given})

    assert re.fullmatch("[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_generated_request_ids_differ(open_app):
    assert open_app.get("/healthz").headers["X-Request-ID"] != open_app.get("/healthz").headers["X-Request-ID"]


def test_log_records_carry_the_request_id():
    app = create_app()
    record = logging.LogRecord("api", logging.ERROR, __file__, 1, "boom", None, None)
    with app.test_request_context(headers={"X-Request-ID": "abc-123"}):
        app.preprocess_request()
        RequestIdFilter().filter(record)
    assert "abc-123" == record.request_id
    RequestIdFilter().filter(record)
    assert "-" == record.request_id


def _sample(text: str, name: str, **labels: str) -> float:
    """The sum of `name`'s samples whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        match = re.fullmatch(r"(\w+)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name:
            found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
            if labels.items() <= found.items():
                total += float(match[3])
    return total


def test_metrics_count_requests_by_route_and_rejections_by_reason():
    client = create_app({"rate_limit": "1/minute"}).test_client()
    client.get("/v1/methods")
    client.get("/v1/methods")

    text = client.get("/metrics").get_data(as_text=True)

    route = {"route": "/v1/methods", "method": "GET"}
    assert 1 == _sample(text, "summarizer_http_requests_total", status="200", **route)
    assert 1 == _sample(text, "summarizer_http_requests_total", status="429", **route)
    assert 2 == _sample(text, "summarizer_http_request_duration_seconds_count", **route)
    assert 1 == _sample(text, "summarizer_http_rejections_total", reason="rate_limited")
    assert 1 == _sample(text, "summarizer_method_ready", method="centrality")


# A real gunicorn: two workers, keys on.


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("gunicorn-security")
    env = {
        "SUMMARIZER_WORKERS": "2",
        "SUMMARIZER_THREADS": "2",
        "SUMMARIZER_API_KEYS": "key-one",
        "PROMETHEUS_MULTIPROC_DIR": str(base / "metrics"),
    }
    (base / "metrics").mkdir()
    with gunicorn_service(env, base / "gunicorn.log") as service:
        yield service, base / "metrics"


def test_gunicorn_keys_and_health(server):
    service, _ = server
    assert 200 == httpx.get(f"{service.url}/healthz").status_code
    response = httpx.get(f"{service.url}/v1/methods")
    assert (401, "missing_api_key") == (response.status_code, response.json()["error"]["code"])
    _security_headers(response)
    assert 200 == httpx.get(f"{service.url}/v1/methods", headers={"Authorization": "Bearer key-one"}).status_code


def test_gunicorn_metrics_are_summed_across_workers(server):
    service, directory = server
    key = {"X-API-Key": "key-one"}

    def per_worker() -> dict[str, float]:
        """Each worker's own count of 200s on /v1/methods, from its file in PROMETHEUS_MULTIPROC_DIR."""
        counts = {}
        for path in directory.glob("counter_*.db"):
            values = MmapedDict.read_all_values_from_file(str(path))
            counts[path.stem] = sum(v for k, v, *_ in values if '"/v1/methods"' in k and '"200"' in k and "_total" in k)
        return counts

    before = sum(per_worker().values())
    sent = 0
    with ThreadPoolExecutor(8) as pool:
        while sent == 0 or (sent < 400 and sum(1 for n in per_worker().values() if n) < 2):  # both must answer
            list(pool.map(lambda _: httpx.get(f"{service.url}/v1/methods", headers=key), range(16)))
            sent += 16

    assert 2 == sum(1 for n in per_worker().values() if n)
    for _ in range(4):  # whichever worker answers the scrape, it reports both workers' counts
        text = httpx.get(f"{service.url}/metrics", headers=key).text
        counted = _sample(text, "summarizer_http_requests_total", route="/v1/methods", method="GET", status="200")
        assert before + sent == counted == sum(per_worker().values())
    assert 1 == _sample(text, "summarizer_http_requests_in_flight")  # the scrape itself


def test_gunicorn_request_id_in_error_body_and_log(server):
    service, _ = server
    response = httpx.post(
        f"{service.url}/v1/summarize", json={}, headers={"X-API-Key": "key-one", "X-Request-ID": "req-77"}
    )

    assert "req-77" == response.json()["error"]["request_id"] == response.headers["X-Request-ID"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # gunicorn writes the access line after the response: wait for it
        records = [json.loads(line) for line in service.log_path.read_text().splitlines() if line.startswith("{")]
        if any(r.get("request_id") == "req-77" for r in records):
            break
        time.sleep(0.1)
    assert any(r["request_id"] == "req-77" and r["status"] == 422 for r in records)
