"""Whether the client of a long summary is still there: gunicorn passes the client's socket to the app."""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Callable

from flask import request

log = logging.getLogger(__name__)

# What a request whose client went away gets (nginx's "client closed request"; nobody reads it).
CLIENT_GONE = 499


class ClientGone(Exception):
    """The client closed its connection while its summary was being generated."""


def client_watch() -> Callable[[int, int], None] | None:
    """Between the chunks of an abstractive summary (seconds to minutes of work), whether the client is
    still there: its socket (gunicorn puts it in the WSGI environ) peeked without waiting reads the end
    of the stream once the client has closed. A gone client raises ClientGone, which stops the work.
    None where there is no plain socket to look at (another server, TLS)."""
    sock = request.environ.get("gunicorn.socket")
    if not isinstance(sock, socket.socket) or isinstance(sock, ssl.SSLSocket):
        return None

    def check(done: int, total: int) -> None:
        try:
            peeked = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return  # connected, nothing more sent
        except OSError:
            peeked = b""  # reset
        if not peeked:
            log.info("client went away after %d of %d chunks; its summary was stopped", done, total)
            raise ClientGone

    return check
