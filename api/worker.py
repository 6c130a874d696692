"""gunicorn's gthread worker, with health checks answered on their own thread, never behind summaries.

In gthread every accepted connection waits in one queue for one of the worker's `threads`; under 64
clients /healthz waited there behind summaries and refusals for 200-1,300 ms (issue 11). This worker
peeks at a connection's first bytes (MSG_PEEK: nothing is consumed, gunicorn's parser reads them as
usual) and hands `GET /healthz` and `GET /readyz` to a pool of their own. A new connection whose bytes
have not arrived yet waits for them on gunicorn's poller, as gunicorn's own deferred connections do,
so it is sorted when its request line is there.

It also closes a kept-alive connection after `SUMMARIZER_KEEPALIVE_REQUESTS` requests (like nginx's
`keepalive_requests`): gthread accepts a connection whatever its load, and a client that keeps its
connections open stays wherever they landed. When gunicorn replaced a worker (max_requests), the other
one inherited all 8 of a load generator's connections and the new one got none: one core sat idle
(13-23% of the machine) and the default request on the seed article went from 445-507 to 299-383
req/s. After a `Connection: close`, the client's next connection goes to the worker that accepts it
first, which is most often the less busy one (a busy worker's accepting thread waits for the GIL).

The threads that answer requests run under Linux's SCHED_BATCH (`SUMMARIZER_BATCH_SCHEDULING`): a
thread woken for the GIL or a lock then waits for the running thread's time slice instead of
preempting it, most often only to wait for the GIL that thread holds. Under wrk's 8 clients on the
seed article each request had cost 14 context switches (the pool's threads 7.2 voluntary and 5.2
involuntary, the main thread 2); under SCHED_BATCH 8 (4.4 and 2.3), with 2.9% less CPU and 4% more
summaries a second (8 rounds of 6 s, each round alike). The main thread (accepting) and the health
checks' thread keep the default policy: with the main thread under SCHED_BATCH too, throughput was
the same within 1% and /healthz's p99 under 64 clients went from 15-18 ms to 30-38.
"""

from __future__ import annotations

import logging
import os
import selectors
import socket
import sys
import time
from concurrent import futures
from functools import partial

from gunicorn.workers.gthread import DEFAULT_WORKER_DATA_TIMEOUT, ThreadWorker

from .settings import service_settings
from .state import STATE, AppState

log = logging.getLogger(__name__)

HEALTH_PATHS = (b"/healthz", b"/readyz")
HEALTH_THREADS = 1  # the checks are cheap; one thread answers them one after another in well under a ms
SWITCH_INTERVAL_S = 0.001
_PEEK_BYTES = 16  # "HEAD /healthz " is the longest prefix looked at
_batch_refused = False


def is_health_check(first_bytes: bytes) -> bool:
    """Whether a request starting with these bytes is `GET` or `HEAD` of /healthz or /readyz."""
    method, _, rest = first_bytes.partition(b" ")
    return method in (b"GET", b"HEAD") and any(
        rest.startswith(path) and rest[len(path) : len(path) + 1] in (b" ", b"?") for path in HEALTH_PATHS
    )


def schedule_as_batch() -> None:
    """Put the calling thread under SCHED_BATCH (Linux; elsewhere, or where it is refused, it keeps the
    default policy and the worker runs as before)."""
    global _batch_refused
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))  # 0: the calling thread
    except (AttributeError, OSError) as error:  # no SCHED_BATCH on this OS, or a sandbox refusing it
        if not _batch_refused:  # said once a worker, not once a thread
            _batch_refused = True
            log.warning("the request threads keep the default scheduling policy: %s", error)


