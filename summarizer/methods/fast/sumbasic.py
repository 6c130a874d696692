"""SumBasic's greedy word-probability summariser (Nenkova & Vanderwende 2005), fast: sumy 0.13's `SumBasicSummarizer`.

sumy's rules, replicated exactly:

* Content words: each word lower-cased, dropped if in the (lower-cased) stop list, then stemmed
  (`stem(lower(word))`). A stem's probability is its count over the document's content words.
* Each greedy step picks the remaining sentence with the highest average probability of its
  content words (`sum(p) / len`, 0 for a sentence without content words); the first such sentence
  in document order wins a tie (sumy scans with a strict `>`). Every occurrence of a word in the
  picked sentence then squares its probability (a word used twice goes to p**4).
* The rating of a sentence is minus the step at which sumy picked it, keyed by the sentence text:
  see `greedy_ratings`.

Speed: sumy re-averages every remaining sentence at every step, O(sentences x words). Probabilities
only ever fall, so an average computed at an earlier step is an upper bound on the current one
(float rounding is monotone too). This module keeps the averages in a heap of such bounds and
re-averages a sentence only when its bound reaches the top ("lazy greedy"): a step costs a few
re-averages, not one per sentence. Sentences with the same content words (repeats) form one heap
entry, picked once per member, first member first.

Exactness: each average is computed with sumy's own arithmetic (Python's left-to-right `sum` of the
same floats in the same order, then one division), so it is sumy's float, bit for bit. Averages that
are equal in exact arithmetic but not in floats (2 words at p vs 3 at p) therefore break ties the
way sumy does, and the whole ranking matches. A vectorised variant (all stale averages recomputed
with NumPy every step) was 10x slower at 800 sentences and 40x slower on repetitive text, where a
frequent word makes most sentences stale at every step.

Ill-defined case: a document without content words has every average 0; sumy then picks in
document order, and so does this module (no division happens).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from ...text.sentences import Document
from .terms import sentence_keys, stemmed_words


def greedy_ratings(order: Sequence[int], texts: Sequence[str]) -> np.ndarray:
    """sumy's `ratings[sentence] = -len(ratings)` for the pick order, keyed by sentence text.

    sumy's dict is keyed by `Sentence`, which hashes its text: re-picking a text (a duplicate
    sentence) overwrites its rating with -(distinct texts picked so far) and does not advance the
    count, so duplicates end below where they were first picked and share one rating.
    """
    ratings: dict[str, int] = {}
    for i in order:
        ratings[texts[i]] = -len(ratings)
    return np.array([ratings[text] for text in texts], dtype=np.float64)


def group_sentences(sentences: Sequence[Sequence[str]]) -> tuple[list[list[int]], list[list[int]], int]:
    """Sentences with the same words (in the same order) as one group.

    Returns each group's word ids, its members (sentence indices, in order) and the vocabulary size.
    """
    vocabulary: dict[str, int] = {}
    group_of: dict[tuple[str, ...], int] = {}
    words: list[list[int]] = []
    members: list[list[int]] = []
    for i, sentence in enumerate(sentences):
        key = tuple(sentence)
        group = group_of.get(key)
        if group is None:
            group = group_of[key] = len(members)
            words.append([vocabulary.setdefault(word, len(vocabulary)) for word in key])
            members.append([])
        members[group].append(i)
    return words, members, len(vocabulary)


def greedy_order(sentences: Sequence[Sequence[str]]) -> list[int]:
    """The order in which sumy's SumBasic picks the sentences, given their content words."""
    words, members, size = group_sentences(sentences)
    counts = [0] * size
    for group_words, group_members in zip(words, members, strict=True):
        for w in group_words:
            counts[w] += len(group_members)
    total = sum(counts)
    probability = [count / total for count in counts]  # int / int, as sumy's `v / content_words_count`

    def average(group: int) -> float:
        # sumy's `_compute_average_probability_of_words`, operation for operation.
        ids = words[group]
        return sum([probability[w] for w in ids]) / len(ids) if ids else 0

    # (-bound, next member, group): the best bound first, the earlier sentence on a tie.
    heap = [(-average(g), group_members[0], g) for g, group_members in enumerate(members)]
    heapq.heapify(heap)
    step = 0
    computed = [0] * len(members)  # the step at which each group's bound was last computed
    taken = [0] * len(members)
    order: list[int] = []
    while heap:
        bound, first, group = heap[0]
        if computed[group] != step:
            # A bound from an earlier step: refresh it. Once the top is fresh, nothing below it can
            # be better, nor equal and earlier (it would sort above).
            computed[group] = step
            heapq.heapreplace(heap, (-average(group), first, group))
            continue
        order.append(first)
        taken[group] += 1
        for w in words[group]:
            probability[w] *= probability[w]
        step += 1
        if taken[group] < len(members[group]):
            heapq.heapreplace(heap, (bound, members[group][taken[group]], group))
        else:
            heapq.heappop(heap)
    return order


def rank(document: Document, count: int) -> np.ndarray:
    """sumy's SumBasic rating of every sentence: minus the greedy step that picked it."""
    return greedy_ratings(greedy_order(stemmed_words(document)), sentence_keys(document))
