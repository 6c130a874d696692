"""Abstractive requests through the service: 200, 503, 504, 429 and the model's state, on tiny models."""

from __future__ import annotations

import json
import logging
import socket
import time

import httpx
import pytest

from api import create_app
from summarizer.methods.abstractive import AbstractiveMethod
from tests.gunicorn_process import gunicorn_service

from .conftest import holding_the_model


def _app(**config):
    return create_app(config)


def test_abstractive_summary(tiny_seq2seq, seed_text):
    client = _app(model=str(tiny_seq2seq)).test_client()

    response = client.post("/v1/summarize", json={"text": seed_text, "method": "abstractive", "length": {"words": 20}})

    body = response.get_json()
    assert 200 == response.status_code
    assert ("abstractive", str(tiny_seq2seq)) == (body["kind"], body["model"])
    assert body["summary"]
    assert body["stats"]["chunks"] > 1


def test_missing_model_is_503_and_extractive_still_answers(seed_text):
    client = _app(model="/nonexistent/model").test_client()

    abstractive = client.post("/v1/summarize", json={"text": seed_text, "method": "abstractive"})
    extractive = client.post("/v1/summarize", json={"text": seed_text, "method": "lexrank"})

    assert 503 == abstractive.status_code
    assert "model_unavailable" == abstractive.get_json()["error"]["code"]
    assert "/nonexistent/model" in abstractive.get_json()["error"]["message"]
    assert 200 == extractive.status_code
    methods = {m["name"]: m for m in client.get("/v1/methods").get_json()["methods"]}
    assert (False, "failed") == (methods["abstractive"]["available"], methods["abstractive"]["state"])
    assert 200 == client.get("/readyz").status_code  # readiness is about the default (extractive) method


def test_generation_timeout_is_504_and_the_app_keeps_serving(tiny_seq2seq, seed_text):
    app = _app(model=str(tiny_seq2seq), generation_timeout=0.001)
    client = app.test_client()
    app.extensions["summarizer"].method("abstractive").model()

    timed_out = client.post("/v1/summarize", json={"text": seed_text, "method": "abstractive"})

    assert 504 == timed_out.status_code
    assert "generation_timeout" == timed_out.get_json()["error"]["code"]
    assert 200 == client.post("/v1/summarize", json={"text": seed_text}).status_code


def test_full_queue_is_429_with_retry_after(tiny_seq2seq, seed_text):
    app = _app(model=str(tiny_seq2seq), queue_size=0)
    method = app.extensions["summarizer"].method("abstractive")
    assert isinstance(method, AbstractiveMethod)

    with holding_the_model(method.queue(method.model().name)):
        response = app.test_client().post("/v1/summarize", json={"text": seed_text, "method": "abstractive"})

    assert 429 == response.status_code
    assert "busy" == response.get_json()["error"]["code"]
    assert int(response.headers["Retry-After"]) >= 1


def test_model_outside_the_allow_list_is_422(tiny_seq2seq, seed_text):
    client = _app(model=str(tiny_seq2seq)).test_client()

    response = client.post("/v1/summarize", json={"text": seed_text, "method": "abstractive", "model": "x/y"})

    assert 422 == response.status_code
    assert "model_not_allowed" == response.get_json()["error"]["code"]


def test_methods_report_the_model_state(tiny_seq2seq, seed_text):
    client = _app(model=str(tiny_seq2seq)).test_client()

    def state():
        return next(m for m in client.get("/v1/methods").get_json()["methods"] if m["name"] == "abstractive")["state"]

    assert "not_loaded" == state()
    client.post("/v1/summarize", json={"text": "One. Two.", "method": "abstractive"})
    assert "ready" == state()


