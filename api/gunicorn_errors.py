"""gunicorn's own error responses (a request line over 8190 bytes: 414, headers too large: 431, a
malformed request: 400) in the service's JSON shape instead of gunicorn's HTML page.

gunicorn answers these before any application code runs, through `gunicorn.util.write_error`;
gunicorn.conf.py replaces that one function with `write_json_error` (same arguments, same socket).
"""

from __future__ import annotations

import json
import os
import socket

from gunicorn import util

_CODES = {400: "bad_request", 403: "forbidden", 414: "uri_too_long", 431: "request_header_fields_too_large"}
_ADVICE = {
    414: "the URL is too long; send long options or text in the body",
    431: "the request's headers are too large or too many",
    400: "the request is not valid HTTP",
}


def write_json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    code = _CODES.get(status_int, reason.lower().replace(" ", "_") or "http_error")
    message = _ADVICE.get(status_int, reason)
    details = {"reason": mesg[:200]} if mesg else {}
    # The request could not be read, so any X-Request-ID it carried is unknown: a fresh id, as for a
    # request that sends none (api/request_id.py), so that every error body has one.
    request_id = os.urandom(16).hex()
    error = {"code": code, "message": message, "details": details, "request_id": request_id}
    body = json.dumps({"error": error}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"X-Request-ID: {request_id}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    util.write_nonblock(sock, head + body)


def install() -> None:
    util.write_error = write_json_error  # gunicorn's workers call it as util.write_error
