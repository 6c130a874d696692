"""Memory over a long run: 10,000 varied requests against real gunicorn, RSS per worker every 1,000.

    .venv/bin/python bench/soak.py [--requests 10000] [--clients 4] [--max-requests 2000]

Texts are the articles of ../shared/data/*.jsonl (read from there), each request one article (or two
joined) with a method and a length drawn in turn from a fixed cycle, so that the vocabulary keeps
growing as it would in production (the stemmer's and the static vectors' caches see new words). gunicorn
runs as configured (gunicorn.conf.py: 2 workers x 4 threads, max_requests with jitter); pass
--max-requests 0 to see the growth that recycling hides. A worker's pid changes when it is replaced.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gunicorn_process import gunicorn_service  # noqa: E402
from tests.load import post  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
METHODS = ("centrality", "centrality", "centrality", "lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic", "lead")
LENGTHS = ({"sentences": 3}, {"ratio": 0.2}, {"words": 80}, {"sentences": 5})


def articles() -> list[str]:
    return [json.loads(line)["article"] for path in sorted(DATA.glob("*.jsonl")) for line in path.open()]


def body(i: int, texts: list[str]) -> bytes:
    text = texts[i % len(texts)]
    if i % 7 == 0:
        text += "\n\n" + texts[(i * 31) % len(texts)]
    return json.dumps(
        {"text": text, "method": METHODS[i % len(METHODS)], "length": LENGTHS[i % len(LENGTHS)], "keywords": 5}
    ).encode()


def worker_rss(master: int) -> dict[int, float]:
    return {w.pid: w.memory_info().rss / 2**20 for w in psutil.Process(master).children()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=None, help="SUMMARIZER_MAX_REQUESTS (default: its own)")
    args = parser.parse_args()
    texts = articles()
    env = {"SUMMARIZER_WORKERS": "2", "SUMMARIZER_THREADS": "4"}
    if args.max_requests is not None:
        env["SUMMARIZER_MAX_REQUESTS"] = str(args.max_requests)
    with gunicorn_service(env) as service, ThreadPoolExecutor(args.clients) as pool:
        url = f"{service.url}/v1/summarize"
        before = ", ".join(f"{pid}: {mib:.0f}" for pid, mib in sorted(worker_rss(service.process.pid).items()))
        print(f"before the first request, RSS MiB per worker: {before}")
        print("| requests | answers | RSS MiB per worker (pid: MiB) |\n|---|---|---|")
        at_first: float | None = None
        peak_after = 0.0
        for start in range(0, args.requests, 1000):
            answers: dict[str, int] = {}
            for outcome in pool.map(lambda i: post(url, body(i, texts)), range(start, start + 1000)):
                answers[outcome] = answers.get(outcome, 0) + 1
            rss = worker_rss(service.process.pid)
            shown = ", ".join(f"{pid}: {mib:.0f}" for pid, mib in sorted(rss.items()))
            print(f"| {start + 1000} | {answers} | {shown} |", flush=True)
            if at_first is None:
                at_first = max(rss.values())
            else:
                peak_after = max(peak_after, *rss.values())
        if at_first and peak_after:
            growth = peak_after / at_first - 1
            print(f"largest worker after the first 1,000: {peak_after:.0f} MiB, {growth:+.1%} on {at_first:.0f} MiB")


if __name__ == "__main__":
    main()
