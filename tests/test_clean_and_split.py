"""Properties of cleaning and sentence splitting: idempotent, offsets always point into the original."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import punkt
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from summarizer.text.clean import _LINE_BREAK, _already_clean, _break_runs, _clean_once, clean
from summarizer.text.sentences import (
    _MULTI_CHAR_PUNCT,
    _MULTI_CHAR_PUNCT_FAST,
    ASCII_TOKEN,
    ASCII_WORD,
    TOKEN,
    WORD,
    _punkt_for,
    split_sentences,
    tokenizer_for,
)

# Text with the characters that cleaning rewrites: odd spaces, line breaks, compatibility forms,
# combining marks, invisible characters and emoji.
texty = st.lists(
    st.sampled_from(
        [
            *"abcXYZ .,!?'\"-\n\t\r",
            "\u00a0",
            "\u2028",
            "\u2029",
            "\x85",
            "\x0b",
            "\x0c",
            "\u200b",
            "\u00ad",
            "ﬁ",
            "…",
            "é",
            "e\u0301",
            "\u0308",
            "😀",
            "Ω",
            "²",
        ]
    ),
    max_size=120,
).map("".join)


@given(texty)
def test_cleaning_is_idempotent(text):
    once = clean(text).text

    assert clean(once).text == once


# Mostly text that is clean already, or a separator away from it: words apart by a space, a line break
# (which joins hard-wrapped lines when the next one starts in lower case) or a blank line, and now and
# then by something that cleaning rewrites.
nearly_clean = st.lists(
    st.tuples(
        st.text(alphabet="abZ,.(é", min_size=1, max_size=5),
        st.sampled_from([" ", " ", " ", "\n", "\n", "\n\n", "\n\n\n", "  ", " \n", "\t", "\u00a0", "\u200b"]),
    ),
    min_size=1,
    max_size=10,
).map(lambda parts: "".join(word + separator for word, separator in parts[:-1]) + parts[-1][0])


@given(st.one_of(texty, nearly_clean))
@settings(max_examples=500)
@example("a\n\n\nb")
@example("a\nb")
@example("a\n\n b")
@example("ﬁ")
def test_text_taken_as_clean_is_what_cleaning_leaves_as_it_is(text):
    """clean() skips its pass when _already_clean says the pass would change nothing: that must hold."""
    if _already_clean(text):
        cleaned, offsets = _clean_once(text)

        assert text == cleaned
        assert list(range(len(text) + 1)) == offsets.tolist()


@given(st.one_of(texty, nearly_clean))
def test_cleaned_text_is_taken_as_clean(text):
    assert _already_clean(clean(text).text)


@given(texty)
def test_cleaned_text_has_no_stray_whitespace(text):
    cleaned = clean(text).text

    assert cleaned == cleaned.strip()
    assert "  " not in cleaned and "\n\n\n" not in cleaned and "\t" not in cleaned


@given(st.text(max_size=300))
def test_offsets_are_monotonic_and_inside_the_original(text):
    cleaned = clean(text)

    assert len(cleaned.offsets) == len(cleaned.text) + 1
    assert all(a <= b for a, b in zip(cleaned.offsets, cleaned.offsets[1:], strict=False))
    assert all(0 <= o <= len(text) for o in cleaned.offsets)


@settings(max_examples=200)
@given(texty.filter(lambda t: any(c.isalpha() for c in t)))
def test_sentences_round_trip_in_order_without_overlap(text):
    document = split_sentences(text)

    previous_end = 0
    for i, sentence in enumerate(document.sentences):
        assert sentence.index == i
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= previous_end and sentence.end > sentence.start
        previous_end = sentence.end


@given(texty)
def test_offsets_round_trip_every_visible_character(text):
    # Each visible character of the original is where an offset points, and each offset of a visible
    # cleaned character points at a visible original one: nothing lost, nothing shifted (a paragraph
    # separator once overwrote the character after it).
    cleaned = clean(text)
    visible = {i for i, char in enumerate(text) if _visible(char)}
    pointed = {int(cleaned.offsets[i]) for i, char in enumerate(cleaned.text) if _visible(char)}

    assert visible == pointed


def _visible(char: str) -> bool:
    return not char.isspace() and char not in "\u200b\u00ad" and not unicodedata.category(char).startswith("M")


@pytest.mark.parametrize("separator", ["\u2029", "\u2028", "\x85", "\r\n", "\x0c"])
def test_unicode_line_and_paragraph_separators_keep_every_character(separator):
    text = f"One.{separator}Two. Three.{separator}"

    document = split_sentences(text)

    assert ["One.", "Two.", "Three."] == [s.text for s in document.sentences]
    assert [s.text for s in document.sentences] == [text[s.start : s.end] for s in document.sentences]


def test_blank_lines_separate_paragraphs():
    document = split_sentences("First one. Second one.\n\nThird one.\n\n\nFourth one.")

    assert [[0, 1], [2], [3]] == document.paragraphs


def test_a_title_counted_as_a_sentence_is_its_own_sentence(seed_text):
    document = split_sentences(seed_text, include_title=True)

    assert "Iran’s President Warns against Expansion of NATO" == document.sentences[0].text
    assert document.sentences[1].text.startswith("TEHRAN (Tasnim)")


def test_hard_wrapped_lines_are_joined_into_one_sentence():
    text = "This sentence was wrapped by\nan old editor at a fixed width. Next one."

    assert ["This sentence was wrapped by\nan old editor at a fixed width.", "Next one."] == [
        s.text for s in split_sentences(text).sentences
    ]


@pytest.mark.parametrize(
    "text",
    ["Security came first for Iran.”.”.", "He said “no.” . Then he left.", "Was it over? ? Nobody knew."],
)
def test_a_piece_without_a_letter_or_digit_closes_the_sentence_before_it(text):
    sentences = split_sentences(text).clean_sentences

    assert all(any(c.isalnum() for c in s) for s in sentences)
    # and each sentence, split again on its own, is still one sentence (a summary is re-split)
    assert all(1 == len(split_sentences(s).sentences) for s in sentences)


@settings(max_examples=300)
@given(st.text(alphabet="-.. \t\na", max_size=40))
def test_the_faster_multi_character_punctuation_pattern_finds_the_same_runs(text):
    def runs(pattern):
        return [m.span() for m in re.finditer(pattern, text)]

    assert runs(_MULTI_CHAR_PUNCT) == runs(_MULTI_CHAR_PUNCT_FAST)


@settings(max_examples=300)
@given(st.text(alphabet=" \t\u00a0a" + _LINE_BREAK, max_size=30))
def test_break_runs_are_the_whitespace_runs_that_hold_a_line_break(text):
    assert [m.span() for m in re.finditer(rf"\s*[{_LINE_BREAK}]\s*", text)] == _break_runs(text)


@settings(max_examples=300)
@given(st.text(alphabet="aZé1_'’- .-²", max_size=30))
def test_words_are_what_the_greedy_pattern_finds(text):
    assert re.findall(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*", text) == WORD.findall(text)


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_gives_the_same_words_and_keyword_tokens_by_the_ascii_patterns(text):
    assert ASCII_WORD.findall(text) == WORD.findall(text)
    assert ASCII_TOKEN.findall(text) == TOKEN.findall(text)


@given(st.one_of(texty, st.text(alphabet="aZé1_'’- .-²(\"", max_size=40)))
def test_a_sentences_words_are_its_tokens_words(text):
    """_split reads each sentence once, as tokens, and takes Document.words from them: the same words as
    WordTokenizer.to_words (what sumy's methods and tf-idf read)."""
    tokenizer = tokenizer_for("english")

    assert tokenizer.to_words(text) == tuple(word for word, _ in tokenizer.to_tokens(text) if word)


def test_every_ascii_character_is_a_letter_to_both_word_patterns_or_to_neither():
    for code in range(128):
        text = f"ab{chr(code)}cd {chr(code)} x{chr(code)}"
        assert ASCII_WORD.findall(text) == WORD.findall(text), repr(chr(code))
        assert ASCII_TOKEN.findall(text) == TOKEN.findall(text), repr(chr(code))


def test_punkt_still_ships_the_multi_character_pattern_that_is_replaced():
    assert punkt.DEFAULT_LANGUAGE_VARS.multi_char_punct_pattern == _MULTI_CHAR_PUNCT
    assert _punkt_for("english")._rules.multi_char_punct_pattern == _MULTI_CHAR_PUNCT_FAST


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Smith arrived at 5 p.m. on Monday. He left on Tuesday."

    assert 2 == len(split_sentences(text).sentences)


def test_the_whitespace_table_is_exactly_what_str_isspace_says():
    from summarizer.text.clean import _WHITESPACE, _is_space_mask

    assert [c for c in range(0x110000) if chr(c).isspace()] == _WHITESPACE.tolist()
    every = np.arange(0x110000, dtype="<u4")  # the mask, code point by code point, surrogates included
    assert np.flatnonzero(_is_space_mask("", every)).tolist() == _WHITESPACE.tolist()


def test_punkt_remembers_its_boundary_decisions_and_splits_the_same(seed_text):
    """The splitter's memo of Punkt's decisions (by context) is used, and changes nothing: a second
    split of the same text, answered from it, equals the first, and equals the package's own."""
    import punkt

    from summarizer.text.sentences import _punkt_for

    tokenizer = _punkt_for("english")
    tokenizer._decisions.clear()
    first = list(tokenizer.span_tokenize(seed_text))
    remembered = dict(tokenizer._decisions)
    second = list(tokenizer.span_tokenize(seed_text))
    plain = list(punkt.tokenizer_for("english", line_breaks="always").span_tokenize(seed_text))

    assert remembered  # the package still calls _context_has_sentbreak (a version change would skip it)
    assert first == second == plain
    assert remembered == tokenizer._decisions
