"""Facts on the torchgpipe and TrueSkill pages that a careful reader can check.

Each test guards a claim that was once wrong on these pages: benchmark numbers
that matched no source, speed-ups without their 1×, a number tied to the wrong
date, the paper's figure read as if it were a table, ``env=`` where the API has
none, dates from later résumé edits given as the résumé's, and a legend drawn
over the figure's lines.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import inspect
import io
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
import trueskill  # type: ignore[import-untyped]
from bs4 import Tag
from conftest import DOCS, Build
from test_deepdives import by_id, figure_images, points, section

TORCHGPIPE = "projects/torchgpipe"
TRUESKILL = "projects/trueskill"
BENCHMARKS_CSV = DOCS / "_data" / "torchgpipe-benchmarks.csv"
HISTORY_CSV = DOCS / "_data" / "torchgpipe-resnet101-history.csv"

COMMIT = re.compile(r"\b[0-9a-f]{7,40}\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SPEED_UP = re.compile(r"(\d+(?:\.\d+)?)×")
#: The dates of the résumé the site is built from (links.md: commits 82b1e04 and 5db8531).
RESUME_DATES = ("June 9, 2019", "June 11, 2019", "2019-06-09", "2019-06-11")
#: Multiples on the torchgpipe page that are not benchmark results: the GPipe
#: paper's claims as the README restates them (25× larger on 8× devices, 3.5×
#: faster on 4×), and the README's own AmoebaNet-D figure at v0.0.7.
README_MULTIPLES = {"25", "8", "3.5", "4", "4.966"}


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert rows, f"{path.name}: no data"
    return list(reader.fieldnames or []), rows


def blocks(main: Tag) -> list[str]:
    """The text of each paragraph, list item, caption and table cell, whitespace folded."""
    found = main.select("p, li, figcaption, caption, td, th, dd")
    return [" ".join(el.get_text(" ").split()) for el in found]


def prose(main: Tag) -> str:
    """The page's text without code blocks or tables."""
    clone = copy.copy(main)
    for el in clone.select("div.highlight, table"):
        el.decompose()
    return " ".join(clone.get_text(" ").split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*(])", text) if s]


# -- torchgpipe: the benchmark data and its source ------------------------------------


def test_benchmark_csv_names_its_source_version() -> None:
    header, _ = read_csv(BENCHMARKS_CSV)
    ours = [name for name in header if name.startswith("torchgpipe")]
    assert len(ours) == 1, header
    # The column names the page, the commit and the date it was read at.
    assert "benchmarks page" in ours[0], ours[0]
    assert COMMIT.search(ours[0]), f"no commit in {ours[0]!r}"
    assert ISO_DATE.search(ours[0]), f"no date in {ours[0]!r}"
    _, rows = read_csv(HISTORY_CSV)
    for row in rows:
        if row["Source"].startswith("torchgpipe"):
            assert COMMIT.search(row["Source"]), row
            assert ISO_DATE.fullmatch(row["Date"]), row


def test_every_speed_up_names_its_1x() -> None:
    _, rows = read_csv(BENCHMARKS_CSV)
    ours = next(name for name in rows[0] if name.startswith("torchgpipe"))
    speed = [r for r in rows if "speed" in r["Benchmark"]]
    assert speed
    for row in speed:
        match = re.fullmatch(r"speed-up, 1× = (.+)", row["Unit"])
        assert match, f"{row['Benchmark']} {row['Setting']}: unit {row['Unit']!r} names no 1×"
        unit = [r for r in rows if r["Benchmark"] == row["Benchmark"] and r["Setting"] == match[1]]
        assert len(unit) == 1, f"{row['Benchmark']}: no row for its 1×, {match[1]!r}"
        assert float(unit[0][ours]) == float(unit[0]["GPipe paper"]) == 1, unit
    _, history = read_csv(HISTORY_CSV)
    assert all(r["1× is"] in ("naive-1", "baseline") for r in history), history


def test_each_speed_up_table_and_chart_on_the_page_names_its_1x(site: Build) -> None:
    main = site.article(TORCHGPIPE)
    for name in ("torchgpipe-benchmarks-table", "torchgpipe-history-table"):
        table = main.find("table", id=name)
        assert isinstance(table, Tag), name
        assert "1×" in table.get_text(" "), f"{name} does not say what 1× is"
    alt, _ = figure_images(site, TORCHGPIPE, "torchgpipe-benchmarks-figure")
    assert "baseline (1×" in alt, alt
    assert "n=2, m=1 (1×)" in alt, alt


def test_benchmark_figures_on_the_page_agree_with_the_csv(site: Build) -> None:
    values: set[str] = set()
    for path in (BENCHMARKS_CSV, HISTORY_CSV):
        _, rows = read_csv(path)
        for row in rows:
            values.update(v for v in row.values() if re.fullmatch(r"\d+(\.\d+)?", v))
    text = prose(site.article(TORCHGPIPE))
    quoted = set(SPEED_UP.findall(text))
    unknown = quoted - values - README_MULTIPLES
    assert not unknown, f"speed-ups in the text but in no data file: {sorted(unknown)}"
    # Samples per second quoted in the text are the benchmarks page's throughputs.
    assert "411.662" in text
    assert "95.862" in text


