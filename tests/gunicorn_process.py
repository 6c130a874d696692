"""Start the service under gunicorn as a child process on a free loopback port (tests, benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class RunningService:
    url: str
    process: subprocess.Popen
    log_path: Path


@contextmanager
def gunicorn_service(
    env: Mapping[str, str] | None = None, log_path: Path | None = None, ready_timeout: float = 60.0
) -> Iterator[RunningService]:
    """`gunicorn -c gunicorn.conf.py "api:create_app()"` with SUMMARIZER_* from `env`, until /readyz answers."""
    port = free_port()
    log_path = log_path or Path(os.devnull)
    child_env = {**os.environ, "SUMMARIZER_HOST": "127.0.0.1", "SUMMARIZER_PORT": str(port), **(env or {})}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "api:create_app()"],
            cwd=ROOT,
            env=child_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, ready_timeout)
        yield RunningService(url, process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode} before it was ready")
        try:
            with urlopen(f"{url}/readyz", timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling a starting server, not timing anything
    raise RuntimeError(f"gunicorn was not ready within {timeout} s")
