"""Facts on the Hangulize and Profiling pages that a careful reader checks.

Each test guards a claim that was once wrong on these pages (issue #10): who
made the project, what the screenshots show, when a number was read, and what
a source said at its date. The sources are named in each page's Sources section
and in ``/work/shared/content/links.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import Tag
from conftest import DOCS, Build

HANGULIZE = "projects/hangulize"
PROFILING = "projects/profiling"
PAGES = pytest.mark.parametrize("page", [HANGULIZE, PROFILING], ids=lambda p: Path(p).name)

# The pages write a date as "September 6, 2018" or "June 2019".
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = re.compile(rf"\b{MONTH}(?: \d{{1,2}},)? \d{{4}}\b")
OTHER_DATE_FORMATS = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"  # ISO dates
    r"|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? (?:\d{1,2}, )?\d{4}\b"
)

# What each screenshot shows (transcribed from the PNGs, what-studio/profiling
# @ 824ae55, screenshots/): every number must be in its alt text.
SCREENSHOTS = {
    "tracing.png": [
        "84.4%", "5.1sec", "6.0sec", "147us", "137us", "4.2sec", "82.8", "869ms", "17.2",
    ],
    "sampling.png": ["84.4%", "5.1sec", "6.0sec", "1.3k", "1.1k", "83.3", "217", "16.7"],
}  # fmt: skip
MEDIA = DOCS / "projects" / "_media" / "profiling"


def text(node: Tag) -> str:
    """The node's text on one line, with typographic quotes made plain."""
    plain = node.get_text(" ").translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return " ".join(plain.split())


def without_sources(site: Build, page: str) -> Tag:
    """The page's article without its Sources section, which lists documents."""
    article = site.article(page)
    for h2 in article.select("section > h2"):
        if h2.get_text(" ", strip=True).startswith("Sources") and h2.parent is not None:
            h2.parent.decompose()
    return article


def sentences(node: Tag) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text(node)) if s]


def summary_field(site: Build, page: str, field: str) -> str:
    card = site.article(page).select_one(".project-summary")
    assert card is not None, f"{page}: no summary card"
    for dt in card.select("dt"):
        if dt.get_text(" ", strip=True).startswith(field):
            dd = dt.find_next_sibling("dd")
            assert isinstance(dd, Tag)
            return text(dd)
    raise AssertionError(f"{page}: summary has no {field}")


def blocks_with(site: Build, page: str, pattern: str) -> list[str]:
    """The text of each paragraph, list item or definition that matches ``pattern``.

    A definition (``dd``) is read with its term, where a timeline puts the date.
    """
    found = []
    for node in without_sources(site, page).select("p, li, dd, td"):
        if node.find(["p", "li", "dd", "td"]):
            continue  # read the innermost block only
        block = text(node)
        dd = node if node.name == "dd" else node.find_parent("dd")
        if isinstance(dd, Tag) and isinstance(dt := dd.find_previous_sibling("dt"), Tag):
            block = f"{text(dt)}: {block}"
        if re.search(pattern, block):
            found.append(block)
    return found


# -- Who made it ---------------------------------------------------------------


def test_hangulize_names_both_makers(site: Build) -> None:
    role = summary_field(site, HANGULIZE, "Role")
    assert re.search(r"\bco-created with Brian Jongseong Park\b", role, re.I), role
    body = text(site.article(HANGULIZE))
    # The Go README lists both makers (만든이), in Korean and English.
    for name in ("Heungsub Lee", "Brian Jongseong Park", "이흥섭", "박종성"):
        assert name in body, name
    # The Python README's credits, quoted as they are.
    assert '"Developer"' in body
    assert '"Linguistic Consultant"' in body


@pytest.mark.parametrize("where", ["body", "description"])
def test_hangulize_never_calls_heungsub_lee_its_sole_author(site: Build, where: str) -> None:
    if where == "body":
        said = text(site.article(HANGULIZE))
    else:
        meta = site.soup(HANGULIZE).find("meta", attrs={"name": "description"})
        assert isinstance(meta, Tag)
        said = str(meta["content"])
        assert "Brian Jongseong Park" in said, said
    for claim in (
        r"\bauthor and maintainer\b",
        r"\b(?:sole|only|single) (?:author|creator|maker|developer)\b",
        r"\bHeungsub Lee (?:wrote|created|made) (?:it|Hangulize)\b",
        r"\bfrom an idea by\b",  # Park did more than suggest it
    ):
        assert not re.search(claim, said, re.IGNORECASE), f"{where}: {claim}"


def test_profiling_role_is_what_its_metadata_says(site: Build) -> None:
    role = summary_field(site, PROFILING, "Role")
    assert role.startswith("Maintainer"), role
    assert "profiling/__about__.py" in role
    assert "author and maintainer" not in role.lower()
    license_ = summary_field(site, PROFILING, "License")
    assert "BSD-3-Clause" in license_
    assert "What! Studio" in license_


