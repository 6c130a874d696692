"""KL-Sum's greedy divergence minimisation (Haghighi & Vanderwende 2009), vectorised: sumy 0.13's `KLSummarizer`.

sumy's rules, replicated exactly (quirks included):

* No stemming. The stop list is used as given (`KLSummarizer.stop_words` is a plain attribute).
* Document distribution: the document's words *not in the stop list as written* (so "The" is
  kept), lower-cased; p(w) = count / total.
* A candidate sentence contributes its content words: lower-cased, then dropped if in the stop
  list. The summary contributes *every raw word* of the sentences already picked (case kept, stop
  words kept): a summary word counts only where its exact string is a (lower-cased) document key.
* KL(candidate) = sum over keys w of the joint counts (candidate + summary) that have p(w) > 0 of
  p(w) * log(p(w) / (n(w) / T)), T = candidate content words + summary raw words. Keys absent from
  the joint counts are not summed (so this is not a true divergence and can be negative).
* Each step picks the smallest KL, the first remaining sentence in document order on a tie; the
  rating is minus the step, keyed by sentence text (`sumbasic.greedy_ratings`).

Vectorisation. With the summary's counts r, KL(s) = A + G_s + log(T_s) * (P + Q_s), where
A = sum_{r_w>0} h_w(r_w), P = sum_{r_w>0} p(w), h_w(n) = p(w) (log p(w) - log n),
G_s = sum_{w in s} [h_w(c_sw + r_w) - h_w(r_w)] and Q_s = sum_{w in s, r_w=0} p(w). Picking a
sentence changes r only on its own words, so G and Q change only for the candidates holding one of
those words, by an amount that depends on the word and on how often the candidate holds it: one
number per (word, count), scattered through a sparse term-candidate index. Each step then
evaluates every remaining candidate in a few O(n) vector operations (log T per distinct sentence
length; picked candidates are compacted away as the summary grows): no candidate-by-candidate
loop, O(words) memory. The cost per step is O(candidates + entries of the picked words), so a very
small vocabulary (every word in thousands of sentences) is the slow case.

Exactness. The vectorised values differ from sumy's left-to-right float sums in the last bits.
Candidates within `_TIE` of the minimum (exact ties: identical content words, or equal counts in
another order) are re-evaluated with sumy's own arithmetic (same order of terms, `math.log`), so
the pick is the one sumy makes, float for float; candidates whose float computations are provably
the same sequence of operations are evaluated once. Sentences with the same content words form one
candidate, picked once per member, first member first.

Ill-defined cases: a document whose words, as written, are all in the stop list has no distribution;
sumy then rates every candidate 0 and picks in document order, and so does this module. A candidate
without content words against an empty summary (T == 0) sums nothing: 0, as in sumy.
"""

from __future__ import annotations

import math
from collections import deque
from itertools import accumulate, pairwise

import numpy as np
import scipy.sparse as sp

from ...text.languages import stop_words
from ...text.sentences import Document
from .sumbasic import greedy_ratings
from .terms import sentence_keys

# Candidates within this (relative) distance of the smallest vectorised KL are re-evaluated with
# sumy's arithmetic. The vectorised error is ~1e-13 (sums of at most a few thousand O(1) terms).
_TIE = 1e-9


class _Text:
    """The words KL-Sum reads, mapped to the document vocabulary, with sentences grouped by content."""

    def __init__(self, document: Document) -> None:
        stop = stop_words(document.language)
        # Each distinct word once: its lower-cased form, whether the document distribution counts it
        # (the stop list checked as written) and whether it is a candidate content word (checked lower-cased).
        forms: dict[str, tuple[str, bool, bool]] = {}
        for words in document.words:
            for word in words:
                if word not in forms:
                    lower = word.lower()
                    forms[word] = (lower, word not in stop, lower not in stop)
        counts: dict[str, int] = {}
        for words in document.words:
            for word in words:
                lower, counted, _ = forms[word]
                if counted:
                    counts[lower] = counts.get(lower, 0) + 1
        vocabulary = {word: i for i, word in enumerate(counts)}
        self.size = len(vocabulary)
        total = sum(counts.values())
        # int / int, as sumy's `f / content_words_count`; Python floats for the exact path.
        self.p_list = [count / total for count in counts.values()]
        self.doc_counts = list(counts.values())
        self.p = np.array(self.p_list)
        self.log_p = np.log(self.p)

        group_of: dict[tuple[str, ...], int] = {}
        self.members: list[list[int]] = []
        self.content: list[list[int]] = []  # each group's content words in the vocabulary, in order
        lengths: list[int] = []  # each group's content words, in the vocabulary or not
        self.raw: list[list[int]] = []  # each sentence's raw words that are in the vocabulary, in order
        self.raw_lengths: list[int] = []
        for i, words in enumerate(document.words):
            self.raw.append([vocabulary[w] for w in words if w in vocabulary])
            self.raw_lengths.append(len(words))
            content = tuple(form[0] for form in map(forms.__getitem__, words) if form[2])
            if content not in group_of:
                group_of[content] = len(self.members)
                self.members.append([])
                self.content.append([vocabulary[w] for w in content if w in vocabulary])
                lengths.append(len(content))
            self.members[group_of[content]].append(i)
        self.lengths = np.array(lengths, dtype=np.float64)
        self.log_p_list = self.log_p.tolist()
        self.holders = _counts(self.content, self.size).tocsc()  # group x term, content words; by term
        # Each term's holders sorted by how often they hold it, as one view per term, and the runs
        # of equal counts: a summary word changes every holder with the same count by the same
        # amount, so a step computes one number per (term, count), not one per holder.
        entries = self.holders
        column = np.repeat(np.arange(self.size), np.diff(entries.indptr))
        by_count = np.lexsort((entries.indices, entries.data, column))
        groups, held = entries.indices[by_count], entries.data[by_count].astype(np.int64)
        bounds = entries.indptr.tolist()
        self.holder_groups = [groups[b:e] for b, e in pairwise(bounds)]
        self.holder_sizes = np.diff(entries.indptr).tolist()
        run_starts = np.flatnonzero(np.diff(held, prepend=-1) | np.diff(column, prepend=-1))
        run_terms = column[run_starts].tolist()
        run_counts = held[run_starts].tolist()
        run_sizes = np.diff(np.append(run_starts, len(held))).tolist()
        self.holder_runs: list[list[tuple[int, int]]] = [[] for _ in range(self.size)]
        for term, count, size in zip(run_terms, run_counts, run_sizes, strict=True):
            self.holder_runs[term].append((count, size))


