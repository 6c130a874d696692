"""Abstractive summaries on tiny real models (random weights): the plumbing, not the prose."""

from __future__ import annotations

import math
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer import (
    Busy,
    GenerationTimeout,
    InvalidInput,
    ModelUnavailable,
    Summarizer,
    TextTooLong,
    split_sentences,
)
from summarizer.methods.abstractive import AbstractiveMethod
from summarizer.models.chunking import pack
from summarizer.settings import load_settings

from .conftest import holding_the_model


@pytest.fixture(scope="module")
def summarizer(tiny_seq2seq, tiny_causal):
    return Summarizer(load_settings(model=str(tiny_seq2seq), allowed_models=[str(tiny_causal)]))


def test_seed_article_is_chunked_and_reduced(summarizer, seed_text):
    summary = summarizer.summarize(seed_text, method="abstractive")

    assert summary.summary.strip()
    assert "abstractive" == summary.kind
    assert [] == summary.sentences
    assert summary.stats.chunks > 1  # about 780 tokens into a 128-token model
    assert summary.stats.passes >= 2
    assert summary.key_points
    assert summary.keywords


def test_short_text_is_one_chunk_one_pass(summarizer):
    summary = summarizer.summarize("The council met on Monday. It approved the budget.", method="abstractive")

    assert (1, 1) == (summary.stats.chunks, summary.stats.passes)


@pytest.mark.parametrize("words", [5, 12, 30])
def test_word_budget_bounds_the_generated_tokens(summarizer, seed_text, words):
    summary = summarizer.summarize(seed_text, method="abstractive", words=words)

    # words -> at least words/2 and at most 1.4 * words + 2 new tokens
    assert words // 2 <= summary.stats.generated_tokens <= math.ceil(words * 1.4) + 2
    assert summary.summary
    assert summary.stats.summary_words <= words or any("first sentence has" in w for w in summary.warnings)


def test_sentences_length_keeps_at_most_that_many_sentences(summarizer, seed_text):
    summary = summarizer.summarize(seed_text, method="abstractive", sentences=1)

    assert 1 >= len(split_sentences(summary.summary).sentences)


def test_causal_lm_through_its_chat_template(summarizer, tiny_causal, seed_text):
    summary = summarizer.summarize(seed_text, method="abstractive", model=str(tiny_causal), words=20)

    assert str(tiny_causal) == summary.model
    assert summary.summary.strip()
    assert summary.key_points
    model = summarizer.method("abstractive").model(str(tiny_causal))
    assert not model.is_seq2seq
    assert model.tokenizer.chat_template


def test_a_model_outside_the_allow_list_is_refused(summarizer, seed_text):
    with pytest.raises(InvalidInput, match="not allowed"):
        summarizer.summarize(seed_text, method="abstractive", model="some/other-model")


def test_missing_model_is_unavailable_with_the_reason(seed_text):
    broken = Summarizer(load_settings(model="/nonexistent/model"))

    with pytest.raises(ModelUnavailable, match="no model directory at /nonexistent/model"):
        broken.summarize(seed_text, method="abstractive")
    info = next(m for m in broken.methods() if m.name == "abstractive")
    assert (False, "failed") == (info.available, info.state)
    assert 3 == len(broken.summarize(seed_text, method="lexrank").sentences)  # extractive still works


def test_uncached_hub_model_is_unavailable_offline():
    offline = Summarizer(load_settings(model="sshleifer/distilbart-cnn-12-6"))

    info = next(m for m in offline.methods() if m.name == "abstractive")

    assert not info.available
    assert "not in the local Hugging Face cache" in info.reason


def test_generation_timeout(tiny_seq2seq, seed_text):
    hasty = Summarizer(load_settings(model=str(tiny_seq2seq), generation_timeout=0.001))
    hasty.method("abstractive").model()  # loaded: the timeout is about generating

    with pytest.raises(GenerationTimeout):
        hasty.summarize(seed_text, method="abstractive")


def test_full_queue_is_busy_with_a_retry_time(tiny_seq2seq, seed_text):
    queued = Summarizer(load_settings(model=str(tiny_seq2seq), queue_size=1))
    method = queued.method("abstractive")
    assert isinstance(method, AbstractiveMethod)
    queue = method.queue(method.model().name)

    with holding_the_model(queue):
        waiter = threading.Thread(target=lambda: queued.summarize("One thing. Another.", method="abstractive"))
        waiter.start()
        while queue.waiting < 1:  # wait for the second request to queue up
            time.sleep(0.01)
        with pytest.raises(Busy) as refused:
            queued.summarize(seed_text, method="abstractive")
    waiter.join()

    assert refused.value.retry_after >= 1


def test_text_over_the_abstractive_cap_is_too_long(tiny_seq2seq, seed_text):
    capped = Summarizer(load_settings(model=str(tiny_seq2seq), max_abstractive_chars=1000))

    with pytest.raises(TextTooLong, match="for abstractive methods"):
        capped.summarize(seed_text, method="abstractive")


def _count_words(texts: list[str]) -> list[int]:
    return [len(t.split()) for t in texts]


def _split_words(text: str, size: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


@given(
    st.lists(st.lists(st.sampled_from(["a", "bb", "ccc"]), min_size=1, max_size=40).map(" ".join), max_size=30),
    st.integers(min_value=1, max_value=25),
)
def test_chunks_fit_the_budget_and_keep_every_word(units, budget):
    chunks = pack(units, budget, _count_words, _split_words)

    assert all(n <= budget for n in _count_words(chunks))
    assert " ".join(units).split() == " ".join(chunks).split()
