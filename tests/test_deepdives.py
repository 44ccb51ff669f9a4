"""The project deep-dives: summary, usage, résumé links, and figures that tell the truth.

Generic checks run over all four deep-dive pages. The torchgpipe and TrueSkill
checks read their figures' SVG files, whose artists carry ids (``gid``) set by
``conf/_ext/portfolio/plots/``; Matplotlib draws text as paths, so geometry and
ids are what a test can read.
"""

from __future__ import annotations

import contextlib
import csv
import io
import posixpath
import re
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest
import trueskill  # type: ignore[import-untyped]
from bs4 import BeautifulSoup, Tag
from conftest import DOCS, Build
from defusedxml import ElementTree  # type: ignore[import-untyped]

DEEP_DIVES = [
    "projects/torchgpipe",
    "projects/hangulize",
    "projects/trueskill",
    "projects/profiling",
]
SUMMARY_FIELDS = ("Role", "Years", "Language", "License", "Package", "Links")
BENCHMARKS_CSV = DOCS / "_data" / "torchgpipe-benchmarks.csv"

deep_dives = pytest.mark.parametrize("page", DEEP_DIVES, ids=lambda p: Path(p).name)


# -- Helpers -----------------------------------------------------------------


def internal_links(site: Build, page: str) -> set[str]:
    """Docnames that the page's main content links to."""
    targets = set()
    for a in site.article(page).select("a[href]"):
        href = str(a["href"]).split("#", 1)[0]
        if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href):
            continue  # an anchor on the same page, or an external URL
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        targets.add(path.removesuffix(".html"))
    return targets


def section(main: Tag, heading: str) -> Tag:
    """The section whose h2 starts with ``heading``."""
    for h2 in main.select("section > h2"):
        if h2.get_text(" ", strip=True).startswith(heading):
            assert isinstance(h2.parent, Tag)
            return h2.parent
    raise AssertionError(f"no section headed {heading!r}")


def figure_images(site: Build, page: str, name: str) -> tuple[str, dict[str, Element]]:
    """The alt text of figure ``name`` and its parsed SVG per colour mode."""
    figure = site.article(page).find("figure", id=name)
    assert isinstance(figure, Tag), f"{page}: no figure #{name}"
    svgs: dict[str, Element] = {}
    alts = set()
    for img in figure.select("img.computed-figure-image"):
        src = site.out / posixpath.dirname(page) / str(img["src"])
        assert src.suffix == ".svg", src
        assert src.is_file(), src
        mode = next(c for c in img["class"] if c.startswith("only-"))
        svgs[mode.removeprefix("only-")] = ElementTree.fromstring(src.read_bytes())
        alts.add(str(img["alt"]))
    assert set(svgs) == {"light", "dark"}, f"{name}: images {sorted(svgs)}"
    assert len(alts) == 1, f"{name}: alt texts {alts}"
    assert all(alts), f"{name}: empty alt text"
    return alts.pop(), svgs


def by_id(svg: Element) -> dict[str, Element]:
    return {el.attrib["id"]: el for el in svg.iter() if "id" in el.attrib}


def points(group: Element) -> list[tuple[float, float]]:
    """The vertices of the first path in ``group`` (Matplotlib writes absolute M/L/C)."""
    path = next(el for el in group.iter() if el.tag.endswith("path") and "d" in el.attrib)
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", path.attrib["d"])]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def box(group: Element) -> tuple[float, float, float, float]:
    """``(left, right, top, bottom)`` of the group's first path, in SVG units."""
    xs, ys = zip(*points(group), strict=True)
    return min(xs), max(xs), min(ys), max(ys)


def benchmark_rows() -> tuple[list[str], list[list[str]]]:
    with BENCHMARKS_CSV.open(encoding="utf-8", newline="") as f:
        header, *rows = csv.reader(f)
    assert rows, "the benchmark file has no data"
    return header, rows


def one_match() -> tuple[Any, float, Any, Any, float]:
    """What the TrueSkill page shows, computed here with the package itself."""
    env = trueskill.TrueSkill()
    a, b = env.create_rating(), env.create_rating()
    quality = env.quality([(a,), (b,)])
    (winner,), (loser,) = env.rate([(a,), (b,)], ranks=[0, 1])
    return a, quality, winner, loser, env.quality([(winner,), (loser,)])


# -- Every deep-dive ---------------------------------------------------------


