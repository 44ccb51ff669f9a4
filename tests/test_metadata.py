"""What sharing and search engines read: Open Graph and X cards, sitemap, robots.txt, 404.

Read from the session's ``site`` build; the browser tests (test_browser.py)
check the same pages as a reader meets them.
"""

from __future__ import annotations

import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build, docnames
from defusedxml import ElementTree  # type: ignore[import-untyped]
from portfolio.robots import robots_txt
from portfolio.social import draw_preview, missing_glyphs

DOCNAMES = docnames()


def meta(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    if not isinstance(tag, Tag):
        return None
    content = tag.get("content")
    return str(content) if content is not None else None


@pytest.fixture(scope="module")
def base_url(site: Build) -> str:
    """The site's ``html_baseurl``, as the landing page's canonical link gives it."""
    link = site.soup("index").find("link", rel="canonical")
    assert isinstance(link, Tag)
    href = str(link["href"])
    assert href.endswith("index.html")
    return href.removesuffix("index.html")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# -- Open Graph and X (Twitter) cards -----------------------------------------


@pytest.mark.parametrize("name", DOCNAMES)
def test_page_has_open_graph_and_twitter_card_tags(site: Build, base_url: str, name: str) -> None:
    page = site.soup(name)
    title = page.find("title")
    assert isinstance(title, Tag)
    assert meta(page, "og:title")
    assert title.get_text().startswith(str(meta(page, "og:title")))
    assert meta(page, "og:url") == f"{base_url}{name}.html"
    assert meta(page, "og:image") == f"{base_url}_static/social-preview.png"
    assert meta(page, "og:image:alt")
    assert meta(page, "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("name", DOCNAMES)
def test_og_description_is_the_pages_own_description(site: Build, name: str) -> None:
    page = site.soup(name)
    description = meta(page, "description")
    assert description, f"docs/{name}.md has no `myst: html_meta: description:`"
    assert meta(page, "og:description") == description


def test_every_page_has_a_different_description(site: Build) -> None:
    descriptions = [meta(site.soup(name), "og:description") for name in DOCNAMES]
    assert len(set(descriptions)) == len(DOCNAMES)


def test_social_preview_is_drawn_by_the_build(site: Build) -> None:
    image = site.out / "_static" / "social-preview.png"
    assert png_size(image) == (1200, 630)
    page = site.soup("index")
    assert meta(page, "og:image:width") == "1200"
    assert meta(page, "og:image:height") == "630"
    # Nothing else is a preview: the extension's own per-page cards are off.
    assert not (site.out / "_images" / "social_previews").exists()


def test_social_preview_font_lacking_a_glyph_is_reported() -> None:
    assert missing_glyphs("Heungsub Lee") == ""
    assert missing_glyphs("이흥섭 Lee") == "섭이흥"


def test_social_preview_reports_text_too_wide_for_the_card(tmp_path: Path) -> None:
    long_line = "torchgpipe · Hangulize · TrueSkill · Profiling · " * 3
    too_wide = draw_preview(tmp_path / "card.png", "Title", ["Fits", long_line])
    assert too_wide == [long_line]
    assert png_size(tmp_path / "card.png") == (1200, 630)


# -- Favicon ------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCNAMES)
def test_page_links_the_favicon(site: Build, name: str) -> None:
    icon = site.soup(name).find("link", rel="icon")
    assert isinstance(icon, Tag)
    href = str(icon["href"])
    assert href.endswith("_static/favicon.svg")
    target = (site.out / name).parent / href
    assert target.resolve().is_file()
    assert target.read_text(encoding="utf-8").lstrip().startswith("<svg")


# -- Sitemap and robots.txt ---------------------------------------------------


def test_sitemap_lists_every_page_and_nothing_else(site: Build, base_url: str) -> None:
    tree = ElementTree.parse(site.out / "sitemap.xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.getroot().iterfind("sm:url/sm:loc", ns)]
    assert sorted(locations) == sorted(f"{base_url}{name}.html" for name in DOCNAMES)


def test_robots_txt_names_the_sitemap_at_html_baseurl(site: Build, base_url: str) -> None:
    text = (site.out / "robots.txt").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {base_url}sitemap.xml",
    ]


@pytest.mark.parametrize(
    ("baseurl", "sitemap"),
    [
        (
            "https://sublee.readthedocs.io/en/latest/",
            "https://sublee.readthedocs.io/en/latest/sitemap.xml",
        ),
        ("https://example.org/portfolio", "https://example.org/portfolio/sitemap.xml"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/sitemap.xml"),
    ],
    ids=["read-the-docs", "no-trailing-slash", "local-preview"],
)
def test_robots_txt_sitemap_url_follows_the_base_url(baseurl: str, sitemap: str) -> None:
    assert robots_txt(baseurl, "sitemap.xml").endswith(f"\nSitemap: {sitemap}\n")


# -- Pages that are not for search engines ------------------------------------


@pytest.mark.parametrize("name", ["search", "404"])
def test_page_is_kept_out_of_search_engines(site: Build, name: str) -> None:
    assert meta(site.soup(name), "robots") == "noindex"


def test_404_page_links_only_by_absolute_path(site: Build) -> None:
    """The same 404.html answers /x and /a/b/c/x: no link may be relative."""
    page = site.soup("404")
    urls = [str(tag.get(attr)) for tag in page.select("[href], [src]") for attr in ("href", "src")]
    urls = [url for url in urls if url != "None"]
    assert urls
    relative = [
        url
        for url in urls
        if not (url.startswith(("/", "#", "mailto:")) or urlsplit(url).scheme in {"http", "https"})
    ]
    assert relative == []
