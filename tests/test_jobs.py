"""Jobs against the real things: redis-server, `summarize worker` processes, gunicorn; and the embedded
backend under gunicorn with two workers (job state in SQLite, shared by both)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
import psutil
import pytest

from summarizer import Summarizer, summarize
from summarizer.jobs.embedded import EmbeddedJobs
from tests.gunicorn_process import ROOT, gunicorn_service
from tests.redis_process import redis_server

pytestmark = pytest.mark.slow
JOB_TTL_S = 4  # short, so that the expiry test waits little; every test reads a result as soon as it exists
LONG_JOB_DOCUMENTS = 300  # about 5 s of work for one worker: still running when the test acts on it


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def _env(**settings: str) -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", **{f"SUMMARIZER_{k.upper()}": v for k, v in settings.items()}}


@pytest.fixture(scope="module")
def worker(redis_url, tiny_seq2seq, tmp_path_factory) -> Iterator[subprocess.Popen]:
    """One `summarize worker` process (one RQ worker, forking a work horse per job)."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "summarizer", "worker"],
            cwd=ROOT,
            env=_env(redis_url=redis_url, job_ttl=str(JOB_TTL_S), model=str(tiny_seq2seq)),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield process
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def queued_api(redis_url, worker, tiny_seq2seq, tmp_path_factory) -> Iterator[httpx.Client]:
    env = {
        "SUMMARIZER_REDIS_URL": redis_url,
        "SUMMARIZER_JOB_TTL": str(JOB_TTL_S),
        "SUMMARIZER_WORKERS": "1",
        "SUMMARIZER_MODEL": str(tiny_seq2seq),
    }
    with (
        gunicorn_service(env, tmp_path_factory.mktemp("api") / "gunicorn.log") as service,
        httpx.Client(base_url=service.url, timeout=30) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def embedded_api(tiny_seq2seq, tmp_path_factory) -> Iterator[httpx.Client]:
    env = {
        "SUMMARIZER_INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
        "SUMMARIZER_WORKERS": "2",
        "SUMMARIZER_JOB_QUEUE_SIZE": "1",
        "SUMMARIZER_MODEL": str(tiny_seq2seq),
    }
    with (
        gunicorn_service(env, tmp_path_factory.mktemp("embedded") / "gunicorn.log") as service,
        # A connection per request, so that requests reach both workers, not the one that kept it.
        httpx.Client(base_url=service.url, timeout=30, limits=httpx.Limits(max_keepalive_connections=0)) as client,
    ):
        yield client


def wait_for(client: httpx.Client, location: str, done: Callable[[dict], bool], timeout: float = 60) -> dict:
    """Poll the job until `done(job)`; the job as it then was."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(location).json()
        if done(job):
            return job
        assert time.monotonic() < deadline, f"job still {job['state']} after {timeout} s: {job}"
        time.sleep(0.05)  # polling a job's state, not timing anything


def finished(job: dict) -> bool:
    return job["state"] in ("done", "failed", "cancelled")


def without_timing(result: dict) -> dict:
    return {**result, "stats": {k: v for k, v in result["stats"].items() if k != "elapsed_ms"}}


def long_batch(text: str) -> dict:
    return {"documents": [{"id": str(i), "text": text} for i in range(LONG_JOB_DOCUMENTS)]}


@pytest.fixture(params=["redis", "embedded"])
def api(request) -> httpx.Client:
    return request.getfixturevalue("queued_api" if request.param == "redis" else "embedded_api")


def test_a_job_answers_what_the_synchronous_endpoint_answers(api, seed_text):
    submitted = api.post("/v1/jobs", json={"text": seed_text, "method": "lexrank", "length": {"sentences": 2}})
    job = wait_for(api, submitted.headers["Location"], finished)
    direct = api.post("/v1/summarize", json={"text": seed_text, "method": "lexrank", "length": {"sentences": 2}})

    assert 202 == submitted.status_code
    assert f"/v1/jobs/{submitted.json()['id']}" == submitted.headers["Location"]
    assert "queued" == submitted.json()["state"]
    assert ("done", 1, 1, 1) == (job["state"], job["progress"]["documents_done"], job["attempts"], 1)
    assert without_timing(direct.json()) == without_timing(job["result"])
    assert job["created_at"] <= job["started_at"] <= job["finished_at"] < job["expires_at"]
    assert (None, None) == (job["progress"]["chunks_done"], job["progress"]["chunks_total"])  # extractive


def test_an_abstractive_job_reports_its_chunks_while_it_runs(api, seed_text):
    """On the tiny model of 128 positions the seed article twice is about 18 chunks and three passes."""
    body = {"text": f"{seed_text}\n{seed_text}", "method": "abstractive", "key_points": 0}
    location = api.post("/v1/jobs", json=body).headers["Location"]
    running = wait_for(api, location, lambda job: finished(job) or bool(job["progress"]["chunks_done"]), 300)
    done = wait_for(api, location, finished, timeout=300)

    assert "running" == running["state"]
    assert 0 < running["progress"]["chunks_done"] < running["progress"]["chunks_total"]
    assert ("done", 1) == (done["state"], done["progress"]["documents_done"])
    assert done["progress"]["chunks_done"] == done["progress"]["chunks_total"]
    assert done["progress"]["chunks_total"] > done["result"]["stats"]["chunks"] > 1


def test_a_batch_job_answers_each_document_as_the_batch_endpoint_does(api, seed_text):
    body = {"documents": [{"id": "good", "text": seed_text}, {"id": "empty", "text": " "}]}
    submitted = api.post("/v1/jobs/batch", json=body)
    job = wait_for(api, submitted.headers["Location"], finished)
    direct = api.post("/v1/summarize/batch", json=body).json()["results"]

    assert ("done", 2, 2) == (job["state"], job["progress"]["documents_done"], job["progress"]["documents_total"])
    assert [("good", 200), ("empty", 422)] == [(r["id"], r["status"]) for r in job["result"]["results"]]
    assert direct[1] == job["result"]["results"][1]
    assert without_timing(direct[0]["result"]) == without_timing(job["result"]["results"][0]["result"])


def test_bad_job_requests_are_refused_before_queueing(api):
    assert "validation_error" == api.post("/v1/jobs", json={"text": "x", "colour": "red"}).json()["error"]["code"]
    assert 422 == api.post("/v1/jobs", json={"text": "x", "colour": "red"}).status_code
    assert 404 == api.get("/v1/jobs/no-such-job").status_code
    assert "job_not_found" == api.delete("/v1/jobs/no-such-job").json()["error"]["code"]


def occupy_every_worker(api: httpx.Client, text: str) -> tuple[list[str], str]:
    """Long jobs until one has to wait: (the running ones, the queued one). One Redis worker, or two
    gunicorn workers with a job thread each, run at most two at once."""
    running: list[str] = []
    while True:
        location = api.post("/v1/jobs/batch", json=long_batch(text)).headers["Location"]
        if api.get(location).json()["state"] == "queued" and running:
            return running, location
        wait_for(api, location, lambda job: job["state"] == "running")
        running.append(location)
        assert len(running) <= 2


def test_cancelling_a_running_and_a_queued_job(api, seed_text):
    running, queued = occupy_every_worker(api, seed_text)

    cancelled_queued = api.delete(queued)
    cancelled_running = [api.delete(location) for location in running]
    after = [wait_for(api, location, lambda job: job["finished_at"] is not None) for location in running]
    again = api.delete(running[0])

    assert (200, "cancelled") == (cancelled_queued.status_code, cancelled_queued.json()["state"])
    assert [(200, "cancelled")] * len(running) == [(r.status_code, r.json()["state"]) for r in cancelled_running]
    assert ["cancelled"] * len(running) == [job["state"] for job in after]
    assert all(job["progress"]["documents_done"] < LONG_JOB_DOCUMENTS for job in after)
    assert "cancelled" == api.get(queued).json()["state"]
    assert (409, "job_finished") == (again.status_code, again.json()["error"]["code"])
    # The worker goes on with the next job.
    assert (
        "done" == wait_for(api, api.post("/v1/jobs", json={"text": seed_text}).headers["Location"], finished)["state"]
    )


def test_the_embedded_queue_is_bounded_across_workers(embedded_api, seed_text):
    """Two gunicorn workers run a job each; SUMMARIZER_JOB_QUEUE_SIZE=1 lets one more wait, counted in the
    shared SQLite file, so the next submission is refused whichever worker takes it."""
    accepted: list[str] = []
    while (response := embedded_api.post("/v1/jobs/batch", json=long_batch(seed_text))).status_code == 202:
        accepted.append(response.headers["Location"])
        assert len(accepted) <= 3, "more jobs accepted than two running and one waiting"
    refused = [response, *(embedded_api.post("/v1/jobs", json={"text": seed_text}) for _ in range(3))]
    states = [embedded_api.get(location).json()["state"] for location in accepted]
    for location in accepted:
        embedded_api.delete(location)

    assert [429] * 4 == [r.status_code for r in refused]
    assert {"busy"} == {r.json()["error"]["code"] for r in refused}
    assert all(int(r.headers["Retry-After"]) > 0 for r in refused)
    assert 1 == states.count("queued")


def test_a_result_expires_after_the_job_ttl(queued_api, seed_text):
    location = queued_api.post("/v1/jobs", json={"text": seed_text}).headers["Location"]
    done = wait_for(queued_api, location, finished)
    deadline = time.monotonic() + 10 * JOB_TTL_S
    while (response := queued_api.get(location)).status_code == 200:
        assert time.monotonic() < deadline, "the result did not expire"
        time.sleep(0.2)  # waiting for Redis to expire the key, not timing anything

    assert "done" == done["state"]
    assert (404, "job_not_found") == (response.status_code, response.json()["error"]["code"])


def _kill_the_job_process(worker: subprocess.Popen) -> None:
    """SIGKILL the process running the job (RQ's work horse, the worker's child), as the OOM killer would."""
    (horse,) = psutil.Process(worker.pid).children()
    horse.kill()


def test_a_job_whose_process_is_killed_is_retried_once_then_failed_with_the_reason(queued_api, worker, seed_text):
    location = queued_api.post("/v1/jobs/batch", json=long_batch(seed_text)).headers["Location"]
    wait_for(queued_api, location, lambda job: job["state"] == "running")
    _kill_the_job_process(worker)
    retried = wait_for(queued_api, location, lambda job: job["state"] == "running" and job["attempts"] == 2)
    _kill_the_job_process(worker)
    failed = wait_for(queued_api, location, finished)

    assert 2 == retried["attempts"]
    assert ("failed", 2) == (failed["state"], failed["attempts"])
    assert "job_failed" == failed["error"]["code"]
    assert "signal 9" in failed["error"]["message"]
    assert failed["result"] is None
    # The worker survived both and takes the next job.
    assert (
        "done"
        == wait_for(
            queued_api, queued_api.post("/v1/jobs", json={"text": "One. Two. Three."}).headers["Location"], finished
        )["state"]
    )


def test_summarize_batch_through_the_queue(redis_url, worker, tmp_path, seed_text):
    """With SUMMARIZER_REDIS_URL, `summarize batch` hands its documents to the workers, in order."""
    documents = [{"id": f"doc-{i}", "text": seed_text} for i in range(40)] + [{"id": "blank", "text": " "}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "batch", tmp_path / "in.jsonl", tmp_path / "out.jsonl"],
        cwd=ROOT,
        env=_env(redis_url=redis_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]

    assert 0 == result.returncode, result.stderr
    assert [d["id"] for d in documents] == [line["id"] for line in lines]
    assert summarize(seed_text).summary == lines[0]["result"]["summary"]
    assert "empty_text" == lines[-1]["error"]["code"]


def test_an_embedded_job_table_from_an_older_release_gains_the_chunk_columns(tmp_path):
    """jobs.sqlite3 outlives an upgrade in the instance directory: its jobs still read, with no chunks."""
    path = tmp_path / "jobs.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, request TEXT, "
            "done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
            "owner INTEGER NOT NULL, created REAL NOT NULL, started REAL, finished REAL, expires REAL, "
            "result TEXT, error TEXT)"
        )
        db.execute(
            "INSERT INTO jobs (id, kind, state, done, total, owner, created, finished, expires, result) "
            "VALUES ('old', 'summarize', 'done', 1, 1, 1, 0, 0, ?, '{}')",
            (time.time() + 60,),
        )
    db.close()

    record = EmbeddedJobs(Summarizer(), path).get("old")

    assert record is not None
    assert ("done", 1) == (record.state.value, record.documents_done)
    assert (None, None) == (record.chunks_done, record.chunks_total)


def test_a_queue_job_reads_active_until_it_ends(redis_url, worker, seed_text):
    """The batch command's cheap poll (the status field alone) agrees with the whole record."""
    from summarizer.jobs.records import JobDocument, JobRequest, JobState
    from summarizer.jobs.redis_queue import RedisJobs
    from summarizer.options import Options

    jobs = RedisJobs(redis_url, ttl=60, queue_size=100, timeout=60)
    submitted = jobs.submit(JobRequest("batch", Options(), (JobDocument("a", seed_text),)))
    assert jobs.active(submitted.id) == (submitted.state in (JobState.QUEUED, JobState.RUNNING))
    deadline = time.monotonic() + 60
    while jobs.active(submitted.id) and time.monotonic() < deadline:
        time.sleep(0.05)  # polling a real worker's job, not timing it

    found = jobs.get(submitted.id)
    assert found is not None and JobState.DONE == found.state
    assert 1 == jobs.workers()  # the module's `summarize worker` runs one RQ worker
    assert not jobs.active("no-such-job")
