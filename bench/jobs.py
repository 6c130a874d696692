"""Throughput of `summarize batch`: 1 local process, 2 local processes, and 2 RQ workers through Redis.

    .venv/bin/python bench/jobs.py [--documents 2000] [--method centrality]

The articles of ../shared/data/bbc-news-summary.jsonl (1,000), cycled to --documents, are written as
`summarize batch` input to a temporary directory (the data is read in place, never copied into the
repository). Each run is the whole command as a user runs it (start-up and warm-up included), on a
fresh output file:

1. `summarize batch IN OUT --processes 1`;
2. `summarize batch IN OUT --processes 2`;
3. with SUMMARIZER_REDIS_URL: a private redis-server on a free loopback port and `summarize worker
   --processes 2` started first and warmed (their start-up is not counted: workers run all the time),
   then `summarize batch IN OUT`, which only enqueues and collects.

Prints a Markdown table and the load average before and after (the machine may be shared): the
speed-up of 2 processes over 1, and the queue's throughput against the 2 local processes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.redis_process import redis_server  # noqa: E402  (a harness shared with the tests)

DATA = ROOT.parent / "shared" / "data" / "bbc-news-summary.jsonl"


def write_input(path: Path, documents: int) -> None:
    with DATA.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for number, record in enumerate(islice(cycle(records), documents)):
            out.write(json.dumps({"id": f"{record['id']}#{number}", "text": record["article"]}) + "\n")


def timed_batch(source: Path, output: Path, env: dict[str, str], *args: str) -> float:
    output.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "summarizer", "batch", str(source), str(output), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def wait_for_workers(url: str, count: int, process: subprocess.Popen) -> None:
    from redis import Redis
    from rq import Worker

    connection = Redis.from_url(url)
    deadline = time.monotonic() + 120
    while len(Worker.all(connection=connection)) < count:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("summarize worker did not start its workers")
        time.sleep(0.2)  # polling starting workers, not timing anything


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--method", default="centrality")
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "SUMMARIZER_REDIS_URL": ""}
    env.pop("SUMMARIZER_REDIS_URL")
    load_before = os.getloadavg()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as scratch:
        directory = Path(scratch)
        source, output = directory / "in.jsonl", directory / "out.jsonl"
        write_input(source, args.documents)
        for processes in (1, 2):
            seconds = timed_batch(source, output, env, "--processes", str(processes), "-m", args.method)
            rows.append((f"local, {processes} process{'es' if processes > 1 else ''}", seconds))
        with redis_server(directory) as url:
            queue_env = {**env, "SUMMARIZER_REDIS_URL": url}
            with (directory / "worker.log").open("w") as log:
                worker = subprocess.Popen(
                    [sys.executable, "-m", "summarizer", "worker", "--processes", "2"],
                    cwd=ROOT,
                    env=queue_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            try:
                wait_for_workers(url, 2, worker)
                rows.append(("Redis + RQ, 2 workers", timed_batch(source, output, queue_env, "-m", args.method)))
            finally:
                worker.terminate()
                worker.wait(timeout=60)
        errors = sum('"error"' in line for line in output.read_text(encoding="utf-8").splitlines())
    load_after = os.getloadavg()
    single, double = rows[0][1], rows[1][1]
    print(f"{args.documents} BBC articles, method {args.method}, {os.cpu_count()} cores; "
          f"load average before {load_before[0]:.2f} / {load_before[1]:.2f}, after {load_after[0]:.2f} / "
          f"{load_after[1]:.2f} (1 / 5 min)")  # fmt: skip
    print()
    print("| run | seconds | documents/s | vs 1 process | vs 2 local processes |")
    print("|---|---|---|---|---|")
    for name, seconds in rows:
        print(
            f"| {name} | {seconds:.1f} | {args.documents / seconds:.1f} | {single / seconds:.2f}x "
            f"| {double / seconds:.2f}x |"
        )
    print(f"\nerror lines in the last output: {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
