"""Key points: short, standalone, distinct sentences of the text that between them cover its topics, best first.

Each candidate sentence is first made a point: a dateline is dropped, so is an opening discourse
connective ("For his part, ...", "Meanwhile, ...": a bullet has no sentence before it), and a sentence longer than the
target length is trimmed (an extractive compression, in the spirit of Knight & Marcu 2002's deletion
model, by rules rather than a parser), least lost first and only as far as the target: an aside in
parentheses or between dashes (any language), then (English) a clause or appositive between commas
before the verb ("Smith, who joined in 2010, said ..."), a leading phrase up to its comma ("In a phone
call on Thursday, ..."), a trailing non-restrictive clause (", which ...", ", leading to ..."); each
only when what is left is still a whole sentence of the text that stands alone, otherwise the sentence
stays as it is. Points are then picked greedily (Lin & Bilmes 2011's facility location with maximal
marginal relevance): the method's ranking, plus how much of the text a point covers that the points
already picked do not (over the method's sentence vectors, each sentence weighted by its rank, or over
shared words when it has none), minus its largest similarity to a point already picked, minus how far
it runs over the target length, so that a shorter sentence that says as much wins. A point that
repeats one already picked (or only the title) is skipped: by shared words, and by meaning where the
method's vectors exist (on the default path, the static vectors distilled from MiniLM; cosine above
their paraphrase threshold), else by shared words alone. Points that stand alone come before any that
do not. Only the best-bounded candidates are trimmed at each pick (the value before the length
discount bounds the value after it), so the work stays O(CANDIDATES x sentences).
"""

from __future__ import annotations

import math
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
# distinct points stay below 0.3. 0.5 let pairs at 0.47 through on cnndm-dev; 0.35 (first 100 documents
# of each set, target 20) cost 0.2-0.5 recall and brought the largest overlap in any document to 0.33.
DUPLICATE_SIMILARITY = 0.35
# Only the best-ranked sentences are made into points: the work stays O(CANDIDATES x sentences).
CANDIDATES = 40
# A point's value: the relevance of its sentence's rank k (from 0), (1 + k) ** -RANK_DECAY, plus
# COVERAGE_WEIGHT x its coverage gain (scaled to [0, 1] at each pick). Measured on the first 120
# documents of cnndm-dev and BBC (ROUGE-1 recall of the key points against the reference / words a
# point), the default method: coverage weight 0 / 0.25 / 0.5 / 1.0 at target 20 gave cnndm 53.88 / - /
# 54.62 / 54.51, so coverage (of the ranked sentences) costs nothing there, and it is what keeps points
# on different topics; rank decay 0.5 / 1 / 2 moved recall by under 0.5. Discounting points longer than
# the target in the value ((target / words) ** 0.5) cost 2.4 recall on cnndm for 2 words less: not done.
#
# Minus REDUNDANCY x the point's largest similarity (cosine of the method's vectors, or Jaccard without)
# to a point already picked (maximal marginal relevance, Carbonell & Goldstein 1998), minus LENGTH_WEIGHT
# x how far its words go over the target, as a share of it. Measured after the trims below, first 200
# documents of each set, target 20, lead / centrality (key points' ROUGE-1 recall @ words a point):
# length weight 0.25: cnndm 55.7 @ 20.9 / 53.6 @ 20.7, over the target; 0.4: 54.5 @ 20.1 / 52.7 @ 19.8,
# BBC 49.3 @ 17.7 / 49.3 @ 18.0; 0.6: 52.4 @ 18.8 / 50.3 @ 18.7. 0.4 is the lightest that meets the
# target on average over both methods and sets; at the default target (28) it costs under 0.4 recall.
# Redundancy 0.15 (with duplicates at 0.35) lowered the mean largest overlap by 0.01 on lead and cost
# 0.2-0.5 recall (first 100 documents).
COVERAGE_WEIGHT = 0.25
RANK_DECAY = 1.0
REDUNDANCY = 0.15
LENGTH_WEIGHT = 0.4
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
_DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z.'’ -]*,?(?: [A-Z][\w.]*)*\s*)?(?:\([^()]{1,30}\)\s*)?(?:--|[–—-])"
    r"|(?:[\w.'’-]+,?\s+){1,3}\(\s*[\w.]+\s*\))\s+(?=\S)"  # or a place and a one-word source: "rome ( cnn ) "
)
# Openings that link a sentence to the one before ("However, ...", "For his part, ..."): both a leading
# phrase that can go when a point is too long, and (followed by a comma) a connective a point drops.
_LINKING = (
    "however|moreover|furthermore|meanwhile|nevertheless|nonetheless|additionally|in addition|indeed|in fact"
    "|also|still|instead|similarly|likewise|for (?:his|her|their|its|our|my) part"
)
# Leading phrases that set the scene and can go: the sentence says the same without them (English).
_SCENE_SETTERS = re.compile(
    r"^(?:in|on|at|after|before|during|following|referring|speaking"
    r"|amid|despite|since|earlier|later|last|this|separately|now|today|yesterday|overall"
    r"|as|when|while|although|though|because|once|with|without|under|by|unlike|having|given|within|until|ahead of"
    rf"|{_LINKING}|for example|for instance|finally|ultimately|recently|currently|initially)\b",
    re.IGNORECASE,
)
# Discourse connectives that open a sentence and tie it to the one before: a key point drops them
# whatever its length, since a bullet has no sentence before it ("For his part, the Russian president
# described ..." -> "The Russian president described ..."); they carry no content of their own (English).
_CONNECTIVE = re.compile(
    rf"^(?:{_LINKING}|besides|on the other hand|by contrast|in contrast|as a result|therefore|consequently"
    r"|in turn),\s+",
    re.IGNORECASE,
)
# Trailing non-restrictive clauses that can go (English): ", which ...", ", leading to ...", ", saying ...".
_TRAILING_CLAUSE = re.compile(
    r",\s+(?:which|who|whose|where|while|as|after|before|amid|despite|although|though|because|since|with|including"
    r"|leading|prompting|making|stressing|saying|adding|noting|calling|sending|bringing|forcing|giving"
    r"|but|whereas|following|until|when|even|just|only|in a|in what|in which|in an)\b"
)
_RELATIVES = frozenset(["who", "which", "whose", "where"])
# A non-restrictive clause or appositive inside the sentence, between commas, before a lower-case verb
# (English): "Smith, who joined in 2010, said ...", "Smith, the club's captain, said ...".
_INNER_CLAUSE = re.compile(
    r"(?<=\w),\s+(?:(?:who|which|whose)(?:\s[^\s,;:\"“”()]+){1,12}|(?:a|an|the|now|formerly|aged?)(?:\s[^\s,;:\"“”()]+){1,10}),"
    r"\s+(?=(?:said|says|told|is|was|are|were|has|have|had|will|would|can|could|may|might|must|did|does"
    r"|\w+ed|\w+s)\b)"
)
# Any language: a short parenthesis, and an aside between dashes.
_PARENTHESIS = re.compile(r"\s\([^()]{1,60}\)")
_DASHED_ASIDE = re.compile(r"\s(?:--|[–—])\s[^–—]{1,80}?\s(?:--|[–—])(?=\s)")


