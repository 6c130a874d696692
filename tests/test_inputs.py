"""Inputs as they come: a URL (fetched safely from a real HTTP server on loopback) and files (.txt in any
charset, .md, .html, .pdf, .docx, made here), through the core, the API and the CLI."""

from __future__ import annotations

import io
import ipaddress
import json
import socket
from collections.abc import Iterator

import pytest

from api import create_app
from summarizer.cli import main
from summarizer.errors import (
    FetchFailed,
    FetchTimeout,
    NoTextLayer,
    PageTooLarge,
    TooManyRedirects,
    UnreadableFile,
    UnsupportedFile,
    UnsupportedPageType,
    UrlNotAllowed,
)
from summarizer.text.fetch import FetchPolicy, fetch_page, is_public
from summarizer.text.files import read_file

from .article_server import ARTICLE, ARTICLE_HTML, Server, serving
from .test_api import assert_error

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serving() as running:
        yield running


def loopback(**overrides: object) -> FetchPolicy:
    return FetchPolicy(**{"allowed_networks": LOOPBACK, "timeout": 5.0, **overrides})  # type: ignore[arg-type]


# --- The fetcher ------------------------------------------------------------------------------------------


def test_an_html_page_is_fetched(server):
    page = fetch_page(f"{server.base}/article", loopback())
    assert (page.media_type, page.body) == ("text/html", ARTICLE_HTML)


def test_a_text_page_is_decoded_in_its_charset(server):
    page = fetch_page(f"{server.base}/plain", loopback())
    assert page.body.endswith("Café.")


def test_a_wrongly_declared_charset_is_detected_instead(server):
    assert "Die Bücherei öffnet abends." == fetch_page(f"{server.base}/lying-charset", loopback()).body


@pytest.mark.parametrize("path", ["/ärticle", "/a b\r\nX-Injected: 1", "/article?q=ü"])
def test_characters_a_request_line_cannot_carry_are_escaped(server, path):
    with pytest.raises(FetchFailed) as missing:  # the server has no such page: the request went out whole
        fetch_page(f"{server.base}{path}", loopback())
    assert 404 == missing.value.details["status"]


def test_an_international_host_name_is_looked_up_in_its_ascii_form(monkeypatch):
    looked_up: list[str] = []

    def resolve(host, *args, **kwargs):
        looked_up.append(host)
        raise socket.gaierror("not here")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchFailed):
        fetch_page("https://bücher.example/", FetchPolicy())
    assert ["xn--bcher-kva.example"] == looked_up


def test_redirects_are_followed_up_to_the_limit(server):
    assert fetch_page(f"{server.base}/hops/3", loopback(max_redirects=3)).url == f"{server.base}/article"
    with pytest.raises(TooManyRedirects):
        fetch_page(f"{server.base}/hops/4", loopback(max_redirects=3))


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/a", "gopher://x", "example.com/article", "http://"]
)
def test_only_http_and_https_urls(url):
    with pytest.raises(UrlNotAllowed):
        fetch_page(url, FetchPolicy())


@pytest.mark.parametrize("path", ["/article", "/host"])
def test_loopback_is_refused_without_the_setting(server, path):
    with pytest.raises(UrlNotAllowed) as refused:
        fetch_page(f"{server.base}{path}", FetchPolicy())
    assert refused.value.details["address"] == "127.0.0.1"


def test_a_name_for_loopback_is_refused(server):
    with pytest.raises(UrlNotAllowed):
        fetch_page(f"http://localhost:{server.port}/article", FetchPolicy())


@pytest.mark.parametrize(
    ("path", "address"),
    [("/to-metadata", "169.254.169.254"), ("/to-private", "10.0.0.1"), ("/to-ipv6-loopback", "::1")],
)
def test_a_redirect_to_a_non_public_address_is_refused(server, path, address):
    # The first hop, 127.0.0.1, is allowed for the test server; the redirect's target is not.
    with pytest.raises(UrlNotAllowed) as refused:
        fetch_page(f"{server.base}{path}", loopback())
    assert address == refused.value.details["address"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),  # shared (carrier-grade NAT)
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("233.252.0.1", False),  # multicast that ipaddress calls global
        ("240.0.0.1", False),  # reserved
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::", False),
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
    ],
)
def test_public_addresses(address, public):
    assert public == is_public(ipaddress.ip_address(address))


