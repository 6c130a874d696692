"""A private Docker daemon for the image test: its own socket, data root and containerd namespace, no
bridge and no iptables rules (containers use the host's network, so nothing leaves loopback), and a
Debian 12 base image built with debootstrap in place of Docker Hub's python:3.11-slim-bookworm.

The base image's root file system (a tarball) and the daemon's data root, with its layer cache, are
kept in .cache/docker/ (git-ignored) between runs; a lock file keeps two test runs off one data root.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_IMAGE = "summarizer-test-base:bookworm-py311"
DEBIAN_MIRROR = os.environ.get("SUMMARIZER_TEST_DEBIAN_MIRROR", "http://deb.debian.org/debian")
PACKAGES = {"dockerd": "docker.io", "debootstrap": "debootstrap"}
# What the official slim image leaves out too.
ROOTFS_TRIM = ("var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale")


class DockerUnavailable(Exception):
    """Docker cannot run on this machine (the reason is the message)."""


@dataclass(frozen=True)
class Docker:
    """The docker CLI bound to the private daemon."""

    cli: str
    socket: Path

    def __call__(self, *args: str, timeout: float = 120, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        env = {**os.environ, "DOCKER_HOST": f"unix://{self.socket}", "DOCKER_BUILDKIT": "1"}
        result = subprocess.run(
            [self.cli, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            **kwargs,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args[:3])} failed ({result.returncode}):\n{result.stderr[-4000:]}")
        return result


def _missing_packages() -> list[str]:
    return [package for tool, package in PACKAGES.items() if shutil.which(tool) is None]


def ensure_tools() -> None:
    """Install docker.io and debootstrap from the Debian archive when they are missing (needs root)."""
    if os.geteuid() != 0:
        raise DockerUnavailable("the Docker test starts its own dockerd, which needs root")
    missing = _missing_packages()
    if not missing:
        return
    if shutil.which("apt-get") is None:
        raise DockerUnavailable(f"{', '.join(missing)} missing and no apt-get to install them")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
    ):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise DockerUnavailable(f"{' '.join(command)} failed: {result.stderr[-2000:]}")


def _docker_cli() -> str:
    """The CLI shipped with the daemon: a newer one elsewhere on PATH may want buildx for BuildKit."""
    dockerd = Path(shutil.which("dockerd") or "/usr/sbin/dockerd")
    for candidate in (Path("/usr/bin/docker"), dockerd.parent / "docker"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("docker") or "docker"


@contextmanager
def private_daemon(cache: Path, log: Path) -> Iterator[Docker]:
    """Start dockerd on a socket of its own, yield its CLI, stop it (and its containers) however the block ends."""
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run_dir = Path(tempfile.mkdtemp(prefix="summarizer-dockerd-"))  # short: unix socket paths are limited
        socket = run_dir / "docker.sock"
        command = [
            "dockerd",
            f"--host=unix://{socket}",
            f"--data-root={cache / 'data-root'}",
            f"--exec-root={run_dir / 'exec'}",
            f"--pidfile={run_dir / 'dockerd.pid'}",
            "--bridge=none",
            "--iptables=false",
            "--ip6tables=false",
            "--containerd-namespace=summarizer-test",
            "--containerd-plugins-namespace=summarizer-test-plugins",
        ]
        with log.open("w") as out:
            daemon = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            docker = Docker(_docker_cli(), socket)
            deadline = time.monotonic() + 60
            while docker("version", check=False, timeout=30).returncode != 0:
                if daemon.poll() is not None or time.monotonic() > deadline:
                    raise DockerUnavailable(f"dockerd did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
            yield docker
        finally:
            daemon.send_signal(signal.SIGTERM)  # stops its containers and its containerd
            try:
                daemon.wait(timeout=60)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait()
            _unmount_under(run_dir)  # dockerd leaves its network namespace's mount behind
            shutil.rmtree(run_dir, ignore_errors=True)


def _unmount_under(directory: Path) -> None:
    mounts = [line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()]
    for mount in sorted((m for m in mounts if m.startswith(f"{directory}/")), reverse=True):
        subprocess.run(["umount", mount], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)


def ensure_base_image(docker: Docker, cache: Path) -> str:
    """Debian 12 with python3 (3.11) and python3-venv, as python:3.11-slim-bookworm is: imported from the
    cached root file system, which debootstrap builds (about a minute) when it is not there."""
    if docker("image", "inspect", BASE_IMAGE, check=False).returncode == 0:
        return BASE_IMAGE
    tarball = cache / "base-bookworm-py311.tar"
    if not tarball.exists():
        rootfs = Path(tempfile.mkdtemp(prefix="rootfs-", dir=cache))
        try:
            subprocess.run(
                [
                    "debootstrap",
                    "--variant=minbase",
                    "--include=python3,python3-venv",
                    "bookworm",
                    rootfs,
                    DEBIAN_MIRROR,
                ],
                check=True,
                capture_output=True,
                timeout=900,
                stdin=subprocess.DEVNULL,
            )
            for path in ROOTFS_TRIM:
                shutil.rmtree(rootfs / path, ignore_errors=True)
            partial = tarball.with_suffix(".partial")
            subprocess.run(["tar", "-C", rootfs, "-cf", partial, "."], check=True, timeout=300)
            partial.rename(tarball)
        finally:
            shutil.rmtree(rootfs, ignore_errors=True)
    docker(
        "import", "--change", "ENV LANG=C.UTF-8", "--change", 'CMD ["python3"]', str(tarball), BASE_IMAGE, timeout=300
    )
    return BASE_IMAGE


def build_image(docker: Docker, base: str, tag: str) -> None:
    """The project's image on `base`, built air-gapped: every package from wheels/ (`make wheelhouse`, a
    no-op when it is up to date), no network at all."""
    subprocess.run(
        ["make", "--no-print-directory", "wheelhouse", f"PYTHON={sys.executable}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )
    docker("build", "--network=none", "--build-arg", f"BASE_IMAGE={base}", "--tag", tag, str(ROOT), timeout=1200)
