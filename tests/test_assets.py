"""How each page loads (issue 13: Lighthouse mobile performance 100, CLS 0).

What Lighthouse's simulated phone counts against a page, and what guards each:
scripts that stop the page being drawn (every ``<script src>`` is deferred),
a first paint of half the page (the head asks the browser to wait for the
article), images that move text when they arrive (every image has both
sides), and figures far below the first screen downloaded before it is drawn
(they load lazily). ``make bench`` measures the scores themselves.

Static checks read the session's ``site`` build; one opens it in Chromium.
"""

from __future__ import annotations

import http.server
import re
import time
from pathlib import Path

import pytest
import test_browser
from bs4 import Tag
from conftest import Build, QuietHandler, docnames, serve
from playwright.sync_api import Browser

#: Every page the build writes from a source, and the two it writes from templates.
PAGES = [*docnames(), "search", "404"]
#: The search page's scripts stay parser-blocking (conf/_templates/search.html).
DEFERRING_PAGES = [page for page in PAGES if page != "search"]

#: The article, and what the head's script asks the browser to wait for before
#: the first paint: the footer after it (conf/_templates/page.html).
ARTICLE_ID = "furo-main-content"
AFTER_ARTICLE_ID = "after-article"


def scripts(site: Build, page: str) -> list[Tag]:
    return site.soup(page).select("script[src]")


@pytest.mark.parametrize("page", DEFERRING_PAGES)
def test_every_script_is_deferred(site: Build, page: str) -> None:
    """A ``<script src>`` without ``defer`` or ``async`` stops the parser until it
    is fetched and run; Sphinx and Furo write them so (portfolio.layout defers
    them)."""
    found = scripts(site, page)
    assert found, f"{page}: no scripts at all"
    blocking = [
        str(s["src"])
        for s in found
        if not ({"defer", "async"} & set(s.attrs)) and s.get("type") != "module"
    ]
    assert not blocking, f"{page}: parser-blocking scripts {blocking}"


def test_deferred_scripts_run_after_what_they_need(site: Build) -> None:
    """Deferred scripts run in the order they are written: Sphinx's options
    before the scripts that read them, and its translations before the first
    script that asks for one once the page is parsed (sphinx_highlight.js)."""
    names = [str(s["src"]).split("?")[0].rsplit("/", 1)[-1] for s in scripts(site, "ko/index")]
    expected = ["documentation_options.js", "doctools.js", "translations.js", "sphinx_highlight.js"]
    assert [n for n in names if n in expected] == expected, names


@pytest.mark.parametrize("page", PAGES)
def test_first_paint_waits_for_the_article(site: Build, page: str) -> None:
    """The head's script adds ``<link rel=expect blocking=render>`` naming an
    element that every page has after its whole article."""
    soup = site.soup(page)
    head = soup.head
    assert head is not None
    script = "\n".join(s.get_text() for s in head.find_all("script", src=False))
    assert re.search(r'\.rel = "expect"', script), f"{page}: no expect link in the head's script"
    assert f'.href = "#{AFTER_ARTICLE_ID}"' in script, page
    assert 'setAttribute("blocking", "render")' in script, page
    html = str(soup)
    assert f'id="{AFTER_ARTICLE_ID}"' in html, f"{page}: no #{AFTER_ARTICLE_ID} to wait for"
    assert html.index("</article>") < html.index(f'id="{AFTER_ARTICLE_ID}"'), page


def image_sides(img: Tag) -> set[str]:
    """The sides an ``<img>`` (or a ``<picture>``'s ``<source>``) is given before it loads."""
    style = str(img.get("style", ""))
    return {
        side for side in ("width", "height") if img.get(side) or re.search(rf"\b{side}:", style)
    }


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_both_sides(site: Build, page: str) -> None:
    """An image without its height is drawn zero pixels tall until it arrives,
    then pushes the text around it: a layout shift."""
    article = site.soup(page).select_one("article[role=main]")
    assert article is not None
    missing = {str(img.get("src")): image_sides(img) for img in article.find_all("img")}
    missing = {src: sides for src, sides in missing.items() if sides != {"width", "height"}}
    assert not missing, f"{page}: images without both sides {missing}"


def test_an_image_with_one_side_gets_the_other_in_proportion(site: Build) -> None:
    """Hangulize's logo is written with ``:width: 88px`` only; the file is square."""
    logo = site.soup("projects/hangulize").select_one("img.hangulize-logo")
    assert logo is not None
    assert "width: 88px" in str(logo["style"])
    assert "height: 88px" in str(logo["style"])


@pytest.mark.parametrize("page", PAGES)
def test_images_in_figures_load_lazily(site: Build, page: str) -> None:
    article = site.soup(page).select_one("article[role=main]")
    assert article is not None
    eager = [
        str(img.get("src")) for img in article.select("figure img") if img.get("loading") != "lazy"
    ]
    assert not eager, f"{page}: figures loaded before they are needed {eager}"


def test_the_site_has_figures_to_check(site: Build) -> None:
    """Guards the image tests above against passing on pages with no images."""
    figures = [img for page in PAGES for img in site.soup(page).select("article figure img")]
    assert len(figures) >= 2, figures


# -- In Chromium -----------------------------------------------------------------

#: How long the slow server below stalls in the middle of a page's article:
#: long enough that the control page paints within it on a busy machine (it
#: painted after 1.04 s once, with three test workers on two cores).
STALL_S = 3.0


def slow_handler(expect: bool) -> type[http.server.SimpleHTTPRequestHandler]:
    """A handler of the served folder that sends an HTML page in two parts, the
    second after a stall just after the article's heading, as a slow network
    delivers it. With ``expect=False`` the head's expect link is cut out first."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.suffix != ".html":
                super().do_GET()
                return
            html = path.read_text(encoding="utf-8")
            if not expect:
                html = re.sub(r"\{\s*const expect = .*?\n\}", "", html, flags=re.DOTALL)
            body = html.encode()
            cut = body.index(b"</h1>", body.index(f'id="{ARTICLE_ID}"'.encode()))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:cut])
            self.wfile.flush()
            time.sleep(STALL_S)
            self.wfile.write(body[cut:])

    return Handler


# The harness's fixtures: the system's Chromium, launched once for the module.
chromium = test_browser.chromium
browser = test_browser.browser


def first_paint_ms(browser: Browser, url: str) -> float:
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(url)
    paint = tab.evaluate(
        "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
    )
    # The deferred scripts ran: Furo's theme toggle answers a click.
    before = tab.evaluate("document.body.dataset.theme")
    tab.locator(".theme-toggle:visible").first.click()
    assert tab.evaluate("document.body.dataset.theme") != before, url
    tab.close()
    assert not errors, errors
    assert paint is not None, f"{url}: no first contentful paint"
    return float(paint)


@pytest.mark.parametrize("page", ["index.html", "projects/hangulize.html"])
def test_first_paint_waits_for_the_whole_article(browser: Browser, site: Build, page: str) -> None:
    """Half an article is not drawn: the first paint comes after the stall.
    The same page without the expect link is drawn before it (the control)."""
    with serve(site.out, slow_handler(expect=True)) as url:
        waited = first_paint_ms(browser, url + page)
    with serve(site.out, slow_handler(expect=False)) as url:
        control = first_paint_ms(browser, url + page)
    assert waited >= STALL_S * 1000, f"{page}: drawn at {waited:.0f} ms, during the stall"
    assert control < STALL_S * 1000, f"{page}: the control waited too ({control:.0f} ms)"
