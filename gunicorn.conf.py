"""gunicorn settings, from the same SUMMARIZER_* environment as the app (see the README's table)."""

import atexit
import os
import shutil
import sys
import tempfile

# Prometheus multiprocess mode: each worker writes its samples to files here, and /metrics sums them.
# prometheus-client reads the variable when first imported (by the app below), so it is set first; a
# fresh directory per server, so that no earlier run's counts are summed in.
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="summarizer-metrics-")
    _master = os.getpid()
    # Only the master removes it: a worker runs the atexit handlers it inherited when gunicorn replaces it
    # (max_requests), and removing the directory then made every other worker's metrics fail (500s).
    atexit.register(
        lambda path: os.getpid() == _master and shutil.rmtree(path, ignore_errors=True),
        os.environ["PROMETHEUS_MULTIPROC_DIR"],
    )

# One BLAS thread per process, set before anything imports numpy: the extractive methods multiply
# matrices of a few hundred rows, where a second OpenBLAS thread gains nothing, and with every worker's
# BLAS threads competing for the same cores a product waits for a descheduled thread (on the 12-article
# document under load, the centrality method's similarity took 43 ms instead of 5).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from api import gunicorn_errors
from api.logging import log_request_ids
from api.settings import service_settings
from summarizer.settings import settings

# Tokenizers (Rust) must not start its thread pool in the master that forks the workers.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

_settings = service_settings()

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
threads = _settings.threads
# gthread, with /healthz and /readyz answered on a thread of their own (api/worker.py).
worker_class = "api.worker.HealthCheckFirstWorker"
timeout = _settings.timeout
# SIGTERM: stop accepting, let in-flight requests finish for up to this long, then exit.
graceful_timeout = 30
# Replace a worker after this many requests (plus jitter, so that they do not restart together):
# RSS grew from 519 to 2,189 MiB over 3,000 varied requests without it (issue 11).
max_requests = _settings.max_requests
max_requests_jitter = _settings.max_requests_jitter
keepalive = 5
# gunicorn's heartbeat touches a file here at every turn of a worker's loop, several times a request. On a
# disk filesystem each touch is an inode update: 4% of a worker's time on the seed article (py-spy under
# load). On tmpfs it is a memory write. Docker gives every container a /dev/shm (gunicorn's FAQ advises it).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Requests larger than this never reach Flask (which enforces SUMMARIZER_MAX_BODY_BYTES itself).
limit_request_line = 8190
# gunicorn's own 400/414/431 answers in the service's JSON error shape, not HTML.
gunicorn_errors.install()
accesslog = "-"
errorlog = "-"
loglevel = _settings.log_level
logger_class = "api.logging.JsonAccessLogger"
log_request_ids()  # the service's own log lines carry the request's id, as the access log's do
# The app is created and warmed (Punkt model, stemmer, the default method's vectors) in the master,
# before the fork: every worker, a replacement after a crash included, answers its first request
# warm, so /readyz from any worker means all are warm, and the workers share those pages.
# SUMMARIZER_PRELOAD=1 also loads the abstractive model there.
preload_app = True
# gunicorn 27's control socket (for `gunicornc`) is not used here; don't write it into $HOME.
control_socket_disable = True


def when_ready(server):
    """In the master, after the app is loaded and before any worker is forked: warm it."""
    from api.app import warm_up

    warm_up(server.app.wsgi())


def post_fork(server, worker):
    """Give each worker's PyTorch its share of the cores: with every worker using all of them, the
    intra-op threads oversubscribe the CPU and each request waits for the others."""
    threads = settings().torch_threads or max(1, (os.cpu_count() or 1) // workers)
    os.environ["OMP_NUM_THREADS"] = str(threads)  # read when this worker first imports torch
    if "torch" in sys.modules:  # preload_app: the master imported it before the fork
        sys.modules["torch"].set_num_threads(threads)


def child_exit(server, worker):
    """A worker is gone (recycled, killed, or stopped): its in-flight and model gauges go with it, its
    counters stay in the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
