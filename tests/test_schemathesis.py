"""Schemathesis against the live service (real gunicorn): the OpenAPI document states exactly what the
service accepts, and no request, valid or not, gets a 5xx.

Two runs with a fixed seed, every check: the examples and fuzzing phases (schema-valid and invalid
requests, with the hooks in tests/schemathesis_hooks.py for the rules a schema cannot state), then the
coverage phase (boundary values, missing and unexpected fields) without `positive_data_acceptance`,
because that phase does not apply the hooks. About 1,300 cases in 2 minutes on 2 cores.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gunicorn_process import ROOT, gunicorn_service

SEED = "20261130"
FUZZ_EXAMPLES = 700  # per operation; most are spent on the two summarise operations


@pytest.fixture(scope="module")
def service(tiny_seq2seq):
    # The tiny model as SUMMARIZER_MODEL, loaded before the fork: "abstractive" answers as it would in
    # production, rather than 503 for a model this machine has no copy of.
    # Every language warm too: Polish's stemmer alone takes 17 s to load on its first request.
    env = {
        "SUMMARIZER_MODEL": str(tiny_seq2seq),
        "SUMMARIZER_PRELOAD": "1",
        "SUMMARIZER_WARM_LANGUAGES": "all",
        "HF_HUB_OFFLINE": "1",
    }
    with gunicorn_service(env, ready_timeout=180) as running:
        yield running


def _schemathesis(url: str, tmp_path: Path, *arguments: str) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{url}/openapi.json",
        "--checks",
        "all",
        "--seed",
        SEED,
        "--exclude-path",
        "/docs/",
        "--request-timeout",
        "30",
        "--no-color",
        *arguments,
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=400)
    output = done.stdout + done.stderr
    generated = re.search(r"(\d+) generated", output)
    return (int(generated.group(1)) if generated else 0), output if done.returncode else ""


def test_schemathesis_finds_no_failure(service, tmp_path):
    fuzzed, fuzz_failures = _schemathesis(
        service.url, tmp_path, "--phases", "examples,fuzzing", "--max-examples", str(FUZZ_EXAMPLES)
    )
    covered, coverage_failures = _schemathesis(
        service.url, tmp_path, "--phases", "coverage", "--exclude-checks", "positive_data_acceptance"
    )

    for failures in (fuzz_failures, coverage_failures):
        if failures:  # the report itself, not pytest's truncated diff of it
            pytest.fail(failures[failures.find("FAILURES") :], pytrace=False)
    assert fuzzed + covered >= 1000
