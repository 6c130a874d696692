"""The Docker image, built from the wheelhouse with no network and run as a user would run it.

One image and one container for the module: a private dockerd (tests/dockerd.py), the base image
and the wheelhouse cached in .cache/docker/ and wheels/ (a first run takes several minutes, a warm one
about one). Deselect with `-m "not docker"`.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time

import httpx
import pytest

from .conftest import ROOT
from .dockerd import DockerUnavailable, build_image, ensure_base_image, ensure_tools, private_daemon

pytestmark = [pytest.mark.docker, pytest.mark.slow]

IMAGE = "summarizer-test:full"
CACHE = ROOT / ".cache" / "docker"
USER_ID = "10001"  # the Dockerfile's `app` user


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def docker(tmp_path_factory):
    try:
        ensure_tools()
        with private_daemon(CACHE, tmp_path_factory.mktemp("dockerd") / "dockerd.log") as docker:
            yield docker
    except DockerUnavailable as reason:
        pytest.skip(f"Docker cannot run here: {reason}")


@pytest.fixture(scope="module")
def image(docker):
    build_image(docker, ensure_base_image(docker, CACHE), IMAGE)
    yield IMAGE
    # Earlier builds' untagged images go; the layer cache stays, within bounds.
    docker("image", "prune", "--force", check=False)
    docker("builder", "prune", "--force", "--keep-storage", "10GB", check=False)


@pytest.fixture(scope="module")
def container(docker, image):
    """The image's own command, user and health check, on a free port of the host's loopback."""
    port = free_port()
    name = f"summarizer-test-{port}"
    docker(
        "run", "--detach", "--name", name, "--network=host", "--health-interval=2s",
        "--env", f"SUMMARIZER_PORT={port}", "--env", "SUMMARIZER_HOST=127.0.0.1",
        "--env", "SUMMARIZER_WORKERS=1", "--env", "SUMMARIZER_THREADS=2",
        image,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while (health := inspect(docker, name)["State"]["Health"]["Status"]) != "healthy":
            state = inspect(docker, name)["State"]
            if not state["Running"] or time.monotonic() > deadline:
                pytest.fail(f"container {state['Status']}, health {health}:\n{logs(docker, name)}")
            time.sleep(1)
        yield name, f"http://127.0.0.1:{port}"
    finally:
        docker("rm", "--force", name, check=False)


def inspect(docker, name: str) -> dict:
    return json.loads(docker("inspect", name).stdout)[0]


def logs(docker, name: str) -> str:
    result = docker("logs", name, check=False)
    return result.stdout + result.stderr


def test_container_summarises_the_seed_article(container, seed_text):
    _, url = container

    response = httpx.post(f"{url}/v1/summarize", json={"text": seed_text, "length": {"sentences": 3}}, timeout=60)

    assert 200 == response.status_code, response.text
    body = response.json()
    assert ("centrality", 3) == (body["method"], len(body["sentences"]))
    assert all(seed_text[s["start"] : s["end"]] == s["text"] for s in body["sentences"])


def test_readiness_lists_every_method(container):
    _, url = container

    body = httpx.get(f"{url}/readyz", timeout=30).json()

    assert "ready" == body["status"]
    # No model is baked in and the hub is off: abstractive says why instead of downloading.
    assert (
        body["methods"]["abstractive"].startswith("failed: ") and "summarize download" in body["methods"]["abstractive"]
    )


def test_service_runs_as_the_unprivileged_user(docker, container):
    name, _ = container

    processes = docker("top", name, "-o", "pid,uid,args").stdout.splitlines()[1:]

    assert any("gunicorn" in line for line in processes)
    assert {USER_ID} == {line.split()[1] for line in processes}


def test_image_has_no_compiler_pip_or_dev_tools(docker, container):
    name, _ = container
    tools = "gcc cc c++ make ld pip pip3 pytest ruff mypy hadolint"
    modules = "pip pytest hypothesis"
    script = (
        f"for tool in {tools}; do command -v $tool; done; "
        "ls -d /root/.cache/pip /app/.cache/pip 2>/dev/null; "
        f'for module in {modules}; do python -c "import $module" 2>/dev/null && echo $module; done; true'
    )

    found = docker("exec", name, "sh", "-c", script).stdout.split()

    assert [] == found


def test_docker_stop_lets_the_request_in_flight_finish(docker, container, seed_text):
    """SIGTERM reaches gunicorn (dumb-init as PID 1), which stops accepting and finishes what it has.

    The request is held in flight deterministically: its headers ask for `100 Continue`, which gunicorn
    sends from the worker thread that handles it; the body follows only once the master has logged the
    signal."""
    name, url = container
    port = int(url.rsplit(":", 1)[1])
    body = json.dumps({"text": seed_text, "length": {"sentences": 2}}).encode()
    head = (
        f"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
    ).encode()
    stopped: list[subprocess.CompletedProcess] = []

    with socket.create_connection(("127.0.0.1", port), timeout=60) as client:
        client.sendall(head)
        assert client.recv(64).startswith(b"HTTP/1.1 100 Continue")
        stopper = threading.Thread(target=lambda: stopped.append(docker("stop", "--time", "30", name, timeout=90)))
        stopper.start()
        deadline = time.monotonic() + 30
        while "Handling signal: term" not in logs(docker, name):
            assert time.monotonic() < deadline, logs(docker, name)
            time.sleep(0.2)
        client.sendall(body)
        response = b""
        while chunk := client.recv(65536):
            response += chunk
        stopper.join()

    status_line, _, payload = response.partition(b"\r\n\r\n")
    assert status_line.startswith(b"HTTP/1.1 200"), response[:500]
    assert 2 == len(json.loads(payload)["sentences"])
    state = inspect(docker, name)["State"]
    assert (False, 0) == (state["Running"], state["ExitCode"]), logs(docker, name)  # not killed (137)
