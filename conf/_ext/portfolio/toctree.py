"""A page in no toctree is an error that names its file, line and remedy.

Sphinx's own warning (``toc.not_included``) names the file but no line, which
editors and CI annotations cannot jump to; ``conf.py`` suppresses it and this
check reports the same pages, at line 1, with what to do about them. The rule
is Sphinx's: the root page, pages included by others and pages marked
``orphan`` in their front matter are exempt.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def pages_in_no_toctree(env: BuildEnvironment) -> list[str]:
    """Docnames that no toctree lists, by Sphinx's own rule."""
    included = set().union(*env.included.values())
    return [
        docname
        for docname in sorted(env.all_docs)
        if docname not in env.files_to_rebuild
        and docname != env.config.root_doc
        and docname not in included
        and "orphan" not in env.metadata[docname]
    ]


def check_toctrees(app: Sphinx, env: BuildEnvironment) -> None:
    for docname in pages_in_no_toctree(env):
        logger.warning(
            "page is in no toctree: list %r in a toctree (docs/index.md holds them), "
            "or mark the page `orphan: true` in its front matter",
            docname,
            location=(docname, 1),
            type="portfolio",
            subtype="toctree",
        )


def setup(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_toctrees)
