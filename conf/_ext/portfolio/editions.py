"""Editions of the site in more than one language, from the same pages.

The pages are written in one language, the *source* (the first entry of
``portfolio_editions``); every other edition is the same pages built with
``-D language=<code>`` through the gettext catalogs in ``locale_dirs``. Where
each edition lives:

- **folders** (a local build, or ``PORTFOLIO_BASE_URL``): the source edition
  at the root, each other one in a folder named after its language (``ko/``);
  links between editions are relative, so they work wherever the folder is
  served from.
- **projects** (Read the Docs, ``portfolio_editions_on_read_the_docs``): each
  edition is its own project, the others set as translations of the first; a
  page's address in another edition is its canonical URL with the language
  segment swapped (``/en/latest/`` and ``/ko/latest/``).

What this adds to every HTML page:

- ``portfolio_switch``, for the templates: a link to the same page in each
  other edition (``conf/_templates/page.html`` draws it);
- ``<link rel="alternate" hreflang=…>`` for every edition and ``x-default``
  (the source) in the head, and the same alternates in ``sitemap.xml``, when
  the public address is known (``html_baseurl``).

And a check, on by default in every edition but the source
(``portfolio_translation_check``): every message of a page's catalog is
translated, not fuzzy, and not copied unchanged, apart from the messages that
``portfolio_translation_keep`` matches (regular expressions, each matching a
whole message); and every message of the page is in its
catalog. Otherwise the build fails with the catalog's file and line, or the
page's, so an edition can never silently fall behind its source.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import re
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.builders.gettext import MessageCatalogBuilder, MsgOrigin
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The catalog of the templates' strings (``_()`` in ``conf/_templates``).
TEMPLATE_DOMAIN = "sphinx"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


# -- Where each edition lives ----------------------------------------------------


def editions(config: Config) -> dict[str, str]:
    """Language code -> the language's own name, the source first."""
    found: dict[str, str] = config.portfolio_editions
    return found


def source_language(config: Config) -> str:
    return next(iter(editions(config)))


def folder_of(config: Config, language: str) -> str:
    """Where ``language``'s edition sits beside the source one, locally: ``ko/`` or ``""``."""
    return "" if language == source_language(config) else f"{language}/"


def public_base(config: Config, language: str) -> str:
    """The public address of ``language``'s edition, or ``""`` where none is known."""
    base: str = config.html_baseurl
    if not base:
        return ""
    base = base if base.endswith("/") else base + "/"
    current = config.language
    if config.portfolio_editions_on_read_the_docs:
        parts = urlsplit(base)
        segments = parts.path.split("/")
        if current not in segments:
            return ""
        segments[segments.index(current)] = language
        return urlunsplit(parts._replace(path="/".join(segments)))
    root = base.removesuffix(folder_of(config, current))
    return root + folder_of(config, language)


def relative_link(config: Config, uri: str, language: str) -> str:
    """From the page at ``uri`` (``projects/x.html``) to the same page in ``language``."""
    up = uri.count("/") + (0 if folder_of(config, config.language) == "" else 1)
    return "../" * up + folder_of(config, language) + uri


def root_path(config: Config) -> str:
    """The URL path of the source edition's root, for the 404 page's absolute links."""
    prefix: str = getattr(config, "notfound_urls_prefix", None) or "/"
    return prefix.removesuffix(folder_of(config, config.language)) or "/"


@dataclass(frozen=True)
class Switch:
    """A link to this page in another edition."""

    language: str
    name: str
    href: str


def switches(app: Sphinx, pagename: str) -> list[Switch]:
    config = app.config
    # The 404 page is served at any missing address: its link goes to the
    # other edition's landing page, by an absolute path.
    not_found = pagename == getattr(config, "notfound_pagename", "404")
    uri = app.builder.get_target_uri("index" if not_found else pagename)
    found = []
    for language, name in editions(config).items():
        if language == config.language:
            continue
        if config.portfolio_editions_on_read_the_docs:
            base = public_base(config, language)
            href = base + uri if base else ""
        elif not_found:
            href = root_path(config) + folder_of(config, language) + uri
        else:
            href = relative_link(config, uri, language)
        if href:
            found.append(Switch(language, name, href))
    return found


def alternates(app: Sphinx, uri: str) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of the page at ``uri`` in every edition, and x-default."""
    config = app.config
    found = []
    for language in editions(config):
        base = public_base(config, language)
        if not base:
            return []
        found.append((language, base + uri))
    found.append(("x-default", found[0][1]))
    return found


def add_to_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: the switcher's links, and the head's alternates."""
    if app.builder.format != "html":
        return
    context["portfolio_switch"] = switches(app, pagename)
    links = "".join(
        f'<link rel="alternate" hreflang="{lang}" href="{html.escape(url)}" />\n'
        for lang, url in alternates(app, app.builder.get_target_uri(pagename))
    )
    context["metatags"] = context.get("metatags", "") + links


