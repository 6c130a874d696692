"""Find the title and section headings of cleaned text: lines that read as headings, not sentences.

A heading is a Markdown heading (`# Title`, `## Section`) anywhere, or, by layout, a line that reads
as one (short, no sentence-final punctuation, starting with a capital or a digit, not a list item and
not ending on a word that needs a continuation) standing where headings stand: the text's first line,
or a line on its own between blank lines. Text must follow it: a text that is one short line is a
sentence, not a title. In text with single line breaks only (one paragraph a line) only the first line
and Markdown headings count, since every line there stands alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HEADING_WORDS = 16  # the longest headline in the BBC News corpus's titles has 15 words
_MARKDOWN = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r"(?:[-*+•–]|\d+[.)]|[a-z][.)])\s")
# A line ending on one of these needs the next line to finish it: not a heading.
_OPEN_ENDINGS = frozenset(
    ["a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "at", "from", "as", "that"]
)
_FINAL_PUNCTUATION = ".!?;:,…"
_CLOSING = "\"'”’)]»"


@dataclass(frozen=True)
class HeadingSpan:
    """A heading line of the cleaned text: the whole line and its text (without Markdown's marks)."""

    line_start: int
    line_end: int
    start: int
    end: int
    level: int


def reads_as_heading(line: str) -> bool:
    """Whether a line, by itself, reads as a heading rather than a sentence."""
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or not any(c.isalpha() for c in line):
        return False
    first = line.lstrip("\"'“‘«(")[:1]
    if not (first.isupper() or first.isdigit()) or _LIST_ITEM.match(line):
        return False
    last = line.rstrip(_CLOSING)
    return bool(last) and last[-1] not in _FINAL_PUNCTUATION and words[-1].lower() not in _OPEN_ENDINGS


def find_headings(text: str) -> list[HeadingSpan]:
    """The heading lines of cleaned text (see the module's docstring), in order."""
    lines: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", text):
        lines.append((start, match.start()))
        start = match.end()
    lines.append((start, len(text)))
    blank_lines = "\n\n" in text
    last_text = max((number for number, (start, end) in enumerate(lines) if end > start), default=-1)
    headings: list[HeadingSpan] = []
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        if not line:
            continue  # the blank line between paragraphs
        followed = number < last_text
        markdown = _MARKDOWN.match(line)
        if markdown and markdown.group(2) and followed:
            level = len(markdown.group(1))
            headings.append(HeadingSpan(start, end, start + markdown.start(2), start + markdown.end(2), level))
            continue
        alone = (
            blank_lines
            and (number == 0 or not text[slice(*lines[number - 1])])
            and (number + 1 < len(lines) and not text[slice(*lines[number + 1])])
        )
        if followed and (number == 0 or alone) and reads_as_heading(line):
            headings.append(HeadingSpan(start, end, start, end, 1))
    return headings
