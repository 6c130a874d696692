"""Command line: `python -m summarizer FILE` (or `summarize FILE`), `-` for standard input."""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the parser needs at the top: `--help` must not pay for the pipeline's imports.
from .options import DEFAULT_KEY_POINT_WORDS, ENGINES, FORMATS
from .text.languages import SUPPORTED_LANGUAGES

if TYPE_CHECKING:
    from .records import Summary


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Summarise a text file (or - for stdin). Other commands: "
        "`summarize build-embeddings` (the default method's vectors, run by the install), "
        "`summarize batch IN OUT` (a corpus), `summarize worker` (runs jobs from SUMMARIZER_REDIS_URL), "
        "`summarize download [MODEL]` (fetch an abstractive model; requests never download).",
    )
    parser.add_argument(
        "file", nargs="?", help="file to summarise (.txt, .md, .html, .pdf, .docx), or - for standard input (text)"
    )
    parser.add_argument("--url", help="summarise the web page at this http(s) address instead (public hosts only)")
    parser.add_argument(
        "--url-allow-network",
        action="append",
        type=ipaddress.ip_network,
        default=[],
        metavar="CIDR",
        help="let --url reach this non-public network too (e.g. your intranet, 10.0.0.0/8); repeatable",
    )
    parser.add_argument("--encoding", help="a text or HTML file's charset (default: detected)")
    add_option_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the JSON the service returns")
    parser.add_argument("--list-methods", action="store_true", help="list the methods and exit")
    return parser


def add_option_arguments(parser: argparse.ArgumentParser) -> None:
    """A summary's options (the fields of `Options`) as command-line flags."""
    parser.add_argument("-m", "--method", help="method name (see --list-methods); default: the project's default")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("-s", "--sentences", type=int, help="number of sentences (default 3)")
    length.add_argument("-r", "--ratio", type=float, help="fraction of the input's sentences, in (0, 1]")
    length.add_argument("-w", "--words", type=int, help="word budget: the longest summary that fits")
    parser.add_argument(
        "-l",
        "--language",
        default="auto",
        help=f"one of: {', '.join(SUPPORTED_LANGUAGES)}, or auto (the default: detected from the text)",
    )
    parser.add_argument("-k", "--key-points", type=int, default=5, help="number of key points (default 5)")
    parser.add_argument(
        "--key-point-words",
        type=int,
        default=DEFAULT_KEY_POINT_WORDS,
        help=f"words a key point aims at (default {DEFAULT_KEY_POINT_WORDS})",
    )
    parser.add_argument("--keywords", type=int, default=10, help="number of keywords (default 10)")
    parser.add_argument(
        "--include-title", action="store_true", help="count the title (a heading-like first line) as a sentence"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="summary as paragraphs (text) or one bullet a sentence"
    )
    parser.add_argument("--model", help="abstractive methods: hub id or directory (default SUMMARIZER_MODEL)")
    parser.add_argument(
        "--engine", choices=ENGINES, default="fast", help="sumy's methods: our engine or sumy's own code"
    )


def _option_values(args: argparse.Namespace) -> dict[str, object]:
    names = ("method", "sentences", "ratio", "words", "language", "key_points", "key_point_words", "keywords")
    values = {name: getattr(args, name) for name in (*names, "format", "engine")}
    values["include_title"] = args.include_title or None  # the flag's absence leaves Options' default
    return values


def build_embeddings(argv: Sequence[str]) -> int:
    """`summarize build-embeddings [--output DIR]`: distil the default method's static vectors (offline)."""
    from .models.static import DEFAULT_PATH, build

    parser = argparse.ArgumentParser(
        prog="summarize build-embeddings",
        description="Distil the default method's static sentence vectors from the bundled MiniLM (about 20 s, "
        "offline; needs torch and transformers, which serving does not).",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_PATH, help=f"directory (default {DEFAULT_PATH})")
    parser.add_argument("--if-missing", action="store_true", help="do nothing when the directory already has them")
    args = parser.parse_args(argv)
    from .models.static import unavailable_reason

    if args.if_missing and unavailable_reason(args.output) is None:
        print(f"static embeddings already in {args.output}")
        return 0
    print(f"static embeddings written to {build(args.output)}")
    return 0


def batch(argv: Sequence[str]) -> int:
    """`summarize batch IN OUT`: a corpus on every local core (or the job queue), resumable, with progress."""
    parser = argparse.ArgumentParser(
        prog="summarize batch",
        description='Summarise IN (JSONL, one {"id", "text"} per line, or a directory of .txt files) into '
        'OUT (JSONL, one {"id", "result"} or {"id", "error"} per document, in IN\'s order). Run it '
        "again after an interruption: the lines already in OUT are kept. With SUMMARIZER_REDIS_URL set, the "
        "documents go through the job queue to `summarize worker` processes instead of local processes.",
    )
    parser.add_argument("input", type=Path, help="JSONL file or directory of .txt files")
    parser.add_argument("output", type=Path, help="JSONL file of results (appended to when resuming)")
    parser.add_argument(
        "-p", "--processes", type=int, default=os.cpu_count() or 1, help="local processes (default: every core)"
    )
    add_option_arguments(parser)
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    from .batch import read_documents, run_batch
    from .errors import SummarizerError
    from .options import Options
    from .settings import settings

    try:
        options = Options.build(**_option_values(args), model=args.model)  # --model: an allowed one
        documents = read_documents(args.input)
        report = run_batch(documents, args.output, options, args.processes, settings().redis_url)
    except (SummarizerError, OSError, UnicodeDecodeError) as error:
        print(f"summarize batch: error: {getattr(error, 'message', error)}", file=sys.stderr)
        return 2
    print(
        f"summarize batch: {report.documents} documents in {args.output} ({report.resumed} kept from before, "
        f"{report.errors} errors in this run)",
        file=sys.stderr,
    )
    return 0