def test_3114_is_never_tied_to_the_resume_date(site: Build) -> None:
    text = prose(site.article(TORCHGPIPE))
    tied = [
        s
        for s in sentences(text)
        if "3.114" in s and ("résumé" in s or any(d in s for d in RESUME_DATES))
    ]
    assert not tied, tied
    # On the résumé's date the README still read 2.808×, the row dated before it.
    _, rows = read_csv(HISTORY_CSV)
    readme = [r for r in rows if r["Source"].startswith("torchgpipe README")]
    current = max((r for r in readme if r["Date"] <= "2019-06-09"), key=lambda r: r["Date"])
    assert current["pipeline-8"] == "2.808", current
    later = next(r for r in readme if r["pipeline-8"] == "3.114")
    assert later["Date"] > "2019-06-11", later
    paragraph = next(b for b in blocks(site.article(TORCHGPIPE)) if "2.808×" in b)
    assert "résumé" in paragraph, paragraph
    assert "June 9, 2019" in paragraph, paragraph


def test_the_papers_resnet_numbers_are_read_off_its_figure(site: Build) -> None:
    main = site.article(TORCHGPIPE)
    # Every paragraph, item or caption that quotes the paper's ResNet-101
    # speed-ups says they were read off the figure.
    paper = re.compile(r"\b(?:2\.89|2\.891|2\.18|2\.182|1\.418|0\.80)×")
    quoting = [b for b in blocks(main) if paper.search(b) and "paper" in b]
    assert quoting
    for block in quoting:
        assert "read off" in block or "estimated from the figure" in block, block
    _, rows = read_csv(BENCHMARKS_CSV)
    for row in rows:
        if row["Benchmark"].startswith("ResNet-101") and row["Setting"] != "baseline":
            assert "read off the figure" in row["In the GPipe paper"], row
    _, history = read_csv(HISTORY_CSV)
    assert any("GPipe paper" in r["Source"] and "read off" in r["Source"] for r in history)
    alt, _ = figure_images(site, TORCHGPIPE, "torchgpipe-benchmarks-figure")
    assert "read off" in alt


def test_torchgpipe_names_three_developers_and_18568_as_discussed(site: Build) -> None:
    main = site.article(TORCHGPIPE)
    text = prose(main)
    for name in ("Heungsub Lee", "Myungryong Jeong", "Chiheon Kim"):
        assert name in text, name
    assert "db3e610" in text
    assert "September 26, 2019" in text
    paragraph = next(b for b in blocks(main) if "#18568" in b)
    assert "discussed" in paragraph, paragraph
    assert not re.search(r"\bhis (own )?pull requests?\b", paragraph, re.I), paragraph
    # Dates from later résumé edits are cited as such, or left out.
    for later in ("February 2019", "April 2020 (the résumé)"):
        assert later not in text, later


# -- TrueSkill: the API as the installed package has it --------------------------


def test_trueskill_signatures_on_the_page_are_the_packages(site: Build) -> None:
    table = site.article(TRUESKILL).find("table", class_="trueskill-api")
    assert isinstance(table, Tag), "no API table"
    shown = {}
    for tr in table.select("tbody tr"):
        signature = " ".join(tr.select("td")[0].get_text(" ").split())
        shown[signature.split("(", 1)[0]] = signature
    assert {"rate", "quality", "expose", "rate_1vs1", "quality_1vs1"} <= set(shown)
    for name, signature in shown.items():
        assert signature == f"{name}{inspect.signature(getattr(trueskill, name))}", name


def test_trueskill_env_is_passed_only_where_the_package_takes_it(site: Build) -> None:
    main = site.article(TRUESKILL)
    takes_env = {
        name
        for name in trueskill.__all__
        if callable(obj := getattr(trueskill, name))
        and not inspect.isclass(obj)
        and name not in ("dynamic_draw_probability", "transform_ratings", "match_quality")
        and "env" in inspect.signature(obj).parameters
    }
    # Every call written on the page, in code blocks and inline code, is valid.
    snippets = [el.get_text() for el in main.select("div.highlight-python pre, code")]
    for snippet in snippets:
        for call in re.finditer(r"\b(\w+)\(([^()]*)\)", snippet):
            name, args = call.groups()
            if "env=" in args and hasattr(trueskill, name):
                assert name in takes_env, f"{name}() takes no env=: {snippet!r}"
    # The sentence on env= names exactly the functions that take it.
    text = prose(main)
    claim = [s for s in sentences(text) if "env=" in s and "only" in s]
    assert len(claim) == 1, claim
    named = set(re.findall(r"\b(\w+)\b", claim[0])) & set(trueskill.__all__)
    assert named == takes_env, (named, takes_env)
    # The page's Python code runs against the installed package.
    code = [pre.get_text() for pre in main.select("div.highlight-python pre")]
    assert code
    for k, block in enumerate(code):
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, f"{TRUESKILL}:python-{k}", "exec"), {})  # the page's own code


