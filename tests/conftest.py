"""Shared fixtures. Everything runs offline: no model hub, no NLTK data."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["SUMMARIZER_DEVICE"] = "cpu"  # the same path on a machine with a GPU

import pytest
from hypothesis import settings

# No per-example deadline: CI machines are shared and a slow first example (loading a Punkt model)
# says nothing about the property under test.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = next((ROOT / "seeds").glob("*.txt"))
DATA = ROOT.parent / "shared" / "data"  # the evaluation data, read in place, never copied here


def shared_data(name: str) -> Path:
    """../shared/data/`name`; the test is skipped where a checkout has no shared evaluation data beside it."""
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not there (the shared evaluation data)")
    return path


def shared_articles(name: str, count: int) -> tuple[str, ...]:
    """The first `count` articles of ../shared/data/`name`."""
    with shared_data(name).open(encoding="utf-8") as lines:
        return tuple(json.loads(line)["article"] for _, line in zip(range(count), lines, strict=False))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_seq2seq(tmp_path_factory, seed_text) -> Path:
    """A BART-like model with 128 input positions: the seed article (about 780 tokens) needs chunks."""
    from .tiny_models import build_seq2seq

    return build_seq2seq(tmp_path_factory.mktemp("tiny-seq2seq"), seed_text.splitlines(), max_positions=128)


@pytest.fixture(scope="session")
def tiny_causal(tmp_path_factory, seed_text) -> Path:
    """A Llama-like instruction model with a chat template and 256 positions."""
    from .tiny_models import build_causal

    return build_causal(tmp_path_factory.mktemp("tiny-causal"), seed_text.splitlines(), max_positions=256)


@contextmanager
def holding_the_model(queue) -> Iterator[None]:
    """Occupy a model's GenerationQueue from another thread until the block ends."""
    release, holding = threading.Event(), threading.Event()

    def hold() -> None:
        with queue.turn(time.monotonic() + 60):
            holding.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join()
