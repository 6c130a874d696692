"""Time and peak memory of a whole summary, per extractive method, as the input grows, on real and degenerate texts.

    .venv/bin/python bench/method_limits.py [--methods lexrank,lsa] [--kinds real,identical] \
        [--sizes 1000,2000,4000,8000,16000] [--budget 30]

Kinds of text, each of N sentences:
  real       articles of ../shared/data/*.jsonl joined (read from there, never copied into the repo)
  identical  "Word. " N times: every sentence the same, every pair similar (a graph method's worst case)
  one-word   "word " repeated with no punctuation: cut into pieces of 60 words (N pieces)
  giant      the real articles' words with no punctuation at all: one giant sentence, cut into N pieces

Each case runs `Summarizer().summarize(text, method=...)` (the pipeline a request runs: splitting,
the method, key points, keywords) in a fresh process, after a warm-up on 40 real sentences; "peak MiB" is
the process's peak RSS during the call minus its RSS before it. A text over SUMMARIZER_MAX_TEXT_CHARS
is refused (413) as the service refuses it; a method's sentence cap answers 422. A case over --budget
seconds is stopped, and that method's larger sizes of that kind are skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
KINDS = ("real", "identical", "one-word", "giant")
PIECE_WORDS = 60  # a run of words with no punctuation is cut into pieces of this many (README)


def real_sentences() -> list[str]:
    from summarizer import split_sentences

    sentences: list[str] = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            sentences.extend(split_sentences(json.loads(line)["article"]).clean_sentences)
            if len(sentences) >= 70_000:
                return sentences
    return sentences


def text_of(kind: str, size: int) -> str:
    if kind == "identical":
        return "Word. " * size
    if kind == "one-word":
        return "word " * (size * PIECE_WORDS)
    sentences = real_sentences()
    if kind == "real":
        return " ".join((sentences * (1 + size // len(sentences)))[:size])
    words = re.sub(r"[^\w\s]", " ", " ".join(sentences)).split()
    return " ".join((words * (1 + size * PIECE_WORDS // len(words)))[: size * PIECE_WORDS])


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def run_one(method: str, kind: str, size: int) -> dict[str, object]:
    from summarizer import Summarizer
    from summarizer.errors import InvalidInput

    summarizer = Summarizer()
    # Warm: the splitter, stemmer, static vectors and keywords' tables load on a real text, as in a worker.
    summarizer.summarize(" ".join(real_sentences()[:40]), method=method)
    text = text_of(kind, size)
    before = rss_mib()
    started = time.perf_counter()
    try:
        summary = summarizer.summarize(text, method=method)
        outcome, sentences = "200", summary.stats.input_sentences
    except InvalidInput as error:  # TextTooLong (413) or a method's cap (422)
        outcome, sentences = f"{error.code}", None
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": len(text), "sentences": sentences, "outcome": outcome, "seconds": seconds, "peak": peak - before}


def main() -> None:
    from summarizer.methods import entries

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--methods", default=",".join(e.name for e in entries() if e.kind == "extractive"))
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--sizes", default="1000,2000,4000,8000,16000")
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--one", nargs=3, metavar=("METHOD", "KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], int(args.one[2]))))
        return
    print("| method | text | N | chars | sentences | answer | seconds | peak MiB |")
    print("|---|---|---|---|---|---|---|---|")
    for method in args.methods.split(","):
        for kind in args.kinds.split(","):
            for size in map(int, args.sizes.split(",")):
                command = [sys.executable, __file__, "--one", method, kind, str(size)]
                try:
                    done = subprocess.run(command, capture_output=True, text=True, timeout=args.budget + 30)
                except subprocess.TimeoutExpired:
                    print(f"| {method} | {kind} | {size} | | | over {args.budget:.0f} s | - | - |", flush=True)
                    break
                if done.returncode:
                    print(f"| {method} | {kind} | {size} | | | crashed: {done.stderr.strip()[-200:]} | | |", flush=True)
                    break
                r = json.loads(done.stdout.strip().splitlines()[-1])
                print(
                    f"| {method} | {kind} | {size} | {r['chars']} | {r['sentences'] or '-'} | {r['outcome']} "
                    f"| {r['seconds']:.2f} | {r['peak']:.0f} |",
                    flush=True,
                )
                if r["seconds"] > args.budget or r["outcome"] != "200":
                    break


if __name__ == "__main__":
    main()
