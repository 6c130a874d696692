"""The fast LexRank, TextRank, Reduction and LSA engines rank sentences exactly as sumy does."""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import pytest

from summarizer.methods import entry
from summarizer.methods.fast import lexrank, textrank
from summarizer.methods.registry import MethodRequest
from summarizer.options import Options
from summarizer.pipeline import finite_scores
from summarizer.select import ranking
from summarizer.settings import load_settings
from summarizer.text.sentences import Document, split_sentences

from .conftest import ROOT, shared_articles

ARTICLES_PER_FILE = 15
METHODS = ["lexrank", "textrank", "reduction", "lsa"]
# These three reproduce sumy's arithmetic, so their scores are sumy's to the bit.
BIT_EXACT = {"lexrank", "textrank", "reduction"}

DEGENERATE = {
    "repeated": "The cat sat on the mat. " * 6,
    "repeated-mixed": (
        "The cat sat on the mat. Dogs bark loudly at night. The cat sat on the mat. Birds sing at dawn. "
        "The cat sat on the mat. Dogs bark loudly at night. Cats and dogs sat on the mat at night."
    ),
    "one-word": "Yes. No. Maybe. Yes. Cats. Dogs. Cats.",
    "single": "Only one sentence here talks about automatic summarisation of news.",
    "stop-words": "It is what it is. They were there. We are here and there. So it goes.",
    "stop-words-and-words": "It is what it is. Markets rallied on Friday. They were there. Markets fell on Monday.",
    "no-words": "The final score was 2-1. 45,000. Fans cheered the team after 90 minutes.",
    # Every term in two of three sentences: LexRank's idf log(3 / (1 + 2)) is 0 everywhere (sumy: NaN).
    "zero-idf": "Alpha beta. Beta gamma. Alpha gamma.",
}


def _method(name: str):
    return entry(name).factory(load_settings())


def _fast(method, document, count: int) -> np.ndarray:
    """The method's fast engine through the method contract."""
    return method.summarize(document, MethodRequest(Options(engine="fast"), count)).scores


@cache
def _articles(name: str) -> tuple[str, ...]:
    return shared_articles(name, ARTICLES_PER_FILE)


def _long_text(sentences: int = 300, seed: int = 2004) -> str:
    """Generated text: a small vocabulary (many shared words and ties), some stop words, some repeats."""
    rng = random.Random(seed)
    content = [
        f"{stem}{suffix}"
        for stem in ("market", "vote", "team", "storm", "court", "price")
        for suffix in ("", "s", "ed")
    ]
    content += ["government", "minister", "police", "school", "river", "energy", "health", "music", "film", "rain"]
    stop = ["the", "a", "of", "and", "to", "in", "it", "was", "on", "for"]
    weights = [1.0 / (rank + 1) for rank in range(len(content))]
    paragraphs: list[list[str]] = [[]]
    made: list[str] = []
    for index in range(sentences):
        if index % 37 == 36:
            sentence = made[rng.randrange(len(made))]  # an exact repeat of an earlier sentence
        else:
            words = rng.choices(content, weights, k=rng.randint(1, 14)) + rng.sample(stop, rng.randint(0, 4))
            rng.shuffle(words)
            sentence = " ".join(words).capitalize() + "."
        made.append(sentence)
        paragraphs[-1].append(sentence)
        if len(paragraphs[-1]) == 10:
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


@cache
def _document(case: str) -> Document:
    kind, _, rest = case.partition(":")
    if kind == "cnndm":
        return split_sentences(_articles("cnndm-dev.jsonl")[int(rest)])
    if kind == "bbc":
        return split_sentences(_articles("bbc-news-summary.jsonl")[int(rest)])
    if kind == "long":
        return split_sentences(_long_text())
    if kind == "seed":
        return split_sentences((ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8"))
    return split_sentences(DEGENERATE[rest])


def _merge_ties(scores: np.ndarray) -> np.ndarray:
    """sumy's LSA scores with SVD rounding noise removed: values within 1e-9 of each other made equal.

    sumy orders such ties by that noise (which moves with the hash seed); the fast engine gives them
    equal scores, so they go to the earlier sentence.
    """
    tolerance = 1e-9 * max(1.0, float(np.max(np.abs(scores), initial=0.0)))
    merged = scores.copy()
    top = None
    for index in np.argsort(-scores, kind="stable"):
        if top is None or top - scores[index] > tolerance:
            top = scores[index]
        merged[index] = top
    return merged


CASES = [
    "seed:",
    *(f"cnndm:{i}" for i in range(ARTICLES_PER_FILE)),
    *(f"bbc:{i}" for i in range(ARTICLES_PER_FILE)),
    *(f"degenerate:{name}" for name in DEGENERATE),
    "long:",
]


@pytest.mark.parametrize("case", CASES, ids=[case.rstrip(":").replace(":", "-") for case in CASES])
@pytest.mark.parametrize("name", METHODS)
def test_fast_ranking_is_sumys(name, case):
    document = _document(case)
    method = _method(name)
    expected = finite_scores(method.rank_with_sumy(document))
    actual = np.asarray(_fast(method, document, 5))
    if name == "lsa":
        np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-12 * max(1.0, float(expected.max())))
        expected = _merge_ties(expected)

    assert len(document.sentences) == len(actual)
    assert ranking(expected)[:5].tolist() == ranking(actual)[:5].tolist()
    assert ranking(expected).tolist() == ranking(actual).tolist()
    if name in BIT_EXACT:
        assert expected.tolist() == actual.tolist()


@pytest.mark.parametrize("case", ["seed:", "cnndm:0", "bbc:0", "degenerate:zero-idf", "degenerate:stop-words", "long:"])
@pytest.mark.parametrize("name", METHODS)
def test_scores_are_finite_where_sumys_are(name, case):
    document = _document(case)
    method = _method(name)
    reference = method.rank_with_sumy(document)
    actual = np.asarray(_fast(method, document, 3))

    assert np.isfinite(actual[np.isfinite(reference)]).all()
    assert np.isfinite(actual).all()  # where sumy's LexRank gives NaN, the engine gives zeros


def test_lexrank_without_edges_keeps_document_order():
    document = _document("degenerate:zero-idf")
    reference = _method("lexrank").rank_with_sumy(document)

    assert np.isnan(reference).all()
    assert [0.0, 0.0, 0.0] == lexrank.rank(document, 3).tolist()


@pytest.mark.parametrize("module", [lexrank, textrank], ids=["lexrank", "textrank"])
@pytest.mark.parametrize("case", ["seed:", "cnndm:1", "long:"])
def test_sparse_power_method_agrees_with_dense(monkeypatch, module, case):
    document = _document(case)
    dense = module.rank(document, 5)
    monkeypatch.setattr(module, "DENSE_LIMIT", 0)
    sparse = module.rank(document, 5)

    np.testing.assert_allclose(dense, sparse, rtol=1e-10, atol=0)
    assert ranking(dense)[:5].tolist() == ranking(sparse)[:5].tolist()


def test_long_text_has_the_length_it_was_built_for():
    # Guards the generator: the comparison above is only meaningful on a long text with repeats.
    document = _document("long:")

    assert 290 <= len(document.sentences) <= 300
    assert len(set(document.clean_sentences)) < len(document.clean_sentences)
