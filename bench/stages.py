"""What one default request costs, stage by stage, in-process on the seed article (median of warm runs).

    .venv/bin/python bench/stages.py [--runs 20] [--warmup 3] [--document seed|bbc12]

Each run calls the pipeline's public stage functions in the pipeline's order, on fresh data, as
`Summarizer.summarize` does for a request with only "text": clean, split_sentences (which cleans
again), the default method's `rank`, select, key_points, keywords; then Summary.to_dict + JSON
encoding of a summarize() result, summarize() itself, and the whole POST /v1/summarize through
`create_app().test_client()`. Language detection (for a request without "language") is timed first.
`--document bbc12` times the long document of bench/service.py instead (the first 12 articles of
../shared/data/bbc-news-summary.jsonl joined by blank lines). The stages' sum can differ from the
total (the total also validates and builds the records). Settings come from the environment.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import create_app  # noqa: E402
from summarizer import Summarizer  # noqa: E402
from summarizer.keypoints import key_points  # noqa: E402
from summarizer.keywords import keywords  # noqa: E402
from summarizer.methods.registry import MethodRequest  # noqa: E402
from summarizer.options import Options  # noqa: E402
from summarizer.records import Summary  # noqa: E402
from summarizer.select import select, target_count  # noqa: E402
from summarizer.settings import load_settings  # noqa: E402
from summarizer.text.clean import clean  # noqa: E402
from summarizer.text.detect import detected_language  # noqa: E402
from summarizer.text.sentences import split_sentences  # noqa: E402

SEED = ROOT / "seeds" / "000_40be298b49e5fdb4.txt"
BBC = ROOT.parent / "shared" / "data" / "bbc-news-summary.jsonl"


def to_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed runs; the table shows their median")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (models load here)")
    parser.add_argument("--document", choices=["seed", "bbc12"], default="seed")
    args = parser.parse_args()

    if args.document == "seed":
        text, name_of_text = SEED.read_text(encoding="utf-8"), SEED.name
    else:
        with BBC.open(encoding="utf-8") as lines:
            text = "\n\n".join(json.loads(line)["article"] for line, _ in zip(lines, range(12), strict=False))
        name_of_text = "12 BBC articles joined"
    settings = load_settings()
    summarizer = Summarizer(settings)
    name = summarizer.default_method
    method = summarizer.method(name)
    client = create_app(settings).test_client()
    options = Options()  # what a request with only "text" gets
    length, key_point_count, keyword_count = options.resolved_length, options.key_points, options.keywords

    times: dict[str, list[float]] = defaultdict(list)

    def timed(stage: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = call(*args, **kwargs)
        times[stage].append((time.perf_counter() - started) * 1000)
        return result

    gc.freeze()  # as the service does after warming up (api/app.py)
    for _ in range(args.warmup + args.runs):
        timed("language detection", detected_language, text)
        timed("clean", clean, text)
        document = timed("split_sentences (cleans again)", split_sentences, text)
        word_counts = [len(s.text.split()) for s in document.sentences]
        count = target_count(length, len(document.sentences), word_counts)
        result = timed(f"{name} (the method)", method.summarize, document, MethodRequest(options, count))
        scores = result.scores
        timed("select", select, scores, word_counts, length)
        timed(
            f"key_points ({key_point_count})",
            key_points,
            document,
            scores,
            key_point_count,
            result.vectors,
            options.key_point_words,
        )
        timed(f"keywords ({keyword_count})", keywords, document, scores, keyword_count)
        summary = timed("summarize() total", summarizer.summarize, text)
        timed("Summary.to_dict + json.dumps", to_json, summary)
        response = timed("POST /v1/summarize (Flask test client)", client.post, "/v1/summarize", json={"text": text})
        assert response.status_code == 200, response.get_data(as_text=True)

    torch = sys.modules.get("torch")  # the thread count matters to a transformer encoder, if one ran
    print(
        f"\n{name_of_text} ({len(text.split())} words, {len(document.sentences)} sentences), default method {name}, "
        f"median of {args.runs} runs after {args.warmup} warm-up runs; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}{f', torch {torch.get_num_threads()} threads' if torch else ''}\n"
    )
    print("| stage | median ms |\n|---|---|")
    for stage, values in times.items():
        print(f"| {stage} | {statistics.median(values[args.warmup :]):.1f} |")


if __name__ == "__main__":
    main()
