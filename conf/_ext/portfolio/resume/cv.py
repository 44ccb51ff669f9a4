"""The printable CV, drawn from the facts every résumé page recorded.

``resume-cv`` leaves a placeholder; when its page is written (after every page
was read) :func:`fill` replaces it with the CV: contact, work, open source,
talks, skills, languages and education, each entry linking back to its
section of the site. The stylesheet's ``@media print`` rules lay it out on A4,
and :mod:`portfolio.resume.exports` prints it to the PDF.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

from portfolio.i18n import _
from portfolio.resume import model, pdf
from portfolio.resume.directives import LINK_SEPARATOR, resume_cv, resume_output_link
from portfolio.resume.exports import person

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def short_url(url: str) -> str:
    """``https://github.com/sublee/`` → ``github.com/sublee``."""
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


#: A run of Hangul (with the spaces and punctuation inside it): Korean text,
#: which the page marks lang="ko" (the site's {.language-ko} convention).
HANGUL_RUN = re.compile(
    r"[\uac00-\ud7a3\u3130-\u318f](?:[\s\uac00-\ud7a3\u3130-\u318f〈〉:.]*[\uac00-\ud7a3\u3130-\u318f])?"
)


def text(value: str) -> list[nodes.Node]:
    """``value`` as text nodes, its Korean runs marked as Korean."""
    result: list[nodes.Node] = []
    position = 0
    for match in HANGUL_RUN.finditer(value):
        if match.start() > position:
            result.append(nodes.Text(value[position : match.start()]))
        result.append(nodes.inline(match.group(), match.group(), classes=["language-ko"]))
        position = match.end()
    if position < len(value):
        result.append(nodes.Text(value[position:]))
    return result


def link(text: str, uri: str, *classes: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=uri, classes=list(classes))


def sentence(message: str, **parts: nodes.Node | str) -> list[nodes.Node]:
    """``message`` (translated) with each ``{name}`` replaced by ``parts[name]``,
    a node or a text (its Korean runs marked as :func:`text` does).

    A translation may put the parts in any order, as its language does.
    """
    result: list[nodes.Node] = []
    for piece in re.split(r"(\{\w+\})", message):
        part = parts.get(piece[1:-1]) if re.fullmatch(r"\{\w+\}", piece) else piece
        if isinstance(part, nodes.Node):
            result.append(part)
        elif part:
            result.extend(text(part))
    return result


