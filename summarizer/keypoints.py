"""Key points: short, standalone, distinct sentences of the text that between them cover its topics, best first.

Each candidate sentence is first made a point: a dateline is dropped, and a sentence longer than the
target length is trimmed (an extractive compression, in the spirit of Knight & Marcu 2002's deletion
model, by rules rather than a parser): a leading phrase up to its comma ("In a phone call on Thursday,
..."), a trailing non-restrictive clause (", which ...", ", leading to ...") or a short parenthesis
goes, but only when what is left is still a whole sentence of the text that stands alone; otherwise
the sentence stays whole. Points are then picked greedily: the method's ranking, plus how much of the
text a point covers that the points already picked do not (facility location, Lin & Bilmes 2011, over
the method's sentence vectors, each sentence weighted by its rank, or over shared words when it has
none); a point that repeats one already picked (or only the title) is skipped, by shared
words and, with vectors, by meaning (cosine above the vectors' paraphrase threshold). Points that
stand alone come before any that do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .options import DEFAULT_KEY_POINT_WORDS
from .records import SentenceVectors
from .select import ranking
from .text.sentences import Document, content_stems, tokenizer_for

MIN_WORDS = 4
# Two key points that share more than this fraction of their content stems (Jaccard) say the same
# thing: in the seed article, restatements of "NATO expansion is a threat" overlap at 0.5-0.7 while
# distinct points stay below 0.3.
DUPLICATE_SIMILARITY = 0.5
# Only the best-ranked sentences are made into points: the work stays O(CANDIDATES x sentences).
CANDIDATES = 40
# A point's value: the relevance of its sentence's rank k (from 0), (1 + k) ** -RANK_DECAY, plus
# COVERAGE_WEIGHT x its coverage gain (scaled to [0, 1] at each pick). Measured on the first 120
# documents of cnndm-dev and BBC (ROUGE-1 recall of the key points against the reference / words a
# point), the default method: coverage weight 0 / 0.25 / 0.5 / 1.0 at target 20 gave cnndm 53.88 / - /
# 54.62 / 54.51, so coverage (of the ranked sentences) costs nothing there, and it is what keeps points
# on different topics; rank decay 0.5 / 1 / 2 moved recall by under 0.5. Discounting points longer than
# the target in the value ((target / words) ** 0.5) cost 2.4 recall on cnndm for 2 words less: not done.
COVERAGE_WEIGHT = 0.25
RANK_DECAY = 1.0
# Openings that lean on the sentence before and so do not stand alone (English only).
_DEPENDENT_OPENINGS = {
    "english": frozenset(
        [
            "he",
            "she",
            "it",
            "they",
            "this",
            "that",
            "these",
            "those",
            "his",
            "her",
            "their",
            "its",
            "but",
            "and",
            "also",
            "however",
            "so",
            "then",
            "meanwhile",
            "moreover",
            "furthermore",
            "yet",
            "still",
            "there",
            "such",
            "both",
            "or",
            "nor",
            "instead",
            "otherwise",
            "thus",
            "hence",
        ]
    ),
}
# Words outside quotation marks that attribute a quote to someone (English).
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|saying|told|tells|stated|states|stating|added|adds|adding|stressed|stressing|according"
    r"|asked|warned|insisted|noted|explained|wrote|writes|declared|announced|claimed|argued|reiterated"
    r"|described|called|urged|admitted|acknowledged|confirmed|replied|quoted)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"[^\"]*\"?|“[^”]*”?|``.*?''")
_QUOTE_MARKS = re.compile(r"[\"“”]|``|''")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_OPENING_MARKS = "\"'“‘`(["
_LEADING_PHRASE_WORDS = 8  # a leading phrase up to the first comma ("In 2014, ...") is this short at most
_TRIMMED_PHRASE_WORDS = 20  # a scene-setting phrase this long can still go ("In a phone call with ..., X said")
# A news dateline: "TEHRAN (Tasnim) – ", "LONDON, England (CNN) -- ", "( cnn ) -- ".
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’ -]*,?(?: [A-Z][\w.]*)*\s*)?(?:\([^()]{1,30}\)\s*)?(?:--|[–—-])\s+(?=\S)")
# Leading phrases that set the scene and can go: the sentence says the same without them (English).
_SCENE_SETTERS = re.compile(
    r"^(?:in|on|at|after|before|during|following|referring|speaking|for (?:his|her|their|its|our|my) part"
    r"|amid|despite|since|earlier|later|last|this|separately|meanwhile|now|today|yesterday|overall)\b",
    re.IGNORECASE,
)
# Trailing non-restrictive clauses that can go (English): ", which ...", ", leading to ...", ", saying ...".
_TRAILING_CLAUSE = re.compile(
    r",\s+(?:which|who|whose|where|while|as|after|before|amid|despite|although|though|because|since|with|including"
    r"|leading|prompting|making|stressing|saying|adding|noting|calling|sending|bringing|forcing|giving)\b"
)
_PARENTHESIS = re.compile(r"\s\([^()]{1,40}\)")


@dataclass(frozen=True)
class _Candidate:
    index: int
    point: str
    words: int
    alone: bool


def key_points(
    document: Document,
    scores: np.ndarray,
    count: int,
    embedded: SentenceVectors | None = None,
    target_words: int = DEFAULT_KEY_POINT_WORDS,
) -> list[str]:
    """Up to `count` key points, best first (see the module's docstring)."""
    if count <= 0 or not document.sentences:
        return []
    language = document.language
    order = ranking(np.asarray(scores, dtype=float))
    candidates = [_candidate(document, int(i), target_words) for i in order[:CANDIDATES]]
    indices = [c.index for c in candidates]
    relevance = (1.0 + np.arange(len(candidates))) ** -RANK_DECAY
    stems = [frozenset(content_stems(language, tokenizer_for(language).to_words(c.point))) for c in candidates]
    if embedded is not None:  # coverage of every sentence, each weighted by its rank
        vectors = embedded.vectors
        similarity = np.clip(vectors[indices] @ vectors.T, 0.0, None)  # candidates x every sentence
        meaning = vectors[indices] @ vectors[indices].T
        weight: np.ndarray = np.empty(len(vectors))
        weight[order] = (1.0 + np.arange(len(vectors))) ** -RANK_DECAY
    else:  # without vectors, of the candidates by their shared words
        similarity = np.array([[jaccard(a, b) for b in stems] for a in stems])  # candidates x candidates
        meaning = None
        weight = relevance
    covered = np.zeros(similarity.shape[1])
    title = (
        frozenset(content_stems(language, tokenizer_for(language).to_words(document.title.text)))
        if document.title
        else None
    )
    # A point that says nothing the title does not is no point (a lede that restates it with details is).
    available = [title is None or not stems[k] <= title for k in range(len(candidates))]
    chosen: list[int] = []
    for standalone_pass in (True, False):
        while len(chosen) < count:
            open_ = [k for k in range(len(candidates)) if available[k] and candidates[k].alone == standalone_pass]
            if not open_:
                break
            gains = np.maximum(similarity[open_] - covered, 0.0) @ weight
            top = gains.max()
            value = relevance[open_] + COVERAGE_WEIGHT * (gains / top if top > 0 else 0.0)
            best = open_[int(np.argmax(value))]
            chosen.append(best)
            covered = np.maximum(covered, similarity[best])
            for k in range(len(candidates)):
                if available[k] and (
                    k == best
                    or jaccard(stems[k], stems[best]) > DUPLICATE_SIMILARITY
                    or (
                        meaning is not None
                        and embedded is not None
                        and meaning[k, best] > embedded.duplicate_similarity
                    )
                ):
                    available[k] = False
    return [candidates[k].point for k in chosen]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / len(a | b)


def stands_alone(point: str, language: str = "english") -> bool:
    """Whether a key point reads on its own: a whole sentence (at least MIN_WORDS words, sentence-final
    punctuation), not opening on a pronoun or connective that leans on the sentence before (also after a
    short leading phrase: "In 2014, they ..."), and any quotation attributed to a speaker outside it."""
    words = point.split()
    if len(words) < MIN_WORDS or not _TERMINAL.search(point):
        return False
    dependent = _DEPENDENT_OPENINGS.get(language, frozenset())
    if words[0].strip(_OPENING_MARKS).lower() in dependent:
        return False
    head, comma, rest = point.partition(",")
    after_phrase = rest.split()[:1] if comma and len(head.split()) <= _LEADING_PHRASE_WORDS else []
    if after_phrase and after_phrase[0].strip(_OPENING_MARKS).lower() in dependent:
        return False
    return not (language == "english" and _QUOTED.search(point) and not _ATTRIBUTION.search(_QUOTED.sub(" ", point)))


def compress(sentence: str, target_words: int, language: str = "english") -> str:
    """The sentence without its dateline, trimmed towards `target_words` where what is left is still a
    whole sentence that stands alone (see the module's docstring); otherwise the sentence as it is."""
    point = _DATELINE.sub("", sentence, count=1)
    if point != sentence and not _is_sentence(point, language):
        point = sentence
    if language != "english":
        return point
    for trim in (_trim_leading_phrase, _trim_trailing_clause, _trim_parentheses):
        if len(point.split()) <= target_words:
            break
        trimmed = trim(point)
        if trimmed != point and _is_sentence(trimmed, language):
            point = trimmed
    return point


def _candidate(document: Document, index: int, target_words: int) -> _Candidate:
    point = compress(document.clean_sentences[index], target_words, document.language)
    return _Candidate(index, point, len(point.split()), stands_alone(point, document.language))


def _is_sentence(text: str, language: str) -> bool:
    return (
        stands_alone(text, language) and len(_QUOTE_MARKS.findall(text)) % 2 == 0 and text.count("(") == text.count(")")
    )


def _trim_leading_phrase(point: str) -> str:
    head, comma, rest = point.partition(", ")
    if not comma or len(head.split()) > _TRIMMED_PHRASE_WORDS or not _SCENE_SETTERS.match(head):
        return point
    return rest[:1].upper() + rest[1:] if point[:1].isupper() else rest


def _trim_trailing_clause(point: str) -> str:
    match = _TRAILING_CLAUSE.search(point)
    if not match:
        return point
    ending = _TERMINAL.search(point)
    stop = ending.group()[:1] if ending else "."
    return point[: match.start()].rstrip() + stop


def _trim_parentheses(point: str) -> str:
    return _PARENTHESIS.sub("", point)
