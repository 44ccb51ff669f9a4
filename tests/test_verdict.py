"""Same source, same verdict: an incremental build reports and writes what a clean one does.

Each test copies the site into a temporary folder and runs sphinx-build the
way ``make html`` does, more than once into the same output and doctree
folders, as ``make html`` and ``make serve`` do. Builds of one step run side by
side, so the module takes about as long as a few clean builds.

One difference is set aside: matplotlib's clip-path ids in the figures' SVG
files, which differ between any two clean builds today (issue 11, defect 8,
guarded by its own test); :func:`files` blanks them, and once that is fixed
it blanks nothing that differs.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DOCS, Build, PendingBuild, sphinx_build

CLIP_PATH_ID = re.compile(rb"(clip-path=\"url\(#|<clipPath id=\")p[0-9a-f]{10}")
LOCATED = re.compile(r"^(?P<path>/\S+?):(?P<line>\d+): (?P<level>WARNING|ERROR): ", re.MULTILINE)


def copy_site(dest: Path) -> Path:
    shutil.copytree(DOCS, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def list_in_toctree(src: Path, *names: str) -> None:
    index = src / "index.md"
    toctree = "\n```{toctree}\n:hidden:\n\n" + "\n".join(names) + "\n```\n"
    index.write_text(index.read_text(encoding="utf-8") + toctree, encoding="utf-8")


def verdict(build: Build) -> list[str]:
    """The build's located warnings, ``path:line: LEVEL: message``, sorted."""
    return sorted(line for line in build.warnings.splitlines() if LOCATED.match(line))