@deep_dives
def test_deep_dive_opens_with_a_summary_card(site: Build, page: str) -> None:
    main = site.article(page)
    card = main.select_one(".project-summary")
    assert card is not None, f"{page}: no summary card"
    terms = [dt.get_text(" ", strip=True) for dt in card.select("dt")]
    missing = [f for f in SUMMARY_FIELDS if not any(t.startswith(f) for t in terms)]
    assert not missing, f"{page}: summary lacks {missing}"
    assert card.select("dd a[href^='https://']"), f"{page}: summary has no outside links"
    # The summary comes before the first section of the page.
    first_h2 = main.select_one("h2")
    assert first_h2 is not None
    assert card.sourceline is not None
    assert first_h2.sourceline is not None
    assert card.sourceline < first_h2.sourceline


@deep_dives
def test_deep_dive_usage_has_a_copyable_code_block(site: Build, page: str) -> None:
    usage = section(site.article(page), "Usage")
    blocks = usage.select("div.highlight pre")
    assert blocks, f"{page}: no code block under Usage"
    assert any(b.get_text().strip() for b in blocks)
    # sphinx-copybutton adds the button with JavaScript, so its assets must be linked.
    soup = BeautifulSoup(site.page(page), "html.parser")
    scripts = [str(s["src"]) for s in soup.select("script[src]")]
    styles = [str(s["href"]) for s in soup.select("link[rel=stylesheet]")]
    assert any("copybutton.js" in s for s in scripts), scripts
    assert any("clipboard.min.js" in s for s in scripts), scripts
    assert any("copybutton.css" in s for s in styles), styles


@deep_dives
def test_deep_dive_links_to_the_resume(site: Build, page: str) -> None:
    targets = internal_links(site, page)
    assert any(t.startswith("resume/") for t in targets), f"{page} links to {sorted(targets)}"


@deep_dives
def test_resume_links_to_the_deep_dive(site: Build, page: str) -> None:
    resume = sorted(p.stem for p in (site.out / "resume").glob("*.html"))
    assert resume, "no résumé pages were built"
    linking = [name for name in resume if page in internal_links(site, f"resume/{name}")]
    assert linking, f"no résumé page links to {page}"


# -- torchgpipe --------------------------------------------------------------

CELL = re.compile(r"schedule-m(\d+)-n(\d+)-mb(\d+)-p(\d+)")
IDLE = re.compile(r"schedule-m(\d+)-n(\d+)-idle-t(\d+)-p(\d+)")


def test_schedule_figure_follows_the_gpipe_rule(site: Build) -> None:
    alt, svgs = figure_images(site, "projects/torchgpipe", "torchgpipe-schedule-figure")
    for mode, svg in svgs.items():
        ids = by_id(svg)
        cells: dict[tuple[int, int], dict[tuple[int, int], Element]] = defaultdict(dict)
        idle: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
        for gid, el in ids.items():
            if match := CELL.fullmatch(gid):
                m, n, i, j = map(int, match.groups())
                cells[m, n][i, j] = el
            elif match := IDLE.fullmatch(gid):
                m, n, t, j = map(int, match.groups())
                idle[m, n].add((t, j))
        assert len(cells) >= 2, f"{mode}: panels {sorted(cells)}"
        for (m, n), grid in cells.items():
            assert n >= 2
            assert set(grid) == {(i, j) for i in range(m) for j in range(n)}, (m, n)
            # Micro-batch i is on partition j at tick i + j: one column per tick.
            x0 = box(grid[0, 0])[0]
            tick = box(grid[0, 1])[0] - x0
            assert tick > 0
            for (i, j), el in grid.items():
                left, _, top, _ = box(el)
                assert left == pytest.approx(x0 + (i + j) * tick, abs=0.01), (m, n, i, j)
                assert top == pytest.approx(box(grid[0, j])[2], abs=0.01), (m, n, i, j)
            # The bubble is every other cell of the grid, and its share is printed.
            ticks = m + n - 1
            every = {(t, j) for t in range(ticks) for j in range(n)}
            assert idle[m, n] == every - {(i + j, j) for i, j in grid}, (m, n)
            bubble = Fraction(len(idle[m, n]), len(every))
            assert bubble == Fraction(n - 1, m + n - 1)
            assert f"schedule-m{m}-n{n}-title" in ids
            assert f"{bubble.numerator}/{bubble.denominator}" in alt, (m, n, alt)


def test_benchmark_table_shows_the_csv(site: Build) -> None:
    header, rows = benchmark_rows()
    main = site.article("projects/torchgpipe")
    table = main.find("table", id="torchgpipe-benchmarks-table")
    assert isinstance(table, Tag)
    shown_header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    shown_rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")
    ]
    assert shown_header == header
    assert shown_rows == rows
    # The page names where the numbers come from.
    text = main.get_text(" ")
    assert "docs/benchmarks.rst" in text
    assert any("benchmarks" in str(a["href"]) for a in main.select("a[href^='https://']"))


