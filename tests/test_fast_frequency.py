"""The fast Luhn, KL-Sum, SumBasic and Edmundson engines rate sentences exactly as sumy does."""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import pytest
from sumy.summarizers.kl import KLSummarizer

from summarizer.methods import entry
from summarizer.methods.fast import kl, sumbasic
from summarizer.methods.registry import MethodRequest
from summarizer.methods.sumy_methods import to_sumy_document
from summarizer.options import Options
from summarizer.select import ranking
from summarizer.settings import load_settings
from summarizer.text.sentences import Document, split_sentences, stop_words

from .conftest import ROOT, shared_articles

ARTICLES_PER_FILE = 15
METHODS = ["luhn", "kl", "sumbasic", "edmundson"]

DEGENERATE = {
    "repeated": "The cat sat on the mat. " * 6,
    "repeated-mixed": (
        "The cat sat on the mat. Dogs bark loudly at night. The cat sat on the mat. Birds sing at dawn. "
        "The cat sat on the mat. Dogs bark loudly at night. Cats and dogs sat on the mat at night."
    ),
    # Same content words, different sentences: one candidate for KL and SumBasic, two texts for sumy's dicts.
    "same-content": "The cat sat. A cat sat! The cat sat. Cat sat. Dogs ran far. The dogs ran far.",
    "one-word": "Yes. No. Maybe. Yes. Cats. Dogs. Cats.",
    "single": "Only one sentence here talks about automatic summarisation of news.",
    "stop-words": "It is what it is. They were there. We are here and there. So it goes.",
    "stop-words-and-words": "It is what it is. Markets rallied on Friday. They were there. Markets fell on Monday.",
    "no-words": "The final score was 2-1. 45,000. Fans cheered the team after 90 minutes.",
    # Equal averages in exact arithmetic: SumBasic's float rounding decides between them.
    "equal-averages": "Alpha beta. Gamma delta epsilon. Zeta eta theta iota. Alpha. Kappa lambda. Mu nu xi.",
    # KL-Sum: different candidates with equal divergence in exact arithmetic (same counts, other order).
    "near-ties": "Alpha beta. Gamma delta. Alpha. Delta. Epsilon zeta eta. Eta theta iota.",
    "cue-words": (
        "The important result was announced today.\n\nPerhaps the report is wrong.\n\n"
        "Officials said the key finding is new.\n\nIt was allegedly a mistake.\n\nThe main conclusion stands."
    ),
    "capitals": (
        "The Market rose. the market fell. THE MARKET held. Market prices rose. The market and the Market. "
        "Prices fell; the The the."
    ),
}

OTHER_LANGUAGES = {
    "german": (
        "Die Regierung hat am Montag einen neuen Haushalt vorgestellt. Der Haushalt sieht höhere Ausgaben vor. "
        "Die Opposition kritisierte den Haushalt scharf. Die Regierung verteidigte die Ausgaben. "
        "Am Dienstag beginnt die Debatte im Parlament."
    ),
    "french": (
        "Le gouvernement a présenté lundi un nouveau budget. Le budget prévoit des dépenses plus élevées. "
        "L'opposition a vivement critiqué le budget. Le gouvernement a défendu les dépenses. "
        "Le débat commence mardi au parlement."
    ),
}


def _method(name: str):
    return entry(name).factory(load_settings())


def _fast(method, document, count: int) -> np.ndarray:
    """The method's fast engine through the method contract."""
    return method.summarize(document, MethodRequest(Options(engine="fast"), count)).scores


@cache
def _articles(name: str) -> tuple[str, ...]:
    return shared_articles(name, ARTICLES_PER_FILE)


def _generated_text(sentences: int, seed: int = 1958) -> str:
    """A small vocabulary (shared words, ties), capitalised and stop words (KL's case rules), exact repeats."""
    rng = random.Random(seed)
    content = [
        f"{stem}{suffix}"
        for stem in ("market", "vote", "team", "storm", "court", "price")
        for suffix in ("", "s", "ed")
    ]
    content += ["government", "minister", "police", "school", "river", "important", "result", "perhaps", "Energy"]
    stop = ["the", "a", "of", "and", "to", "in", "it", "was", "on", "The", "It"]
    weights = [1.0 / (rank + 1) for rank in range(len(content))]
    paragraphs: list[list[str]] = [[]]
    made: list[str] = []
    for index in range(sentences):
        if index % 23 == 22:
            sentence = made[rng.randrange(len(made))]  # an exact repeat of an earlier sentence
        else:
            words = rng.choices(content, weights, k=rng.randint(1, 12)) + rng.sample(stop, rng.randint(0, 4))
            rng.shuffle(words)
            words = [w.capitalize() if rng.random() < 0.15 else w for w in words]
            sentence = " ".join(words) + "."
            sentence = sentence[0].upper() + sentence[1:]
        made.append(sentence)
        paragraphs[-1].append(sentence)
        if len(paragraphs[-1]) == 8:
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


