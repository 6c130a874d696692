"""Throughput of the service under gunicorn: concurrent keep-alive clients POST the seed article.

    .venv/bin/python bench/service.py [--duration 20] [--concurrency 8] [--methods lexrank,lexrank:sumy,default]

Starts gunicorn (SUMMARIZER_WORKERS / SUMMARIZER_THREADS as given) on a free loopback port, drives it
from this process with a bounded asyncio + httpx loop for a fixed time per method, and prints requests
per second, p50/p95/p99 latency, errors and the peak resident memory of each worker.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gunicorn_process import gunicorn_service  # noqa: E402

SEED = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")


class PeakMemory:
    """Samples the resident memory of gunicorn's workers every 100 ms; keeps each one's peak."""

    def __init__(self, master_pid: int) -> None:
        self._master = psutil.Process(master_pid)
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            for child in self._master.children():
                with contextlib.suppress(psutil.NoSuchProcess):
                    self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), child.memory_info().rss)


async def drive(url: str, payload: dict, duration: float, concurrency: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/summarize", json=payload)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per method")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent keep-alive clients")
    parser.add_argument(
        "--methods",
        default="lexrank,lexrank:sumy,default",
        help="comma-separated METHOD[:ENGINE]; 'default' sends no method; ENGINE fast (default) or sumy",
    )
    parser.add_argument("--workers", default="2")
    parser.add_argument("--threads", default="4")
    args = parser.parse_args()

    env = {"SUMMARIZER_WORKERS": args.workers, "SUMMARIZER_THREADS": args.threads, "SUMMARIZER_LOG_LEVEL": "warning"}
    rows = []
    with gunicorn_service(env) as service:
        for method in args.methods.split(","):
            payload: dict[str, object] = {"text": SEED, "length": {"sentences": 3}}
            name, _, engine = method.partition(":")
            if name != "default":
                payload["method"] = name
            if engine:
                payload["engine"] = engine
            asyncio.run(drive(service.url, payload, 2.0, args.concurrency))  # warm every worker up
            with PeakMemory(service.process.pid) as memory:
                latencies, errors = asyncio.run(drive(service.url, payload, args.duration, args.concurrency))
            ms = [x * 1000 for x in latencies]
            peak_mib = max(memory.peaks.values(), default=0) / 2**20
            rows.append(
                (
                    method,
                    len(latencies) / args.duration,
                    percentile(ms, 50),
                    percentile(ms, 95),
                    percentile(ms, 99),
                    errors,
                    peak_mib,
                )
            )

    print(
        f"\nseed article ({len(SEED.split())} words), {args.workers} workers x {args.threads} threads, "
        f"{args.concurrency} clients, {args.duration:.0f} s per method\n"
    )
    print("| method | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS per worker (MiB) |")
    print("|---|---|---|---|---|---|---|")
    for method, rps, p50, p95, p99, errors, peak in rows:
        print(f"| {method} | {rps:.1f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors} | {peak:.0f} |")


if __name__ == "__main__":
    main()
