"""Figures that the build computes: ``computed-figure``.

A figure is a Python function in :mod:`portfolio.plots`,
``f(theme, width, **kwargs) -> Figure``: it draws in the colours of a
:class:`Theme` a Matplotlib figure ``width`` inches wide. The directive draws
it four times, in the light and the dark palette, each at the column's width
and at a phone's (:data:`VARIANTS`), writes SVG files, and shows the copy that
matches Furo's current mode (its ``only-light`` / ``only-dark`` classes) and
the screen's width (``<picture>``)::

    :::{computed-figure} torchgpipe.schedule
    :alt: What the figure shows, for a reader who cannot see it.
    :kwargs: {"chunks": 4, "partitions": 3}

    The caption.
    :::

Input:

``argument``
    ``module.function`` inside :mod:`portfolio.plots`: a public function
    defined in that module.
``:alt:`` (required)
    The alternative text of the images.
``:kwargs:``
    A JSON object passed to the function as keyword arguments. ``width`` is
    the directive's to give. A parameter annotated :class:`~pathlib.Path`
    takes a data file: a path relative to the source folder (``docs/``),
    which reaches the function as that file's absolute path. A file outside
    the source folder, through ``..``, an absolute path or a symbolic link, is
    not found.
``:name:``
    A label, so ``{numref}`` and ``{ref}`` can point at the figure.

Every fault (an unknown or non-function target, a module that fails to
import, bad arguments, a missing data file, a plot that raises, returns no
figure or ignores ``width``) is an error at the directive's page and line; the
page is built without that figure.

The words drawn inside a figure (titles, axis labels, legends) are messages
of the ``portfolio`` catalog (:mod:`portfolio.i18n`), so they follow the
build's ``language``. They are drawn as paths in :func:`figure_font`'s font:
DejaVu Sans (Matplotlib's own), or for Korean the CV's subset of Noto Sans KR
(``conf/_fonts``, which ``make font`` subsets for the figures' words too),
decompressed into the doctree folder as TrueType, which Matplotlib reads. A
character the font has no glyph for is an error at the directive's page and
line that names it, never a blank box.

The SVG files are cached in the doctree folder (or in the folder
``portfolio_cache`` names, which builds may share) by a hash of everything
that draws them: the plot module and the local modules it imports
(``portfolio.*``, followed through their imports), this module, the palette, Matplotlib's
settings and version, the width, the arguments and the data files' contents,
the language, its catalog and the font.
So a rebuild after an edit to a page redraws nothing, and an edit to any of
those redraws the figure: the page depends on those files, and is read again.

The files are reproducible: Matplotlib names clip paths, hatches and markers
by a hash of their float coordinates, which the layout solver's rounding
changes from run to run; :func:`render` renames them in document order.

In HTML, each ``<img>`` and ``<source>`` carries its figure's ``width`` and
``height`` (CSS pixels), so the browser reserves its space before the SVG
arrives and the page does not shift; the stylesheet's ``height: auto`` keeps
the ratio when the column is narrower. Other formats show the wide copy.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.util
import inspect
import io
import json
import os
import posixpath
import re
import textwrap
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, get_args

import matplotlib
from cycler import cycler
from docutils import nodes
from docutils.parsers.rst import directives
from matplotlib.figure import Figure
from matplotlib.text import Text
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from portfolio import i18n
from portfolio.files import write_whole

matplotlib.use("Agg")

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from matplotlib.typing import RcKeyType
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

PLOTS_PACKAGE = "portfolio.plots"
#: Modules whose source is part of a figure's cache key when a plot imports them.
LOCAL_PACKAGE = "portfolio"

#: The image node's attribute holding the figure's size in points (SVG user
#: units). Not ``width``/``height``: Sphinx would wrap a sized image in a link.
SIZE_ATTRIBUTE = "computed_size_pt"
#: The image node's attributes naming its variant and colour mode.
VARIANT_ATTRIBUTE = "computed_variant"
THEME_ATTRIBUTE = "computed_theme"
#: CSS pixels per point.
PX_PER_PT = 96 / 72


@dataclass(frozen=True)
class Variant:
    """One width a figure is drawn at, and the screens that show it."""

    name: str
    #: The figure's width in inches, given to the plot function.
    width: float
    #: The CSS media query that picks this copy; ``None`` for the default one.
    media: str | None


#: The column's width: Furo's content column is 46em (736 px) at most.
WIDE = Variant(name="wide", width=7.0, media=None)
#: A phone's: 3.75 in is 360 CSS px, drawn with the same text sizes, so text is
#: larger relative to the figure. Screens up to 600 px wide pick it.
NARROW = Variant(name="narrow", width=3.75, media="(max-width: 37.5em)")
VARIANTS = (WIDE, NARROW)


class PlotError(Exception):
    """A plot function broke its contract."""


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


@dataclass(frozen=True)
class FigureFont:
    """The font a figure's text is drawn in: a family Matplotlib knows, and
    the characters it has a glyph for in every weight."""

    family: str
    chars: frozenset[str]
    #: Its files, whose contents are part of the figures' cache key.
    files: tuple[Path, ...]

    def missing(self, text: str) -> set[str]:
        return {c for c in text if not c.isspace()} - self.chars


#: Matplotlib's own font, for languages written in Latin letters.
DEFAULT_FAMILY = "DejaVu Sans"

#: Languages whose figures are drawn in the CV's Noto Sans KR subset.
HANGUL_LANGUAGES = frozenset({"ko"})


def font_chars(path: Path) -> set[str]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        return {chr(cp) for cp, glyph in cmap.items() if glyph != ".notdef"}


def truetype_copy(woff2: Path, folder: Path, family: str) -> Path:
    """``woff2`` as a TrueType file in ``folder``, its family named ``family``
    (so no installed Noto Sans KR is taken for it); made once per content."""
    from fontTools.ttLib import TTFont

    data = woff2.read_bytes()
    path = folder / f"{woff2.stem}-{hashlib.sha256(data).hexdigest()[:12]}.ttf"
    if path.exists():
        return path
    with TTFont(io.BytesIO(data)) as font:
        font.flavor = None
        style = font["name"].getDebugName(2) or "Regular"
        font["name"].setName(family, 1, 3, 1, 0x409)
        font["name"].setName(f"{family} {style}", 4, 3, 1, 0x409)
        font["name"].setName(f"{family.replace(' ', '')}-{style}", 6, 3, 1, 0x409)
        font.recalcTimestamp = False  # the same file from the same subset
        buffer = io.BytesIO()
        font.save(buffer)
    write_whole(path, buffer.getvalue())
    return path


def figure_font(language: str | None, font_dir: Path, cache: Path) -> FigureFont:
    """The font of the figures in ``language``, registered with Matplotlib."""
    from matplotlib import font_manager

    if language not in HANGUL_LANGUAGES:
        path = Path(font_manager.findfont(DEFAULT_FAMILY, fallback_to_default=False))
        return FigureFont(DEFAULT_FAMILY, frozenset(font_chars(path)), ())
    from portfolio.resume import fonts

    family = fonts.FAMILY
    files = tuple(font_dir / name for name, _ in fonts.FILES.values())
    paths = [truetype_copy(woff2, cache / "fonts", family) for woff2 in files]
    # This build's files alone carry the family's name (another build in the
    # same process may have registered other ones).
    manager = font_manager.fontManager
    manager.ttflist = [e for e in manager.ttflist if e.name != family or Path(e.fname) in paths]
    known = {Path(e.fname) for e in manager.ttflist}
    for path in paths:
        if path not in known:
            manager.addfont(str(path))
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    chars = frozenset(set.intersection(*(font_chars(path) for path in paths)))
    return FigureFont(family, chars, files)


def cache_folder(config: Config, doctreedir: str | os.PathLike[str]) -> Path:
    """Where drawn figures are kept: ``computed-figures`` in the folder
    ``portfolio_cache`` names, or else in the doctree folder. Files are named
    by the hash of what draws them and written whole, so builds may share it."""
    shared: str = config.portfolio_cache
    return Path(shared or doctreedir) / "computed-figures"


def drawn_text(figure: Figure) -> str:
    """Every visible text the figure draws, one per line, in drawing order."""
    return "\n".join(
        text.get_text()
        for text in figure.findobj(Text)
        if isinstance(text, Text) and text.get_visible() and text.get_text().strip()
    )


def apply_theme(theme: Theme, family: str = DEFAULT_FAMILY) -> dict[RcKeyType, Any]:
    """Matplotlib rcParams for ``theme``: transparent, themed text in ``family``."""
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
        "font.family": family,
        "font.size": 11,
        # Text as paths: the SVG needs no font of the reader's.
        "svg.fonttype": "path",
        # Deterministic ids, so identical input gives identical files.
        "svg.hashsalt": "portfolio",
    }


def resolve(target: str) -> tuple[ModuleType, Callable[..., Figure]]:
    """Import ``module.function`` from :mod:`portfolio.plots`.

    The target must be a public function defined in that module, not a class,
    a callable object or a function the module imported.
    """
    module_name, _, func_name = target.rpartition(".")
    if not module_name or not func_name:
        raise ValueError(f"expected 'module.function', got {target!r}")
    module = importlib.import_module(f"{PLOTS_PACKAGE}.{module_name}")
    if not hasattr(module, func_name):
        raise ValueError(f"{module.__name__} has no function {func_name!r}")
    func = getattr(module, func_name)
    if (
        func_name.startswith("_")
        or not inspect.isfunction(func)
        or func.__module__ != module.__name__
    ):
        raise ValueError(
            f"{module.__name__}.{func_name} is not a plot function"
            " (a public function defined in that module)"
        )
    return module, func


def find_module(name: str) -> Path | None:
    """The source file of module ``name``, or ``None`` if it is not a module's name."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # a name inside a module, not a module
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def local_imports(module: ModuleType) -> list[Path]:
    """The files of ``module`` and of the ``portfolio`` modules it imports, recursively.

    Read from the source (``import`` statements anywhere in it, also inside
    functions), so a helper imported late counts too. ``from package import
    module`` counts the module, not the package's ``__init__``.
    """
    files: dict[str, Path] = {}
    todo = [module.__name__]
    while todo:
        name = todo.pop()
        path = None if name in files else find_module(name)
        if path is None:
            continue
        files[name] = path
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = importlib.util.resolve_name("." * node.level + base, package)
                found = [
                    f"{base}.{alias.name}" if find_module(f"{base}.{alias.name}") else base
                    for alias in node.names
                    if base == LOCAL_PACKAGE or base.startswith(f"{LOCAL_PACKAGE}.")
                ]
            else:
                continue
            todo.extend(n for n in found if n == LOCAL_PACKAGE or n.startswith(f"{LOCAL_PACKAGE}."))
    return sorted(files.values())


