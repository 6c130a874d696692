"""Regenerate summarizer/english_verbs.txt.gz from lemminflect's lexicon (its tables ship in its wheel).

    .venv/bin/python scripts/build_verb_table.py

Keywords need one fact per English word: is it a verb or an adverb and never a noun, adjective or
proper noun ("cautioned", "apparently"), or a verb that can also be a noun or adjective ("poses",
"threat" is not one)? lemminflect answers it, but its lexicon loads as 48 MiB of Python dicts in every
gunicorn worker; these two word lists, taken from the same lexicon, load as about 3 MiB.
tests/test_keywords.py checks the shipped file against lemminflect.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import lemminflect
from lemminflect.core.Lemmatizer import Lemmatizer

TABLE = Path(__file__).resolve().parent.parent / "summarizer" / "english_verbs.txt.gz"
NOMINAL = {"NOUN", "ADJ", "PROPN"}


def verb_lists() -> tuple[list[str], list[str]]:
    """(words read only as verbs or adverbs, words read as a verb and as a noun or adjective), sorted."""
    lemmatizer = Lemmatizer()
    # lemminflect looks words up lower-cased, so only its lower-case entries can ever be read.
    words = {w for w in set(lemmatizer._getLemmaDict()) | set(lemmatizer._getOverridesDict()) if w == w.lower()}
    only, also = [], []
    for word in sorted(words):
        readings = set(lemminflect.getAllLemmas(word))
        if not readings:
            continue
        if not readings & NOMINAL:
            only.append(word)
        elif "VERB" in readings:
            also.append(word)
    return only, also


def main() -> None:
    only, also = verb_lists()
    text = "".join(
        ["# verbs and adverbs only\n", *(f"{w}\n" for w in only), "# verbs that may be nouns or adjectives\n"]
        + [f"{w}\n" for w in also]
    )
    TABLE.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{TABLE}: {len(only)} verb-only words, {len(also)} verb-or-noun words", file=sys.stderr)


if __name__ == "__main__":
    main()
