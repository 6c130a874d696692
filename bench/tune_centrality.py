"""Tune the `centrality` method's parameters on ../shared/data/cnndm-dev.jsonl (and only there).

    .venv/bin/python bench/tune_centrality.py [--rounds 2]

Coordinate search: from the current PARAMETERS, try each value of one parameter's grid with the others
fixed, keep the best, move to the next parameter; repeat. The objective is the smallest margin over
Lead-3 among ROUGE-1, ROUGE-2 and ROUGE-Lsum (3 sentences), so that a setting must beat the lede on all
three to score above zero. Prints every setting tried and the best one; BBC News is only reported,
never tuned on. Static vectors (`--encoder static`, the default method's) are computed on the fly;
MiniLM's (`--encoder minilm`, `centrality-minilm`) once, then cached in bench/results/.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rouge_score import rouge_scorer  # noqa: E402

from summarizer.methods.centrality import PARAMETERS, Parameters, centrality_scores  # noqa: E402
from summarizer.models.minilm import shared_encoder  # noqa: E402
from summarizer.models.static import DEFAULT_PATH, StaticEncoder  # noqa: E402
from summarizer.select import ranking  # noqa: E402
from summarizer.text.sentences import Document, split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CACHE = ROOT / "bench" / "results"
GRID = {
    "threshold": [0.0, 0.1, 0.2, 0.4],
    "lambda_before": [-1.0, -0.3, 0.0, 0.3],
    "position_decay": [0.5, 1.0, 1.5, 2.5],
    "position_floor": [0.02, 0.1, 0.25],
    "short_words": [0, 5, 8, 12],
    "redundancy": [0.0, 0.15, 0.3, 0.6],
    "embedding_weight": [0.0, 0.25, 0.5, 0.75, 1.0],
}
METRICS = ("rouge1", "rouge2", "rougeLsum")


class Corpus:
    def __init__(self, name: str, limit: int | None = None, encoder: str = "static") -> None:
        self.encoder = encoder
        with open(DATA / f"{name}.jsonl", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle][:limit]
        self.references = [r["reference"] for r in rows]
        self.documents: list[Document] = [split_sentences(r["article"]) for r in rows]
        self.embeddings = self._embeddings(name, [str(r["id"]) for r in rows])
        self._scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
        self._cache: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}

    def _embeddings(self, name: str, ids: list[str]) -> list[np.ndarray]:
        if self.encoder == "static":  # a table lookup: cheaper than reading a cache
            static = StaticEncoder(DEFAULT_PATH)
            return [static.encode(d.clean_sentences).astype(np.float64) for d in self.documents]
        path = CACHE / f"{name}-embeddings.npz"
        stored = dict(np.load(path)) if path.exists() else {}
        if not all(i in stored for i in ids):
            encoder = shared_encoder(None, "cpu")
            for i, document in zip(ids, self.documents, strict=True):
                if i not in stored:
                    stored[i] = encoder.encode(document.clean_sentences)
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(path, **stored)
        return [stored[i].astype(np.float64) for i in ids]

    def rouge(self, doc: int, chosen: tuple[int, ...]) -> np.ndarray:
        key = (doc, chosen)
        if key not in self._cache:
            prediction = "\n".join(self.documents[doc].clean_sentences[i] for i in chosen)
            scores = self._scorer.score(self.references[doc], prediction)
            self._cache[key] = np.array([scores[m].fmeasure * 100 for m in METRICS])
        return self._cache[key]

    def lead3(self) -> np.ndarray:
        return np.mean(
            [self.rouge(d, tuple(range(min(3, len(doc.sentences))))) for d, doc in enumerate(self.documents)], axis=0
        )

    def score(self, parameters: Parameters) -> np.ndarray:
        totals = []
        for d, document in enumerate(self.documents):
            scores = centrality_scores(document, self.embeddings[d], 3, parameters)
            totals.append(self.rouge(d, tuple(sorted(int(i) for i in ranking(scores)[:3]))))
        return np.mean(totals, axis=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N dev articles (quick looks)")
    parser.add_argument(
        "--encoder", choices=("static", "minilm"), default="static", help="sentence vectors: the default's or MiniLM's"
    )
    args = parser.parse_args()

    dev = Corpus("cnndm-dev", args.limit, args.encoder)
    lead = dev.lead3()
    print(f"Lead-3 on cnndm-dev: R1 {lead[0]:.2f} R2 {lead[1]:.2f} RLsum {lead[2]:.2f}")

    def objective(parameters: Parameters) -> tuple[float, np.ndarray]:
        scores = dev.score(parameters)
        return float((scores - lead).min()), scores

    best = PARAMETERS
    best_margin, best_scores = objective(best)
    print(f"start {best}: {best_scores.round(2)} margin {best_margin:+.2f}")
    for round_number in range(args.rounds):
        for name, values in GRID.items():
            for value in values:
                candidate = dataclasses.replace(best, **{name: value})
                if candidate == best:
                    continue
                margin, scores = objective(candidate)
                print(f"round {round_number + 1} {name}={value}: {scores.round(2)} margin {margin:+.2f}")
                if margin > best_margin:
                    best, best_margin, best_scores = candidate, margin, scores
    print(
        f"\nbest {best}\ncnndm-dev: R1 {best_scores[0]:.2f} R2 {best_scores[1]:.2f} RLsum {best_scores[2]:.2f} "
        f"(Lead-3 {lead.round(2)}), smallest margin {best_margin:+.2f}"
    )
    bbc = Corpus("bbc-news-summary", args.limit, args.encoder)
    print(f"bbc-news-summary (not tuned on): {bbc.score(best).round(2)} vs Lead-3 {bbc.lead3().round(2)}")


if __name__ == "__main__":
    main()
