"""The built site in a real browser: headless Chromium, driven by Playwright.

The whole site (the session's ``site`` build, both editions: English at the
root, Korean in ``ko/``) is served on 127.0.0.1 at a free port, the way a host
serves it: a missing path answers 404 with its edition's ``404.html``.
Every page of both editions is opened once per colour mode (a context whose stored Furo theme is
``light`` or ``dark``), and at two widths: desktop 1440 by 900, wide enough
for the page-contents sidebar, and phone 390 by 844.
That one pass records what the per-page tests then assert:

- the console's errors and the page's uncaught exceptions;
- every request: none may fail and none may leave the local server (the
  site's privacy promise: no CDN, no web fonts from elsewhere, no analytics);
- axe-core's results (every rule it runs by default: WCAG 2.0, 2.1 and 2.2 A
  and AA, and its best practices; none is disabled; target-size is added) for
  both modes at both widths;
- at phone width, whether the page scrolls sideways.

Behaviour is tested separately: the theme toggle, search, the navigation, the
404 page at any depth (in each edition), and the language switcher, clicked
both ways and reached by keyboard.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``);
Playwright's own browser download is not used. Without it these tests fail
and say how to get it: they never skip, so CI cannot pass without them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT  # type: ignore[import-untyped]
from conftest import Build, QuietHandler, docnames, serve
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
MODES = ("light", "dark")

# Every page a reader can open: the docs, plus the pages Sphinx and
# sphinx-notfound-page make, in each edition (its folder, and its language).
# test_every_built_page_is_tested keeps this whole.
EDITIONS = {"": "en", "ko/": "ko"}
EDITION_PAGES = [f"{name}.html" for name in docnames()] + ["search.html", "404.html"]
PAGES = [folder + page for folder in EDITIONS for page in EDITION_PAGES]
IDS = [p.removesuffix(".html") for p in PAGES]
# Pages the navigation need not link to: search has its form, 404 is for errors.
UNLINKED = {"search.html", "404.html"}


def language_of(path: str) -> str:
    """The language of the edition that serves ``path`` (``ko/cv.html``: ko)."""
    return EDITIONS.get(path.split("/", 1)[0] + "/", "en")


# Wait for web fonts and two animation frames: layout, and the ResizeObserver
# callbacks it triggers (portfolio.js), have run.
SETTLE = """async () => {
  await document.fonts.ready;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""
# Run axe with its default rule set (WCAG 2.0, 2.1 and 2.2 A and AA, and best
# practices), plus target-size (WCAG 2.2 AA), which axe leaves off by default.
# Off, and not run: AAA rules (color-contrast-enhanced and others), deprecated
# ones and experimental ones. Only violations carry node details.
RUN_AXE = """async () => {
  const results = await axe.run(document, {
    rules: {"target-size": {enabled: true}},
    resultTypes: ["violations"],
  });
  const rules = [...results.passes, ...results.violations, ...results.incomplete,
                 ...results.inapplicable].map((r) => r.id);
  const violations = results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
  return {version: axe.version, rules, violations};
}"""

# Text nodes with Hangul whose nearest lang attribute is not Korean: screen
# readers would read them with an English voice.
UNMARKED_KOREAN = r"""() => {
  const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const unmarked = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!hangul.test(node.data)) continue;
    const owner = node.parentElement.closest("[lang]");
    if (!owner || !owner.lang.toLowerCase().startsWith("ko")) {
      unmarked.push(`${node.parentElement.tagName}: ${node.data.trim().slice(0, 60)}`);
    }
  }
  return unmarked;
}"""

# -- Serving the site -----------------------------------------------------------


class SiteHandler(QuietHandler):
    """Serves the built site; a missing path gets its edition's ``404.html``, status 404.

    As Read the Docs does: each edition is its own project with its own 404 page.
    """

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        folder = next((f for f in EDITIONS if f and self.path.startswith("/" + f)), "")
        page = Path(self.directory) / folder / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server(site: Build) -> Iterator[str]:
    """The base URL of the built site, served on 127.0.0.1 at a free port."""
    with serve(site.out, SiteHandler) as url:
        yield url


# -- The browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's headless Chromium; its absence fails the tests, in CI and out."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests drive the system's "
            "Chromium: install it (Debian/Ubuntu: `sudo apt-get install chromium`) or "
            "point $CHROMIUM at a Chromium or Chrome binary.",
            pytrace=False,
        )
    return CHROMIUM


