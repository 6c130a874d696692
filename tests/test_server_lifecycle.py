"""The service's life under real gunicorn: a worker killed under load costs under 1% of the requests,
and SIGTERM lets the requests in flight finish before the master exits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx
import psutil

from tests.gunicorn_process import ROOT, gunicorn_service
from tests.load import post


def _workers(service) -> list[psutil.Process]:
    return psutil.Process(service.process.pid).children()


def test_killing_a_worker_under_load_fails_under_1_percent_of_requests(seed_text, tmp_path):
    body_file = tmp_path / "body.json"
    body_file.write_text(json.dumps({"text": seed_text}))
    with gunicorn_service({"SUMMARIZER_WORKERS": "2", "SUMMARIZER_THREADS": "4"}) as service:
        command = [sys.executable, "-m", "tests.load", f"{service.url}/v1/summarize", str(body_file)]
        load = subprocess.Popen(
            ["nice", "-n", "19", *command, "--clients", "8", "--seconds", "20"], cwd=ROOT, stdout=subprocess.PIPE
        )
        time.sleep(5)  # the kill must land in the middle of the load, not before it
        victim = _workers(service)[0]
        os.kill(victim.pid, signal.SIGKILL)
        out, _ = load.communicate(timeout=120)
        outcomes = Counter(json.loads(out))
        replacements = [w.pid for w in _workers(service)]

    failed = sum(n for outcome, n in outcomes.items() if outcome not in ("200", "429:1"))
    assert victim.pid not in replacements and len(replacements) == 2
    assert outcomes["200"] > 300, outcomes
    assert failed / sum(outcomes.values()) < 0.01, outcomes


def test_sigterm_lets_requests_in_flight_finish():
    # 4,000 alike sentences (its cap): textrank takes seconds on them (bench/method_limits.py), so they are in
    # flight when the signal comes.
    body = json.dumps({"text": "Word. " * 4000, "method": "textrank"}).encode()
    with gunicorn_service({"SUMMARIZER_WORKERS": "2", "SUMMARIZER_THREADS": "4"}) as service:
        answers: list[tuple[str, float]] = []

        def client() -> None:
            answers.append((post(f"{service.url}/v1/summarize", body, timeout=120), time.monotonic()))

        clients = [threading.Thread(target=client) for _ in range(2)]
        for client in clients:
            client.start()
        time.sleep(0.3)  # the requests must reach the workers before the signal
        service.process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        for thread in clients:
            thread.join()
        exit_status = service.process.wait(timeout=60)

    assert ["200", "200"] == [status for status, _ in answers]
    assert all(answered > signalled for _, answered in answers)  # in flight when the signal came
    assert 0 == exit_status


def test_a_replaced_worker_finishes_its_embedded_job_then_leaves(seed_text, tmp_path):
    """api/worker.py: a worker that reached SUMMARIZER_MAX_REQUESTS ends without the interpreter's teardown,
    but only after the embedded jobs it runs are done, as the interpreter's exit would have waited."""
    log = tmp_path / "gunicorn.log"
    env = {"SUMMARIZER_WORKERS": "1", "SUMMARIZER_THREADS": "2", "SUMMARIZER_MAX_REQUESTS": "4"}
    env["SUMMARIZER_MAX_REQUESTS_JITTER"] = "0"
    with gunicorn_service(env, log) as service, httpx.Client(base_url=service.url, timeout=60) as client:
        (first,) = _workers(service)
        documents = [{"id": str(i), "text": seed_text} for i in range(100)]  # still running when it is replaced
        location = client.post("/v1/jobs/batch", json={"documents": documents}).headers["Location"]
        while [w.pid for w in _workers(service)] in ([first.pid], []):  # a few more requests: it is replaced
            client.get("/v1/methods")
            time.sleep(0.05)
        job = client.get(location).json()
        while job["state"] in ("queued", "running"):  # asked of the new worker
            time.sleep(0.05)
            job = client.get(location).json()

    assert "done" == job["state"], job
    assert 100 == len(job["result"]["results"])
    assert f"Worker exiting (pid: {first.pid})" in log.read_text()