def test_the_checked_address_is_the_one_connected_to(server, monkeypatch):
    """DNS rebinding: the name is resolved once per hop, the connection goes to that address, and the
    server still sees the name in the Host header."""
    lookups: list[str] = []
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        lookups.append(host)
        return real("127.0.0.1" if host == "news.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    page = fetch_page(f"http://news.example:{server.port}/host", loopback())
    assert f"Host was news.example:{server.port}." in page.body
    assert ["news.example"] == [host for host in lookups if host != "127.0.0.1"]


def test_too_large_pages_are_refused(server):
    with pytest.raises(PageTooLarge):
        fetch_page(f"{server.base}/big", loopback(max_bytes=100_000))
    with pytest.raises(PageTooLarge):
        fetch_page(f"{server.base}/big-unannounced", loopback(max_bytes=100_000))


def test_other_content_types_are_refused(server):
    with pytest.raises(UnsupportedPageType) as refused:
        fetch_page(f"{server.base}/pdf", loopback())
    assert refused.value.details["content_type"] == "application/pdf"


def test_a_page_that_does_not_answer_times_out(server):
    with pytest.raises(FetchTimeout):
        fetch_page(f"{server.base}/hang", loopback(timeout=0.3))


# --- URLs through the API -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def url_client(server):
    app = create_app({"allow_urls": True, "url_allow_networks": ["127.0.0.1/32"], "url_timeout": 2})
    return app.test_client()


def test_urls_are_off_by_default(server):
    client = create_app().test_client()
    error = assert_error(client.post("/v1/summarize", json={"url": f"{server.base}/article"}), 403, "urls_disabled")
    assert error["details"]["field"] == "url"


def test_a_url_is_summarised(url_client, server):
    response = url_client.post("/v1/summarize", json={"url": f"{server.base}/article", "length": {"sentences": 2}})
    assert response.status_code == 200, response.json
    body = response.json
    assert ARTICLE.startswith(body["extracted_text"].splitlines()[-1][:60])
    assert 2 == len(body["sentences"])
    for sentence in body["sentences"]:
        assert sentence["text"] == body["extracted_text"][sentence["start"] : sentence["end"]]


def test_a_plain_text_url_returns_the_text_its_offsets_point_into(url_client, server):
    body = url_client.post("/v1/summarize", json={"url": f"{server.base}/plain"}).json
    assert body["extracted_text"].endswith("Café.")


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/hops/9", 502, "too_many_redirects"),
        ("/to-metadata", 422, "url_not_allowed"),
        ("/big", 422, "page_too_large"),
        ("/pdf", 422, "unsupported_page_type"),
        ("/missing", 502, "fetch_failed"),
        ("/hang", 502, "fetch_timeout"),
    ],
)
def test_url_refusals_are_errors_in_the_one_shape(server, path, status, code):
    app = create_app(
        {"allow_urls": True, "url_allow_networks": ["127.0.0.1/32"], "url_timeout": 0.5, "url_max_bytes": 100_000}
    )
    error = assert_error(app.test_client().post("/v1/summarize", json={"url": f"{server.base}{path}"}), status, code)
    assert error["details"]["field"] == "url"


def test_loopback_needs_the_test_setting(server):
    client = create_app({"allow_urls": True}).test_client()
    error = assert_error(client.post("/v1/summarize", json={"url": f"{server.base}/article"}), 422, "url_not_allowed")
    assert "127.0.0.1" in error["message"]


def test_a_scheme_other_than_http_is_refused(url_client):
    assert_error(url_client.post("/v1/summarize", json={"url": "file:///etc/passwd"}), 422, "url_not_allowed")


