"""sumy's extractive summarisers, run on our sentences with our offline tokenizer.

Each sumy summariser picks sentences through `_get_best_sentences(sentences, count, rating)`; handing
it a callable `count` lets us read every sentence's rating, so selection and length control stay ours.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from sumy.parsers.parser import DocumentParser

from ..text.languages import stop_words
from ..text.sentences import Document, stemmer, tokenizer_for
from .cue_words import BONUS_WORDS, STIGMA_WORDS
from .fast import ENGINES
from .registry import Extract, Factory, Method, MethodRequest, register

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel
    from sumy.summarizers._summarizer import AbstractSummarizer


def to_sumy_document(document: Document) -> ObjectDocumentModel:
    # Imported here: sumy's document model imports requests (100 ms), which only sumy's engine needs.
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = tokenizer_for(document.language)
    return ObjectDocumentModel(
        [
            Paragraph([SumySentence(document.clean_sentences[i], tokenizer) for i in paragraph])
            for paragraph in document.paragraphs
        ]
    )


class SumyMethod(Method):
    """One of sumy's algorithms with two engines: "fast" (vectorised, the default) and "sumy" (reference)."""

    engines = ("fast", "sumy")

    def __init__(self, name: str, build: Callable[[str], AbstractSummarizer]) -> None:
        self.name = name
        self._build = build

    def summarize(self, document: Document, request: MethodRequest) -> Extract:
        if request.options.engine == "sumy":
            return Extract(self.rank_with_sumy(document))
        if not any(document.words):
            return Extract(np.zeros(len(document.sentences)))
        return Extract(ENGINES[self.name](document, request.count))

    def rank_with_sumy(self, document: Document) -> np.ndarray:
        """sumy's own implementation: every sentence's rating as sumy computes it."""
        scores = np.zeros(len(document.sentences))
        if not any(document.words):
            return scores  # nothing to weigh: sumy would divide by zero; keep document order

        def capture(infos: list[Any]) -> list[Any]:
            for info in infos:
                scores[info.order] = float(info.rating)
            return []

        summarizer = self._build(document.language)
        # LexRank divides by a zero norm on some texts; the NaN it gets is replaced by the pipeline.
        # LSA warns when a text has fewer distinct words than sentences; it still ranks them. Both are
        # silenced here, around sumy's call only, not for the whole process.
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Number of words .* LSA algorithm", category=UserWarning)
            summarizer(to_sumy_document(document), capture)
        return scores


def _sumy_class(path: str) -> type[AbstractSummarizer]:
    """sumy's summariser class, imported when sumy's engine is first asked for: sumy's summarisers
    import NLTK (1.1 s, 120 MB), which our own engines never need."""
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(f"sumy.summarizers.{module}"), name)  # type: ignore[no-any-return]


def _with_stop_words(path: str) -> Callable[[str], AbstractSummarizer]:
    def build(language: str) -> AbstractSummarizer:
        summarizer = _sumy_class(path)(stemmer(language))
        summarizer.stop_words = stop_words(language)
        return summarizer

    return build


def _edmundson(language: str) -> AbstractSummarizer:
    summarizer = _sumy_class("edmundson.EdmundsonSummarizer")(stemmer(language))
    summarizer.bonus_words = BONUS_WORDS.get(language, DocumentParser.SIGNIFICANT_WORDS)
    summarizer.stigma_words = STIGMA_WORDS.get(language, DocumentParser.STIGMA_WORDS)
    summarizer.null_words = stop_words(language)
    return summarizer


_SUMY_METHODS = {
    "lexrank": (
        "lex_rank.LexRankSummarizer",
        "LexRank: eigenvector centrality on a tf-idf cosine graph (Erkan & Radev 2004).",
    ),
    "lsa": (
        "lsa.LsaSummarizer",
        "LSA: sentences that weigh most in the top singular vectors (Steinberger & Jezek 2004).",
    ),
    "textrank": (
        "text_rank.TextRankSummarizer",
        "TextRank: PageRank over sentence word overlap (Mihalcea & Tarau 2004).",
    ),
    "luhn": ("luhn.LuhnSummarizer", "Luhn: clusters of significant words (Luhn 1958)."),
    "kl": (
        "kl.KLSummarizer",
        "KL-Sum: greedily minimises KL divergence to the document's words (Haghighi & Vanderwende 2009).",
    ),
    "sumbasic": (
        "sum_basic.SumBasicSummarizer",
        "SumBasic: frequent words, down-weighted once used (Nenkova & Vanderwende 2005).",
    ),
    "reduction": ("reduction.ReductionSummarizer", "Reduction: graph of sentence similarity, sum of edge weights."),
}


# Graph methods: every pair of sentences that share a stem is an edge, so a text whose sentences are all
# alike ("Word. " repeated) has n^2 edges. Measured with bench/method_limits.py on such a text (shared 2-core
# machine): lexrank 4,000 sentences 3.6 s and 464 MiB, 8,000 sentences 21 s and 1.8 GiB; textrank
# 4,000: 14 s and 536 MiB, 8,000: 39 s and 1.7 GiB; reduction (its memory bounded by row blocks) 4,000:
# 12 s, 8,000: 27 s. A real text of 4,000 sentences is about 490,000
# characters; centrality and lsa take any text SUMMARIZER_MAX_TEXT_CHARS allows.
MAX_SENTENCES = {"lexrank": 4000, "textrank": 4000, "reduction": 4000}


def _factory(name: str, build: Callable[[str], AbstractSummarizer]) -> Factory:
    return lambda settings: SumyMethod(name, build)


for _name, (_path, _description) in _SUMY_METHODS.items():
    register(
        _name,
        "extractive",
        _description,
        _factory(_name, _with_stop_words(_path)),
        max_sentences=MAX_SENTENCES.get(_name),
    )
register(
    "edmundson",
    "extractive",
    "Edmundson: cue words, title words and location (Edmundson 1969).",
    _factory("edmundson", _edmundson),
)
