"""At a phone's width (390 by 844 px), nothing in a page's content is cut off.

Every page of the session's ``site`` build, in both colour modes, in headless
Chromium (the harness, fixtures and helpers of ``test_browser``):

- every image in the content is no wider than the screen and lies inside it;
  each computed figure shows its narrow copy, the one its ``<picture>`` picks
  on a phone, and keeps the size its ``width`` and ``height`` reserve;
- every table fits the screen, or scrolls sideways inside a box that fits
  (``overflow-x: auto`` or ``scroll``) and shows it: the box looks different
  with its scroll cue than without it (the shadow at an edge with more table
  beyond it), since phones hide scrollbars.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import test_browser
from playwright.sync_api import Page, sync_playwright
from test_browser import MODES, PAGES, SETTLE, WIDTHS, launch, new_context

pytestmark = pytest.mark.browser

# The harness's fixtures: the built site on a local server, and the Chromium.
server = test_browser.server
chromium = test_browser.chromium

# Lazy images load as they come into view: scroll each one there, and wait.
LOAD_IMAGES = """async () => {
  for (const img of document.querySelectorAll("article img")) {
    if (!img.checkVisibility()) continue;
    img.scrollIntoView();
    if (!img.complete) await new Promise((r) => img.addEventListener("load", r, {once: true}));
  }
  window.scrollTo(0, 0);
}"""

MEASURE = """() => {
  const screen = document.documentElement.clientWidth;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width, height: r.height};
  };
  const images = [...document.querySelectorAll("article img")]
    .filter((img) => img.checkVisibility())
    .map((img) => ({
      src: img.currentSrc.split("/").pop(),
      computed: img.classList.contains("computed-figure-image"),
      reserved: img.closest("picture")
        ? [...img.closest("picture").querySelectorAll("source")]
            .filter((s) => matchMedia(s.media).matches)
            .map((s) => Number(s.height) / Number(s.width))[0]
        : null,
      ...box(img),
    }));
  const tables = [...document.querySelectorAll("article table")].map((table, index) => {
    let scroller = table.parentElement;
    while (scroller && !["auto", "scroll"].includes(getComputedStyle(scroller).overflowX)) {
      scroller = scroller.parentElement;
    }
    return {
      index,
      name: table.className || table.id || `table ${index}`,
      ...box(table),
      scroller: scroller && scroller !== document.documentElement && scroller !== document.body
        ? {...box(scroller), scrolls: scroller.scrollWidth > scroller.clientWidth}
        : null,
    };
  });
  return {screen, images, tables};
}"""


HIDE_OVERLAYS = """(visibility) => {
  for (const el of document.querySelectorAll(".mobile-header, .back-to-top")) {
    el.style.visibility = visibility;
  }
}"""


def cue_is_visible(page: Page, index: int) -> bool:
    """Whether table ``index``'s scroll box looks different without its cue.

    The box, scrolled to its start, is captured as drawn, then with its
    background and shadow removed: the stylesheet draws the cue there.
    """
    handle = page.evaluate_handle(
        """(index) => {
          const table = document.querySelectorAll("article table")[index];
          let box = table.parentElement;
          while (!["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
            box = box.parentElement;
          }
          box.scrollLeft = 0;
          return box;
        }""",
        index,
    )
    element = handle.as_element()
    assert element is not None
    element.scroll_into_view_if_needed()
    # Furo's header and "Back to top" button float over the content as it scrolls.
    page.evaluate(HIDE_OVERLAYS, "hidden")
    page.evaluate(SETTLE)
    with_cue = element.screenshot(animations="disabled")
    assert element.screenshot(animations="disabled") == with_cue, "the box is not still"
    element.evaluate("(box) => { box.style.background = 'none'; box.style.boxShadow = 'none'; }")
    without_cue = element.screenshot(animations="disabled")
    element.evaluate("(box) => { box.style.background = ''; box.style.boxShadow = ''; }")
    page.evaluate(HIDE_OVERLAYS, "")
    return with_cue != without_cue


def survey(chromium: Path, server: str, mode: str) -> dict[str, dict[str, Any]]:
    """Every page in ``mode`` at phone width: its images and tables, measured."""
    results = {}
    with sync_playwright() as playwright:
        browser = launch(playwright, chromium)
        context = new_context(browser, mode, "phone")
        page = context.new_page()
        for name in PAGES:
            page.goto(server + name, wait_until="load")
            page.evaluate(SETTLE)
            page.evaluate(LOAD_IMAGES)
            page.evaluate(SETTLE)
            measured: dict[str, Any] = page.evaluate(MEASURE)
            for table in measured["tables"]:
                scroller = table["scroller"]
                if scroller and scroller["scrolls"]:
                    table["cue"] = cue_is_visible(page, table["index"])
            results[name] = measured
        browser.close()
    return results


@pytest.fixture(scope="module")
def phone(chromium: Path, server: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Every page in both modes at 390 px, keyed by (page, mode); the modes run side by side."""
    with ThreadPoolExecutor(len(MODES)) as pool:
        surveys = {mode: pool.submit(survey, chromium, server, mode) for mode in MODES}
        return {
            (name, mode): measured
            for mode, future in surveys.items()
            for name, measured in future.result().items()
        }


def test_survey_is_at_phone_width(phone: dict[tuple[str, str], dict[str, Any]]) -> None:
    assert WIDTHS["phone"]["width"] == 390
    assert {m["screen"] for m in phone.values()} <= {390, 375}  # less a scrollbar, if shown
    # The pages with computed figures and with tables were measured.
    assert any(i["computed"] for i in phone["projects/torchgpipe.html", "light"]["images"])
    assert phone["projects/torchgpipe.html", "dark"]["tables"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES, ids=[p.removesuffix(".html") for p in PAGES])
def test_every_image_fits_the_screen(
    phone: dict[tuple[str, str], dict[str, Any]], name: str, mode: str
) -> None:
    measured = phone[name, mode]
    screen = measured["screen"]
    for image in measured["images"]:
        assert image["left"] >= 0, image
        assert image["right"] <= screen, f"{image['src']}: {image} on a {screen}px screen"
        assert image["width"] > 0, image
        if image["computed"]:
            assert "-narrow-" in image["src"], f"the wide copy on a phone: {image['src']}"
            assert image["src"].endswith(f"-{mode}.svg"), image["src"]
            # The space reserved before the file arrived is the space it takes.
            assert image["height"] == pytest.approx(image["reserved"] * image["width"], abs=1)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES, ids=[p.removesuffix(".html") for p in PAGES])
def test_every_table_fits_or_visibly_scrolls(
    phone: dict[tuple[str, str], dict[str, Any]], name: str, mode: str
) -> None:
    measured = phone[name, mode]
    screen = measured["screen"]
    for table in measured["tables"]:
        if table["left"] >= 0 and table["right"] <= screen:
            continue  # it fits
        scroller = table["scroller"]
        assert scroller, f"{table['name']}: {table['width']:.0f}px wide, cut off, no scroll box"
        assert scroller["left"] >= 0, table
        assert scroller["right"] <= screen, f"{table['name']}: the scroll box is cut off"
        assert scroller["scrolls"], table
        assert table.get("cue"), f"{table['name']}: scrolls with no visible cue"