def test_trueskill_timeline_calls_renames_renames(site: Build) -> None:
    timeline = section(site.article(TRUESKILL), "Timeline").get_text(" ")
    timeline = " ".join(timeline.split())
    assert "arrive" not in timeline
    assert re.search(r"renames TrueSkill\.transform_ratings to rate\b", timeline), timeline
    assert "transform_ratings" in timeline
    assert "match_quality" in timeline
    assert "Rating.exposure" in timeline


def test_trueskill_dated_claims_carry_their_source_and_date(site: Build) -> None:
    main = site.article(TRUESKILL)
    for block in blocks(main):
        if re.search(r"\b385 stars", block):
            assert "September 6, 2018" in block, block
        if "PyData Berlin 2019" in block and "introduced" in block:
            assert "8d71212" in block or "October 12, 2019" in block, block
    assert "The library found users" not in prose(main)


# -- Both pages: voice and sources -------------------------------------------------

SITE_TALK = re.compile(
    r"this (site|page)|the site's|the build\b|by the build|_data/|\.csv\b|"
    r"not (been )?checked|The library found users|Check that before",
    re.I,
)


@pytest.mark.parametrize("page", [TORCHGPIPE, TRUESKILL], ids=lambda p: Path(p).name)
def test_page_body_talks_about_the_project_not_the_site(site: Build, page: str) -> None:
    main = site.article(page)
    body = prose(main)
    sources = " ".join(section(main, "Sources").get_text(" ").split())
    body = body.replace(sources, "")
    found = [m[0] for m in SITE_TALK.finditer(body)]
    assert not found, found


@pytest.mark.parametrize("page", [TORCHGPIPE, TRUESKILL], ids=lambda p: Path(p).name)
def test_page_ends_with_one_dated_sources_section(site: Build, page: str) -> None:
    main = site.article(page)
    headings = [
        h.get_text(" ", strip=True).rstrip("¶").strip() for h in main.select("section > h2")
    ]
    assert headings.count("Sources") == 1, headings
    assert headings[-1] == "Sources", headings
    for li in section(main, "Sources").select(":scope > ul > li"):
        item = " ".join(li.get_text(" ").split())
        dated = re.search(r"\b(19|20)\d{2}\b|\b\d+\.\d+(\.\d+)?\b|\bv\d", item)
        assert dated, f"{page}: a source without a version or date: {item!r}"


# -- The TrueSkill figure: the dotted lines stay clear of the legend -------------------


def drawn(el: Element) -> list[Element]:
    """``el`` and its descendants, without ``<defs>`` (glyph outlines in font units)."""
    if el.tag.endswith("defs"):
        return []
    return [el, *(d for child in el for d in drawn(child))]


def extent(group: Element) -> tuple[float, float, float, float]:
    """``(left, right, top, bottom)`` over every path and glyph in ``group``.

    Matplotlib writes a text as ``<g transform="translate(x y) scale(s -s)">``
    around one ``<use>`` per glyph, each shifted by ``translate(u 0)`` in font
    units (a glyph is at most 64 units wide and 80 tall at that scale).
    """
    xs: list[float] = []
    ys: list[float] = []
    for el in drawn(group):
        if el.tag.endswith("path") and "d" in el.attrib:
            for x, y in points(el):
                xs.append(x)
                ys.append(y)
            continue
        place = re.fullmatch(
            r"translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+) [-\d.e]+\)",
            el.attrib.get("transform", ""),
        )
        if el.tag.endswith("g") and place:
            x, y, scale = map(float, place.groups())
            for use in el.iter():
                if not use.tag.endswith("use"):
                    continue
                shift = re.match(r"translate\(([-\d.e]+)", use.attrib.get("transform", ""))
                u = float(shift[1]) if shift else 0.0
                xs += [x + u * scale, x + (u + 64) * scale]
                ys += [y, y - 80 * scale]
    assert xs, "empty group"
    return min(xs), max(xs), min(ys), max(ys)


def test_trueskill_dotted_lines_are_clear_of_the_legend(site: Build) -> None:
    _, svgs = figure_images(site, TRUESKILL, "trueskill-beliefs-figure")
    for mode, svg in svgs.items():
        ids = by_id(svg)
        legend = extent(ids["trueskill-legend"])
        for gid in ("trueskill-mu-after-winner", "trueskill-mu-after-loser"):
            left, right, top, bottom = extent(ids[gid])
            overlap_x = left <= legend[1] and right >= legend[0]
            overlap_y = top <= legend[3] and bottom >= legend[2]
            assert not (overlap_x and overlap_y), (mode, gid, legend, (left, right, top, bottom))