def _counts(rows: list[list[int]], size: int) -> sp.coo_matrix:
    """Row x term occurrence counts."""
    lengths = [len(row) for row in rows]
    owner = np.repeat(np.arange(len(rows)), lengths)
    ids = np.fromiter((w for row in rows for w in row), dtype=np.intp, count=len(owner))
    matrix = sp.coo_matrix((np.ones(len(ids)), (owner, ids)), shape=(len(rows), size))
    matrix.sum_duplicates()
    return matrix


class _Summary:
    """The summary's raw word counts, in sumy's dict order, with the vectorised KL terms they set.

    Per candidate group: `g` (G) and `q` (Q) of the module docstring. The arrays hold the groups
    still to be picked, compacted from time to time so that each step's O(groups) work shrinks as
    the summary grows; `slot` maps a group to its position (the last, spare slot once picked).
    """

    def __init__(self, text: _Text) -> None:
        self.text = text
        self.counts: dict[int, int] = {}  # vocabulary id -> count, in order of first appearance
        self.r = [0] * text.size
        self.length = 0  # raw words, in the vocabulary or not
        self.a = 0.0  # A: sum of h_w(r_w) over summary words
        self.mass = 0.0  # P: sum of p(w) over summary words
        groups = len(text.members)
        entries = text.holders
        column = np.repeat(np.arange(text.size), np.diff(entries.indptr))
        p = text.p[column]
        # With an empty summary, G_s = sum of h_w(c_sw) and Q_s = sum of p(w) over the words of s.
        # (float: bincount of no entries would be an integer array)
        self.g = np.bincount(entries.indices, p * (text.log_p[column] - np.log(entries.data)), groups + 1).astype(float)
        self.q = np.bincount(entries.indices, p, groups + 1).astype(float)
        self.group = np.arange(groups)  # the group at each position
        self.slot = np.arange(groups)  # the position of each group
        self.distinct_lengths, self.length_index = np.unique(text.lengths, return_inverse=True)
        self.picked = 0  # groups picked since the last compaction
        self._buffer = np.empty(groups)

    def values(self) -> np.ndarray:
        """KL of every position's group added to the summary, less A (vectorised; last bits approximate).

        A group already picked is +inf.
        """
        # Few distinct sentence lengths: one log each. T == 0 only where nothing is summed.
        log_total = np.log(np.maximum(self.distinct_lengths + self.length, 1.0))
        out = self._buffer[: len(self.group)]
        np.take(log_total, self.length_index, out=out)
        out *= self.q[:-1] + self.mass
        out += self.g[:-1]
        return out

    def remove(self, group: int) -> None:
        """Take a group out of the candidates (every member picked)."""
        position = self.slot[group]
        self.g[position] = np.inf
        self.picked += 1
        if self.picked * 8 > len(self.group) and len(self.group) > 64:
            keep = np.flatnonzero(self.g[:-1] < np.inf)
            self.slot[:] = len(keep)
            self.slot[self.group[keep]] = np.arange(len(keep))
            self.group = self.group[keep]
            self.g = np.append(self.g[keep], 0.0)
            self.q = np.append(self.q[keep], 0.0)
            self.length_index = self.length_index[keep]
            self.picked = 0

    def exact(self, group: int) -> float:
        """sumy's `_kl_divergence(_joint_freq(candidate, summary), doc_freq)`, term by term."""
        text = self.text
        content: dict[int, int] = {}
        for w in text.content[group]:
            content[w] = content.get(w, 0) + 1
        total = float(text.lengths[group] + self.length)
        p, summary, log = text.p_list, self.counts, math.log
        terms = [p[w] * log(p[w] / ((count + summary.get(w, 0)) / total)) for w, count in content.items()]
        terms += [p[w] * log(p[w] / (count / total)) for w, count in summary.items() if w not in content]
        # sumy adds left to right from 0 (`sum_val += ...`); accumulate does exactly that, in C.
        # (Not sum(): from Python 3.12 it compensates rounding.)
        last = deque(accumulate(terms, initial=0), maxlen=1)
        return float(last[0])

    def signature(self, group: int) -> tuple[object, ...]:
        """Groups with the same signature run the same float operations in `exact`."""
        text = self.text
        seen: dict[int, int] = {}
        for w in text.content[group]:
            seen[w] = seen.get(w, 0) + 1
        return (
            text.lengths[group],
            tuple((text.doc_counts[w], c + self.counts.get(w, 0)) for w, c in seen.items()),
            tuple(sorted(w for w in seen if w in self.counts)),
        )

    def add(self, sentence: int) -> None:
        """Add a sentence's raw words to the summary."""
        text = self.text
        counts, r = self.counts, self.r
        times: dict[int, int] = {}
        for w in text.raw[sentence]:
            counts[w] = counts.get(w, 0) + 1
            times[w] = times.get(w, 0) + 1
        self.length += text.raw_lengths[sentence]
        # Per term (a handful, so plain floats): h(old) - h(new) = p (log new - log old), with
        # h(0) == 0 as if log 0 were log p; A and P follow. A candidate holding the word c times
        # changes its G term for it by [h(c + new) - h(new)] - [h(c + old) - h(old)]
        # = shift - p log(1 + k / (c + old)), and its Q loses p the first time the word is summarised.
        deltas: list[float] = []
        sizes: list[int] = []
        rows: list[np.ndarray] = []
        unseen: list[float] = []
        unseen_sizes: list[int] = []
        unseen_rows: list[np.ndarray] = []
        for w, k in times.items():
            old = r[w]
            r[w] = old + k
            p = text.p_list[w]
            shift = p * (math.log(old + k) - (math.log(old) if old else text.log_p_list[w]))
            self.a -= shift
            for count, size in text.holder_runs[w]:
                deltas.append(shift - p * math.log1p(k / (count + old)))
                sizes.append(size)
            rows.append(text.holder_groups[w])
            if not old:
                self.mass += p
                unseen.append(-p)
                unseen_sizes.append(text.holder_sizes[w])
                unseen_rows.append(text.holder_groups[w])
        if deltas:
            self._update(self.g, np.concatenate(rows), np.repeat(deltas, sizes))
        if unseen:
            self._update(self.q, np.concatenate(unseen_rows), np.repeat(unseen, unseen_sizes))

    def _update(self, target: np.ndarray, groups: np.ndarray, delta: np.ndarray) -> None:
        """target[slot[groups]] += delta, repeats adding up."""
        rows = self.slot[groups]
        if len(rows) * 8 > len(target):
            target += np.bincount(rows, delta, len(target))  # one pass, no per-entry dispatch
        else:
            np.add.at(target, rows, delta)


