"""Keywords a person would write as tags: whole names, one form per entity, no verb or stop word at the ends."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer import summarize
from summarizer.text.sentences import WORD, stop_words

# Names in the seed article, each of which a keyword holds whole or not at all.
SEED_NAMES = (
    "Vladimir Putin",
    "Ebrahim Raisi",
    "Joint Comprehensive Plan of Action",
    "International Atomic Energy Agency",
)
# The seed's verbs that YAKE ended phrases with, and others the article uses after a noun.
SEED_VERBS = {"poses", "cautioned", "talked", "warns", "stated", "creates", "stressed", "reiterated", "signed", "said"}


@pytest.fixture(scope="module")
def seed_keywords(seed_text) -> list[str]:
    return [k.text for k in summarize(seed_text, keywords=10).keywords]


def test_ten_keywords_best_first(seed_text):
    found = summarize(seed_text, keywords=10).keywords

    assert 10 == len(found)
    assert 1.0 == found[0].score
    assert [k.score for k in found] == sorted((k.score for k in found), reverse=True)


def test_no_name_is_cut(seed_keywords):
    cut = [
        (keyword, name)
        for keyword in seed_keywords
        for name in SEED_NAMES
        if set(keyword.split()) & set(name.split()) - {"of"} and name not in keyword
    ]

    assert [] == cut


def test_each_person_once_in_the_fullest_form(seed_keywords):
    assert 1 == sum("Putin" in k for k in seed_keywords)
    assert 1 == sum("Raisi" in k for k in seed_keywords)
    assert "Vladimir Putin" in seed_keywords
    assert "Iranian President Ebrahim Raisi" in seed_keywords


def test_no_keyword_ends_in_a_verb(seed_keywords):
    assert [] == [k for k in seed_keywords if k.split()[-1].lower() in SEED_VERBS]


def test_no_keyword_starts_or_ends_with_a_stop_word(seed_keywords):
    stops = stop_words("english")

    assert [] == [k for k in seed_keywords if {k.split()[0].lower(), k.split()[-1].lower()} & stops]


def test_sentence_initial_capitals_are_not_names():
    text = (
        "Farmers planted wheat in the valley. Planted fields need rain, the farmers said. "
        "Rain came late to the valley this year. Wheat prices rose as the valley waited for rain."
    )

    found = [k.text for k in summarize(text, sentences=1, keywords=5).keywords]

    assert not any(word[0].isupper() for k in found for word in k.split())


def test_lower_case_text_gets_keywords_too():
    text = (
        "the blood moon rose over north america on saturday . the blood moon was the shortest eclipse "
        "of the century . people across the pacific watched the blood moon from beaches ."
    )

    found = [k.text for k in summarize(text, sentences=1, keywords=5).keywords]

    assert "blood moon" in found or "moon" in found
    assert all(k == k.lower() for k in found)


GERMAN = (
    "Die Europäische Zentralbank hat den Leitzins erneut angehoben. Christine Lagarde sagte in Frankfurt, "
    "die Inflation sei weiterhin zu hoch. Die Europäische Zentralbank will die Inflation bis 2025 senken. "
    "Ökonomen erwarten, dass Christine Lagarde den Leitzins im Sommer noch einmal anhebt."
)
FRENCH = (
    "Emmanuel Macron a défendu la réforme des retraites devant l'Assemblée nationale. Selon Emmanuel Macron, "
    "la réforme des retraites est nécessaire pour l'équilibre du système. Les syndicats rejettent la réforme "
    "et appellent à une nouvelle grève nationale jeudi."
)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("german", GERMAN, {"Christine Lagarde", "Europäische Zentralbank", "Leitzins"}),
        ("french", FRENCH, {"Emmanuel Macron", "réforme"}),
    ],
    ids=["german", "french"],
)
def test_other_languages_get_whole_names_and_no_stop_words_at_the_ends(language, text, expected):
    found = [k.text for k in summarize(text, language=language, sentences=1, keywords=6).keywords]
    stops = stop_words(language)

    assert expected <= set(found)
    assert [] == [k for k in found if {k.split()[0].lower(), k.split()[-1].lower()} & stops]
    assert [] == [k for k in found if "'" in k or "’" in k]  # elisions ("l'Assemblée") are cut off


_VOCABULARY = ["moon", "eclipse", "Putin", "Vladimir", "blood", "the", "of", "and", "was", "Joint", "plan", "said", "a"]


@given(
    st.lists(
        st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=12).map(lambda ws: " ".join(ws) + "."),
        min_size=1,
        max_size=8,
    )
)
def test_every_keyword_is_a_run_of_words_of_one_sentence(sentences):
    text = " ".join(sentences)
    runs = [[w.lower() for w in WORD.findall(s)] for s in sentences]

    found = summarize(text, sentences=1, keywords=10).keywords

    for keyword in found:
        words = keyword.text.lower().split()
        assert any(run[i : i + len(words)] == words for run in runs for i in range(len(run) - len(words) + 1)), (
            keyword.text
        )


def test_the_shipped_verb_lists_are_lemminflects_readings():
    """summarizer/english_verbs.txt.gz is what scripts/build_verb_table.py makes from lemminflect: rebuild
    it with that script when lemminflect's pin moves."""
    from scripts.build_verb_table import verb_lists
    from summarizer.keywords import _english_verbs

    only, also = verb_lists()

    assert (frozenset(only), frozenset(also)) == _english_verbs()
    assert {"cautioned", "apparently", "signed", "warns"} <= set(only)
    assert {"poses", "talks", "plans"} <= set(also)
