"""Inputs that break naive summarisers: each gets an answer or a clear error, never a crash or NaN."""

from __future__ import annotations

import math

import pytest

from summarizer import (
    SUPPORTED_LANGUAGES,
    EmptyText,
    InvalidInput,
    InvalidLength,
    TextTooLong,
    UnknownMethod,
    UnsupportedLanguage,
    summarize,
)
from summarizer.text.sentences import split_sentences


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \u00a0\u200b"])
def test_empty_or_whitespace_text_is_an_error(text):
    with pytest.raises(EmptyText, match="empty"):
        summarize(text)


def test_one_sentence_comes_back_whole():
    summary = summarize("Only one sentence here.", sentences=1)

    assert ["Only one sentence here."] == [s.text for s in summary.sentences]
    assert summary.warnings == []


def test_fewer_sentences_than_asked_returns_all_and_says_so():
    summary = summarize("First point. Second point. Third point.", sentences=5)

    assert 3 == len(summary.sentences)
    assert ["asked for 5 sentences, the text has 3; returning all of them"] == summary.warnings


def test_text_without_punctuation_is_cut_into_pieces(seed_text):
    words = seed_text.replace(".", " ").replace(",", " ").split()
    text = " ".join(words).lower()

    summary = summarize(text, sentences=2)

    assert 2 == len(summary.sentences)
    assert all(len(s.text.split()) <= 60 for s in summary.sentences)
    assert any("cut into pieces" in w for w in summary.warnings)
    assert all(text[s.start : s.end] == s.text for s in summary.sentences)


def test_a_sentence_is_cut_only_past_150_words_however_short_they_are():
    """The shortest sentence of 151 words is 302 characters: shorter ones are not counted word by word."""
    at_limit = " ".join(["a"] * 150) + "."  # 300 characters
    over = " ".join(["a"] * 151) + "."

    assert [0, 1] == [split_sentences(text).split_long for text in (at_limit, over)]
    assert [1, 3] == [len(split_sentences(text).sentences) for text in (at_limit, over)]


def test_very_long_sentence_with_punctuation_elsewhere():
    long_sentence = "The committee considered " + ", ".join(f"item number {i}" for i in range(400)) + "."
    text = f"Short opening. {long_sentence} Short close."

    summary = summarize(text, method="luhn", sentences=2)

    assert 2 == len(summary.sentences)
    assert all(text[s.start : s.end] == s.text for s in summary.sentences)


def test_greek_text():
    text = (
        "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας. Η πόλη έχει μακρά ιστορία. "
        "Η Ακρόπολη βρίσκεται στο κέντρο της πόλης. Πολλοί τουρίστες επισκέπτονται την Αθήνα κάθε χρόνο."
    )
    summary = summarize(text, language="greek", sentences=2)

    assert 2 == len(summary.sentences)
    assert summary.language == "greek"


def test_emoji_are_kept_in_offsets():
    text = "We launched today 🚀🎉! Users love the new design 😍. Sales doubled in a week 📈. Support was calm."
    summary = summarize(text, sentences=2)

    assert all(text[s.start : s.end] == s.text for s in summary.sentences)
    assert all(math.isfinite(s.score) for s in summary.sentences)


def test_a_megabyte_of_text(seed_text):
    text = ("\n\n".join([seed_text] * 420))[:1_000_000]

    summary = summarize(text, method="lead", sentences=3, keywords=5)

    assert 5000 < summary.stats.input_sentences
    assert [0, 1, 2] == [s.index for s in summary.sentences]
    assert 5 == len(summary.keywords)
    assert any(w.startswith("keywords were taken from the") for w in summary.warnings)


LANGUAGE_SAMPLES = {
    "english": "The council met on Monday. It approved the budget. Critics said the plan was rushed.",
    "german": "Der Rat tagte am Montag. Er hat den Haushalt genehmigt. Kritiker sagten, der Plan sei überstürzt.",
    "french": "Le conseil s'est réuni lundi. Il a approuvé le budget. Les critiques ont jugé le plan précipité.",
    "spanish": "El consejo se reunió el lunes. Aprobó el presupuesto. Los críticos dijeron que el plan fue apresurado.",
    "italian": "Il consiglio si è riunito lunedì. Ha approvato il bilancio. I critici hanno detto che era affrettato.",
    "portuguese": "O conselho reuniu-se na segunda. Aprovou o orçamento. Os críticos disseram que foi apressado.",
    "czech": "Rada zasedala v pondělí. Schválila rozpočet. Kritici řekli, že plán byl uspěchaný.",
    "polish": "Rada zebrała się w poniedziałek. Zatwierdziła budżet. Krytycy mówili, że plan był pospieszny.",
    "swedish": "Rådet möttes på måndagen. Det godkände budgeten. Kritiker sade att planen var förhastad.",
    "greek": "Το συμβούλιο συνεδρίασε τη Δευτέρα. Ενέκρινε τον προϋπολογισμό. Οι επικριτές είπαν ότι ήταν βιαστικό.",
    "danish": "Rådet mødtes mandag. Det godkendte budgettet. Kritikere sagde, at planen var forhastet.",
    "dutch": "De raad kwam maandag bijeen. Hij keurde de begroting goed. Critici zeiden dat het plan overhaast was.",
    "finnish": "Neuvosto kokoontui maanantaina. Se hyväksyi talousarvion. Arvostelijat pitivät suunnitelmaa hätäisenä.",
    "norwegian": "Rådet møttes mandag. Det godkjente budsjettet. Kritikere sa at planen var forhastet.",
    "russian": "Совет собрался в понедельник. Он утвердил бюджет. Критики заявили, что план был поспешным.",
    "turkish": "Konsey pazartesi günü toplandı. Bütçeyi onayladı. Eleştirmenler planın aceleye getirildiğini söyledi.",
}


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_supported_language_summarises(language):
    summary = summarize(LANGUAGE_SAMPLES[language], language=language, sentences=2)

    assert 2 == len(summary.sentences)
    assert summary.keywords


def test_language_codes_are_accepted():
    assert "german" == summarize(LANGUAGE_SAMPLES["german"], language="de", sentences=1).language


def test_unsupported_language_names_the_supported_ones():
    with pytest.raises(UnsupportedLanguage, match="english, finnish, french"):
        summarize("Ein Satz. Noch einer.", language="klingon")


@pytest.mark.parametrize(
    "length",
    [{"sentences": 0}, {"sentences": -1}, {"ratio": 0}, {"ratio": 1.5}, {"words": 0}, {"sentences": 2, "words": 10}],
    ids=["zero", "negative", "ratio_zero", "ratio_over_one", "words_zero", "two_controls"],
)
def test_bad_length_is_an_error(seed_text, length):
    with pytest.raises(InvalidLength):
        summarize(seed_text, **length)


def test_unknown_method_lists_the_valid_ones(seed_text):
    with pytest.raises(UnknownMethod, match="lexrank"):
        summarize(seed_text, method="magic")


def test_text_over_the_limit_is_an_error(seed_text):
    with pytest.raises(TextTooLong, match="more than the maximum of 100"):
        summarize(seed_text, max_chars=100)


def test_negative_key_points_is_an_error(seed_text):
    with pytest.raises(InvalidInput, match="key_points"):
        summarize(seed_text, key_points=-1)
