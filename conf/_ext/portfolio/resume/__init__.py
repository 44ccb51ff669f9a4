"""The résumé as data: one source for the pages, resume.json, JSON-LD and the PDF.

The facts (roles, projects, talks, education, languages, skills, contact) are
the options of small directives on the résumé pages, which also render them
(:mod:`portfolio.resume.directives` documents each). The directives store
them on the build environment, per page, so a parallel read merges them and an
edited page replaces only its own (:mod:`portfolio.resume.model`). From them
the html build writes:

- ``resume.json`` at the site root, in the JSON Resume schema;
- schema.org JSON-LD in the ``<head>`` of the landing page;
- the printable CV page (``resume-cv``, :mod:`portfolio.resume.cv`);
- its PDF, ``portfolio_cv_pdf`` at the site root, when WeasyPrint and its
  system libraries load (the ``pdf`` dependency group; ``make pdf``), in the
  font the project ships (:mod:`portfolio.resume.pdf`). Without them the
  build says so, writes the rest and links no PDF.

A build that has reported a warning or an error writes neither file: a fact
with an error is left out of the data, and the exports would lack it.

In another language (``-D language=ko``) the options in words are messages of
their page's catalog and the labels, dates and sentences the code writes are
messages of the ``portfolio`` catalog (:mod:`portfolio.i18n`); the facts are
recorded as the page shows them, translated, so the CV, its PDF (written into
that edition's output folder), resume.json and the JSON-LD follow the page's
language. Dates, URLs and identifiers are the same in every language.

Configuration:

``portfolio_cv_pdf``
    The PDF's file name at the site root (default ``cv.pdf``).
``portfolio_cv_pdf_required``
    Fail the build if the PDF cannot be written (default ``False``; ``make
    pdf`` and Read the Docs set it).
``portfolio_cv_font_dir``
    The folder of the CV's font and its stylesheet, relative to ``conf/``
    (default: ``conf/_fonts`` of this repository; ``make font`` writes it).
``portfolio_cache`` (:mod:`portfolio.figures`)
    If set, a folder where a printed PDF is kept by the hash of what prints
    it (the CV page, its font, WeasyPrint's version), for the builds that
    share the folder to copy instead of printing it again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError
from sphinx.util import logging

from portfolio import verdict
from portfolio.files import write_whole
from portfolio.i18n import _
from portfolio.resume import cv, exports, fonts, model, pdf
from portfolio.resume.directives import (
    DIRECTIVES,
    collect,
    resume_cv,
    resume_fact,
    resume_output_link,
)

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

ENV_VERSION = model.ENV_VERSION


# -- The environment: per page, merged across parallel readers ----------------


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    model.store(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    theirs = model.store(other)
    mine = model.store(env)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: the résumé is about one person, and the CV
    page the person names holds the CV."""
    people = model.entries(env, "person")
    cv_pages = {e["docname"] for e in model.entries(env, "cv")}
    for person in people:
        if person.get("cv") and person["cv"].strip("/") not in cv_pages:
            logger.error(
                "resume-person: :cv: %s is not a page with a resume-cv directive%s",
                person["cv"],
                f" (the CV is {', '.join(sorted(cv_pages))})" if cv_pages else "",
                location=(person["docname"], person["lineno"]),
                type="portfolio",
                subtype="resume",
            )
    if len(people) > 1:
        for extra in people[1:]:
            logger.warning(
                "resume-person: the résumé is about one person; another is at %s:%d",
                env.doc2path(people[0]["docname"]),
                people[0]["lineno"],
                location=(extra["docname"], extra["lineno"]),
                type="portfolio",
                subtype="resume",
            )


# -- Writing -----------------------------------------------------------------


def base_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or "/"
    return base if base.endswith("/") else base + "/"


# A PDF is read outside the site, so its links into the site are absolute.
# Without a public address (a local preview) they point at `make serve`, where
# an edition in another language than English is in a folder of its name
# (_build/html/ko/).
PREVIEW_URL = "http://127.0.0.1:8000/"


def pdf_base_url(app: Sphinx) -> str:
    if app.config.html_baseurl:
        return base_url(app)
    language = app.config.language
    return PREVIEW_URL if language in (None, "", "en") else f"{PREVIEW_URL}{language}/"


