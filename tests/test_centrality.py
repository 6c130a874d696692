"""The default method: central sentences with a position prior, not simply the lede."""

from __future__ import annotations

import random
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import DEFAULT_METHOD, Summarizer, split_sentences
from summarizer.methods.centrality import PARAMETERS, centrality_scores, tfidf_vectors
from summarizer.select import SMALL_MMR, _array_mmr, _small_mmr, mmr_scores, ranking
from summarizer.settings import load_settings

OFF_TOPIC_OPENING = (
    "The weather in the capital was mild on Thursday morning. Traffic moved slowly near the bazaar. "
    "Cafes opened at the usual hour and the buses ran on time.\n"
)


def _summary(text: str, method: str = "centrality") -> list[int]:
    return [s.index for s in Summarizer(load_settings()).summarize(text, method=method, sentences=3).sentences]


def _shuffled(seed_text: str, shuffle: int) -> str:
    body = seed_text.splitlines()[1:]
    random.Random(shuffle).shuffle(body)
    return "\n".join(body)


def test_centrality_is_the_default_method():
    assert "centrality" == DEFAULT_METHOD


def test_an_off_topic_opening_is_skipped(seed_text):
    chosen = _summary(OFF_TOPIC_OPENING + seed_text)

    assert not {0, 1, 2} & set(chosen)  # Lead-3 would return exactly these


def _most_central(document, count: int) -> set[int]:
    """The sentences most similar to the whole text (tf-idf cosine to the centroid): an oracle
    independent of the method's graph, its position prior and its embeddings."""
    vectors = tfidf_vectors(document)
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    return {int(i) for i in np.argsort(-(vectors @ centroid))[:count]}


def test_shuffled_paragraphs_are_summarised_by_central_sentences_not_their_lede(seed_text):
    """With static vectors, over 10 shuffles of the seed's paragraphs: 8 summaries differ from Lead-3
    and 9 keep one of the five most central sentences (the position prior, tuned for news, keeps the
    first two sentences in all 10). MiniLM's vectors (`centrality-minilm`, below) do better on both."""
    shuffles = [_shuffled(seed_text, shuffle) for shuffle in range(10)]

    chosen = [_summary(text) for text in shuffles]
    with_central = [
        bool(_most_central(split_sentences(text), 5) & set(c)) for text, c in zip(shuffles, chosen, strict=True)
    ]

    assert 8 <= sum(c != [0, 1, 2] for c in chosen), chosen
    assert 9 <= sum(with_central), chosen


@pytest.mark.parametrize("shuffle", range(10))
def test_minilm_centrality_gives_central_sentences_in_every_shuffle(seed_text, shuffle):
    shuffled = _shuffled(seed_text, shuffle)

    chosen = _summary(shuffled, "centrality-minilm")

    assert [0, 1, 2] != chosen
    assert _most_central(split_sentences(shuffled), 5) & set(chosen)


def test_scores_order_is_the_pick_order_and_finite(seed_text):
    document = split_sentences(seed_text)

    scores = centrality_scores(document, None, 3, PARAMETERS)

    assert len(document.sentences) == len(scores)
    assert all(abs(s) < float("inf") for s in scores)
    assert len(set(ranking(scores)[:3].tolist())) == 3


def test_threads_take_turns_at_extractive_summaries_and_get_their_own_answers(seed_text):
    """One extractive summary at a time per Summarizer (pipeline.py: interleaving threads under the GIL
    only cost CPU); each thread still gets the answer it would get alone."""
    summarizer = Summarizer(load_settings())
    texts = [seed_text, seed_text.replace("Raisi", "Rouhani"), seed_text[: len(seed_text) // 2]]
    alone = [summarizer.summarize(text).summary for text in texts]

    answers: dict[int, str] = {}

    def run(i: int) -> None:
        answers[i] = summarizer.summarize(texts[i % 3]).summary

    with summarizer._extracting:  # another thread's turn
        threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)  # long enough for an unblocked summary (about 5 ms) to finish; nothing is timed
        assert answers == {}  # all wait for the turn
    for thread in threads:
        thread.join(timeout=30)
    assert {i: alone[i % 3] for i in range(6)} == answers


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, SMALL_MMR),
    st.sampled_from([0.0, 0.15, 0.5, 1.0]),
    st.randoms(use_true_random=False),
)
def test_mmr_on_python_floats_gives_the_numpy_scores_bit_for_bit(n, redundancy, rng):
    # Ties and signed zeros included: values drawn from a small set, as equal scores and zero similarities are.
    levels = [-0.0, 0.0, 0.25, 0.5, 1.0, 1 / 3, -0.2]
    base = np.array([rng.choice(levels) if rng.random() < 0.5 else rng.uniform(-1, 2) for _ in range(n)])
    similarity = np.array(
        [[rng.choice(levels) if rng.random() < 0.5 else rng.uniform(-1, 1) for _ in range(n)] for _ in range(n)]
    )

    small = _small_mmr(base, lambda i: similarity[i], redundancy)
    array = _array_mmr(base, lambda i: similarity[i], redundancy, n)

    assert small is not None
    assert small.tobytes() == array.tobytes()  # the same doubles, the sign of a zero included


def test_mmr_leaves_a_nan_to_numpy():
    base = np.array([1.0, 0.5, 0.2])
    similarity = np.array([[1.0, np.nan, 0.1], [np.nan, 1.0, 0.1], [0.1, 0.1, 1.0]])

    assert _small_mmr(base, lambda i: similarity[i], 0.15) is None
    assert mmr_scores(base, lambda i: similarity[i], 0.15, 200).tobytes() == (
        _array_mmr(base, lambda i: similarity[i], 0.15, 200).tobytes()
    )


def test_mmr_on_python_floats_keeps_numpys_choice_between_equal_zeros():
    # np.maximum(0.0, -0.0) is -0.0, and the sign reaches the second pick's score through its gain.
    base, similarity = np.array([1.0, -0.0]), np.array([[1.0, -0.0], [-0.0, 1.0]])

    small = _small_mmr(base, lambda i: similarity[i], 0.5)

    assert small is not None
    assert small.tobytes() == _array_mmr(base, lambda i: similarity[i], 0.5, 2).tobytes()
