"""Abstractive summaries on tiny real models (random weights): the plumbing, not the prose."""

from __future__ import annotations

import math
import threading
import time

import pytest
from hypothesis import example, given, settings
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
from summarizer.methods import abstractive
from summarizer.methods.abstractive import MAX_PASSES, AbstractiveMethod
from summarizer.models.chunking import pack
from summarizer.models.transformer import Lengths, Prompt, TransformerModel
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


def test_progress_in_chunks_counts_every_model_input_up_to_the_final_call(summarizer, seed_text):
    heard: list[tuple[int, int]] = []

    summary = summarizer.summarize(seed_text, method="abstractive", on_chunks=lambda d, t: heard.append((d, t)))

    done, total = zip(*heard, strict=True)
    assert list(done) == sorted(done)
    assert list(total) == sorted(total)  # grows as each pass is packed
    assert all(d <= t for d, t in heard)
    assert any(0 < d < t for d, t in heard)
    assert heard[-1][0] == heard[-1][1]
    # The first pass's chunks, at least two chunks for each later map pass, and the final call.
    assert heard[-1][1] >= summary.stats.chunks + 2 * (summary.stats.passes - 2) + 1


def test_extractive_methods_report_no_chunks(summarizer, seed_text):
    heard: list[tuple[int, int]] = []

    summarizer.summarize(seed_text, method="lexrank", on_chunks=lambda d, t: heard.append((d, t)))

    assert [] == heard


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


# Map-reduce always ends with a summary, on any text and any model of 32 to 128 positions.

SEQ2SEQ_POSITIONS = (32, 64)  # and the 128 of `tiny_seq2seq`
CAUSAL_POSITIONS = (128,)  # below about 72 positions the instruction alone fills the context: see the next test


@pytest.fixture(scope="module")
def small_models(tmp_path_factory, seed_text, tiny_seq2seq) -> dict[str, Summarizer]:
    """Summarizers over tiny seq2seq and causal models with short contexts, built once for the module."""
    from .tiny_models import build_causal, build_seq2seq

    corpus = seed_text.splitlines()
    models = {
        **{f"seq2seq-{n}": build_seq2seq(tmp_path_factory.mktemp("seq2seq"), corpus, n) for n in SEQ2SEQ_POSITIONS},
        **{f"causal-{n}": build_causal(tmp_path_factory.mktemp("causal"), corpus, n) for n in CAUSAL_POSITIONS},
        "seq2seq-128": tiny_seq2seq,
    }
    # Greedy and big batches keep 30 examples within a minute or two; the reduction does not depend on them.
    fast = {"batch_wait_ms": 0, "batch_size": 32, "num_beams": 1}
    return {name: Summarizer(load_settings(model=str(d), **fast)) for name, d in models.items()}


_WORDS = st.sampled_from(
    [
        "the",
        "council",
        "approved",
        "budget",
        "on",
        "monday",
        "after",
        "weeks",
        "of",
        "debate",
        ";",
        "-",
        "1,200",
        "unprecedented",
        "x",
        "Zürich",
        "東京",
        "!",
    ]
)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=40).map(lambda words: " ".join(words) + ".")
_LENGTH = st.one_of(
    st.just({}),
    st.integers(1, 80).map(lambda n: {"words": n}),
    st.integers(1, 5).map(lambda n: {"sentences": n}),
    st.floats(0.05, 1.0).map(lambda r: {"ratio": r}),
)


@pytest.mark.slow
@settings(max_examples=25)
@given(
    sentences=st.lists(_SENTENCE, min_size=1, max_size=12),
    repeat=st.integers(1, 2),  # up to about 1,500 tokens: 50 chunks and 4 passes on the 32-position model
    model=st.sampled_from(["seq2seq-32", "seq2seq-64", "seq2seq-128", *(f"causal-{n}" for n in CAUSAL_POSITIONS)]),
    length=_LENGTH,
)
@example(sentences=["council council 東京 東京 東京."], repeat=1, model="seq2seq-32", length={})
def test_map_reduce_always_ends_with_a_summary(small_models, sentences, repeat, model, length):
    summarizer = small_models[model]

    text = " ".join(sentences * repeat)

    # The language is named: a soup of mostly "東京" reads as Chinese, which detection rightly refuses
    # (UndetectedLanguage); what this test checks is map-reduce, not detection.
    summary = summarizer.summarize(text, method="abstractive", language="english", keywords=0, key_points=0, **length)

    assert summary.summary.strip()
    assert summary.stats.passes <= MAX_PASSES + 1


def test_a_causal_context_too_short_for_the_instruction_is_unavailable(tmp_path, seed_text):
    from .tiny_models import build_causal

    cramped = Summarizer(load_settings(model=str(build_causal(tmp_path, seed_text.splitlines(), 32))))

    with pytest.raises(ModelUnavailable, match="too short for its instruction"):
        cramped.summarize(seed_text, method="abstractive")


def test_a_text_still_too_long_after_the_passes_is_cut_to_its_central_sentences(summarizer, seed_text, monkeypatch):
    monkeypatch.setattr(abstractive, "MAX_PASSES", 1)  # the seed article needs 2 passes on 128 positions

    summary = summarizer.summarize(seed_text, method="abstractive")

    assert summary.summary
    assert any(w.startswith("map-reduce could not shrink the text after 1 passes") for w in summary.warnings)