@pytest.mark.slow
def test_gunicorn_serves_a_local_model_preloaded_before_the_fork(tiny_seq2seq, seed_text, tmp_path):
    env = {"SUMMARIZER_MODEL": str(tiny_seq2seq), "SUMMARIZER_PRELOAD": "1", "SUMMARIZER_WORKERS": "2"}
    with gunicorn_service(env, tmp_path / "gunicorn.log") as service, httpx.Client(base_url=service.url) as http:
        methods = http.get("/v1/methods").json()["methods"]
        response = http.post("/v1/summarize", json={"text": seed_text, "method": "abstractive"}, timeout=120)

    assert "ready" == next(m for m in methods if m["name"] == "abstractive")["state"]  # loaded in the master
    assert 200 == response.status_code
    assert response.json()["summary"]


def _events(body: str) -> list[tuple[str, dict]]:
    """Server-sent events as (name, data) pairs."""
    events = []
    for block in body.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def test_stream_sends_the_final_pass_then_the_same_json(tiny_seq2seq, seed_text):
    client = _app(model=str(tiny_seq2seq), num_beams=1).test_client()
    request = {"text": seed_text, "method": "abstractive", "length": {"words": 20}}

    plain = client.post("/v1/summarize", json=request).get_json()
    streamed = client.post("/v1/summarize", json={**request, "stream": True})

    assert "text/event-stream" == streamed.mimetype
    events = _events(streamed.get_data(as_text=True))
    names = [name for name, _ in events]
    assert "result" == names[-1]
    assert names.count("delta") > 1  # greedy decoding streams token by token
    result = events[-1][1]
    result["stats"].pop("elapsed_ms"), plain["stats"].pop("elapsed_ms")
    assert plain == result
    written = "".join(data["text"] for name, data in events if name == "delta")
    assert written.startswith(plain["summary"].split()[0])


def test_accept_event_stream_streams_an_extractive_summary_as_one_result(seed_text):
    client = _app().test_client()

    response = client.post(
        "/v1/summarize", json={"text": seed_text, "method": "lead"}, headers={"Accept": "text/event-stream"}
    )

    events = _events(response.get_data(as_text=True))
    assert ["result"] == [name for name, _ in events]
    assert 3 == len(events[0][1]["sentences"])


def test_stream_error_before_any_event_is_the_usual_status(seed_text):
    client = _app(model="/nonexistent/model").test_client()

    response = client.post("/v1/summarize", json={"text": seed_text, "method": "abstractive", "stream": True})

    assert 503 == response.status_code
    assert "model_unavailable" == response.get_json()["error"]["code"]


def test_hub_model_not_downloaded_is_503_at_once_with_the_command(monkeypatch, seed_text):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    client = _app(model="example-org/never-downloaded-model").test_client()

    started = time.monotonic()
    response = client.post("/v1/summarize", json={"text": seed_text, "method": "abstractive"})

    assert time.monotonic() - started < 1.0
    assert 503 == response.status_code
    assert "summarize download example-org/never-downloaded-model" in response.get_json()["error"]["message"]


def test_openapi_documents_streaming():
    document = _app().test_client().get("/openapi.json").get_json()

    summarize = document["paths"]["/v1/summarize"]["post"]
    assert "text/event-stream" in summarize["responses"]["200"]["content"]
    assert "stream" in document["components"]["schemas"]["SummarizeRequest"]["properties"]


@pytest.mark.slow
def test_gunicorn_streams_server_sent_events(tiny_seq2seq, seed_text, tmp_path):
    env = {"SUMMARIZER_MODEL": str(tiny_seq2seq), "SUMMARIZER_NUM_BEAMS": "1", "SUMMARIZER_WORKERS": "1"}
    request = {"text": seed_text, "method": "abstractive", "length": {"words": 20}, "key_points": 0}
    with gunicorn_service(env, tmp_path / "gunicorn.log") as service, httpx.Client(base_url=service.url) as http:
        plain = http.post("/v1/summarize", json=request, timeout=120).json()
        arrivals = []
        with http.stream("POST", "/v1/summarize", json={**request, "stream": True}, timeout=120) as streamed:
            content_type = streamed.headers["content-type"]
            for chunk in streamed.iter_text():
                arrivals.append(chunk)
    events = _events("".join(arrivals))

    assert content_type.startswith("text/event-stream")
    assert "result" == events[-1][0]
    assert len(arrivals) > 1  # sent as written, not in one piece at the end
    result = events[-1][1]
    result["stats"].pop("elapsed_ms"), plain["stats"].pop("elapsed_ms")
    assert plain == result


