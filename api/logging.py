"""gunicorn's access log as one JSON object per line (for log shippers), on standard output; the
service's own log lines with the request's id."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context
from gunicorn.glogging import Logger

from .request_id import ENVIRON_KEY


class JsonAccessLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """Writes each request as JSON; quotes in a path or user agent cannot break the line."""

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
        try:
            self.access_log.info(json.dumps(record))
        except Exception:  # a log line must never fail a request
            self.error("failed to write the access log line")


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
