"""The résumé as data: one source for the pages, resume.json, JSON-LD and the PDF.

The facts (roles, projects, talks, education, languages, skills, contact) are
the options of small directives on the résumé pages, which also render them
(:mod:`portfolio.resume.directives` documents each). The directives store
them on the build environment, per page, so a parallel read merges them and an
edited page replaces only its own (:mod:`portfolio.resume.model`). From them
the html build writes:

- ``resume.json`` at the site root, in the JSON Resume schema;
- schema.org JSON-LD in the ``<head>`` of the landing page;
- the one-page CV page (``resume-cv``, :mod:`portfolio.resume.cv`);
- its PDF, ``portfolio_cv_pdf`` at the site root, when WeasyPrint and its
  system libraries load (the ``pdf`` dependency group; ``make pdf``). Without
  them the build says so and writes the rest.

A build that has reported a warning or an error writes neither file: a fact
with an error is left out of the data, and the exports would lack it.

Configuration:

``portfolio_cv_pdf``
    The PDF's file name at the site root (default ``cv.pdf``).
``portfolio_cv_pdf_required``
    Fail the build if the PDF cannot be written (default ``False``; ``make
    pdf`` and Read the Docs set it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError
from sphinx.util import logging

from portfolio import verdict
from portfolio.resume import cv, exports, model
from portfolio.resume.directives import DIRECTIVES, collect, resume_cv, resume_fact

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
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
    """``env-check-consistency``: the résumé is about one person."""
    people = model.entries(env, "person")
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
    cv_pages = model.entries(app.env, "cv")
    if not cv_pages:
        return
    pdf = outdir / app.config.portfolio_cv_pdf
    html_file = outdir / app.builder.get_target_uri(cv_pages[0]["docname"])
    # WeasyPrint takes about a second to import and one to print; an edit
    # elsewhere leaves the CV page as it was (its stylesheets' URLs carry their
    # checksums), and so its PDF.
    digest = hashlib.sha256(html_file.read_bytes() + base_url(app).encode()).hexdigest()
    stamp = Path(app.doctreedir) / f"{pdf.name}.sha256"
    if pdf.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        logger.info("%s is up to date", pdf.name)
        return
    if not exports.weasyprint_available():
        message = (
            f"{pdf.name} not written: WeasyPrint or its system libraries (Pango) do not "
            "load; install the pdf dependency group (make pdf)"
        )
        if app.config.portfolio_cv_pdf_required:
            raise ExtensionError(message)
        logger.info(message)
        return
    logger.info("writing %s from %s", pdf.name, html_file.name)
    exports.write_pdf(html_file, pdf, outdir, base_url(app))
    stamp.write_text(digest, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_config_value("portfolio_cv_pdf", "cv.pdf", "html", str)
    app.add_config_value("portfolio_cv_pdf_required", False, "", bool)
    app.add_node(resume_cv)
    app.add_node(resume_fact)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-check-consistency", check)
    app.connect("doctree-resolved", cv.fill)
    app.connect("html-page-context", add_json_ld)
    app.connect("build-finished", write_outputs)