class Writer:
    """Builds the CV's nodes for one page."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.env = app.env
        self.docname = docname

    def href(self, entry: model.Entry, docname: str | None = None) -> str:
        target = docname or entry["docname"]
        uri = self.app.builder.get_relative_uri(self.docname, target)
        return f"{uri}#{entry['anchor']}" if entry["anchor"] and not docname else uri

    def title(self, kind: str, default: str) -> str:
        """The title of the page that holds the entries of ``kind``: the CV
        names its sections as the site's navigation does."""
        found = model.entries(self.env, kind)
        title = self.env.titles.get(found[0]["docname"]) if found else None
        return title.astext() if title is not None else default

    def section(self, key: str, title: str, *children: nodes.Node) -> nodes.section:
        section = nodes.section("", ids=[f"cv-{key}"], names=[f"cv-{key}"], classes=["cv-section"])
        section += nodes.title(title, title)
        section.extend(children)
        return section

    def head(self, *children: nodes.Node, dates: str) -> nodes.paragraph:
        """An entry's first line, its dates set to the right."""
        return nodes.paragraph(
            "",
            "",
            nodes.inline(dates, dates, classes=["cv-dates"]),
            *children,
            classes=["cv-entry-head"],
        )

    def bullets(self, items: list[str]) -> list[nodes.Node]:
        if not items:
            return []
        return [
            nodes.bullet_list(
                "",
                *(nodes.list_item("", nodes.paragraph(i, "", *text(i))) for i in items),
                classes=["cv-highlights"],
            )
        ]

    def contact(self) -> list[nodes.Node]:
        me = person(self.env)
        parts: list[nodes.Node] = []
        if me.get("email"):
            parts.append(link(me["email"], f"mailto:{me['email']}"))
        if me.get("phone"):
            tel = "tel:" + "".join(c for c in me["phone"] if c.isdigit() or c == "+")
            parts.append(link(me["phone"], tel))
        for url in [me.get("homepage"), *(p["url"] for p in me.get("profiles", []))]:
            if url:
                parts.append(link(short_url(url), url))
        line = nodes.paragraph("", "", classes=["cv-contact"])
        for i, part in enumerate(parts):
            if i:
                line += nodes.Text(LINK_SEPARATOR)
            line += part
        json_link = output_link(self.app, self.docname, "json")
        if pdf.planned(self.app):
            pdf_link = output_link(self.app, self.docname, "pdf")
            words = sentence(
                _("Also as {pdf} and as {json} (JSON Resume)."), pdf=pdf_link, json=json_link
            )
        else:
            words = sentence(_("Also as {json} (JSON Resume)."), json=json_link)
        note = nodes.paragraph("", "", *words, classes=["cv-screen-only"])
        return [line, note]

    def work(self) -> nodes.section:
        entries: list[nodes.Node] = []
        for role in model.entries(self.env, "role"):
            org: nodes.Node = (
                link(role["organisation"], role["url"])
                if role["url"]
                else nodes.Text(role["organisation"])
            )
            head = self.head(
                nodes.strong("", "", link(role["title"], self.href(role))),
                nodes.Text(", "),
                org,
                dates=model.format_range(role["start"], role["end"]),
            )
            entry = nodes.container("", head, classes=["cv-entry"])
            # "A deep learning … laboratory in Kakao. He focused on …"
            about = " ".join(t for t in (role["description"], role["summary"]) if t)
            if about:
                entry += nodes.paragraph(about, "", *text(about), classes=["cv-entry-about"])
            entry.extend(self.bullets(role["highlights"]))
            entries.append(entry)
        return self.section("work", self.title("role", _("Work experience")), *entries)

    def projects(self) -> nodes.section:
        entries: list[nodes.Node] = []
        for project in model.entries(self.env, "project"):
            head = self.head(
                nodes.strong("", "", link(project["name"], self.href(project, project["page"]))),
                *(
                    [nodes.Text(LINK_SEPARATOR), link(short_url(project["url"]), project["url"])]
                    if project["url"]
                    else []
                ),
                dates=model.format_range(project["start"], project["end"]),
            )
            entry = nodes.container("", head, classes=["cv-entry"])
            if project["description"]:
                about = project["description"]
                entry += nodes.paragraph(about, "", *text(about), classes=["cv-entry-about"])
            entry.extend(self.bullets(project["highlights"]))
            entries.append(entry)
        return self.section("projects", self.title("project", _("Open source")), *entries)

    def talks(self) -> nodes.section:
        items = []
        for talk in model.entries(self.env, "talk"):
            event = talk["event"]
            _year, month = model.parse_date(talk["date"])
            if month is not None:
                event += f", {model.format_date(talk['date'])}"
            if talk["award"]:
                event += f", {talk['award']}"
            if talk["language"]:
                event += f" ({talk['language']})"
            para = nodes.paragraph(
                "",
                "",
                *sentence(
                    _("{talk} at {event}"),
                    talk=link(talk["name"], self.href(talk)),
                    event=event,
                ),
            )
            if talk["url"]:
                para += nodes.Text(LINK_SEPARATOR)
                para += link(short_url(talk["url"]), talk["url"])
            items.append(nodes.list_item("", para))
        title = self.title("talk", _("Public speeches"))
        return self.section("talks", title, nodes.bullet_list("", *items))

    def skills(self) -> nodes.section:
        fields = nodes.field_list(classes=["cv-fields"])
        for group in model.entries(self.env, "skills"):
            name = nodes.field_name("", "", link(group["name"], self.href(group)))
            value = ", ".join(group["keywords"])
            fields += nodes.field("", name, nodes.field_body("", nodes.paragraph(value, value)))
        languages = model.entries(self.env, "language")
        if languages:
            value = ", ".join(f"{lang['language']} ({lang['fluency']})" for lang in languages)
            name = nodes.field_name("", "", link(_("Languages"), self.href(languages[0])))
            fields += nodes.field("", name, nodes.field_body("", nodes.paragraph(value, value)))
        return self.section("skills", _("Skills and languages"), fields)

    def education(self) -> nodes.section:
        entries: list[nodes.Node] = []
        for school in model.entries(self.env, "education"):
            inst: nodes.Node = (
                link(school["institution"], school["url"])
                if school["url"]
                else nodes.Text(school["institution"])
            )
            head = self.head(
                nodes.strong("", "", link(school["area"] or _("Study"), self.href(school))),
                nodes.Text(", "),
                inst,
                *([nodes.Text(f". {school['note']}")] if school["note"] else []),
                dates=model.format_date(school["start"]),
            )
            entries.append(nodes.container("", head, classes=["cv-entry"]))
        return self.section("education", self.title("education", _("Education")), *entries)

    def render(self) -> nodes.container:
        return nodes.container(
            "",
            *self.contact(),
            self.work(),
            self.projects(),
            self.talks(),
            self.skills(),
            self.education(),
            classes=["resume-cv"],
        )


def output_link(app: Sphinx, docname: str, output: str) -> nodes.reference:
    """A link from ``docname`` to the PDF (``pdf``, "a PDF") or ``resume.json``."""
    depth = "../" * docname.count("/")
    if output == "pdf":
        return link(_("a PDF"), depth + app.config.portfolio_cv_pdf)
    return link("resume.json", depth + "resume.json")


def writes_output(app: Sphinx, output: str) -> bool:
    """Whether this build writes the PDF (``pdf``) or ``resume.json``."""
    if output == "pdf":
        return pdf.planned(app)
    return app.builder.format == "html" and bool(model.entries(app.env, "person"))


def resolve_output_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: link the PDF and ``resume.json`` where this build
    writes them, and nowhere else. Made only now, these links are not in the
    linkcheck builder's (which checks source files): the html build checks
    them, as it writes both files or fails."""
    for node in list(doctree.findall(resume_output_link)):
        output = node["output"]
        if writes_output(app, output):
            ref = output_link(app, docname, output)
            text = node.get("text") or (_("PDF") if output == "pdf" else "resume.json")
            ref.children = [nodes.Text(text)]
            separator = [nodes.Text(LINK_SEPARATOR)] if node.get("separator", True) else []
            node.replace_self([*separator, ref])
        else:
            node.parent.remove(node)


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each placeholder with the CV."""
    for node in list(doctree.findall(resume_cv)):
        node.replace_self(Writer(app, docname).render())
