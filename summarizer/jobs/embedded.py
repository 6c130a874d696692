"""The embedded job backend: a small thread pool in each process, job state in one SQLite file.

Under gunicorn every worker process has its own pool, and a job runs in the process that accepted it;
its state lives in SQLite (in the service's instance directory), so any worker answers for any job id,
and DELETE from any worker cancels it. The queue's bound (SUMMARIZER_JOB_QUEUE_SIZE queued jobs) is
counted in that same table, so it is one bound for the machine, not one per worker. A job whose process
died (a gunicorn worker killed or restarted) is marked failed with that reason when it is next read;
it is not retried, as its process held it in memory (RQ retries: `summarize worker`).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Busy, SummarizerError
from . import work
from .records import Cancelled, JobProgress, JobRecord, JobRequest, JobState

if TYPE_CHECKING:
    from ..pipeline import Summarizer

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, request TEXT,
    done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    owner INTEGER NOT NULL, created REAL NOT NULL, started REAL, finished REAL, expires REAL,
    result TEXT, error TEXT, chunks_done INTEGER, chunks_total INTEGER
)
"""
# Columns added since the table was first made: a jobs.sqlite3 from an older release gains them.
_ADDED_COLUMNS = ("chunks_done INTEGER", "chunks_total INTEGER")
_COLUMNS = (
    "id, kind, state, done, total, attempts, owner, created, started, finished, expires, result, error, "
    "chunks_done, chunks_total"
)
_ACTIVE = (JobState.QUEUED.value, JobState.RUNNING.value)
# A busy SQLite file (another worker writing) is waited for this long before an error.
_LOCK_TIMEOUT_S = 10.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class EmbeddedJobs:
    """Jobs run by SUMMARIZER_JOB_THREADS threads of this process; state in the SQLite file `path`."""

    def __init__(self, summarizer: Summarizer, path: Path) -> None:
        self.summarizer = summarizer
        self.path = path
        self.ttl = summarizer.settings.job_ttl
        self.queue_size = summarizer.settings.job_queue_size
        self.threads = summarizer.settings.job_threads
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0
        self._lock = threading.Lock()
        self._ready = False

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One short transaction (BEGIN IMMEDIATE: a check and its write are atomic across processes)."""
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT_S, isolation_level=None)
        try:
            if not self._ready:
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("BEGIN IMMEDIATE")
            try:
                if not self._ready:  # in the transaction: two processes starting at once make it once
                    connection.execute(_SCHEMA)
                    _add_columns(connection)
                    self._ready = True
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def _executor(self) -> ThreadPoolExecutor:
        # Built in the process that runs the jobs: gunicorn builds the app in its master, then forks.
        with self._lock:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="summarizer-job")
                self._pool_pid = os.getpid()
            return self._pool

    def drain(self) -> None:
        """Run this process's queued and running jobs to their end, as the interpreter's exit would."""
        with self._lock:
            pool = self._pool if self._pool_pid == os.getpid() else None
        if pool is not None:
            pool.shutdown(wait=True)

    def submit(self, request: JobRequest) -> JobRecord:
        job_id = uuid.uuid4().hex
        now = time.time()
        with self._db() as db:
            db.execute("DELETE FROM jobs WHERE expires IS NOT NULL AND expires <= ?", (now,))
            (queued,) = db.execute("SELECT count(*) FROM jobs WHERE state = ?", (JobState.QUEUED.value,)).fetchone()
            if queued >= self.queue_size:
                raise Busy(
                    f"{queued} jobs are already queued, the maximum (SUMMARIZER_JOB_QUEUE_SIZE); retry later",
                    retry_after=5,
                    queued=queued,
                )
            db.execute(
                "INSERT INTO jobs (id, kind, state, request, total, owner, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    request.kind,
                    JobState.QUEUED.value,
                    json.dumps(request.to_json()),
                    len(request.documents),
                    os.getpid(),
                    now,
                ),
            )
            record = self.get_locked(db, job_id)
        self._executor().submit(self._run, job_id)
        assert record is not None
        return record  # as accepted: queued

    def get(self, job_id: str) -> JobRecord | None:
        with self._db() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM jobs WHERE id = ? AND (expires IS NULL OR expires > ?)",
                (job_id, time.time()),
            ).fetchone()
            if row is None:
                return None
            if row[2] in _ACTIVE and not _alive(row[6]):
                self._finish(db, job_id, JobState.FAILED, error=_died(row[6]))
                return self.get_locked(db, job_id)
        return _record(row)

    def get_locked(self, db: sqlite3.Connection, job_id: str) -> JobRecord | None:
        row = db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _record(row) if row else None

    def cancel(self, job_id: str) -> JobRecord | None:
        if self.get(job_id) is None:
            return None
        with self._db() as db:
            self._finish(db, job_id, JobState.CANCELLED)  # a running job stops at its next document
            return self.get_locked(db, job_id)

    def _finish(
        self,
        db: sqlite3.Connection,
        job_id: str,
        state: JobState,
        result: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
    ) -> None:
        """Move an active job to a final state (a finished one keeps its own) and start its expiry clock."""
        now = time.time()
        db.execute(
            "UPDATE jobs SET state = ?, finished = ?, expires = ?, result = ?, error = ?, request = NULL "
            "WHERE id = ? AND state IN (?, ?)",
            (
                state.value,
                now,
                now + self.ttl,
                json.dumps(result) if result is not None else None,
                json.dumps(error) if error is not None else None,
                job_id,
                *_ACTIVE,
            ),
        )

    def _run(self, job_id: str) -> None:
        with self._db() as db:
            claimed = db.execute(
                "UPDATE jobs SET state = ?, started = ?, attempts = attempts + 1 WHERE id = ? AND state = ?",
                (JobState.RUNNING.value, time.time(), job_id, JobState.QUEUED.value),
            ).rowcount
            row = db.execute("SELECT request FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if not claimed or row is None:
            return  # cancelled while queued
        request = JobRequest.from_json(json.loads(row[0]))

        def report(progress: JobProgress) -> bool:
            with self._db() as db:
                db.execute(
                    "UPDATE jobs SET done = ?, chunks_done = ?, chunks_total = ? WHERE id = ?",
                    (progress.documents_done, progress.chunks_done, progress.chunks_total, job_id),
                )
                (state,) = db.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()
            return bool(state == JobState.RUNNING.value)

        try:
            result = work.run(self.summarizer, request, report)
        except Cancelled:
            return
        except SummarizerError as error:
            with self._db() as db:
                self._finish(db, job_id, JobState.FAILED, error=work.error_json(error))
            return
        except Exception:
            log.exception("job %s failed", job_id)  # the trace goes to the log, never to the client
            with self._db() as db:
                self._finish(db, job_id, JobState.FAILED, error=_internal())
            return
        with self._db() as db:
            self._finish(db, job_id, JobState.DONE, result=result)


def _add_columns(db: sqlite3.Connection) -> None:
    present = {row[1] for row in db.execute("PRAGMA table_info(jobs)")}
    for column in _ADDED_COLUMNS:
        if column.split()[0] not in present:
            db.execute(f"ALTER TABLE jobs ADD COLUMN {column}")


def _record(row: tuple[Any, ...]) -> JobRecord:
    (job_id, kind, state, done, total, attempts, _, created, started, finished, expires, result, error, *chunks) = row
    return JobRecord(
        id=job_id,
        kind=kind,
        state=JobState(state),
        documents_done=done,
        documents_total=total,
        attempts=attempts,
        created_at=created,
        started_at=started,
        finished_at=finished,
        expires_at=expires,
        result=json.loads(result) if result else None,
        error=json.loads(error) if error else None,
        chunks_done=chunks[0],
        chunks_total=chunks[1],
    )


def _died(pid: int) -> dict[str, Any]:
    return {
        "code": "job_failed",
        "message": f"the process running the job (pid {pid}) stopped before the job finished; submit it again",
        "details": {"pid": pid},
    }


def _internal() -> dict[str, Any]:
    return {"code": "internal_error", "message": "internal error; the server log has the details", "details": {}}
