"""Local Sphinx extensions for the portfolio.

Each feature is one module with its own ``setup()``; this package only loads
them, so ``extensions = ["portfolio"]`` in ``conf.py`` is all it takes.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from portfolio import (
    editions,
    figures,
    i18n,
    layout,
    markup,
    resume,
    robots,
    social,
    toctree,
    verdict,
)

__version__ = "1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    editions.setup(app)
    figures.setup(app)
    i18n.setup(app)
    layout.setup(app)
    markup.setup(app)
    resume.setup(app)
    robots.setup(app)
    social.setup(app)
    toctree.setup(app)
    verdict.setup(app)
    app.setup_extension("portfolio.search_ko")
    return {
        "version": __version__,
        "env_version": resume.ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
