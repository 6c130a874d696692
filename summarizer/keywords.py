"""Keywords: ranked key phrases (names kept whole, repeated terms, frequent words), in one pass over the text.

How it works, for any language with a sumy stop-word list and stemmer:

1. Candidates. A sentence is cut into runs of content words at stop words, punctuation and digits, as
   RAKE does (Rose et al. 2010, "Automatic keyword extraction from individual documents"). Inside a run,
   a *name* is a run of capitalised words, joined by connectors such as "of", "de" or "van" when a
   capitalised word follows ("Joint Comprehensive Plan of Action"). A name is one unit: a keyword holds
   a whole name or none of it. A capital counts as evidence of a name only where it is not the first
   word of a sentence (or of a quotation) and the sentence is not written in title case; elsewhere it
   counts when the same word is capitalised mid-sentence somewhere else in the text ("Putin signed").
   A possessive or an elided article ("Iran's", "l'expansion") is cut off the word and ends the run.
2. Phrases. Every unit (a word or a name) is a candidate; so is a sequence of up to three words inside a
   run, but only when it occurs at least twice in the text. A repeated sequence of content words is a
   term ("blood moon", "military operation"); a sequence seen once is usually a piece of a clause
   ("NATO expansion poses"), which is how this avoids phrases that end in a verb without a tagger.
   A name may start a phrase ("NATO expansion") but never follow a word, so a phrase never cuts into
   a name from the left.
3. Score. Each word occurrence weighs more near the start of the text (news puts its subject first);
   a stem's importance is the sum of its occurrences' weights, a phrase's score the sum of its own
   occurrences' weights times the mean importance of its stems (frequent phrases made of frequent
   words first, as in RAKE's degree and YAKE's term frequency).
4. One form per entity. A name whose words are all in a fuller name ("Raisi" in "Iranian President
   Ebrahim Raisi", "Putin" in "Vladimir Putin") is folded into the fullest one, which gets both scores;
   a single word folds only into names it ends (surnames), so "Iranian" is not read as Raisi. Then, as
   before, a phrase sharing more than half of its stems with a better-ranked keyword is left out.

Verbs (English only, an extra refinement): a word that `lemminflect` (Jascha Swisher / Brad Jascob,
MIT; its tables ship inside the wheel, so it works offline) knows only as a verb ("cautioned",
"warns") ends a run, and so does a noun-or-verb form directly followed by a determiner ("poses a
serious threat"), since English puts no determiner right after a noun. NLTK's tagger needs data that
cannot be downloaded here; TextBlob's tagger is the same; spaCy's models are not on PyPI. Its lexicon
loads as 48 MiB of Python dicts, a third of a worker's memory, for one fact per word: so its readings
ship as two word lists (scripts/build_verb_table.py; 80 kB, about 3 MiB loaded, read once per process).
Without it, rule 2 alone already keeps verb-final phrases out of multi-word candidates; the tables
keep single verbs ("stressed") and adverbs ("apparently") out too.

Why not a library (seed article, 2,526 characters, median of warm runs on the development machine):
YAKE 0.7.3 took 16-18 ms (43 ms on slower machines) and returned cut names ("Russian counterpart
Vladimir"), verb-final phrases ("NATO expansion poses") and one person three times; summa 1.2.0
(TextRank) 12 ms, lower-cased single words and stems of one another ("regions", "region");
multi-rake 0.0.2 0.8 ms but lower-cased, verb-final phrases ("east creates tensions", "iranian
president stated") and cut names ("joint comprehensive plan"), with a C extension for language
detection (pycld2) we do not need; rake-nltk 1.0.6 needs NLTK's punkt data to split sentences (given
our sentences, 0.6 ms, with the same RAKE faults). Each would need everything above as
post-processing, so the extractor is this module. bench/keywords.py, on the development machine:
1.3 ms on the seed (YAKE 19.1), 4.0 ms on 4 copies, 15.3 ms on 16 (linear); of 10 keywords per
article, the share all of whose stems are in the reference summary 60.8% on cnndm-dev (YAKE 16.2%)
and 90.9% on BBC News (75.7%), the share with one such stem 60.8% (59.5%) and 92.7% (85.9%).
(On lower-cased cnndm-dev there are no names and few repeated phrases: the keywords are mostly words.)

German, which capitalises every noun, takes only capitalised words when the text has capitals.
"""

