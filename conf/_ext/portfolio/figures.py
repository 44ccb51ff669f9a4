"""Figures that the build computes: ``computed-figure``.

A figure is a Python function in :mod:`portfolio.plots` that takes a
:class:`Theme` and returns a Matplotlib figure. The directive draws it twice,
once in the light palette and once in the dark, writes SVG files and shows the
one that matches Furo's current mode (its ``only-light`` / ``only-dark``
classes)::

    :::{computed-figure} torchgpipe.schedule
    :alt: What the figure shows, for a reader who cannot see it.
    :kwargs: {"chunks": 4, "partitions": 3}

    The caption.
    :::

Input:

``argument``
    ``module.function`` inside :mod:`portfolio.plots`.
``:alt:`` (required)
    The alternative text of both images.
``:kwargs:``
    A JSON object passed to the function as keyword arguments.
``:name:``
    A label, so ``{numref}`` and ``{ref}`` can point at the figure.

The SVG files are cached in the doctree folder by a hash of the plot
module's source, the arguments, the palette and Matplotlib's version, so a
rebuild after an edit to a page redraws nothing. A keyword argument that names
a file in the source folder (``{"data": "_data/results.csv"}``) adds that
file's contents to the hash, and reaches the function as that file's absolute
:class:`~pathlib.Path`. The page depends on the plot module and on those
files: editing one re-reads the page and redraws its figures.

In HTML, each ``<img>`` carries the figure's ``width`` and ``height`` (CSS
pixels), so the browser reserves its space before the SVG arrives and the page
does not shift; the stylesheet's ``height: auto`` keeps the ratio when the
column is narrower.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import matplotlib
from cycler import cycler
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

matplotlib.use("Agg")

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

PLOTS_PACKAGE = "portfolio.plots"

#: The image node's attribute holding the figure's size in points (SVG user
#: units). Not ``width``/``height``: Sphinx would wrap a sized image in a link.
SIZE_ATTRIBUTE = "computed_size_pt"
#: CSS pixels per point.
PX_PER_PT = 96 / 72


@dataclass(frozen=True)
class Theme:
    """The colours a plot draws with, matched to Furo's palettes."""

    name: str
    foreground: str
    muted: str
    grid: str
    background: str
    series: tuple[str, ...]