# -- Profiling's screenshots -----------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCREENSHOTS))
def test_profiling_shows_the_screenshot_with_numbers_and_credit(site: Build, name: str) -> None:
    figures = [
        fig
        for fig in site.article(PROFILING).select("figure")
        if any(str(img["src"]).endswith(f"/{name}") for img in fig.select("img[src]"))
    ]
    assert len(figures) == 1, f"{name}: {len(figures)} figures"
    (figure,) = figures
    img = figure.select_one("img")
    assert img is not None
    # The image is the project's file, unchanged, with its license beside it.
    src = site.out / "projects" / str(img["src"])
    assert src.read_bytes() == (MEDIA / name).read_bytes()
    assert (
        (MEDIA / "LICENSE")
        .read_text(encoding="utf-8")
        .startswith("Copyright (c) 2014-2017, What! Studio")
    )
    alt = str(img.get("alt", ""))
    missing = [n for n in SCREENSHOTS[name] if n not in alt]
    assert not missing, f"{name}: alt text lacks {missing}: {alt!r}"
    credit = text(figure)
    for part in ("What! Studio", "BSD-3-Clause", "824ae55", f"screenshots/{name}"):
        assert part in credit, f"{name}: credit lacks {part!r}: {credit!r}"
    # The license text ships with the site and the credit links to it.
    links = [a for a in figure.select("a[href]") if "LICENSE" in str(a["href"])]
    assert links, f"{name}: credit does not link the license"
    shipped = site.out / "projects" / str(links[0]["href"])
    assert shipped.read_bytes() == (MEDIA / "LICENSE").read_bytes()


def test_profiling_has_no_placeholder_tables(site: Build) -> None:
    body = site.article(PROFILING)
    assert not re.search(r"placeholder|illustrative|not measurements", text(body), re.I)
    for pre in body.select("pre"):
        assert "…" not in pre.get_text(), pre.get_text()


# -- Numbers carry their date --------------------------------------------------


# Each star count with the date it was read (links.md, "Stars").
STAR_COUNTS = [
    (HANGULIZE, "53", "September 6, 2018"),
    (PROFILING, "2,744", "September 6, 2018"),
    (PROFILING, "2800+", "June 2019"),
]


def test_star_counts_appear_with_the_date_they_were_read(site: Build) -> None:
    for page, count, date in STAR_COUNTS:
        blocks = blocks_with(site, page, rf"(?<![\d,]){re.escape(count)}(?![\d,])")
        assert blocks, f"{page}: {count} is not shown"
        for block in blocks:
            assert date in block, f"{page}: {count} without {date}: {block!r}"


@PAGES
def test_every_star_count_carries_a_date(site: Build, page: str) -> None:
    for block in blocks_with(site, page, r"\bstar(?:s|red)\b"):
        assert DATE.search(block), f"{page}: a star count without a date: {block!r}"


@PAGES
def test_dates_have_one_format(site: Build, page: str) -> None:
    other = OTHER_DATE_FORMATS.findall(text(site.article(page)))
    assert not other, f"{page}: dates not written as 'September 6, 2018': {other}"


# -- What a source said, at its date ----------------------------------------------


def test_netflix_is_mentioned_in_the_past_with_the_resumes_date(site: Build) -> None:
    about = [
        s
        for s in sentences(without_sources(site, HANGULIZE))
        if re.search(r"Netflix|style guide|\bthe guide\b", s, re.I)
    ]
    assert about, "the page no longer mentions Netflix"
    for s in about:
        assert not re.search(r"\b(?:refers|mentions|shows|does|lists|cites|links|is)\b", s), s
        assert re.search(r"\b(?:referred|said|mentioned)\b", s), s
        assert "June 2019" in s, s


@PAGES
def test_body_states_sources_without_doubting_them(site: Build, page: str) -> None:
    body = text(site.article(page))
    for hedge in (
        r"\bnot (?:been )?(?:checked|verified)\b",
        r"\bmay (?:no longer|have changed)\b",
        r"\blikely\b",
        r"\bclaim\b",
        r"\bthis page\b",
    ):
        assert not re.search(hedge, body, re.I), f"{page}: {hedge}"


@PAGES
def test_page_ends_with_one_sources_section(site: Build, page: str) -> None:
    body = site.article(page)
    headings = [h.get_text(" ", strip=True).rstrip("#¶ ") for h in body.select("h2")]
    assert headings.count("Sources") == 1, headings
    assert headings[-1] == "Sources", headings
    assert not body.select("p.rubric"), "a rubric instead of a section"