def test_benchmark_chart_draws_the_csv(site: Build) -> None:
    header, rows = benchmark_rows()
    col = {name: k for k, name in enumerate(header)}
    # The torchgpipe column's name also names its source ("torchgpipe (…)").
    col["torchgpipe"] = next(k for k, name in enumerate(header) if name.startswith("torchgpipe"))
    alt, svgs = figure_images(site, "projects/torchgpipe", "torchgpipe-benchmarks-figure")
    for row in rows:
        for value in (row[col["torchgpipe"]], row[col["GPipe paper"]]):
            assert value in alt, f"alt text lacks {value}"
    for mode, svg in svgs.items():
        bars = {gid: el for gid, el in by_id(svg).items() if gid.startswith("bench-")}
        expected = {f"bench-{k}-{who}" for k in range(len(rows)) for who in ("torchgpipe", "paper")}
        assert set(bars) == expected, mode
        # Within one benchmark, bar heights are proportional to the CSV values.
        scales: dict[str, list[float]] = defaultdict(list)
        bottoms: dict[str, list[float]] = defaultdict(list)
        for k, row in enumerate(rows):
            for who, column in (("torchgpipe", "torchgpipe"), ("paper", "GPipe paper")):
                _, _, top, bottom = box(bars[f"bench-{k}-{who}"])
                scales[row[col["Benchmark"]]].append((bottom - top) / float(row[col[column]]))
                bottoms[row[col["Benchmark"]]].append(bottom)
        for name, values in scales.items():
            assert max(values) == pytest.approx(min(values), rel=0.005), (mode, name, values)
            assert max(bottoms[name]) == pytest.approx(min(bottoms[name]), abs=0.01)


# -- TrueSkill ---------------------------------------------------------------


def test_trueskill_figure_is_computed_with_trueskill(site: Build) -> None:
    before, _, winner, loser, _ = one_match()
    _, svgs = figure_images(site, "projects/trueskill", "trueskill-beliefs-figure")
    for mode, svg in svgs.items():
        ids = by_id(svg)
        assert "trueskill-title" in ids, mode
        peaks = {}
        for curve in ("before", "after-winner", "after-loser"):
            vertices = points(ids[f"trueskill-{curve}"])
            assert len(vertices) > 20, (mode, curve)
            peaks[curve] = min(vertices, key=lambda p: p[1])  # SVG y grows downward
        x_before, y_before = peaks["before"]
        x_win, y_win = peaks["after-winner"]
        x_lose, y_lose = peaks["after-loser"]
        # The winner moves up, the loser down, by the amounts trueskill gives.
        assert x_win > x_before > x_lose, mode
        assert (x_win - x_before) / (x_before - x_lose) == pytest.approx(
            (winner.mu - before.mu) / (before.mu - loser.mu), rel=0.05
        )
        # Both beliefs narrow, so their peaks rise above the prior's.
        assert winner.sigma < before.sigma
        assert loser.sigma < before.sigma
        assert y_win < y_before, mode
        assert y_lose < y_before, mode
        if winner.sigma == pytest.approx(loser.sigma):
            assert y_win == pytest.approx(y_lose, abs=0.5), mode


def test_trueskill_page_numbers_match_the_package(site: Build) -> None:
    before, quality, winner, loser, rematch = one_match()
    main = site.article("projects/trueskill")
    text = main.get_text(" ") + " ".join(str(img["alt"]) for img in main.select("img[alt]"))
    expected = [
        f"{trueskill.MU:.3f}",
        f"{trueskill.SIGMA:.3f}",
        f"{trueskill.BETA:.3f}",
        f"{trueskill.TAU:.3f}",
        f"{trueskill.DRAW_PROBABILITY:.0%}",
        f"{before.mu:.3f}",
        f"{before.sigma:.3f}",
        f"{quality:.1%}",
        f"{winner.mu:.3f}",
        f"{loser.mu:.3f}",
        f"{winner.sigma:.3f}",
        f"{rematch:.1%}",
    ]
    missing = [number for number in expected if number not in text]
    assert not missing, f"the page does not show {missing}"


def test_trueskill_usage_runs_and_prints_what_it_says(site: Build) -> None:
    usage = section(site.article("projects/trueskill"), "Usage")
    code = "\n".join(pre.get_text() for pre in usage.select("div.highlight-python pre"))
    assert "import trueskill" in code or "from trueskill import" in code
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "trueskill-usage", "exec"), {})  # the page's own example
    printed = out.getvalue().splitlines()
    calls = [line for line in code.splitlines() if line.lstrip().startswith("print(")]
    assert len(printed) == len(calls)
    for call, output in zip(calls, printed, strict=True):
        if "#" in call:
            comment = call.split("#", 1)[1].strip()
            assert comment.startswith(output), f"{call!r} prints {output!r}"
