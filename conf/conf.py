"""Sphinx configuration for Heungsub Lee's portfolio.

The pages live in ``docs/`` and this folder holds only how they are built, so
every build names it explicitly::

    sphinx-build -b html -c conf -n -W --keep-going -d _build/doctrees/html docs _build/html

The Makefile owns those arguments; the tests and Read the Docs repeat them.
The doctrees (``-d``) stay outside the output folder, which is published.
Sections below follow the order of Sphinx's configuration reference.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CONF_DIR = Path(__file__).resolve().parent
REPO_DIR = CONF_DIR.parent

# Local extensions live in conf/_ext; only that folder goes on sys.path.
sys.path.insert(0, str(CONF_DIR / "_ext"))

# -- Environment -------------------------------------------------------------
# Computed once, used by name below.

ON_RTD = bool(os.getenv("READTHEDOCS"))

# The public address, the one setting behind every absolute URL the build
# writes (canonical links, sitemap.xml, robots.txt, Open Graph, JSON-LD,
# resume.json, the PDF's links into the site). Read the Docs passes it in;
# elsewhere PORTFOLIO_BASE_URL names it (README: "Publishing elsewhere").
# Without either the build is a local preview and writes no absolute URL of
# its own: no canonical link, no sitemap, relative Open Graph URLs.
# https://docs.readthedocs.com/platform/stable/reference/environment-variables.html
BASE_URL = os.getenv("READTHEDOCS_CANONICAL_URL") or os.getenv("PORTFOLIO_BASE_URL") or ""
if BASE_URL and not BASE_URL.endswith("/"):
    BASE_URL += "/"

# The computed figures are kept in the doctree folder, named by a hash of
# everything that draws them. A folder named here is used instead, and may be
# shared by several builds (the test suite's builds of the site share one); it
# also keeps each printed CV PDF, named the same way, for those builds to copy
# rather than print again. portfolio.figures, portfolio.resume.
portfolio_cache = os.getenv("PORTFOLIO_CACHE", "")

# "Edit this page" links only where the repository's public address is known:
# Read the Docs passes it in. Nothing is guessed for local builds.
GIT_URL = os.getenv("READTHEDOCS_GIT_CLONE_URL", "").removesuffix(".git")
GIT_REF = os.getenv("READTHEDOCS_GIT_IDENTIFIER", "main")

# -- Project information -----------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information

project = "Heungsub Lee"
author = "Heungsub Lee"
copyright = "Heungsub Lee"  # noqa: A001 - Sphinx's name for the setting

# -- Internationalisation ----------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/advanced/intl.html
#
# English is the source; the Korean edition is built from the same pages
# through gettext catalogs, docs/locale/ko/LC_MESSAGES/<page>.po, one per page
# (`make translations` brings them up to date after an English edit). Read the
# Docs names each project's language; `make html` passes -D language=ko, which
# Sphinx applies after this file runs: the settings that differ by edition are
# set in _edition_settings() below, once the language is known.
language = os.getenv("READTHEDOCS_LANGUAGE", "en")
locale_dirs = ["locale"]
gettext_compact = False

# The editions, each named in its own language for the switcher on every page
# (portfolio.editions), the source first. Locally, and with PORTFOLIO_BASE_URL, the
# English edition is at the root and the Korean one in ko/ (`make html`); on
# Read the Docs each is its own project, the Korean one a translation of the
# English one, and a page's address in the other edition is its canonical URL
# with /en/ and /ko/ swapped.
portfolio_editions = {"en": "English", "ko": "한국어"}
portfolio_editions_on_read_the_docs = ON_RTD

# The Korean build fails on any message of a page's catalog (or of the
# templates', sphinx.po) that is untranslated, fuzzy or copied unchanged, and
# on any message of a page that its catalog lacks (portfolio.editions). Off with
# -D portfolio_translation_check=0, for a look at a half-translated edition.
# The messages that stay as they are in Korean, each a regular expression that
# must match a whole message: what a Korean page writes exactly as the English
# one does. A message that matches may be left empty or copied in its catalog.
portfolio_translation_keep = [
    # Numbers, dates in ISO form, and ranges: table cells (2.808, 2019-05-29, 10%).
    r"[\d.,%×–\- ]+",
    # Code alone, plain or bold, or a list of it: `mu`, `expose(rating)`,
    # `vars`, `macros`; and code with its value: `mu / 3` = 8.333.
    r"(\*\*)?`[^`]+`(\*\*)?",
    r"`[^`]+`(, `[^`]+`)+|`[^`]+` = [\d.]+",
    # Benchmark settings and table rows named by a commit: n=2, m=1;
    # torchgpipe README, 54f73cf.
    r"n=\d+, m=\d+|torchgpipe README, [0-9a-f]{7}",
    # A licence line: the licence's identifier and the holder as the source writes it.
    r"BSD-3-Clause, © 2014-2017 What! Studio",
    # Hangulize's examples, whose output is Korean in both editions, and its
    # two READMEs named by language.
    r'<span lang="ko">[^<]+</span>|(Go|Python) README',
    # A project card's first line: the logo, the page's name and its years.
    r"(!\[\]\([^)]+\)\{[^}]*\} )?\[(torchgpipe|TrueSkill|Profiling)\]\(projects/\w+\.md\) "
    r"\[[\d–]+\]\{\.project-dates\}",
    # Names with no Korean form of their own, alone (a heading, a table's cell):
    # projects, libraries, languages and tools, and benchmark settings' labels.
    r"torchgpipe|Hangulize|TrueSkill|Profiling|Tossi|SUBLEERUNKER|Flask-AutoIndex|Me2virus",
    r"(\*\*)?(PyTorch|ZeroMQ|Flask|jQuery|Go|JavaScript|Linux)(\*\*)?",
    r"Cappuccino|Guido van Rossum",
    r"(baseline|naive-\d+|pipeline-\d+)",
    # Organisations with no Korean form in any source, and the events and
    # talk titles that sources name only in English.
    r"Npine|Lunant",
    r"(NDC|PyCon KR|Nexon Talk) \d{4}",
    r"Golang Korea Meetup \(\[고랭코리아\]\{\.language-ko\}\)",
    r"Python Survival Guide|The server architecture of Durango Vol\. 2",
    # A cross-reference to a page alone, shown by the page's name: {doc}`Profiling <…>`.
    r"\{doc\}`[^`]+`",
    # Lines of links named only by a site (GitHub) or an address (trueskill.org).
    r"(\[(GitHub|[a-z0-9.-]+\.[a-z]{2,}(/[\w~-]+)?)\]\([^)\s]+\)(\s·\s)?)+",
    # Lines of skill badges, each a tool's name: {bdg-secondary-line}`MySQL` ….
    r"(\{bdg-[\w-]+\}`[^`]+`\s*)+",
    # The Profiling viewer's column names, as the tool shows them.
    r"FUNCTION|CALLS|OWN|DEEP",
    # Furo's footer (sphinx.po): the copyright notice, as Korean sites write it,
    # and the theme's name.
    r'(<a href="%\(path\)s">)?Copyright(</a>)? &#169; %\(copyright\)s',
    r'\s*<a href="https://github.com/pradyunsg/furo">Furo</a>\s*',
]

# -- General configuration ---------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#general-configuration

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    # A sitemap lists absolute URLs: only a build that knows the public
    # address writes one (BASE_URL above).
    *(["sphinx_sitemap"] if BASE_URL else []),
    "notfound.extension",
    "portfolio",
]

exclude_patterns = ["_build", ".DS_Store"]
templates_path = ["_templates"]

# Figures and tables are numbered, so {numref} can name them.
numfig = True

# Every reference must resolve: a moved target breaks the build, not a reader.
nitpicky = True

# Warnings name their type, so a reader knows what failed.
# https://www.sphinx-doc.org/en/master/usage/configuration.html#confval-show_warning_types
show_warning_types = True
# Sphinx's "not included in any toctree" names no line; portfolio.toctree
# reports the same pages at file:1 with the remedy, so the original is muted.
# Its "document that doesn't have a title" comes once per page whose sidebar
# lists the page; portfolio.verdict says it once, at the page's first line.
suppress_warnings = ["toc.not_included", "toc.no_title"]

# -- MyST --------------------------------------------------------------------
# https://myst-parser.readthedocs.io/en/latest/configuration.html

myst_enable_extensions = [
    # Korean text: MyST keeps only ids and classes, and docutils turns a
    # `language-ko` class into lang="ko". So [한글]{.language-ko} inline, and
    # {.language-ko} on the line above a block.
    "attrs_block",
    "attrs_inline",
    "colon_fence",  # ::: fences for sphinx-design components
    "deflist",
    "fieldlist",
]
# tel: too, for the phone number on the landing page.
myst_url_schemes = ["http", "https", "mailto", "tel"]
# Headings up to level 3 get slug anchors, so `[x](page.md#a-heading)` works
# and is checked by the build.
myst_heading_anchors = 3

# -- HTML output (Furo) ------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-html-output
# https://pradyunsg.me/furo/customisation/

html_theme = "furo"
html_title = "Heungsub Lee"
html_baseurl = BASE_URL
html_static_path = ["_static"]
html_css_files = ["portfolio.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
# The site has no index entries, so no empty "Index" page.
html_use_index = False
# Code blocks and tables that scroll sideways take keyboard focus (WCAG 2.1.1).
html_js_files = [("portfolio.js", {"defer": "defer"})]

_GITHUB_ICON = (
    '<svg stroke="currentColor" fill="currentColor" stroke-width="0" '
    'viewBox="0 0 16 16" aria-hidden="true"><path fill-rule="evenodd" d="M8 0C3.58 '
    "0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49"
    "-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 "
    "1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64"
    "-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 "
    "1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 "
    "2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 "
    "1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0 0 16 8c0-4.42-3.58-8-8-8z"
    '"></path></svg>'
)
_LINKEDIN_ICON = (
    '<svg fill="currentColor" viewBox="0 0 16 16" aria-hidden="true"><path d="M0 '
    "1.146C0 .513.526 0 1.175 0h13.65C15.474 0 16 .513 16 1.146v13.708c0 .633-.526 "
    "1.146-1.175 1.146H1.175C.526 16 0 15.487 0 14.854V1.146zm4.943 12.248V6.169H2.542v"
    "7.225h2.401zm-1.2-8.212c.837 0 1.358-.554 1.358-1.248-.015-.709-.52-1.248-1.342"
    "-1.248-.822 0-1.359.54-1.359 1.248 0 .694.521 1.248 1.327 1.248h.016zm4.908 "
    "8.212V9.359c0-.216.016-.432.08-.586.173-.431.568-.878 1.232-.878.869 0 1.216.662 "
    "1.216 1.634v3.865h2.401V9.25c0-2.22-1.184-3.252-2.764-3.252-1.274 0-1.845.7-2.165 "
    "1.193v.025h-.016a5.54 5.54 0 0 1 .016-.025V6.169h-2.4c.03.678 0 7.225 0 7.225h2.4z"
    '"></path></svg>'
)

# One font stack for every platform, with a Hangul face on each: the system's
# Latin faces first (Furo's own choice), then Apple SD Gothic Neo (macOS, iOS),
# Malgun Gothic (Windows), Noto Sans KR or Noto Sans CJK KR (Android, Linux).
# All are installed faces: no web font is downloaded.
# https://pradyunsg.me/furo/customisation/fonts/
_FONT_STACK = (
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, '
    '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR", '
    'sans-serif, "Apple Color Emoji", "Segoe UI Emoji"'
)

html_theme_options: dict[str, object] = {
    # Furo follows the reader's system setting and offers a light/dark toggle.
    # Variables set for light mode apply in dark mode too, unless overridden.
    "light_css_variables": {"font-stack": _FONT_STACK, "font-stack--headings": _FONT_STACK},
    "footer_icons": [
        {
            "name": "GitHub",
            "url": "https://github.com/sublee",
            "html": _GITHUB_ICON,
            "class": "",
        },
        {
            "name": "LinkedIn",
            "url": "https://linkedin.com/in/sublee",
            "html": _LINKEDIN_ICON,
            "class": "",
        },
    ],
}
if GIT_URL.startswith("https://"):
    html_theme_options |= {
        "source_repository": GIT_URL + "/",
        "source_branch": GIT_REF,
        "source_directory": "docs/",
        "top_of_page_buttons": ["edit"],
    }
else:
    html_theme_options["top_of_page_buttons"] = []

# The owner's photo, if he adds one: conf/_static/photo.jpg (or .png, .webp),
# shown on the landing page beside his name (portfolio.assets, resume-person).
# Without it the page is laid out for text alone.
portfolio_photo = next(
    (
        p.name
        for p in sorted((CONF_DIR / "_static").glob("photo.*"))
        if p.suffix in {".jpg", ".jpeg", ".png", ".webp"}
    ),
    "",
)

# -- Linkcheck ---------------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-the-linkcheck-builder

linkcheck_timeout = 15
linkcheck_retries = 2
linkcheck_workers = 8
linkcheck_report_timeouts_as_broken = True
linkcheck_ignore = [
    # LinkedIn answers every robot with HTTP 999 ("request denied"), so a live
    # profile looks broken. https://github.com/sphinx-doc/sphinx/issues/8640
    r"https://(www\.)?linkedin\.com/",
]
# GitHub builds its in-page anchors (#L10, #issuecomment-…) with JavaScript, so
# they are never in the HTML that linkcheck reads.
# https://github.com/sphinx-doc/sphinx/issues/9016
linkcheck_anchors_ignore_for_url = [r"https://github\.com/.*"]
# A moved page is worth updating to its new address: any redirect not listed
# here is a warning, and so fails the pass. These redirect by design.
linkcheck_allowed_redirects = {
    # The résumé's talk short links point at the slides wherever they are.
    r"https://subl\.ee/~\w+": r".*",
    # The Wayback Machine resolves a year to the nearest snapshot.
    r"https://web\.archive\.org/web/\d+/.*": r"https://web\.archive\.org/web/\d+.*",
}
# GitHub rate-limits anonymous requests; CI and laptops may pass a token in
# GITHUB_TOKEN. It is read only when the linkcheck builder starts (setup()
# below), so no other build keeps it in its pickled environment or output.


def _github_token_for_linkcheck(app: Sphinx) -> None:
    if app.builder.name == "linkcheck" and (token := os.getenv("GITHUB_TOKEN")):
        header = {"Authorization": f"Bearer {token}"}
        app.config.linkcheck_request_headers = {
            "https://github.com/": header,
            "https://api.github.com/": header,
        }


# -- sphinx-copybutton -------------------------------------------------------
# https://sphinx-copybutton.readthedocs.io/en/latest/use.html

# Copy only the code, not the prompts of console examples.
copybutton_exclude = ".linenos, .gp, .go"

# -- sphinxext-opengraph -----------------------------------------------------
# https://sphinxext-opengraph.readthedocs.io/en/latest/

ogp_site_url = BASE_URL
ogp_site_name = "Heungsub Lee"
ogp_enable_meta_description = True
# One preview image for the whole site, drawn by the build (portfolio.social):
# the extension's per-page cards use a font without Hangul and the first
# paragraph of each page. og:description is each page's own front-matter
# description (portfolio.social too).
ogp_image = "_static/social-preview.png"
ogp_image_alt = "Heungsub Lee, software engineer"
ogp_social_cards = {"enable": False}
portfolio_preview_title = "Heungsub Lee"
portfolio_preview_lines = [
    "Software engineer",
    "Parallel and distributed deep learning · Game servers",
    "torchgpipe · Hangulize · TrueSkill · Profiling",
]
# The extension adds these only with its own cards. X (Twitter) reads the
# title, description and image from the og: tags; it needs only the card type.
# https://developer.x.com/en/docs/x-for-websites/cards/guides/getting-started
ogp_custom_meta_tags = (
    '<meta name="twitter:card" content="summary_large_image" />',
    '<meta property="og:image:width" content="1200" />',
    '<meta property="og:image:height" content="630" />',
)
# og:locale (the extension has no option for it) is added per edition, with
# the other edition as og:locale:alternate: _edition_settings() below.
OG_LOCALES = {"en": "en_US", "ko": "ko_KR"}
# The site's name (sidebar brand, <title> suffix, og:site_name) per edition:
# his name as each language writes it (links.md: "이흥섭 Heungsub Lee").
SITE_NAMES = {"en": "Heungsub Lee", "ko": "이흥섭"}

# -- sphinx-sitemap ----------------------------------------------------------
# https://sphinx-sitemap.readthedocs.io/en/latest/configuration-values.html

# Read the Docs serves one language and version per canonical URL.
sitemap_url_scheme = "{link}"
# No alternates of the extension's own: it would find ko in locale_dirs and
# put each language under this edition's address. portfolio.editions adds each
# page's alternates in the other editions' real places.
sitemap_locales = [None]
sitemap_show_lastmod = False
# Pages for readers who are already here, not for search engines.
sitemap_excludes = ["search.html", "404.html"]
# robots.txt names the sitemap's absolute URL, so it is written by the build
# from html_baseurl (portfolio.robots); sphinx-sitemap writes none.

# -- sphinx-notfound-page ----------------------------------------------------
# https://sphinx-notfound-page.readthedocs.io/en/latest/configuration.html

# Absolute asset URLs, so the 404 page works at any depth of a missing URL.
# Read the Docs serves the site under /<language>/<version>/, which the
# extension reads from its environment; elsewhere the site is served at the
# public address's path, or at the root for a local preview.
if not ON_RTD:
    notfound_urls_prefix = urlsplit(BASE_URL).path or "/"
# The page is a template, conf/_templates/404.html, rather than HTML in
# notfound_context: its two strings are then extracted with the other
# templates' (`make translations`) into sphinx.pot, and translated in the same
# catalog, docs/locale/ko/LC_MESSAGES/sphinx.po, under the same check. (A
# docs/404.md page would be a page of the toctree, the search and the sitemap.)
# The sidebar and search lead on from it; a link in the body would be relative
# to the missing URL, so there is none.
notfound_template = "404.html"
notfound_context = {"metatags": '<meta name="robots" content="noindex" />'}

# -- portfolio.resume --------------------------------------------------------
# conf/_ext/portfolio/resume/__init__.py

# The printable CV's PDF at the site root, written by the html build when
# WeasyPrint loads (the pdf dependency group); the landing page links it then,
# and links it (and resume.json) only as the html build writes them, so
# linkcheck, which reads the sources, has no link to a file that is not there.
portfolio_cv_pdf = "heungsub-lee-cv.pdf"
# The PDF is set in the font the project ships, a subset of Noto Sans KR with
# the CV's characters (SIL OFL). A character it lacks fails the build, naming
# the character; `make font` regenerates the subset from the CV's text.
portfolio_cv_font_dir = "_fonts"
# Read the Docs publishes the site, so there a PDF that cannot be written fails
# the build; `make pdf` passes -D for the same. Elsewhere a build without
# Pango skips the PDF, says so, and leaves it out of the landing page's links.
portfolio_cv_pdf_required = ON_RTD

# -- Per edition -------------------------------------------------------------
# The settings that depend on the language, which -D language=ko sets only
# after this file has run: called when the configuration is complete.


def _edition_settings(app: Sphinx, config: Config) -> None:
    lang = config.language
    # With PORTFOLIO_BASE_URL=B the Korean edition is published at B + "ko/";
    # on Read the Docs, READTHEDOCS_CANONICAL_URL already names the project.
    if BASE_URL and not ON_RTD and lang != "en":
        config.html_baseurl = config.ogp_site_url = f"{BASE_URL}{lang}/"
    # The 404 page's links start at this edition's own folder.
    if not ON_RTD and lang != "en":
        config.notfound_urls_prefix = f"{urlsplit(BASE_URL).path or '/'}{lang}/"
    config.html_title = config.ogp_site_name = SITE_NAMES[lang]
    config.ogp_custom_meta_tags = (
        *config.ogp_custom_meta_tags,
        f'<meta property="og:locale" content="{OG_LOCALES[lang]}" />',
        *(
            f'<meta property="og:locale:alternate" content="{locale}" />'
            for other, locale in OG_LOCALES.items()
            if other != lang
        ),
    )


# -- Setup -------------------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/extensions/index.html#where-to-put-your-own-extensions


def _say_without_public_address(app: Sphinx) -> None:
    if app.builder.format == "html" and not BASE_URL:
        logging.getLogger(__name__).info(
            "no public address (READTHEDOCS_CANONICAL_URL or PORTFOLIO_BASE_URL): a local "
            "preview, with no canonical links, sitemap or robots.txt; to publish, build "
            "with PORTFOLIO_BASE_URL=https://host/path/"
        )


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _edition_settings)
    app.connect("builder-inited", _github_token_for_linkcheck)
    app.connect("builder-inited", _say_without_public_address)