LIGHT = Theme(
    name="light",
    foreground="#1f2328",
    muted="#57606a",
    grid="#d0d7de",
    background="#ffffff",
    series=("#0a58ca", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#be123c"),
)
DARK = Theme(
    name="dark",
    foreground="#e6edf3",
    muted="#a8b3bd",
    grid="#3d444d",
    background="#131416",
    series=("#6ea8fe", "#fb923c", "#4ade80", "#c084fc", "#facc15", "#fb7185"),
)
THEMES = (LIGHT, DARK)


def apply_theme(theme: Theme) -> dict[RcKeyType, Any]:
    """Matplotlib rcParams for ``theme``: transparent, themed text, no fonts."""
    return {
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.transparent": True,
        "text.color": theme.foreground,
        "axes.labelcolor": theme.foreground,
        "axes.edgecolor": theme.muted,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.foreground,
        "ytick.labelcolor": theme.foreground,
        "grid.color": theme.grid,
        "legend.frameon": False,
        "axes.prop_cycle": cycler(color=list(theme.series)),
        "font.family": "DejaVu Sans",
        "font.size": 11,
        # Text as paths: the SVG needs no font of the reader's.
        "svg.fonttype": "path",
        # Deterministic ids, so identical input gives identical files.
        "svg.hashsalt": "portfolio",
    }


def resolve(target: str) -> Callable[..., Figure]:
    """Import ``module.function`` from :mod:`portfolio.plots`."""
    module_name, _, func_name = target.rpartition(".")
    if not module_name or not func_name:
        raise ValueError(f"expected 'module.function', got {target!r}")
    module = importlib.import_module(f"{PLOTS_PACKAGE}.{module_name}")
    func = getattr(module, func_name, None)
    if not callable(func):
        raise ValueError(f"{module.__name__} has no function {func_name!r}")
    return func  # type: ignore[no-any-return]


def render(
    func: Callable[..., Figure], theme: Theme, kwargs: dict[str, Any], path: Path
) -> tuple[int, int]:
    """Draw ``func`` in ``theme`` into an SVG file; return its size in points."""
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(apply_theme(theme)):
        figure = func(theme, **kwargs)
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
        width, height = figure.get_size_inches() * 72  # SVG user units: pt
        plt.close(figure)
    return round(width), round(height)


class ComputedFigure(SphinxDirective):
    """Draw a figure from :mod:`portfolio.plots` in both colour modes."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "alt": directives.unchanged_required,
        "kwargs": directives.unchanged,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        alt = self.options.get("alt", "").strip()
        if not alt:
            raise self.error(f"computed-figure {target!r}: the :alt: option is required")
        try:
            kwargs = json.loads(self.options.get("kwargs", "{}"))
            if not isinstance(kwargs, dict):
                raise ValueError("must be a JSON object")
        except ValueError as exc:
            raise self.error(f"computed-figure {target!r}: bad :kwargs: ({exc})") from exc
        try:
            func = resolve(target)
        except (ImportError, ValueError) as exc:
            raise self.error(f"computed-figure {target!r}: {exc}") from exc

        source_file = Path(inspect.getfile(func))
        source = source_file.read_text(encoding="utf-8")
        # Arguments naming a file in the source folder reach the function as
        # that file: the one the page's build reads, wherever the folder is.
        arguments = {
            key: self.env.srcdir / value
            if isinstance(value, str) and (self.env.srcdir / value).is_file()
            else value
            for key, value in kwargs.items()
        }
        data_files = sorted(v for v in arguments.values() if isinstance(v, Path))
        for dependency in (source_file, *data_files):
            self.env.note_dependency(str(dependency))
        data = [hashlib.sha256(f.read_bytes()).hexdigest() for f in data_files]
        cache = Path(self.env.doctreedir) / "computed-figures"

        figure = nodes.figure(classes=["computed-figure"])
        for theme in THEMES:
            digest = hashlib.sha256(
                json.dumps(
                    [
                        source,
                        *data,
                        target,
                        kwargs,
                        asdict(theme),
                        matplotlib.__version__,
                    ],
                    sort_keys=True,
                ).encode()
            ).hexdigest()[:16]
            path = cache / f"{target.replace('.', '-')}-{digest}-{theme.name}.svg"
            size_file = path.with_suffix(".json")
            if path.exists() and size_file.exists():
                width, height = json.loads(size_file.read_text())
            else:
                try:
                    width, height = render(func, theme, arguments, path)
                except Exception as exc:
                    raise self.error(f"computed-figure {target!r} failed: {exc!r}") from exc
                size_file.write_text(json.dumps([width, height]))
            # Relative to the page's source, as Sphinx's image collector wants.
            uri = os.path.relpath(path, self.env.doc2path(self.env.docname).parent)
            image = nodes.image(
                uri=uri,
                alt=alt,
                classes=[f"only-{theme.name}", "computed-figure-image"],
                # The copy for the other colour mode is hidden; lazy loading
                # keeps the browser from fetching it at all.
                loading="lazy",
            )
            image[SIZE_ATTRIBUTE] = (width, height)
            figure += image
        self.set_source_info(figure)
        if self.content:
            caption_text = "\n".join(self.content)
            parsed, _ = self.parse_inline(caption_text, lineno=self.content_offset + 1)
            caption = nodes.caption(caption_text, "", *parsed)
            self.set_source_info(caption)
            figure += caption
        self.add_name(figure)
        return [figure]


def visit_image_html(self: HTML5Translator, node: nodes.image) -> None:
    """Write a computed figure's ``<img>`` with its ``width`` and ``height``.

    The size is set here, after Sphinx's ``post_process_images`` (which links
    every sized image to itself), and only for computed figures.
    """
    if SIZE_ATTRIBUTE in node:
        width, height = node[SIZE_ATTRIBUTE]
        node["width"] = str(round(width * PX_PER_PT))
        node["height"] = str(round(height * PX_PER_PT))
    type(self).visit_image(self, node)


def depart_image_html(self: HTML5Translator, node: nodes.image) -> None:
    type(self).depart_image(self, node)


def setup(app: Sphinx) -> None:
    app.add_directive("computed-figure", ComputedFigure)
    app.add_node(nodes.image, override=True, html=(visit_image_html, depart_image_html))