def launch(playwright: Playwright, chromium: Path) -> Browser:
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright, chromium)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What a page did on the network and in the console while it was open."""

    origin: str
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def foreign(self) -> list[str]:
        """Requests to anywhere but the local server (data: and blob: stay local)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"} and origin_of(url) != self.origin
        ]

    def clear(self) -> None:
        self.requests.clear()
        self.failures.clear()
        self.console_errors.clear()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def watch(page: Page, origin: str, *, expected_status: dict[str, int] | None = None) -> Traffic:
    """Record ``page``'s requests, failed requests and console errors.

    A response of 400 or more is a failure unless ``expected_status`` names
    its URL (the 404 page's own document); so is the console error Chromium
    logs for it.
    """
    traffic = Traffic(origin)
    expected = expected_status or {}

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if message.location.get("url") in expected and message.text.startswith(
            "Failed to load resource"
        ):
            return
        traffic.console_errors.append(f"{message.text} ({message.location})")

    page.on("request", lambda request: traffic.requests.append(request.url))
    page.on(
        "requestfailed",
        lambda request: traffic.failures.append(f"{request.url}: {request.failure}"),
    )
    page.on(
        "response",
        lambda response: (
            traffic.failures.append(f"{response.url}: HTTP {response.status}")
            if response.status >= 400 and expected.get(response.url) != response.status
            else None
        ),
    )
    page.on("console", on_console)
    page.on("pageerror", lambda error: traffic.console_errors.append(f"uncaught: {error}"))
    return traffic


def new_context(browser: Browser, mode: str, width: str = "desktop") -> BrowserContext:
    """A fresh reader whose stored Furo theme is ``mode`` (``light``/``dark``/``auto``)."""
    context = browser.new_context(
        viewport=WIDTHS[width],  # type: ignore[arg-type]
        color_scheme="dark" if mode == "dark" else "light",
    )
    context.add_init_script(f"window.localStorage.setItem('theme', '{mode}')")
    return context


# -- One pass over every page -----------------------------------------------------


@dataclass
class Visit:
    """One page, opened in one mode, at both widths."""

    theme: str
    traffic: Traffic
    axe: dict[str, dict[str, Any]]
    scroll_width: int
    client_width: int
    unmarked_korean: list[str]
    lang: str


def survey(chromium: Path, server: str, mode: str) -> dict[str, Visit]:
    """Open every page in ``mode``, at desktop width and then at phone width."""
    visits = {}
    # Playwright's sync API belongs to one thread: each survey has its own.
    with sync_playwright() as playwright:
        browser = launch(playwright, chromium)
        context = new_context(browser, mode)
        context.add_init_script(AXE_SCRIPT)
        page = context.new_page()
        traffic = watch(page, origin_of(server))
        for name in PAGES:
            # Leave the last page before resizing: resized, it would fetch its
            # figures' other copies (<picture>), and the next page abort them.
            page.goto("about:blank")
            page.set_viewport_size(WIDTHS["desktop"])  # type: ignore[arg-type]
            traffic.clear()
            page.goto(server + name, wait_until="load")
            page.evaluate(SETTLE)
            axe = {"desktop": page.evaluate(RUN_AXE)}
            page.set_viewport_size(WIDTHS["phone"])  # type: ignore[arg-type]
            page.evaluate(SETTLE)
            axe["phone"] = page.evaluate(RUN_AXE)
            scroll_width, client_width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            visits[name] = Visit(
                theme=page.evaluate("document.body.dataset.theme"),
                traffic=Traffic(
                    traffic.origin,
                    list(traffic.requests),
                    list(traffic.failures),
                    list(traffic.console_errors),
                ),
                axe=axe,
                scroll_width=scroll_width,
                client_width=client_width,
                unmarked_korean=page.evaluate(UNMARKED_KOREAN),
                lang=page.evaluate("document.documentElement.lang"),
            )
        browser.close()
    return visits


