"""Read a file to summarise by its type: text (charset detected), Markdown, HTML, PDF (pypdf), DOCX
(python-docx). Each reader is imported only when a file of its type arrives."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from ..errors import NoTextLayer, UnreadableFile, UnsupportedFile
from .charsets import text_codec

# Extension -> how it is read; a name without a known extension falls back on its media type.
KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",  # Markdown is read as text: cleaning and headings understand its `#` headings
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
MEDIA_TYPES = {
    "text/plain": "text",
    "text/markdown": "text",
    "text/html": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
# A .docx is a zip: refuse one that unpacks to more than this (a 1 MB upload can hold gigabytes of XML).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Content:
    """What a file holds: its text, or its HTML (whose main text is extracted later)."""

    text: str | None = None
    html: str | None = None


def read_file(data: bytes, name: str, media_type: str | None = None, encoding: str | None = None) -> Content:
    """The content of a file called `name` (its extension decides, else `media_type`). `encoding` names a
    text or HTML file's charset; without it the charset is detected. UnsupportedFile, UnreadableFile or
    NoTextLayer when it cannot be read."""
    kind = KINDS.get(PurePath(name or "").suffix.lower()) or MEDIA_TYPES.get((media_type or "").lower())
    if kind == "text":
        return Content(text=decode_text(data, encoding))
    if kind == "html":
        return Content(html=decode_text(data, encoding))
    if kind == "pdf":
        return Content(text=pdf_text(data))
    if kind == "docx":
        return Content(text=docx_text(data))
    raise UnsupportedFile(
        f"{name or 'the file'} is not a type we read; send .txt, .md, .html, .pdf or .docx",
        supported=sorted(KINDS),
    )


def decode_text(data: bytes, encoding: str | None = None, field: str = "file") -> str:
    """`data` as text in `encoding`; without one: UTF-8 (with or without a BOM), UTF-16 with a BOM, else the
    charset charset-normalizer detects."""
    if encoding is not None:
        codec = text_codec(encoding)
        if codec is None:
            raise UnreadableFile(f"{encoding!r} is not a text encoding", field=field, encoding=encoding)
        try:
            return data.decode(codec)
        except UnicodeError:
            raise UnreadableFile(f"the file is not valid {encoding} text", field=field, encoding=encoding) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("the file's encoding cannot be told; name it (encoding, --encoding)", field=field)
    return str(best)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, page by page; NoTextLayer for a scan."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("the PDF is encrypted with a password; send it unlocked")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except Exception as error:  # pypdf raises many kinds on a malformed file; none is a 5xx
        raise UnreadableFile(f"the PDF cannot be read: {error}") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise NoTextLayer(
            f"the PDF has no text layer ({len(pages)} pages of images: a scan?); run OCR on it, or send its text",
            pages=len(pages),
        )
    return text


def docx_text(data: bytes) -> str:
    """A Word document's paragraphs, one a line."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile("the .docx file is not a Word document (not a zip archive)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            f"the .docx file unpacks to {unpacked} bytes, more than {MAX_UNPACKED_BYTES}", unpacked=unpacked
        )
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise many kinds on a malformed file
        raise UnreadableFile(f"the .docx file cannot be read: {error}") from None
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
