"""Titles and headings: a heading-like line is returned as the title or a section, never as a sentence."""

from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer.text.headings import reads_as_heading
from summarizer.text.sentences import split_sentences

SEED_TITLE = "Iran’s President Warns against Expansion of NATO"
# The first BBC News Summary article (business/001) with the headline the corpus's data set removed.
BBC = (
    "Ad sales boost Time Warner profit\n\n"
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to "
    "December, from $639m year-earlier.\n\n"
    "The firm, which is now one of the biggest investors in Google, benefited from sales of high-speed internet "
    "connections and higher advert sales. TimeWarner said fourth quarter sales rose 2% to $11.1bn from $10.9bn."
)
MARKDOWN = (
    "# Quarterly report\n\n"
    "Sales grew by a fifth over the quarter. Costs stayed flat.\n\n"
    "## Outlook\n\n"
    "The board expects growth to slow next year. Hiring will continue in Europe.\n"
)


def test_the_seeds_headline_is_the_title_not_a_sentence(seed_text):
    summary = summarize(seed_text)

    assert SEED_TITLE == summary.title.text
    assert (0, len(SEED_TITLE)) == (summary.title.start, summary.title.end)
    assert SEED_TITLE not in summary.summary
    assert all(SEED_TITLE not in s.text for s in summary.sentences)
    assert all(SEED_TITLE not in point for point in summary.key_points)
    assert 3 == len(summary.sentences)


def test_the_title_is_never_glued_to_the_next_sentence(seed_text):
    summary = summarize(seed_text, method="lead", include_title=True)

    assert SEED_TITLE == summary.sentences[0].text
    assert summary.summary.startswith(SEED_TITLE + "\nTEHRAN (Tasnim)")
    assert SEED_TITLE == summary.title.text


def test_a_bbc_headline_is_the_title():
    summary = summarize(BBC, method="lead", sentences=1)

    assert "Ad sales boost Time Warner profit" == summary.title.text
    assert summary.sentences[0].text.startswith("Quarterly profits at US media giant")
    assert BBC[summary.title.start : summary.title.end] == summary.title.text


def test_markdown_headings_are_the_title_and_sections():
    document = split_sentences(MARKDOWN)

    assert ("Quarterly report", 1) == (document.title.text, document.title.level)
    assert [("Outlook", 2, 2)] == [(s.heading.text, s.heading.level, s.first_sentence) for s in document.sections]
    assert "The board expects growth to slow next year." == document.sentences[2].text
    assert MARKDOWN[document.sections[0].heading.start : document.sections[0].heading.end] == "Outlook"


def test_a_text_that_is_one_heading_is_a_sentence():
    summary = summarize("# Agenda", method="lead")

    assert None is summary.title
    assert ["# Agenda"] == [s.text for s in summary.sentences]


def test_a_first_line_ending_a_sentence_is_not_a_title():
    document = split_sentences("The deficit widened in October.\nExports fell by a tenth.")

    assert None is document.title
    assert 2 == len(document.sentences)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (SEED_TITLE, True),
        ("Ad sales boost Time Warner profit", True),
        ("2024 in review", True),
        ("The deficit widened in October.", False),
        ("Playing colours:", False),
        ("- a list item", False),
        ("lower-case lines are prose", False),
        ("A headline that ends on the", False),
        (
            "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen more",
            False,
        ),
    ],
)
def test_what_reads_as_a_heading(line, expected):
    assert expected == reads_as_heading(line)


def test_the_default_method_reads_each_section_from_its_start():
    from summarizer.methods.centrality import positions_in_sections

    assert [0, 1, 0, 1] == list(positions_in_sections(split_sentences(MARKDOWN)))
    assert [0, 1] == list(positions_in_sections(split_sentences("One thing here. Another thing here.")))
