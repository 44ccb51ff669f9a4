"""Social previews: one card image for the site, and each page's own description.

sphinxext-opengraph writes the Open Graph tags. Two things it does not do the
way this site needs are done here:

- **The preview image.** Its per-page cards are drawn in Roboto Flex, which
  has no Hangul, and it fills them with the first paragraph of each page. The
  site has one card instead, drawn by Matplotlib in DejaVu Sans (which ships
  with Matplotlib, so every build machine has it) when an HTML build finishes,
  into ``_static/social-preview.png``; ``conf.py`` points ``ogp_image`` at it.
  A character the font cannot draw is a build warning, not a blank box. In
  another language its title and lines are messages of the ``portfolio``
  catalog (:mod:`portfolio.i18n`), drawn in Korean in the font of the Korean
  figures (:func:`portfolio.figures.figure_font`).
- **The description.** Each page states its description in its front matter
  (``myst: html_meta: description:``); ``og:description`` repeats it rather
  than the first paragraph's opening words.

Input (``conf.py``):

``portfolio_preview_title``
    The card's title (empty: the project's name).
``portfolio_preview_lines``
    The lines of text below it; the first is set in the brand colour. A
    line too long for the card is a build warning.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
from docutils import nodes
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from sphinx.util import logging

from portfolio import figures
from portfolio.i18n import _

matplotlib.use("Agg")

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

PREVIEW_PATH = "_static/social-preview.png"
# The size Open Graph consumers crop least (1.91:1), in pixels.
WIDTH, HEIGHT, DPI = 1200, 630, 100
FONT_FAMILY = "DejaVu Sans"
LEFT = 0.08  # the text's left margin, as a fraction of the width
# Furo's light palette: its text colour and brand blue.
FOREGROUND, MUTED, BRAND, BACKGROUND = "#000000", "#4b4f56", "#0a4bff", "#ffffff"


def missing_glyphs(text: str, weight: str = "normal", family: str = FONT_FAMILY) -> str:
    """The characters of ``text`` that the card's font cannot draw."""
    path = font_manager.findfont(
        font_manager.FontProperties(family=family, weight=weight), fallback_to_default=False
    )
    font = FT2Font(path)
    return "".join(
        sorted({c for c in text if not c.isspace() and font.get_char_index(ord(c)) == 0})
    )


def draw_preview(path: Path, title: str, lines: list[str], family: str = FONT_FAMILY) -> list[str]:
    """Draw the card: a brand-coloured bar, the title and its lines, in ``family``.

    Returns the texts that run past the card's right margin.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(fig)  # attaches itself: measuring text needs a renderer
    fig.patches.append(Rectangle((0, 0), 0.025, 1, transform=fig.transFigure, color=BRAND))
    style: dict[str, Any] = {"family": family, "ha": "left", "va": "baseline"}
    texts = [fig.text(LEFT, 0.66, title, size=64, weight="bold", color=FOREGROUND, **style)]
    for i, line in enumerate(lines):
        color = BRAND if i == 0 else MUTED
        texts.append(fig.text(LEFT, 0.50 - i * 0.09, line, size=26, color=color, **style))
    too_wide = [t.get_text() for t in texts if t.get_window_extent().x1 > WIDTH * (1 - LEFT / 2)]
    path.parent.mkdir(parents=True, exist_ok=True)
    # No timestamp or version in the PNG's metadata: the same input, the same file.
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    return too_wide


def write_preview(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config = app.config
    # The card's words in the page's language (as written without a translation).
    title: str = _(config.portfolio_preview_title or config.project)
    lines: list[str] = [_(line) for line in config.portfolio_preview_lines]
    family = FONT_FAMILY
    if config.language in figures.HANGUL_LANGUAGES:
        cache = figures.cache_folder(config, app.doctreedir)
        family = figures.figure_font(
            config.language, Path(config.portfolio_cv_font_dir), cache
        ).family
    for weight, text in (("bold", title), ("normal", " ".join(lines))):
        if missing := missing_glyphs(text, weight, family):
            logger.warning(
                "the social preview's font (%s) cannot draw %r; "
                "change portfolio_preview_title or portfolio_preview_lines%s",
                family,
                missing,
                " (or their translations), or run `make font`" if family != FONT_FAMILY else "",
                type="portfolio",
                subtype="social",
            )
    with warnings.catch_warnings():
        # Reported above, with what to change.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        too_wide = draw_preview(Path(app.outdir, PREVIEW_PATH), title, lines, family)
    for text in too_wide:
        logger.warning(
            "the social preview's text runs off the card: %r; shorten it",
            text,
            type="portfolio",
            subtype="social",
        )


def page_description(doctree: nodes.document) -> str | None:
    """The content of the page's ``<meta name="description">``, if it has one."""
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description" and meta.get("content"):
            return str(meta["content"])
    return None


def describe_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give sphinxext-opengraph the page's own description as ``og:description``.

    It reads per-page overrides from ``context["meta"]`` (the page's
    metadata); a copy is passed, so the environment's metadata stays as read.
    """
    if doctree is None or (description := page_description(doctree)) is None:
        return
    context["meta"] = {**(context.get("meta") or {}), "og:description": description}


def setup(app: Sphinx) -> None:
    app.add_config_value("portfolio_preview_title", "", "html", types=frozenset({str}))
    app.add_config_value("portfolio_preview_lines", [], "html", types=frozenset({list, tuple}))
    app.connect("build-finished", write_preview)
    # Before sphinxext-opengraph's handler, which runs at the default priority 500.
    app.connect("html-page-context", describe_page, priority=400)