@cache
def _document(case: str) -> Document:
    kind, _, rest = case.partition(":")
    if kind == "cnndm":
        return split_sentences(_articles("cnndm-dev.jsonl")[int(rest)])
    if kind == "bbc":
        return split_sentences(_articles("bbc-news-summary.jsonl")[int(rest)])
    if kind == "generated":
        return split_sentences(_generated_text(int(rest)))
    if kind == "seed":
        return split_sentences((ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8"))
    if kind == "language":
        return split_sentences(OTHER_LANGUAGES[rest], rest)
    return split_sentences(DEGENERATE[rest])


CASES = [
    "seed:",
    *(f"cnndm:{i}" for i in range(ARTICLES_PER_FILE)),
    *(f"bbc:{i}" for i in range(ARTICLES_PER_FILE)),
    *(f"degenerate:{name}" for name in DEGENERATE),
    *(f"language:{name}" for name in OTHER_LANGUAGES),
    "generated:60",
]
# sumy's KL-Sum is O(sentences^2 x words): its long generated text is kept shorter.
LONG_CASES = ["generated:150"]


def _cases() -> list[tuple[str, str]]:
    pairs = [(name, case) for name in METHODS for case in CASES]
    pairs += [(name, case) for name in METHODS if name != "kl" for case in LONG_CASES]
    return pairs


@pytest.mark.parametrize(
    ("name", "case"), _cases(), ids=[f"{name}-{case.rstrip(':').replace(':', '-')}" for name, case in _cases()]
)
def test_fast_ratings_are_sumys(name, case):
    document = _document(case)
    method = _method(name)
    expected = method.rank_with_sumy(document)
    actual = np.asarray(_fast(method, document, 5))

    assert len(document.sentences) == len(actual)
    assert ranking(expected)[:5].tolist() == ranking(actual)[:5].tolist()
    assert ranking(expected).tolist() == ranking(actual).tolist()
    # Counts, small ratios and minus the greedy step: the ratings themselves are sumy's, to the bit.
    assert expected.tolist() == actual.tolist()


def test_generated_texts_have_repeats_and_the_intended_length():
    # Guards the generator: the comparisons above are only meaningful on long texts with repeats.
    for sentences in (60, 150):
        document = _document(f"generated:{sentences}")

        assert sentences - 5 <= len(document.sentences) <= sentences
        assert len(set(document.clean_sentences)) < len(document.clean_sentences)


def test_repeated_text_is_rated_by_the_last_pick_as_sumy_keys_ratings_by_text():
    document = _document("degenerate:repeated-mixed")
    ratings = sumbasic.rank(document, 3)

    # Sentences 0, 2 and 4 share one text, so one rating; 1 and 5 too.
    assert ratings[0] == ratings[2] == ratings[4]
    assert ratings[1] == ratings[5]
    assert len(set(ratings.tolist())) < len(ratings)


def test_greedy_ratings_follow_sumys_dict_semantics():
    # Picks: a, b, a again (overwrites a with -2, count stays 2), c (-2).
    assert [-2.0, -1.0, -2.0, -2.0] == sumbasic.greedy_ratings([0, 1, 2, 3], ["a", "b", "a", "c"]).tolist()


def test_kl_near_ties_are_decided_with_sumys_arithmetic(monkeypatch):
    evaluated = []
    original = kl._Summary.exact

    def spy(summary, group):
        evaluated.append(group)
        return original(summary, group)

    monkeypatch.setattr(kl._Summary, "exact", spy)
    document = _document("degenerate:near-ties")
    actual = kl.rank(document, 5)

    assert evaluated
    assert _method("kl").rank_with_sumy(document).tolist() == actual.tolist()


def test_kl_vectorised_minimum_alone_would_not_be_sumys_order(monkeypatch):
    # Two sentences of this article have equal KL in exact arithmetic (the same counts in another
    # order); the vectorised values are equal too, but sumy's rounding makes the later one 2e-17 smaller.
    document = _document("bbc:1")
    expected = _method("kl").rank_with_sumy(document)

    def first_smallest(summary, candidates):
        values = summary.values()
        return min(candidates, key=lambda group: values[summary.slot[group]])

    assert expected.tolist() == kl.rank(document, 5).tolist()
    monkeypatch.setattr(kl, "_exact_pick", first_smallest)
    assert expected.tolist() != kl.rank(document, 5).tolist()


def test_kl_exact_values_are_sumys_floats():
    document = _document("degenerate:capitals")
    reference = KLSummarizer()
    reference.stop_words = stop_words("english")
    sentences = to_sumy_document(document).sentences
    doc_freq = reference.compute_tf(sentences)
    content = [reference._get_content_words_in_sentence(s) for s in sentences]
    text = kl._Text(document)
    summary = kl._Summary(text)
    picked: list[int] = []
    for sentence in (0, 2):
        summary.add(sentence)
        picked.append(sentence)
        summary_words = [word for i in picked for word in sentences[i].words]
        for candidate in range(len(sentences)):
            group = next(g for g, members in enumerate(text.members) if candidate in members)
            expected = reference._kl_divergence(reference._joint_freq(content[candidate], summary_words), doc_freq)

            assert expected == summary.exact(group)
            vectorised = summary.values()[summary.slot[group]] + summary.a
            assert expected == pytest.approx(vectorised, rel=1e-12, abs=1e-12)
