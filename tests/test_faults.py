"""Bad input fails the build with a message that names the file and line.

The site is copied into a temporary folder and one page per fault is added,
each otherwise well-formed and (but for the orphan case) listed in a toctree.
One build, the way `make html` runs it, must exit non-zero and report every
fault at ``page.md:LINE``. The clean build of the same pages is the `site`
fixture, which must have no warning at all.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DOCS, Build, sphinx_build

PAGE = """\
# A page with one fault

Some text.

{fault}
"""
FAULT_LINE = 5  # where {fault} lands in PAGE

CASES = {
    "broken_cross_reference": ("{doc}`/resume/no-such-page`", FAULT_LINE, r"unknown document"),
    "broken_label_reference": ("{ref}`no-such-label`", FAULT_LINE, r"undefined label"),
    "broken_heading_anchor": ("[a link](index.md#no-such-heading)", FAULT_LINE,
                              r"local id not found in doc 'index': 'no-such-heading'"),
    "unknown_directive": ("```{no-such-directive}\n```", FAULT_LINE, r"Unknown directive type"),
    "unknown_role": ("{no-such-role}`text`", FAULT_LINE, r"Unknown interpreted text role"),
    "missing_image": ("![A picture](no-such-image.png)", FAULT_LINE,
                      r"image file not readable: no-such-image\.png"),
    "page_in_no_toctree": ("", 1, r"page is in no toctree"),
    "malformed_front_matter": ("---\ntitle: [unclosed\n---\n", 1, r"Malformed YAML"),
}  # fmt: skip


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    tmp = tmp_path_factory.mktemp("faults")
    src = tmp / "docs"
    shutil.copytree(DOCS, src)
    listed = []
    for name, (fault, _, _) in CASES.items():
        if fault.startswith("---"):  # front matter comes first
            text = fault + PAGE.format(fault="")
        else:
            text = PAGE.format(fault=fault)
        (src / f"{name}.md").write_text(text, encoding="utf-8")
        if name != "page_in_no_toctree":
            listed.append(name)
    index = src / "index.md"
    toctree = "\n```{toctree}\n:hidden:\n\n" + "\n".join(listed) + "\n```\n"
    index.write_text(index.read_text(encoding="utf-8") + toctree, encoding="utf-8")
    return src, sphinx_build(src, tmp / "out")


def test_faults_fail_the_build(faulty: tuple[Path, Build]) -> None:
    assert faulty[1].returncode != 0


@pytest.mark.parametrize(("fault", "line", "message"), CASES.values(), ids=CASES.keys())
def test_fault_is_reported_at_its_file_and_line(
    faulty: tuple[Path, Build], fault: str, line: int, message: str, request: pytest.FixtureRequest
) -> None:
    src, build = faulty
    page = src / f"{request.node.callspec.id}.md"
    located = re.compile(rf"^{re.escape(str(page))}:{line}: (WARNING|ERROR): .*{message}", re.M)
    assert located.search(build.warnings), build.warnings


def test_no_warning_points_anywhere_but_the_faulty_pages(faulty: tuple[Path, Build]) -> None:
    src, build = faulty
    pages = {str(src / f"{name}.md") for name in CASES}
    for line in build.warnings.splitlines():
        if ": WARNING: " in line or ": ERROR: " in line:
            assert line.split(":", 1)[0] in pages, line
