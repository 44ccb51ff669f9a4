"""Bad résumé data is an error at its page and line; good data of any shape builds.

Each test breaks the tiny résumé (``tests/roots/test-resume``) in one way and
reads the build's warnings (issue 11: dates, URL schemes, entry names, lines).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import edit

# Lines of tests/roots/test-resume/index.md.
ROLE_LINE = 13
ROLE_END_LINE = 17


@pytest.fixture
def src(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-resume", src)
    return src


def build(make_app: Callable[..., Any], src: Path) -> tuple[str, Path]:
    """The build's warnings and output folder."""
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    return app.warning.getvalue(), Path(app.outdir)


def line_of(path: Path, line: str) -> int:
    """The number of the line ``line`` in ``path``."""
    return path.read_text(encoding="utf-8").splitlines().index(line) + 1


def resume_json(outdir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((outdir / "resume.json").read_text(encoding="utf-8"))
    return data


# -- Dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [("2013-05", "2013"), ("2013", "2013-02"), ("2013-05", "2013-05"), ("2012-11", "2013")],
)
def test_mixed_precision_ranges_are_valid(
    make_app: Callable[..., Any], src: Path, start: str, end: str
) -> None:
    edit(src, ":start: 2015\n:end: 2019\n", f":start: {start}\n:end: {end}\n")
    warnings, outdir = build(make_app, src)
    assert warnings == ""
    work = resume_json(outdir)["work"][0]
    assert (work["startDate"], work["endDate"]) == (start, end)


@pytest.mark.parametrize(
    ("start", "end"), [("2013-05", "2013-04"), ("2014", "2013-12"), ("2013-05", "2012")]
)
def test_impossible_range_is_an_error_at_the_end_line(
    make_app: Callable[..., Any], src: Path, start: str, end: str
) -> None:
    index = edit(src, ":start: 2015\n:end: 2019\n", f":start: {start}\n:end: {end}\n")
    warnings, _ = build(make_app, src)
    expected = f"{index}:{ROLE_END_LINE}: ERROR: resume-role: :end: {end} is before :start: {start}"
    assert expected in warnings, warnings
    assert "Traceback" not in warnings
    assert "TypeError" not in warnings


def test_a_date_error_does_not_hide_the_next_error(make_app: Callable[..., Any], src: Path) -> None:
    """The mixed-precision crash used to stop the build at the first entry."""
    index = edit(src, ":start: 2015\n:end: 2019\n", ":start: 2015-05\n:end: 2015-01\n")
    edit(src, ":start: 2016\n", ":start: someday\n")
    warnings, _ = build(make_app, src)
    assert f"{index}:{ROLE_END_LINE}: ERROR: resume-role: :end: 2015-01" in warnings, warnings
    line = line_of(index, ":start: someday")
    assert f"{index}:{line}: ERROR: resume-project: :start: 'someday' is not a year" in warnings


def test_a_malformed_date_is_an_error_at_its_own_line(
    make_app: Callable[..., Any], src: Path
) -> None:
    index = edit(src, ":end: 2019\n", ":end: 2019-13\n")
    warnings, _ = build(make_app, src)
    assert f"{index}:{ROLE_END_LINE}: ERROR: resume-role: :end: '2019-13' is not a year" in (
        warnings
    ), warnings


def test_a_broken_link_in_an_option_is_reported_at_its_line(
    make_app: Callable[..., Any], src: Path
) -> None:
    index = edit(
        src, ":organisation: [The Lab](https://example.org/)\n", ":organisation: {ref}`nowhere`\n"
    )
    warnings, _ = build(make_app, src)
    assert f"{index}:{ROLE_LINE + 2}: WARNING: undefined label: 'nowhere'" in warnings, warnings


# -- URLs ----------------------------------------------------------------------

JAVASCRIPT = "javascript:alert(document.domain)"


def test_a_javascript_homepage_is_an_error_and_published_nowhere(
    make_app: Callable[..., Any], src: Path
) -> None:
    email = ":email: ada@example.org\n"
    index = edit(src, email, f"{email}:homepage: {JAVASCRIPT}\n")
    warnings, outdir = build(make_app, src)
    assert (
        f"{index}:6: ERROR: resume-person: :homepage: '{JAVASCRIPT}' is not a link the "
        "site allows; use one of http:, https:, mailto:"
    ) in warnings, warnings
    published = "".join(p.read_text(encoding="utf-8") for p in outdir.rglob("*.html"))
    assert "javascript:" not in published
    assert not (outdir / "resume.json").exists() or "javascript:" not in (
        outdir / "resume.json"
    ).read_text(encoding="utf-8")


def test_a_javascript_school_url_is_an_error_at_its_line(
    make_app: Callable[..., Any], src: Path
) -> None:
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n## Education\n\n### A School\n\n:::{resume-education}\n:study: Physics\n"
        f":url: {JAVASCRIPT}\n:year: 2008\n:::\n",
        encoding="utf-8",
    )
    line = line_of(index, f":url: {JAVASCRIPT}")
    warnings, outdir = build(make_app, src)
    assert f"{index}:{line}: ERROR: resume-education: :url: '{JAVASCRIPT}'" in warnings, warnings
    # A build that reported a problem writes no resume.json (portfolio.verdict).
    assert not (outdir / "resume.json").exists() or "javascript:" not in json.dumps(
        resume_json(outdir)
    )
    assert "javascript:" not in (outdir / "index.html").read_text(encoding="utf-8")


def test_an_https_school_url_is_kept(make_app: Callable[..., Any], src: Path) -> None:
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n## Education\n\n### A School\n\n:::{resume-education}\n:study: Physics\n"
        ":url: https://example.org/school\n:year: 2008\n:::\n",
        encoding="utf-8",
    )
    warnings, outdir = build(make_app, src)
    assert warnings == ""
    assert resume_json(outdir)["education"][0]["url"] == "https://example.org/school"


# -- Names ---------------------------------------------------------------------


def test_a_heading_that_is_a_doc_reference_names_the_entry_by_its_page_title(
    make_app: Callable[..., Any], src: Path
) -> None:
    (src / "gadget.md").write_text("# Gadget Toolkit\n\nAbout it.\n", encoding="utf-8")
    edit(src, "# A résumé\n", "# A résumé\n\n```{toctree}\n:hidden:\n\ngadget\n```\n")
    edit(src, "### Gadget\n", "### {doc}`/gadget`\n")
    warnings, outdir = build(make_app, src)
    assert warnings == ""
    assert [p["name"] for p in resume_json(outdir)["projects"]] == ["Gadget Toolkit"]


def test_a_heading_that_is_a_missing_doc_is_an_error_at_its_line(
    make_app: Callable[..., Any], src: Path
) -> None:
    index = edit(src, "### Gadget\n", "### {doc}`/nowhere`\n")
    warnings, _ = build(make_app, src)
    line = line_of(index, "### {doc}`/nowhere`")
    assert f"{index}:{line}: WARNING: unknown document: '/nowhere'" in warnings, warnings
