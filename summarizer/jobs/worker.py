"""`summarize worker`: RQ workers for the jobs on SUMMARIZER_REDIS_URL, run on as many machines as needed.

The methods are loaded once, in this process, before any worker starts (the default method's data,
and the abstractive model with SUMMARIZER_PRELOAD=1); `--processes N` forks N RQ workers from it, and
each RQ worker forks a work horse per job, so every job starts with the methods warm and shares their
memory, and a job that crashes takes only its work horse down (RQ retries it once).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
from types import FrameType

from rq import Worker
from rq.serializers import JSONSerializer

from ..errors import ConfigError
from ..pipeline import default_summarizer, warm_up
from . import redis_queue

log = logging.getLogger(__name__)


def work(burst: bool = False) -> None:
    """One RQ worker on the `summarizer` queue, in this process, until stopped (or the queue is empty)."""
    url = default_summarizer().settings.redis_url
    assert url is not None
    connection = redis_queue.connect(url)  # a connection per process: never share a socket across fork
    worker = Worker([redis_queue.queue(connection)], connection=connection, serializer=JSONSerializer)
    worker.work(burst=burst, with_scheduler=False, logging_level="INFO")


def run_workers(processes: int, burst: bool = False) -> int:
    """Load the methods, then run `processes` RQ workers until SIGTERM or SIGINT (or, `burst`, an empty queue)."""
    summarizer = default_summarizer()
    if not summarizer.settings.redis_url:
        raise ConfigError("summarize worker needs SUMMARIZER_REDIS_URL (e.g. redis://localhost:6379/0)")
    warm_up(summarizer)
    if summarizer.settings.preload:
        summarizer.preload()
    # As gunicorn's master does (api/app.py): the loaded objects leave the collector's generations, so
    # neither a worker's collections nor those of the work horses RQ forks per job touch (and copy) them.
    gc.freeze()
    if processes == 1:
        work(burst)
        return 0
    context = multiprocessing.get_context("fork")  # the children inherit the loaded methods
    children = [context.Process(target=work, args=(burst,), name=f"worker-{i}") for i in range(processes)]
    for child in children:
        child.start()

    def stop(signum: int, frame: FrameType | None) -> None:
        for child in children:  # RQ's warm shutdown: each finishes its current job first
            if child.pid is not None:
                os.kill(child.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.join()
    return max((child.exitcode or 0 for child in children), default=0)
