"""resume.json, the JSON-LD and the CV's PDF say what the résumé pages say.

The pages are the one source (portfolio.resume): these tests read the site
build of the session (``site`` in ``conftest.py``) and check that every
export lists the same roles, dates and projects as the HTML, that resume.json
is valid JSON Resume, and that the PDF is short, has Hangul and working links.
Bad data is checked on a tiny test root (``tests/roots/test-resume``).
"""

# The résumé writes date ranges with an en dash (2013–2018).

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REPO, Build, edit

pytest.importorskip("weasyprint", reason="the pdf dependency group is not installed")
jsonschema = pytest.importorskip("jsonschema")
pypdf = pytest.importorskip("pypdf")

SCHEMA = REPO / "tests" / "schemas" / "jsonresume.schema.json"
PDF_NAME = "heungsub-lee-cv.pdf"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
EN_DASH = "\N{EN DASH}"


@dataclass(frozen=True)
class Role:
    title: str
    organisation: str
    dates: str


@dataclass(frozen=True)
class Project:
    name: str
    dates: str


def dates(start: str, end: str | None) -> str:
    return f"{start}{EN_DASH}{end or ''}"


def words(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


# -- What the pages say --------------------------------------------------------


def fields(section: Tag) -> dict[str, str]:
    """The first field list of a section, as {name: text}."""
    field_list = section.select_one("dl.field-list")
    assert field_list is not None, section.get("id")
    return {
        words(dt.get_text()).rstrip(":"): words(dd.get_text())
        for dt, dd in zip(field_list.find_all("dt"), field_list.find_all("dd"), strict=True)
    }


def sections(site: Build, page: str, prefix: str) -> list[Tag]:
    soup = BeautifulSoup(site.page(page), "html.parser")
    found = soup.select(f'article section[id^="{prefix}"]')
    assert found, f"{page}: no sections {prefix}*"
    return found


@pytest.fixture(scope="module")
def html_roles(site: Build) -> list[Role]:
    roles = []
    for section in sections(site, "resume/work", "role-"):
        f = fields(section)
        # "Kakao Brain, a deep learning …": the organisation's name is the link.
        first_dd = section.select_one("dl.field-list dd:nth-of-type(3)")
        assert first_dd is not None
        organisation = f["Organisation"].split(", ")[0]
        roles.append(Role(f["Role"], organisation, f["Dates"]))
    return roles


@pytest.fixture(scope="module")
def html_projects(site: Build) -> list[Project]:
    projects = []
    for section in sections(site, "resume/open-source", "oss-"):
        heading = section.find("h2")
        assert heading is not None
        for link in heading.select("a.headerlink"):
            link.decompose()
        projects.append(Project(words(heading.get_text()), fields(section)["Dates"]))
    return projects


@pytest.fixture(scope="module")
def resume_json(site: Build) -> dict[str, Any]:
    data = json.loads((site.out / "resume.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def json_ld(site: Build) -> dict[str, Any]:
    soup = BeautifulSoup(site.page("index"), "html.parser")
    scripts = soup.head.select('script[type="application/ld+json"]') if soup.head else []
    assert len(scripts) == 1, "the landing page's <head> has no one JSON-LD script"
    data: dict[str, Any] = json.loads(scripts[0].get_text())
    return data


def ld_person(json_ld: dict[str, Any]) -> dict[str, Any]:
    people: list[dict[str, Any]] = [n for n in json_ld["@graph"] if n["@type"] == "Person"]
    assert len(people) == 1
    return people[0]


@pytest.fixture(scope="module")
def pdf(site: Build) -> Any:
    path = site.out / PDF_NAME
    assert path.is_file(), f"the html build wrote no {PDF_NAME}"
    return pypdf.PdfReader(path)


@pytest.fixture(scope="module")
def pdf_text(pdf: Any) -> str:
    return words(" ".join(page.extract_text() for page in pdf.pages))


# -- The facts agree -----------------------------------------------------------


def test_the_pages_list_five_roles_and_four_projects(
    html_roles: list[Role], html_projects: list[Project]
) -> None:
    """Guards the comparisons below against passing on nothing."""
    assert [r.organisation for r in html_roles] == [
        "Kakao Brain",
        "What! Studio in Nexon",
        "Team Lupin in Nexon",
        "Npine",
        "Lunant",
    ]
    assert html_roles[0] == Role("Software Engineer", "Kakao Brain", "2018–")
    assert html_projects == [
        Project("torchgpipe", "2019–"),
        Project("Hangulize", "2010–"),
        Project("TrueSkill", "2012–"),
        Project("Profiling", "2014–2018"),
    ]


def test_resume_json_lists_the_roles_and_projects_of_the_pages(
    resume_json: dict[str, Any], html_roles: list[Role], html_projects: list[Project]
) -> None:
    roles = [
        Role(w["position"], w["name"], dates(w["startDate"], w.get("endDate")))
        for w in resume_json["work"]
    ]
    # The four main projects come first; the smaller ones and the
    # contributions, which have no dates, follow (checked below).
    projects = [
        Project(p["name"], dates(p["startDate"], p.get("endDate")))
        for p in resume_json["projects"][: len(html_projects)]
    ]
    assert roles == html_roles
    assert projects == html_projects


def test_json_ld_lists_the_roles_and_projects_of_the_pages(
    json_ld: dict[str, Any], html_roles: list[Role], html_projects: list[Project]
) -> None:
    assert json_ld["@context"] == "https://schema.org"
    roles = [
        Role(r["roleName"], r["worksFor"]["name"], dates(r["startDate"], r.get("endDate")))
        for r in ld_person(json_ld)["worksFor"]
    ]
    projects = [
        Project(p["name"], p["temporalCoverage"].replace("/..", EN_DASH).replace("/", EN_DASH))
        for p in json_ld["@graph"]
        if p["@type"] == "SoftwareSourceCode"
    ]
    assert roles == html_roles
    assert projects == html_projects


def test_pdf_lists_the_roles_and_projects_of_the_pages(
    pdf_text: str, html_roles: list[Role], html_projects: list[Project]
) -> None:
    missing = [
        f"{fact!r} of {role}"
        for role in html_roles
        for fact in (role.title, role.organisation, role.dates)
        if fact not in pdf_text
    ]
    missing += [
        f"{fact!r} of {project}"
        for project in html_projects
        for fact in (project.name, project.dates)
        if fact not in pdf_text
    ]
    assert not missing, missing
    # In the pages' order.
    positions = [pdf_text.index(role.title) for role in html_roles]
    assert positions == sorted(positions)


def facts_in(text: str, entry: Role | Project) -> list[str]:
    return [str(fact) for fact in vars(entry).values() if str(fact) in text]


def test_cv_page_lists_the_roles_and_projects_of_the_pages(
    site: Build, html_roles: list[Role], html_projects: list[Project]
) -> None:
    cv = BeautifulSoup(site.page("cv"), "html.parser").select_one("article .resume-cv")
    assert cv is not None
    text = words(cv.get_text(" "))
    for role in html_roles:
        assert {role.title, role.organisation, role.dates} <= set(facts_in(text, role))
    for project in html_projects:
        assert {project.name, project.dates} <= set(facts_in(text, project))


def test_talks_education_languages_and_contact_agree(
    site: Build, resume_json: dict[str, Any], json_ld: dict[str, Any]
) -> None:
    headings = BeautifulSoup(site.page("resume/talks"), "html.parser").select(
        'article section[id^="talk-"] > h2'
    )
    for heading in headings:
        for link in heading.select("a.headerlink"):
            link.decompose()
    talks = [words(h.get_text()) for h in headings]
    assert [p["name"] for p in resume_json["publications"]] == talks
    # JSON Resume has no section for talks; each says what it is, in the
    # section's one name (Talks, as on the page, the sidebar and the CV).
    assert {p["summary"] for p in resume_json["publications"]} == {"Talk given in Korean."}
    assert resume_json["awards"] == [
        {
            "title": "Grand prize",
            "date": "2016",
            "awarder": "NDC 2016",
            "summary": "His talk \u201cThe server architecture of Durango Vol. 2\u201d "
            "was awarded the grand prize.",
        }
    ]
    # The résumé gives one year, and the note; an open end would read "Present".
    assert resume_json["education"] == [
        {
            "institution": "Kwangwoon University",
            "url": "https://www.kw.ac.kr/",
            "area": "Computer Software",
            "studyType": "Completed the first year only",
            "startDate": "2008",
            "endDate": "2008",
        }
    ]
    assert resume_json["languages"] == [
        {"language": "Korean", "fluency": "native"},
        {"language": "English", "fluency": "conversational"},
    ]
    basics = resume_json["basics"]
    assert basics["email"] == "heungsub.lee@subl.ee"
    assert basics["phone"] == "+82 10-3215-2380"
    person = ld_person(json_ld)
    assert person["alternateName"] == "이흥섭"  # links.md: "이흥섭 Heungsub Lee"
    assert person["sameAs"] == [p["url"] for p in basics["profiles"]]
    assert person["sameAs"] == ["https://github.com/sublee", "https://linkedin.com/in/sublee"]
    assert [lang["name"] for lang in person["knowsLanguage"]] == ["Korean", "English"]
    assert person["alumniOf"][0]["alumniOf"]["name"] == "Kwangwoon University"
    skills = {s["name"]: s["keywords"] for s in resume_json["skills"]}
    assert skills["Programming languages"] == ["Python (expert)", "Go", "JavaScript", "Bash", "C#"]


# -- resume.json says everything the pages say (issue 10) -----------------------


def headings(site: Build, page: str, prefix: str) -> list[str]:
    names = []
    for section in sections(site, page, prefix):
        heading = section.find("h2")
        assert heading is not None
        for link in heading.select("a.headerlink"):
            link.decompose()
        names.append(words(heading.get_text()))
    return names


def test_resume_json_has_the_interests_of_the_page(
    site: Build, resume_json: dict[str, Any]
) -> None:
    terms = BeautifulSoup(site.page("resume/interests"), "html.parser").select("article dl dt")
    interests = [words(t.get_text()) for t in terms]
    assert len(interests) == 3
    assert resume_json["interests"] == [{"name": name} for name in interests]


def test_resume_json_has_the_other_projects_and_the_contributions(
    site: Build, resume_json: dict[str, Any], html_projects: list[Project]
) -> None:
    rest = resume_json["projects"][len(html_projects) :]
    others = [p["name"] for p in rest if "type" not in p]
    contributions = [p["name"] for p in rest if p.get("type") == "contribution"]
    assert others == headings(site, "resume/others", "others-")
    assert contributions == headings(site, "resume/contributions", "contrib-")
    assert len(rest) == len(others) + len(contributions)
    pytorch = next(p for p in rest if p["name"] == "PyTorch")
    assert pytorch["highlights"] == [
        "Deprecated inconsistent API ([#21006](https://github.com/pytorch/pytorch/pull/21006)).",
        "Discussed a counterintuitive behavior of the autograd engine "
        "([#18568](https://github.com/pytorch/pytorch/pull/18568)).",
    ]


def highlight_links(site: Build, page: str, prefix: str) -> list[list[str]]:
    """The external links of each highlight (the first bullet list of an entry)."""
    found = []
    for section in sections(site, page, prefix):
        items = section.select_one("ul")
        if items is None:
            continue
        for item in items.find_all("li", recursive=False):
            found.append([str(a["href"]) for a in item.select("a.reference.external[href]")])
    return found


def test_highlights_keep_their_links_as_urls(
    site: Build, resume_json: dict[str, Any], html_projects: list[Project]
) -> None:
    pages = {
        "work": highlight_links(site, "resume/work", "role-"),
        "projects": highlight_links(site, "resume/open-source", "oss-"),
    }
    entries = {"work": resume_json["work"], "projects": resume_json["projects"][:4]}
    for key, links in pages.items():
        highlights = [h for entry in entries[key] for h in entry.get("highlights", [])]
        assert len(highlights) == len(links), key
        for text, urls in zip(highlights, links, strict=True):
            assert re.findall(r"\]\((https?://[^)\s]+)\)", text) == urls, text
    assert sum(map(len, pages["projects"])) >= 5  # guards the loop above


def strings(data: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string of ``data`` with its path (``work/3/description``)."""
    if isinstance(data, str):
        return [(path, data)]
    if isinstance(data, dict):
        return [pair for k, v in data.items() for pair in strings(v, f"{path}/{k}".strip("/"))]
    if isinstance(data, list):
        return [pair for i, v in enumerate(data) for pair in strings(v, f"{path}/{i}")]
    return []


def test_structured_fields_hold_a_name_a_date_or_a_sentence(resume_json: dict[str, Any]) -> None:
    """No clause fragments ("which supplies …", "awarded the grand prize"):
    prose fields are sentences, name fields names."""
    fragment = re.compile(r"^(which|who|that|awarded|for the)\b", re.IGNORECASE)
    prose = re.compile(r"(^|/)(description|summary|highlights/\d+)$")
    name = re.compile(
        r"(^|/)(name|title|position|institution|area|studyType|awarder|publisher"
        r"|language|fluency|keywords/\d+)$"
    )
    bad = []
    for path, value in strings(resume_json):
        if fragment.match(value):
            bad.append(f"{path}: {value!r} is a clause fragment")
        elif prose.search(path) and not value.endswith("."):
            bad.append(f"{path}: {value!r} is not a sentence")
        elif name.search(path) and value.endswith("."):
            bad.append(f"{path}: {value!r} is not a name")
    assert not bad, "\n".join(bad)


# -- resume.json is JSON Resume -------------------------------------------------


def test_resume_json_is_valid_json_resume(resume_json: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = [
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(resume_json)
    ]
    assert not errors, errors


def test_a_broken_resume_fails_the_schema(resume_json: dict[str, Any]) -> None:
    """The validation above can fail: a date the schema does not allow."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(resume_json))
    broken["work"][0]["startDate"] = "since 2018"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_json_ld_cannot_close_its_script_early(site: Build) -> None:
    html = site.page("index")
    start = html.index('<script type="application/ld+json">')
    body = html[start : html.index("</script>", start)]
    assert "<" not in body.removeprefix('<script type="application/ld+json">')


# -- The PDF -------------------------------------------------------------------


def test_pdf_is_at_most_two_a4_pages(pdf: Any) -> None:
    assert 1 <= len(pdf.pages) <= 2
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_pdf_text_has_hangul(pdf_text: str) -> None:
    assert "고랭코리아" in pdf_text
    assert HANGUL.search(pdf_text)


def test_pdf_has_no_site_navigation(pdf_text: str) -> None:
    for chrome in ("Skip to content", "PROJECTS", "Back to top", "Contents"):
        assert chrome not in pdf_text


def test_pdf_links_work(pdf: Any, site: Build) -> None:
    uris = [
        unquote(str(annot.get_object()["/A"]["/URI"]))
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if "/URI" in annot.get_object().get("/A", {})
    ]
    assert "mailto:heungsub.lee@subl.ee" in uris
    assert "https://github.com/kakaobrain/torchgpipe" in uris
    assert "https://subl.ee/~gokr1808" in uris
    # Links into the site are absolute (the PDF is read outside it), and name
    # pages and anchors that exist.
    base = "http://127.0.0.1:8000/"  # the local build's html_baseurl
    internal = [u for u in uris if u.startswith(base)]
    assert len(internal) >= 10
    for uri in internal:
        path, _, anchor = uri.removeprefix(base).partition("#")
        page = site.out / path
        assert page.is_file(), uri
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), uri


def test_landing_page_links_the_cv_and_its_pdf(site: Build) -> None:
    soup = BeautifulSoup(site.page("index"), "html.parser")
    hrefs = {str(a["href"]) for a in soup.select("article a[href]")}
    assert {"cv.html", PDF_NAME, "resume.json"} <= hrefs


# -- Bad data: a clear error at the page and line ------------------------------


@pytest.fixture
def resume_src(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-resume", src)
    return src


def build(make_app: Callable[..., Any], srcdir: Path, **kwargs: Any) -> Any:
    app = make_app("html", srcdir=srcdir, freshenv=True, **kwargs)
    app.build()
    return app


def add_cv_page(src: Path) -> None:
    """Give the tiny résumé a CV page, linked from its person and in its toctree."""
    edit(src, ":email: ada@example.org\n", ":email: ada@example.org\n:cv: cv\n")
    (src / "cv.md").write_text("# CV\n\n:::{resume-cv}\n:::\n", encoding="utf-8")
    edit(src, "# A résumé\n", "# A résumé\n\n```{toctree}\n:hidden:\n\ncv\n```\n")


def test_tiny_resume_builds_cleanly(make_app: Callable[..., Any], resume_src: Path) -> None:
    app = build(make_app, resume_src)
    assert app.warning.getvalue() == ""
    data = json.loads((Path(app.outdir) / "resume.json").read_text(encoding="utf-8"))
    assert data["work"] == [
        {
            "name": "The Lab",
            "position": "Engineer",
            "url": "https://example.org/",
            "startDate": "2015",
            "endDate": "2019",
            "highlights": ["Built things."],
        }
    ]
    assert data["projects"][0]["name"] == "Gadget"


def test_role_without_a_start_date_is_an_error_at_its_line(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    index = edit(resume_src, ":start: 2015\n", "")
    warnings = build(make_app, resume_src).warning.getvalue()
    assert f"{index}:13: ERROR: resume-role: the :start: date is required" in warnings


def test_end_before_start_is_an_error_at_its_line(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    index = edit(resume_src, ":end: 2019\n", ":end: 2012\n")
    warnings = build(make_app, resume_src).warning.getvalue()
    assert f"{index}:17: ERROR: resume-role: :end: 2012 is before :start: 2015" in warnings


def test_malformed_date_is_an_error_at_its_line(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    index = edit(resume_src, ":start: 2016\n", ":start: spring 2016\n")
    warnings = build(make_app, resume_src).warning.getvalue()
    assert f"{index}:27: ERROR: resume-project: :start: 'spring 2016' is not a year" in warnings


def test_unknown_field_is_a_warning_at_its_line(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    index = edit(resume_src, ":end: 2019\n", ":end: 2019\n:salary: 1\n")
    warnings = build(make_app, resume_src).warning.getvalue()
    assert re.search(
        rf"{re.escape(str(index))}:1[3-8]: WARNING: 'resume-role': Unknown option key: 'salary'",
        warnings,
    ), warnings


def test_entry_outside_a_heading_is_an_error(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    index = resume_src / "index.md"
    index.write_text(
        ":::{resume-project}\n:start: 2016\n\nNo heading above.\n:::\n\n# Late title\n",
        encoding="utf-8",
    )
    warnings = build(make_app, resume_src).warning.getvalue()
    assert f"{index}:1: ERROR: resume-project: place it under the heading" in warnings


def test_an_edited_page_replaces_only_its_own_facts(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    """env-purge-doc: a rebuild after an edit does not keep the old entry."""
    (resume_src / "more.md").write_text(
        "---\norphan: true\n---\n# More\n\n## Other\n\n"
        ":::{resume-role}\n:title: Tester\n:organisation: Other\n:start: 2020\n:::\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=resume_src, freshenv=True)
    app.build()
    edit(resume_src, ":title: Engineer\n", ":title: Senior Engineer\n")
    app = make_app("html", srcdir=resume_src, freshenv=False)
    app.build()
    data = json.loads((Path(app.outdir) / "resume.json").read_text(encoding="utf-8"))
    assert sorted(w["position"] for w in data["work"]) == ["Senior Engineer", "Tester"]


@pytest.mark.parametrize("available", [True, False], ids=["weasyprint", "no-weasyprint"])
def test_pdf_is_linked_only_where_the_build_writes_it(
    make_app: Callable[..., Any],
    resume_src: Path,
    monkeypatch: pytest.MonkeyPatch,
    available: bool,
) -> None:
    from portfolio.resume import pdf

    monkeypatch.setattr(pdf, "weasyprint_available", lambda: available)
    add_cv_page(resume_src)
    app = build(make_app, resume_src)
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    hrefs = {
        str(a["href"])
        for a in BeautifulSoup(
            (outdir / "index.html").read_text(encoding="utf-8"), "html.parser"
        ).select("a[href]")
    }
    assert ("cv.pdf" in hrefs) is available
    assert (outdir / "cv.pdf").exists() is available
    assert {"cv.html", "resume.json"} <= hrefs


def test_pdf_is_rewritten_only_when_the_cv_changes(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    add_cv_page(resume_src)

    def pdf_after_build() -> tuple[int, str]:
        app = make_app("html", srcdir=resume_src, freshenv=False)
        app.build()
        pdf = Path(app.outdir) / "cv.pdf"
        return pdf.stat().st_mtime_ns, app.status.getvalue()

    first, _ = pdf_after_build()
    index = resume_src / "index.md"  # a paragraph outside every entry: not in the CV
    index.write_text(index.read_text(encoding="utf-8") + "\nA closing note.\n", encoding="utf-8")
    second, status = pdf_after_build()
    assert second == first
    assert "cv.pdf is up to date" in status
    edit(resume_src, "- Built things.", "- Built other things.")  # a CV highlight
    third, status = pdf_after_build()
    assert third != first
    assert "writing cv.pdf from cv.html" in status


def test_builds_that_share_a_cache_print_each_cv_once(
    make_app: Callable[..., Any], resume_src: Path, tmp_path: Path
) -> None:
    """portfolio_cache: another build of the same CV copies its PDF; another CV prints."""
    add_cv_page(resume_src)
    cache = tmp_path / "cache"

    def build_into(name: str) -> tuple[bytes, str]:
        app = make_app(
            "html",
            srcdir=resume_src,
            builddir=tmp_path / name,
            freshenv=True,
            confoverrides={"portfolio_cache": str(cache)},
        )
        app.build()
        assert app.statuscode == 0
        return (Path(app.outdir) / "cv.pdf").read_bytes(), app.status.getvalue()

    printed, status = build_into("first")
    assert "writing cv.pdf from cv.html" in status
    assert [p.read_bytes() for p in (cache / "cv-pdf").glob("*.pdf")] == [printed]
    copied, status = build_into("second")
    assert "cv.pdf copied from" in status
    assert copied == printed
    edit(resume_src, "- Built things.", "- Built other things.")  # a CV highlight
    _, status = build_into("third")
    assert "writing cv.pdf from cv.html" in status
    assert len(list((cache / "cv-pdf").glob("*.pdf"))) == 2
