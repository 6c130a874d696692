"""A load generator for the server tests and benchmarks: N client threads POST one body to a URL for
T seconds, each on its own connection per request, and print a JSON count of the answers.

    python -m tests.load URL BODY_FILE --clients 64 --seconds 20

The tests run it in a separate process under `nice -n 19`, so that its 64 threads neither share the
measuring thread's GIL nor take the CPU from the server they measure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit


def post(url: str, body: bytes, timeout: float = 60.0) -> str:
    """One request's outcome: its status, with Retry-After if any ("429:1"), or the error's class."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", parts.path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        retry = response.getheader("Retry-After")
        return f"{response.status}:{retry}" if retry else str(response.status)
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__
    finally:
        connection.close()


def run(url: str, body: bytes, clients: int, seconds: float) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            outcome = post(url, body)
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("body", type=Path)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    print(json.dumps(run(args.url, args.body.read_bytes(), args.clients, args.seconds)))


if __name__ == "__main__":
    main()
