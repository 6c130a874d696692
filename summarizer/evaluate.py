"""Evaluate methods on a data set: ROUGE with bootstrap confidence intervals, length, speed, key points, keywords.

    python -m summarizer.evaluate ../shared/data/cnndm-dev.jsonl --methods lead,lexrank --sentences 3

Input: JSONL records `{"id", "article", "reference"}`, the reference holding one unit (highlight or
sentence) per line. Scores follow the conventions papers use, so they compare with published ones:
Google's `rouge-score` (the ROUGE-1.5.5 reimplementation) with the Porter stemmer, F1 x 100,
ROUGE-Lsum over newline-separated units (one line per summary sentence), averaged over documents;
95% confidence intervals from a document-level bootstrap (1000 resamples).

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

import numpy as np

from .errors import SummarizerError
from .keypoints import DUPLICATE_SIMILARITY, jaccard
from .options import ENGINES
from .pipeline import Summarizer
from .progress import Progress
from .records import Summary
from .text.sentences import Document, content_stems, split_sentences, tokenizer_for

METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
KEYWORDS_PER_DOCUMENT = 10
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


def key_point_checks(summary: Summary) -> tuple[float, float]:
    """(largest pairwise Jaccard between key points, share of summary content stems they cover)."""
    language = summary.language
    points = [_content_stems(p, language) for p in summary.key_points]
    largest = max((jaccard(a, b) for a, b in combinations(points, 2)), default=0.0)
    content = _content_stems(summary.summary, language) if summary.summary.strip() else frozenset()
    covered = frozenset().union(*points) if points else frozenset()
    coverage = len(content & covered) / len(content) if content else 1.0
    return largest, coverage


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
) -> MethodResult:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    if engine not in summarizer.method(method).engines:
        engine = "fast"  # the only engine of our own methods
    scores: dict[str, list[float]] = {m: [] for m in METRICS}
    words, seconds, similarities, coverages, failed = [], 0.0, [], [], 0
    tally = KeywordTally()
    with Progress(len(records), f"{data} {method}") as progress:
        for record in records:
            started = time.perf_counter()
            try:
                summary = summarizer.summarize(
                    record.article,
                    method=method,
                    keywords=keywords,
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
            similarity, coverage = key_point_checks(summary)
            similarities.append(similarity)
            coverages.append(coverage)
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
        key_point_max_similarity=round(max(similarities, default=0.0), 3),
        key_point_duplicate_documents=round(float(np.mean([s > DUPLICATE_SIMILARITY for s in similarities])), 3)
        if done
        else 0.0,
        key_point_coverage=round(float(np.mean(coverages)), 3) if done else 0.0,
        keywords=tally.shares(),
        yake_keywords=baseline,
    )


def table(results: Sequence[MethodResult]) -> Iterator[str]:
    yield (
        "| data | method | docs | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | words | ms/doc "
        "| key points: max overlap | docs with a duplicate | coverage "
        "| keywords/doc (YAKE) | keywords: all stems in reference (YAKE) | keywords: any stem in reference (YAKE) |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for r in results:
        if not r.documents:
            yield f"| {r.data} | {r.method} | 0 (all {r.failed} failed) |" + " |" * 12
            continue
        ours, yake = r.keywords, r.yake_keywords or KeywordShares(0.0, float("nan"), float("nan"))
        cells = [f"{r.rouge[m].mean:.2f} [{r.rouge[m].low:.1f}, {r.rouge[m].high:.1f}]" for m in METRICS]
        yield (
            f"| {r.data} | {r.method} | {r.documents} | {' | '.join(cells)} | {r.words} | {r.ms_per_document} "
            f"| {r.key_point_max_similarity:.2f} | {r.key_point_duplicate_documents:.1%} | {r.key_point_coverage:.1%} "
            f"| {ours.per_document} ({yake.per_document}) | {ours.all_in_reference:.1%} ({yake.all_in_reference:.1%}) "
            f"| {ours.any_in_reference:.1%} ({yake.any_in_reference:.1%}) |"
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
                    records, name, path.stem, summarizer, length, args.engine, args.resamples, args.keywords, baseline
                )
            )
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(f"\nlength: {length}; ROUGE F1 x 100 with 95% bootstrap intervals (rouge-score, Porter stemmer)")
        print(f"keywords: {args.keywords} per document, ours (YAKE's in brackets) against the reference\n")
        print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
