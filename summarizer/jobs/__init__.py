"""Jobs: long work (a book chapter through a model, a corpus overnight) run outside the HTTP request.

`open_store(summarizer)` gives the backend the settings choose: the embedded one (a thread pool in
each process, job state in SQLite) or, with SUMMARIZER_REDIS_URL, RQ on Redis (`summarize worker`
runs the jobs). Both implement `JobStore`; neither knows anything of HTTP.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .records import Cancelled, JobDocument, JobProgress, JobRecord, JobRequest, JobState, JobStore

if TYPE_CHECKING:
    from ..pipeline import Summarizer

__all__ = ["Cancelled", "JobDocument", "JobProgress", "JobRecord", "JobRequest", "JobState", "JobStore", "open_store"]


def open_store(summarizer: Summarizer, directory: Path) -> JobStore:
    """RQ on SUMMARIZER_REDIS_URL when it is set, else the embedded backend keeping its state in `directory`."""
    settings = summarizer.settings
    if settings.redis_url:
        from .redis_queue import RedisJobs

        return RedisJobs(settings.redis_url, settings.job_ttl, settings.job_queue_size, settings.job_timeout)
    from .embedded import EmbeddedJobs

    return EmbeddedJobs(summarizer, directory / "jobs.sqlite3")