def add_to_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: every URL of sphinx-sitemap's sitemap gets its alternates.

    sphinx-sitemap's own ``sitemap_locales`` puts every language under one
    address (``{lang}`` in its URL scheme); the editions here are folders
    beside the source, or projects with the language inside the path.
    """
    if exception is not None or "sphinx_sitemap" not in app.extensions:
        return
    path = Path(app.outdir, app.config.sitemap_filename)
    base = public_base(app.config, app.config.language)
    if not path.is_file() or not base:
        return
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    tree = ElementTree.parse(path)
    for url in tree.getroot().iter(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc") or ""
        if not loc.startswith(base):
            continue
        for lang, href in alternates(app, loc.removeprefix(base)):
            ElementTree.SubElement(
                url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang, href=href
            )
    ElementTree.indent(tree)
    tree.write(path, xml_declaration=True, encoding="utf-8")


# -- The templates' strings ---------------------------------------------------------


def theme_folder(name: str) -> Path | None:
    """The folder of an installed theme's own templates (its ``theme.conf``), unloaded.

    Loading the theme (Sphinx's theme factory) would set up its extension for
    a builder it is not made for.
    """
    for entry in entry_points(group="sphinx.html_themes", name=name):
        spec = importlib.util.find_spec(entry.module)
        if spec is None or spec.origin is None:
            continue
        for conf in sorted(Path(spec.origin).parent.rglob("theme.*")):
            if conf.parent.name == name and conf.name in {"theme.conf", "theme.toml"}:
                return conf.parent
    return None


def extract_templates(app: Sphinx) -> None:
    """``builder-inited``: the gettext builder extracts every template string a page shows.

    Sphinx's gettext builder looks for ``templates_path`` under the source
    folder, though the setting is relative to the configuration folder
    (``-c conf``), so it finds none of ``conf/_templates``; and it never reads
    the theme's templates, whose strings (Furo's "Next", "Back to top", "On
    this page") Sphinx's own Korean catalog lacks. Both go into
    ``sphinx.pot``, the theme's named by the theme (``furo/page.html``) rather
    than by where it is installed; the parent themes' strings (basic) are in
    Sphinx's catalogs.
    """
    builder = app.builder
    if not isinstance(builder, MessageCatalogBuilder):
        return
    folders = [
        (root, root)
        for root in (Path(app.confdir, folder) for folder in app.config.templates_path)
        # Missing, or found by Sphinx itself.
        if root.is_dir() and root.resolve() != Path(app.srcdir, root.name).resolve()
    ]
    theme_dir = theme_folder(app.config.html_theme)
    if theme_dir is not None:
        folders.append((theme_dir, Path(app.outdir, app.config.html_theme)))
    extract = builder.templates.environment.extract_translations
    for root, named in folders:
        for path in sorted(root.rglob("*.html")):
            origin = str(named / path.relative_to(root))
            for line, _method, msg in extract(path.read_text(encoding="utf-8")):
                if isinstance(msg, str):
                    builder.catalogs[TEMPLATE_DOMAIN].add(msg, MsgOrigin(origin, line))


# -- Nothing untranslated ----------------------------------------------------------


def checking(app: Sphinx) -> bool:
    setting: bool | None = app.config.portfolio_translation_check
    if setting is None:
        setting = app.config.language != source_language(app.config)
    return setting and app.builder.name != "gettext"


def catalog_path(app: Sphinx, domain: str) -> Path | None:
    """The ``.po`` of ``domain`` in this edition's language, or None."""
    for folder in app.config.locale_dirs:
        path = Path(app.srcdir, folder, app.config.language, "LC_MESSAGES", f"{domain}.po")
        if path.is_file():
            return path
    return None


FUZZY = "is fuzzy (its English changed): check the translation, then delete the '#, fuzzy' line"
UNTRANSLATED = "is not translated: translate it"
COPIED = (
    "is copied unchanged: translate it, or, if it stays as it is, match it in "
    "portfolio_translation_keep (conf.py)"
)


@dataclass(frozen=True)
class Problem:
    line: int
    msgid: str
    what: str


@functools.cache
def _read(path: Path, mtime_ns: int) -> tuple[frozenset[str], tuple[Problem, ...]]:
    with path.open("rb") as f:
        catalog = read_po(f, abort_invalid=True)
    msgids, problems = set(), []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue  # the header
        msgids.add(message.id)
        line = message.lineno or 1
        string = message.string if isinstance(message.string, str) else ""
        if message.fuzzy:
            problems.append(Problem(line, message.id, FUZZY))
        elif not string.strip():
            problems.append(Problem(line, message.id, UNTRANSLATED))
        elif string == message.id:
            problems.append(Problem(line, message.id, COPIED))
    return frozenset(msgids), tuple(problems)


def read_catalog(path: Path) -> tuple[frozenset[str], tuple[Problem, ...]]:
    """A catalog's message ids, and its messages that are fuzzy, empty or copied."""
    return _read(path, path.stat().st_mtime_ns)


@functools.cache
def _read_translations(path: Path, mtime_ns: int) -> frozenset[str]:
    with path.open("rb") as f:
        return frozenset(
            m.string for m in read_po(f) if m.id and isinstance(m.string, str) and m.string
        )


def read_translations(path: Path) -> frozenset[str]:
    """A catalog's translations (its msgstrs)."""
    return _read_translations(path, path.stat().st_mtime_ns)


def keeper(config: Config) -> re.Pattern[str]:
    """One pattern for the messages that stay as they are in every edition."""
    patterns: list[str] = config.portfolio_translation_keep
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.DOTALL)


