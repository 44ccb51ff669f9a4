"""The local extensions, on tiny sites built with Sphinx's testing fixtures."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

PLOT = """
from pathlib import Path

import matplotlib.pyplot as plt

CALLS = []

def line(theme, width, points=3):
    CALLS.append(theme.name)
    fig, ax = plt.subplots(figsize=(width, 2))
    ax.plot(range(points), color=theme.series[0], gid="series-line")
    return fig

def from_file(theme, width, data: Path):
    CALLS.append(data)
    fig, ax = plt.subplots(figsize=(width, 2))
    ax.plot([float(x) for x in data.read_text().split()])
    return fig
"""


@pytest.fixture
def plot_module(tmp_path: Path) -> Iterator[Any]:
    """A plot module registered as portfolio.plots.fixture_plot."""
    path = tmp_path / "fixture_plot.py"
    path.write_text(PLOT, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("portfolio.plots.fixture_plot", path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[spec.name] = module
    yield module
    del sys.modules[spec.name]


@pytest.fixture
def srcdir(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-portfolio", src)
    return src


def build(make_app: Callable[..., Any], srcdir: Path) -> Any:
    app = make_app("html", srcdir=srcdir, freshenv=False)
    app.build()
    return app


def test_computed_figure_draws_both_modes(
    make_app: Callable[..., Any], srcdir: Path, plot_module: Any
) -> None:
    app = build(make_app, srcdir)
    assert app.warning.getvalue() == ""
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'class="only-light computed-figure-image"' in html
    assert 'class="only-dark computed-figure-image"' in html
    assert html.count('alt="A rising line."') == 2
    # Sized (no layout shift: 7x2 in = 504x144 pt = 672x192 px), and lazy, so
    # the copy for the hidden colour mode is never fetched.
    assert html.count('height="192" loading="lazy"') == 2
    assert html.count('width="672"') == 2
    assert "A line that rises." in html
    svgs = sorted((Path(app.outdir) / "_images").glob("fixture_plot-line-*.svg"))
    assert sorted(p.name.rsplit("-", 1)[1] for p in svgs) == ["dark.svg"] * 2 + ["light.svg"] * 2
    for svg in svgs:
        assert 'id="series-line"' in svg.read_text(encoding="utf-8")
    assert plot_module.CALLS == ["light", "light", "dark", "dark"]  # each at two widths


def test_unchanged_figure_is_not_redrawn(
    make_app: Callable[..., Any], srcdir: Path, plot_module: Any
) -> None:
    build(make_app, srcdir)
    (srcdir / "index.md").write_text(
        (srcdir / "index.md").read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8"
    )
    build(make_app, srcdir)
    assert len(plot_module.CALLS) == 4  # drawn once, across two builds


def test_figure_without_alt_text_is_an_error_at_its_line(
    make_app: Callable[..., Any], srcdir: Path, plot_module: Any
) -> None:
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(":alt: A rising line.\n", ""))
    app = build(make_app, srcdir)
    assert f"{index}:3: ERROR: computed-figure 'fixture_plot.line': the :alt: option" in (
        app.warning.getvalue()
    )


def test_unknown_figure_function_is_an_error_at_its_line(
    make_app: Callable[..., Any], srcdir: Path, plot_module: Any
) -> None:
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("fixture_plot.line", "nope.line"))
    app = build(make_app, srcdir)
    assert f"{index}:3: ERROR: computed-figure 'nope.line': No module named" in (
        app.warning.getvalue()
    )


def test_page_in_no_toctree_is_reported_at_line_one(
    make_app: Callable[..., Any], srcdir: Path, plot_module: Any
) -> None:
    (srcdir / "stray.md").write_text("# Stray\n\nIn no toctree.\n", encoding="utf-8")
    app = build(make_app, srcdir)
    warnings = app.warning.getvalue()
    assert f"{srcdir / 'stray.md'}:1: WARNING: page is in no toctree" in warnings
    assert "marked-orphan" not in warnings  # `orphan: true` is exempt
    assert "listed" not in warnings


def test_figure_data_file_is_passed_as_the_source_folders_file_and_hashed(
    make_app: Callable[..., Any], srcdir: Path, plot_module: Any
) -> None:
    (srcdir / "points.txt").write_text("1 3 2\n", encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n:::{computed-figure} fixture_plot.from_file\n:alt: Points.\n"
        + ':kwargs: {"data": "points.txt"}\n:::\n',
        encoding="utf-8",
    )
    build(make_app, srcdir)
    assert [c for c in plot_module.CALLS if isinstance(c, Path)] == [srcdir / "points.txt"] * 4
    (srcdir / "points.txt").write_text("1 3 4\n", encoding="utf-8")  # new data: redrawn
    build(make_app, srcdir)
    assert [c for c in plot_module.CALLS if isinstance(c, Path)] == [srcdir / "points.txt"] * 8
