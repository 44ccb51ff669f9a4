"""resume.json as a JSON Resume client shows it.

The session's site build writes ``resume.json``; here the JSON Resume tooling
from npm (``resumed`` with ``jsonresume-theme-even``, pinned by
``tests/jsonresume/``) renders it to HTML, and the tests read what a reader of
that page would: the school's one year and its note (never "Present"), the
award, the interests, the other projects and contributions, and links.

The tools are installed by ``make jsonresume`` (``make test`` runs it) into
``$JSONRESUME`` (``.tools/jsonresume``). When they are missing, the fixture
runs that target itself; when Node.js or npm is missing, the tests fail and
say so (they never skip).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REPO, Build

THEME = "jsonresume-theme-even"


def tools_dir() -> Path:
    return Path(os.environ.get("JSONRESUME") or REPO / ".tools" / "jsonresume")


@pytest.fixture(scope="session")
def resumed() -> list[str]:
    """The ``resumed`` command, installed with its theme if need be."""
    tools = tools_dir()
    for program in ("node", "npm", "make"):
        if shutil.which(program) is None:
            pytest.fail(f"{program} not found: install Node.js 20.12+ with npm, and make")
    if not (tools / ".installed").is_file():
        make = subprocess.run(
            ["make", "--no-print-directory", "jsonresume", f"JSONRESUME={tools}"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert make.returncode == 0, f"make jsonresume failed:\n{make.stdout}{make.stderr}"
    cli = tools / "node_modules" / "resumed" / "bin" / "resumed.js"
    assert cli.is_file(), f"{cli} is missing; run make jsonresume"
    return ["node", str(cli)]


@pytest.fixture(scope="session")
def rendered(site: Build, resumed: list[str], tmp_path_factory: pytest.TempPathFactory) -> Tag:
    """The site's resume.json rendered by the theme, as parsed HTML."""
    out = tmp_path_factory.mktemp("jsonresume") / "resume.html"
    run = subprocess.run(
        [*resumed, "render", str(site.out / "resume.json"), "--theme", THEME, "--output", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    body = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser").body
    assert body is not None
    return body


def section(rendered: Tag, name: str) -> Tag:
    found = rendered.select_one(f"section#{name}")
    assert found is not None, f"the rendered résumé has no {name} section"
    return found


def text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def test_education_shows_its_one_year_and_the_note(rendered: Tag) -> None:
    education = text(section(rendered, "education"))
    assert "Kwangwoon University" in education
    assert "2008" in education
    assert "Completed the first year only" in education
    assert "Present" not in education


def test_only_open_entries_show_present(rendered: Tag) -> None:
    """The theme writes "Present" for a missing end: the roles and
    projects the résumé dates "2018–", "2019–", and so on, and nothing else."""
    articles = [a for s in rendered.select("section") for a in s.select("article")]
    present = [a for a in articles if "Present" in text(a)]
    names = [text(a.select_one("h4") or a) for a in present]
    assert names == ["Software Engineer", "torchgpipe", "Hangulize", "TrueSkill"]


def test_the_award_is_shown(rendered: Tag) -> None:
    awards = text(section(rendered, "awards"))
    assert "Grand prize" in awards
    assert "NDC 2016" in awards
    assert "The server architecture of Durango Vol. 2" in awards


def test_the_interests_are_shown(rendered: Tag) -> None:
    interests = [text(h) for h in section(rendered, "interests").select("h4")]
    assert interests == [
        "Parallel and distributed deep learning",
        "Developing and documenting API for engineers",
        "Free and open source software",
    ]


def test_other_projects_and_contributions_are_shown(rendered: Tag) -> None:
    projects = section(rendered, "projects")
    names = [text(h) for h in projects.select("h4")]
    for name in ("torchgpipe", "Tossi", "SUBLEERUNKER", "Flask-AutoIndex", "Me2virus"):
        assert name in names
    for name in ("PyTorch", "ZeroMQ", "Flask", "jQuery"):
        assert name in names
    assert "contribution" in text(projects)


def test_links_in_highlights_are_links(rendered: Tag) -> None:
    hrefs = {str(a["href"]) for a in rendered.select("li a[href]")}
    assert "https://arxiv.org/abs/1811.06965" in hrefs  # GPipe, in torchgpipe's highlight
    assert "https://github.com/pytorch/pytorch/pull/18568" in hrefs
    assert "https://github.com/lunant/jdoctest" in hrefs


def test_no_clause_fragment_is_shown(rendered: Tag) -> None:
    page = text(rendered)
    for fragment in ("which supplies", "which served", "awarded the grand prize NDC"):
        assert fragment not in page
    assert "Supplies stock images for business on Iclickart." in page
