"""Read the Docs builds the same site as `make html`, with the same arguments."""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, sphinx_flags


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


def test_read_the_docs_build_lands_html_in_its_output(rtd: dict[str, Any], tmp_path: Path) -> None:
    """Run the config's jobs as Read the Docs would, in a fresh environment."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    output = tmp_path / "rtd-output"
    token = "ghp_" + secrets.token_hex(16)
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": "https://portfolio.readthedocs.io/en/latest/",
        "READTHEDOCS_GIT_CLONE_URL": "https://github.com/owner/portfolio.git",
        "READTHEDOCS_GIT_IDENTIFIER": "main",
        "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_VERSION": "latest",
        "GITHUB_TOKEN": token,
    }
    env.pop("PYTHONPATH", None)
    jobs = rtd["build"]["jobs"]
    for command in [*jobs["install"], *jobs["build"]["html"], *jobs.get("post_build", [])]:
        proc = subprocess.run(
            command, shell=True, cwd=REPO, env=env, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, f"{command}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"

    index = output / "html" / "index.html"
    assert index.is_file()
    html = index.read_text(encoding="utf-8")
    # The canonical URL and the edit link come from Read the Docs' environment.
    assert '<link rel="canonical" href="https://portfolio.readthedocs.io/en/latest/' in html
    assert "https://github.com/owner/portfolio/edit/main/docs/index.md" in html

    # What Read the Docs publishes: no doctrees, no token, no path of this machine.
    assert not list(output.rglob(".doctrees"))
    assert not list(output.rglob("*.pickle"))
    needles = [token, str(REPO), str(tmp_path), os.path.expanduser("~")]
    leaks = [
        f"{path.relative_to(output)}: {needle}"
        for path in output.rglob("*")
        if path.is_file()
        for needle in needles
        if needle.encode() in path.read_bytes()
    ]
    assert not leaks, "\n".join(leaks)


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
