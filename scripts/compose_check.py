"""Bring compose.yaml's stack up (API, worker, Redis), run a batch job through it, and take it down.

    .venv/bin/python scripts/compose_check.py

For machines like the build machine, where Docker Hub cannot be reached and dockerd runs without a
bridge: it starts the tests' private dockerd (tests/dockerd.py), builds the image as tests/test_docker.py
does (from the wheelhouse, no network), builds a stand-in for `redis:7.0-bookworm` from the same Debian
base (Debian's redis-server), and runs a copy of compose.yaml whose services use the host's network
(`network_mode: host`, no published ports, Redis on 127.0.0.1:6379, so port 8000 and 6379 must be
free). Everything else (commands, environment, health checks, `depends_on`, the volume) is compose.yaml's
own. Needs docker-compose (`apt-get install -y docker-compose`). On a machine with Docker Hub and a
bridge, `docker compose up --build -d` is the whole check.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.dockerd import build_image, ensure_base_image, ensure_tools, private_daemon  # noqa: E402

API = "http://127.0.0.1:8000"
DOCUMENTS = 20


def host_network_copy(source: Path, target: Path) -> None:
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    for service in spec["services"].values():
        service["network_mode"] = "host"
        service.pop("ports", None)
        service.pop("build", None)  # built beforehand, without network
        environment = service.get("environment")
        if isinstance(environment, dict) and "SUMMARIZER_REDIS_URL" in environment:
            environment["SUMMARIZER_REDIS_URL"] = "redis://127.0.0.1:6379/0"
    spec["services"]["redis"]["command"] += ["--bind", "127.0.0.1", "--dir", "/data"]
    target.write_text(yaml.safe_dump(spec), encoding="utf-8")


def main() -> int:
    ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="compose-check-"))
    cache = ROOT / ".cache" / "docker"
    with private_daemon(cache, work / "dockerd.log") as docker:
        base = ensure_base_image(docker, cache)
        build_image(docker, base, "summarizer:latest")
        (work / "redis").mkdir()
        (work / "redis" / "Dockerfile").write_text(
            f"FROM {base}\nRUN apt-get update && apt-get install -y --no-install-recommends redis-server"
            " && rm -rf /var/lib/apt/lists/*\n",
            encoding="utf-8",
        )
        docker("build", "--network=host", "--tag", "redis:7.0-bookworm", str(work / "redis"), timeout=900)
        host_network_copy(ROOT / "compose.yaml", work / "compose.yaml")
        env = {**os.environ, "DOCKER_HOST": f"unix://{docker.socket}", "COMPOSE_PROJECT_NAME": "summarizer-check"}

        def compose(*args: str) -> subprocess.CompletedProcess[str]:
            command = ["docker-compose", "-f", str(work / "compose.yaml"), *args]
            return subprocess.run(command, env=env, cwd=work, capture_output=True, text=True, timeout=600)

        up = compose("up", "-d")
        print("docker-compose up:", "ok" if up.returncode == 0 else up.stderr[-2000:])
        try:
            if up.returncode != 0:
                return 1
            deadline = time.monotonic() + 240
            while True:
                try:
                    if httpx.get(f"{API}/readyz", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    print("the API did not become ready:", compose("logs", "--tail", "30", "api").stdout)
                    return 1
                time.sleep(1)  # polling the stack's start, not timing it
            text = (ROOT / "seeds" / "000_40be298b49e5fdb4.txt").read_text(encoding="utf-8")
            documents = [{"id": str(i), "text": text} for i in range(DOCUMENTS)]
            submitted = httpx.post(f"{API}/v1/jobs/batch", json={"documents": documents}, timeout=30)
            print("POST /v1/jobs/batch:", submitted.status_code, submitted.json()["state"])
            job: dict = {}
            for _ in range(120):
                job = httpx.get(f"{API}{submitted.headers['Location']}", timeout=10).json()
                if job["state"] not in ("queued", "running"):
                    break
                time.sleep(1)  # polling the job, not timing it
            results = (job.get("result") or {}).get("results", [])
            print("job:", job["state"], job["progress"], f"{len(results)} results")
            print(compose("ps").stdout)
            print(compose("logs", "--tail", "6", "worker").stdout)
            ok = job["state"] == "done" and len(results) == DOCUMENTS and all("result" in r for r in results)
            print("compose check:", "passed" if ok else "FAILED")
            return 0 if ok else 1
        finally:
            compose("down", "-v")


if __name__ == "__main__":
    sys.exit(main())
