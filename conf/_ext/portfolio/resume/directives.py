"""The directives that hold the résumé's facts and render them on its pages.

Each directive sits under the heading of the entry it describes; where the
entry's name is the heading (a project, a talk, a school, a skill group), the
directive reads it from there, so the name is written once. Options hold the
structured facts; the content, where there is any, is the prose, and its
bullet list is the entry's highlights. Dates are a year (``2018``) or a year
and month (``2018-08``); an ``:end:`` left out means the entry has not ended
("2018–"). Options may use inline MyST (links, ``{.language-ko}`` spans).

``resume-role`` (under a role's heading on the work page)::

    :::{resume-role}
    :title: Software Engineer
    :organisation: [Kakao Brain](https://kakaobrain.com/)
    :summary: A deep learning artificial intelligence laboratory in Kakao.
    :start: 2018

    Prose, then a bullet list of highlights.
    :::

  ``:title:``, ``:organisation:`` and ``:start:`` are required; ``:end:`` may
  not be before ``:start:``. The organisation's first link is its URL;
  ``:summary:`` is a sentence about the organisation.

``resume-project`` (under a project's heading)::

    :::{resume-project}
    :start: 2019
    :links: [GitHub](https://github.com/kakaobrain/torchgpipe) · …

    One-line description, then a bullet list of highlights.
    :::

``resume-talk`` (under a talk's heading)::

    :::{resume-talk}
    :event: NDC 2016
    :date: 2016
    :award: grand prize
    :language: Korean
    :korean-title: 〈야생의 땅: 듀랑고〉 서버 아키텍처 Vol. 3
    :links: [subl.ee/~ndc16](https://subl.ee/~ndc16) · …
    :about: What the talk is about, with cross-references.
    :::

  ``:event:`` and ``:date:`` are required. A date without a month must be the
  year in the event's name ("NDC 2016"); a date with one is shown after it.

``resume-education`` (under the school's heading): ``:study:``, ``:url:``,
``:year:`` (required), ``:note:``.

``resume-languages``: one ``Language: fluency`` line of content per language.

``resume-interests``: a definition list; each term is an interest, each
definition the work that shows it (rendered, not recorded).

``resume-other`` (under the heading of a smaller project, or of a project he
contributed to): ``:links:`` and ``:type:`` (``contribution`` for the
latter); the content is a one-line description and a bullet list of
highlights, as in ``resume-project``, without dates.

``resume-skills`` (under a skill group's heading): content of sphinx-design
badges; each badge's text is a skill.

``resume-person`` (the landing page's first screen): ``:name:``,
``:alternate-name:`` (the name as another script writes it: 이흥섭),
``:email:``, ``:phone:``, ``:homepage:``, ``:profiles:`` (links, each
named by its network: ``[GitHub](https://github.com/sublee) · …``) and
``:cv:``, the docname of the printable CV. It draws a row of actions (Email,
each profile, the CV's PDF where the build writes it) and a line with the
addresses written out, and the owner's photo where ``portfolio_photo`` names
one in the static folder.

``resume-cv``: the printable CV, drawn from all of the above when the page is
written (:mod:`portfolio.resume.cv`).

Every error names the page and line of the directive: a missing or malformed
date, an end before a start, a directive outside a heading that needs one. An
unknown option is MyST's ``Unknown option key`` warning, at its line.
"""

# The résumé writes date ranges with an en dash (2013–2018).

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import DirectiveError, directives
from sphinx import addnodes
from sphinx.util import docname_join, logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

from portfolio.i18n import _
from portfolio.resume import model

logger = logging.getLogger(__name__)

OptionSpec = dict[str, Callable[[str], Any]]

#: Separates links in a field. The space before the dot does not break, so a
#: line that wraps ends with the dot and never starts with it.
LINK_SEPARATOR = "\N{NO-BREAK SPACE}· "

#: The owner's photo (``portfolio_photo``), in CSS pixels: a square.
PHOTO_SIZE = 144


