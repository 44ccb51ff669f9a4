"""Bad input fails the build with a message that names the file and line.

Each case copies the site into a temporary folder, injects one fault into a
new page that is otherwise well-formed, builds it the way `make html` does,
and expects a non-zero exit and a warning at ``page.md:LINE``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DOCS, sphinx_build

PAGE = """\
# A page with one fault

Some text.

{fault}
"""
FAULT_LINE = 5  # where {fault} lands in PAGE

CASES = {
    "broken_cross_reference": ("{doc}`/resume/no-such-page`", FAULT_LINE, r"unknown document"),
    "broken_label_reference": ("{ref}`no-such-label`", FAULT_LINE, r"undefined label"),
    "unknown_directive": ("```{no-such-directive}\n```", FAULT_LINE, r"Unknown directive type"),
    "missing_image": ("![A picture](no-such-image.png)", FAULT_LINE,
                      r"image file not readable: no-such-image\.png"),
    "page_in_no_toctree": (None, 1, r"page is in no toctree"),
    "malformed_front_matter": ("---\ntitle: [unclosed\n---\n", 1, r"Malformed YAML"),
}  # fmt: skip


@pytest.mark.parametrize(("fault", "line", "message"), CASES.values(), ids=CASES.keys())
def test_fault_fails_the_build_and_names_file_and_line(
    tmp_path: Path, fault: str | None, line: int, message: str
) -> None:
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src)
    page = src / "faulty.md"
    if fault is None:  # a good page that no toctree lists
        page.write_text(PAGE.format(fault=""), encoding="utf-8")
    elif fault.startswith("---"):  # front matter comes first
        page.write_text(fault + PAGE.format(fault=""), encoding="utf-8")
    else:
        page.write_text(PAGE.format(fault=fault), encoding="utf-8")
    if fault is not None:  # every page but the orphan case is in a toctree
        index = src / "index.md"
        index.write_text(
            index.read_text(encoding="utf-8") + "\n```{toctree}\n:hidden:\n\nfaulty\n```\n",
            encoding="utf-8",
        )

    build = sphinx_build(src, tmp_path / "out")

    assert build.returncode != 0
    located = re.compile(rf"{re.escape(str(page))}:{line}: (WARNING|ERROR): .*{message}")
    assert located.search(build.warnings), build.warnings


def test_the_unmodified_copy_builds(tmp_path: Path) -> None:
    """The control: the same copy without a fault builds cleanly."""
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src)
    build = sphinx_build(src, tmp_path / "out")
    assert build.returncode == 0, build.warnings
    assert build.warnings == ""
