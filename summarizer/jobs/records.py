"""What a job is: its request (options and documents), its state, its progress, its result or error."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, Protocol

from ..options import Options

JobKind = Literal["summarize", "batch"]


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


class Cancelled(Exception):
    """Raised inside a running job when it has been cancelled: it stops between documents."""


@dataclass(frozen=True)
class JobDocument:
    id: str
    text: str | None = None
    html: str | None = None


@dataclass(frozen=True)
class JobRequest:
    """One summary (`summarize`, one document) or many with shared options (`batch`)."""

    kind: JobKind
    options: Options
    documents: tuple[JobDocument, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "options": self.options.model_dump(mode="json", exclude_defaults=True),
            "documents": [{k: v for k, v in vars(d).items() if v is not None} for d in self.documents],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobRequest:
        return cls(
            data["kind"],
            Options.model_validate(data["options"], strict=False),
            tuple(JobDocument(**d) for d in data["documents"]),
        )


@dataclass(frozen=True)
class JobProgress:
    """How far a running job is: documents done and, while an abstractive method works on a document, its
    chunks (model inputs) generated and known so far (the total grows as map-reduce packs each pass)."""

    documents_done: int
    chunks_done: int | None = None
    chunks_total: int | None = None


@dataclass(frozen=True)
class JobRecord:
    """A job as a client sees it. Times are seconds since the epoch; `result` is the summary's JSON
    (`summarize`) or `{"results": [{"id", "result"} | {"id", "error"}]}` (`batch`); `error` is
    `{"code", "message", "details"}` when the job failed."""

    id: str
    kind: JobKind
    state: JobState
    documents_done: int
    documents_total: int
    attempts: int
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    expires_at: float | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    chunks_done: int | None = None  # the current (or last) document's chunks, abstractive methods only
    chunks_total: int | None = None


class JobStore(Protocol):
    """A job backend: the embedded one or RQ on Redis."""

    def submit(self, request: JobRequest) -> JobRecord:
        """Queue the job; Busy when the queue is full."""
        ...

    def get(self, job_id: str) -> JobRecord | None:
        """The job, or None when the id is unknown or its result has expired."""
        ...

    def cancel(self, job_id: str) -> JobRecord | None:
        """Cancel a queued or running job (a finished one is returned unchanged); None when unknown."""
        ...

    def drain(self) -> None:
        """Return once the jobs this process runs are done (the embedded backend's); RQ's run elsewhere."""
        ...