@dataclass(frozen=True)
class _Candidate:
    point: str
    words: int
    alone: bool
    stems: frozenset[str]


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
    indices = order[:CANDIDATES]
    relevance = (1.0 + np.arange(len(indices))) ** -RANK_DECAY
    sentence_stems: dict[int, list[str]] = {}  # without vectors: each candidate sentence's content stems
    if embedded is not None:  # coverage of every sentence, each weighted by its rank; meaning by cosine
        vectors = embedded.vectors
        similarity = np.clip(vectors[indices] @ vectors.T, 0.0, None)  # candidates x every sentence
        meaning = vectors[indices] @ vectors[indices].T
        paraphrase = embedded.duplicate_similarity
        weight: np.ndarray = np.empty(len(vectors))
        weight[order] = (1.0 + np.arange(len(vectors))) ** -RANK_DECAY
    else:  # without vectors, coverage of the candidates and meaning by their shared words
        sentence_stems = {k: content_stems(language, document.words[i]) for k, i in enumerate(indices.tolist())}
        similarity = meaning = _jaccard_matrix(list(sentence_stems.values()))
        paraphrase = DUPLICATE_SIMILARITY
        weight = relevance
    title = frozenset(_point_stems(document.title.text, language)) if document.title else None
    built: dict[int, _Candidate] = {}

    def candidate(k: int) -> _Candidate:
        if k not in built:
            sentence = document.clean_sentences[int(indices[k])]
            point = compress(sentence, target_words, language)
            if point != sentence:
                stems = _point_stems(point, language)
            elif k in sentence_stems:
                stems = sentence_stems[k]
            else:
                stems = content_stems(language, document.words[int(indices[k])])
            built[k] = _Candidate(point, len(point.split()), stands_alone(point, language), frozenset(stems))
        return built[k]

    # The picks work on lists of Python floats, one entry a candidate (at most CANDIDATES): the same
    # operations on the same doubles as NumPy's, in the same order, without a NumPy call for each of a few
    # dozen numbers. Only the coverage gains, a product with every sentence, are NumPy's. Key points on the
    # seed article (13 candidates): 0.36 -> 0.33 ms; on 12 BBC articles (40 candidates): 0.41 -> 0.43.
    covered = np.zeros(similarity.shape[1])
    relevances = relevance.tolist()
    n = len(relevances)
    closest = [0.0] * n  # each candidate's largest meaning similarity to a chosen point
    open_ = [True] * n
    dependent = [False] * n  # known not to stand alone
    chosen: list[int] = []
    for standalone_pass in (True, False):
        while len(chosen) < count:
            eligible = [o and not d for o, d in zip(open_, dependent, strict=True)] if standalone_pass else open_[:]
            if not any(eligible):
                break
            gains = (np.maximum(similarity - covered, 0.0) @ weight).tolist()
            top = max(g for g, e in zip(gains, eligible, strict=True) if e)
            # The value before the length discount bounds it: candidates are made into points (trimmed)
            # best bound first, only until no bound left can beat the best value found.
            bounds = [
                r + COVERAGE_WEIGHT * (g / top if top > 0 else 0.0) - REDUNDANCY * c
                for r, g, c in zip(relevances, gains, closest, strict=True)
            ]
            sort_keys = [-b if e else math.inf for b, e in zip(bounds, eligible, strict=True)]
            best, best_value = -1, -math.inf
            for k in sorted(range(n), key=sort_keys.__getitem__):  # stable, as NumPy's argsort(kind="stable")
                if not eligible[k] or bounds[k] <= best_value:
                    break
                point = candidate(k)
                if (title is not None and point.stems <= title) or any(
                    jaccard(point.stems, built[c].stems) > DUPLICATE_SIMILARITY for c in chosen
                ):
                    open_[k] = False  # it says nothing the title or a chosen point does not
                    continue
                if not point.alone:
                    dependent[k] = True
                    if standalone_pass:
                        continue
                value = bounds[k] - LENGTH_WEIGHT * max(0.0, point.words / target_words - 1.0)
                if value > best_value:
                    best, best_value = k, value
            if best < 0:
                continue  # every candidate looked at was ruled out: look again at those left
            chosen.append(best)
            covered = np.maximum(covered, similarity[best])
            row = meaning[best].tolist()
            closest = [c if c > m else m for c, m in zip(closest, row, strict=True)]  # np.maximum: m on a tie
            open_ = [o and m <= paraphrase for o, m in zip(open_, row, strict=True)]
            open_[best] = False
    return [built[k].point for k in chosen]