def code_files(module: ModuleType) -> list[Path]:
    """The files that decide how ``module``'s figures look: its own, its local
    imports', and this module (the palettes, the settings, :func:`render`)."""
    return sorted({*local_imports(module), Path(__file__)})


def wants_path(func: Callable[..., Any], parameter: inspect.Parameter) -> bool:
    """Whether ``parameter`` is annotated :class:`~pathlib.Path` (or ``Path | None``)."""
    annotation = parameter.annotation
    if isinstance(annotation, str):  # postponed: read it the way typing does
        try:
            annotation = eval(annotation, func.__globals__)
        except Exception:
            return False
    return annotation is Path or Path in get_args(annotation)


#: Matplotlib's generated ids: clip paths (``p``), hatches (``h``), markers
#: (``m``) and path collections (``C…``), each a hash of float coordinates.
_HASHED = r"(?:[hmp]|C\d+_\d+_)[0-9a-f]{10}"
GENERATED_ID = re.compile(rf'(?<=id="){_HASHED}(?=")|(?<=#){_HASHED}(?=[")])')


def canonical_ids(svg: str) -> str:
    """``svg`` with Matplotlib's generated ids renamed ``mpl-1``, ``mpl-2``… in order."""
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        return names.setdefault(match.group(), f"mpl-{len(names) + 1}")

    return GENERATED_ID.sub(rename, svg)


