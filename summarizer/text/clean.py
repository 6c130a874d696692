"""Clean text for the methods (Unicode NFKC, whitespace, line breaks) while keeping offsets into the original."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

# Invisible characters that only get in the way of tokenising: zero-width space, word joiner,
# soft hyphen, byte-order mark and C0/C1 controls that are not whitespace.
_INVISIBLE = re.compile(r"[\u200b\u2060\u00ad\ufeff\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_LINE_BREAK = "\n\r\u2028\u2029\x0b\x0c\x85"
# A line break and the whitespace after it; the whitespace before it is found by stepping back. The
# pattern `\s*[breaks]\s*` finds the same runs, but a pattern that may start with any space is tried at
# every position of the text (0.41 ms on a 24,000-character text, against 0.07).
_BREAK_ONWARDS = re.compile(rf"[{_LINE_BREAK}]\s*")
_WORD_CHUNK = re.compile(r"\S+")
# Every code point for which str.isspace() is true (tests/test_clean_and_split.py checks the list).
_WHITESPACE = np.array(
    [
        0x09,
        0x0A,
        0x0B,
        0x0C,
        0x0D,
        0x1C,
        0x1D,
        0x1E,
        0x1F,
        0x20,
        0x85,
        0xA0,
        0x1680,
        *range(0x2000, 0x200B),
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
    ],
    dtype="<u4",
)
_SPACE_TABLE = np.zeros(int(_WHITESPACE.max()) + 2, dtype=bool)  # one past the last: not whitespace
_SPACE_TABLE[_WHITESPACE] = True
# A single line break continues the sentence (hard-wrapped prose) when the line ends mid-phrase
# and the next line starts in lower case; otherwise it is kept as a boundary (titles, list items).
_CONTINUES_LINE = re.compile(r"[\w,;:(\-–]")
# A character that cleaning removes or rewrites wherever it is (see _already_clean): whitespace other
# than a space and a line break, or an invisible character. One class: a negated class over `\s` tests
# each character's category, twice as slow.
_ODD_CHARACTER = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in _WHITESPACE.tolist() if chr(code) not in " \n")
    + _INVISIBLE.pattern[1:-1]
    + "]"
)


@dataclass(frozen=True, eq=False)
class CleanText:
    """Normalised text plus, for each of its characters, the index of the original character."""

    text: str
    offsets: np.ndarray  # len(text) + 1 entries; the last one is len(original)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty span of `text` to the span of the original it came from."""
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def clean(text: str) -> CleanText:
    """Normalise `text`: NFKC, no invisible characters, single spaces, "\\n" for a line that ends a
    sentence by layout, "\\n\\n" between paragraphs, no leading or trailing whitespace.

    Idempotent: `clean(clean(t).text).text == clean(t).text`.
    """
    offsets = np.arange(len(text) + 1, dtype=np.int64)
    if _already_clean(text):  # what most callers send: nothing to change, each character its own origin
        return CleanText(text, offsets)
    current = text
    for _ in range(4):  # removing characters can join a combining mark to a new base: repeat
        cleaned, step = _clean_once(current)
        offsets = np.append(offsets[step[:-1]], len(text))
        if cleaned == current:
            break
        current = cleaned
    return CleanText(current, offsets)


def _already_clean(text: str) -> bool:
    """Whether cleaning would leave `text` as it is: NFKC already, nothing invisible, whitespace only as
    single spaces, single line breaks and blank lines, none at either end, and no single line break that
    joins hard-wrapped lines. Told by a substring test and a character class, in C, and a look at each
    line break: 0.015 ms on the seed article, where a pass of cleaning takes 0.1 (a pattern with these
    as alternatives took 0.06). tests/test_clean_and_split.py compares it with cleaning."""
    if text[:1].isspace() or text[-1:].isspace() or "  " in text or _ODD_CHARACTER.search(text):
        return False
    if not unicodedata.is_normalized("NFKC", text):
        return False
    position = text.find("\n")
    while position != -1:  # never at either end: no whitespace is there
        before, after = text[position - 1], text[position + 1]
        if before == " " or after == " ":
            return False
        if after == "\n":  # a blank line: a third break or a space after it is changed
            if text[position + 2] in " \n":
                return False
            position = text.find("\n", position + 2)
            continue
        if _continues(before, after):  # hard-wrapped lines, joined by a space
            return False
        position = text.find("\n", position + 1)
    return True


