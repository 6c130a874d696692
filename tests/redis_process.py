"""A private redis-server for the job tests: on a free loopback port, nothing saved to disk.

Debian's `redis-server` is installed with apt-get when it is missing (as root, like the Docker test's
tools; scripts/install.sh does the same for `make test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from .gunicorn_process import free_port


class RedisUnavailable(Exception):
    """redis-server cannot run on this machine (the reason is the message)."""


def ensure_redis_server() -> str:
    """The redis-server binary, installed from the Debian archive when it is missing (needs root)."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RedisUnavailable("redis-server is missing; install Debian's redis-server (scripts/install.sh does)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "redis-server"],
    ):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise RedisUnavailable(f"{' '.join(command)} failed: {result.stderr[-2000:]}")
    return shutil.which("redis-server") or "/usr/bin/redis-server"


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """Start redis-server on 127.0.0.1 and a free port; yield its URL; stop it however the block ends."""
    port = free_port()
    command = [
        ensure_redis_server(),
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--save", "",
        "--appendonly", "no",
        "--dir", str(directory),
    ]  # fmt: skip
    with (directory / "redis.log").open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = Redis.from_url(url)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except RedisConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RedisUnavailable((directory / "redis.log").read_text()[-2000:]) from None
                time.sleep(0.05)  # polling a starting server, not timing anything
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