def test_a_model_that_writes_no_text_still_answers_200_with_a_summary(tmp_path, seed_text):
    """The map-reduce fallbacks (README, "Always an answer") through the service: no 5xx, a warning each."""
    from .tiny_models import build_seq2seq

    silent = build_seq2seq(tmp_path, seed_text.splitlines(), 128, writes_nothing=True)
    client = _app(model=str(silent), num_beams=1).test_client()
    request = {"text": seed_text, "method": "abstractive", "length": {"sentences": 2}}

    plain = client.post("/v1/summarize", json=request)
    streamed = client.post("/v1/summarize", json={**request, "stream": True})

    assert 200 == plain.status_code
    body = plain.get_json()
    assert body["summary"].strip()
    assert any(w.startswith("map-reduce could not shrink the text") for w in body["warnings"])
    assert any(w.startswith("the model wrote no text") for w in body["warnings"])
    assert 200 == streamed.status_code
    (name, result) = _events(streamed.get_data(as_text=True))[-1]
    assert ("result", body["summary"]) == (name, result["summary"])


def test_openapi_documents_the_chunk_progress_of_jobs():
    progress = _app().test_client().get("/openapi.json").get_json()["components"]["schemas"]["JobProgress"]

    assert {"documents_done", "documents_total", "chunks_done", "chunks_total"} == set(progress["properties"])


def test_an_abstractive_summary_stops_when_its_client_goes_away(tiny_seq2seq, seed_text, caplog):
    """gunicorn hands the app the client's socket; between chunks the route peeks at it, and a closed one
    stops the work (499, nobody reads it) instead of generating the rest for no one. A real socket pair:
    the far end closed is what a client that went away looks like."""
    app = _app(model=str(tiny_seq2seq))
    client = app.test_client()
    body = {"text": seed_text * 3, "method": "abstractive"}
    ours, theirs = socket.socketpair()
    theirs.close()
    try:
        with caplog.at_level(logging.INFO, logger="api.client"):
            gone = client.post("/v1/summarize", json=body, environ_base={"gunicorn.socket": ours})
    finally:
        ours.close()
    ours, theirs = socket.socketpair()
    try:
        present = client.post("/v1/summarize", json=body, environ_base={"gunicorn.socket": ours})
    finally:
        ours.close()
        theirs.close()

    assert 499 == gone.status_code
    stopped = [r.args for r in caplog.records if r.getMessage().startswith("client went away after")]
    assert stopped and stopped[0][0] < stopped[0][1]  # (chunks done, chunks in all): stopped before the end
    assert 200 == present.status_code
    assert present.get_json()["stats"]["chunks"] > 1


def test_a_streamed_summary_stops_when_its_client_goes_away(tiny_seq2seq, seed_text, caplog):
    """The same watch for a stream: a client gone before the final pass stops the map passes."""
    client = _app(model=str(tiny_seq2seq)).test_client()
    ours, theirs = socket.socketpair()
    theirs.close()
    try:
        with caplog.at_level(logging.INFO, logger="api.client"):
            gone = client.post(
                "/v1/summarize",
                json={"text": seed_text * 3, "method": "abstractive", "stream": True},
                environ_base={"gunicorn.socket": ours},
            )
    finally:
        ours.close()

    assert 499 == gone.status_code
    assert any(r.getMessage().startswith("client went away after") for r in caplog.records)
