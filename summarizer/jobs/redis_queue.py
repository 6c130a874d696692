"""The scale-out job backend: RQ on Redis. API processes enqueue and read state; `summarize worker`
processes, on any number of machines, run the jobs.

Redis holds the queue, each job's request, progress (the job's meta), result and error; results and
errors expire SUMMARIZER_JOB_TTL seconds after the job ends. Each job runs in RQ's work horse, a
process forked from a worker that loaded the methods before its first job, so models load once per
worker and a job that takes its process down (out of memory, a crash in native code, SIGKILL) takes
only itself: RQ sees the work horse die, retries the job once (`Retry(max=1)`), then marks it failed
with the reason. A whole worker machine lost is noticed by RQ when the job's heartbeat lapses (60 s
after the last, RQ's fixed grace) and the job is retried or failed the same way; reading such a job's
state runs that check, so it does not wait for another worker's maintenance.
"""

from __future__ import annotations

import logging
import time
import uuid
from contextlib import suppress
from datetime import datetime
from typing import Any

from redis import Redis
from rq import Queue, Retry, Worker, get_current_job
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from ..errors import Busy, SummarizerError
from . import work
from .records import Cancelled, JobProgress, JobRecord, JobRequest, JobState

log = logging.getLogger(__name__)

QUEUE_NAME = "summarizer"
# How a job's RQ status reads to a client.
_STATE = {
    JobStatus.CREATED: JobState.QUEUED,
    JobStatus.QUEUED: JobState.QUEUED,
    JobStatus.DEFERRED: JobState.QUEUED,
    JobStatus.SCHEDULED: JobState.QUEUED,
    JobStatus.READY_TO_ENQUEUE: JobState.QUEUED,
    JobStatus.RATE_LIMITED: JobState.QUEUED,
    JobStatus.STARTED: JobState.RUNNING,
    JobStatus.FINISHED: JobState.DONE,
    JobStatus.FAILED: JobState.FAILED,
    JobStatus.STOPPED: JobState.CANCELLED,
    JobStatus.CANCELED: JobState.CANCELLED,
}
RETRIES = 1  # a job whose process dies is run once more, then failed with the reason
# A running batch job writes its progress and reads its cancel flag at most this often between documents
# (and at its end): per document, those two round trips were a tenth of a 32-document job's time at 6 ms
# a document.
REPORT_INTERVAL_S = 0.25


def connect(url: str) -> Redis:
    return Redis.from_url(url)


def queue(connection: Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=connection, serializer=JSONSerializer)


def _cancel_key(job_id: str) -> str:
    return f"summarizer:cancelled:{job_id}"


class RedisJobs:
    """Jobs on the RQ queue `summarizer` at `url`."""

    def __init__(self, url: str, ttl: int, queue_size: int, timeout: int) -> None:
        self.connection = connect(url)  # connects on first use
        self.queue = queue(self.connection)
        self.ttl, self.queue_size, self.timeout = ttl, queue_size, timeout

    def submit(self, request: JobRequest) -> JobRecord:
        queued = self.queue.count
        if queued >= self.queue_size:
            raise Busy(
                f"{queued} jobs are already queued, the maximum (SUMMARIZER_JOB_QUEUE_SIZE); retry later",
                retry_after=5,
                queued=queued,
            )
        job = self.queue.enqueue(
            run_job,
            request.to_json(),
            job_id=uuid.uuid4().hex,
            retry=Retry(max=RETRIES),
            result_ttl=self.ttl,
            failure_ttl=self.ttl,
            job_timeout=self.timeout,
            meta={"kind": request.kind, "total": len(request.documents), "done": 0},
            description=f"summarizer {request.kind} job, {len(request.documents)} documents",  # no text in logs
        )
        return self._record(job)

    def workers(self) -> int:
        """How many RQ workers (on any machine) take jobs from the queue now."""
        return int(Worker.count(connection=self.connection, queue=self.queue))

    def active(self, job_id: str) -> bool:
        """Whether the job is queued or running, from its status field alone: one small read, where
        fetching the job restores (and decompresses) all its documents."""
        status = self.connection.hget(Job.key_for(job_id), "status")
        if status is None:
            return False
        state = _STATE.get(JobStatus(status.decode() if isinstance(status, bytes) else status))
        return state in (JobState.QUEUED, JobState.RUNNING)

    def _fetch(self, job_id: str) -> Job | None:
        try:
            return Job.fetch(job_id, connection=self.connection, serializer=JSONSerializer)
        except NoSuchJobError:
            return None

    def get(self, job_id: str) -> JobRecord | None:
        job = self._fetch(job_id)
        if job is None or "kind" not in job.meta:  # not one of ours
            return None
        if job.get_status(refresh=False) == JobStatus.STARTED:
            # Retries or fails the job if its worker stopped sending heartbeats (machine lost).
            StartedJobRegistry(queue=self.queue).cleanup()
            job = self._fetch(job_id)
            if job is None:
                return None
        return self._record(job)

    def drain(self) -> None:
        """Nothing to wait for: RQ's workers run the jobs, in their own processes."""

    def cancel(self, job_id: str) -> JobRecord | None:
        job = self._fetch(job_id)
        if job is None or "kind" not in job.meta:
            return None
        status = job.get_status(refresh=False)
        if _STATE.get(status) not in (JobState.QUEUED, JobState.RUNNING):
            return self._record(job)
        self.connection.set(_cancel_key(job_id), time.time(), ex=self.ttl)
        if status == JobStatus.STARTED:
            # Stops the work horse now, even inside one long document; RQ never retries a stopped job.
            with suppress(InvalidJobOperation):  # it ended meanwhile
                send_stop_job_command(self.connection, job_id, serializer=JSONSerializer)
        else:
            with suppress(InvalidJobOperation):  # cancelled meanwhile
                job.cancel()
        self.connection.expire(job.key, self.ttl)
        return self._record(self._fetch(job_id) or job)

    def _record(self, job: Job) -> JobRecord:
        status = job.get_status(refresh=False)
        state = _STATE.get(status, JobState.QUEUED)
        result: dict[str, Any] | None = None
        error: dict[str, Any] | None = None
        if state == JobState.DONE:
            value = job.return_value() or {}
            if "error" in value:
                state, error = JobState.FAILED, value["error"]
            else:
                result = value.get("result")
        elif state == JobState.FAILED:
            error = _failure(job)
        cancelled_at = self.connection.get(_cancel_key(job.id)) if state != JobState.DONE else None
        if cancelled_at is not None:
            # Cancelled: stopping (still running), stopped (RQ's own state), or stopped between documents.
            state, error = JobState.CANCELLED, None
        started = job.started_at is not None
        attempts = (RETRIES - (job.retries_left or 0)) + (1 if started and state != JobState.QUEUED else 0)
        finished = _seconds(job.ended_at) if state in (JobState.DONE, JobState.FAILED) else None
        if cancelled_at is not None:
            finished = float(cancelled_at)
        ttl = self.connection.ttl(job.key) if finished is not None else -1
        return JobRecord(
            id=job.id,
            kind=job.meta["kind"],
            state=state,
            documents_done=int(job.meta.get("done", 0)),
            documents_total=int(job.meta["total"]),
            attempts=attempts,
            created_at=_seconds(job.created_at) or 0.0,
            started_at=_seconds(job.started_at) if started else None,
            finished_at=finished,
            expires_at=time.time() + ttl if finished is not None and ttl > 0 else None,
            result=result,
            error=error,
            chunks_done=job.meta.get("chunks_done"),
            chunks_total=job.meta.get("chunks_total"),
        )


