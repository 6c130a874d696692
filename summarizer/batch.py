"""`summarize batch IN OUT`: a corpus through the pipeline on every local core, or through the job queue.

IN is JSONL, one `{"id", "text"}` (or `"html"`) per line, or a directory of .txt files (the id is the
file name). OUT gets one JSON line per document, in IN's order: `{"id", "result"}` with the summary
the service returns, or `{"id", "error"}`. Lines are written as they finish, so an interrupted run
resumes: the lines already in OUT are kept and not computed again (a half-written last line is redone).
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any

from .errors import Busy, InvalidInput
from .jobs.records import JobDocument, JobRequest, JobState
from .jobs.work import summarize_entry
from .options import Options
from .pipeline import default_summarizer, warm_up
from .progress import Progress

# Documents per job when the queue runs the batch: guided self-scheduling (Polychronopoulos & Kuck
# 1987), each job the documents left divided by the workers on the queue, between these bounds. Large
# jobs early keep the per-job cost small (a work horse forked from the worker, whose first touches of
# the loaded methods copy their pages, and a few Redis round trips: about 45 ms of a worker's time), and
# jobs that shrink towards the end leave no worker with a long last job while the others idle.
# bench/jobs.py, 2,000 articles on 2 workers, against two local processes: fixed jobs of 32 documents
# 0.70x, 64 0.81-0.87x, 128 0.81-0.88x (16 jobs, up to one job of 0.7 s left on one worker at the end).
QUEUE_JOB_DOCUMENTS = 256
MIN_QUEUE_JOB_DOCUMENTS = 8
# Jobs in flight at once: at least this many, and two per worker on the queue, so no worker waits for
# the next job to be submitted; few enough not to fill the queue.
QUEUE_WINDOW = 16
_POLL_S = 0.05  # how often the oldest job in flight is looked at (its status only) while waiting for it
# How often it is read whole, which also notices a job whose worker's machine was lost (a whole read
# decompresses the job's documents: at every poll it was a third of the batch command's CPU time).
_CHECK_S = 5.0
# Documents a local worker process takes at a time (fewer round trips between processes).
LOCAL_CHUNK = 4


@dataclass(frozen=True)
class BatchReport:
    documents: int
    resumed: int  # lines already in OUT, kept
    errors: int  # documents of this run answered with an error


def read_documents(path: Path) -> list[JobDocument]:
    """IN's documents: a JSONL file or a directory of .txt files; InvalidInput names a bad line."""
    if path.is_dir():
        return [JobDocument(p.name, text=p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.txt"))]
    documents = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as error:
                raise InvalidInput(f"{path} line {number} is not JSON: {error}") from None
            if not isinstance(row, dict) or not isinstance(row.get("text", row.get("html")), str):
                raise InvalidInput(f'{path} line {number}: give {{"id": ..., "text": "..."}} (or "html")')
            documents.append(JobDocument(str(row.get("id", number)), row.get("text"), row.get("html")))
    return documents


def finished_lines(out: Path, documents: Sequence[JobDocument]) -> int:
    """How many of `documents` OUT already answers (a partial last line is cut off); InvalidInput when
    OUT's ids are not IN's, so a run never appends to another corpus's results."""
    if not out.exists():
        return 0
    data = out.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) != len(data):
        with open(out, "r+b") as handle:
            handle.truncate(len(complete))
    lines = complete.decode("utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        found = json.loads(line).get("id") if line.strip() else None
        expected = documents[number - 1].id if number <= len(documents) else None
        if found != expected:
            raise InvalidInput(
                f"{out} line {number} is for {found!r} where the input has {expected!r}: it holds another "
                "input's results; remove it or write elsewhere",
            )
    return len(lines)


def run_batch(
    documents: Sequence[JobDocument],
    out: Path,
    options: Options,
    processes: int = 1,
    redis_url: str | None = None,
    progress_file: IO[str] | None = None,
) -> BatchReport:
    """Summarise `documents` into OUT (resuming it): with `processes` local processes, or through RQ."""
    resumed = finished_lines(out, documents)
    todo = documents[resumed:]
    entries = _queued(todo, options, redis_url) if redis_url else _local(todo, options, processes)
    errors = 0
    with (
        open(out, "a", encoding="utf-8") as handle,
        Progress(len(documents), "summarize batch", initial=resumed, file=progress_file) as progress,
    ):
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()  # what is written survives an interruption
            errors += "error" in entry
            progress.update()
    return BatchReport(len(documents), resumed, errors)


def _summarize(options: Options, document: JobDocument) -> dict[str, Any]:
    return summarize_entry(default_summarizer(), options, document)


def _local(documents: Sequence[JobDocument], options: Options, processes: int) -> Iterator[dict[str, Any]]:
    warm_up(default_summarizer(), options.method)  # before the fork: every process starts warm
    if processes == 1:
        yield from (_summarize(options, document) for document in documents)
        return
    with ProcessPoolExecutor(processes, mp_context=get_context("fork")) as pool:
        yield from pool.map(partial(_summarize, options), documents, chunksize=LOCAL_CHUNK)


def queue_job_sizes(documents: int, workers: int) -> list[int]:
    """Documents of each queue job, in order, for a batch of `documents` on `workers` workers (see
    QUEUE_JOB_DOCUMENTS): the documents left over the workers, at least MIN_QUEUE_JOB_DOCUMENTS (or what
    is left) and at most QUEUE_JOB_DOCUMENTS."""
    sizes: list[int] = []
    left, workers = documents, max(1, workers)
    while left > 0:
        size = min(left, max(MIN_QUEUE_JOB_DOCUMENTS, min(QUEUE_JOB_DOCUMENTS, -(-left // workers))))
        sizes.append(size)
        left -= size
    return sizes


def _queued(documents: Sequence[JobDocument], options: Options, redis_url: str) -> Iterator[dict[str, Any]]:
    """Jobs of `queue_job_sizes` documents on RQ, `window` of them in flight, their entries in order."""
    from .jobs.redis_queue import RedisJobs

    settings = default_summarizer().settings
    jobs = RedisJobs(redis_url, settings.job_ttl, settings.job_queue_size, settings.job_timeout)
    workers = jobs.workers()
    chunks: deque[tuple[JobDocument, ...]] = deque()
    start = 0
    for size in queue_job_sizes(len(documents), workers):
        chunks.append(tuple(documents[start : start + size]))
        start += size
    window = max(QUEUE_WINDOW, 2 * workers)
    in_flight: deque[tuple[str, tuple[JobDocument, ...]]] = deque()
    next_check = time.monotonic() + _CHECK_S
    while chunks or in_flight:
        while chunks and len(in_flight) < window:
            try:
                submitted = jobs.submit(JobRequest("batch", options, chunks[0]))
            except Busy:
                break  # the queue is full of others' jobs: wait for ours
            in_flight.append((submitted.id, chunks.popleft()))
        if not in_flight:
            time.sleep(_POLL_S)
            continue
        job_id, chunk = in_flight[0]
        if time.monotonic() < next_check and jobs.active(job_id):
            time.sleep(_POLL_S)
            continue
        found = jobs.get(job_id)  # also fails or retries it if its worker's machine was lost
        next_check = time.monotonic() + _CHECK_S
        if found is not None and found.state in (JobState.QUEUED, JobState.RUNNING):
            time.sleep(_POLL_S)
            continue
        in_flight.popleft()
        if found is not None and found.state == JobState.DONE and found.result is not None:
            yield from found.result["results"]
        else:
            state = found.state.value if found else "lost (expired)"
            error = (found.error if found else None) or {
                "code": "job_failed",
                "message": f"the job was {state}",
                "details": {},
            }
            yield from ({"id": document.id, "error": error} for document in chunk)
