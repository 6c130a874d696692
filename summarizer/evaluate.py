"""Evaluate methods on a data set: ROUGE with bootstrap confidence intervals, length, speed, key points.

    python -m summarizer.evaluate ../shared/data/cnndm-dev.jsonl --methods lead,lexrank --sentences 3

Input: JSONL records `{"id", "article", "reference"}`, the reference holding one unit (highlight or
sentence) per line. Scores follow the conventions papers use, so they compare with published ones:
Google's `rouge-score` (the ROUGE-1.5.5 reimplementation) with the Porter stemmer, F1 x 100,
ROUGE-Lsum over newline-separated units (one line per summary sentence), averaged over documents;
95% confidence intervals from a document-level bootstrap (1000 resamples).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from .errors import SummarizerError
from .keypoints import DUPLICATE_SIMILARITY, jaccard
from .methods.sumy_methods import SumyMethod
from .pipeline import Summarizer
from .records import Summary
from .sentences import content_stems, split_sentences

METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")


@dataclass(frozen=True)
class Record:
    id: str
    article: str
    reference: str


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class MethodResult:
    method: str
    data: str
    documents: int
    failed: int
    rouge: dict[str, Interval]
    words: float
    ms_per_document: float
    key_point_max_similarity: float  # the largest word-overlap (Jaccard) between two key points, any document
    key_point_duplicate_documents: float  # share of documents with a pair above DUPLICATE_SIMILARITY
    key_point_coverage: float  # share of the summary's content stems that the key points contain


def read_records(path: Path, limit: int | None = None) -> list[Record]:
    records: list[Record] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                records.append(Record(str(row.get("id", len(records))), row["article"], row["reference"]))
            if limit is not None and len(records) >= limit:
                break
    return records


def bootstrap(values: np.ndarray, resamples: int = 1000, seed: int = 0) -> Interval:
    """Mean and 95% percentile interval of the mean, resampling documents with replacement."""
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Interval(round(float(values.mean()), 2), round(float(low), 2), round(float(high), 2))


def _content_stems(text: str, language: str) -> frozenset[str]:
    return frozenset(s for words in split_sentences(text, language).words for s in content_stems(language, words))


def key_point_checks(summary: Summary) -> tuple[float, float]:
    """(largest pairwise Jaccard between key points, share of summary content stems they cover)."""
    language = summary.language
    points = [_content_stems(p, language) for p in summary.key_points]
    largest = max((jaccard(a, b) for a, b in combinations(points, 2)), default=0.0)
    content = _content_stems(summary.summary, language) if summary.summary.strip() else frozenset()
    covered = frozenset().union(*points) if points else frozenset()
    coverage = len(content & covered) / len(content) if content else 1.0
    return largest, coverage


def evaluate(
    records: Sequence[Record],
    method: str,
    data: str,
    summarizer: Summarizer,
    length: dict[str, float],
    engine: str = "fast",
    resamples: int = 1000,
) -> MethodResult:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    if not isinstance(summarizer.method(method), SumyMethod):
        engine = "fast"  # the only engine of our own methods
    scores: dict[str, list[float]] = {m: [] for m in METRICS}
    words, seconds, similarities, coverages, failed = [], 0.0, [], [], 0
    for record in records:
        started = time.perf_counter()
        try:
            summary = summarizer.summarize(
                record.article,
                method=method,
                keywords=0,
                engine=engine,
                **length,  # type: ignore[arg-type]
            )
        except SummarizerError:
            failed += 1
            continue
        seconds += time.perf_counter() - started
        # One summary sentence per line, as rougeLsum expects; the other metrics ignore newlines.
        prediction = "\n".join(s.text for s in summary.sentences) if summary.sentences else summary.summary
        for metric, score in scorer.score(record.reference, prediction).items():
            scores[metric].append(score.fmeasure * 100)
        words.append(summary.stats.summary_words)
        similarity, coverage = key_point_checks(summary)
        similarities.append(similarity)
        coverages.append(coverage)
    done = len(words)
    return MethodResult(
        method=method,
        data=data,
        documents=done,
        failed=failed,
        rouge={m: bootstrap(np.array(v), resamples) for m, v in scores.items()} if done else {},
        words=round(float(np.mean(words)), 1) if done else 0.0,
        ms_per_document=round(seconds * 1000 / max(1, done), 1),
        key_point_max_similarity=round(max(similarities, default=0.0), 3),
        key_point_duplicate_documents=round(float(np.mean([s > DUPLICATE_SIMILARITY for s in similarities])), 3)
        if done
        else 0.0,
        key_point_coverage=round(float(np.mean(coverages)), 3) if done else 0.0,
    )


def table(results: Sequence[MethodResult]) -> Iterator[str]:
    yield (
        "| data | method | docs | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | words | ms/doc "
        "| key points: max overlap | docs with a duplicate | coverage |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for r in results:
        if not r.documents:
            yield f"| {r.data} | {r.method} | 0 (all {r.failed} failed) |" + " |" * 9
            continue
        cells = [f"{r.rouge[m].mean:.2f} [{r.rouge[m].low:.1f}, {r.rouge[m].high:.1f}]" for m in METRICS]
        yield (
            f"| {r.data} | {r.method} | {r.documents} | {' | '.join(cells)} | {r.words} | {r.ms_per_document} "
            f"| {r.key_point_max_similarity:.2f} | {r.key_point_duplicate_documents:.1%} | {r.key_point_coverage:.1%} |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="+", type=Path, help="JSONL files of {id, article, reference}")
    parser.add_argument("--methods", default="lead,lexrank", help="comma-separated method names, or 'all'")
    controls = parser.add_mutually_exclusive_group()
    controls.add_argument("--sentences", type=int, help="summary length in sentences (default 3)")
    controls.add_argument("--words", type=int)
    controls.add_argument("--ratio", type=float)
    parser.add_argument("--language", default="english")
    parser.add_argument("--engine", choices=("fast", "sumy"), default="fast")
    parser.add_argument("--limit", type=int, help="only the first N records of each file")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)

    summarizer = Summarizer()
    names = (
        [m.name for m in summarizer.methods() if m.kind == "extractive" and m.available]
        if args.methods == "all"
        else args.methods.split(",")
    )
    length = {k: v for k in ("sentences", "words", "ratio") if (v := getattr(args, k)) is not None} or {"sentences": 3}
    results = []
    for path in args.data:
        records = read_records(path, args.limit)
        for name in names:
            print(f"evaluating {name} on {path.name} ({len(records)} documents)", file=sys.stderr)
            results.append(evaluate(records, name, path.stem, summarizer, length, args.engine, args.resamples))
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(f"\nlength: {length}; ROUGE F1 x 100 with 95% bootstrap intervals (rouge-score, Porter stemmer)\n")
        print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
