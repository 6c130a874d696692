"""Key points: short, standalone, distinct, covering the text; and the summary text a person reads."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer import summarize
from summarizer.keypoints import compress, key_points, stands_alone
from summarizer.text.sentences import split_sentences


def test_the_seeds_key_points_stand_alone_and_are_short(seed_text):
    points = summarize(seed_text).key_points

    assert 5 == len(points)
    assert [] == [p for p in points if not stands_alone(p)]
    assert all(len(p.split()) <= 30 for p in points)
    assert not any(
        p.startswith(
            ("TEHRAN", "The phone call came amid Russia's military operation in the eastern parts of Ukraine, which")
        )
        for p in points
    )


def test_the_seeds_first_key_point_is_its_main_claim_without_the_dateline(seed_text):
    points = summarize(seed_text).key_points

    assert (
        "Iranian President Ebrahim Raisi cautioned that NATO's expansion poses a serious threat to the stability "
        "and security of the independent states in different regions." == points[0]
    )


def test_key_point_words_trims_longer_sentences(seed_text):
    short = summarize(seed_text, key_point_words=12).key_points
    long = summarize(seed_text, key_point_words=100).key_points

    assert sum(len(p.split()) for p in short) < sum(len(p.split()) for p in long)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "TEHRAN (Tasnim) – Iranian President Ebrahim Raisi cautioned that NATO's expansion is a threat.",
            "Iranian President Ebrahim Raisi cautioned that NATO's expansion is a threat.",
        ),
        (
            "In 2014, Ukraine’s two regions were turned into self-proclaimed republics by ethnic Russians, leading "
            "to a bloody conflict between the government forces and the armed separatists.",
            "Ukraine’s two regions were turned into self-proclaimed republics by ethnic Russians.",
        ),
        # What is left would open on a pronoun: kept whole.
        (
            "Referring to the Vienna talks in the Austrian capital this week, he reiterated that Iran is seeking a "
            "lasting agreement with the other parties, not a shaky one.",
            "Referring to the Vienna talks in the Austrian capital this week, he reiterated that Iran is seeking a "
            "lasting agreement with the other parties, not a shaky one.",
        ),
        # A quote and its speaker stay together.
        (
            '"The expansion of NATO is a serious threat to the stability of independent countries," the '
            "president said, adding that talks would go on.",
            '"The expansion of NATO is a serious threat to the stability of independent countries," the '
            "president said.",
        ),
        (
            "Smith, who joined the club from Leeds in 2010, said the team would win the league again this season.",
            "Smith said the team would win the league again this season.",
        ),
        (
            "Robert Burns, the original drummer of the band, died on Friday night in a car crash near his home.",
            "Robert Burns died on Friday night in a car crash near his home.",
        ),
        (
            "The corpses of four attackers -- dressed head to toe in black -- remained where they fell in the yard.",
            "The corpses of four attackers remained where they fell in the yard.",
        ),
        (
            "rome ( cnn ) the italian navy has retaken control of a fishing boat seized by gunmen off sicily .",
            "the italian navy has retaken control of a fishing boat seized by gunmen off sicily .",
        ),
        # The main clause between two commas is not an aside: the leading clause goes instead.
        (
            "When it reported the results, the airline was upbeat about prospects for 2005, despite tough competition.",
            "The airline was upbeat about prospects for 2005, despite tough competition.",
        ),
    ],
    ids=[
        "dateline",
        "leading-and-trailing",
        "pronoun-kept-whole",
        "quote-attributed",
        "relative-clause",
        "appositive",
        "dashed-aside",
        "dateline-without-dash",
        "main-clause-kept",
    ],
)
def test_compression_keeps_a_whole_sentence_of_the_text(sentence, expected):
    assert expected == compress(sentence, 12)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "For his part, the Russian president described it as a response.",
            "The Russian president described it as a response.",
        ),
        ("Meanwhile, Iran is seeking a lasting agreement.", "Iran is seeking a lasting agreement."),
        ("However, he said it was fine.", "However, he said it was fine."),  # "He said" leans on a sentence before
        ("Last week, Iran signed the deal.", "Last week, Iran signed the deal."),  # content, and under the target
    ],
)
def test_a_key_point_drops_an_opening_connective_whatever_its_length(sentence, expected):
    """A bullet has no sentence before it: a connective that ties to one goes, even under the target."""
    assert expected == compress(sentence, 28)


def test_compression_drops_asides_in_any_language():
    sentence = "Die Regierung (seit 2021 im Amt) hat am Montag ein neues Gesetz zur Energie beschlossen."

    assert "Die Regierung hat am Montag ein neues Gesetz zur Energie beschlossen." == compress(sentence, 8, "german")


def test_the_seeds_key_points_meet_the_target_length_on_average(seed_text):
    points = summarize(seed_text, key_point_words=20).key_points

    assert 5 == len(points)
    assert sum(len(p.split()) for p in points) / len(points) <= 20


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("Iran is seeking a lasting agreement, not a shaky one.", True),
        ("He also expressed hope that it would end well.", False),
        ("In 2014, they signed a decree in Moscow.", False),
        ('"Providing a credible guarantee is among the necessities."', False),
        ('"Providing a credible guarantee is a necessity," Raisi said.', True),
        ("Iran’s President Warns against Expansion of NATO", False),
        ("Too short.", False),
    ],
)
def test_what_stands_alone(point, expected):
    assert expected == stands_alone(point)


def test_key_points_do_not_repeat_each_other_or_the_title():
    text = (
        "Council approves new bridge\n"
        "Council approves new bridge.\n"
        "The council approved a new bridge over the river on Monday.\n"
        "On Monday, the council approved the new bridge over the river.\n"
        "Construction will start in spring and cost four million pounds.\n"
        "Residents of the old town have asked for a footpath on the bridge."
    )
    document = split_sentences(text)

    points = key_points(document, np.array([5.0, 4.0, 3.0, 2.0, 1.0]), 4)

    assert [
        "The council approved a new bridge over the river on Monday.",
        "Construction will start in spring and cost four million pounds.",
        "Residents of the old town have asked for a footpath on the bridge.",
    ] == points


def test_key_points_prefer_a_shorter_sentence_when_two_say_as_much():
    text = (
        "The river flooded the lower town after three days of rain.\n"
        "Engineers from the regional water authority, who had been warning for a decade that the old flood walls "
        "along the eastern bank were too low, said repairs would take the whole of the coming summer at least.\n"
        "Repairs to the flood walls will take all summer.\n"
        "The school reopened on Friday."
    )
    document = split_sentences(text)

    points = key_points(document, np.array([4.0, 3.0, 2.9, 1.0]), 2, target_words=10)

    assert [
        "The river flooded the lower town after three days of rain.",
        "Repairs to the flood walls will take all summer.",
    ] == (points)


def test_sentences_from_different_paragraphs_are_not_glued():
    text = "Rain fell all day in the city. Rivers rose fast.\n\nThe mayor opened three shelters for families."

    summary = summarize(text, method="lead")

    assert "Rain fell all day in the city. Rivers rose fast.\n\nThe mayor opened three shelters for families." == (
        summary.summary
    )


def test_bullets_put_one_sentence_a_line(seed_text):
    summary = summarize(seed_text, method="lead", format="bullets")

    assert [f"- {s.text}" for s in summary.sentences] == summary.summary.splitlines()
