"""What the build writes from the résumé's facts, besides the pages.

- :func:`json_resume`: ``resume.json`` at the site root, in the JSON Resume
  schema (https://jsonresume.org/schema; ``tests/schemas/`` keeps the version
  the tests validate against). The schema has no section for talks, so they
  are ``publications`` whose publisher is the event, as JSON Resume themes
  expect; a talk's award is also an ``awards`` entry. The smaller projects and
  the contributions (``resume-other``) follow the four main ``projects``, the
  contributions with ``"type": "contribution"``. Highlights keep their links
  as Markdown links, which themes render and plain readers can still follow.
  Every field holds a name, a date or a sentence.
- :func:`json_ld`: schema.org JSON-LD for the landing page's ``<head>``: a
  ``Person`` with ``worksFor`` and ``alumniOf`` (each in schema.org's Role
  pattern, so a job keeps its title and dates), ``sameAs`` and
  ``knowsLanguage``, and a ``SoftwareSourceCode`` per project, in one
  ``@graph``.

The CV's PDF is :mod:`portfolio.resume.pdf`.
"""

# The résumé writes date ranges with an en dash (2013–2018).

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from portfolio.i18n import _
from portfolio.resume import model

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def person(env: BuildEnvironment) -> model.Entry:
    found = model.entries(env, "person")
    return found[0] if found else {"name": env.config.project, "profiles": []}


def current_title(env: BuildEnvironment) -> str | None:
    """The title of the role that has not ended (the résumé's "2018–")."""
    return next((r["title"] for r in model.entries(env, "role") if not r["end"]), None)


def page_url(env: BuildEnvironment, entry: model.Entry, base: str) -> str:
    """The address of the entry's section on the site."""
    url = urljoin(base, f"{entry['docname']}.html")
    return f"{url}#{entry['anchor']}" if entry["anchor"] else url


def json_resume(env: BuildEnvironment, base: str) -> dict[str, Any]:
    me = person(env)
    profiles = [
        _drop_empty(
            {
                "network": p["network"],
                "username": urlsplit(p["url"]).path.strip("/").split("/")[-1],
                "url": p["url"],
            }
        )
        for p in me.get("profiles", [])
    ]
    talks = model.entries(env, "talk")
    return _drop_empty(
        {
            "$schema": SCHEMA_URL,
            "basics": _drop_empty(
                {
                    "name": me["name"],
                    "label": current_title(env),
                    "email": me.get("email"),
                    "phone": me.get("phone"),
                    "url": me.get("homepage"),
                    "profiles": profiles,
                }
            ),
            "work": [
                _drop_empty(
                    {
                        "name": r["organisation"],
                        "position": r["title"],
                        "url": r["url"],
                        "description": r["description"],
                        "startDate": r["start"],
                        "endDate": r["end"],
                        "summary": r["summary"],
                        "highlights": r["highlights_md"],
                    }
                )
                for r in model.entries(env, "role")
            ],
            "education": [education(e) for e in model.entries(env, "education")],
            "awards": [
                {
                    "title": t["award"][:1].upper() + t["award"][1:],
                    "date": t["date"],
                    "awarder": t["event"],
                    "summary": _(
                        "His talk \N{LEFT DOUBLE QUOTATION MARK}{talk}"
                        "\N{RIGHT DOUBLE QUOTATION MARK} was awarded the {award}."
                    ).format(talk=t["name"], award=t["award"]),
                }
                for t in talks
                if t["award"]
            ],
            "publications": [
                _drop_empty(
                    {
                        "name": t["name"],
                        "publisher": t["event"],
                        "releaseDate": t["date"],
                        "url": t["url"],
                        "summary": _("Talk given in {language}.").format(language=t["language"])
                        if t["language"]
                        else None,
                    }
                )
                for t in talks
            ],
            "skills": [
                {"name": s["name"], "keywords": s["keywords"]} for s in model.entries(env, "skills")
            ],
            "languages": [
                {"language": lang["language"], "fluency": lang["fluency"]}
                for lang in model.entries(env, "language")
            ],
            "projects": [
                *(
                    _drop_empty(
                        {
                            "name": p["name"],
                            "description": p["description"],
                            "highlights": p["highlights_md"],
                            "startDate": p["start"],
                            "endDate": p["end"],
                            "url": p["url"],
                        }
                    )
                    for p in model.entries(env, "project")
                ),
                *(
                    _drop_empty(
                        {
                            "name": o["name"],
                            "description": o["description"],
                            "highlights": o["highlights_md"],
                            "url": o["url"],
                            "type": o["type"],
                        }
                    )
                    # The résumé's order: the smaller projects, then the contributions.
                    for o in sorted(model.entries(env, "other"), key=lambda o: bool(o["type"]))
                ),
            ],
            "interests": [{"name": i["name"]} for i in model.entries(env, "interest")],
            "meta": {"canonical": urljoin(base, "resume.json")},
        }
    )


