"""Which charsets we decode (a text/plain body's `charset=`, a file's encoding): text encodings only."""

from __future__ import annotations

import codecs

# Python codecs that are not character sets a client can mean: they transform (punycode, idna,
# escapes) or are not bytes -> text (base64, rot13, zlib: `_is_text_encoding` is False for those).
_NOT_CHARSETS = frozenset({"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined", "mbcs", "oem"})


def text_codec(charset: str) -> str | None:
    """The codec's name for an IANA-style charset name, or None when it is not a text encoding."""
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError):  # ValueError: a name with a NUL byte
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name