from __future__ import annotations

import gzip
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .records import Keyword
from .select import ranking
from .text.languages import stop_words
from .text.sentences import Document, content_stem

VERB_TABLE = Path(__file__).with_name("english_verbs.txt.gz")  # see _english_verbs
MAX_PHRASE_WORDS = 3  # longer repeated sequences are rare and read as clauses, not tags; a name may be longer
# Reading a megabyte would take about a second; past this many characters only the best-ranked
# sentences up to this size are read, and the response says so.
MAX_KEYWORD_CHARS = 100_000
# An occurrence in sentence i weighs 1 + LEAD_WEIGHT / (1 + i / LEAD_SENTENCES): the lead counts about
# four times the body. On cnndm-dev (500 articles), share of keywords with a stem in the reference:
# no lead weight 56.8%; 2 / (1 + i) 59.6%; 4 / (1 + i / 3) 60.8%; 8 / (1 + i / 3) 61.0%, 8 / (1 + i / 6)
# 60.9% (a plateau; the middle of it is kept). Summing stems over phrases instead of averaging, or
# not dividing by the length, favours multi-word phrases and lowers the share (58.1%, 55.6%).
LEAD_WEIGHT = 4.0
LEAD_SENTENCES = 3
MIN_REPEATS = 2  # a multi-word phrase must occur this often (rule 2 of the docstring)
_APOSTROPHE = re.compile(r"['’]")
_OPENING_BRACKETS, _CLOSING_BRACKETS = frozenset("([{"), frozenset(")]}")
# Characters after which a capital says nothing: a sentence or a quotation starts there.
_OPENERS = frozenset('"“‘«„:([—–-')
# Lower-case words that may join capitalised words inside a name ("Plan of Action", "Ortega y
# Gasset"), only ever between two capitalised words; the second set only right after one of the first
# ("von der Leyen", "de la Peña"), since alone they are articles ("Lagarde den Leitzins" in German).
_CONNECTORS = frozenset(
    [
        "of",
        "for",
        "de",
        "da",
        "das",
        "do",
        "dos",
        "del",
        "della",
        "di",
        "du",
        "des",
        "van",
        "von",
        "zu",
        "y",
        "al",
        "el",
        "bin",
    ]
)
_SECOND_CONNECTORS = frozenset(["the", "der", "den", "ter", "ten", "la", "le", "los", "las"])
# Languages that capitalise every noun: there a lower-case word is not a noun, so not a keyword, when
# the text has capitals at all.
_NOUNS_CAPITALISED = frozenset({"german"})
# English determiners: a noun-or-verb form right before one of them is a verb ("poses a").
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "no",
        "every",
    ]
)
_TITLE_CASE_SHARE = 0.8  # a line whose content words are this capitalised is a title: capitals there say nothing


class _Unit(NamedTuple):
    """A word or a whole name inside a run of content words (a named tuple: a text makes one per content
    word, and a frozen dataclass took twice as long to build)."""

    stems: tuple[str, ...]  # content stems only, connectors left out
    text: str
    name: bool


def keywords(document: Document, scores: np.ndarray, count: int) -> tuple[list[Keyword], str | None]:
    """Up to `count` key phrases, best first, and a warning when only part of the text was read.

    Score is relative to the best keyword's (1.0): higher is more relevant.
    """
    if count <= 0:
        return [], None
    indices, warning = _sentences_to_read(document, scores)
    runs = _runs(document.language, [(i, document.tokens[i]) for i in indices])
    return _rank(runs, count), warning


def _sentences_to_read(document: Document, scores: np.ndarray) -> tuple[list[int], str | None]:
    sentences = document.clean_sentences
    if sum(len(s) for s in sentences) <= MAX_KEYWORD_CHARS:
        return list(range(len(sentences))), None
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
    return sorted(chosen), warning