def files(out: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path; figures' clip-path ids blanked."""
    found = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".svg":
                data = CLIP_PATH_ID.sub(rb"\1p", data)
            found[path.relative_to(out).as_posix()] = data
    return found


def assert_same_site(incremental: Build, clean: Build, after: str) -> None:
    assert incremental.returncode == clean.returncode == 0, incremental.warnings + clean.warnings
    mine, theirs = files(incremental.out), files(clean.out)
    assert sorted(mine) == sorted(theirs), f"after {after}, the file lists differ"
    differ = [name for name in sorted(mine) if mine[name] != theirs[name]]
    assert differ == [], f"after {after}, the incremental and clean builds differ in {differ}"


# -- Defect 1: a failing build fails again ----------------------------------

BROKEN_REF = "# A broken reference\n\nSee {ref}`no-such-label`.\n"
NO_TOCTREE = "# A page in no toctree\n\nSome text.\n"
LATIN_1 = "# Café\n\nSome text.\n".encode("latin-1")


@dataclass
class Faulty:
    """The builds of one source: good, with four faults (twice), and fixed."""

    src: Path
    good: dict[str, bytes]  # the good build's files: later builds overwrite them
    first: Build
    first_file: str  # the first faulty build's warnings file (Build.warnings adds stderr)
    second: Build
    fixed: Build


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Faulty:
    tmp = tmp_path_factory.mktemp("verdict")
    src = copy_site(tmp / "docs")
    out = tmp / "html"
    good = sphinx_build(src, out)
    assert good.returncode == 0, good.warnings
    good_files = files(out)
    (src / "broken_ref.md").write_text(BROKEN_REF, encoding="utf-8")
    (src / "no_toctree.md").write_text(NO_TOCTREE, encoding="utf-8")
    (src / "empty.md").write_text("", encoding="utf-8")
    list_in_toctree(src, "broken_ref", "empty")
    # The current job loses its start date: a résumé data error.
    edit(src / "resume" / "work.md", ":start: 2018\n", ":start: someday\n")
    pending = PendingBuild(src, out, "html")
    first = pending.result()
    first_file = pending.warnfile.read_text(encoding="utf-8")
    second = sphinx_build(src, out)
    for name in ("broken_ref.md", "no_toctree.md", "empty.md"):
        (src / name).unlink()
    for name in ("index.md", "resume/work.md"):
        shutil.copy(DOCS / name, src / name)
    return Faulty(src, good_files, first, first_file, second, sphinx_build(src, out))


def test_a_failing_build_fails_again_with_the_same_messages(
    faulty: Faulty,
) -> None:
    assert faulty.first.returncode != 0
    assert faulty.second.returncode != 0, "the second build of the same faulty source passed"
    assert verdict(faulty.second) == verdict(faulty.first)


@pytest.mark.parametrize(
    ("page", "line", "message"),
    [
        ("broken_ref.md", 3, r"undefined label: 'no-such-label'"),
        ("no_toctree.md", 1, r"page is in no toctree"),
        ("resume/work.md", None, r"someday"),
        ("empty.md", 1, r"no title"),
    ],
)
def test_each_fault_is_reported_by_both_builds(
    faulty: Faulty, page: str, line: int | None, message: str
) -> None:
    at = rf"{line}" if line else r"\d+"
    located = re.compile(
        rf"^{re.escape(str(faulty.src / page))}:{at}: (WARNING|ERROR): .*{message}", re.M
    )
    assert located.search(faulty.first.warnings), faulty.first.warnings
    assert located.search(faulty.second.warnings), faulty.second.warnings


def test_an_empty_page_warns_once(faulty: Faulty) -> None:
    about_it = [line for line in faulty.first_file.splitlines() if "empty" in line]
    assert len(about_it) == 1, "\n".join(about_it)


def test_a_page_that_is_not_utf8_is_an_error_at_its_file(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    """Not a UnicodeDecodeError that names no file (and hides every other fault)."""
    src = shutil.copytree(rootdir / "test-portfolio", tmp_path / "src")
    (src / "latin_1.md").write_bytes(LATIN_1)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    page = src / "latin_1.md"
    assert f"{page}:1: ERROR: the page is not UTF-8: byte 0xe9 at line 1" in app.warning.getvalue()


def test_a_failed_build_writes_no_resume_without_the_current_job(
    faulty: Faulty,
) -> None:
    """Nor a PDF: what the good build wrote stays until the data is whole again."""
    resume = json.loads((faulty.second.out / "resume.json").read_text(encoding="utf-8"))
    assert [job["name"] for job in resume["work"]][:1] == ["Kakao Brain"]
    good = faulty.good
    for name in ("resume.json", "heungsub-lee-cv.pdf"):
        if name in good:
            assert (faulty.second.out / name).read_bytes() == good[name], name


def test_the_fixed_source_passes_and_builds_the_good_site(
    faulty: Faulty,
) -> None:
    """Remembered faults are forgotten once fixed; nothing of the faulty pages stays."""
    assert (faulty.fixed.returncode, verdict(faulty.fixed)) == (0, []), faulty.fixed.warnings
    good = faulty.good
    now = files(faulty.fixed.out)
    assert sorted(now) == sorted(good)
    assert [name for name in sorted(now) if now[name] != good[name]] == []


# -- Defect 3: an incremental build's output equals a clean build's ----------


def rename(src: Path) -> None:
    """resume/interests becomes resume/hobbies, and every link to it follows."""
    (src / "resume" / "interests.md").rename(src / "resume" / "hobbies.md")
    edit(src / "index.md", "\nresume/interests\n", "\nresume/hobbies\n")
    edit(src / "index.md", "{doc}`resume/interests`", "{doc}`resume/hobbies`")


def delete(src: Path) -> None:
    """resume/languages, which holds résumé facts, goes, and every link to it."""
    (src / "resume" / "languages.md").unlink()
    edit(src / "index.md", "\nresume/languages\n", "\n")
    edit(src / "index.md", " {doc}`resume/languages`,", "")


def edit_text(src: Path) -> None:
    """A page's title changes, and so every sidebar that lists it."""
    edit(src / "projects" / "trueskill.md", "\n# TrueSkill\n", "\n# TrueSkill for Python\n")


def test_an_incremental_build_equals_a_clean_build(tmp_path: Path) -> None:
    """After each step, the incremental build and a clean build of a copy match."""
    src = copy_site(tmp_path / "docs")
    out = tmp_path / "incremental"
    assert sphinx_build(src, out).returncode == 0
    for step in (edit_text, rename, delete):
        step(src)
        snapshot = shutil.copytree(src, tmp_path / f"docs-{step.__name__}")
        clean = PendingBuild(snapshot, tmp_path / f"clean-{step.__name__}", "html")
        incremental = sphinx_build(src, out)
        assert_same_site(incremental, clean.result(), step.__name__)