def _point_stems(text: str, language: str) -> list[str]:
    return content_stems(language, tokenizer_for(language).to_words(text))


def _jaccard_matrix(stems: list[list[str]]) -> np.ndarray:
    """Jaccard of every pair of stem sets, from one incidence matrix: no Python loop over pairs."""
    columns: dict[str, int] = {}
    cells = [(r, columns.setdefault(s, len(columns))) for r, sentence in enumerate(stems) for s in set(sentence)]
    incidence = np.zeros((len(stems), max(1, len(columns))))
    if cells:
        incidence[tuple(np.array(cells).T)] = 1.0
    shared = incidence @ incidence.T
    sizes = incidence.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    similarity: np.ndarray = np.divide(shared, union, out=(union == 0).astype(float), where=union > 0)
    return similarity


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / len(a | b)


def stands_alone(point: str, language: str = "english") -> bool:
    """Whether a key point reads on its own: a whole sentence (at least MIN_WORDS words, sentence-final
    punctuation), not opening on a pronoun or connective that leans on the sentence before (also after a
    short leading phrase: "In 2014, they ..."), and any quotation attributed to a speaker outside it."""
    words = point.split(None, MIN_WORDS)  # enough to tell the count below MIN_WORDS, and the first word
    if len(words) < MIN_WORDS or not _TERMINAL.search(point):
        return False
    dependent = _DEPENDENT_OPENINGS.get(language, frozenset())
    if words[0].strip(_OPENING_MARKS).lower() in dependent:
        return False
    head, comma, rest = point.partition(",")
    after_phrase = rest.split(None, 1)[:1] if comma and len(head.split()) <= _LEADING_PHRASE_WORDS else []
    if after_phrase and after_phrase[0].strip(_OPENING_MARKS).lower() in dependent:
        return False
    return not (language == "english" and _QUOTED.search(point) and not _ATTRIBUTION.search(_QUOTED.sub(" ", point)))


def compress(sentence: str, target_words: int, language: str = "english") -> str:
    """The sentence without its dateline, trimmed towards `target_words` where what is left is still a
    whole sentence that stands alone (see the module's docstring); otherwise the sentence as it is."""
    point = _DATELINE.sub("", sentence, count=1)
    if point != sentence and not _is_sentence(point, language):
        point = sentence
    if language == "english":
        without = _CONNECTIVE.sub("", point, count=1)
        if without != point:
            without = without[:1].upper() + without[1:]
            if _is_sentence(without, language):
                point = without
    trims = _TRIMS if language == "english" else _TRIMS[:1]
    words = len(point.split())
    for trim in trims:
        if words <= target_words:
            break
        trimmed = trim(point)
        if trimmed != point and _is_sentence(trimmed, language):
            point, words = trimmed, len(trimmed.split())
    return point


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
    if match.group().split()[-1].lower() in _RELATIVES and "," in point[match.end() :]:
        return point  # "X, who ..., said Y": the clause is inside the sentence, and Y is its verb's
    ending = _TERMINAL.search(point)
    stop = ending.group()[:1] if ending else "."
    return point[: match.start()].rstrip() + stop


def _trim_asides(point: str) -> str:
    return _DASHED_ASIDE.sub("", _PARENTHESIS.sub("", point))


def _trim_inner_clauses(point: str) -> str:
    return _INNER_CLAUSE.sub(" ", point)


# Least lost first: asides, then clauses inside, then a leading phrase, then a trailing clause.
_TRIMS = (_trim_asides, _trim_inner_clauses, _trim_leading_phrase, _trim_trailing_clause)