class resume_cv(nodes.General, nodes.Element):
    """Where the printable CV goes; replaced when the page is written."""


class resume_output_link(nodes.Inline, nodes.Element):
    """A link to a file the build writes beside the pages (``output``: ``pdf``
    or ``json``); resolved when the page is written, as the build writes it."""


class resume_fact(nodes.Invisible, nodes.Element):
    """One entry's facts, until :func:`collect` moves them to the environment.

    ``entry`` holds the facts; ``heading`` names the field that takes the
    text of the section's heading (the entry's name), if any.
    """


#: Nodes with this class get the text of their section's heading.
HEADING_TEXT = "resume-heading-text"

#: The attributes of a node that shows one of an entry's fields: the field's
#: name (``title``, ``body``…) and the entry's line (:meth:`ResumeDirective.shows`).
SHOWS, SHOWN_ENTRY = "resume_shows", "resume_entry"

#: The entry's fields that the page shows in words, by kind, and the name of
#: what shows each (an option, or a line of ``resume-languages``).
SHOWN_FIELDS = {
    "role": {"title": "title", "organisation": "organisation", "description": "summary"},
    "talk": {"event": "event", "award": "award", "language": "language"},
    "education": {"area": "study", "note": "note"},
    "language": {"language": "language", "fluency": "fluency"},
}


def external_urls(node_list: list[nodes.Node]) -> list[str]:
    """The external URLs of the links in ``node_list``, in order."""
    urls = []
    for node in node_list:
        for ref in node.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if re.match(r"^[a-z]+:", uri):
                urls.append(uri)
    return urls


def text_of(node_list: list[nodes.Node]) -> str:
    return " ".join("".join(n.astext() for n in node_list).split())


