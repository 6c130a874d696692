"""The evaluation command: ROUGE with bootstrap intervals, lengths, timings and key-point checks."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from summarizer.evaluate import bootstrap, main

from .conftest import ROOT, shared_data


@pytest.fixture()
def dataset(tmp_path, seed_text):
    lines = seed_text.splitlines()
    records = [
        # The first line is the title, not a sentence: Lead-3 is the three lines after it.
        {"id": "copy", "article": seed_text, "reference": "\n".join(lines[1:4])},
        {"id": "other", "article": seed_text, "reference": lines[9]},
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return path


def test_json_output_has_every_metric_with_an_interval(dataset, capsys):
    assert 0 == main([str(dataset), "--methods", "lead,lexrank", "--json", "--resamples", "200"])

    output = capsys.readouterr()
    results = json.loads(output.out)
    assert ["lead", "lexrank"] == [r["method"] for r in results]
    # The progress display, as plain lines (not a terminal), on standard error.
    assert "tiny lead: 2/2 documents" in output.err and "tiny lexrank: 2/2 documents" in output.err
    for result in results:
        assert {"rouge1", "rouge2", "rougeL", "rougeLsum"} == set(result["rouge"])
        for interval in result["rouge"].values():
            assert interval["low"] <= interval["mean"] <= interval["high"]
        assert 2 == result["documents"]
        assert 0 < result["words"]
        points = result["key_points"]
        assert 0 < points["rouge1_recall"] <= 100
        assert 0 <= points["largest_overlap"] <= points["max_overlap"] <= 1
        assert 0 <= points["standalone"] <= 1
        assert 0 < points["words"]


def test_lead_on_a_reference_made_of_the_lead_scores_100(dataset, capsys):
    main([str(dataset), "--methods", "lead", "--json", "--resamples", "200"])

    first = json.loads(capsys.readouterr().out)[0]
    # Document "copy" scores 100; the other one far less, so the mean is between.
    assert 50 < first["rouge"]["rougeLsum"]["mean"] < 100


def test_bootstrap_interval_of_a_constant_is_that_constant():
    interval = bootstrap(np.full(50, 42.0))

    assert (42.0, 42.0, 42.0) == (interval.mean, interval.low, interval.high)


def test_table_on_the_shared_data_from_the_command_line():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer.evaluate",
            str(shared_data("cnndm-dev.jsonl")),
            "--methods",
            "lead",
            "--limit",
            "5",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )

    assert 0 == result.returncode, result.stderr
    assert "| cnndm-dev | lead | 5 |" in result.stdout
    assert "| data | method | key points: ROUGE-1 recall |" in result.stdout
