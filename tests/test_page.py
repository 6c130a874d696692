"""The web page and Swagger UI in a real browser: Debian's chromium, driven by Playwright, against real gunicorn.

Each check compares what the page shows with what the JSON API answers for the same request. Screenshots
go to test-results/screenshots/ (git-ignored); docs/page.png in the README is one of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from api.schemas import EXAMPLE_TEXT
from tests.gunicorn_process import gunicorn_service

from .article_server import serving
from .conftest import ROOT
from .test_inputs import SENTENCES, docx_with, pdf_with_text, scanned_pdf

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
# Playwright cannot download its own browser here; Debian's runs as root only without its sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, with the system's chromium (`make install` installs it)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make install` (scripts/install-chromium.sh) installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        "SUMMARIZER_WORKERS": "1",
        "SUMMARIZER_THREADS": "4",
        "SUMMARIZER_ALLOW_URLS": "1",
        "SUMMARIZER_URL_ALLOW_NETWORKS": "127.0.0.1/32",  # the article server below
    }
    with gunicorn_service(env, log) as running:
        yield running


@pytest.fixture(scope="module")
def article_server():
    with serving() as running:
        yield running


@pytest.fixture()
def api(service):
    with httpx.Client(base_url=service.url, timeout=60) as client:
        yield client


@pytest.fixture()
def console_errors(page: Page) -> list[str]:
    """Errors the page logs or throws, collected while the test runs."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def open_page(page: Page, service) -> None:
    page.goto(f"{service.url}/")
    expect(page.get_by_label("Method", exact=True)).to_have_value("centrality")  # loaded from /v1/methods


def summarise(page: Page) -> None:
    page.get_by_role("button", name="Summarise").click()
    expect(page.locator("#summarize")).to_be_enabled()


def expect_card_shows(card, answer: dict, original: str) -> None:
    """A result card shows the API's `answer`: summary, key points, keywords, and its sentences marked in
    `original` with their scores."""
    expect(card.locator("h2")).to_have_text(answer["method"])
    expect(card.locator(".summary")).to_have_text(answer["summary"])
    expect(card.locator(".key-points li")).to_have_text(answer["key_points"])
    expect(card.locator(".keywords li")).to_have_text([keyword["text"] for keyword in answer["keywords"]])
    marks = card.locator(".original mark")
    expect(marks).to_have_text([sentence["text"] for sentence in answer["sentences"]])
    scores = [f"{sentence['score']:.3f}" for sentence in answer["sentences"]]
    assert scores == [marks.nth(i).get_attribute("data-score") for i in range(len(scores))]
    expect(card.locator(".original")).to_have_text(original)


def test_paste_the_seed_article_and_summarise(page, service, api, seed_text, console_errors):
    open_page(page, service)
    page.get_by_label("Text", exact=True).fill(seed_text)
    page.get_by_label("Length", exact=True).fill("3")
    summarise(page)

    answer = api.post("/v1/summarize", json={"text": seed_text, "length": {"sentences": 3}}).json()
    expect(page.locator(".result")).to_have_count(1)
    expect_card_shows(page.locator(".result"), answer, seed_text)
    page.locator(".original mark").first.focus()  # the score shows on focus as on hover
    screenshot(page, "seed-article")
    assert [] == console_errors


def test_switch_method_then_compare_two(page, service, api, seed_text, console_errors):
    open_page(page, service)
    page.get_by_label("Text", exact=True).fill(seed_text)
    page.get_by_label("Method", exact=True).select_option("lexrank")
    lexrank = next(m for m in api.get("/v1/methods").json()["methods"] if "lexrank" == m["name"])
    expect(page.locator("#method-0-description")).to_have_text(lexrank["description"])
    summarise(page)

    first = api.post("/v1/summarize", json={"text": seed_text, "method": "lexrank"}).json()
    expect(page.locator(".result")).to_have_count(1)
    expect_card_shows(page.locator(".result"), first, seed_text)

    page.get_by_label("Compare with").select_option("luhn")
    page.get_by_label("Length unit").select_option("words")
    page.get_by_label("Length", exact=True).fill("60")
    summarise(page)

    answers = [
        api.post("/v1/summarize", json={"text": seed_text, "method": method, "length": {"words": 60}}).json()
        for method in ("lexrank", "luhn")
    ]
    expect(page.locator(".result")).to_have_count(2)
    for index, answer in enumerate(answers):
        expect_card_shows(page.locator(".result").nth(index), answer, seed_text)
    page.set_viewport_size({"width": 1200, "height": 1100})
    screenshot(page, "two-methods")
    assert [] == console_errors