def _seconds(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def _failure(job: Job) -> dict[str, Any]:
    """Why RQ failed the job: its work horse died (the reason RQ gives), or a bug (in the worker's log)."""
    latest = job.latest_result()
    reason = (latest.exc_string if latest is not None else None) or ""
    if "Work-horse terminated unexpectedly" in reason or "AbandonedJobError" in reason:
        message = reason.strip().rstrip(";").splitlines()[-1]
        return {
            "code": "job_failed",
            "message": f"the worker process running the job stopped ({message}), on each of "
            f"{RETRIES + 1} attempts; see the worker's log",
            "details": {"attempts": RETRIES + 1, "reason": message},
        }
    if "JobTimeoutException" in reason:
        return {
            "code": "job_timeout",
            "message": f"the job ran longer than SUMMARIZER_JOB_TIMEOUT ({job.timeout} s), on each of "
            f"{RETRIES + 1} attempts; raise it, or split the work",
            "details": {"timeout_s": job.timeout},
        }
    return {"code": "internal_error", "message": "internal error; the worker's log has the details", "details": {}}


def run_job(payload: dict[str, Any]) -> dict[str, Any]:
    """RQ's entry point, in a work horse: `{"result": ...}`, or `{"error": ...}` for the caller's error."""
    from ..pipeline import default_summarizer  # loaded and warmed by `summarize worker` before the fork

    job = get_current_job()
    assert job is not None
    connection = job.connection

    total, last_report = int(job.meta["total"]), -REPORT_INTERVAL_S

    def report(progress: JobProgress) -> bool:
        # Two round trips (progress, the cancel flag). Between a batch's documents (milliseconds each) at
        # most every REPORT_INTERVAL_S, and at the end; between an abstractive document's chunks (each
        # seconds of generation) every time, so that its progress is seen while it runs.
        nonlocal last_report
        now = time.monotonic()
        between_documents = progress.chunks_done is None
        if between_documents and now - last_report < REPORT_INTERVAL_S and progress.documents_done < total:
            return True
        last_report = now
        job.meta["done"] = progress.documents_done
        job.meta["chunks_done"], job.meta["chunks_total"] = progress.chunks_done, progress.chunks_total
        job.save_meta()  # type: ignore[no-untyped-call]  # RQ leaves this one unannotated
        return not connection.exists(_cancel_key(job.id))

    try:
        return {"result": work.run(default_summarizer(), JobRequest.from_json(payload), report)}
    except SummarizerError as error:
        return {"error": work.error_json(error)}
    except Cancelled:
        return {"error": {"code": "cancelled", "message": "the job was cancelled", "details": {}}}
