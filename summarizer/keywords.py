"""Keywords: ranked key phrases from YAKE (Campos et al. 2020), an unsupervised, language-light extractor."""

from __future__ import annotations

import numpy as np
import yake

from .records import Keyword
from .select import ranking
from .sentences import Document

# YAKE names its stop-word lists by ISO 639-1 code (and "cz" for Czech).
_YAKE_LANGUAGE = {
    "czech": "cz",
    "english": "en",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "italian": "it",
    "polish": "pl",
    "portuguese": "pt",
    "spanish": "es",
    "swedish": "sv",
}
MAX_PHRASE_WORDS = 3
# YAKE takes about 5 seconds per megabyte here; past this many characters it reads the
# best-ranked sentences up to this size instead, and the response says so.
MAX_KEYWORD_CHARS = 100_000
_DEDUP_LIMIT = 0.6  # YAKE's own de-duplication (sequence similarity of the phrases)


def keywords(document: Document, scores: np.ndarray, count: int) -> tuple[list[Keyword], str | None]:
    """Up to `count` key phrases, best first, and a warning when only part of the text was read.

    Score is 1 / (1 + YAKE score): higher is more relevant.
    """
    if count <= 0:
        return [], None
    sentences, warning = _sentences_to_read(document, scores)
    extractor = yake.KeywordExtractor(
        lan=_YAKE_LANGUAGE[document.language], n=MAX_PHRASE_WORDS, dedup_lim=_DEDUP_LIMIT, top=3 * count
    )
    # One sentence per line, each closed with punctuation, so that phrases never span a title and
    # the sentence after it.
    text = "\n".join(s if s[-1:] in ".!?" else s + "." for s in sentences)
    kept: list[Keyword] = []
    for phrase, score in extractor.extract_keywords(text):
        if len(kept) == count:
            break
        if not any(_overlaps(phrase, k.text) for k in kept):
            kept.append(Keyword(text=phrase, score=round(1.0 / (1.0 + float(score)), 6)))
    return kept, warning


def _sentences_to_read(document: Document, scores: np.ndarray) -> tuple[list[str], str | None]:
    sentences = document.clean_sentences
    if sum(len(s) for s in sentences) <= MAX_KEYWORD_CHARS:
        return sentences, None
    chosen, size = [], 0
    for i in ranking(scores):
        if size + len(sentences[i]) > MAX_KEYWORD_CHARS:
            break
        chosen.append(int(i))
        size += len(sentences[i])
    warning = (
        f"keywords were taken from the {len(chosen)} best-ranked sentences ({size} characters), "
        f"not from all {len(sentences)}"
    )
    return [sentences[i] for i in sorted(chosen)], warning


def _overlaps(phrase: str, other: str) -> bool:
    """More than half of the shorter phrase's words are in the other ("Iranian President" within
    "Iranian President Raisi"): a reader sees one keyword, so only the better-ranked one is kept."""
    a, b = set(phrase.lower().split()), set(other.lower().split())
    return len(a & b) > 0.5 * min(len(a), len(b))