def test_a_batch_fetches_each_url_on_its_own(url_client, server):
    documents = [{"id": "page", "url": f"{server.base}/article"}, {"id": "pdf", "url": f"{server.base}/pdf"}]
    results = url_client.post("/v1/summarize/batch", json={"documents": documents}).json["results"]
    assert [200, 422] == [entry["status"] for entry in results]
    assert "unsupported_page_type" == results[1]["error"]["code"]


def test_a_job_fetches_its_url_when_submitted(server, tmp_path):
    settings = {"allow_urls": True, "url_allow_networks": ["127.0.0.1/32"], "instance_dir": tmp_path}
    client = create_app(settings).test_client()
    assert 202 == client.post("/v1/jobs", json={"url": f"{server.base}/article"}).status_code
    assert_error(client.post("/v1/jobs", json={"url": f"{server.base}/pdf"}), 422, "unsupported_page_type")
    batch = {"documents": [{"id": "a", "url": f"{server.base}/article"}]}
    assert_error(client.post("/v1/jobs/batch", json=batch), 422, "validation_error")


def test_text_html_and_url_are_exclusive(url_client, server):
    body = {"text": ARTICLE, "url": f"{server.base}/article"}
    assert_error(url_client.post("/v1/summarize", json=body), 422, "validation_error")


# --- Files ------------------------------------------------------------------------------------------------


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose content stream draws `lines` in Helvetica (a real text layer)."""
    text = "".join(f"({line}) Tj T* " for line in lines)
    stream = f"BT /F1 11 Tf 14 TL 50 750 Td {text}ET".encode("latin-1")
    return _one_page_pdf(stream, b"/Font << /F1 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")


def scanned_pdf() -> bytes:
    """A one-page PDF with an image and no text: what a scanner makes."""
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 1 >>\nstream\n\x80\nendstream"
    )
    return _one_page_pdf(b"q 100 0 0 100 50 650 cm /Im1 Do Q", b"/XObject << /Im1 5 0 R >>", image)


def _one_page_pdf(stream: bytes, resources: bytes, resource: bytes) -> bytes:
    """A PDF of one page that draws `stream` with `resources` (a dictionary's entries naming object 5,
    `resource`)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << "
            + resources
            + b" >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            resource,
        ]
    )


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_with(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SENTENCES = [sentence + "." for sentence in ARTICLE.split(". ")]
SENTENCES[-1] = SENTENCES[-1].rstrip(".")


def test_a_pdf_is_read_from_its_text_layer():
    assert "approved a new budget" in read_file(pdf_with_text(SENTENCES), "article.pdf").text


def test_a_scanned_pdf_says_it_has_no_text_layer():
    with pytest.raises(NoTextLayer) as refused:
        read_file(scanned_pdf(), "scan.pdf")
    assert "OCR" in refused.value.message


def test_a_docx_is_read_paragraph_by_paragraph():
    assert "\n".join(SENTENCES) == read_file(docx_with(SENTENCES), "article.docx").text


def test_latin1_text_is_detected_or_named():
    data = ("Der Bürgermeister eröffnete die Bücherei. " * 5).encode("latin-1")
    assert "Bürgermeister" in read_file(data, "artikel.txt").text
    assert "Bürgermeister" in read_file(data, "artikel.txt", encoding="iso-8859-1").text


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"%PDF-1.4 garbage", "broken.pdf", UnreadableFile),
        (b"PK\x03\x04 not a zip", "broken.docx", UnreadableFile),
        (b"MZ\x90\x00", "program.exe", UnsupportedFile),
        (b"text", "article.txt", None),
    ],
)
def test_unreadable_and_unsupported_files(data, name, error):
    if error is None:
        assert read_file(data, name, encoding="utf-8").text == "text"
        with pytest.raises(UnreadableFile):
            read_file(data, name, encoding="rot13")
        return
    with pytest.raises(error):
        read_file(data, name)


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def upload(client, data: bytes, name: str, **fields: str):
    return client.post(
        "/v1/summarize", data={"file": (io.BytesIO(data), name), **fields}, content_type="multipart/form-data"
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("article.txt", ARTICLE.encode("utf-16")),
        ("article.md", f"# Council funds libraries\n\n{ARTICLE}".encode()),
        ("article.html", ARTICLE_HTML.encode()),
        ("article.pdf", pdf_with_text(SENTENCES)),
        ("article.docx", docx_with(SENTENCES)),
    ],
    ids=["txt", "md", "html", "pdf", "docx"],
)
def test_a_file_is_summarised_with_its_options(client, name, data):
    response = upload(client, data, name, sentences="2", method="lexrank")
    assert response.status_code == 200, response.json
    body = response.json
    assert ("lexrank", 2) == (body["method"], len(body["sentences"]))
    for sentence in body["sentences"]:
        assert sentence["text"] == body["extracted_text"][sentence["start"] : sentence["end"]]


