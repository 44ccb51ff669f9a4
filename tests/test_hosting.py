"""Read the Docs builds the same site as `make html`, with the same arguments.

Two projects build from the one .readthedocs.yaml: the English one and its
Korean translation; conf.py reads the language from READTHEDOCS_LANGUAGE.
"""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, build_cache, sphinx_flags


@pytest.fixture(scope="module")
def rtd() -> dict[str, Any]:
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    return config


def test_config_pins_os_and_python(rtd: dict[str, Any]) -> None:
    assert rtd["version"] == 2
    assert rtd["build"]["os"].startswith("ubuntu-")
    assert rtd["build"]["os"] != "ubuntu-lts-latest"
    assert rtd["build"]["tools"]["python"] not in {"latest", "3"}
    assert rtd["sphinx"]["configuration"] == "conf/conf.py"


def test_html_command_mirrors_the_makefile(rtd: dict[str, Any]) -> None:
    (command,) = rtd["build"]["jobs"]["build"]["html"]
    args = shlex.split(command)
    assert args[:3] == ["python", "-m", "sphinx"]
    assert args[3:5] == ["-b", "html"]
    assert args[5:-4] == sphinx_flags()
    # Doctrees beside the checkout, not in the folder Read the Docs publishes.
    assert args[-4] == "-d"
    assert not args[-3].startswith("$READTHEDOCS_OUTPUT")
    assert args[-2:] == ["docs", "$READTHEDOCS_OUTPUT/html"]


@dataclass
class ReadTheDocs:
    """A fresh virtual environment with the config's install jobs run in it."""

    tmp: Path
    env: dict[str, str]
    jobs: dict[str, Any]

    def build(self, language: str) -> tuple[subprocess.CompletedProcess[str], Path]:
        """Run the html jobs as the project in ``language`` would; return the output."""
        output = self.tmp / f"rtd-output-{language}"
        env = self.env | {
            "READTHEDOCS_OUTPUT": str(output),
            "READTHEDOCS_CANONICAL_URL": f"https://portfolio.readthedocs.io/{language}/latest/",
            "READTHEDOCS_LANGUAGE": language,
        }
        proc = None
        for command in [*self.jobs["build"]["html"], *self.jobs.get("post_build", [])]:
            proc = run(command, env)
            if proc.returncode:
                break
        assert proc is not None
        return proc, output


def run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, shell=True, cwd=REPO, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def read_the_docs(rtd: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> ReadTheDocs:
    """The config's install jobs, run once for both projects (they share the file)."""
    tmp = tmp_path_factory.mktemp("rtd")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "READTHEDOCS": "True",
        "READTHEDOCS_GIT_CLONE_URL": "https://github.com/owner/portfolio.git",
        "READTHEDOCS_GIT_IDENTIFIER": "main",
        "READTHEDOCS_VERSION": "latest",
        "GITHUB_TOKEN": "ghp_" + secrets.token_hex(16),
    }
    env.pop("PYTHONPATH", None)
    jobs = rtd["build"]["jobs"]
    for command in jobs["install"]:
        proc = run(command, env)
        assert proc.returncode == 0, f"{command}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    # The builds take the figures and PDFs the run's other builds made (conftest).
    env["PORTFOLIO_CACHE"] = str(build_cache())
    return ReadTheDocs(tmp, env, jobs)


def test_read_the_docs_build_lands_html_in_its_output(read_the_docs: ReadTheDocs) -> None:
    """Run the config's jobs as Read the Docs would, in a fresh environment."""
    proc, output = read_the_docs.build("en")
    assert proc.returncode == 0, f"{proc.args}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"

    index = output / "html" / "index.html"
    assert index.is_file()
    html = index.read_text(encoding="utf-8")
    # The canonical URL and the edit link come from Read the Docs' environment.
    assert '<link rel="canonical" href="https://portfolio.readthedocs.io/en/latest/' in html
    assert "https://github.com/owner/portfolio/edit/main/docs/index.md" in html
    # The switcher and the alternates name the Korean project's pages.
    assert 'href="https://portfolio.readthedocs.io/ko/latest/index.html"' in html

    # What Read the Docs publishes: no doctrees, no token, no path of this machine.
    assert not list(output.rglob(".doctrees"))
    assert not list(output.rglob("*.pickle"))
    token, tmp = read_the_docs.env["GITHUB_TOKEN"], read_the_docs.tmp
    needles = [token, str(REPO), str(tmp), os.path.expanduser("~")]
    leaks = [
        f"{path.relative_to(output)}: {needle}"
        for path in output.rglob("*")
        if path.is_file()
        for needle in needles
        if needle.encode() in path.read_bytes()
    ]
    assert not leaks, "\n".join(leaks)


def test_the_korean_project_builds_from_the_same_file(read_the_docs: ReadTheDocs) -> None:
    """The Korean project (a translation of the English one): same config, its language."""
    proc, output = read_the_docs.build("ko")
    page = output / "html" / "projects" / "torchgpipe.html"
    assert page.is_file(), f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.html is not None
    assert soup.html["lang"] == "ko"
    ko = "https://portfolio.readthedocs.io/ko/latest/projects/torchgpipe.html"
    en = "https://portfolio.readthedocs.io/en/latest/projects/torchgpipe.html"
    canonical = soup.select_one('link[rel="canonical"]')
    assert canonical is not None
    assert canonical["href"] == ko
    switch = soup.select_one("a.language-switch")
    assert switch is not None
    assert (switch["href"], switch["hreflang"]) == (en, "en")
    alternates = {
        str(link["hreflang"]): str(link["href"])
        for link in soup.select('head link[rel="alternate"][hreflang]')
    }
    assert alternates == {"en": en, "ko": ko, "x-default": en}
    # The 404 page's assets come from the Korean project's own path.
    not_found = (output / "html" / "404.html").read_text(encoding="utf-8")
    assert 'href="/ko/latest/_static/' in not_found
    # Last: the build passes its translation check (catalogs complete).
    assert proc.returncode == 0, f"{proc.args}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


# -- The link check where the network is (GitHub Actions) ---------------------


def test_linkcheck_workflow_runs_weekly_and_on_page_changes() -> None:
    workflow = yaml.safe_load(
        (REPO / ".github" / "workflows" / "linkcheck.yml").read_text(encoding="utf-8")
    )
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert len(triggers["schedule"]) == 1
    *_, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*")
    assert weekday.isdigit(), "weekly: one day of the week"
    assert triggers["pull_request"]["paths"] == ["docs/**"]
    assert workflow["permissions"] == {"contents": "read"}

    (job,) = workflow["jobs"].values()
    assert "env" not in workflow
    assert "env" not in job
    runs = [step for step in job["steps"] if "run" in step]
    assert [step["run"] for step in runs][-1] == "make linkcheck"
    # The token goes to the step that checks links, and nowhere else.
    text = yaml.safe_dump(workflow)
    with_token = [step for step in job["steps"] if "GITHUB_TOKEN" in yaml.safe_dump(step)]
    assert with_token == [runs[-1]]
    assert runs[-1]["env"] == {"GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}"}
    assert text.count("secrets.") == 1
    assert text.count("github.token") == 0
