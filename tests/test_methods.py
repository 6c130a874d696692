"""Every registered extractive method: in-order subsets, length controls, offsets, finite scores."""

from __future__ import annotations

import math

import pytest

from summarizer import available_methods, split_sentences, summarize

EXTRACTIVE = [m.name for m in available_methods() if m.kind == "extractive" and m.available]


def _check_is_in_order_subset(text: str, summary, language: str = "english") -> None:
    document = split_sentences(text, language)
    indices = [s.index for s in summary.sentences]
    assert indices == sorted(set(indices))
    for sentence in summary.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert document.sentences[sentence.index].text == sentence.text
        assert math.isfinite(sentence.score)


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("count", [1, 3, 5])
def test_sentences_length_is_exact_and_in_order(seed_text, method, count):
    summary = summarize(seed_text, method=method, sentences=count)

    assert len(summary.sentences) == count
    assert summary.method == method
    assert summary.kind == "extractive"
    _check_is_in_order_subset(seed_text, summary)
    assert summary.summary.count(" ") >= count - 1


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_ratio_picks_that_share_of_sentences(seed_text, method):
    summary = summarize(seed_text, method=method, ratio=0.5)

    assert len(summary.sentences) == 7  # the seed article has 14 sentences
    _check_is_in_order_subset(seed_text, summary)


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("budget", [40, 80, 150])
def test_word_budget_is_never_exceeded(seed_text, method, budget):
    summary = summarize(seed_text, method=method, words=budget)

    assert 0 < summary.stats.summary_words <= budget
    assert summary.stats.summary_words == sum(len(s.text.split()) for s in summary.sentences)
    assert summary.warnings == []
    _check_is_in_order_subset(seed_text, summary)


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_word_budget_smaller_than_any_sentence_returns_one_and_says_so(seed_text, method):
    summary = summarize(seed_text, method=method, words=3)

    assert len(summary.sentences) == 1
    assert any("no sentence fits in 3 words" in w for w in summary.warnings)


DEGENERATE_TEXTS = {
    # sumy's LexRank returns NaN for all three (a zero norm in its power method).
    "repeated": "Dogs bark. Dogs bark. Dogs bark.",
    "one_word_each": "One. Two. Three.",
    "stop_words": "The the the. It is what it is. The the the. And so on and so on. Numbers 1 2 3.",
}


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("text", DEGENERATE_TEXTS.values(), ids=DEGENERATE_TEXTS.keys())
def test_scores_are_finite_on_degenerate_text(method, text):
    summary = summarize(text, method=method, sentences=2)

    assert len(summary.sentences) == 2
    assert all(math.isfinite(s.score) for s in summary.sentences)


def test_lead_takes_the_first_sentences(seed_text):
    summary = summarize(seed_text, method="lead", sentences=3)

    assert [0, 1, 2] == [s.index for s in summary.sentences]


def test_default_method_is_used_when_none_given(seed_text):
    from summarizer import DEFAULT_METHOD

    assert DEFAULT_METHOD == summarize(seed_text).method


def test_available_methods_lists_every_method_with_a_description():
    names = {m.name for m in available_methods()}

    assert {"lead", "lexrank", "lsa", "textrank", "luhn", "edmundson", "kl", "sumbasic", "reduction"} <= names
    assert all(m.description for m in available_methods())