def worker(argv: Sequence[str]) -> int:
    """`summarize worker`: RQ workers for the jobs on SUMMARIZER_REDIS_URL."""
    parser = argparse.ArgumentParser(
        prog="summarize worker",
        description="Run jobs from the Redis queue at SUMMARIZER_REDIS_URL (POST /v1/jobs, `summarize batch`). "
        "The methods load once, before the first job; start one per machine with --processes set to its cores.",
    )
    parser.add_argument("-p", "--processes", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    from .errors import SummarizerError
    from .jobs.worker import run_workers

    try:
        return run_workers(args.processes, args.burst)
    except SummarizerError as error:
        print(f"summarize worker: error: {error.message}", file=sys.stderr)
        return 2


# Weights of other frameworks that transformers does not load for PyTorch: not worth downloading.
OTHER_FRAMEWORKS = ["*.h5", "*.msgpack", "*.ot", "*.onnx", "*.tflite", "flax_model*", "tf_model*", "rust_model*"]


def download(argv: Sequence[str]) -> int:
    """`summarize download [MODEL]`: fetch a hub model into the local cache (requests never download)."""
    parser = argparse.ArgumentParser(
        prog="summarize download",
        description="Download a Hugging Face model (config, tokenizer, PyTorch weights) into the local cache, "
        "with a progress bar. Requests never download: a model that is not here answers 503.",
    )
    parser.add_argument("model", nargs="?", help="hub id (default SUMMARIZER_MODEL)")
    args = parser.parse_args(argv)
    from .settings import load_settings

    name = args.model or load_settings().model
    if Path(name).expanduser().is_dir():
        print(f"{name} is a local directory; nothing to download")
        return 0
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError

    try:
        # huggingface_hub draws the progress bars (tqdm) and resumes a partial download.
        path = snapshot_download(name, ignore_patterns=OTHER_FRAMEWORKS)
    except (HfHubHTTPError, OSError, ValueError) as error:
        print(f"summarize download: error: cannot download {name}: {error}", file=sys.stderr)
        return 2
    print(f"{name} is in the local cache: {path}")
    return 0


COMMANDS = {"build-embeddings": build_embeddings, "batch": batch, "worker": worker, "download": download}


def main(argv: Sequence[str] | None = None) -> int:
    # One BLAS thread (read when numpy loads, below): extractive matrices are small, and `summarize
    # batch` runs one process per core already (gunicorn.conf.py says why it matters under load).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import SummarizerError
    from .pipeline import Summarizer, available_methods, summarize
    from .settings import load_settings

    if args.list_methods:
        for info in available_methods():
            state = "" if info.available else f"  [unavailable: {info.reason}]"
            print(f"{info.name:<12} {info.kind:<11} {info.description}{state}")
        return 0
    if bool(args.file) == bool(args.url):
        parser.error("give a FILE to summarise, - for standard input, or --url")
    try:
        text = _read(args)
        # --model names the model outright; the allow-list is a service setting.
        run = Summarizer(load_settings(model=args.model)).summarize if args.model else summarize
        values = _option_values(args)
        values["method"] = args.method or ("abstractive" if args.model else None)
        summary = run(text, **values)  # type: ignore[arg-type]
    except (SummarizerError, OSError, UnicodeError) as error:
        print(f"summarize: error: {getattr(error, 'message', error)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_as_text(summary))
    for warning in summary.warnings:
        print(f"summarize: warning: {warning}", file=sys.stderr)
    return 0


def _read(args: argparse.Namespace) -> str:
    """The text to summarise: standard input's, a file's (read by its type), or a web page's main text."""
    from .text.html import extract_text

    if args.url:
        # The user's own machine fetches: URLs are allowed here (the service has SUMMARIZER_ALLOW_URLS),
        # with the same checks, so that a link cannot reach the local network unless --url-allow-network says so.
        from .text.fetch import FetchPolicy, fetch_page

        page = fetch_page(args.url, FetchPolicy(allowed_networks=tuple(args.url_allow_network)))
        return extract_text(page.body) if page.is_html else page.body
    from .text.files import decode_text, read_file

    if args.file == "-":
        return decode_text(sys.stdin.buffer.read(), args.encoding)

    path = Path(args.file)
    # A name without a known extension is read as text, as the CLI always did.
    content = read_file(path.read_bytes(), path.name, "text/plain", args.encoding)
    return extract_text(content.html) if content.html is not None else content.text or ""


def _as_text(summary: Summary) -> str:
    """Title, summary, key points, keywords: in the order a reader wants them."""
    lines = [f"# {summary.title.text}", ""] if summary.title else []
    lines += [summary.summary, ""]
    if summary.key_points:
        lines += ["Key points:", *(f"- {point}" for point in summary.key_points), ""]
    if summary.keywords:
        lines.append("Keywords: " + ", ".join(k.text for k in summary.keywords))
    return "\n".join(lines).rstrip()
