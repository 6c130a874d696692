"""Seconds per document, sumy vs our fast engines, from 50 to 10,000 sentences; and peak memory.

    .venv/bin/python bench/extractive.py [--sizes 50,200,800,3200,10000] [--budget 60]

Documents are CNN/DailyMail articles (../shared/data/cnndm-dev.jsonl) joined until they have the
number of sentences asked, split once; what is timed is the method itself (`rank`, the part that
differs between engines) on those sentences. sumy is skipped where its time, extrapolated from the
size before (quadratic; cubic for KL), would pass --budget seconds. Peak memory is the largest
allocation traced (tracemalloc, NumPy included; not PyTorch's) during a separate, untimed fast run.
"fast s" is a second run on the same document (the stemmer's cache warm, as in a running service);
"fast cold s" the first run (every distinct word stemmed by NLTK's Snowball, about 13 us each).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer, split_sentences  # noqa: E402
from summarizer.methods.registry import MethodRequest  # noqa: E402
from summarizer.methods.sumy_methods import SumyMethod  # noqa: E402
from summarizer.options import Options  # noqa: E402
from summarizer.text.sentences import Document, stem  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "cnndm-dev.jsonl"
SUMY_METHODS = ("lexrank", "textrank", "reduction", "kl", "lsa", "luhn", "sumbasic", "edmundson")
OWN_METHODS = ("centrality", "embedding")
GROWTH = {"kl": 3.0}  # how sumy's time grows with n (default 2)


def document_of(size: int, articles: list[str]) -> Document:
    parts, count = [], 0
    for article in articles * (1 + size // 10):
        if count >= size:
            break
        sentences = split_sentences(article).clean_sentences[: size - count]
        parts.append(" ".join(sentences))
        count += len(sentences)
    return split_sentences("\n\n".join(parts))


def timed(run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,200,800,3200,10000")
    parser.add_argument("--budget", type=float, default=60.0, help="skip sumy runs predicted to take longer")
    parser.add_argument("--methods", default=",".join(SUMY_METHODS + OWN_METHODS))
    args = parser.parse_args()

    with open(DATA, encoding="utf-8") as handle:
        articles = [json.loads(line)["article"] for line in handle]
    sizes = [int(s) for s in args.sizes.split(",")]
    documents = {n: document_of(n, articles) for n in sizes}
    summarizer = Summarizer()
    print("| method | sentences | words | sumy s | fast cold s | fast s | speed-up | fast peak MiB |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.methods.split(","):
        method = summarizer.method(name)
        method.summarize(documents[sizes[0]], MethodRequest(Options(), 3))  # load models, warm caches
        previous: tuple[int, float] | None = None
        for n in sizes:
            document = documents[n]
            words = sum(len(s.split()) for s in document.clean_sentences)
            stem.cache_clear()
            cold = timed(lambda d=document, m=method: m.summarize(d, MethodRequest(Options(), 3)).scores)
            fast = timed(lambda d=document, m=method: m.summarize(d, MethodRequest(Options(), 3)).scores)
            tracemalloc.start()  # a third run: tracing slows Python code, so it is not timed
            method.summarize(document, MethodRequest(Options(), 3))
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            sumy_cell, speedup = "-", "-"
            if isinstance(method, SumyMethod):
                predicted = previous[1] * (n / previous[0]) ** GROWTH.get(name, 2.0) if previous else 0.0
                if predicted > args.budget:
                    sumy_cell = f"skipped (~{predicted:.0f} s predicted)"
                else:
                    seconds = timed(
                        lambda d=document, m=method: m.summarize(d, MethodRequest(Options(engine="sumy"), 3)).scores
                    )
                    previous = (n, seconds)
                    sumy_cell, speedup = f"{seconds:.3f}", f"{seconds / fast:.0f}x"
            print(
                f"| {name} | {len(document.sentences)} | {words} | {sumy_cell} | {cold:.3f} | {fast:.3f} | {speedup} "
                f"| {peak:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