def _clean_once(text: str) -> tuple[str, np.ndarray]:
    text, offsets = _nfkc(text)
    text, offsets = _expand_paragraph_separators(text, offsets)
    codes = _codepoints(text)
    keep = np.ones(len(codes), dtype=bool)
    for match in _INVISIBLE.finditer(text):
        keep[match.start()] = False

    is_space = _is_space_mask(text, codes)
    run_start = is_space & ~np.concatenate(([False], is_space[:-1]))
    keep &= ~is_space | run_start
    codes = codes.copy()
    codes[run_start] = ord(" ")

    for start, end in _break_runs(text):
        breaks = _count_breaks(text[start:end])
        if breaks >= 2:
            replacement = "\n\n"
        elif start > 0 and end < len(text) and _continues(text[start - 1], text[end]):
            replacement = " "
        else:
            replacement = "\n"
        keep[start:end] = False
        keep[start : start + len(replacement)] = True
        codes[start : start + len(replacement)] = [ord(c) for c in replacement]

    # No whitespace at either end.
    non_space = np.flatnonzero(keep & ~is_space)
    if len(non_space) == 0:
        keep[:] = False
    else:
        keep[: non_space[0]] = False
        keep[non_space[-1] + 1 :] = False

    cleaned = codes[keep].astype("<u4").tobytes().decode("utf-32-le")
    return cleaned, np.append(offsets[:-1][keep], offsets[-1])


def _break_runs(text: str) -> list[tuple[int, int]]:
    """The spans of the runs of whitespace that hold a line break, whole."""
    runs = []
    for match in _BREAK_ONWARDS.finditer(text):
        start = match.start()
        while start and text[start - 1].isspace():
            start -= 1
        runs.append((start, match.end()))
    return runs


def _nfkc(text: str) -> tuple[str, np.ndarray]:
    """NFKC-normalise word by word so that every output character maps to an input character."""
    if unicodedata.is_normalized("NFKC", text):
        return text, np.arange(len(text) + 1, dtype=np.int64)
    pieces: list[str] = []
    origin: list[np.ndarray] = []
    position = 0
    for match in _WORD_CHUNK.finditer(text):
        word = match.group()
        if unicodedata.is_normalized("NFKC", word):
            continue
        pieces.append(text[position : match.start()])
        origin.append(np.arange(position, match.start()))
        for cluster_start, cluster in _clusters(word):
            normalised = unicodedata.normalize("NFKC", cluster)
            pieces.append(normalised)
            origin.append(np.full(len(normalised), match.start() + cluster_start))
        position = match.end()
    pieces.append(text[position:])
    origin.append(np.arange(position, len(text) + 1))
    return "".join(pieces), np.concatenate(origin).astype(np.int64)


def _expand_paragraph_separators(text: str, offsets: np.ndarray) -> tuple[str, np.ndarray]:
    """U+2029 (paragraph separator) -> "\\n\\n", both characters pointing at it. The line-break pass below
    only rewrites characters in place, so a one-character paragraph break needs its two characters
    first (rewriting it in place overwrote the next character, or ran past the end of the text)."""
    if "\u2029" not in text:
        return text, offsets
    positions = np.array([i for i, char in enumerate(text) if char == "\u2029"])
    return text.replace("\u2029", "\n\n"), np.insert(offsets, positions, offsets[positions])


def _clusters(word: str) -> list[tuple[int, str]]:
    """A base character with the combining marks that follow it."""
    clusters: list[tuple[int, str]] = []
    for i, char in enumerate(word):
        if clusters and unicodedata.category(char).startswith("M"):
            start, cluster = clusters[-1]
            clusters[-1] = (start, cluster + char)
        else:
            clusters.append((i, char))
    return clusters


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def _is_space_mask(text: str, codes: np.ndarray) -> np.ndarray:
    """Where `text` has whitespace (`str.isspace`, which is what the regex `\\s` matches), vectorised:
    a regex loop over the runs took a tenth of a request. A table lookup, code points beyond the last
    whitespace read as the table's last entry (not whitespace): `np.isin` sorts both arrays when the text
    is short (33 us on a 57-character text against 1.3; 24 against 8 on the seed)."""
    mask: np.ndarray = _SPACE_TABLE[np.minimum(codes, len(_SPACE_TABLE) - 1)]
    return mask


def _count_breaks(run: str) -> int:
    run = run.replace("\r\n", "\n")
    return sum(run.count(c) for c in _LINE_BREAK)


def _continues(before: str, after: str) -> bool:
    return bool(_CONTINUES_LINE.match(before)) and after.islower()
