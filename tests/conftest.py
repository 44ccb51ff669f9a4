"""Shared fixtures: the whole site, built once per test run into a temporary folder."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CONF = REPO / "conf"


def sphinx_flags() -> list[str]:
    """The sphinx-build arguments, read from the one place that owns them."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^SPHINXFLAGS\s*:=\s*(.+)$", makefile, re.MULTILINE)
    assert match, "Makefile has no SPHINXFLAGS line"
    return shlex.split(match.group(1))


@dataclass
class Build:
    """The result of one sphinx-build run."""

    returncode: int
    out: Path
    warnings: str

    def page(self, name: str) -> str:
        """The built HTML of ``name`` (a docname such as ``resume/work``)."""
        return (self.out / f"{name}.html").read_text(encoding="utf-8")


def sphinx_build(
    srcdir: Path, outdir: Path, builder: str = "html", *extra: str
) -> Build:
    """Run sphinx-build the way make does, with the repo's conf/ folder."""
    flags = [str(CONF) if f == "conf" else f for f in sphinx_flags()]
    warnfile = outdir.parent / f"{outdir.name}-warnings.txt"
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder, *flags,
        "-d", str(outdir.parent / f"{outdir.name}-doctrees"),
        "-w", str(warnfile), "-q", *extra, str(srcdir), str(outdir),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False)
    warnings = warnfile.read_text(encoding="utf-8") if warnfile.exists() else ""
    return Build(proc.returncode, outdir, warnings + proc.stderr if proc.returncode else warnings)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The whole site, built once with ``-n -W --keep-going``; no warning allowed."""
    build = sphinx_build(DOCS, tmp_path_factory.mktemp("site") / "html")
    assert build.warnings == "", build.warnings
    assert build.returncode == 0
    return build


def docnames() -> list[str]:
    """Every page's docname, from the source tree."""
    return sorted(
        str(p.relative_to(DOCS).with_suffix(""))
        for p in DOCS.rglob("*.md")
        if not any(part.startswith("_") for part in p.relative_to(DOCS).parts)
    )
