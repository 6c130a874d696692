"""Which language a text is written in: py3langid's naive Bayes over byte n-grams, offline, on a bounded sample.

py3langid (a maintained fork of langid.py: Lui and Baldwin, "langid.py: An Off-the-shelf Language
Identification Tool", ACL 2012) ships its model in the wheel: 97 languages, every one we summarise
among them, so text in a language we do not summarise is named, not mistaken for one we do. Chosen over
lingua and fastText by `bench/languages.py` (README, "Languages"): as accurate on our languages, the
only one inside both budgets (under 1 ms a request, about 10 MiB a worker); fasttext-langdetect
downloads its model on first use.

We read the library's model and its feature extraction (`instance2fv`) but score the few features a
text has ourselves: its `classify` multiplies all 7,480 features by every language (2.6 ms); the
sparse product gives the same log-probabilities in 0.02 ms.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ..errors import UndetectedLanguage
from ..records import LanguageDetection
from .languages import SUPPORTED_LANGUAGES, language_for_code

# Detection reads at most this many characters, cut back to a word boundary, from the text's start.
# On bench/languages.py's articles 300 characters (about 50 words) are as accurate as the whole text,
# and the n-gram walk costs about 1 us a character in Python: 0.2-0.35 ms on any text, the seed included.
SAMPLE_CHARS = 300
# A text whose best guess is a language we do not summarise is refused only when the model is this
# sure; below it (a few words, where Spanish reads as Galician) the likeliest language we do summarise
# is taken. Measured on bench/languages.py's sentences: see README, "Languages".
REFUSE_CONFIDENCE = 0.9

_lock = threading.Lock()
_model: Any = None
_supported_columns: Any = None


def _identifier() -> Any:
    """py3langid's model, loaded once per process (110 ms, 10 MiB), at first use."""
    global _model, _supported_columns
    if _model is None:
        with _lock:
            if _model is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                model = LanguageIdentifier.from_pickled_model(MODEL_FILE)
                _supported_columns = np.array([language_for_code(str(c)) is not None for c in model.nb_classes])
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
    counts = model.instance2fv(sample(text))
    features = np.flatnonzero(counts)
    if not features.size:  # no letters the model knows (digits, symbols): nothing to tell, English assumed
        return LanguageDetection(code="en", language="english", confidence=0.0)
    scores = counts[features].astype(np.float32) @ model.nb_ptc[features] + model.nb_pc
    probabilities = np.exp(scores - scores.max())
    probabilities /= probabilities.sum()
    best = int(np.argmax(probabilities))
    if not _supported_columns[best] and probabilities[best] < REFUSE_CONFIDENCE:
        best = int(np.argmax(np.where(_supported_columns, probabilities, -1.0)))
    code = str(model.nb_classes[best])
    return LanguageDetection(
        code=code, language=language_for_code(code), confidence=round(float(probabilities[best]), 4)
    )


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
