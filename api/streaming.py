"""Server-sent events for POST /v1/summarize with `"stream": true` or `Accept: text/event-stream`.

Events: `delta` ({"text": ...}, abstractive methods only) carries the final pass's text as the model
writes it, piece by piece (with beam search, all at once when the beam is chosen: transformers cannot
stream beam search); then one `result` with exactly the JSON of the non-streaming response (whose
summary may be shorter: cut to the requested length). An error before the first event is an ordinary
JSON error response with its status; one after it is an `error` event with the error JSON, and the
stream ends.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from flask import Response

from summarizer.errors import SummarizerError

from .client import CLIENT_GONE, ClientGone
from .errors import core_error_body, error_body

log = logging.getLogger(__name__)

MEDIA_TYPE = "text/event-stream"

Run = Callable[[Callable[[str], None]], dict[str, Any]]


def event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def stream_summary(run: Run) -> Response:
    """Run `run(on_text)` in a thread and stream what it says. `run` must not need the request context.

    A client that goes away stops the work between chunks: `run`'s own watch raises ClientGone there
    (api/client.py). The final pass, whose text is streamed, runs to its end: its text may be generated
    in a batch shared with other requests, which an exception from here would end for all of them; once
    gunicorn has closed the stream (a write failed), that text is dropped."""
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    abandoned = threading.Event()

    def on_text(text: str) -> None:
        if not abandoned.is_set():
            events.put(("text", text))

    def work() -> None:
        try:
            events.put(("result", run(on_text)))
        except ClientGone:
            log.info("client went away; its streamed summary was stopped")
            events.put(("gone", None))
        except SummarizerError as error:
            events.put(("error", error))
        except Exception as error:
            log.exception("unhandled error while streaming")
            events.put(("internal", error))

    threading.Thread(target=work, name="summary-stream", daemon=True).start()
    first = events.get()
    if first[0] == "gone":
        return Response(status=CLIENT_GONE)
    if first[0] in ("error", "internal"):
        raise first[1]  # nothing sent yet: the usual JSON error and status

    def stream() -> Iterator[str]:
        kind, value = first
        sent = ""
        try:
            while True:
                if kind == "text":
                    if value.startswith(sent) and len(value) > len(sent):  # a decoded prefix can still change
                        yield event("delta", {"text": value[len(sent) :]})
                        sent = value
                elif kind == "result":
                    yield event("result", value)
                    return
                elif kind == "error":
                    yield event("error", core_error_body(value))
                    return
                elif kind == "gone":
                    return
                else:
                    yield event("error", error_body("internal_error", "internal error; the server log has the details"))
                    return
                kind, value = events.get()
        finally:
            abandoned.set()  # closed by the server (the client went away) or finished: no more text wanted

    return Response(stream(), mimetype=MEDIA_TYPE, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
