"""Which language a text is written in: py3langid's naive Bayes over byte n-grams, offline, on a bounded sample.

py3langid (a maintained fork of langid.py: Lui and Baldwin, "langid.py: An Off-the-shelf Language
Identification Tool", ACL 2012) ships its model in the wheel: 97 languages, every one we summarise
among them, so text in a language we do not summarise is named, not mistaken for one we do. Chosen by
`bench/languages.py` (README, "Languages"): on its 96 sentences and 16 articles it is right on 95 and 16,
lingua and py3langid 0.4 on 96 and 16, but only 0.3's model fits the budgets of a request (under 1 ms)
and a worker (about 10 MiB): 0.4 adds 75 MiB, lingua 54 MiB (low accuracy mode) to 271 MiB, and
fasttext-langdetect downloads its model on first use.

We use the library's model, and walk its n-gram automaton and score the few features a text has
ourselves: its `classify` multiplies all 7,480 features by every language in float64 (14 ms a sentence);
the sparse product gives the same answers (the same 95 of 96) in microseconds. The walk is the library's
`instance2fv` without its dense array of 7,480 counts, and with each state's features in a list instead
of a dictionary (see `_feature_counts`).
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from typing import Any

import numpy as np

from ..errors import UndetectedLanguage
from ..records import LanguageDetection
from .languages import SUPPORTED_LANGUAGES, language_for_code

# Detection reads at most this many characters, cut back to a word boundary, from the text's start.
# On bench/languages.py's articles 300 characters (about 50 words) are as accurate as the whole text
# (16 of 16 either way), and the n-gram walk costs about 1 us a character in Python: 0.4 ms on the seed
# article on a loaded machine, whatever the text's length.
SAMPLE_CHARS = 300
# A text whose best guess is a language we do not summarise is refused only when the model is this
# sure; below it (a few words, where Spanish reads as Galician) the likeliest language we do summarise
# is taken: refusing a text we can summarise is worse than summarising one sentence of Slovene as Czech.
# On bench/languages.py's sentences: Estonian's and Hungarian's are named at 0.97 to 1.0, four of six
# Romanian and one of six Slovene ones above 0.9; a short Russian sentence read as Bulgarian (0.55) and
# "Hola, ¿cómo estás?" read as Galician (0.50) are not refused.
REFUSE_CONFIDENCE = 0.9
# Nor is it refused when it has fewer letters than this (a word or two: schemathesis's "0ī" read as
# Latvian at 0.94); a text that short says too little about its language to turn it away.
REFUSE_MIN_LETTERS = 20

_lock = threading.Lock()
_model: Any = None
_supported_columns: Any = None
_outputs: list[tuple[int, ...]] = []  # the features each state of the model's automaton counts


def _identifier() -> Any:
    """py3langid's model, loaded once per process (110 ms, 10 MiB), at first use."""
    global _model, _supported_columns, _outputs
    if _model is None:
        with _lock:
            if _model is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                model = LanguageIdentifier.from_pickled_model(MODEL_FILE)
                _supported_columns = np.array([language_for_code(str(c)) is not None for c in model.nb_classes])
                _outputs = [tuple(model.tk_output.get(state, ())) for state in range(len(model.tk_nextmove) >> 8)]
                _model = model
    return _model


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The text's first `limit` characters, without a word cut in half."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[: cut if cut > 0 else limit]


def detect_language(text: str) -> LanguageDetection:
    """The language of `text` (read on its first SAMPLE_CHARS characters) and the model's confidence."""
    model = _identifier()
    read = sample(text)
    features, counts = _feature_counts(model, read)
    if not features.size:  # no letters the model knows (digits, symbols): nothing to tell, English assumed
        return LanguageDetection(code="en", language="english", confidence=0.0)
    scores = counts @ model.nb_ptc[features] + model.nb_pc
    # Naive Bayes log-probabilities grow with the text: a plain softmax says 0.99 for a Russian sentence
    # it takes for Bulgarian. Divided by sqrt(bytes) first, as py3langid 0.4 does, it says 0.55 there
    # and 0.97-1.0 for whole sentences of Estonian or Hungarian.
    probabilities = np.exp((scores - scores.max()) / math.sqrt(len(read.encode("utf-8", "surrogatepass"))))
    probabilities /= probabilities.sum()
    best = int(np.argmax(probabilities))
    # Counting letters takes a tenth of detection: only when the answer is a language we cannot summarise.
    if not _supported_columns[best] and (
        probabilities[best] < REFUSE_CONFIDENCE or sum(c.isalpha() for c in read) < REFUSE_MIN_LETTERS
    ):
        best = int(np.argmax(np.where(_supported_columns, probabilities, -1.0)))
    code = str(model.nb_classes[best])
    return LanguageDetection(
        code=code, language=language_for_code(code), confidence=round(float(probabilities[best]), 4)
    )


def _feature_counts(model: Any, read: str) -> tuple[np.ndarray, np.ndarray]:
    """The features `read` has, ascending, and how often each occurs (float32), as `instance2fv` counts
    them: the same walk of the model's automaton over the UTF-8 bytes. It read each state's features
    from a dictionary and filled an array of all 7,480 counts, which the caller then scanned for the
    few that are not zero. Under a request's load, with the model's tables out of the caches, that took
    0.135 ms on the seed article where this takes 0.106 (0.054 -> 0.039 in a loop of its own)."""
    nextmove, outputs = model.tk_nextmove, _outputs
    state = 0
    found: list[int] = []
    for byte in read.encode("utf8", errors="surrogatepass"):
        state = nextmove[(state << 8) + byte]
        found += outputs[state]
    counted = Counter(found)
    features = np.array(sorted(counted), dtype=np.intp)
    return features, np.array([counted[f] for f in features.tolist()], dtype=np.float32)


def detected_language(text: str) -> tuple[str, LanguageDetection]:
    """The language to summarise `text` in, detected; UndetectedLanguage when it is one we cannot."""
    detection = detect_language(text)
    if detection.language is None:
        raise UndetectedLanguage(
            f"the text reads as language {detection.code!r} (ISO 639-1, confidence {detection.confidence:.2f}), "
            f"which cannot be summarised here; supported: {', '.join(SUPPORTED_LANGUAGES)}. "
            "Name the language in `language` to summarise it as one of those anyway",
            detected=detection.code,
            confidence=detection.confidence,
            supported=list(SUPPORTED_LANGUAGES),
        )
    return detection.language, detection