def short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def check_catalogs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: each catalog's faults, at its file and line, every build."""
    if not checking(app):
        return
    keep = keeper(app.config)
    domains = {docname_to_domain(d, app.config.gettext_compact) for d in env.found_docs}
    for domain in sorted(domains | {TEMPLATE_DOMAIN}):
        path = catalog_path(app, domain)
        if path is None:
            where = sorted(d for d in env.found_docs if docname_to_domain(d, False) == domain)
            logger.warning(
                "no %s catalog %s.po in %s: run `make translations` and translate it",
                app.config.language,
                domain,
                app.config.locale_dirs,
                location=(where[0], 1) if where else None,
                type="portfolio",
                subtype="translation",
            )
            continue
        _, problems = read_catalog(path)
        for problem in problems:
            if keep.fullmatch(problem.msgid):
                continue
            logger.warning(
                "the message %s %s",
                short(problem.msgid),
                problem.what,
                location=f"{path}:{problem.line}",
                type="portfolio",
                subtype="translation",
            )


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a message of the page that its catalog lacks, at its line."""
    if not checking(app):
        return
    docname = app.env.current_document.docname
    path = catalog_path(app, docname_to_domain(docname, app.config.gettext_compact))
    if path is None:
        return  # said once by check_catalogs
    msgids, _ = read_catalog(path)
    keep = keeper(app.config)
    translations: frozenset[str] | None = None
    for node, msg in extract_messages(doctree):
        if node.get("translated") is not False or msg in msgids or keep.fullmatch(msg):
            continue
        if isinstance(node, nodes.image):
            # Sphinx translates an image's alt text, then marks the image
            # untranslated (its URI was not): the alt text is a translation.
            if translations is None:
                translations = read_translations(path)
            if msg in translations:
                continue
        logger.warning(
            "the message %s is not in %s: run `make translations`, then translate it",
            short(msg),
            path,
            location=node,
            type="portfolio",
            subtype="translation",
        )


def drop_translated_flag(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after the check: a page's ``<meta>`` loses Sphinx's ``translated`` flag.

    Sphinx marks each translatable node translated or not; the HTML writer
    writes every attribute of a meta node (the page's description) into its
    ``<meta>``, where ``translated`` is not valid HTML.
    """
    for meta in doctree.findall(nodes.meta):
        meta.attributes.pop("translated", None)


def absolute_locale_dirs(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``locale_dirs`` from the source folder, as absolute paths.

    Sphinx reads the catalogs relative to the source folder, but looks for the
    search page's script catalog (``sphinx.js``) relative to the working folder.
    """
    config.locale_dirs = [str(Path(app.srcdir, folder)) for folder in config.locale_dirs]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", absolute_locale_dirs)
    app.add_config_value("portfolio_editions", {"en": "English"}, "env", types=frozenset({dict}))
    app.add_config_value(
        "portfolio_editions_on_read_the_docs", False, "html", types=frozenset({bool})
    )
    app.add_config_value(
        "portfolio_translation_check", None, "env", types=frozenset({bool, type(None)})
    )
    app.add_config_value("portfolio_translation_keep", [], "env", types=frozenset({list}))
    app.connect("builder-inited", extract_templates)
    app.connect("html-page-context", add_to_page)
    app.connect("env-before-read-docs", check_catalogs)
    app.connect("doctree-read", check_page)
    app.connect("doctree-read", drop_translated_flag, priority=900)
    # After sphinx-sitemap writes the file (priority 500).
    app.connect("build-finished", add_to_sitemap, priority=600)