class OptionError(DirectiveError):
    """An error in one option's value, reported at that option's line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(3, message)  # 3: docutils' ERROR level
        self.line = line


def _report_option_errors(
    run: Callable[[ResumeDirective], list[nodes.Node]],
) -> Callable[[ResumeDirective], list[nodes.Node]]:
    """Report an :class:`OptionError` at its option's line, not the directive's."""

    @functools.wraps(run)
    def wrapper(self: ResumeDirective) -> list[nodes.Node]:
        try:
            return run(self)
        except OptionError as error:
            return [self.reporter.system_message(error.level, error.msg, line=error.line)]

    return wrapper


class ResumeDirective(SphinxDirective):
    """What every résumé directive does: parse, check dates, record, render."""

    kind: ClassVar[str]
    option_spec: ClassVar[OptionSpec] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "run" in cls.__dict__:
            setattr(cls, "run", _report_option_errors(cls.__dict__["run"]))  # noqa: B010

    # -- reading ---------------------------------------------------------------

    def option_line(self, option: str) -> int:
        """The line of ``:option:`` in the page (the directive's if not found)."""
        pattern = re.compile(rf"^\s*:{re.escape(option)}:")
        for offset, line in enumerate(self.block_text.splitlines()):
            if pattern.match(line):
                return self.lineno + offset
        return self.lineno

    def option_error(self, option: str, message: str) -> OptionError:
        return OptionError(f"{self.name}: {message}", self.option_line(option))

    def url(self, option: str) -> str | None:
        """A URL option, in one of the schemes the site allows (``myst_url_schemes``)."""
        value = self.options.get(option)
        if value is None:
            return None
        value = value.strip()
        schemes = list(self.config.myst_url_schemes or ())
        scheme = urlsplit(value).scheme.lower()
        if scheme not in schemes:
            raise self.option_error(
                option,
                f":{option}: {value!r} is not a link the site allows; use one of "
                f"{', '.join(f'{s}:' for s in schemes)} (myst_url_schemes)",
            )
        return str(value)

    def inline(self, option: str) -> list[nodes.Node]:
        """The option's value parsed as inline MyST (empty if not given)."""
        text = self.options.get(option)
        if not text:
            return []
        # MyST counts an inline parse's lines from the one after ``lineno``.
        parsed, messages = self.parse_inline(text, lineno=self.option_line(option) - 1)
        return [*parsed, *messages]

    def message(
        self, option: str, children: list[nodes.Node], *, text: str | None = None
    ) -> nodes.paragraph:
        """A paragraph of ``children``, the rendered value of ``:option:``, that
        is a message of the page's catalog.

        Its source text (``text``, by default the option's value), file and
        line make the gettext builder extract it, and Sphinx's ``Locale``
        transform replace its children with the translation, parsed as MyST
        like the option. Options that hold dates, URLs or identifiers are not
        messages.
        """
        value = text if text is not None else self.options.get(option, "")
        paragraph = nodes.paragraph(value.strip(), "", *children)
        self.set_source_info(paragraph)
        paragraph.line = self.option_line(option)
        self.shows(paragraph, option)
        return paragraph

    def shows(self, node: nodes.Element, field: str, entry: int | None = None) -> None:
        """Mark ``node`` as showing ``field`` of the entry (by default the
        directive's), so :func:`collect` records what the page shows once it
        is translated."""
        node[SHOWS] = field
        node[SHOWN_ENTRY] = self.lineno if entry is None else entry

    def date(self, option: str, *, required: bool) -> str | None:
        value = self.options.get(option)
        if value is None:
            if required:
                raise self.error(f"{self.name}: the :{option}: date is required")
            return None
        try:
            model.parse_date(value)
        except ValueError as exc:
            raise self.option_error(option, f":{option}: {exc}") from exc
        return str(value).strip()

    def dates(self) -> tuple[str, str | None]:
        """``:start:`` (required) and ``:end:``, checked to be in order.

        Either may be a year or a month: ``2013-05`` to ``2013`` is a range
        within 2013; an end that must be before the start is an error.
        """
        start = self.date("start", required=True)
        assert start is not None
        end = self.date("end", required=False)
        if end is not None and not model.in_order(start, end):
            raise self.option_error("end", f":end: {end} is before :start: {start}")
        return start, end

    def body(self) -> list[nodes.Node]:
        """The content, parsed as MyST blocks (marked as the entry's ``body``)."""
        if not self.content:
            return []
        body = self.parse_content_to_nodes(allow_section_headings=False)
        for node in body:
            if isinstance(node, nodes.Element):
                self.shows(node, "body")
        return body

    # -- recording and rendering -------------------------------------------------

    def record(self, heading: str | None = None, **data: Any) -> resume_fact:
        """A node holding the entry; ``heading`` is the field the heading fills."""
        entry = {"kind": self.kind, "docname": self.env.docname, "lineno": self.lineno, **data}
        node = resume_fact("", entry=entry, heading=heading, directive=self.name)
        self.set_source_info(node)
        return node

    def field(self, name: str, *children: nodes.Node) -> nodes.field:
        """A labelled field; a lone paragraph child (a :meth:`message`) is its body."""
        if len(children) == 1 and isinstance(children[0], nodes.paragraph):
            body = children[0]
        else:
            body = nodes.paragraph("", "", *children)
        label = nodes.field_name(name, name)
        # The label is the extension's (the portfolio catalog), not the page's.
        label["translatable"] = False
        field = nodes.field("", label, nodes.field_body("", body))
        self.set_source_info(field)
        return field

    def field_list(self, *fields: nodes.field | None) -> nodes.field_list:
        field_list = nodes.field_list("", *(f for f in fields if f is not None))
        self.set_source_info(field_list)
        return field_list

    def entry(
        self,
        head: list[tuple[str, nodes.field | None]],
        details: list[nodes.field | None] | None = None,
        body: list[nodes.Node] | None = None,
    ) -> nodes.container:
        """One entry laid out like a line of a CV; every résumé page uses it.

        ``head`` is the entry's first line: ``(part, field)`` pairs, where a
        part is ``title`` (bold), ``place``, ``meta`` (quieter), ``award`` or
        ``dates`` (at the right). Its field names are for screen readers and
        hidden on screen; the parts are separated by a dot that stays at the
        end of a line, never at the start of the next. ``details`` are the
        labelled facts under it, and ``body`` the prose and highlights.
        """
        parts = [(part, f) for part, f in head if f is not None]
        # Dates first in the source, so a narrow screen can put them on top.
        parts.sort(key=lambda pf: pf[0] != "dates")
        inline = [f for part, f in parts if part != "dates"]
        for part, f in parts:
            f["classes"].append(f"entry-{part}")
            if part != "dates" and f is not inline[-1]:
                f["classes"].append("entry-more")
        head_list = self.field_list(*(f for _, f in parts))
        head_list["classes"].append("resume-entry-head")
        children: list[nodes.Node] = [head_list]
        if details and any(f is not None for f in details):
            detail_list = self.field_list(*details)
            detail_list["classes"].append("resume-entry-details")
            children.append(detail_list)
        children.extend(body or [])
        container = nodes.container("", *children, classes=["resume-entry", f"resume-{self.kind}"])
        self.set_source_info(container)
        return container


def highlights(body: list[nodes.Node]) -> list[str]:
    """The items of the content's top-level bullet lists, as text."""
    return [
        text_of([item])
        for node in body
        if isinstance(node, nodes.bullet_list)
        for item in node.children
    ]


def markdown_of(node: nodes.Node) -> str:
    """The text of ``node`` with its external links as Markdown links
    (``[GPipe](https://arxiv.org/abs/1811.06965)``), for exports whose readers
    render Markdown (JSON Resume themes do) and whose plain readers still see
    the URL."""
    if isinstance(node, nodes.Text):
        return node.astext()
    if isinstance(node, nodes.reference) and re.match(r"^[a-z]+:", node.get("refuri", "")):
        label = node.astext().replace("[", "(").replace("]", ")")
        return f"[{label}]({node['refuri']})"
    return "".join(markdown_of(child) for child in node.children)


def markdown_highlights(body: list[nodes.Node]) -> list[str]:
    """:func:`highlights`, with the links of each kept as Markdown links."""
    return [
        " ".join(markdown_of(item).split())
        for node in body
        if isinstance(node, nodes.bullet_list)
        for item in node.children
    ]


def paragraphs(body: list[nodes.Node]) -> list[str]:
    return [text_of([node]) for node in body if isinstance(node, nodes.paragraph)]


def implicit_doc_title(title: nodes.title) -> str | None:
    """The page a heading names by its title alone (``{doc}`/projects/x```).

    Such a heading's text is the target until references are resolved, so the
    entry takes its name from that page's title instead (:func:`model.entries`).
    """
    children = [c for c in title.children if c.astext().strip()]
    if len(children) == 1 and isinstance(children[0], addnodes.pending_xref):
        xref = children[0]
        if xref.get("reftype") == "doc" and not xref.get("refexplicit"):
            return str(xref["reftarget"])
    return None


def doc_target(title: nodes.title) -> str | None:
    """The page a heading links to (``{doc}`x </projects/x>```), if any."""
    for xref in title.findall(addnodes.pending_xref):
        if xref.get("reftype") == "doc":
            target = str(xref["reftarget"])
            return target.lstrip("/") if target.startswith("/") else target
    return None


class ResumeRole(ResumeDirective):
    """A job: title, organisation, dates; the content is what he did there."""

    kind = "role"
    has_content = True
    option_spec: ClassVar[OptionSpec] = {
        "title": directives.unchanged_required,
        "organisation": directives.unchanged_required,
        "summary": directives.unchanged,
        "start": directives.unchanged_required,
        "end": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        for option in ("title", "organisation"):
            if not self.options.get(option):
                raise self.error(f"{self.name}: the :{option}: option is required")
        start, end = self.dates()
        organisation = self.inline("organisation")
        summary = self.inline("summary")
        body = self.body()
        urls = external_urls(organisation)
        fact = self.record(
            title=self.options["title"].strip(),
            organisation=text_of(organisation),
            url=urls[0] if urls else None,
            description=text_of(summary),
            summary=" ".join(paragraphs(body)),
            highlights=highlights(body),
            highlights_md=markdown_highlights(body),
            start=start,
            end=end,
        )
        title = self.options["title"].strip()
        about = self.message("summary", summary)
        about["classes"].append("entry-about")
        return [
            fact,
            self.entry(
                [
                    ("title", self.field(_("Role"), self.message("title", [nodes.Text(title)]))),
                    (
                        "place",
                        self.field(_("Organisation"), self.message("organisation", organisation)),
                    ),
                    ("dates", self.field(_("Dates"), nodes.Text(model.format_range(start, end)))),
                ],
                body=[about, *body] if summary else body,
            ),
        ]


class ResumeProject(ResumeDirective):
    """An open-source project: dates and links; the content describes it."""

    kind = "project"
    has_content = True
    option_spec: ClassVar[OptionSpec] = {
        "start": directives.unchanged_required,
        "end": directives.unchanged_required,
        "links": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        start, end = self.dates()
        links = self.inline("links")
        body = self.body()
        urls = external_urls(links)
        texts = paragraphs(body)
        fact = self.record(
            heading="name",
            url=urls[0] if urls else None,
            links=urls,
            description=texts[0] if texts else "",
            highlights=highlights(body),
            highlights_md=markdown_highlights(body),
            start=start,
            end=end,
        )
        return [
            fact,
            self.entry(
                [
                    (
                        "place",
                        self.field(_("Links"), self.message("links", links)) if links else None,
                    ),
                    ("dates", self.field(_("Dates"), nodes.Text(model.format_range(start, end)))),
                ],
                body=body,
            ),
        ]


class ResumeTalk(ResumeDirective):
    """A public talk: its event, date, language and links."""

    kind = "talk"
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "event": directives.unchanged_required,
        "date": directives.unchanged_required,
        "award": directives.unchanged_required,
        "language": directives.unchanged_required,
        "korean-title": directives.unchanged_required,
        "links": directives.unchanged_required,
        "about": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        if not self.options.get("event"):
            raise self.error(f"{self.name}: the :event: option is required")
        date = self.date("date", required=True)
        assert date is not None
        event = self.inline("event")
        year, month = model.parse_date(date)
        if month is None and str(year) not in text_of(event):
            raise self.option_error(
                "date",
                f":date: {date} is a year, but the event "
                f"{text_of(event)!r} does not name it; give the month (YYYY-MM)",
            )
        award = self.options.get("award", "").strip()
        links = self.inline("links")
        urls = external_urls(links)
        fact = self.record(
            heading="name",
            event=text_of(event),
            date=date,
            award=award or None,
            language=self.options.get("language"),
            url=urls[0] if urls else None,
            korean_title=self.options.get("korean-title"),
        )
        # In the Korean edition the talk's heading is its Korean title (the
        # page's catalog), so the field would repeat it.
        korean = None if self.config.language == "ko" else self.options.get("korean-title")
        language = self.options.get("language")
        return [
            fact,
            self.entry(
                [
                    ("place", self.field(_("Event"), self.message("event", event))),
                    (
                        "meta",
                        self.field(_("Language"), self.message("language", [nodes.Text(language)]))
                        if language
                        else None,
                    ),
                    (
                        "award",
                        self.field(_("Award"), self.message("award", [nodes.Text(award)]))
                        if award
                        else None,
                    ),
                    ("dates", self.field(_("Date"), nodes.Text(model.format_date(date)))),
                ],
                [
                    self.field(
                        _("Korean title"),
                        nodes.inline(korean, korean, classes=["language-ko"]),
                    )
                    if korean
                    else None,
                    self.field(_("Links"), self.message("links", links)) if links else None,
                    self.field(_("About"), self.message("about", self.inline("about")))
                    if self.options.get("about")
                    else None,
                ],
            ),
        ]


class ResumeEducation(ResumeDirective):
    """A school: what he studied, when, and a note."""

    kind = "education"
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "study": directives.unchanged_required,
        "url": directives.unchanged_required,
        "year": directives.unchanged_required,
        "note": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        year = self.date("year", required=True)
        assert year is not None
        url = self.url("url")
        note = self.options.get("note", "").strip()
        study = self.options.get("study", "").strip()
        fact = self.record(
            heading="institution", url=url, area=study or None, start=year, note=note
        )
        school_node: nodes.Element = (
            nodes.reference("", "", refuri=url) if url else nodes.inline("", "")
        )
        school_node["classes"].append(HEADING_TEXT)
        return [
            fact,
            self.entry(
                [
                    (
                        "title",
                        self.field(_("Study"), self.message("study", [nodes.Text(study)]))
                        if study
                        else None,
                    ),
                    ("place", self.field(_("School"), school_node)),
                    ("dates", self.field(_("Dates"), nodes.Text(model.format_date(year)))),
                ],
                [self.field(_("Note"), self.message("note", [nodes.Text(note)])) if note else None],
            ),
        ]


class ResumeLanguages(ResumeDirective):
    """Spoken languages, one ``Language: fluency`` line each."""

    kind = "language"
    has_content = True

    def run(self) -> list[nodes.Node]:
        fields = []
        facts: list[nodes.Node] = []
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            language, sep, fluency = line.partition(":")
            if not sep or not language.strip() or not fluency.strip():
                raise self.error(
                    f"{self.name}: line {offset + 1} of the content, {line!r}, "
                    "is not 'Language: fluency'"
                )
            # MyST counts the content's lines from the directive's.
            line_number = self.lineno + self.content_offset + offset + 1
            fact = self.record(language=language.strip(), fluency=fluency.strip())
            fact["entry"]["lineno"] = line_number
            facts.append(fact)
            # The language and its fluency are each a message, at their line.
            source, _line = self.get_source_info()
            name = nodes.field_name(language.strip(), language.strip())
            value = nodes.paragraph(fluency.strip(), fluency.strip())
            for node, shown in ((name, "language"), (value, "fluency")):
                node.source, node.line = source, line_number
                self.shows(node, shown, entry=line_number)
            field = nodes.field("", name, nodes.field_body("", value))
            self.set_source_info(field)
            fields.append(field)
        if not fields:
            raise self.error(f"{self.name}: list at least one 'Language: fluency' line")
        return [*facts, self.field_list(*fields)]


class ResumeSkills(ResumeDirective):
    """A group of skills as sphinx-design badges; the heading names the group."""

    kind = "skills"
    has_content = True

    def run(self) -> list[nodes.Node]:
        body = self.body()
        keywords = badges(body)
        if not keywords:
            raise self.error(f"{self.name}: no badges; write each skill as a {{bdg-…}} badge")
        return [self.record(heading="name", keywords=keywords), *body]


class ResumeInterests(ResumeDirective):
    """Interests: a definition list whose terms are the interests."""

    kind = "interest"
    has_content = True

    def run(self) -> list[nodes.Node]:
        body = self.body()
        facts: list[nodes.Node] = [
            self.record(name=text_of([term]))
            for top in body
            if isinstance(top, nodes.definition_list)
            for term in top.findall(nodes.term)
        ]
        if not facts:
            raise self.error(f"{self.name}: write the interests as a definition list")
        return [*facts, *body]


class ResumeOther(ResumeDirective):
    """A smaller project, or contributions to someone else's: links and highlights."""

    kind = "other"
    has_content = True
    option_spec: ClassVar[OptionSpec] = {
        "links": directives.unchanged_required,
        "type": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        links = self.inline("links")
        body = self.body()
        urls = external_urls(links)
        texts = paragraphs(body)
        fact = self.record(
            heading="name",
            url=urls[0] if urls else None,
            type=self.options.get("type", "").strip() or None,
            description=texts[0] if texts else "",
            highlights=highlights(body),
            highlights_md=markdown_highlights(body),
        )
        header = self.field_list(
            self.field(_("Links"), self.message("links", links)) if links else None
        )
        return [fact, *([header] if links else []), *body]


class ResumePerson(ResumeDirective):
    """Who the résumé is about and how to reach him; links the CV and its PDF."""

    kind = "person"
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "name": directives.unchanged_required,
        "alternate-name": directives.unchanged_required,
        "email": directives.unchanged_required,
        "phone": directives.unchanged_required,
        "homepage": directives.unchanged_required,
        "profiles": directives.unchanged_required,
        "cv": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        if not self.options.get("name"):
            raise self.error(f"{self.name}: the :name: option is required")
        profile_links = self.inline("profiles")
        profiles = [
            {"network": ref.astext(), "url": ref["refuri"]}
            for node in profile_links
            for ref in node.findall(nodes.reference)
            if ref.get("refuri", "").startswith("https://")
        ]
        if self.options.get("profiles") and not profiles:
            raise self.option_error("profiles", ":profiles: has no https links")
        email = self.options.get("email")
        phone = self.options.get("phone")
        homepage = self.url("homepage")
        cv = self.options.get("cv")
        fact = self.record(
            name=self.options["name"].strip(),
            alternate_name=self.options.get("alternate-name", "").strip() or None,
            email=email,
            phone=phone,
            homepage=homepage,
            profiles=profiles,
            cv=cv,
        )
        # The first screen of the landing page: one row of actions (email,
        # each profile, the CV), then the same addresses written out.
        actions: list[nodes.Node] = []
        details: list[nodes.Node] = []
        if email:
            actions.append(nodes.reference("", _("Email"), refuri=f"mailto:{email}"))
            details.append(nodes.reference(email, email, refuri=f"mailto:{email}"))
        if phone:
            tel = "tel:" + re.sub(r"[^\d+]", "", phone)
            details.append(nodes.reference(phone, phone, refuri=tel))
        if homepage:
            details.append(nodes.reference("", _("Homepage"), refuri=homepage))
        for profile in profiles:
            actions.append(
                nodes.reference(profile["network"], profile["network"], refuri=profile["url"])
            )
        if cv:
            xref = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget=f"/{cv}", refexplicit=True,
                refdoc=self.env.docname, refwarn=True,
            )  # fmt: skip
            xref += nodes.inline("", _("CV"), classes=["xref", "std", "std-doc"])
            self.set_source_info(xref)
            # The PDF and resume.json are linked when the page is written, and
            # only if this build writes them (portfolio.resume.cv).
            actions.append(resume_output_link(output="pdf", text=_("CV (PDF)"), separator=False))
            details += [xref, resume_output_link(output="json")]
        row = nodes.paragraph("", "", classes=["person-actions"])
        for i, action in enumerate(actions):
            row += [nodes.Text(" ")] if i else []
            row += action
        line = nodes.paragraph("", "", classes=["person-details"])
        for i, detail in enumerate(details):
            sep = i and not isinstance(detail, resume_output_link)
            line += [nodes.Text(LINK_SEPARATOR)] if sep else []
            line += detail
        block = nodes.container("", classes=["person"])
        photo = self.config.portfolio_photo
        if photo:
            src = "../" * self.env.docname.count("/") + f"_static/{photo}"
            # Beside the name it shows, so its text alternative is empty
            # (WCAG H67); the file name is one conf.py found, photo.<ext>.
            block += nodes.raw(
                "",
                f'<img class="person-photo" src="{src}" alt="" '
                f'width="{PHOTO_SIZE}" height="{PHOTO_SIZE}" />',
                format="html",
            )
        block += [row, line] if actions or details else []
        self.set_source_info(block)
        return [fact, block]


class ResumeCV(SphinxDirective):
    """The printable CV: a placeholder, filled from every page's facts on write."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {}

    def run(self) -> list[nodes.Node]:
        node = resume_cv()
        self.set_source_info(node)
        entry = {"kind": "cv", "docname": self.env.docname, "lineno": self.lineno}
        fact = resume_fact("", entry=entry, heading=None, directive=self.name)
        self.set_source_info(fact)
        return [fact, node]


DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "resume-role": ResumeRole,
    "resume-project": ResumeProject,
    "resume-talk": ResumeTalk,
    "resume-education": ResumeEducation,
    "resume-languages": ResumeLanguages,
    "resume-skills": ResumeSkills,
    "resume-interests": ResumeInterests,
    "resume-other": ResumeOther,
    "resume-person": ResumePerson,
    "resume-cv": ResumeCV,
}


def as_shown(entry: model.Entry, shown: dict[tuple[int, str], list[nodes.Node]]) -> None:
    """Update ``entry``'s words to what the page shows: the same in English,
    the translations in another language (Sphinx's ``Locale`` transform has
    replaced them by now). Dates, URLs and identifiers stay as recorded."""
    key = entry["lineno"]
    for name, field in SHOWN_FIELDS.get(entry["kind"], {}).items():
        if (key, field) in shown:
            entry[name] = text_of(shown[key, field])
    body = shown.get((key, "body"))
    if body is None:
        return
    if entry["kind"] in ("role", "project", "other"):
        texts = paragraphs(body)
        if entry["kind"] == "role":
            entry["summary"] = " ".join(texts)
        else:
            entry["description"] = texts[0] if texts else ""
        entry["highlights"] = highlights(body)
        entry["highlights_md"] = markdown_highlights(body)
    elif entry["kind"] == "skills":
        entry["keywords"] = badges(body)


def badges(body: list[nodes.Node]) -> list[str]:
    """The text of each sphinx-design badge in ``body``."""
    return [
        node.astext()
        for top in body
        for node in top.findall(nodes.Element)
        if "sd-badge" in node.get("classes", [])
    ]


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: move each entry to the environment, named by its heading.

    The heading is known only once the page is parsed, so the entry's name,
    its anchor (the section's id, for links back) and the page a heading links
    to are read here; so are its words, as the page shows them (translated,
    in another language than the source's).
    """
    shown: dict[tuple[int, str], list[nodes.Node]] = {}
    for node in doctree.findall(nodes.Element):
        if SHOWS in node:
            shown.setdefault((node[SHOWN_ENTRY], node[SHOWS]), []).append(node)
    terms: dict[int, list[str]] = {}
    for fact in list(doctree.findall(resume_fact)):
        entry: model.Entry = dict(fact["entry"])
        as_shown(entry, shown)
        if entry["kind"] == "interest":
            # One entry per term of the directive's list, in order.
            if entry["lineno"] not in terms:
                terms[entry["lineno"]] = [
                    text_of([term])
                    for top in shown.get((entry["lineno"], "body"), [])
                    if isinstance(top, nodes.definition_list)
                    for term in top.findall(nodes.term)
                ]
            if terms[entry["lineno"]]:
                entry["name"] = terms[entry["lineno"]].pop(0)
        section = fact.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        title = section[0] if section is not None and len(section) else None
        if fact["heading"]:
            if not isinstance(title, nodes.title) or section is None or section.parent is None:
                logger.error(
                    "%s: place it under the heading of its entry (a ## heading)",
                    fact["directive"],
                    location=fact,
                    type="portfolio",
                    subtype="resume",
                )
                fact.parent.remove(fact)
                continue
            entry[fact["heading"]] = title.astext()
            entry["page"] = doc_target(title)
            if implicit := implicit_doc_title(title):
                entry["heading_doc"] = docname_join(app.env.docname, implicit)
                entry["heading_field"] = fact["heading"]
            for node in section.findall(nodes.Element):
                if HEADING_TEXT in node["classes"]:
                    node += nodes.Text(title.astext())
                    node["classes"].remove(HEADING_TEXT)
        # A section's label comes before its slug: links use what other pages use.
        ids: list[str] = section["ids"] if section is not None and section.parent else []
        entry["anchor"] = ids[0] if ids and entry["kind"] != "language" else ""
        model.add(app.env, entry)
        fact.parent.remove(fact)