# What the extractor needs to know about a word as written, looked up once per distinct word:
# (lower-cased, a stop word, its stem ("" for a stop word), verb kind: 0 not a verb, 1 a verb, 2 a verb before
# a determiner, written with a capital, and its unit as a run holds it, built once here rather than once an
# occurrence: None for a word that never stands in a run (a stop word, a single letter, a verb)).
_Info = tuple[str, bool, str, int, bool, _Unit | None]
# A token: (word as written, or None for a break; True where a capital there is evidence of a name; the
# word's _Info, read once here for both passes over the tokens).
_Token = tuple[str | None, bool, _Info]
_BREAK: _Token = (None, False, ("", True, "", 0, False, None))  # a break reads as a stop word, never as a name
# Distinct words per language (bounded: a long-running process sees many): about 9 MiB at the bound, as
# measured with tracemalloc on cnndm-dev's words (each content word's unit is kept with its reading).
_INFO_CACHE_SIZE = 35_000


class _Infos(dict[str, _Info]):
    """Word -> _Info for one language; a missing word is worked out on first look-up (`infos[word]`)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stops = stop_words(language)
        self.english = language == "english"  # verbs are told from nouns in English only

    def __missing__(self, word: str) -> _Info:
        lowered = word.lower()
        verb = _verb_kind(lowered) if self.english else 0
        stemmed = content_stem(self.language, word)  # None: a stop word (its stem is never read)
        unit = None if stemmed is None or len(word) < 2 or verb == 1 else _Unit((stemmed,), lowered, False)
        info = (lowered, stemmed is None, stemmed or "", verb, word[0].isupper(), unit)
        if len(self) >= _INFO_CACHE_SIZE:
            self.clear()
        self[word] = info
        return info


@cache
def _infos(language: str) -> _Infos:
    return _Infos(language)


def _tokens(infos: _Infos, sentence: list[tuple[str, str]]) -> list[_Token]:
    """Words and breaks, from a sentence's words and marks (Document.tokens); possessives and elisions cut
    off ("Iran's" -> "Iran", break)."""
    stops = infos.stops
    tokens: list[_Token] = []
    position_says_nothing = True
    depth = 0  # inside brackets: an aside ("(CNN)", "(JCPOA)"), never a keyword
    content = capitalised = 0  # content words, and those written with a capital (a title is mostly those)
    for word, mark in sentence:
        if not word or depth:
            mark = mark or word
            if mark in _OPENING_BRACKETS:
                depth += 1
            elif depth and mark in _CLOSING_BRACKETS:
                depth -= 1
            tokens.append(_BREAK)
            position_says_nothing = mark in _OPENERS
            continue
        if "'" in word or "’" in word:
            pieces = _APOSTROPHE.split(word)
            if word.lower() not in stops and len(pieces) == 2:
                before, after = pieces
                if len(before) <= 2 or before.lower() in stops:  # l'expansion, dell'Europa
                    word = after
                elif len(after) <= 2 or after.lower() in stops:  # Iran's, don't
                    info = infos[before]
                    tokens.append((before, not position_says_nothing, info))
                    tokens.append(_BREAK)
                    position_says_nothing = False
                    if not info[1]:
                        content += 1
                        capitalised += info[4]
                    continue
        info = infos[word]
        tokens.append((word, not position_says_nothing, info))
        position_says_nothing = False
        if not info[1]:
            content += 1
            capitalised += info[4]
    if content >= 3 and capitalised >= _TITLE_CASE_SHARE * content:
        return [(word, False, info) for word, _, info in tokens]  # a title: its capitals say nothing
    return tokens


def _runs(language: str, sentences: Iterable[tuple[int, list[tuple[str, str]]]]) -> list[tuple[int, list[_Unit]]]:
    """Each sentence's runs of units, with the sentence's index (sentences as their words and marks)."""
    infos = _infos(language)
    tokenised = [(i, _tokens(infos, s)) for i, s in sentences]
    # Words written with a capital where that is evidence: the same word is a name anywhere else too.
    named = {w for _, tokens in tokenised for w, evidence, info in tokens if w and evidence and info[4]}
    nouns_capitalised = language in _NOUNS_CAPITALISED and bool(named)
    runs: list[tuple[int, list[_Unit]]] = []
    for i, tokens in tokenised:
        run: list[_Unit] = []
        name: list[str] = []
        last = len(tokens) - 1
        for k, (word, evidence, info) in enumerate(tokens):
            if word is None:
                if name:
                    run.append(_name_unit(infos, name))
                    name = []
                if run:
                    runs.append((i, run))
                    run = []
                continue
            lowered, _, stemmed, verb, upper, unit = info
            if upper and (evidence or word in named):
                name.append(word)
                continue
            if name:
                if _joins(name[-1], lowered) and _name_goes_on(tokens, k + 1, named):
                    name.append(word)
                    continue
                run.append(_name_unit(infos, name))
                name = []
            if (
                unit is None
                or (verb == 2 and k < last and (tokens[k + 1][0] or "").lower() in _DETERMINERS)
                or (nouns_capitalised and word.islower())
            ):
                if run:
                    runs.append((i, run))
                    run = []
                continue
            # German nouns keep their capital wherever they stand; elsewhere a capital here said nothing.
            run.append(_Unit((stemmed,), word, False) if nouns_capitalised else unit)
        if name:
            run.append(_name_unit(infos, name))
        if run:
            runs.append((i, run))
    return runs


def _joins(previous: str, lowered: str) -> bool:
    return lowered in _CONNECTORS or (lowered in _SECOND_CONNECTORS and previous.lower() in _CONNECTORS)


def _name_goes_on(tokens: list[_Token], k: int, named: set[str]) -> bool:
    """A connector joins a name only when a capitalised word follows, after at most one more connector."""
    previous = tokens[k - 1][0] or ""
    for word, evidence, info in tokens[k : k + 2]:
        if word is None:
            return False
        if info[4] and (evidence or word in named):
            return True
        if not _joins(previous, info[0]):
            return False
        previous = word
    return False


def _name_unit(infos: _Infos, words: list[str]) -> _Unit:
    if len(words) == 1:  # most names ("Putin", "NATO"): the same unit without a generator
        info = infos[words[0]]
        return _Unit(() if info[1] else (info[2],), words[0], True)
    stems = tuple(info[2] for info in map(infos.__getitem__, words) if not info[1])
    return _Unit(stems, " ".join(words), True)


def _verb_kind(lowered: str) -> int:
    """Not part of a noun phrase (English): 1 for a verb or an adverb ("apparently"), 2 for a word that is
    a verb when a determiner follows it ("poses a"), 0 otherwise; unknown words are names (0)."""
    only, also = _english_verbs()
    return 1 if lowered in only else 2 if lowered in also else 0


@cache
def _english_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """lemminflect's readings, as two word lists (scripts/build_verb_table.py): words it knows only as
    verbs or adverbs, and verbs it also knows as nouns or adjectives. Its own lexicon holds 48 MiB of
    Python dicts in every process; these load in 20 ms and hold about 3 MiB."""
    lists: list[list[str]] = [[], []]
    with gzip.open(VERB_TABLE, "rt", encoding="utf-8") as lines:
        current = -1
        for line in lines:
            if line.startswith("#"):
                current += 1
            elif line.strip():
                lists[current].append(line.strip())
    return frozenset(lists[0]), frozenset(lists[1])


# What _rank gathers for a candidate: [weight (float), name votes (int), where (list of (run, first unit,
# last unit))], a list updated in place: one dictionary look-up an occurrence, where three dictionaries keyed
# by the same stems hashed the tuple three times (the seed's keywords 0.51 -> 0.48 ms, the long document's
# 4.67 -> 4.34 ms).
_Record = list[Any]


def _rank(runs: list[tuple[int, list[_Unit]]], count: int) -> list[Keyword]:
    importance: defaultdict[str, float] = defaultdict(float)
    # Per candidate (its stems), one record, read with one look-up an occurrence: [weight, name votes,
    # where it occurs]. Where: (run, first unit, last unit), for its count and its written forms, which
    # are only spelt out for the few keywords kept. The same stems are a name in one place and a word
    # in another ("President Raisi", "the president"): they are a name when most of their mentions are.
    found: dict[tuple[str, ...], _Record] = {}
    for r, (i, run) in enumerate(runs):
        occurrence = 1.0 + LEAD_WEIGHT / (1.0 + i / LEAD_SENTENCES)
        units = len(run)
        for start, unit in enumerate(run):
            stems = unit.stems
            for s in stems:
                importance[s] += occurrence
            if stems:
                record = found.get(stems)
                if record is None:
                    found[stems] = [occurrence, 1 if unit.name else -1, [(r, start, start)]]
                else:
                    record[0] += occurrence
                    record[1] += 1 if unit.name else -1
                    record[2].append((r, start, start))
            if units == 1:
                break  # most runs are one unit: no phrase starts there
            # A phrase holds at most MAX_PHRASE_WORDS stems of its first unit plus one a unit after it.
            for end in range(start + 1, min(units, start + 1 + MAX_PHRASE_WORDS - len(stems))):
                if run[end].name:
                    break  # a name never follows a word inside a phrase
                stems += run[end].stems
                if stems:
                    record = found.get(stems)
                    if record is None:
                        found[stems] = [occurrence, 0, [(r, start, end)]]
                    else:
                        record[0] += occurrence
                        record[2].append((r, start, end))
    names = {k for k, record in found.items() if record[1] > 0}
    candidates = {k for k, record in found.items() if len(k) == 1 or k in names or len(record[2]) >= MIN_REPEATS}
    # Shortest first, so that a name folded into a fuller one that folds in turn carries its weight
    # along ("Bill" -> "Link Bill" -> "Crossrail Link Bill"), in the same order in every process.
    for short, full in sorted(_fuller_names(names).items(), key=lambda pair: (len(pair[0]), pair[0])):
        found[full][0] += found[short][0]
        candidates.discard(short)
    # A candidate's score is its weight times its stems' mean importance (one stem, most often: its own).
    # Best score first, then the stems' order; popped from a heap only as far as the keywords kept (about
    # `count` of a few hundred candidates), in the order a full sort gives.
    scored: list[tuple[float, tuple[str, ...]]] = []
    for k in candidates:
        weight = found[k][0]
        score = weight * importance[k[0]] if len(k) == 1 else weight * sum(map(importance.__getitem__, k)) / len(k)
        scored.append((-score, k))
    heapq.heapify(scored)
    kept: list[tuple[float, tuple[str, ...]]] = []
    while scored and len(kept) < count:
        negative, key = heapq.heappop(scored)
        if not any(_overlaps(key, other, names) for _, other in kept):
            kept.append((-negative, key))
    best = kept[0][0] if kept else 1.0
    return [Keyword(text=_form(runs, found[k][2]), score=round(s / best, 6)) for s, k in kept]


def _form(runs: list[tuple[int, list[_Unit]]], where: list[tuple[int, int, int]]) -> str:
    """A keyword as it is written most often (the first such form on a tie)."""
    forms: dict[str, int] = {}  # a plain dict: a Counter and its most_common cost more than the counting
    for r, start, end in where:
        units = runs[r][1]
        form = units[start].text if start == end else " ".join(unit.text for unit in units[start : end + 1])
        forms[form] = forms.get(form, 0) + 1
    return max(forms, key=forms.__getitem__)  # the first form written most often, as Counter.most_common(1)


def _fuller_names(names: set[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each name contained in a fuller one -> the fullest ("Putin" -> "Vladimir Putin").

    A one-word name only folds into names it ends (a surname), since a first word is often a
    nationality or a title ("Iranian", "President").
    """
    by_stem: defaultdict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in names:
        for s in set(name):
            by_stem[s].append(name)
    fuller: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name in names:
        words = set(name)
        supersets = [
            other
            for other in by_stem[name[-1]]
            if len(other) > len(name) and words <= set(other) and (len(name) > 1 or other[-1] == name[0])
        ]
        if supersets:
            fuller[name] = max(supersets, key=lambda other: (len(other), other))
    return fuller


def _overlaps(phrase: tuple[str, ...], other: tuple[str, ...], names: set[tuple[str, ...]]) -> bool:
    """More than half of the shorter phrase's stems are in the other ("military" within "military
    operation"): a reader sees one keyword, so only the better-ranked one is kept. A name and a phrase
    that is not one are the same thing only when they share the name's last word: "president" is not
    "Iranian President Ebrahim Raisi", but "raisi" would be."""
    if (phrase in names) != (other in names):
        name, rest = (phrase, other) if phrase in names else (other, phrase)
        return name[-1] in rest
    shared = len(set(phrase) & set(other))
    return shared > 0.5 * min(len(set(phrase)), len(set(other)))
