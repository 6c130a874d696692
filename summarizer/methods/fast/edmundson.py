"""Edmundson's cue, title and location methods (Edmundson 1969), vectorised: sumy 0.13's `EdmundsonSummarizer`.

How the project builds sumy's summariser (`summarizer.methods.sumy_methods._edmundson`) and what
sumy then does, replicated exactly:

* Weights: sumy's defaults (cue 1, key 0, title 1, location 1). sumy only checks that a weight is
  positive to decide whether a method runs; the methods' ratings are then added unweighted.
* Cue: bonus words minus stigma words among the sentence's stemmed words (`stem(lower(word))`,
  stop words included); the bonus and stigma lists are stemmed the same way. English uses the
  project's lists, other languages sumy's `DocumentParser.SIGNIFICANT_WORDS` / `STIGMA_WORDS`.
* Key (weight 0) does not run.
* Title and the heading part of location: our documents have no headings, so no word is
  significant and both contribute 0.
* Location: +1 for a sentence in the first paragraph, else +1 in the last one; +1 for the first
  sentence of its paragraph, else +1 for the last one.

sumy keys its ratings by sentence text, so sentences with the same text share one rating: their
(equal) cue rating plus the location rating of the *last* of them (a dict assignment overwrites).
This module does the same. All ratings are small integers, so ties are exact and `ranking` (ties
to the earlier sentence) is sumy's order for every sentence.
"""

from __future__ import annotations

import numpy as np
from sumy.parsers.parser import DocumentParser

from ...text.sentences import Document, stem
from ..cue_words import BONUS_WORDS, STIGMA_WORDS
from .terms import last_same_text, word_occurrences

W_P1 = W_P2 = W_S1 = W_S2 = 1.0  # sumy's location weights (EdmundsonLocationMethod.rate_sentences)


def _cue(document: Document) -> np.ndarray:
    """Bonus minus stigma words per sentence, counted on stems as sumy does."""
    language = document.language
    bonus = {stem(language, w.lower()) for w in BONUS_WORDS.get(language, DocumentParser.SIGNIFICANT_WORDS)}
    stigma = {stem(language, w.lower()) for w in STIGMA_WORDS.get(language, DocumentParser.STIGMA_WORDS)}
    index, occurrences, owner = word_occurrences(document)
    stems = [stem(language, word.lower()) for word in index]
    value = np.array([(s in bonus) - (s in stigma) for s in stems], dtype=np.float64)  # +1, -1, or 0
    return np.bincount(owner, value[occurrences], len(document.words))


def _location(document: Document) -> np.ndarray:
    location = np.zeros(len(document.words))
    paragraphs = document.paragraphs
    for order, paragraph in enumerate(paragraphs):
        index = np.asarray(paragraph, dtype=np.intp)
        if order == 0:
            location[index] += W_P1
        elif order == len(paragraphs) - 1:
            location[index] += W_P2
        location[index[0]] += W_S1
        if len(index) > 1:
            location[index[-1]] += W_S2
    return location


def rank(document: Document, count: int) -> np.ndarray:
    """sumy's Edmundson rating of every sentence: cue + title (0) + location."""
    location = _location(document)
    # sumy's ratings dict is keyed by the sentence text: the last sentence with a text sets the
    # location rating of all of them.
    return np.asarray(_cue(document) + location[last_same_text(document)], dtype=float)
