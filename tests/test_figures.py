"""``computed-figure``: what it may read, how it fails, when it redraws, what it writes.

The tiny site of ``roots/test-portfolio`` is built with Sphinx's testing
fixtures. Its plot module, ``portfolio.plots.figtest_plot``, and the helper it
imports live in a temporary folder added to the ``portfolio.plots`` package's
path, so the directive finds them the way it finds the site's own plots.

The last test builds the whole site twice, with different hash seeds, and
compares every file.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib
import portfolio.plots
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import DOCS, LANGUAGES, SITE_BASE_URL, SITE_TOKEN, Build, build_env, sphinx_build
from matplotlib.figure import Figure
from portfolio import figures

PLOT = '''
from functools import partial
from pathlib import Path
from textwrap import dedent

from matplotlib.figure import Figure

from portfolio.plots import figtest_helper

CALLS = []
NOT_A_FUNCTION = 42
builtin = len


def line(theme, width=7.0, points=3):
    CALLS.append(("line", theme.name, width))
    figure = Figure(figsize=(width, 2))
    figure.subplots().plot(range(points), color=theme.series[0], gid="series-line")
    return figure


def from_file(theme, data: Path, width=7.0):
    """What the file holds lands in the SVG, as an artist's id."""
    CALLS.append(data)
    figure = Figure(figsize=(width, 2))
    figure.subplots().plot([1, 2], gid="data-" + data.read_text().strip().replace(":", "-"))
    return figure


def fails(theme, width=7.0):
    raise RuntimeError("no data for this week")


def returns_nothing(theme, width=7.0):
    return None


def fixed_width(theme, width=7.0):
    return Figure(figsize=(7, 2))


def helped(theme, width=7.0):
    CALLS.append(("helped", theme.name, width))
    return figtest_helper.blank(width)


def _private(theme, width=7.0):
    return Figure(figsize=(width, 2))


class NotAFunction:
    def __init__(self, theme, width=7.0):
        pass


