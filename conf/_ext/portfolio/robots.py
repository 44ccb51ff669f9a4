"""``robots.txt``: every crawler is welcome, and is told where the sitemap is.

sphinx-sitemap writes ``sitemap.xml`` but no ``robots.txt``, and a static file
in ``html_extra_path`` cannot name the sitemap's absolute URL, which depends on
where the site is served (``html_baseurl``: Read the Docs' canonical URL, or
the local preview). So this writes the file when an HTML build finishes::

    User-agent: *
    Allow: /

    Sitemap: <html_baseurl>sitemap.xml

Input: ``html_baseurl`` and sphinx-sitemap's ``sitemap_filename``. Without a
base URL or without sphinx-sitemap there is no sitemap to name, so no
``robots.txt`` is written (sphinx-sitemap, too, only logs that case).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def robots_txt(baseurl: str, sitemap_filename: str) -> str:
    """The text of ``robots.txt`` for a site served at ``baseurl``."""
    sitemap = urljoin(baseurl.rstrip("/") + "/", sitemap_filename)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"


def write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    baseurl = app.config.html_baseurl
    if not baseurl or "sphinx_sitemap" not in app.extensions:
        logger.info("robots.txt: no html_baseurl or no sphinx-sitemap, so no sitemap to name")
        # Nor a robots.txt left by an earlier build for another address.
        Path(app.outdir, "robots.txt").unlink(missing_ok=True)
        return
    text = robots_txt(baseurl, app.config.sitemap_filename)
    Path(app.outdir, "robots.txt").write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_robots_txt)
