"""A real gunicorn process on a free loopback port: the happy path and one error of each class."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from tests.gunicorn_process import gunicorn_service


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with gunicorn_service(
        {"SUMMARIZER_WORKERS": "1", "SUMMARIZER_THREADS": "2", "SUMMARIZER_MAX_BODY_BYTES": "100000"}, log
    ) as service:
        yield service


@pytest.fixture()
def http(server):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def test_seed_article_is_summarised(http, seed_text):
    response = http.post("/v1/summarize", json={"text": seed_text, "length": {"sentences": 3}})

    assert 200 == response.status_code
    body = response.json()
    assert 3 == len(body["sentences"])
    assert all(seed_text[s["start"] : s["end"]] == s["text"] for s in body["sentences"])


def test_curl_style_text_plain_upload(http, seed_text):
    response = http.post(
        "/v1/summarize", params={"sentences": 2}, content=seed_text.encode(), headers={"Content-Type": "text/plain"}
    )

    assert 200 == response.status_code
    assert 2 == len(response.json()["sentences"])


@pytest.mark.parametrize(
    ("request_args", "status", "code"),
    [
        ({"content": b"{oops", "headers": {"Content-Type": "application/json"}}, 400, "malformed_json"),
        ({"content": b"hi", "headers": {"Content-Type": "application/xml"}}, 415, "unsupported_media_type"),
        ({"content": b"x" * 200_000, "headers": {"Content-Type": "text/plain"}}, 413, "request_entity_too_large"),
        ({"json": {"text": "A b.", "method": "magic"}}, 422, "unknown_method"),
    ],
    ids=["400", "415", "413", "422"],
)
def test_each_error_class(http, request_args, status, code):
    response = http.post("/v1/summarize", **request_args)

    assert status == response.status_code
    assert code == response.json()["error"]["code"]


def test_unknown_path_is_json_404(http):
    response = http.get("/nothing/here")

    assert (404, "not_found") == (response.status_code, response.json()["error"]["code"])


def _access_records(log_path: Path, request_ids: set[str], timeout: float = 3.0) -> dict[str, dict]:
    """The access log's records of these requests (by X-Request-ID), waiting up to `timeout` for them: a
    worker writes its lines in batches (api/logging.py), at most about a second late."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in log_path.read_text().splitlines() if line.startswith("{")]
        records = {r.get("request_id"): r for r in map(json.loads, lines)}
        found = {i: records[i] for i in request_ids if i in records}
        if len(found) == len(request_ids) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_access_log_is_json(server, http):
    http.get("/healthz", headers={"X-Request-ID": "probe-1"})

    record = _access_records(server.log_path, {"probe-1"})["probe-1"]
    assert ("/healthz", 200, "GET") == (record["path"], record["status"], record["method"])


def test_access_lines_arrive_within_a_second_each_whole(server, http):
    ids = {f"batch-{i}" for i in range(30)}
    for request_id in sorted(ids):
        http.post("/v1/summarize", json={"text": "The cat sat on the mat."}, headers={"X-Request-ID": request_id})
    answered = time.monotonic()

    records = _access_records(server.log_path, ids)

    assert ids == set(records)  # every line whole and on its own: each parsed as one JSON object
    assert time.monotonic() - answered < 1.5
    assert {200} == {r["status"] for r in records.values()}


def test_a_stopping_worker_writes_the_lines_it_holds(tmp_path):
    log = tmp_path / "gunicorn.log"
    with (
        gunicorn_service({"SUMMARIZER_WORKERS": "1", "SUMMARIZER_THREADS": "2"}, log) as service,
        httpx.Client(base_url=service.url, timeout=60) as http,
    ):
        http.get("/healthz", headers={"X-Request-ID": "last-words"})
    # gunicorn_service stopped it (SIGTERM) right after the answer, before the line was due

    assert "last-words" in _access_records(log, {"last-words"}, timeout=0)


def test_workers_use_one_blas_thread():
    """gunicorn.conf.py limits OpenBLAS to one thread before numpy loads: small matrices gain nothing
    from a second thread, and under load every worker's BLAS threads fight over the same cores."""
    config = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    code = (
        f"exec(compile(open({str(config)!r}).read(), 'gunicorn.conf.py', 'exec'))\n"
        "import numpy\nfrom threadpoolctl import threadpool_info\n"
        "print(sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=config.parent, env=env)

    assert 0 == result.returncode, result.stderr
    assert "[1]" == result.stdout.strip().splitlines()[-1]


def _thread_policies(service, http) -> tuple[int, list[int]]:
    """After a summary and a health check: the worker's main thread's scheduling policy, and its other
    threads' (the request pool's and the health checks' one)."""
    assert 200 == http.post("/v1/summarize", json={"text": "The cat sat on the mat. It was happy there."}).status_code
    assert 200 == http.get("/healthz").status_code
    (worker,) = psutil.Process(service.process.pid).children()
    policies = {thread.id: os.sched_getscheduler(thread.id) for thread in worker.threads()}
    return policies.pop(worker.pid), list(policies.values())


@pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="SCHED_BATCH is Linux's")
def test_request_threads_run_under_sched_batch(server, http):
    """api/worker.py: the pool answering requests yields to the running thread instead of preempting it;
    the accepting main thread and the health checks' thread keep the default policy."""
    main, others = _thread_policies(server, http)

    assert os.SCHED_OTHER == main
    assert os.SCHED_BATCH in others  # the request pool's
    assert 1 == others.count(os.SCHED_OTHER)  # the health checks' thread


@pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="SCHED_BATCH is Linux's")
def test_batch_scheduling_can_be_turned_off():
    with (
        gunicorn_service(
            {"SUMMARIZER_WORKERS": "1", "SUMMARIZER_THREADS": "2", "SUMMARIZER_BATCH_SCHEDULING": "0"}
        ) as service,
        httpx.Client(base_url=service.url, timeout=60) as http,
    ):
        main, others = _thread_policies(service, http)

    assert {os.SCHED_OTHER} == {main, *others}
