"""The web page for people: GET / serves one HTML page whose script (api/static/page.js) calls the public
JSON API, as any other client does; nothing here summarises."""

from __future__ import annotations

from flask import Blueprint, render_template

from summarizer.text.languages import SUPPORTED_LANGUAGES

from .schemas import EXAMPLE_TEXT
from .state import app_state

page_blueprint = Blueprint("page", __name__)


@page_blueprint.get("/")
def index() -> str:
    return render_template(
        "index.html", languages=SUPPORTED_LANGUAGES, example=EXAMPLE_TEXT, allow_urls=app_state().settings.allow_urls
    )
