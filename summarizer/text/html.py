"""Extract an article's main text from HTML with trafilatura (boilerplate, navigation and ads removed)."""

from __future__ import annotations

from ..errors import EmptyText


def extract_text(html: str) -> str:
    """The main text of `html`, paragraphs separated by line breaks; EmptyText when there is none."""
    import trafilatura  # heavy import, only when HTML is sent

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise EmptyText("no article text found in the html; send the page's HTML or the text itself", field="html")
    return text