def draw(
    func: Callable[..., Any],
    theme: Theme,
    variant: Variant,
    kwargs: dict[str, Any],
    font: FigureFont | None = None,
) -> Figure:
    """Call ``func`` for ``theme`` at ``variant``'s width; fit its text to the figure.

    Call it inside ``matplotlib.rc_context(apply_theme(theme, font.family))``.
    Raises :class:`PlotError` when the function returns no figure or one of
    another width, or draws a character ``font`` has no glyph for, and
    whatever the function raises.
    """
    figure = func(theme, width=variant.width, **kwargs)
    if not isinstance(figure, Figure):
        what = "None" if figure is None else f"a {type(figure).__name__}"
        raise PlotError(f"returned {what}, not a Matplotlib figure")
    width = figure.get_size_inches()[0]
    if abs(width - variant.width) > 0.005:
        raise PlotError(
            f"drew a figure {width:g} in wide; the directive asked for {variant.width:g} in"
        )
    if font is not None and (missing := font.missing(drawn_text(figure))):
        from portfolio.resume.fonts import describe

        raise PlotError(
            f"draws characters that its font, {font.family}, has no glyph for: "
            f"{describe(missing)}" + ("; run `make font`" if font.files else "")
        )
    fit_text(figure)
    return figure


def overflowing_text(figure: Figure) -> list[Text]:
    """The figure's visible texts that reach past its left or right edge, laid out."""
    figure.draw_without_rendering()
    right = figure.bbox.x1
    return [
        text
        for text in figure.findobj(Text)
        if isinstance(text, Text)
        and text.get_visible()
        and text.get_text().strip()
        and (text.get_window_extent().x0 < -0.5 or text.get_window_extent().x1 > right + 0.5)
    ]


