"""Request ids: the client's X-Request-ID when it is a short token of safe characters, else a new one."""

from __future__ import annotations

import os
import re

from flask import g, request

HEADER = "X-Request-ID"
ENVIRON_KEY = "summarizer.request_id"  # where gunicorn's access log (api/logging.py) finds it
# Up to 128 characters that cannot break a log line or a header: letters, digits and . _ : - (a UUID,
# a ULID, a trace id). Anything else is replaced, not refused: a bad id is no reason to fail a request.
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id() -> str:
    """The current request's id, chosen on first use and kept for the rest of the request."""
    rid: str | None = g.get("request_id")
    if rid is None:
        environ = request.environ
        given = environ.get("HTTP_X_REQUEST_ID")  # the header, without EnvironHeaders' key lookup
        rid = given if given is not None and _VALID.fullmatch(given) else os.urandom(16).hex()
        g.request_id = environ[ENVIRON_KEY] = rid
    return rid
