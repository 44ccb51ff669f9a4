"""The CV page as a PDF, printed by WeasyPrint in the font the project ships.

The PDF is written only where it can be right, and linked only where it is
written (:func:`planned`):

- every character WeasyPrint draws must come from the bundled font
  (:mod:`portfolio.resume.fonts`) and have a glyph there; otherwise the build
  fails naming the characters (:class:`GlyphError`), and no PDF is left;
- without WeasyPrint or Pango, an old PDF is deleted and nothing links it;
- the PDF is tagged (PDF/UA structure) and carries a title, author, subject
  and language.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import io
import logging as std_logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from portfolio.resume import fonts, model

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class GlyphError(Exception):
    """The PDF would draw characters without a glyph of the bundled font."""


@contextlib.contextmanager
def quiet_weasyprint() -> Iterator[None]:
    """Mute WeasyPrint's progress (logged even while it imports) and its
    notes on every CSS property of Furo's stylesheet it does not support;
    those are not the CV's concern. Errors still show, and missing glyphs are
    checked after printing (:func:`check_glyphs`). fontTools, which reads the
    fonts, logs every file it decompresses."""
    names = ("weasyprint", "weasyprint.progress", "fontTools")
    loggers = [std_logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(std_logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


@functools.cache
def weasyprint_available() -> bool:
    """Whether WeasyPrint and its system libraries (Pango) load."""
    try:
        with quiet_weasyprint():
            import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def weasyprint_version() -> str:
    """WeasyPrint's version, part of what names a printed PDF; "" if not installed."""
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        return ""


def font_dir(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.portfolio_cv_font_dir)


def planned(app: Sphinx) -> bool:
    """Whether this build writes the PDF (or fails trying): an html build with
    a CV page, where WeasyPrint loads or the PDF is required."""
    return (
        bool(app.config.portfolio_cv_pdf)
        and app.builder.format == "html"
        and bool(model.entries(app.env, "cv"))
        and (app.config.portfolio_cv_pdf_required or weasyprint_available())
    )


def check_glyphs(document: Any, font_dir: Path) -> None:
    """Every character drawn comes from the bundled font, with a glyph there.

    WeasyPrint records, per font it embeds, which text each glyph draws and
    which characters the font had no glyph for (drawn as .notdef boxes).
    """
    elsewhere: dict[str, set[str]] = {}  # family: characters set in it
    notdef: set[str] = set()
    for font in document.fonts.values():
        notdef |= {chr(codepoint) for codepoint in getattr(font, "missing", {})}
        if font.family != fonts.FAMILY:
            drawn = elsewhere.setdefault(font.family, set())
            drawn.update(c for text in font.to_unicode.values() for c in text if not c.isspace())
    wrong = notdef.union(*elsewhere.values())
    if not wrong:
        return
    lacking = wrong - fonts.covered(font_dir)
    problems = []
    if lacking:
        problems.append(
            f"the CV's font {fonts.FAMILY!r} ({font_dir}) has no glyph for "
            f"{fonts.describe(lacking)}; run `make font` to subset it for the CV's text"
        )
    for family, chars in sorted(elsewhere.items()):
        if chars - lacking:
            problems.append(
                f"{fonts.describe(chars - lacking)} set in {family!r}, a font of this "
                f"machine, not in {fonts.FAMILY!r} (see the CV's print stylesheet)"
            )
    if not problems:
        problems.append(f"no glyph for {fonts.describe(notdef)}")
    raise GlyphError("; ".join(problems))


def write(
    html_file: Path,
    pdf_file: Path,
    outdir: Path,
    base: str,
    *,
    font_dir: Path,
    metadata: dict[str, Any],
) -> None:
    """Render ``html_file`` to ``pdf_file``, or raise :class:`GlyphError`.

    The page is read as if it were served at ``base``, so its relative links
    become the site's absolute addresses in the PDF; files under ``base``
    (stylesheets, fonts) are read from ``outdir``, and nothing else is
    fetched: the PDF needs no network.
    """
    with quiet_weasyprint():
        import weasyprint

    class SiteFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            # A stylesheet read from its file names its fonts by file URL.
            if url.startswith(base):
                local = (outdir / urlsplit(url[len(base) :]).path).resolve()
            elif url.startswith("file:"):
                local = Path(url2pathname(urlsplit(url).path)).resolve()
            else:
                local = None
            if local and local.is_file() and outdir.resolve() in local.parents:
                return super().fetch(local.as_uri(), headers)
            raise ValueError(f"not fetched (the PDF uses only the built site): {url}")

    if urlsplit(base).scheme not in ("http", "https"):  # no html_baseurl
        base = outdir.resolve().as_uri() + "/"
    with quiet_weasyprint():
        document = weasyprint.HTML(
            string=html_file.read_text(encoding="utf-8"),
            base_url=urljoin(base, html_file.relative_to(outdir).as_posix()),
            url_fetcher=SiteFetcher(allowed_protocols=["file", "http", "https"]),
            media_type="print",
        ).render()
        # The subject and language come from the page's description and lang.
        document.metadata.title = metadata["title"]
        document.metadata.authors = metadata["authors"]
        data = io.BytesIO()
        document.write_pdf(data, pdf_tags=True)
    check_glyphs(document, font_dir)
    pdf_file.write_bytes(data.getvalue())
