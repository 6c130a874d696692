"""The command line on the seed article, as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import available_methods

from .conftest import ROOT, SEED_FILE

EXTRACTIVE = [m.name for m in available_methods() if m.kind == "extractive"]


def run_cli(*args: str, stdin: str | None = None, nltk_data: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if nltk_data is not None:
        env["NLTK_DATA"] = str(nltk_data)  # an empty directory: proves no NLTK data is needed
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_json_output_for_every_method(method, tmp_path):
    result = run_cli(str(SEED_FILE), "--method", method, "--sentences", "3", "--json", nltk_data=tmp_path)

    assert 0 == result.returncode, result.stderr
    data = json.loads(result.stdout)
    text = SEED_FILE.read_text(encoding="utf-8")
    assert method == data["method"]
    assert 3 == len(data["sentences"])
    assert all(text[s["start"] : s["end"]] == s["text"] for s in data["sentences"])
    assert {"summary", "sentences", "key_points", "keywords", "method", "kind", "language", "stats", "warnings"} <= set(
        data
    )


def test_plain_text_output_reads_stdin_and_shows_title_summary_key_points_keywords_in_order():
    result = run_cli("-", "--sentences", "2", stdin=SEED_FILE.read_text(encoding="utf-8"))

    assert 0 == result.returncode, result.stderr
    out = result.stdout
    title, summary = "# Iran’s President Warns against Expansion of NATO", "TEHRAN (Tasnim)"
    assert out.startswith(title + "\n\n" + summary)
    assert out.index(summary) < out.index("Key points:") < out.index("Keywords:")


def test_bullets_and_key_point_length_from_the_command_line():
    result = run_cli(str(SEED_FILE), "--format", "bullets", "--key-point-words", "12", "--include-title")

    assert 0 == result.returncode, result.stderr
    assert "- Iran’s President Warns against Expansion of NATO\n- TEHRAN (Tasnim)" in result.stdout


def test_list_methods():
    result = run_cli("--list-methods")

    assert 0 == result.returncode
    assert {m.name for m in available_methods()} == {line.split()[0] for line in result.stdout.splitlines()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-"], "empty"),
        ([str(SEED_FILE), "--method", "magic"], "unknown method 'magic'"),
        ([str(SEED_FILE), "--language", "klingon"], "not supported"),
        ([str(SEED_FILE), "--sentences", "0"], "sentences must be"),
        (["no-such-file.txt"], "No such file"),
    ],
    ids=["empty", "method", "language", "length", "missing_file"],
)
def test_errors_go_to_stderr_with_status_2(args, message):
    result = run_cli(*args, stdin="")

    assert 2 == result.returncode
    assert message in result.stderr
    assert "" == result.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "summarize"

    result = subprocess.run([str(script), str(SEED_FILE), "-s", "1"], capture_output=True, text=True, timeout=120)

    assert 0 == result.returncode, result.stderr


def test_model_option_runs_the_abstractive_method(tiny_seq2seq):
    result = run_cli(str(SEED_FILE), "--model", str(tiny_seq2seq), "--words", "12", "--json")

    assert 0 == result.returncode, result.stderr
    data = json.loads(result.stdout)
    assert ("abstractive", str(tiny_seq2seq)) == (data["kind"], data["model"])
    assert data["stats"]["chunks"] > 1


def test_download_of_a_model_the_hub_cannot_give_says_why_with_status_2():
    result = run_cli("download", "example-org/never-downloaded-model")  # HF_HUB_OFFLINE=1 here

    assert 2 == result.returncode
    assert "cannot download example-org/never-downloaded-model" in result.stderr


def test_download_of_a_local_directory_has_nothing_to_do(tiny_seq2seq):
    result = run_cli("download", str(tiny_seq2seq))

    assert 0 == result.returncode, result.stderr
    assert "nothing to download" in result.stdout
