"""Page-specific checks for the Hangulize and Profiling deep-dives.

The generic checks every deep-dive shares (summary card, usage block, links to
and from the résumé) live in ``test_deepdives.py``; these are the facts and
renderings only these two pages carry.
"""

from __future__ import annotations

import re

import pytest
from bs4 import Tag
from conftest import Build

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")

# The project's own documented examples: (word, language code, Hangul, source).
HANGULIZE_EXAMPLES = [
    ("Cappuccino", "ita", "카푸치노", "Go README"),
    ("Guido van Rossum", "nld", "히도 판로쉼", "Python README"),
]

# The 40 specs of the Go README, by code (links.md, "Languages").
HANGULIZE_CODES = [
    "aze",
    "bel",
    "bul",
    "cat",
    "ces",
    "chi",
    "cym",
    "deu",
    "ell",
    "epo",
    "est",
    "fin",
    "grc",
    "hbs",
    "hun",
    "isl",
    "ita",
    "jpn",
    "jpn-ck",
    "kat-1",
    "kat-2",
    "lat",
    "lav",
    "lit",
    "mkd",
    "nld",
    "pol",
    "por",
    "por-br",
    "ron",
    "rus",
    "slk",
    "slv",
    "spa",
    "sqi",
    "swe",
    "tur",
    "ukr",
    "vie",
    "wlm",
]


def in_korean(node: Tag) -> bool:
    """Whether ``node`` or an ancestor declares Korean."""
    return any(
        str(parent.get("lang", "")).startswith("ko")
        for parent in [node, *node.parents]
        if isinstance(parent, Tag)
    )


def hangul_outside_korean(body: Tag) -> list[str]:
    return [
        str(text).strip()
        for text in body.find_all(string=HANGUL)
        if text.parent is not None and not in_korean(text.parent)
    ]


# -- Hangulize -----------------------------------------------------------------


def test_hangulize_examples_table_has_the_documented_examples(site: Build) -> None:
    table = site.article("projects/hangulize").find("table", class_="hangulize-examples")
    assert isinstance(table, Tag), "no table with class hangulize-examples"
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.find_all("tr")
        if tr.find("td")
    ]
    assert len(rows) == len(HANGULIZE_EXAMPLES)
    for (word, code, hangul, source), row in zip(HANGULIZE_EXAMPLES, rows, strict=True):
        assert row[0] == word
        assert row[1].split()[0] == code
        assert row[2] == hangul
        assert row[3] == source


def test_hangulize_hangul_in_the_examples_is_marked_korean(site: Build) -> None:
    table = site.article("projects/hangulize").find("table", class_="hangulize-examples")
    assert isinstance(table, Tag)
    for _, _, hangul, _ in HANGULIZE_EXAMPLES:
        span = table.find("span", string=hangul)
        assert isinstance(span, Tag), hangul
        assert span.get("lang") == "ko", hangul


@pytest.mark.parametrize("name", ["projects/hangulize", "projects/profiling"])
def test_every_hangul_text_is_marked_korean(site: Build, name: str) -> None:
    assert hangul_outside_korean(site.article(name)) == []


def test_hangulize_lists_the_forty_languages(site: Build) -> None:
    langs = site.article("projects/hangulize").find("ul", class_="hangulize-langs")
    assert isinstance(langs, Tag), "no list with class hangulize-langs"
    codes = []
    for li in langs.find_all("li"):
        code = li.find("code")
        assert isinstance(code, Tag), f"no code in {li}"
        codes.append(code.get_text())
    assert codes == HANGULIZE_CODES


def test_hangulize_names_the_pipeline_and_the_spec_sections(site: Build) -> None:
    body = site.article("projects/hangulize")
    pipeline = body.find("p", class_="hangulize-pipeline")
    assert isinstance(pipeline, Tag)
    steps = [s.strip() for s in pipeline.get_text().split("→")]
    assert steps == ["Normalize", "Group", "Rewrite", "Transcribe", "Syllabify"]
    text = body.get_text(" ")
    for extra in ("Transliterate", "Localize", "HSL", "HRE", "6.25×"):
        assert extra in text, extra
    sections = body.find("table", class_="hangulize-spec-sections")
    assert isinstance(sections, Tag)
    first_cells = " ".join(td.get_text(" ") for td in sections.select("tr > td:first-child"))
    for section in ("lang", "config", "vars", "macros", "rewrite", "transcribe", "test"):
        assert re.search(rf"\b{section}\b", first_cells), section


def test_hangulize_links_the_legacy_egloos_post_through_the_wayback_machine(
    site: Build,
) -> None:
    hrefs = [str(a["href"]) for a in site.article("projects/hangulize").find_all("a", href=True)]
    assert "https://web.archive.org/web/2010/http://iceager.egloos.com/2610028" in hrefs
    assert not any(h.startswith("http://iceager.egloos.com") for h in hrefs)
    for url in (
        "https://hangulize.org/",
        "https://github.com/hangulize/hangulize",
        "https://github.com/sublee/hangulize",
        "http://occamsrazr.net/tt/351",
        "https://partnerhelp.netflixstudios.com/hc/en-us/articles/216001127-Korean-Timed-Text-Style-Guide",
    ):
        assert url in hrefs, url


# -- Profiling -----------------------------------------------------------------


def test_profiling_states_status_and_sources_of_its_claims(site: Build) -> None:
    body = site.article("projects/profiling")
    text = " ".join(body.get_text(" ").split()).replace("\u2019", "'")
    for fact in (
        "TracingProfiler",
        "SamplingProfiler",
        "profiling/speedup.c",
        "py-spy",
        "August 24, 2020",
        "2,744",
        "2800+",
        "according to his résumé",
    ):
        assert fact in text, fact
    hrefs = [str(a["href"]) for a in body.find_all("a", href=True)]
    assert "https://github.com/what-studio/profiling" in hrefs
    assert "https://docs.unity3d.com/Manual/ProfilerWindow.html" in hrefs
    assert "https://www.slideshare.net/sublee/profiling-52226374" in hrefs
    assert any(h.endswith("resume/work.html#role-what-studio") for h in hrefs)
