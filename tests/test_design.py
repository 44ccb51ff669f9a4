"""The site's look (issue 13): the landing page's first screen, the résumé's
entry layout, typography on phones, and what each page loads.

Static checks read the built HTML (the session's ``site`` build); the rest open
it in headless Chromium at 1440 and 390 px, as tests/test_browser.py does.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import test_browser
from bs4 import BeautifulSoup
from conftest import Build, docnames, serve
from playwright.sync_api import Browser, Page

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = [f"{name}.html" for name in docnames()]

#: The résumé pages whose entries use the one entry layout.
ENTRY_PAGES = {
    "resume/work": "role-",
    "resume/open-source": "oss-",
    "resume/talks": "talk-",
    "resume/education": "edu-",
}

#: What the landing page may weigh with everything it loads (issue 13).
LANDING_LIMIT_KB = 35.0

# -- Static: the built HTML -----------------------------------------------------


def test_landing_page_has_the_name_once_a_headline_and_the_actions(site: Build) -> None:
    article = site.article("index")
    h1 = article.find_all("h1")
    assert [h.get_text(" ", strip=True).rstrip("¶ ") for h in h1] == ["Heungsub Lee"]
    headline = article.select_one("h1 + p.headline")
    assert headline is not None
    assert "Kakao Brain" in headline.get_text()
    actions = article.select("p.person-actions > a")
    assert [a.get_text() for a in actions] == ["Email", "GitHub", "LinkedIn", "CV (PDF)"]
    hrefs = [str(a["href"]) for a in actions]
    assert hrefs[1:] == [
        "https://github.com/sublee",
        "https://linkedin.com/in/sublee",
        "heungsub-lee-cv.pdf",
    ]
    assert hrefs[0].startswith("mailto:")
    assert (site.out / "heungsub-lee-cv.pdf").is_file()


def test_project_cards_link_their_page_and_carry_a_logo_and_a_result(site: Build) -> None:
    cards = site.article("index").select("ul.project-cards > li")
    pages = []
    for card in cards:
        links = card.select("a[href]")
        assert len(links) == 1, f"a card has one link, its stretched name: {card}"
        pages.append(str(links[0]["href"]))
        assert card.select_one("p.project-result"), card.get_text()
        assert card.select_one(".project-dates"), card.get_text()
    assert pages == [
        f"projects/{p}.html" for p in ("torchgpipe", "hangulize", "trueskill", "profiling")
    ]
    # The two projects with a logo in the shared media, sized against layout shift.
    logos = {
        str(card.select_one("a")["href"]): card.select_one("img.project-logo")  # type: ignore[index]
        for card in cards
    }
    for page in ("projects/torchgpipe.html", "projects/hangulize.html"):
        img = logos[page]
        assert img is not None, page
        assert img.get("width"), img
        assert img.get("height"), img
        assert (site.out / str(img["src"])).is_file()


def test_resume_pages_use_one_entry_layout(site: Build) -> None:
    for page, prefix in ENTRY_PAGES.items():
        soup = BeautifulSoup(site.page(page), "html.parser")
        sections = soup.select(f'article section[id^="{prefix}"]')
        assert sections, page
        for section in sections:
            head = section.select_one(":scope > .resume-entry > dl.resume-entry-head")
            assert head is not None, f"{page}#{section['id']}: no entry head"
            dates = head.select("dd.entry-dates")
            assert len(dates) == 1, f"{page}#{section['id']}"
            assert re.fullmatch(
                r"(\w{3} )?\d{4}(–((\w{3} )?\d{4})?)?", dates[0].get_text(strip=True)
            ), dates


def test_talks_are_compact_with_the_award_in_the_first_line(site: Build) -> None:
    soup = BeautifulSoup(site.page("resume/talks"), "html.parser")
    labels = [dt.get_text(strip=True) for dt in soup.select("dl.resume-entry-details dt")]
    assert labels, "no talk details"
    assert not [label for label in labels if label.startswith("Language")]
    awards = soup.select("dl.resume-entry-head dd.entry-award")
    assert [a.find_parent("section")["id"] for a in awards] == ["talk-ndc-2016"]  # type: ignore[index]
    assert "grand prize" in awards[0].get_text()


@pytest.mark.parametrize("page", ["resume/languages", "resume/education", "resume/interests"])
def test_a_page_without_sections_has_no_contents_column(site: Build, page: str) -> None:
    drawer = site.soup(page).select_one("aside.toc-drawer")
    assert drawer is not None
    assert "no-toc" in drawer.get_attribute_list("class"), page


def test_a_page_with_sections_keeps_its_contents_column(site: Build) -> None:
    drawer = site.soup("resume/work").select_one("aside.toc-drawer")
    assert drawer is not None
    assert "no-toc" not in drawer.get_attribute_list("class")


def assets(site: Build, page: str) -> set[str]:
    soup = site.soup(page)
    urls = [str(s["src"]) for s in soup.select("script[src]")]
    urls += [str(s["href"]) for s in soup.select("link[rel=stylesheet]")]
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in urls}


# Every page of both editions, the search and 404 pages included (test_browser's list).
@pytest.mark.parametrize("page", [p.removesuffix(".html") for p in test_browser.PAGES])
def test_page_loads_copybutton_and_sphinx_design_only_if_it_uses_them(
    site: Build, page: str
) -> None:
    html = site.page(page)
    loaded = assets(site, page)
    has_code = '<div class="highlight"><pre' in html
    has_design = bool(re.search(r'class="[^"]*\bsd-', html))
    has_tabs = "sd-tab-set" in html
    assert ("copybutton.js" in loaded) is has_code, page
    assert ("clipboard.min.js" in loaded) is has_code, page
    assert ("copybutton.css" in loaded) is has_code, page
    assert ("sphinx-design.min.css" in loaded) is has_design, page
    assert ("design-tabs.js" in loaded) is has_tabs, page


def test_landing_page_loads_none_of_them(site: Build) -> None:
    """Guards the test above against passing on a site where every page uses all."""
    loaded = assets(site, "index")
    assert not loaded & {
        "copybutton.js",
        "clipboard.min.js",
        "copybutton.css",
        "sphinx-design.min.css",
        "design-tabs.js",
        "pygments.css",
    }
    assert "copybutton.js" in assets(site, "projects/torchgpipe")


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def test_landing_page_weighs_at_most_35_kb_gzip(site: Build) -> None:
    """The page and every file it references (scripts, styles, icons, images,
    the styles' url()s), gzipped as the host serves them; `make bench` weighs
    the same in Chromium."""
    base = "http://site.invalid/"
    queue, seen, total = [urljoin(base, "index.html")], set(), 0
    while queue:
        url = queue.pop(0).split("#")[0]
        if url in seen or not url.startswith(base):
            continue
        seen.add(url)
        path = site.out / urlsplit(url).path.removeprefix("/")
        assert path.is_file(), url
        total += gzip_size(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            soup = BeautifulSoup(text, "html.parser")
            refs = [str(t["href"]) for t in soup.select("link[rel~=stylesheet], link[rel~=icon]")]
            refs += [str(t["src"]) for t in soup.select("script[src], img[src]")]
        elif path.suffix == ".css":
            refs = [r for r in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if "data:" not in r]
        else:
            refs = []
        queue += [urljoin(url, ref) for ref in refs]
    assert len(seen) > 5, seen
    assert total / 1000 <= LANDING_LIMIT_KB, f"{total / 1000:.1f} KB gzip: {sorted(seen)}"


# -- The photo the owner may add ------------------------------------------------


@pytest.mark.parametrize("photo", ["photo.jpg", ""], ids=["photo", "no-photo"])
def test_landing_page_shows_the_photo_only_where_there_is_one(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, photo: str
) -> None:
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-resume", src)
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={"portfolio_photo": photo})
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    imgs = soup.select(".person img.person-photo")
    if not photo:
        assert imgs == []
        return
    assert len(imgs) == 1
    img = imgs[0]
    assert img["src"] == "_static/photo.jpg"
    assert img.get("width")
    assert img.get("height")
    assert img["alt"] == ""  # beside the name it shows


# -- In a browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def server(site: Build) -> Iterator[str]:
    with serve(site.out) as url:
        yield url


# The harness's fixtures: the system's Chromium, launched once for the module.
chromium = test_browser.chromium
browser = test_browser.browser


def open_page(browser: Browser, url: str, viewport: dict[str, int]) -> Page:
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    page.goto(url)
    page.evaluate("document.fonts.ready")
    return page


FIRST_SCREEN = """() => {
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  };
  const article = document.querySelector("article");
  const h1 = article.querySelector("h1");
  const headline = article.querySelector("p.headline");
  const actions = [...article.querySelectorAll("p.person-actions > a")];
  // Every text node in the first screen that names him.
  const names = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.includes("Heungsub Lee")) continue;
    const r = n.parentElement.getBoundingClientRect();
    if (r.top < window.innerHeight) names.push(n.parentElement.tagName);
  }
  const headlineLines = (() => {
    const range = document.createRange();
    range.selectNodeContents(headline);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  })();
  return {
    h1: inView(h1), headline: inView(headline), headlineLines, names,
    actions: actions.map((a) => {
      const r = a.getBoundingClientRect();
      return {text: a.textContent, inView: inView(a), width: r.width, height: r.height};
    }),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_first_screen_shows_name_headline_and_actions(
    browser: Browser, server: str, viewport: dict[str, int]
) -> None:
    page = open_page(browser, server + "index.html", viewport)
    seen = page.evaluate(FIRST_SCREEN)
    page.context.close()
    assert seen["h1"], seen
    assert seen["headline"], seen
    assert seen["names"] == ["H1"], f"the name more than once in the first screen: {seen}"
    if viewport is DESKTOP:
        assert seen["headlineLines"] == 1, "the headline is one line at 1440 px"
    assert [a["text"] for a in seen["actions"]] == ["Email", "GitHub", "LinkedIn", "CV (PDF)"]
    for action in seen["actions"]:
        assert action["inView"], action
        assert action["height"] >= 40, f"not a button: {action}"
        assert action["width"] >= 44, f"not a button: {action}"


@pytest.mark.browser
def test_whole_project_card_is_its_link(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "index.html", DESKTOP)
    hits = page.evaluate("""() => [...document.querySelectorAll("ul.project-cards > li")]
      .map((card) => {
        const r = card.getBoundingClientRect();
        card.scrollIntoView();
        const box = card.getBoundingClientRect();
        // A point in the card's lower right corner, away from its name.
        const el = document.elementFromPoint(box.right - 8, box.bottom - 8);
        const link = el && el.closest("a");
        return link ? link.getAttribute("href") : null;
      })""")
    page.context.close()
    assert hits == [
        f"projects/{p}.html" for p in ("torchgpipe", "hangulize", "trueskill", "profiling")
    ]


@pytest.mark.browser
def test_font_stack_puts_latin_faces_first_then_korean_ones(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "resume/talks.html", DESKTOP)
    families = page.evaluate(
        """() => [document.body, document.querySelector("article h1"),
                  document.querySelector("[lang=ko]")]
                 .map((el) => getComputedStyle(el).fontFamily)"""
    )
    page.context.close()
    for family in families:
        faces = [f.strip().strip('"') for f in family.split(",")]
        korean = [faces.index(f) for f in ("Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR")]
        assert korean == sorted(korean), family
        assert faces.index("-apple-system") < korean[0] < faces.index("sans-serif"), family


# A separator ("·") whose line starts with it: its box is below the box of the
# character before it. Returns what was checked and what failed.
SEPARATORS_AT_LINE_START = r"""() => {
  const texts = [];
  const walker = document.createTreeWalker(document.querySelector("article"),
                                           NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
  const box = (node, i) => {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const rects = range.getClientRects();
    return rects.length ? rects[rects.length - 1] : null;
  };
  let checked = 0;
  const bad = [];
  texts.forEach((node, t) => {
    for (let i = node.data.indexOf("·"); i >= 0; i = node.data.indexOf("·", i + 1)) {
      const dot = box(node, i);
      if (!dot || dot.width === 0) continue;
      // The previous visible character, in this text node or an earlier one.
      let prev = null;
      for (let u = t, j = i - 1; u >= 0 && !prev; u--, j = u >= 0 ? texts[u].data.length - 1 : 0) {
        for (; j >= 0; j--) {
          if (/\s/.test(texts[u].data[j])) continue;
          const r = box(texts[u], j);
          if (r && r.width > 0) { prev = r; break; }
        }
      }
      if (!prev) continue;
      checked++;
      if (dot.top >= prev.bottom - 2) {
        bad.push(node.parentElement.textContent.trim().slice(0, 80));
      }
    }
  });
  return {checked, bad};
}"""


@pytest.mark.browser
def test_no_line_starts_with_a_separator_on_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    checked, bad = 0, {}
    for name in PAGES:
        page.goto(server + name)
        page.evaluate("document.fonts.ready")
        result = page.evaluate(SEPARATORS_AT_LINE_START)
        checked += result["checked"]
        if result["bad"]:
            bad[name] = result["bad"]
    context.close()
    assert checked > 20, f"only {checked} separators found: the check looks at nothing"
    assert not bad, bad


# Headings whose last line is much shorter than their first: an awkward wrap.
HEADING_LINES = """() => [...document.querySelectorAll("article :is(h1, h2, h3)")].map((h) => {
  const range = document.createRange();
  range.selectNodeContents(h.firstChild || h);
  const lines = new Map();
  for (const r of range.getClientRects()) {
    const top = Math.round(r.top);
    lines.set(top, (lines.get(top) || 0) + r.width);
  }
  return {text: h.textContent.replace("¶", "").trim(), widths: [...lines.values()]};
})"""


@pytest.mark.browser
def test_headings_do_not_leave_a_word_alone_on_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    awkward, wrapped = [], 0
    for name in PAGES:
        page.goto(server + name)
        page.evaluate("document.fonts.ready")
        for heading in page.evaluate(HEADING_LINES):
            widths = heading["widths"]
            if len(widths) < 2:
                continue
            wrapped += 1
            if widths[-1] < 0.4 * max(widths):
                awkward.append(f"{name}: {heading['text']!r} {widths}")
    context.close()
    assert wrapped > 0, "no heading wraps at 390 px: the check looks at nothing"
    assert not awkward, awkward


@pytest.mark.browser
def test_entry_dates_sit_at_the_right_of_the_first_line(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "resume/work.html", DESKTOP)
    rows = page.evaluate("""() => [...document.querySelectorAll("dl.resume-entry-head")]
      .map((dl) => {
        const dates = dl.querySelector("dd.entry-dates").getBoundingClientRect();
        const first = dl.querySelector("dd:not(.entry-dates)").getBoundingClientRect();
        return {dateTop: dates.top, firstTop: first.top, dateRight: dates.right,
                right: dl.getBoundingClientRect().right};
      })""")
    page.context.close()
    assert len(rows) == 5
    for row in rows:
        assert abs(row["dateTop"] - row["firstTop"]) < 4, row
        assert abs(row["dateRight"] - row["right"]) < 2, row


@pytest.mark.parametrize("name", ["index.html", "projects/torchgpipe.html"])
def test_furo_no_js_class_goes_before_the_body_is_drawn(site: Build, name: str) -> None:
    """Furo's header grew its theme toggle once its script had run, a layout
    shift Lighthouse counted on phones: conf/_templates/page.html removes the
    ``no-js`` class in the head, before the body is parsed and painted.

    A browser measurement of layout shifts proved flaky here (a header icon
    moved by a few pixels in about one load of thirty under load), so the
    shift itself is measured by ``make bench``'s Lighthouse runs (CLS 0)."""
    html = site.page(name.removesuffix(".html"))
    head, _, body = html.partition("<body")
    assert 'class="no-js"' in head.split("<head", 1)[0], "Furo's <html class='no-js'> changed"
    assert 'document.documentElement.classList.remove("no-js")' in head
    assert "no-js" not in body.split("<script", 1)[0]
