"""The service under load and at gunicorn's edge (real gunicorn): summaries beyond what a worker can
answer at once are refused at once with 429 and Retry-After under 64 clients, and gunicorn's own
400/414/431 come back in the JSON error shape. /healthz meanwhile is answered on a thread of its own
(api/worker.py), not behind the summaries.
The 64 clients run in a separate process under nice 19 (tests/load.py): on the shared 2-core machine
they would otherwise take the CPU and the GIL from what is measured."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from api.worker import is_health_check
from tests.gunicorn_process import ROOT, gunicorn_service

CLIENTS = 64
LOAD_SECONDS = 15.0


@pytest.fixture(scope="module")
def service():
    with gunicorn_service({"SUMMARIZER_WORKERS": "2", "SUMMARIZER_THREADS": "4"}) as running:
        yield running


def _raw(url: str, request: bytes) -> tuple[int, dict]:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
        (
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"b" * 9000 + b"\r\n\r\n",
            431,
            "request_header_fields_too_large",
        ),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n", 400, "bad_request"),
    ],
    ids=["long_url", "big_header", "control_character_in_header"],
)
def test_gunicorn_errors_are_json(service, request_bytes, status, code):
    got_status, body = _raw(service.url, request_bytes)

    assert (status, code) == (got_status, body["error"]["code"])
    assert {"code", "message", "details", "request_id"} == set(body["error"])


def _load(url: str, body: bytes, clients: int, seconds: float, tmp_path) -> subprocess.Popen:
    """`clients` threads POSTing `body` for `seconds`, in a process of their own under nice 19."""
    body_file = tmp_path / "body.json"
    body_file.write_bytes(body)
    command = ["nice", "-n", "19", sys.executable, "-m", "tests.load", f"{url}/v1/summarize", str(body_file)]
    return subprocess.Popen(
        [*command, "--clients", str(clients), "--seconds", str(seconds)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )


def _outcomes(load: subprocess.Popen) -> Counter[str]:
    out, _ = load.communicate(timeout=120)
    return Counter(json.loads(out))


def _health_latencies(url: str, path: str, until: subprocess.Popen) -> list[float]:
    """Seconds each GET of `path` took (a new connection each, as a probe opens), every 50 ms while `until` runs."""
    latencies = []
    while until.poll() is None:
        started = time.perf_counter()
        with urlopen(f"{url}{path}", timeout=30) as response:
            assert 200 == response.status
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)  # pacing the probe, as a load balancer's interval does; nothing is timed by it
    return latencies


def test_under_64_clients_summaries_are_shed_with_429_and_healthz_is_not_queued(service, seed_text, tmp_path):
    load = _load(service.url, json.dumps({"text": seed_text * 4}).encode(), CLIENTS, LOAD_SECONDS, tmp_path)
    time.sleep(2)  # let the clients start before probing: the probes must see the load
    latencies = sorted(_health_latencies(service.url, "/healthz", load))
    outcomes = _outcomes(load)

    p50, p99 = (latencies[int(len(latencies) * share) - 1] for share in (0.5, 0.99))
    assert set() == set(outcomes) - {"200", "429:1"}, outcomes
    assert outcomes["429:1"] > 0
    # The issue asks p99 < 100 ms; alone on the 2-core machine it measured p50 6-8 ms, p99 32-34 ms over 218
    # probes (gunicorn's own gthread: p50 543 ms, p99 1,717 ms). With other heavy work on the machine (load
    # average 13-14) a summary thread holding the GIL is preempted and the probe waits for it: p99 136-270 ms
    # was measured there, so this test wants the machine to itself, as CI gives it.
    print(f"/healthz under {CLIENTS} clients: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms of {len(latencies)}")
    assert len(latencies) > 100
    assert p50 < 0.1 and p99 < 0.1, f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms of {len(latencies)}"


@pytest.mark.parametrize(
    ("first_bytes", "expected"),
    [
        (b"GET /healthz HTTP/1.1", True),
        (b"HEAD /readyz?x=1", True),
        (b"GET /healthzz HTTP/1.1", False),
        (b"POST /healthz HTTP/1.1", False),
        (b"POST /v1/summari", False),
        (b"GET /health", False),  # not all of it yet: the ordinary pool answers it
    ],
)
def test_health_checks_are_recognised_by_their_request_line(first_bytes, expected):
    assert expected == is_health_check(first_bytes)


def test_a_kept_alive_connection_is_closed_after_keepalive_requests(service):
    """So that clients reconnect and spread over the workers (api/worker.py); the default is 10."""
    parts = urlsplit(service.url)
    body = json.dumps({"text": "The cat sat on the mat. It was happy there. Then it left.", "keywords": 0})
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        answers = []
        for _ in range(10):
            connection.request("POST", "/v1/summarize", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            answers.append((response.status, response.getheader("Connection", "keep-alive").lower()))
            sock_open = connection.sock is not None
    finally:
        connection.close()
    assert [(200, "keep-alive")] * 9 + [(200, "close")] == answers
    assert not sock_open  # http.client closed it, as the answer asked