a_partial = partial(line, points=2)
'''

HELPER = """
from matplotlib.figure import Figure


def blank(width):
    return Figure(figsize=(width, 2))
"""

SECRET = "SECRET-4f1c"
PLOTS = "portfolio.plots"


@pytest.fixture
def plots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder of plot modules on the ``portfolio.plots`` path; yields the folder."""
    folder = tmp_path / "plots"
    folder.mkdir()
    (folder / "figtest_plot.py").write_text(PLOT, encoding="utf-8")
    (folder / "figtest_helper.py").write_text(HELPER, encoding="utf-8")
    monkeypatch.setattr(portfolio.plots, "__path__", [*portfolio.plots.__path__, str(folder)])
    yield folder
    for name in [n for n in sys.modules if n.startswith("portfolio.plots.figtest_")]:
        del sys.modules[name]


def calls() -> list[Any]:
    return sys.modules["portfolio.plots.figtest_plot"].CALLS  # type: ignore[no-any-return]


@pytest.fixture
def srcdir(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-portfolio", src)
    return src


def figure(target: str, *options: str) -> str:
    return "\n".join([f":::{{computed-figure}} {target}", ":alt: A figure.", *options, ":::", ""])


def write_page(srcdir: Path, *blocks: str) -> Path:
    """``index.md`` with ``blocks`` from line 3 on, one blank line between them."""
    index = srcdir / "index.md"
    text = "# Figures\n\n" + "\n".join(blocks) + "\n```{toctree}\nlisted\n```\n"
    index.write_text(text, encoding="utf-8")
    return index


def line_of(page: Path, text: str) -> int:
    """The number of the first line of ``page`` that contains ``text``."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def build(make_app: Callable[..., Any], srcdir: Path) -> Any:
    app = make_app("html", srcdir=srcdir, freshenv=False)
    app.build()
    return app


def output_contains(app: Any, text: str) -> list[str]:
    """The output files (and the doctree cache) that contain ``text``."""
    found = []
    for folder in (Path(app.outdir), Path(app.doctreedir)):
        for path in folder.rglob("*"):
            if path.is_file() and text.encode() in path.read_bytes():
                found.append(str(path))
    return found


# -- Data files ------------------------------------------------------------------


def test_data_file_outside_the_source_folder_is_not_read(
    make_app: Callable[..., Any], srcdir: Path, plots: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    (srcdir / "link.txt").symlink_to(outside)
    values = ["../outside/secret.txt", str(outside), "link.txt", "/etc/passwd"]
    index = write_page(
        srcdir,
        *(figure("figtest_plot.from_file", f':kwargs: {{"data": "{v}"}}') for v in values),
    )
    app = build(make_app, srcdir)
    warnings = app.warning.getvalue()
    for value in values:
        line = line_of(index, value) - 2  # the directive's line, above :alt: and :kwargs:
        assert (
            f"{index}:{line}: ERROR: computed-figure 'figtest_plot.from_file': data file "
            f"{value!r} not found in the source folder" in warnings
        ), warnings
    assert [c for c in calls() if isinstance(c, Path)] == []
    assert output_contains(app, SECRET) == []
    assert output_contains(app, "data-root-") == []  # /etc/passwd's first line


def test_missing_data_file_is_not_found_at_its_line(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    index = write_page(srcdir, figure("figtest_plot.from_file", ':kwargs: {"data": "nope.csv"}'))
    warnings = build(make_app, srcdir).warning.getvalue()
    assert (
        f"{index}:3: ERROR: computed-figure 'figtest_plot.from_file': data file 'nope.csv' "
        "not found in the source folder" in warnings
    ), warnings
    assert "Traceback" not in warnings
    assert "Error:" not in warnings.replace("ERROR:", "")  # no Python exception's name


def test_data_file_in_a_subfolder_is_passed_as_a_path_and_hashed(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    data = srcdir / "_data" / "points.txt"
    data.parent.mkdir()
    data.write_text("first\n", encoding="utf-8")
    write_page(srcdir, figure("figtest_plot.from_file", ':kwargs: {"data": "_data/points.txt"}'))
    app = build(make_app, srcdir)
    assert app.warning.getvalue() == ""
    # Both modes at both widths, each given the file in the source folder.
    assert [c for c in calls() if isinstance(c, Path)] == [data] * 4
    assert output_contains(app, "data-first") != []
    data.write_text("second\n", encoding="utf-8")  # new data: redrawn
    app = build(make_app, srcdir)
    assert [c for c in calls() if isinstance(c, Path)] == [data] * 8
    assert output_contains(app, "data-second") != []


# -- Targets and plot functions that fail -----------------------------------------


NOT_PLOT_FUNCTIONS = [
    "NotAFunction",
    "a_partial",
    "builtin",
    "dedent",
    "NOT_A_FUNCTION",
    "_private",
]


def test_target_that_is_not_a_plot_function_is_an_error_at_its_line(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    targets = [f"figtest_plot.{name}" for name in NOT_PLOT_FUNCTIONS]
    index = write_page(srcdir, *map(figure, targets), figure("figtest_plot.line"))
    app = build(make_app, srcdir)
    warnings = app.warning.getvalue()
    for target in targets:
        line = line_of(index, target)
        assert (
            f"{index}:{line}: ERROR: computed-figure {target!r}: {PLOTS}.{target} "
            f"is not a plot function" in warnings
        ), warnings
    assert warnings.count("ERROR") == len(targets), warnings
    # The page is built, with its other figure.
    assert "only-light computed-figure-image" in (Path(app.outdir) / "index.html").read_text()


PLOT_FAULTS = {
    "fails": "RuntimeError: no data for this week",
    "returns_nothing": "returned None, not a Matplotlib figure",
    "fixed_width": "drew a figure 7 in wide; the directive asked for 3.75 in",
}


def test_plot_that_fails_fails_its_figure_at_its_line(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    targets = [f"figtest_plot.{name}" for name in PLOT_FAULTS]
    index = write_page(srcdir, *map(figure, targets), figure("figtest_plot.line"))
    app = build(make_app, srcdir)
    warnings = app.warning.getvalue()
    for target, message in zip(targets, PLOT_FAULTS.values(), strict=True):
        line = line_of(index, target)
        assert f"{index}:{line}: ERROR: computed-figure {target!r} failed: {message}" in (
            warnings
        ), warnings
    assert warnings.count("ERROR") == len(targets), warnings
    assert "only-light computed-figure-image" in (Path(app.outdir) / "index.html").read_text()


def test_plot_module_that_does_not_import_is_an_error_at_its_line(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    (plots / "figtest_broken.py").write_text("raise RuntimeError('half-written')\n")
    index = write_page(srcdir, figure("figtest_broken.anything"))
    warnings = build(make_app, srcdir).warning.getvalue()
    assert (
        f"{index}:3: ERROR: computed-figure 'figtest_broken.anything': "
        "RuntimeError: half-written" in warnings
    ), warnings


def test_kwargs_cannot_set_the_width(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    index = write_page(srcdir, figure("figtest_plot.line", ':kwargs: {"width": 3}'))
    warnings = build(make_app, srcdir).warning.getvalue()
    assert (
        f"{index}:3: ERROR: computed-figure 'figtest_plot.line': :kwargs: cannot set 'width'"
        in warnings
    ), warnings


def test_kwargs_the_function_does_not_take_are_an_error_at_their_line(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    index = write_page(srcdir, figure("figtest_plot.line", ':kwargs: {"colour": "red"}'))
    warnings = build(make_app, srcdir).warning.getvalue()
    assert f"{index}:3: ERROR: computed-figure 'figtest_plot.line': bad :kwargs:" in warnings
    assert "colour" in warnings
    assert calls() == []


# -- What a redraw depends on --------------------------------------------------------


def test_editing_a_helper_module_the_plot_imports_redraws_it(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    write_page(srcdir, figure("figtest_plot.helped"))
    build(make_app, srcdir)
    assert len(calls()) == 4  # two modes, two widths
    build(make_app, srcdir)
    assert len(calls()) == 4  # nothing changed: nothing redrawn
    helper = plots / "figtest_helper.py"
    helper.write_text(helper.read_text() + "\n# An edit.\n")
    build(make_app, srcdir)
    assert len(calls()) == 8


def test_the_extensions_figure_settings_are_part_of_the_cache_key(
    make_app: Callable[..., Any], srcdir: Path, plots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = write_page(srcdir, figure("figtest_plot.line"))
    app = build(make_app, srcdir)
    # Editing the extension's module re-reads every page with a figure.
    assert str(Path(figures.__file__)) in {str(p) for p in app.env.dependencies["index"]}
    assert len(calls()) == 4
    original = figures.apply_theme
    monkeypatch.setattr(
        figures, "apply_theme", lambda theme, *a: {**original(theme, *a), "font.size": 14}
    )
    index.write_text(index.read_text() + "\nAn edit.\n")  # the page is read again
    build(make_app, srcdir)
    assert len(calls()) == 8


# -- The narrow variant ---------------------------------------------------------------


def test_figure_has_a_narrow_variant_for_phones_in_both_modes(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    write_page(srcdir, figure("figtest_plot.line", ":name: fig-line", "", "A caption."))
    app = build(make_app, srcdir)
    assert app.warning.getvalue() == ""
    assert sorted(calls()) == sorted(
        ("line", mode, width) for mode in ("light", "dark") for width in (7.0, 3.75)
    )
    out = Path(app.outdir)
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    fig = soup.find("figure", id="fig-line")
    assert isinstance(fig, Tag)
    pictures = fig.find_all("picture")
    assert len(pictures) == 2
    for picture, mode in zip(pictures, ("light", "dark"), strict=True):
        (source,) = picture.find_all("source")
        img = picture.find("img")
        assert isinstance(source, Tag)
        assert isinstance(img, Tag)
        # The phone's copy: 3.75 in = 360 CSS px wide, picked on narrow screens.
        assert source["media"] == figures.NARROW.media
        assert source["type"] == "image/svg+xml"
        assert str(source["srcset"]).endswith(f"-narrow-{mode}.svg")
        assert (source["width"], source["height"]) == ("360", "192")
        narrow = (out / str(source["srcset"])).read_text(encoding="utf-8")
        assert 'width="270pt" height="144pt"' in narrow
        # The wide copy: the image every other screen shows.
        assert img["class"] == [f"only-{mode}", "computed-figure-image"]
        assert str(img["src"]).endswith(f"-{mode}.svg")
        assert "narrow" not in str(img["src"])
        assert (img["width"], img["height"]) == ("672", "192")
        assert img["alt"] == "A figure."
        assert img["loading"] == "lazy"
    assert fig.find("figcaption") is not None


def test_text_builder_shows_one_image_per_mode(
    make_app: Callable[..., Any], srcdir: Path, plots: Path
) -> None:
    """Formats without ``<picture>`` drop the narrow copies."""
    write_page(srcdir, figure("figtest_plot.line"))
    app = make_app("text", srcdir=srcdir, freshenv=False)
    app.build()
    assert app.warning.getvalue() == ""
    assert (Path(app.outdir) / "index.txt").read_text().count("[image: A figure.]") == 2


def site_figures() -> list[tuple[str, str, dict[str, Any]]]:
    """Every ``computed-figure`` of the site: (page, target, keyword arguments)."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"^:::\{computed-figure\} (.+?)^:::$", text, re.M | re.S):
            target = block.split("\n", 1)[0].strip()
            options = re.search(r"^:kwargs: (.+)$", block, re.M)
            kwargs = json.loads(options.group(1)) if options else {}
            found.append((page.relative_to(DOCS).as_posix(), target, kwargs))
    return found


def test_site_figures_are_found() -> None:
    assert {target for _, target, _ in site_figures()} >= {
        "torchgpipe.schedule",
        "torchgpipe.benchmarks",
        "trueskill.beliefs",
    }


@pytest.mark.parametrize("variant", figures.VARIANTS, ids=lambda v: str(v.name))
@pytest.mark.parametrize(
    ("page", "target", "kwargs"), site_figures(), ids=[t for _, t, _ in site_figures()]
)
def test_site_figure_keeps_its_text_inside_at_each_width(
    page: str, target: str, kwargs: dict[str, Any], variant: figures.Variant
) -> None:
    """No title, label or legend entry is cut off at the figure's edges."""
    _, func = figures.resolve(target)
    arguments = {k: DOCS / v if k == "data" else v for k, v in kwargs.items()}
    with matplotlib.rc_context(figures.apply_theme(figures.LIGHT)):
        drawn = figures.draw(func, figures.LIGHT, variant, arguments)
        assert drawn.get_size_inches()[0] == pytest.approx(variant.width)
        assert [t.get_text() for t in figures.overflowing_text(drawn)] == []


def test_text_wider_than_a_narrow_figure_is_wrapped_inside_it() -> None:
    def long_title(theme: figures.Theme, width: float) -> Figure:
        figure = Figure(figsize=(width, 2.5), layout="constrained")
        ax = figure.subplots()
        ax.set_title("A title far too long to fit on one line of a phone's figure", loc="left")
        ax.set_xlabel("an axis label that is also much wider than the narrow figure")
        return figure

    with matplotlib.rc_context(figures.apply_theme(figures.LIGHT)):
        figure = long_title(figures.LIGHT, figures.NARROW.width)
        assert len(figures.overflowing_text(figure)) == 2  # as drawn
        figures.fit_text(figure)
        assert figures.overflowing_text(figure) == []
        assert "\n" in figure.axes[0].get_title(loc="left")


# -- Reproducible files ------------------------------------------------------------------


def nudged(theme: figures.Theme, width: float, shift: float = 0.0) -> Figure:
    """An axes whose position moves by ``shift``, as a layout solver's rounding moves it."""
    figure = Figure(figsize=(width, 2))
    ax = figure.add_axes((0.1 + shift, 0.1, 0.8, 0.8))
    ax.plot([0, 1], [0, 1])
    return figure


def test_svg_ids_do_not_depend_on_float_noise(tmp_path: Path) -> None:
    """Matplotlib names a clip path by a hash of its float coordinates; the files
    must not change when the layout moves an axes by 1e-13 pt (the layout solver
    does, with the hash seed)."""
    files = []
    for shift in (0.0, 1e-15):
        path = tmp_path / f"{shift}.svg"
        figures.render(nudged, figures.LIGHT, figures.WIDE, {"shift": shift}, path)
        files.append(path.read_bytes())
    assert b"clip-path=" in files[0]
    assert files[0] == files[1]


def test_two_clean_builds_of_the_site_are_identical(
    site: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every output file, byte for byte, from two clean builds with different hash seeds.

    One is the session's English site, whose figures the run's first builds
    drew, each with a random hash seed; the other is built as it was, with
    PYTHONHASHSEED=2, and draws every figure itself, into a folder of its own.
    """
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    cache = tmp_path / "cache"
    env = build_env(
        PORTFOLIO_BASE_URL=SITE_BASE_URL, GITHUB_TOKEN=SITE_TOKEN, PORTFOLIO_CACHE=str(cache)
    )
    again = sphinx_build(DOCS, tmp_path / "html", env=env)
    assert again.returncode == 0, again.warnings
    assert list((cache / "computed-figures").glob("*.svg")), "no figure drawn"

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.relative_to(root).parts[0] not in LANGUAGES
        }

    one, two = files(site.out), files(again.out)
    assert sorted(one) == sorted(two)
    assert len(one) > 30
    differ = sorted(name for name in one if one[name] != two[name])
    assert differ == []
