"""HTTP routes of jobs: submit (202 and a Location), read state and result, cancel.

The work and its state belong to the core's job backend (summarizer/jobs/); this module only turns
requests into its calls and its records into JSON, the result in the synchronous endpoints' shape.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, jsonify
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter

from summarizer.jobs import JobDocument, JobRecord, JobRequest, JobState
from summarizer.options import Options

from .errors import ApiError, status_for_code
from .routes import batch_body, content, json_body, require_json
from .schemas import JobBatchRequest, SummarizeRequest
from .state import app_state

jobs_blueprint = Blueprint("jobs", __name__)


def _options(body: Options) -> Options:
    """The request's options alone (a request schema extends Options with its text or documents)."""
    return Options(**{name: getattr(body, name) for name in Options.model_fields})


def _time(seconds: float | None) -> str | None:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds") if seconds is not None else None


def _result(record: JobRecord) -> dict[str, Any] | None:
    """A batch job's entries gain the status each document alone would have had, as in /v1/summarize/batch."""
    if record.result is None or record.kind != "batch":
        return record.result
    entries = []
    for entry in record.result["results"]:
        if "error" in entry:
            entries.append({"id": entry["id"], "status": status_for_code(entry["error"]["code"]), **entry})
        else:
            entries.append({"id": entry["id"], "status": 200, **entry})
    return {"results": entries}


def job_json(record: JobRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "kind": record.kind,
        "state": record.state.value,
        "progress": {
            "documents_done": record.documents_done,
            "documents_total": record.documents_total,
            "chunks_done": record.chunks_done,
            "chunks_total": record.chunks_total,
        },
        "attempts": record.attempts,
        "created_at": _time(record.created_at),
        "started_at": _time(record.started_at),
        "finished_at": _time(record.finished_at),
        "expires_at": _time(record.expires_at),
        "result": _result(record),
        "error": record.error,
    }


def _accepted(request: JobRequest) -> Response:
    record = app_state().jobs.submit(request)
    response = jsonify(job_json(record))
    response.status_code = 202
    response.headers["Location"] = f"/v1/jobs/{record.id}"
    return response


def _not_found(job_id: str) -> ApiError:
    return ApiError(
        404,
        "job_not_found",
        f"no job {job_id!r}: the id is wrong, or the job finished more than SUMMARIZER_JOB_TTL seconds ago "
        "and its result was deleted",
        id=job_id,
    )


class JobIdConverter(BaseConverter):
    """A job id: any path segment but "batch", so that /v1/jobs/batch is only the batch route (its Allow
    header lists POST alone)."""

    regex = r"(?!batch$)[^/]+"


@jobs_blueprint.record_once
def _register_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters["job"] = JobIdConverter


@jobs_blueprint.post("/v1/jobs")
def submit_summary() -> Response:
    require_json()
    body = SummarizeRequest.model_validate(json_body())
    app_state().summarizer.check(body)  # options that cannot run are a 422 now, not a failed job later
    source = content(body)  # a url is fetched now: a job's worker has no service settings to fetch with
    return _accepted(JobRequest("summarize", _options(body), (JobDocument("1", source.text, source.html),)))


@jobs_blueprint.post("/v1/jobs/batch")
def submit_batch() -> Response:
    body = batch_body(app_state().settings.max_job_documents, JobBatchRequest)
    app_state().summarizer.check(body)
    # A job's documents are validated when it is submitted (a 422 names the first bad one).
    documents = tuple(JobDocument(d.id, d.text, d.html) for d in body.documents)
    return _accepted(JobRequest("batch", _options(body), documents))


@jobs_blueprint.get("/v1/jobs/<job:job_id>")
def job(job_id: str) -> Response:
    record = app_state().jobs.get(job_id)
    if record is None:
        raise _not_found(job_id)
    return jsonify(job_json(record))


@jobs_blueprint.delete("/v1/jobs/<job:job_id>")
def cancel(job_id: str) -> Response:
    before = app_state().jobs.get(job_id)
    if before is None:
        raise _not_found(job_id)
    if before.state not in (JobState.QUEUED, JobState.RUNNING):
        raise ApiError(
            409,
            "job_finished",
            f"job {job_id!r} is already {before.state.value}; only a queued or running job can be cancelled",
            state=before.state.value,
        )
    record = app_state().jobs.cancel(job_id)
    if record is None:
        raise _not_found(job_id)
    return jsonify(job_json(record))