def test_file_errors_over_http(client):
    assert_error(upload(client, scanned_pdf(), "scan.pdf"), 422, "no_text_layer")
    assert_error(upload(client, b"\x00\x01", "data.bin"), 415, "unsupported_file_type")
    assert_error(upload(client, b"x", "a.txt", sentences="many"), 422, "validation_error")
    assert_error(upload(client, b"x", "a.txt", colour="blue"), 422, "validation_error")
    assert_error(upload(client, b"x", "a.txt", encoding="rot13"), 422, "unreadable_file")
    missing = client.post("/v1/summarize", data={"sentences": "2"}, content_type="multipart/form-data")
    assert_error(missing, 422, "missing_file")


def test_an_upload_with_a_query_string_is_refused_not_ignored(client):
    response = client.post(
        "/v1/summarize?sentences=2&method=luhn",
        data={"file": (io.BytesIO(ARTICLE.encode()), "a.txt")},
        content_type="multipart/form-data",
    )

    error = assert_error(response, 422, "query_with_form")
    assert ["method", "sentences"] == error["details"]["parameters"]


def test_a_file_over_the_body_limit_is_413():
    client = create_app({"max_body_bytes": 2048}).test_client()
    assert_error(upload(client, ARTICLE.encode() * 10, "article.txt"), 413, "request_entity_too_large")


# --- The command line -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("article.html", ARTICLE_HTML.encode()),
        ("article.pdf", pdf_with_text(SENTENCES)),
        ("article.docx", docx_with(SENTENCES)),
        ("artikel.txt", (ARTICLE + " Café.").encode("latin-1")),
    ],
    ids=["html", "pdf", "docx", "latin1"],
)
def test_the_cli_reads_files_by_type(tmp_path, capsys, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert 0 == main([str(path), "--sentences", "1", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["sentences"][0]["text"] in ARTICLE + " Café."


def test_the_cli_reads_a_file_without_a_known_extension_as_text(tmp_path, capsys):
    path = tmp_path / "ARTICLE"
    path.write_text(ARTICLE, encoding="utf-8")
    assert 0 == main([str(path), "--sentences", "1"])
    assert capsys.readouterr().out


def test_the_cli_names_the_encoding(tmp_path, capsys):
    path = tmp_path / "artikel.txt"
    path.write_bytes(("Die Bücherei öffnet abends. " * 4).encode("cp1252"))
    assert 0 == main([str(path), "--encoding", "cp1252", "--sentences", "1"])
    assert "Bücherei" in capsys.readouterr().out
    assert 2 == main([str(path), "--encoding", "utf-8"])
    assert "not valid utf-8" in capsys.readouterr().err


def test_the_cli_fetches_a_url(server, capsys):
    assert 2 == main(["--url", f"{server.base}/article"])
    assert "not a public address" in capsys.readouterr().err
    assert 0 == main(["--url", f"{server.base}/article", "--url-allow-network", "127.0.0.1/32", "-s", "1", "--json"])
    assert json.loads(capsys.readouterr().out)["sentences"][0]["text"] in ARTICLE