def greedy_order(text: _Text) -> list[int]:
    """The order in which sumy's KL-Sum picks the sentences."""
    sentences = sum(len(members) for members in text.members)
    if not text.size:
        return list(range(sentences))
    summary = _Summary(text)
    first = [members[0] for members in text.members]
    taken = [0] * len(first)
    order: list[int] = []
    while len(order) < sentences:
        values = summary.values()
        best = values.min()
        near = np.flatnonzero(values <= best + _TIE * max(1.0, abs(best + summary.a)))
        if len(near) == 1:
            pick = int(summary.group[near[0]])
        else:
            groups = sorted(summary.group[near].tolist(), key=first.__getitem__)
            pick = _exact_pick(summary, groups)
        members = text.members[pick]
        order.append(members[taken[pick]])
        taken[pick] += 1
        if taken[pick] == len(members):
            summary.remove(pick)
        else:
            first[pick] = members[taken[pick]]
        summary.add(order[-1])
    return order


def _exact_pick(summary: _Summary, candidates: list[int]) -> int:
    """sumy's pick among near-equal candidates (in document order): the first smallest exact KL."""
    distinct: dict[tuple[object, ...], int] = {}
    for group in candidates:
        # The first of the candidates that run the same float operations is the only one that can win.
        distinct.setdefault(summary.signature(group), group)
    if len(distinct) == 1:
        return candidates[0]
    pick, smallest = -1, math.inf
    for group in distinct.values():
        value = summary.exact(group)
        if value < smallest:
            pick, smallest = group, value
    return pick


def rank(document: Document, count: int) -> np.ndarray:
    """sumy's KL-Sum rating of every sentence: minus the greedy step that picked it."""
    return greedy_ratings(greedy_order(_Text(document)), sentence_keys(document))