def test_html_file_is_extracted_and_highlighted(page, service, api, seed_text, console_errors):
    html = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in seed_text.splitlines()) + "</article>"
    open_page(page, service)
    page.get_by_label("Or open a file").set_input_files(
        files=[{"name": "article.html", "mimeType": "text/html", "buffer": html.encode()}]
    )
    expect(page.get_by_label("HTML (its main text is extracted)")).to_be_checked()
    summarise(page)

    answer = api.post("/v1/summarize", json={"html": html, "length": {"sentences": 3}}).json()
    expect_card_shows(page.locator(".result"), answer, answer["extracted_text"])
    assert [] == console_errors


def test_a_web_page_by_its_address(page, service, api, article_server, console_errors):
    url = f"{article_server.base}/article"
    open_page(page, service)
    page.get_by_label("Or a web page's address").fill(url)
    summarise(page)

    answer = api.post("/v1/summarize", json={"url": url, "length": {"sentences": 3}}).json()
    expect_card_shows(page.locator(".result"), answer, answer["extracted_text"])
    screenshot(page, "url")
    assert [] == console_errors


def test_a_pdf_is_sent_and_a_scan_is_refused_next_to_the_file(page, service, api, console_errors):
    pdf = pdf_with_text(SENTENCES)
    open_page(page, service)
    page.get_by_label("Or open a file").set_input_files(
        files=[{"name": "article.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    expect(page.locator("#file-hint")).to_contain_text("article.pdf")
    summarise(page)

    answer = api.post("/v1/summarize", files={"file": ("article.pdf", pdf)}, data={"sentences": "3"}).json()
    expect_card_shows(page.locator(".result"), answer, answer["extracted_text"])

    page.get_by_label("Or open a file").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": scanned_pdf()}]
    )
    summarise(page)
    scan = api.post("/v1/summarize", files={"file": ("scan.pdf", scanned_pdf())}).json()["error"]
    expect(page.locator("#file-error")).to_have_text(scan["message"])
    refused = "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    assert [refused] == console_errors


def test_a_docx_dropped_on_the_text_box(page, service, api, console_errors):
    document = docx_with(SENTENCES)
    open_page(page, service)
    drop = page.evaluate_handle(
        """(bytes) => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], "article.docx"));
            return data;
        }""",
        list(document),
    )
    page.dispatch_event("#text", "drop", {"dataTransfer": drop})
    expect(page.locator("#file-hint")).to_contain_text("article.docx")
    summarise(page)

    answer = api.post("/v1/summarize", files={"file": ("article.docx", document)}, data={"sentences": "3"}).json()
    expect_card_shows(page.locator(".result"), answer, answer["extracted_text"])
    assert [] == console_errors


def test_errors_show_the_api_message_next_to_the_field(page, service, api, console_errors):
    open_page(page, service)
    summarise(page)  # no text

    empty = api.post("/v1/summarize", json={"text": ""}).json()["error"]
    expect(page.locator("#text-error")).to_have_text(empty["details"]["errors"][0]["message"])
    expect(page.get_by_label("Text", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".result")).to_have_count(0)

    page.get_by_label("Text", exact=True).fill("One sentence here. Another one there.")
    page.get_by_label("Length unit").select_option("ratio")
    page.get_by_label("Length", exact=True).fill("1.5")
    summarise(page)

    ratio = api.post("/v1/summarize", json={"text": "A b.", "length": {"ratio": 1.5}}).json()["error"]
    expect(page.locator("#length-error")).to_have_text(ratio["details"]["errors"][0]["message"])
    expect(page.locator("#text-error")).to_be_hidden()
    screenshot(page, "errors")
    # Chromium logs each 4xx answer itself; the page's own script logs and throws nothing.
    refused = "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    assert [refused, refused] == console_errors


def test_usable_on_a_phone_with_the_example_article(page, service):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, service)
    page.get_by_role("button", name="Use an example article").click()
    summarise(page)

    assert EXAMPLE_TEXT == page.get_by_label("Text", exact=True).input_value()
    expect(page.locator(".result .summary")).not_to_be_empty()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    screenshot(page, "phone")


@pytest.mark.parametrize("operation", ["summarize", "summarizeBatch"])
def test_swagger_try_it_out_with_the_default_example(page, service, operation, console_errors):
    page.goto(f"{service.url}/docs/")
    block = page.locator(f"#operations-summaries-{operation}")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()

    expect(block.locator(".live-responses-table .response .response-col_status")).to_have_text("200")
    screenshot(page, f"swagger-{operation}")
    assert [] == console_errors
