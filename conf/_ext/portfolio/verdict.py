"""Same source, same verdict: an incremental build reports and writes what a clean one does.

Sphinx re-reads only the pages that changed, writes only those (and the pages
whose toctrees list them), and keeps no warning from one run to the next. So
with ``-W`` a fault fails one build and the next says "build succeeded"; and
an incremental build leaves pages that a clean build would change or not
write at all. Three rules close the gap:

- **Warnings are remembered by page.** Every warning Sphinx reports (after
  ``suppress_warnings``) is traced to the page it names; when the build ends
  the list goes to ``portfolio-warned.json`` in the doctree folder, and the
  next build re-reads those pages (``env-get-outdated``), so they warn again
  until they are fixed. A warning that names no page makes the next build
  re-read every page.
- **Every build writes every page** (``env-get-updated``), and the search
  index afresh. A build that changes nothing takes about half a second more
  (3.5 s of CPU instead of 2.9 s, measured 2026-11); in exchange every
  sidebar, the sitemap (sphinx-sitemap lists only the pages of the current
  build: https://github.com/jdillard/sphinx-sitemap/issues/13), the search
  index and every cross-reference are those of a clean build, and a broken
  reference is reported on every run.
- **Output of pages that are gone is removed**: a page's HTML that no page of
  this build produces (a deleted or renamed page), and an image no page uses.
  Another build's output inside this one is left alone: the folder of each
  other edition (``ko/``, ``portfolio_editions``; it may be being built at
  the same time), and any folder with a ``.buildinfo`` of its own.

Two checks of the pages' input live here too, because Sphinx reports them
badly: a page that is not UTF-8 stops the build with a traceback that names
no file, and a page without a title warns once for every page whose sidebar
lists it (``conf.py`` mutes ``toc.no_title`` for the one warning here).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging as sphinx_logging

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = sphinx_logging.getLogger(__name__)

#: In the doctree folder: the pages that warned in the last build.
WARNED_FILE = "portfolio-warned.json"
#: Stands for "a warning that names no page": every page is re-read.
EVERY_PAGE = "*"
#: Where this build's record (:class:`_State`) lives on the application.
STATE_ATTR = "_portfolio_verdict"

LINE_SUFFIX = re.compile(r":\d+$")


@dataclass
class _State:
    """What one build has seen so far."""

    warned: set[str] = field(default_factory=set)  # docnames, or EVERY_PAGE
    reported: int = 0  # warnings and errors
    pages: set[str] = field(default_factory=set)  # pagenames of html-page-context


def state(app: Sphinx) -> _State:
    if not hasattr(app, STATE_ATTR):
        setattr(app, STATE_ATTR, _State())
    found: _State = getattr(app, STATE_ATTR)
    return found


def reported(app: Sphinx) -> int:
    """How many warnings and errors this build has reported so far."""
    return state(app).reported


# -- Remembering warnings ---------------------------------------------------


def page_of(app: Sphinx, location: object) -> str:
    """The docname a reported warning's location names, or :data:`EVERY_PAGE`."""
    env: BuildEnvironment | None = getattr(app, "env", None)
    if env is None or not isinstance(location, str) or not location:
        return EVERY_PAGE
    # Sphinx has turned the location into "path:line", "path" or, for a node
    # from an included file, "path:docstring of …:line"; the path comes first.
    path = LINE_SUFFIX.sub("", location)
    for candidate in (path, path.split(":", 1)[0]):
        docname = env.path2doc(candidate)
        if docname is not None and docname in env.found_docs:
            return docname
    return EVERY_PAGE