@pytest.fixture(scope="module")
def visits(chromium: Path, server: str) -> dict[tuple[str, str], Visit]:
    """Every page in both modes, keyed by (page, mode); the modes run side by side."""
    with ThreadPoolExecutor(len(MODES)) as pool:
        surveys = {mode: pool.submit(survey, chromium, server, mode) for mode in MODES}
        return {
            (name, mode): visit
            for mode, future in surveys.items()
            for name, visit in future.result().items()
        }


def test_every_built_page_is_tested(site: Build) -> None:
    """Both editions' pages, English at the root and Korean in ko/."""
    built = sorted(p.relative_to(site.out).as_posix() for p in site.out.rglob("*.html"))
    assert built == sorted(PAGES)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES, ids=IDS)
def test_page_loads_without_console_errors_or_failed_requests(
    visits: dict[tuple[str, str], Visit], name: str, mode: str
) -> None:
    visit = visits[name, mode]
    assert visit.traffic.requests, "no request recorded: the page was not opened"
    assert visit.traffic.console_errors == []
    assert visit.traffic.failures == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES, ids=IDS)
def test_page_requests_nothing_from_another_origin(
    visits: dict[tuple[str, str], Visit], name: str, mode: str
) -> None:
    assert visits[name, mode].traffic.foreign == []


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5])
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES, ids=IDS)
def test_page_has_no_accessibility_violations(
    visits: dict[tuple[str, str], Visit], name: str, mode: str, width: str
) -> None:
    visit = visits[name, mode]
    # The mode under test is the one the page shows.
    assert visit.theme == mode
    results = visit.axe[width]
    assert len(results["rules"]) > 50, "axe ran too few rules"
    assert results["violations"] == [], format_violations(results["violations"])


def test_axe_runs_wcag_aa_and_best_practice_rules(visits: dict[tuple[str, str], Visit]) -> None:
    """The rules named in issue 5, and the contrast rule, are among those run."""
    rules = set(visits["index.html", "light"].axe["desktop"]["rules"])
    assert {
        "aria-required-attr",
        "color-contrast",
        "landmark-unique",
        "page-has-heading-one",
        "region",
        "scrollable-region-focusable",
        "html-has-lang",
        "valid-lang",
        "target-size",
    } <= rules


@pytest.mark.parametrize("name", PAGES, ids=IDS)
def test_page_does_not_scroll_sideways_on_a_phone(
    visits: dict[tuple[str, str], Visit], name: str
) -> None:
    for mode in MODES:
        visit = visits[name, mode]
        assert visit.scroll_width <= visit.client_width, (
            f"{mode} mode: {visit.scroll_width}px of content in a {visit.client_width}px screen"
        )


@pytest.mark.parametrize("name", PAGES, ids=IDS)
def test_korean_text_is_marked_lang_ko(visits: dict[tuple[str, str], Visit], name: str) -> None:
    assert visits[name, "light"].unmarked_korean == []


@pytest.mark.parametrize("name", PAGES, ids=IDS)
def test_page_is_in_its_editions_language(visits: dict[tuple[str, str], Visit], name: str) -> None:
    assert visits[name, "light"].lang == language_of(name)


# -- Behaviour --------------------------------------------------------------------