def fit_text(figure: Figure) -> None:
    """Wrap a title, label or legend entry that is wider than the figure.

    The same plot drawn narrower keeps its point sizes, so its text takes more
    of the width; this keeps it inside the figure, for every plot alike: text
    past an edge is wrapped at spaces to the room its alignment leaves. Tick
    labels, rotated text and mathtext are left as they are; so is a legend's
    number of columns, which only the plot can set (``Legend.set_ncols`` does
    not lay out an existing legend again).
    """
    for _ in range(3):  # wrapping moves the layout: look again
        overflowing = overflowing_text(figure)
        if not overflowing:
            return
        right = figure.bbox.x1
        ticks = {
            id(label)
            for ax in figure.axes
            for axis in (ax.xaxis, ax.yaxis)
            for tick in (*axis.get_major_ticks(), *axis.get_minor_ticks())
            for label in (tick.label1, tick.label2)
        }
        for text in overflowing:
            content = text.get_text()
            if id(text) in ticks or text.get_rotation() or "$" in content:
                continue
            extent = text.get_window_extent()
            lines = content.splitlines()
            per_char = extent.width / max(len(line) for line in lines)
            align = text.get_horizontalalignment()
            if align == "left":
                room = right - max(extent.x0, 0)
            elif align == "right":
                room = min(extent.x1, right)
            else:
                centre = min(max((extent.x0 + extent.x1) / 2, 0), right)
                room = 2 * min(centre, right - centre)
            columns = max(8, int(0.95 * room / per_char))
            text.set_text(
                "\n".join(
                    textwrap.fill(line, columns, break_long_words=False, break_on_hyphens=False)
                    for line in lines
                )
            )


def render(
    func: Callable[..., Any],
    theme: Theme,
    variant: Variant,
    kwargs: dict[str, Any],
    path: Path,
    font: FigureFont | None = None,
) -> tuple[int, int, str]:
    """Draw ``func`` (see :func:`draw`) into an SVG file; return its size in
    points and the text it draws."""
    import matplotlib.pyplot as plt

    family = font.family if font is not None else DEFAULT_FAMILY
    with matplotlib.rc_context(apply_theme(theme, family)):
        figure = draw(func, theme, variant, kwargs, font)
        try:
            text = drawn_text(figure)
            width, height = figure.get_size_inches()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(figure)
    svg = canonical_ids(buffer.getvalue().decode("utf-8"))
    write_whole(path, svg.encode("utf-8"))  # parallel readers never see half a file
    return round(width * 72), round(height * 72), text  # SVG user units: pt


def describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


class ComputedFigure(SphinxDirective):
    """Draw a figure from :mod:`portfolio.plots` in both colour modes, at two widths."""

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
            raise self.fail(target, "the :alt: option is required")
        try:
            kwargs = json.loads(self.options.get("kwargs", "{}"))
            if not isinstance(kwargs, dict):
                raise ValueError("must be a JSON object")
        except ValueError as exc:
            raise self.fail(target, f"bad :kwargs: ({exc})") from exc
        if "width" in kwargs:
            raise self.fail(target, ":kwargs: cannot set 'width': the directive draws each width")
        try:
            module, func = resolve(target)
        except (ImportError, ValueError) as exc:
            raise self.fail(target, str(exc)) from exc
        except Exception as exc:  # the plot module raised while importing
            raise self.fail(target, describe(exc)) from exc
        arguments = self.arguments_for(target, func, kwargs)

        cache = cache_folder(self.config, self.env.doctreedir)
        language = self.config.language
        catalog = i18n.catalog_file(language)
        font_dir = Path(self.config.portfolio_cv_font_dir)  # absolute: portfolio.resume
        try:
            font = figure_font(language, font_dir, cache)
        except OSError as exc:
            raise self.fail(target, f"its font does not load ({exc})") from exc
        code = code_files(module)
        data = sorted(v for v in arguments.values() if isinstance(v, Path))
        translated = [catalog, *font.files] if catalog else list(font.files)
        for dependency in (*code, *data, *translated):
            self.env.note_dependency(str(dependency))
        inputs = [
            *(path.read_text(encoding="utf-8") for path in code),
            *(hashlib.sha256(path.read_bytes()).hexdigest() for path in (*data, *translated)),
            target,
            kwargs,
            language,
            matplotlib.__version__,
        ]
        page_folder = self.env.doc2path(self.env.docname).parent

        figure = nodes.figure(classes=["computed-figure"])
        for theme in THEMES:
            settings = json.dumps(apply_theme(theme, font.family), sort_keys=True, default=str)
            # The <source> elements before their <img>.
            for variant in sorted(VARIANTS, key=lambda v: v is WIDE):
                key = json.dumps([*inputs, asdict(theme), settings, asdict(variant)])
                digest = hashlib.sha256(key.encode()).hexdigest()[:16]
                suffix = "" if variant is WIDE else f"{variant.name}-"
                path = cache / f"{target.replace('.', '-')}-{digest}-{suffix}{theme.name}.svg"
                # Beside the SVG: its size, and the words it draws (which
                # `make font` reads to subset the font for them).
                info_file = path.with_suffix(".json")
                if path.exists() and info_file.exists():
                    width, height = json.loads(info_file.read_text(encoding="utf-8"))["size"]
                else:
                    try:
                        width, height, text = render(func, theme, variant, arguments, path, font)
                    except PlotError as exc:
                        raise self.fail(target, str(exc), failed=True) from exc
                    except Exception as exc:
                        raise self.fail(target, describe(exc), failed=True) from exc
                    info = {"size": [width, height], "language": language, "text": text}
                    record = json.dumps(info, ensure_ascii=False, indent=1) + "\n"
                    write_whole(info_file, record.encode("utf-8"))
                image = nodes.image(
                    # Relative to the page's source, as Sphinx's image collector wants.
                    uri=os.path.relpath(path, page_folder),
                    alt=alt,
                    classes=[f"only-{theme.name}", "computed-figure-image"],
                    # The copy for the other colour mode is hidden; lazy loading
                    # keeps the browser from fetching it at all.
                    loading="lazy",
                )
                image[SIZE_ATTRIBUTE] = (width, height)
                image[VARIANT_ATTRIBUTE] = variant.name
                image[THEME_ATTRIBUTE] = theme.name
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

    def fail(self, target: str, message: str, *, failed: bool = False) -> Exception:
        """An error at the directive's line: the page is built without the figure."""
        verb = " failed:" if failed else ":"
        return self.error(f"computed-figure {target!r}{verb} {message}")

    def arguments_for(
        self, target: str, func: Callable[..., Any], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        """``kwargs``, checked against the function, with data files as paths."""
        signature = inspect.signature(func)
        if "width" not in signature.parameters:
            raise self.fail(target, "takes no 'width': a plot function is f(theme, width, ...)")
        try:
            signature.bind(LIGHT, width=WIDE.width, **kwargs)
        except TypeError as exc:
            raise self.fail(target, f"bad :kwargs: ({exc})") from exc
        srcdir = Path(self.env.srcdir).resolve()
        arguments = dict(kwargs)
        for name, value in kwargs.items():
            if not wants_path(func, signature.parameters[name]):
                continue
            # Inside the source folder, after following every link: never
            # `..`, an absolute path or a link to a file elsewhere.
            path = (srcdir / str(value)).resolve()
            if (
                not isinstance(value, str)
                or PurePath(value).is_absolute()
                or not path.is_relative_to(srcdir)
                or not path.is_file()
            ):
                raise self.fail(target, f"data file {value!r} not found in the source folder")
            arguments[name] = path
        return arguments


class DropNarrowCopies(SphinxPostTransform):
    """Formats without ``<picture>`` (LaTeX, text, man…) show the wide copy only."""

    default_priority = 10

    def run(self, **kwargs: Any) -> None:
        if self.env._builder_cls.format == "html":
            return
        for image in list(self.document.findall(nodes.image)):
            if image.get(VARIANT_ATTRIBUTE, WIDE.name) != WIDE.name:
                image.parent.remove(image)


def source_uri(self: HTML5Translator, node: nodes.image) -> str:
    """Where the page finds ``node``'s file: its copy in ``_images``."""
    uri = str(node["uri"])
    if uri in self.builder.images:
        return posixpath.join(self.builder.imgpath, urllib.parse.quote(self.builder.images[uri]))
    return uri


def css_size(node: nodes.image) -> dict[str, str]:
    width, height = node[SIZE_ATTRIBUTE]
    return {"width": str(round(width * PX_PER_PT)), "height": str(round(height * PX_PER_PT))}


def visit_image_html(self: HTML5Translator, node: nodes.image) -> None:
    """Write a computed figure's ``<picture>``: a ``<source>`` per narrow copy, then
    the wide copy's ``<img>``, each with its ``width`` and ``height``.

    The size is set here, after Sphinx's ``post_process_images`` (which links
    every sized image to itself), and only for computed figures.
    """
    variant = node.get(VARIANT_ATTRIBUTE)
    if variant is None:  # not a computed figure's
        type(self).visit_image(self, node)
        return
    if variant != WIDE.name:
        raise nodes.SkipNode  # written as a <source> of its wide copy
    assert isinstance(node.parent, nodes.Element)
    self.body.append("<picture>")
    media = {v.name: v.media for v in VARIANTS}
    for other in node.parent.children:
        if (
            isinstance(other, nodes.image)
            and other.get(THEME_ATTRIBUTE) == node[THEME_ATTRIBUTE]
            and other.get(VARIANT_ATTRIBUTE) not in (None, WIDE.name)
        ):
            source = {
                "media": media[other[VARIANT_ATTRIBUTE]],
                "srcset": source_uri(self, other),
                "type": "image/svg+xml",
                **css_size(other),
            }
            self.body.append(self.emptytag(nodes.Element(), "source", "", **source))
    node.attributes.update(css_size(node))
    type(self).visit_image(self, node)


def depart_image_html(self: HTML5Translator, node: nodes.image) -> None:
    type(self).depart_image(self, node)
    if node.get(VARIANT_ATTRIBUTE) == WIDE.name:
        self.body.append("</picture>")


def setup(app: Sphinx) -> None:
    # Not part of the output: the files in it are named by what makes them
    # (the figures here, the CV's PDF in portfolio.resume).
    app.add_config_value("portfolio_cache", "", "", types=frozenset({str}))
    app.add_directive("computed-figure", ComputedFigure)
    app.add_post_transform(DropNarrowCopies)
    app.add_node(nodes.image, override=True, html=(visit_image_html, depart_image_html))