def education(entry: model.Entry) -> dict[str, Any]:
    """A school as JSON Resume has it.

    The résumé gives one year ("2008"), not a range: it is both the start and
    the end, so no renderer reads a missing end as "Present". The schema has
    no field for a note, and themes show ``studyType`` before the area
    ("Completed the first year only in Computer Software"), so the note goes
    there.
    """
    return _drop_empty(
        {
            "institution": entry["institution"],
            "url": entry["url"],
            "area": entry["area"],
            "studyType": entry["note"].rstrip("."),
            "startDate": entry["start"],
            "endDate": entry["start"],
        }
    )


def _organisation(name: str, url: str | None, kind: str = "Organization") -> dict[str, Any]:
    return _drop_empty({"@type": kind, "name": name, "url": url})


def json_ld(env: BuildEnvironment, base: str) -> dict[str, Any]:
    me = person(env)
    person_id = urljoin(base, "#person")
    roles = [
        _drop_empty(
            {
                "@type": "EmployeeRole",
                "roleName": r["title"],
                "startDate": r["start"],
                "endDate": r["end"],
                "worksFor": _organisation(r["organisation"], r["url"]),
            }
        )
        for r in model.entries(env, "role")
    ]
    schools = [
        _drop_empty(
            {
                "@type": "OrganizationRole",
                "roleName": e["area"],
                "startDate": e["start"],
                "description": e["note"],
                "alumniOf": _organisation(e["institution"], e["url"], "EducationalOrganization"),
            }
        )
        for e in model.entries(env, "education")
    ]
    projects = [
        _drop_empty(
            {
                "@type": "SoftwareSourceCode",
                "name": p["name"],
                "description": p["description"],
                "codeRepository": p["url"],
                "url": urljoin(base, f"{p['page']}.html") if p["page"] else None,
                # An ISO 8601 interval; ".." is an open end (still maintained).
                "temporalCoverage": f"{p['start']}/{p['end'] or '..'}",
                "author": {"@id": person_id},
            }
        )
        for p in model.entries(env, "project")
    ]
    person_node = _drop_empty(
        {
            "@type": "Person",
            "@id": person_id,
            "name": me["name"],
            "alternateName": me.get("alternate_name"),
            "jobTitle": current_title(env),
            "email": f"mailto:{me['email']}" if me.get("email") else None,
            "telephone": me.get("phone"),
            "url": me.get("homepage"),
            "sameAs": [p["url"] for p in me.get("profiles", [])],
            "worksFor": roles,
            "alumniOf": schools,
            "knowsLanguage": [
                {"@type": "Language", "name": lang["language"]}
                for lang in model.entries(env, "language")
            ],
            "knowsAbout": [k for s in model.entries(env, "skills") for k in s["keywords"]],
        }
    )
    return {"@context": "https://schema.org", "@graph": [person_node, *projects]}


def json_ld_script(data: dict[str, Any]) -> str:
    """A ``<script>`` element; ``<`` is escaped so no text can close it early."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'