def body_background(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_theme_toggle_switches_and_remembers_the_mode(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=WIDTHS["desktop"], color_scheme="light")  # type: ignore[arg-type]
    page = context.new_page()
    traffic = watch(page, origin_of(server))
    page.goto(server + "index.html")
    assert page.evaluate("document.body.dataset.theme") == "auto"
    light = body_background(page)
    toggle = page.locator(".theme-toggle-content .theme-toggle")

    # Furo cycles auto -> dark -> light when the system prefers light.
    toggle.click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    dark = body_background(page)
    assert dark != light

    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    assert page.evaluate("localStorage.getItem('theme')") == "dark"
    assert body_background(page) == dark

    # Remembered across pages too, and on the phone's toggle in the header.
    page.goto(server + "projects/torchgpipe.html")
    assert body_background(page) == dark
    page.set_viewport_size(WIDTHS["phone"])  # type: ignore[arg-type]
    page.locator(".theme-toggle-header .theme-toggle").click()
    assert page.evaluate("document.body.dataset.theme") == "light"
    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "light"
    assert body_background(page) == light
    assert traffic.console_errors == []
    context.close()


def test_search_page_finds_torchgpipe(browser: Browser, server: str) -> None:
    context = new_context(browser, "light")
    page = context.new_page()
    traffic = watch(page, origin_of(server))
    page.goto(server + "search.html?q=torchgpipe")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    hrefs = [str(a.get_attribute("href")) for a in results.all()]
    assert any(href.split("?")[0].endswith("projects/torchgpipe.html") for href in hrefs), hrefs
    assert traffic.console_errors == []
    assert traffic.failures == []
    context.close()


def hide_matches_label(site: Build, folder: str) -> str:
    """Sphinx's label for the link that hides search matches, in ``folder``'s edition."""
    catalog = site.out / folder / "_static" / "translations.js"
    if not catalog.exists():
        return "Hide Search Matches"
    found = re.search(r'"Hide Search Matches": "([^"]+)"', catalog.read_text(encoding="utf-8"))
    assert found, f"{catalog}: no translation of the label"
    return found[1]


@pytest.mark.parametrize("edition", EDITIONS, ids=EDITIONS.values())
def test_search_matches_are_marked_with_a_link_in_the_pages_language(
    browser: Browser, server: str, site: Build, edition: str
) -> None:
    """A result opened from the search marks the words, and offers to hide them in
    its edition's language (Sphinx's translations are loaded before the script
    that writes the link asks for them)."""
    context = new_context(browser, "light")
    page = context.new_page()
    page.goto(server + edition + "projects/torchgpipe.html?highlight=pipeline")
    link = page.locator("#searchbox .highlight-link a")
    link.wait_for(timeout=10_000)
    assert link.inner_text() == hide_matches_label(site, edition)
    assert page.locator("span.highlighted").count() > 0
    context.close()


def test_search_page_does_not_mark_the_previous_querys_words(browser: Browser, server: str) -> None:
    """Sphinx marks a search's words on the page opened from its results, never on
    the search page itself, where the next query's results are."""
    context = new_context(browser, "light")
    context.add_init_script("window.localStorage.setItem('sphinx_highlight_terms', 'hangulize')")
    page = context.new_page()
    page.goto(server + "search.html?q=torchgpipe")
    page.locator("#search-results ul.search li a").first.wait_for(timeout=10_000)
    assert page.locator("#searchbox .highlight-link").count() == 0
    marked = page.locator("span.highlighted").all_inner_texts()
    assert not [word for word in marked if word.lower() == "hangulize"], marked
    context.close()


@pytest.mark.parametrize("edition", EDITIONS, ids=EDITIONS.values())
def test_navigation_reaches_every_page(browser: Browser, server: str, edition: str) -> None:
    """From the landing page, the sidebar links to every page of its edition."""
    context = new_context(browser, "light")
    page = context.new_page()
    home = server + edition
    page.goto(home + "index.html")
    hrefs: list[str] = page.evaluate(
        "[...document.querySelectorAll('.sidebar-drawer a[href]')].map((a) => a.href)"
    )
    linked = {
        urlsplit(href).path.removeprefix(urlsplit(home).path) or "index.html"
        for href in hrefs
        if href.startswith(home)
    }
    assert sorted(set(EDITION_PAGES) - UNLINKED - linked) == []
    context.close()


#: The 404 page's heading in each edition (conf/_templates/404.html, sphinx.po).
NOT_FOUND = {"en": "Page not found", "ko": "페이지를 찾을 수 없습니다"}


@pytest.mark.parametrize(
    "path",
    [
        "no-such-page.html",
        "projects/a/b/c/no-such-page",
        "ko/no-such-page.html",
        "ko/projects/a/b/c/no-such-page",
    ],
)
def test_missing_url_at_any_depth_shows_the_styled_404_page(
    browser: Browser, server: str, path: str
) -> None:
    language = language_of(path)
    home = server + ("ko/" if language == "ko" else "")
    context = new_context(browser, "light")
    page = context.new_page()
    url = server + path
    traffic = watch(page, origin_of(server), expected_status={url: 404})
    response = page.goto(url)
    assert response is not None
    assert response.status == 404
    assert page.locator("article h1").inner_text() == NOT_FOUND[language]
    assert page.evaluate("document.documentElement.lang") == language
    # Furo's stylesheet and scripts loaded, at this depth, from the server.
    assert traffic.failures == []
    assert traffic.console_errors == []
    assert traffic.foreign == []
    # Furo's stylesheet hides the phone's header on a desktop.
    assert page.evaluate("getComputedStyle(document.querySelector('.mobile-header')).display") == (
        "none"
    )
    # Its navigation leads back into its edition, and the switcher to the other.
    switch = page.locator("a.language-switch")
    other = server + ("" if language == "ko" else "ko/") + "index.html"
    assert switch.evaluate("(a) => a.href") == other
    page.locator(".sidebar-brand").click()
    page.wait_for_load_state()
    assert page.url == home + "index.html"
    if language == "en":
        assert "Heungsub Lee" in page.locator("article h1").inner_text()
    context.close()


# -- The language switcher (issue 14) ----------------------------------------------


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab from the top of the page until ``selector`` has the focus."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"{selector} not reached in {limit} presses of Tab")


@pytest.mark.parametrize("width", WIDTHS)
def test_switcher_leads_to_the_same_page_both_ways(
    browser: Browser, server: str, width: str
) -> None:
    """Clicked, then reached by keyboard and followed with Enter, at both widths."""
    context = new_context(browser, "light", width)
    page = context.new_page()
    traffic = watch(page, origin_of(server))
    page.goto(server + "projects/torchgpipe.html")
    switch = page.locator("a.language-switch")
    assert switch.inner_text() == "한국어"
    switch.click()
    page.wait_for_load_state()
    assert page.url == server + "ko/projects/torchgpipe.html"
    assert page.evaluate("document.documentElement.lang") == "ko"

    tab_to(page, "a.language-switch")
    assert page.evaluate("document.activeElement.textContent") == "English"
    page.keyboard.press("Enter")
    page.wait_for_url(server + "projects/torchgpipe.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert traffic.console_errors == []
    assert traffic.failures == []
    context.close()


# -- Printing the CV (issue 10) ----------------------------------------------------


def test_the_cv_is_called_one_page_only_if_it_prints_on_one(
    site: Build, browser: Browser, server: str
) -> None:
    """Issue 10: "One-page CV" is one A4 page, as the PDF and printed from the
    browser (print media), or it is not called that."""
    import io
    import re

    import pypdf

    one_page = re.compile(r"\bone[- ](page|sheet)\b", re.IGNORECASE)
    page = browser.new_page()
    page.goto(server + "cv.html")
    page.emulate_media(media="print")
    printed = len(pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)
    page.close()
    pdf = pypdf.PdfReader(site.out / "heungsub-lee-cv.pdf")
    weasyprint_pages = len(pdf.pages)
    subject = (pdf.metadata.subject if pdf.metadata else None) or ""
    claims = [
        match.group()
        for text in (site.page("index"), site.page("cv"), str(subject))
        for match in one_page.finditer(text)
    ]
    if claims:
        assert (weasyprint_pages, printed) == (1, 1), (claims, weasyprint_pages, printed)
    assert weasyprint_pages <= 2, weasyprint_pages
    assert printed <= 2, printed
