"""Does each fast engine pick the same sentences as sumy? Prints agreement per method.

    .venv/bin/python bench/agreement.py [--limit N] [--methods lexrank,kl] [--long 300,1000]

For every article of ../shared/data/cnndm-dev.jsonl and bbc-news-summary.jsonl (and generated long
documents: cnndm articles joined to N sentences), runs sumy's implementation and ours on the same
sentences, tokenizer, stemmer and stop words, and compares the top 3 and the whole ranking. A
difference "within ties" is one where the sentences swapped have the same sumy score up to 1e-9
relative (sumy's own float noise, e.g. LSA's SVD, orders exact ties arbitrarily).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer, split_sentences  # noqa: E402
from summarizer.methods.registry import MethodRequest  # noqa: E402
from summarizer.methods.sumy_methods import SumyMethod  # noqa: E402
from summarizer.options import Options  # noqa: E402
from summarizer.pipeline import finite_scores  # noqa: E402
from summarizer.select import ranking  # noqa: E402
from summarizer.text.sentences import Document  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
METHODS = ("lexrank", "lsa", "textrank", "luhn", "kl", "sumbasic", "reduction", "edmundson")
TIE = 1e-9


@dataclass
class Tally:
    documents: int = 0
    top3: int = 0
    top3_within_ties: int = 0
    full: int = 0
    full_within_ties: int = 0
    exceptions: list[str] = field(default_factory=list)
    seconds_sumy: float = 0.0
    seconds_fast: float = 0.0


def tie_classes(scores: np.ndarray) -> np.ndarray:
    """Each sentence's score rounded to the tie tolerance: equal classes are exact ties for sumy."""
    scale = max(1.0, float(np.abs(scores).max())) if len(scores) else 1.0
    return np.round(scores / (scale * TIE)).astype(np.int64)


def compare(tally: Tally, name: str, method: SumyMethod, document: Document) -> None:
    started = time.perf_counter()
    reference = finite_scores(method.summarize(document, MethodRequest(Options(engine="sumy"), 3)).scores)
    tally.seconds_sumy += time.perf_counter() - started
    started = time.perf_counter()
    fast = finite_scores(method.summarize(document, MethodRequest(Options(engine="fast"), 3)).scores)
    tally.seconds_fast += time.perf_counter() - started
    expected, actual = ranking(reference), ranking(fast)
    classes = tie_classes(reference)
    tally.documents += 1
    same_top3 = sorted(expected[:3].tolist()) == sorted(actual[:3].tolist())
    tally.top3 += same_top3
    tally.full += bool((expected == actual).all())
    # Within ties: the sequence of sumy score classes along our ranking equals sumy's own.
    tally.top3_within_ties += sorted(classes[expected[:3]].tolist()) == sorted(classes[actual[:3]].tolist())
    tally.full_within_ties += bool((classes[expected] == classes[actual]).all())
    if not same_top3:
        tally.exceptions.append(name)


def long_documents(sizes: list[int]) -> list[tuple[str, Document]]:
    with open(DATA / "cnndm-dev.jsonl", encoding="utf-8") as handle:
        articles = [json.loads(line)["article"] for line in handle]
    documents = []
    for size in sizes:
        text, count, i = [], 0, 0
        while count < size:
            text.append(articles[i % len(articles)])
            count += len(split_sentences(articles[i % len(articles)]).sentences)
            i += 1
        documents.append((f"long-{size}", split_sentences("\n\n".join(text))))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--limit", type=int, help="first N articles of each file")
    parser.add_argument("--long", default="300,1000", help="generated long documents (sentences); '' for none")
    args = parser.parse_args()

    summarizer = Summarizer()
    corpora: list[tuple[str, Document]] = []
    for name in ("cnndm-dev", "bbc-news-summary"):
        with open(DATA / f"{name}.jsonl", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle][: args.limit]
        corpora += [(f"{name}:{r['id']}", split_sentences(r["article"])) for r in rows]
    sizes = [int(s) for s in args.long.split(",") if s]
    print(
        "| method | documents | top-3 same | top-3 same within ties | ranking same | ranking same within ties "
        "| sumy s | fast s | exceptions |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.methods.split(","):
        method = summarizer.method(name)
        assert isinstance(method, SumyMethod)
        tally = Tally()
        # sumy's KL is cubic: its long documents would take hours.
        extra = long_documents([s for s in sizes if name != "kl" or s <= 300])
        for label, document in corpora + extra:
            compare(tally, label, method, document)
        n = tally.documents
        more = len(tally.exceptions) - 5
        shown = ", ".join(tally.exceptions[:5]) + (f" (+{more})" if more > 0 else "")
        cells = [f"{x / n:.1%}" for x in (tally.top3, tally.top3_within_ties, tally.full, tally.full_within_ties)]
        print(
            f"| {name} | {n} | {' | '.join(cells)} | {tally.seconds_sumy:.1f} | {tally.seconds_fast:.2f} "
            f"| {shown or '-'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
