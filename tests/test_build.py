"""The whole site builds cleanly, and every page is reachable."""

from __future__ import annotations

from conftest import Build, docnames


def test_site_builds_without_warnings(site: Build) -> None:
    assert site.returncode == 0
    assert site.warnings == ""


def test_every_page_is_built(site: Build) -> None:
    for name in docnames():
        assert (site.out / f"{name}.html").is_file(), name
