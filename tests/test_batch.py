"""`summarize batch`: a corpus in, one result or error per line out, in order, resumable, with progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import summarize
from tests.gunicorn_process import ROOT

pytestmark = pytest.mark.slow


def run_batch(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "batch", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def write_corpus(path: Path, seed_text: str) -> list[str]:
    documents = [{"id": f"doc-{i}", "text": seed_text} for i in range(5)] + [{"id": "blank", "text": "  "}]
    path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return [d["id"] for d in documents]


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_document_is_answered_in_input_order_with_progress_lines(tmp_path, seed_text):
    ids = write_corpus(tmp_path / "in.jsonl", seed_text)

    result = run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", "--processes", "2", "-m", "lexrank")
    lines = read_lines(tmp_path / "out.jsonl")

    assert 0 == result.returncode, result.stderr
    assert ids == [line["id"] for line in lines]
    assert summarize(seed_text, method="lexrank").summary == lines[0]["result"]["summary"]
    assert "empty_text" == lines[-1]["error"]["code"]
    # Not a terminal: plain progress lines, the last one complete, with a rate.
    progress = [line for line in result.stderr.splitlines() if "documents [" in line]
    assert progress and progress[-1].startswith("summarize batch: 6/6 documents")
    assert "doc/s" in progress[-1]
    assert "6 documents" in result.stderr.splitlines()[-1] and "1 errors" in result.stderr.splitlines()[-1]


def test_an_interrupted_run_resumes_without_redoing_finished_lines(tmp_path, seed_text):
    ids = write_corpus(tmp_path / "in.jsonl", seed_text)
    kept = json.dumps({"id": "doc-0", "result": "written by the interrupted run"})
    (tmp_path / "out.jsonl").write_text(kept + '\n{"id": "doc-1", "res', encoding="utf-8")  # cut mid-line

    result = run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", "--processes", "1")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()

    assert 0 == result.returncode, result.stderr
    assert kept == lines[0]
    assert ids == [json.loads(line)["id"] for line in lines]
    assert "1 kept from before" in result.stderr


def test_results_of_another_input_are_not_appended_to(tmp_path, seed_text):
    write_corpus(tmp_path / "in.jsonl", seed_text)
    (tmp_path / "out.jsonl").write_text(json.dumps({"id": "other", "result": {}}) + "\n", encoding="utf-8")

    result = run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl")

    assert 2 == result.returncode
    assert "another input's results" in result.stderr
    assert 1 == len((tmp_path / "out.jsonl").read_text().splitlines())


def test_a_directory_of_text_files(tmp_path, seed_text):
    (tmp_path / "corpus").mkdir()
    for name in ("b.txt", "a.txt"):
        (tmp_path / "corpus" / name).write_text(seed_text, encoding="utf-8")
    (tmp_path / "corpus" / "notes.md").write_text("not a document", encoding="utf-8")

    result = run_batch(tmp_path / "corpus", tmp_path / "out.jsonl", "-s", "2")

    assert 0 == result.returncode, result.stderr
    assert ["a.txt", "b.txt"] == [line["id"] for line in read_lines(tmp_path / "out.jsonl")]
    assert [2, 2] == [len(line["result"]["sentences"]) for line in read_lines(tmp_path / "out.jsonl")]


def test_a_bad_input_line_is_named(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "One. Two."}\n{"id": "b"}\n', encoding="utf-8")

    result = run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl")

    assert 2 == result.returncode
    assert "line 2" in result.stderr


@pytest.mark.parametrize(
    ("documents", "workers", "sizes"),
    [
        (1, 2, [1]),
        (100, 2, [50, 25, 13, 8, 4]),
        (2000, 2, [256] * 6 + [232, 116, 58, 29, 15, 8, 6]),
        (2000, 0, [256] * 7 + [208]),  # no worker yet: as if one
        (64, 16, [8] * 8),
    ],
)
def test_queue_jobs_shrink_towards_the_end_of_a_batch(documents, workers, sizes):
    """Guided self-scheduling: each job the documents left over the workers, none under 8 documents
    (each pays a fork and round trips) nor over 256, so the last jobs are short and end together."""
    from summarizer.batch import queue_job_sizes

    assert sizes == queue_job_sizes(documents, workers)