def add_json_ld(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the JSON-LD ``Person`` in the landing page's head."""
    if pagename != app.config.root_doc or not model.entries(app.env, "person"):
        return
    script = exports.json_ld_script(exports.json_ld(app.env, base_url(app)))
    context["metatags"] = context.get("metatags", "") + script


def write_outputs(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: resume.json, then the PDF of the CV page."""
    if exception is not None or app.builder.format != "html":
        return
    if not model.entries(app.env, "person"):
        return
    if verdict.reported(app):
        # A fact with an error is left out of the data: no export without it.
        logger.info("resume.json and the PDF are not written: this build reported problems")
        return
    outdir = Path(app.outdir)
    data = exports.json_resume(app.env, base_url(app))
    (outdir / "resume.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    pdf_file = outdir / app.config.portfolio_cv_pdf if app.config.portfolio_cv_pdf else None
    stamp = Path(app.doctreedir) / f"{app.config.portfolio_cv_pdf}.sha256"
    if pdf_file is None or not pdf.planned(app):
        # No PDF this build: none from an earlier one stays (nothing links it).
        if pdf_file is not None and pdf_file.exists():
            pdf_file.unlink()
            logger.info("%s removed: this build writes no PDF", pdf_file.name)
        stamp.unlink(missing_ok=True)
        if pdf_file is not None and model.entries(app.env, "cv"):
            logger.info(
                "%s not written: WeasyPrint or its system libraries (Pango) do not "
                "load; install the pdf dependency group (make pdf)",
                pdf_file.name,
            )
        return
    cv_page = model.entries(app.env, "cv")[0]
    html_file = outdir / app.builder.get_target_uri(cv_page["docname"])
    font_dir = pdf.font_dir(app)
    me = exports.person(app.env)
    metadata = {"title": _("{name}: CV").format(name=me["name"]), "authors": [me["name"]]}
    # WeasyPrint takes about a second to import and several to print; an edit
    # elsewhere leaves the CV page as it was (its stylesheets' URLs carry their
    # checksums), and so its PDF, unless the font changed.
    digest = hashlib.sha256(html_file.read_bytes() + pdf_base_url(app).encode())
    digest.update(json.dumps([metadata, pdf.weasyprint_version()]).encode())
    for name, _source in fonts.FILES.values():
        digest.update((font_dir / name).read_bytes())
    up_to_date = stamp.exists() and stamp.read_text(encoding="utf-8") == digest.hexdigest()
    if pdf_file.exists() and up_to_date:
        logger.info("%s is up to date", pdf_file.name)
        return
    pdf_file.unlink(missing_ok=True)
    stamp.unlink(missing_ok=True)
    if not pdf.weasyprint_available():
        raise ExtensionError(
            f"{pdf_file.name} not written: WeasyPrint or its system libraries (Pango) "
            "do not load; install the pdf dependency group (make pdf)"
        )
    # A build that shares portfolio_cache with others takes the PDF another
    # printed from the same page, font and settings.
    cached = (
        Path(app.config.portfolio_cache, "cv-pdf", f"{digest.hexdigest()}.pdf")
        if app.config.portfolio_cache
        else None
    )
    if cached is not None and cached.is_file():
        shutil.copyfile(cached, pdf_file)
        stamp.write_text(digest.hexdigest(), encoding="utf-8")
        logger.info("%s copied from %s", pdf_file.name, cached.parent)
        return
    logger.info("writing %s from %s", pdf_file.name, html_file.name)
    try:
        pdf.write(
            html_file, pdf_file, outdir, pdf_base_url(app), font_dir=font_dir, metadata=metadata
        )
    except pdf.GlyphError as error:
        logger.error(
            "%s not written: %s",
            pdf_file.name,
            error,
            location=(cv_page["docname"], cv_page["lineno"]),
            type="portfolio",
            subtype="resume",
        )
        return
    stamp.write_text(digest.hexdigest(), encoding="utf-8")
    if cached is not None:
        write_whole(cached, pdf_file.read_bytes())


def resolve_font_dir(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``portfolio_cv_font_dir`` as an absolute path, so the
    figures (:mod:`portfolio.figures`) find the font without the application."""
    config.portfolio_cv_font_dir = str(Path(app.confdir, config.portfolio_cv_font_dir))


def add_font(app: Sphinx) -> None:
    """``builder-inited``: the CV's font and its stylesheet go to ``_static``."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(pdf.font_dir(app)))


def add_font_stylesheet(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the CV page loads its font's ``@font-face`` rules."""
    if any(e["docname"] == pagename for e in model.entries(app.env, "cv")):
        app.add_css_file(fonts.STYLESHEET)


def setup(app: Sphinx) -> None:
    app.add_config_value("portfolio_cv_pdf", "cv.pdf", "html", str)
    app.add_config_value("portfolio_cv_pdf_required", False, "", bool)
    app.add_config_value("portfolio_cv_font_dir", str(fonts.DEFAULT_DIR), "", str)
    app.add_node(resume_output_link)
    app.add_node(resume_cv)
    app.add_node(resume_fact)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.connect("config-inited", resolve_font_dir)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-check-consistency", check)
    app.connect("doctree-resolved", cv.fill)
    app.connect("doctree-resolved", cv.resolve_output_links)
    app.connect("builder-inited", add_font)
    app.connect("html-page-context", add_font_stylesheet)
    app.connect("html-page-context", add_json_ld)
    app.connect("build-finished", write_outputs)
