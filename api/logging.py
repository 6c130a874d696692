"""gunicorn's access log as one JSON object per line (for log shippers), on standard output; the
service's own log lines with the request's id.

Access lines are written in batches, as nginx's `access_log ... buffer= flush=` does: a worker keeps
them in memory and writes them together once the oldest is ACCESS_LOG_FLUSH_S old, at the next request
or at the next turn of the worker's loop (api/worker.py; at least once a second when idle), and when
the worker stops. One write a line had cost 3% of a seed request under load (8 rounds of wrk: 2.70-2.74
ms of CPU a request without the line, 2.77-2.82 with it): each write let the GIL go to another thread,
and this one then waited to get it back. In batches: 2.66-2.69 ms, as without the line (6 rounds).
A worker killed with SIGKILL loses the lines it holds (their answers were sent): ACCESS_LOG_FLUSH_S
of them under traffic. With syslog, every line is sent on its own.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context
from gunicorn.glogging import Logger

from .request_id import ENVIRON_KEY

ACCESS_LOG_FLUSH_S = 0.1  # under load a worker answers 300 seed requests a second: about 30 lines a write


class JsonAccessLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """Writes each request as JSON; quotes in a path or user agent cannot break the line."""

    def setup(self, cfg: Any) -> None:
        if hasattr(self, "_pending"):
            self.flush_access(force=True)  # a configuration reload: what is held goes out first
        self._pending: list[str] = []
        self._pending_lock = threading.Lock()
        self._oldest = 0.0  # when the oldest held line was added (monotonic)
        super().setup(cfg)

    def flush_access(self, force: bool = False) -> None:
        """Write the held access lines, as one log record, once the oldest is ACCESS_LOG_FLUSH_S old (at once
        with `force`)."""
        with self._pending_lock:  # held while writing, so that batches go out in order
            if not self._pending or (not force and time.monotonic() - self._oldest < ACCESS_LOG_FLUSH_S):
                return
            lines, self._pending = self._pending, []
            try:
                self.access_log.info("\n".join(lines))
            except Exception:  # a log line must never fail a request
                self.error("failed to write the access log lines")

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        record = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "remote": environ.get("REMOTE_ADDR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(str(resp.status).split()[0]),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "request_id": environ.get(ENVIRON_KEY),
        }
        line = json.dumps(record)
        if self.cfg.syslog:  # a syslog message per line
            try:
                self.access_log.info(line)
            except Exception:  # a log line must never fail a request
                self.error("failed to write the access log line")
            return
        with self._pending_lock:
            if not self._pending:
                self._oldest = time.monotonic()
            self._pending.append(line)
        self.flush_access()


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id`: the current request's (X-Request-ID), or "-" outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def log_request_ids() -> None:
    """The service's loggers (`api`, `summarizer`) write to standard error with the request's id."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s [%(process)d] [%(levelname)s] [%(request_id)s] %(name)s: %(message)s")
    )
    for name in ("api", "summarizer"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.propagate = False  # once, here: not again through the root's handlers