# A model that writes no text (tiny_models.build_seq2seq(writes_nothing=True)): still a summary, and a
# warning for each fallback that ran.

NO_TEXT = "the model wrote no text; the summary is the centrality method's choice of sentences"
NOT_SHORTER = (
    "map-reduce could not shrink the text when the model's partial summaries were no shorter than their chunks"
)


@pytest.fixture(scope="module")
def silent(tmp_path_factory, seed_text) -> Summarizer:
    from .tiny_models import build_seq2seq

    directory = build_seq2seq(tmp_path_factory.mktemp("silent"), seed_text.splitlines(), 128, writes_nothing=True)
    return Summarizer(load_settings(model=str(directory)))


def test_a_model_that_writes_no_text_gives_the_central_sentences_of_the_input(silent):
    text = (
        "The council met on Monday. It approved the budget after weeks of debate. Residents were not consulted. "
        "The mayor said the vote was a relief."
    )

    summary = silent.summarize(text, method="abstractive", sentences=2)

    assert [NO_TEXT] == summary.warnings
    assert (1, 1) == (summary.stats.chunks, summary.stats.passes)
    chosen = split_sentences(summary.summary).clean_sentences
    assert 2 == len(chosen)
    assert set(chosen) <= set(split_sentences(text).clean_sentences)


def test_empty_partial_summaries_fall_back_to_central_sentences_before_the_final_pass(silent, seed_text):
    summary = silent.summarize(seed_text, method="abstractive")

    assert summary.summary.strip()
    assert summary.stats.chunks > 1
    assert 2 == len(summary.warnings), summary.warnings
    assert summary.warnings[0].startswith(NOT_SHORTER)  # (2): the pass made nothing shorter
    assert NO_TEXT == summary.warnings[1]  # (3): nor did the final pass
    assert set(split_sentences(summary.summary).clean_sentences) <= set(split_sentences(seed_text).clean_sentences)


# Batched generation: the same output whether an input is generated alone or with others.

_TEXTS = [
    "The council met on Monday.",
    "It approved the budget after weeks of debate, and the mayor said the vote was a relief for the city.",
    "Residents were not consulted.",
]


@pytest.mark.parametrize("beams", [1, 2], ids=["greedy", "beam"])
@pytest.mark.parametrize("kind", ["seq2seq", "causal"])
def test_a_batch_answers_each_input_as_alone(request, kind, beams):
    directory = request.getfixturevalue(f"tiny_{kind}")
    model = TransformerModel(str(directory), load_settings(model=str(directory), num_beams=beams, device="cpu"))
    lengths = Lengths(2, 12)
    deadline = time.monotonic() + 60

    alone = [model.generate(text, lengths, deadline) for text in _TEXTS]
    together = model.generate_batch([Prompt(text) for text in _TEXTS], lengths, deadline)

    assert alone == together


def test_chunks_of_a_document_are_batched_with_the_same_summary(tiny_seq2seq, seed_text):
    one_by_one = Summarizer(load_settings(model=str(tiny_seq2seq), batch_size=1))
    batched = Summarizer(load_settings(model=str(tiny_seq2seq), batch_size=8))

    expected = one_by_one.summarize(seed_text, method="abstractive")
    actual = batched.summarize(seed_text, method="abstractive")

    assert expected.summary == actual.summary
    method = batched.method("abstractive")
    assert isinstance(method, AbstractiveMethod)
    assert max(method.queue(str(tiny_seq2seq)).batch_sizes) > 1


def test_concurrent_requests_share_a_batch_and_keep_their_answers(tiny_seq2seq):
    shared = Summarizer(load_settings(model=str(tiny_seq2seq), batch_size=8, queue_size=8))
    method = shared.method("abstractive")
    assert isinstance(method, AbstractiveMethod)
    queue = method.queue(method.model().name)
    expected = [shared.summarize(text, method="abstractive", key_points=0).summary for text in _TEXTS]
    answers: dict[int, str] = {}

    def ask(i: int) -> None:
        answers[i] = shared.summarize(_TEXTS[i], method="abstractive", key_points=0).summary

    with holding_the_model(queue):  # all three queue up behind the holder, then go as one batch
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(_TEXTS))]
        for thread in threads:
            thread.start()
        while queue.waiting < len(_TEXTS):
            time.sleep(0.01)
    for thread in threads:
        thread.join()

    assert expected == [answers[i] for i in range(len(_TEXTS))]
    assert len(_TEXTS) == queue.batch_sizes[-1]


# No request waits on the hub.


def test_a_hub_model_not_downloaded_is_unavailable_at_once_even_online(monkeypatch, seed_text):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    online = Summarizer(load_settings(model="example-org/never-downloaded-model"))

    started = time.monotonic()
    with pytest.raises(ModelUnavailable) as unavailable:
        online.summarize(seed_text, method="abstractive")

    assert time.monotonic() - started < 1.0
    assert "run `summarize download example-org/never-downloaded-model`" in unavailable.value.message


def test_int8_quantisation_generates_on_cpu(tiny_seq2seq):
    model = TransformerModel(str(tiny_seq2seq), load_settings(model=str(tiny_seq2seq), quantize="int8", device="cpu"))

    _text, tokens = model.generate("The council met on Monday.", Lengths(3, 6), time.monotonic() + 60)

    assert model.quantized
    assert 3 <= tokens <= 6