class WarningRecorder(logging.Filter):
    """Appended to Sphinx's warning handler: sees each warning it prints."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        found = state(self.app)
        found.reported += 1
        found.warned.add(page_of(self.app, getattr(record, "location", None)))
        return True


def install_recorder(app: Sphinx) -> None:
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler):
            handler.addFilter(WarningRecorder(app))


def warned_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / WARNED_FILE


def reread_warned(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: the pages that warned last time are read again."""
    try:
        warned = set(json.loads(warned_file(app).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return []
    if EVERY_PAGE in warned:
        return sorted(env.found_docs)
    return sorted(warned & env.found_docs)


def save_warned(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the pages to read again next time, even after a crash."""
    warned = sorted(state(app).warned)
    if exception is not None:
        warned = [EVERY_PAGE]
    path = warned_file(app)
    if warned:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(warned) + "\n", encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


# -- Writing every page, removing what is gone ------------------------------


def write_every_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page is written, as in a clean build."""
    return sorted(env.found_docs)


def fresh_search_index(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the search index is built from every page, not updated.

    Sphinx loads the last build's index and prunes the pages it rewrites, but
    keeps each word of a removed page as an empty entry; with every page being
    written, the old index has nothing to give.
    """
    if isinstance(builder, StandaloneHTMLBuilder):
        Path(builder.outdir, builder.searchindex_filename).unlink(missing_ok=True)


def note_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: pages that are no document (search, 404) are kept.

    They are written by the main process after the documents, so this sees
    them even in a parallel build.
    """
    state(app).pages.add(pagename)


def remove_stale_output(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: remove pages and images that no page of this build made."""
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    outdir = Path(builder.outdir)
    pagenames = set(app.env.found_docs) | state(app).pages
    keep = {Path(builder.get_outfilename(name)) for name in pagenames}
    for extra in app.config.html_extra_path:  # copied in as they are
        root = Path(app.confdir, extra)
        keep |= {outdir / p.relative_to(root) for p in root.rglob("*")} | {outdir / root.name}
    # Another build's output inside this one: the other editions' folders.
    editions: dict[str, str] = getattr(app.config, "portfolio_editions", {})
    nested = {p.parent for p in outdir.glob("*/**/.buildinfo")}
    nested |= {outdir / lang for lang in editions if lang != app.config.language}
    stale = [
        path
        for path in outdir.rglob(f"*{builder.out_suffix}")
        # Sphinx's own folders (_static, _images, …) hold no pages.
        if not path.relative_to(outdir).parts[0].startswith(("_", "."))
        and path not in keep
        and not any(path.is_relative_to(folder) for folder in nested)
    ]
    imagedir = outdir / builder.imagedir
    if imagedir.is_dir():
        used = set(builder.images.values())
        stale += [path for path in imagedir.iterdir() if path.name not in used]
    for path in sorted(stale):
        logger.info("removing %s: no page of this build writes it", path.relative_to(outdir))
        path.unlink()
        for folder in path.parents:
            if folder == outdir or any(folder.iterdir()):
                break
            folder.rmdir()


# -- Input that Sphinx reports without a page or too often ------------------


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a page that does not decode is an error at its line.

    Sphinx would stop with a ``UnicodeDecodeError`` that names no file; here
    the page is left out of the build (so its toctree entry warns too), and
    the build goes on to report everything else.
    """
    encoding = app.config.source_encoding
    name = "UTF-8" if encoding.lower().replace("_", "-") in {"utf-8", "utf-8-sig"} else encoding
    for docname in list(docnames):
        data = env.doc2path(docname).read_bytes()
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            logger.error(
                "the page is not %s: byte 0x%02x at line %d cannot be read; save the file as %s",
                name,
                data[error.start],
                line,
                name,
                location=(docname, line),
                type="portfolio",
                subtype="encoding",
            )
            docnames.remove(docname)
            env.project.docnames.discard(docname)


def check_titles(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: every page has a title, said once at its first line."""
    for docname in sorted(env.all_docs):
        toc = env.tocs.get(docname)
        if toc is not None and not toc.children:
            logger.warning(
                "the page has no title: begin it with a `# Heading`",
                location=(docname, 1),
                type="portfolio",
                subtype="title",
            )


def setup(app: Sphinx) -> None:
    install_recorder(app)
    app.connect("env-get-outdated", reread_warned)
    app.connect("env-before-read-docs", check_encoding)
    app.connect("env-get-updated", write_every_page)
    app.connect("write-started", fresh_search_index)
    app.connect("env-check-consistency", check_titles)
    app.connect("html-page-context", note_page)
    # After every other handler: their warnings are the build's too.
    app.connect("build-finished", remove_stale_output, priority=900)
    app.connect("build-finished", save_warned, priority=1000)
