"""Keywords: YAKE (the extractor replaced) vs ours, milliseconds and agreement with reference summaries.

    .venv/bin/python bench/keywords.py [--limit 500] [--repeats 20]

Time is the median of --repeats warm runs of the keyword step alone (the text already split, caches
warm) on the seed article and on 4 and 16 copies of it joined, so the growth with length shows.
Shares are those of `python -m summarizer.evaluate`: of 10 keywords per article, the share all of
whose content stems (sumy's stemmer and stop words) are in the reference, and the share with one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.evaluate import KeywordTally, read_records, yake_baseline, yake_keywords  # noqa: E402
from summarizer.keywords import keywords  # noqa: E402
from summarizer.text.sentences import Document, split_sentences  # noqa: E402

SEED = next((ROOT / "seeds").glob("*.txt"))
DATA = ROOT.parent / "shared" / "data"
COUNT = 10


def ours(document: Document) -> list[str]:
    return [k.text for k in keywords(document, np.zeros(len(document.sentences)), COUNT)[0]]


def median_ms(run: Callable[[], object], repeats: int) -> float:
    run()  # warm the caches (stems, lemminflect's tables)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="only the first N articles of each data set")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    seed = SEED.read_text(encoding="utf-8")
    rows: dict[str, list[str]] = {"YAKE 0.7.3 (before)": [], "ours": []}
    for copies in (1, 4, 16):
        document = split_sentences("\n\n".join([seed] * copies))
        rows["YAKE 0.7.3 (before)"].append(f"{median_ms(lambda d=document: yake_keywords(d, COUNT), args.repeats):.1f}")
        rows["ours"].append(f"{median_ms(lambda d=document: ours(d), args.repeats):.2f}")
    names = ("cnndm-dev", "bbc-news-summary")
    for name in names:
        records = read_records(DATA / f"{name}.jsonl", args.limit)
        baseline = yake_baseline(records, "english", COUNT)
        tally = KeywordTally()
        for record in records:
            tally.add(ours(split_sentences(record.article)), record.reference, "english")
        for label, shares in (("YAKE 0.7.3 (before)", baseline), ("ours", tally.shares())):
            rows[label] += [f"{shares.all_in_reference:.1%}", f"{shares.any_in_reference:.1%}"]
    header = ["extractor", "ms seed (2.5k chars)", "ms 4x", "ms 16x"]
    header += [f"{name}: {share}" for name in names for share in ("all stems in ref", "a stem in ref")]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for label, cells in rows.items():
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
