"""What each page loads and how its text is laid out, decided per page.

sphinx-copybutton and sphinx-design add their scripts and stylesheets to
every page; neither has a setting to add them only where they are used
(sphinx-copybutton 0.5, sphinx-design 0.8). The ``html-page-context`` hook
below drops each from a page whose body does not use it, the pattern named in
https://github.com/sphinx-doc/sphinx/issues/8302, so the landing, search and
404 pages, which have no code and no sphinx-design component, load neither:

- ``copybutton.css``, ``clipboard.min.js``, ``copybutton.js`` and Pygments'
  ``pygments.css``: only on pages with a highlighted code block;
- ``sphinx-design.min.css``: only on pages with a sphinx-design component
  (an ``sd-`` class: grids, cards, badges, tabs);
- ``design-tabs.js``: only on pages with a tab set;
- ``portfolio.js`` (focusable scrollers): only on pages with a code block,
  table or figure, the blocks it watches.

Every script is loaded with ``defer``, in the order the page lists it: Sphinx
and Furo write plain ``<script src>`` tags at the end of ``<body>``, which the
browser must fetch and run before it finishes the page, and which Lighthouse's
simulation counts against the first paint (issue 13). None of them writes into
the page as it is parsed. But a deferred script runs once the page is parsed,
so Sphinx's ``_ready(callback)`` (doctools.js) calls back at once, not at
``DOMContentLoaded``, before the scripts after it have run: Sphinx's
translations (``translations.js``, which only fills doctools.js's catalog) are
moved to just after doctools.js, so that sphinx_highlight.js's "Hide Search
Matches" link is in the page's language. The search page is left as its
theme writes it, parser-blocking: there sphinx_highlight.js must see that
searchtools.js, written after it, has defined ``Search`` (or it highlights
the previous query's words on the search page).

It also hides Furo's "On this page" column on a page with fewer than two
sections, where it would list one heading beside an empty column (Furo hides
it only for none; a page can still ask with ``hide-toc`` front matter).

Every image has both its width and its height before it loads, so nothing
moves when it arrives (Lighthouse's cumulative layout shift, issue 13): where a
page gives one side only (Hangulize's logo: ``:width: 88px``), the other is
computed from the file's own size. An image in a figure loads lazily: figures
sit below the first screen, and a phone that never scrolls to them does not
download them (the computed figures of portfolio.figures already do).

A separator between links or facts (`` · ``) is bound to the word before it
with a no-break space, so a line that wraps ends with it and the next never
starts with it (the résumé pages write ``[GitHub](…) · [Docs](…)``).

Configuration: ``portfolio_photo``, the file name of the owner's photo in the
static folder (``conf/_static``), or empty for none; ``conf.py`` sets it when
the file is there, and ``resume-person`` shows it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.images import get_image_size

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A separator with breakable space (or a line break) on both sides.
SEPARATOR = re.compile(r"\s+·(?=\s|$)")
BOUND_SEPARATOR = "\N{NO-BREAK SPACE}·"

#: Asset file name -> what the page's body must contain for it to be loaded.
NEEDS: dict[str, re.Pattern[str]] = {
    "copybutton.css": re.compile(r'<div class="highlight"><pre'),
    "clipboard.min.js": re.compile(r'<div class="highlight"><pre'),
    "copybutton.js": re.compile(r'<div class="highlight"><pre'),
    "pygments.css": re.compile(r'class="highlight'),
    "sphinx-design.min.css": re.compile(r'class="[^"]*\bsd-'),
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab-set\b'),
    "portfolio.js": re.compile(r"<pre\b|<table\b|<figure\b"),
}

#: An image's width or height as the image directive writes it: ``88px``, ``40``.
LENGTH = re.compile(r"(?P<number>\d+(?:\.\d+)?)(?P<unit>[a-z]*)")

#: Furo's "On this page" is shown only with at least this many sections.
MIN_TOC_SECTIONS = 2


def basename(asset: Any) -> str:
    """``_static/copybutton.js?v=…`` → ``copybutton.js``."""
    filename = str(getattr(asset, "filename", asset))
    return filename.split("?", 1)[0].rsplit("/", 1)[-1]


def used(asset: Any, body: str) -> bool:
    need = NEEDS.get(basename(asset))
    return need is None or bool(need.search(body))


def deferred(asset: Any) -> Any:
    """A script of ``script_files`` that waits for the page: with ``defer``.

    Sphinx's assets are immutable, so a copy of the same class is made. A
    script that is already ``defer`` or ``async``, inline (no file), or a bare
    name (no attributes to add to) is kept as it is.
    """
    attributes = getattr(asset, "attributes", None)
    if attributes is None or not asset.filename or {"defer", "async"} & attributes.keys():
        return asset
    return type(asset)(asset.filename, priority=asset.priority, **attributes, defer="defer")


def translations_after_doctools(scripts: list[Any]) -> list[Any]:
    """``scripts`` with ``translations.js`` moved to just after ``doctools.js``.

    Sphinx sorts the page's scripts by priority after ``html-page-context``,
    keeping the order of equal ones: the moved script takes doctools.js's.
    """
    names = [basename(asset) for asset in scripts]
    if "translations.js" not in names or "doctools.js" not in names:
        return scripts
    old = scripts[names.index("translations.js")]
    doctools = scripts[names.index("doctools.js")]
    moved = type(old)(old.filename, priority=doctools.priority, **old.attributes)
    rest = [asset for asset in scripts if asset is not old]
    at = rest.index(doctools) + 1
    return [*rest[:at], moved, *rest[at:]]


def prune_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: defer every script, drop the assets a page does not
    use, hide a short TOC."""
    if "script_files" in context and pagename != "search":
        scripts = [deferred(asset) for asset in context["script_files"]]
        context["script_files"] = translations_after_doctools(scripts)
    # The search and 404 pages count too: their body (none for search, whose
    # results come from searchtools.js) uses none of these either.
    body = str(context.get("body", ""))
    for key in ("script_files", "css_files"):
        if key in context:
            # A new list: the builder's own is shared by every page.
            context[key] = [asset for asset in context[key] if used(asset, body)]
    if doctree is None:  # search, 404: pages written from templates, with no TOC
        return
    toc = str(context.get("toc", ""))
    # The page's own title is the TOC's first item; its sections are the rest,
    # less the Sources section that ends every page.
    sections = toc.count("<li") - 1 - ('href="#sources"' in toc)
    if sections < MIN_TOC_SECTIONS:
        context["furo_hide_toc"] = True