class HealthCheckFirstWorker(ThreadWorker):  # type: ignore[misc]  # gunicorn ships no types
    """gthread, plus a pool for health checks only (see the module's docstring)."""

    def init_process(self) -> None:
        # A thread waiting for the GIL asks for it after this long (5 ms by default); each step of a health
        # check (accept, peek, read, write) waits for it again behind the summaries' threads.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.health_pool = futures.ThreadPoolExecutor(max_workers=HEALTH_THREADS, thread_name_prefix="health")
        settings = service_settings()
        self.keepalive_requests = settings.keepalive_requests
        self.batch_scheduling = settings.batch_scheduling
        super().init_process()

    def get_thread_pool(self) -> futures.ThreadPoolExecutor:
        """gthread's pool of `threads`, each thread under SCHED_BATCH when `batch_scheduling` is on."""
        initializer = schedule_as_batch if self.batch_scheduling else None
        return futures.ThreadPoolExecutor(max_workers=self.cfg.threads, initializer=initializer)

    def notify(self) -> None:
        """gunicorn's heartbeat, at every turn of the worker's loop (at least once a second): also writes
        the access lines held longer than api/logging.py's ACCESS_LOG_FLUSH_S."""
        super().notify()
        self._flush_access()

    def run(self) -> None:
        try:
            super().run()
        finally:
            self._flush_access(force=True)  # the worker stops: its held access lines go out now
        self._leave()

    def _flush_access(self, force: bool = False) -> None:
        """api/logging.py's JsonAccessLogger.flush_access, where gunicorn runs with that logger."""
        flush = getattr(self.log, "flush_access", None)
        if flush is not None:
            flush(force=force)

    def _leave(self) -> None:
        """The loop ended as planned (max_requests reached, or SIGTERM), its requests answered: let the
        embedded jobs of this process finish, as the interpreter's exit would, then end the process
        without the interpreter's teardown. That teardown freed every object the worker had inherited
        from the master, writing to each page it had shared (copy on write) only to free it: about 60 ms
        of CPU each time gunicorn replaced a worker (with SUMMARIZER_MAX_REQUESTS=300: 3.12-3.16 ms of CPU
        a seed request against 2.94-2.98 this way, and 2.78-2.80 with no replacement; 4 rounds of wrk).
        gunicorn's `worker_exit` hook is not run on this path (the service sets none)."""
        state = getattr(self.wsgi, "extensions", {}).get(STATE)
        if isinstance(state, AppState):
            state.jobs.drain()
        self.log.info("Worker exiting (pid: %s)", self.pid)  # what gunicorn's master says otherwise
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    def handle_request(self, req, conn) -> bool:  # type: ignore[no-untyped-def]
        """gthread's, with "Connection: close" on a connection's `keepalive_requests`-th request."""
        served = getattr(conn, "requests_served", 0) + 1
        conn.requests_served = served
        if served == self.keepalive_requests:
            req.must_close = True  # gunicorn answers "Connection: close" and closes after the response
        return super().handle_request(req, conn)  # type: ignore[no-any-return]

    def enqueue_req(self, conn) -> None:  # type: ignore[no-untyped-def]
        if self.cfg.is_ssl or (conn.parser is not None and conn.parser.unreader.buf.getvalue()):
            super().enqueue_req(conn)  # encrypted, or its next request already read: nothing to peek at
            return
        try:
            first = conn.sock.recv(_PEEK_BYTES, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            self._wait_for_request_line(conn)
            return
        except OSError:
            first = b""  # reset or closed: gunicorn's handler closes it as usual
        if first and is_health_check(first):
            answered = self.health_pool.submit(self.handle, conn)
            answered.add_done_callback(lambda done: self.method_queue.defer(self.finish_request, conn, done))
        else:
            super().enqueue_req(conn)

    def _wait_for_request_line(self, conn) -> None:  # type: ignore[no-untyped-def]
        """Nothing sent yet: wait on the poller with gunicorn's deferred connections, as long as gunicorn
        would have waited (DEFAULT_WORKER_DATA_TIMEOUT in a thread, then keepalive on the poller)."""
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + DEFAULT_WORKER_DATA_TIMEOUT + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def handle_quit(self, sig, frame) -> None:  # type: ignore[no-untyped-def]
        self.health_pool.shutdown(wait=False)
        super().handle_quit(sig, frame)
