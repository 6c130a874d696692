"""A job's work, the same in every backend: summarise its documents in order, reporting progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import SummarizerError
from ..options import Options
from ..text.html import extract_text
from .records import Cancelled, JobDocument, JobProgress, JobRequest

if TYPE_CHECKING:
    from ..pipeline import Summarizer

# Called with the job's progress (after each document, and between an abstractive document's chunks);
# returns False once the job is cancelled.
Report = Callable[[JobProgress], bool]


def summarize_content(
    summarizer: Summarizer,
    options: Options,
    text: str | None,
    html: str | None,
    on_text: Callable[[str], None] | None = None,
    on_chunks: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The JSON of one summary, as POST /v1/summarize returns it: from `text`, or from `html`'s main text
    (then with `extracted_text`, the text its offsets point into). `on_text` receives an abstractive
    summary's text as it is written (streaming); `on_chunks` its progress in chunks (done, total)."""
    extracted = extract_text(html) if html is not None else None
    result = summarizer.summarize(
        extracted if extracted is not None else text or "", options, on_text=on_text, on_chunks=on_chunks
    ).to_dict()
    if extracted is not None:
        result["extracted_text"] = extracted
    return result


def error_json(error: SummarizerError) -> dict[str, Any]:
    return {"code": error.code, "message": error.message, "details": error.details}


def summarize_entry(
    summarizer: Summarizer,
    options: Options,
    document: JobDocument,
    on_chunks: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """One document of a batch: `{"id", "result"}`, or `{"id", "error"}` when it cannot be summarised."""
    try:
        return {
            "id": document.id,
            "result": summarize_content(summarizer, options, document.text, document.html, on_chunks=on_chunks),
        }
    except SummarizerError as error:
        return {"id": document.id, "error": error_json(error)}


def run(summarizer: Summarizer, request: JobRequest, report: Report) -> dict[str, Any]:
    """The job's result JSON. A `summarize` job raises its document's SummarizerError; a `batch` job
    records each document's error in its entry. Cancelled when `report` says so: between documents, and
    between the chunks of a document summarised by an abstractive method."""
    chunks: tuple[int, int] | tuple[None, None] = (None, None)
    done = 0

    def on_chunks(chunks_done: int, chunks_total: int) -> None:
        nonlocal chunks
        chunks = (chunks_done, chunks_total)
        if not report(JobProgress(done, *chunks)):
            raise Cancelled(request.kind)

    if request.kind == "summarize":
        document = request.documents[0]
        result = summarize_content(summarizer, request.options, document.text, document.html, on_chunks=on_chunks)
        report(JobProgress(1, *chunks))
        return result
    results: list[dict[str, Any]] = []
    for document in request.documents:
        chunks = (None, None)
        results.append(summarize_entry(summarizer, request.options, document, on_chunks))
        done += 1
        if not report(JobProgress(done, *chunks)):
            raise Cancelled(request.kind)
    return {"results": results}