def bind_separators(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: no line starts with a separator."""
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not SEPARATOR.search(text):
            continue
        if isinstance(parent, (nodes.literal, nodes.literal_block, nodes.raw)):
            continue
        parent.replace(text, nodes.Text(SEPARATOR.sub(BOUND_SEPARATOR, str(text))))


def size_images(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: an image with one side gets the other; an image in a
    figure loads lazily."""
    for figure in doctree.findall(nodes.figure):
        for image in figure.findall(nodes.image):
            image.setdefault("loading", "lazy")
    for image in doctree.findall(nodes.image):
        given = [side for side in ("width", "height") if side in image]
        if len(given) != 1 or "scale" in image or "://" in image["uri"]:
            continue
        length = LENGTH.fullmatch(str(image[given[0]]))
        size = get_image_size(app.srcdir / image["uri"])
        if length is None or size is None or not all(size):
            continue  # a percentage, or a file whose size cannot be read
        width, height = size
        number, unit = float(length["number"]), length["unit"]
        if given == ["width"]:
            image["height"] = f"{number * height / width:g}{unit}"
        else:
            image["width"] = f"{number * width / height:g}{unit}"


def setup(app: Sphinx) -> None:
    app.add_config_value("portfolio_photo", "", "env", str)
    # After Furo's own handler (priority 500), which sets furo_hide_toc.
    app.connect("html-page-context", prune_assets, priority=900)
    # After every other doctree-resolved handler (the CV is filled in by one).
    app.connect("doctree-resolved", bind_separators, priority=900)
    app.connect("doctree-resolved", size_images)
