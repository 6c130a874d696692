"""Evaluate methods on a data set: ROUGE with bootstrap confidence intervals, length, speed, key points, keywords.

    python -m summarizer.evaluate ../shared/data/cnndm-dev.jsonl --methods lead,lexrank --sentences 3

Input: JSONL records `{"id", "article", "reference"}`, the reference holding one unit (highlight or
sentence) per line. Scores follow the conventions papers use, so they compare with published ones:
Google's `rouge-score` (the ROUGE-1.5.5 reimplementation) with the Porter stemmer, F1 x 100,
ROUGE-Lsum over newline-separated units (one line per summary sentence), averaged over documents;
95% confidence intervals from a document-level bootstrap (1000 resamples).

Key points are measured beside the summary: ROUGE-1 recall of all key points together against the
reference (how much of what the reference says they cover), the largest word overlap (Jaccard of
content stems) between two key points of a document, averaged over documents, the share of key points
that stand alone by `summarizer.keypoints.stands_alone`, and their mean length in words.

Keywords (10 per document unless --keywords says otherwise) are measured against the reference the
same way for our extractor and for YAKE, the extractor it replaced, run on the same articles as a
baseline: the share of keywords all of whose content stems (sumy's stemmer and stop words) are among
the reference's content stems, and the share with at least one, over all keywords of the data set.
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
from typing import Any

import numpy as np

from .errors import SummarizerError
from .keypoints import jaccard, stands_alone
from .options import DEFAULT_KEY_POINT_WORDS, ENGINES
from .pipeline import Summarizer
from .progress import Progress
from .records import Summary
from .text.sentences import Document, content_stems, split_sentences, tokenizer_for

METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
KEYWORDS_PER_DOCUMENT = 10
# A pair of key points above this word overlap counts as a duplicate: the de-duplication threshold before
# issue 13 lowered it to 0.35 (summarizer/keypoints.py), kept here so that the column compares over time.
DUPLICATE_OVERLAP = 0.5
# YAKE names its stop-word lists by ISO 639-1 code (and "cz" for Czech).
_YAKE_LANGUAGE = {
    "czech": "cz",
    "english": "en",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "italian": "it",
    "polish": "pl",
    "portuguese": "pt",
    "spanish": "es",
    "swedish": "sv",
}


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
class KeywordShares:
    """How many keywords a document got, and how many of them the reference summary speaks of."""

    per_document: float
    all_in_reference: float  # share of keywords all of whose content stems are in the reference
    any_in_reference: float  # share of keywords with at least one content stem in the reference


@dataclass(frozen=True)
class KeyPointMeasures:
    """What the key points of a data set are like (see the module's docstring)."""

    rouge1_recall: float  # ROUGE-1 recall x 100 of the key points against the reference, mean over documents
    largest_overlap: float  # the largest Jaccard between two key points of a document, mean over documents
    max_overlap: float  # the same, the largest over all documents
    duplicate_documents: float  # share of documents with a pair above DUPLICATE_OVERLAP
    standalone: float  # share of key points that stand alone
    words: float  # mean words per key point


@dataclass(frozen=True)
class MethodResult:
    method: str
    data: str
    documents: int
    failed: int
    rouge: dict[str, Interval]
    words: float
    ms_per_document: float
    key_points: KeyPointMeasures
    keywords: KeywordShares
    yake_keywords: KeywordShares | None = None  # the baseline, the same for every method of a data set


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


def largest_overlap(summary: Summary) -> float:
    """The largest word overlap (Jaccard of content stems) between two of a summary's key points."""
    points = [_content_stems(p, summary.language) for p in summary.key_points]
    return max((jaccard(a, b) for a, b in combinations(points, 2)), default=0.0)


class KeyPointTally:
    """Collects the key-point measures document by document."""

    def __init__(self) -> None:
        self.recalls: list[float] = []
        self.overlaps: list[float] = []
        self.standalone: list[bool] = []
        self.words: list[int] = []

    def add(self, summary: Summary, reference: str, scorer: Any) -> None:
        if summary.key_points:
            self.recalls.append(scorer.score(reference, "\n".join(summary.key_points))["rouge1"].recall * 100)
        self.overlaps.append(largest_overlap(summary))
        for point in summary.key_points:
            self.standalone.append(stands_alone(point, summary.language))
            self.words.append(len(point.split()))

    def measures(self) -> KeyPointMeasures:
        def mean(values: Sequence[float]) -> float:
            return float(np.mean(values)) if len(values) else 0.0

        return KeyPointMeasures(
            rouge1_recall=round(mean(self.recalls), 2),
            largest_overlap=round(mean(self.overlaps), 3),
            max_overlap=round(max(self.overlaps, default=0.0), 3),
            duplicate_documents=round(mean([o > DUPLICATE_OVERLAP for o in self.overlaps]), 3),
            standalone=round(mean(self.standalone), 3),
            words=round(mean(self.words), 1),
        )


class KeywordTally:
    """Counts keywords against reference summaries, document by document."""

    def __init__(self) -> None:
        self.documents = self.keywords = self.all_in = self.any_in = 0

    def add(self, keywords: Sequence[str], reference: str, language: str) -> None:
        reference_stems = _content_stems(reference, language)
        words = tokenizer_for(language).to_words
        for keyword in keywords:
            stems = set(content_stems(language, words(keyword)))
            self.all_in += bool(stems) and stems <= reference_stems
            self.any_in += bool(stems & reference_stems)
        self.keywords += len(keywords)
        self.documents += 1

    def shares(self) -> KeywordShares:
        return KeywordShares(
            per_document=round(self.keywords / max(1, self.documents), 1),
            all_in_reference=round(self.all_in / max(1, self.keywords), 3),
            any_in_reference=round(self.any_in / max(1, self.keywords), 3),
        )


def yake_keywords(document: Document, count: int) -> list[str]:
    """The keywords YAKE (Campos et al. 2020) finds, as `summarizer.keywords` used it before: 3-word
    phrases, YAKE's de-duplication at 0.6, then a phrase sharing more than half of its words with a
    better-ranked one left out."""
    import yake

    extractor = yake.KeywordExtractor(lan=_YAKE_LANGUAGE[document.language], n=3, dedup_lim=0.6, top=3 * count)
    # One sentence per line, each closed with punctuation, so that phrases never span a title and
    # the sentence after it.
    text = "\n".join(s if s[-1:] in ".!?" else s + "." for s in document.clean_sentences)
    kept: list[str] = []
    for phrase, _ in extractor.extract_keywords(text):
        words = set(phrase.lower().split())
        if len(kept) < count and not any(
            len(words & (other := set(k.lower().split()))) > 0.5 * min(len(words), len(other)) for k in kept
        ):
            kept.append(phrase)
    return kept


def yake_baseline(records: Sequence[Record], language: str, count: int = KEYWORDS_PER_DOCUMENT) -> KeywordShares:
    tally = KeywordTally()
    for record in records:
        try:
            document = split_sentences(record.article, language)
        except SummarizerError:
            continue
        tally.add(yake_keywords(document, count), record.reference, language)
    return tally.shares()


def evaluate(
    records: Sequence[Record],
    method: str,
    data: str,
    summarizer: Summarizer,
    length: dict[str, float],
    engine: str = "fast",
    resamples: int = 1000,
    keywords: int = KEYWORDS_PER_DOCUMENT,
    baseline: KeywordShares | None = None,
    key_point_words: int = DEFAULT_KEY_POINT_WORDS,
) -> MethodResult:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    if engine not in summarizer.method(method).engines:
        engine = "fast"  # the only engine of our own methods
    scores: dict[str, list[float]] = {m: [] for m in METRICS}
    words, seconds, failed = [], 0.0, 0
    tally, points = KeywordTally(), KeyPointTally()
    with Progress(len(records), f"{data} {method}") as progress:
        for record in records:
            started = time.perf_counter()
            try:
                summary = summarizer.summarize(
                    record.article,
                    method=method,
                    keywords=keywords,
                    key_point_words=key_point_words,
                    engine=engine,
                    **length,  # type: ignore[arg-type]
                )
            except SummarizerError:
                failed += 1
                progress.update()
                continue
            seconds += time.perf_counter() - started
            # One summary sentence per line, as rougeLsum expects; the other metrics ignore newlines.
            prediction = "\n".join(s.text for s in summary.sentences) if summary.sentences else summary.summary
            for metric, score in scorer.score(record.reference, prediction).items():
                scores[metric].append(score.fmeasure * 100)
            words.append(summary.stats.summary_words)
            points.add(summary, record.reference, scorer)
            tally.add([k.text for k in summary.keywords], record.reference, summary.language)
            progress.update()
    done = len(words)
    return MethodResult(
        method=method,
        data=data,
        documents=done,
        failed=failed,
        rouge={m: bootstrap(np.array(v), resamples) for m, v in scores.items()} if done else {},
        words=round(float(np.mean(words)), 1) if done else 0.0,
        ms_per_document=round(seconds * 1000 / max(1, done), 1),
        key_points=points.measures(),
        keywords=tally.shares(),
        yake_keywords=baseline,
    )


def table(results: Sequence[MethodResult]) -> Iterator[str]:
    yield (
        "| data | method | docs | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | words | ms/doc "
        "| keywords/doc (YAKE) | keywords: all stems in reference (YAKE) | keywords: any stem in reference (YAKE) |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for r in results:
        if not r.documents:
            yield f"| {r.data} | {r.method} | 0 (all {r.failed} failed) |" + " |" * 9
            continue
        ours, yake = r.keywords, r.yake_keywords or KeywordShares(0.0, float("nan"), float("nan"))
        cells = [f"{r.rouge[m].mean:.2f} [{r.rouge[m].low:.1f}, {r.rouge[m].high:.1f}]" for m in METRICS]
        yield (
            f"| {r.data} | {r.method} | {r.documents} | {' | '.join(cells)} | {r.words} | {r.ms_per_document} "
            f"| {ours.per_document} ({yake.per_document}) | {ours.all_in_reference:.1%} ({yake.all_in_reference:.1%}) "
            f"| {ours.any_in_reference:.1%} ({yake.any_in_reference:.1%}) |"
        )


def key_point_table(results: Sequence[MethodResult]) -> Iterator[str]:
    yield (
        "| data | method | key points: ROUGE-1 recall | largest overlap (mean / max) | docs with a duplicate "
        "| stand alone | words per point |"
    )
    yield "|---|---|---|---|---|---|---|"
    for r in results:
        k = r.key_points
        if r.documents:
            yield (
                f"| {r.data} | {r.method} | {k.rouge1_recall:.2f} | {k.largest_overlap:.2f} / {k.max_overlap:.2f} "
                f"| {k.duplicate_documents:.1%} | {k.standalone:.1%} | {k.words} |"
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
    parser.add_argument("--engine", choices=ENGINES, default="fast")
    parser.add_argument("--limit", type=int, help="only the first N records of each file")
    parser.add_argument("--keywords", type=int, default=KEYWORDS_PER_DOCUMENT, help="keywords per document")
    parser.add_argument(
        "--key-point-words", type=int, default=DEFAULT_KEY_POINT_WORDS, help="words a key point aims at"
    )
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
        print(f"YAKE keywords (the baseline) on {path.name}", file=sys.stderr)
        baseline = yake_baseline(records, args.language, args.keywords)
        for name in names:
            print(f"evaluating {name} on {path.name} ({len(records)} documents)", file=sys.stderr)
            results.append(
                evaluate(
                    records,
                    name,
                    path.stem,
                    summarizer,
                    length,
                    args.engine,
                    args.resamples,
                    args.keywords,
                    baseline,
                    args.key_point_words,
                )
            )
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(f"\nlength: {length}; ROUGE F1 x 100 with 95% bootstrap intervals (rouge-score, Porter stemmer)")
        print(f"keywords: {args.keywords} per document, ours (YAKE's in brackets) against the reference\n")
        print("\n".join(table(results)))
        print(f"\nkey points (5 per document, aiming at {args.key_point_words} words), against the same reference\n")
        print("\n".join(key_point_table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
