"""A new machine, a published folder and a public address.

- ``make test`` finds or installs its browser in a fixed order, or fails with
  the command that gets one (tests/system_deps.py, driven here with fakes);
- Sphinx's doctrees never land in a folder that is published, and nothing in
  the output names the machine it was built on or the GitHub token in its
  environment;
- one setting names the public address; without it a build writes no
  absolute URL of its own.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import system_deps
from bs4 import BeautifulSoup, Tag
from conftest import REPO, SITE_TOKEN, Build, build_env, shared_folder, sphinx_build
from system_deps import Machine, Missing, find_chromium

# -- The browser: found, or installed, in a fixed order ------------------------


def executable(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


class FakeMachine(Machine):
    """A machine with nothing on it but what a test puts there; records commands."""

    def __init__(self, tmp: Path, **fields: Any) -> None:
        self.bin = tmp / "bin"
        self.bin.mkdir(exist_ok=True)
        self.ran: list[list[str]] = []
        # A command containing the key "installs" the file (and succeeds).
        self.installs: dict[str, Path] = {}
        defaults: dict[str, Any] = {
            "env": {"PATH": str(self.bin)},
            "platform": "linux",
            "distro": "",
            "root": False,
            "mac_apps": (),
            "playwright_chromium": lambda: None,
            "run": self.record,
            "python": "python",
        }
        super().__init__(**(defaults | fields))

    def record(self, cmd: Sequence[str], timeout: float | None) -> bool:
        self.ran.append(list(cmd))
        for word, path in self.installs.items():
            if word in cmd:
                executable(path)
                return True
        return False


def test_chromium_variable_comes_first(tmp_path: Path) -> None:
    chosen = executable(tmp_path / "my" / "chrome")
    machine = FakeMachine(tmp_path)
    executable(machine.bin / "chromium")
    machine.env = {**machine.env, "CHROMIUM": chosen}
    assert find_chromium(machine) == (chosen, "$CHROMIUM")


def test_a_wrong_chromium_variable_fails_rather_than_falls_through(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    executable(machine.bin / "chromium")
    machine.env = {**machine.env, "CHROMIUM": str(tmp_path / "nothing")}
    with pytest.raises(Missing, match=r"CHROMIUM=.*nothing is not an executable"):
        find_chromium(machine)


@pytest.mark.parametrize(
    ("on_path", "expected"),
    [
        (["google-chrome-stable", "chromium-browser"], "chromium-browser"),
        (["google-chrome", "google-chrome-stable"], "google-chrome"),
        (["google-chrome-stable"], "google-chrome-stable"),
    ],
)
def test_path_names_in_order(tmp_path: Path, on_path: list[str], expected: str) -> None:
    machine = FakeMachine(tmp_path)
    for name in on_path:
        executable(machine.bin / name)
    assert find_chromium(machine) == (str(machine.bin / expected), f"`{expected}` on PATH")


def test_macos_application_after_path(tmp_path: Path) -> None:
    app = executable(tmp_path / "Applications" / "Google Chrome")
    machine = FakeMachine(tmp_path, mac_apps=(str(tmp_path / "absent"), app))
    assert find_chromium(machine) == (app, "the macOS application")
    executable(machine.bin / "chromium")
    assert find_chromium(machine)[1] == "`chromium` on PATH"


def test_playwrights_chromium_already_downloaded(tmp_path: Path) -> None:
    browser = executable(tmp_path / "ms-playwright" / "chrome")
    machine = FakeMachine(tmp_path, playwright_chromium=lambda: browser, root=True, distro="debian")
    assert find_chromium(machine) == (browser, "Playwright's Chromium")
    assert machine.ran == []


def test_playwright_download_then_apt_as_root_on_debian(tmp_path: Path) -> None:
    """The download fails (no route to its host); apt-get installs Debian's."""
    browser = tmp_path / "ms-playwright" / "chrome"
    machine = FakeMachine(
        tmp_path, playwright_chromium=lambda: str(browser), root=True, distro="debian"
    )
    machine.installs = {
        "update": tmp_path / "apt-lists",
        "--no-install-recommends": machine.bin / "chromium",
    }
    path, how = find_chromium(machine)
    assert (path, how) == (str(machine.bin / "chromium"), "Debian's chromium, just installed")
    install, update, apt = machine.ran
    assert install == ["python", "-m", "playwright", "install", "--with-deps", "chromium"]
    assert update[-2:] == ["update", "-qq"]
    assert apt[-1] == "chromium"


def test_playwright_download_when_it_works(tmp_path: Path) -> None:
    browser = tmp_path / "ms-playwright" / "chrome"
    machine = FakeMachine(tmp_path, playwright_chromium=lambda: str(browser))
    machine.installs = {"playwright": browser}
    assert find_chromium(machine) == (str(browser), "Playwright's Chromium, just downloaded")
    assert machine.ran == [["python", "-m", "playwright", "install", "chromium"]]


@pytest.mark.parametrize(
    ("platform", "distro", "root", "command"),
    [
        ("linux", "debian", False, "sudo apt-get install chromium"),
        ("linux", "debian", True, "sudo apt-get install chromium"),  # apt-get failed
        ("linux", "ubuntu", False, "sudo apt-get install chromium-browser"),
        ("darwin", "", False, "brew install --cask google-chrome"),
        ("linux", "", False, "make test CHROMIUM=/path/to/chromium-or-chrome"),
    ],
)
def test_nothing_found_names_the_one_command(
    tmp_path: Path, platform: str, distro: str, root: bool, command: str
) -> None:
    machine = FakeMachine(tmp_path, platform=platform, distro=distro, root=root)
    with pytest.raises(Missing) as missing:
        find_chromium(machine)
    assert str(missing.value).endswith(f"Run: {command}")
    # Without root nothing is installed behind the user's back.
    assert root or not any("apt-get" in cmd for cmd in machine.ran)


def test_make_test_runs_the_suite_with_the_browser_it_found() -> None:
    """The recipe asks system_deps for the browser and stops if it has none."""
    recipe = make_dry_run("test")
    assert "system_deps.py chromium" in recipe
    assert re.search(r'CHROMIUM="\$\(.*system_deps\.py chromium\)" && export CHROMIUM', recipe)
    assert "system_deps.py pango --required" in recipe


def test_browser_tests_fail_rather_than_skip() -> None:
    text = (REPO / "tests" / "test_browser.py").read_text(encoding="utf-8")
    assert "pytest.skip" not in text
    assert "importorskip" not in text


def test_ci_runs_only_what_a_developer_runs() -> None:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line.strip() and not line.startswith("#")]
    assert commands[-2:] == ["make lint", "make test"]
    assert not any(re.search(r"\b(apt-get|apt|dpkg|pip|npm)\b", line) for line in commands)


def test_pango_fix_names_the_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(system_deps, "weasyprint_loads", lambda python: False)
    machine = FakeMachine(tmp_path, distro="debian")
    with pytest.raises(Missing, match=r"Run: sudo apt-get install libpango-1\.0-0 libpangoft2"):
        system_deps.ensure_pango(machine)
    assert machine.ran == []


# -- Doctrees and secrets outside the published folder -----------------------


def make_dry_run(*targets: str) -> str:
    """The commands ``make`` would run, continuation lines joined."""
    proc = subprocess.run(
        ["make", "-n", "-B", *targets],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env=build_env(),
    )
    return proc.stdout.replace("\\\n", " ")


@pytest.mark.parametrize("target", ["html", "pdf", "serve", "linkcheck"])
def test_make_keeps_doctrees_out_of_the_output(target: str) -> None:
    commands = [
        shlex.split(line)
        for line in make_dry_run(target).splitlines()
        if re.search(r"sphinx-(build|autobuild)\b", line)
    ]
    assert commands, f"make {target} runs no Sphinx build"
    for args in commands:
        assert "-d" in args, f"make {target}: no -d, so doctrees go into the output: {args}"
        doctrees, output = Path(args[args.index("-d") + 1]), Path(args[-1])
        assert output not in doctrees.parents, args
        assert doctrees != output, args


def test_site_output_names_no_token_and_no_local_path(site: Build) -> None:
    """The session's site was built with a random GITHUB_TOKEN in its environment."""
    needles = {
        "the GitHub token": SITE_TOKEN,
        "the repository's path": str(REPO),
        "the build's path": str(site.out.parent),
        "the tests' shared folder (site, figures, PDFs)": str(shared_folder()),
        "$HOME": os.path.expanduser("~"),
    }
    assert len(needles["$HOME"]) > 1
    found = [
        f"{path.relative_to(site.out)}: {what}"
        for path in sorted(site.out.rglob("*"))
        if path.is_file()
        for what, needle in needles.items()
        if needle.encode() in path.read_bytes()
    ]
    assert not found, "\n".join(found)
    assert not list(site.out.rglob(".doctrees")), "doctrees inside the output"


def test_only_linkcheck_reads_the_github_token(site: Build) -> None:
    """Not even the html build's pickled environment (outside the output) holds it."""
    doctrees = site.out.parent / f"{site.out.name}-doctrees"
    assert (doctrees / "environment.pickle").is_file()
    holders = [
        str(path.relative_to(doctrees))
        for path in doctrees.rglob("*")
        if path.is_file() and SITE_TOKEN.encode() in path.read_bytes()
    ]
    assert not holders


def test_linkcheck_sends_the_token_to_github(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other half: the linkcheck builder does get it, for GitHub only."""
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_test")
    src = tmp_path / "src"
    shutil.copytree(REPO / "conf", src)
    (src / "index.md").write_text("# Index\n", encoding="utf-8")
    headers = {
        builder: make_app(builder, srcdir=src, builddir=tmp_path / builder).config
        .linkcheck_request_headers
        for builder in ("linkcheck", "html")
    }  # fmt: skip
    auth = {"Authorization": "Bearer ghp_test"}
    assert headers["linkcheck"] == {"https://github.com/": auth, "https://api.github.com/": auth}
    assert headers["html"] == {}


# -- One setting names the public address -------------------------------------


@pytest.fixture(scope="module")
def resume_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page résumé (person, role, project) to build with the site's conf/."""
    src = tmp_path_factory.mktemp("address") / "src"
    src.mkdir()
    shutil.copy(Path(__file__).parent / "roots" / "test-resume" / "index.md", src)
    return src


def built(resume_site: Path, out: Path, **env: str) -> Build:
    build = sphinx_build(resume_site, out, env=build_env(**env))
    assert build.returncode == 0, build.warnings
    return build


def json_ld(build: Build) -> str:
    script = build.soup("index").find("script", type="application/ld+json")
    assert isinstance(script, Tag)
    return script.get_text()


def test_without_an_address_no_absolute_url_of_its_own(resume_site: Path, tmp_path: Path) -> None:
    build = built(resume_site, tmp_path / "out")
    page = build.soup("index")
    assert page.find("link", rel="canonical") is None
    assert not (build.out / "sitemap.xml").exists()
    assert not (build.out / "robots.txt").exists()
    og_url = page.find("meta", property="og:url")
    assert isinstance(og_url, Tag)
    assert og_url["content"] == "index.html"
    assert '"@id": "/#person"' in json_ld(build)
    assert json.loads((build.out / "resume.json").read_text("utf-8"))["meta"]["canonical"] == (
        "/resume.json"
    )
    leaks = [
        str(p.relative_to(build.out))
        for p in build.out.rglob("*")
        if p.is_file() and b"127.0.0.1" in p.read_bytes()
    ]
    assert not leaks


@pytest.mark.parametrize(
    ("env", "base"),
    [
        ({"PORTFOLIO_BASE_URL": "https://example.org/portfolio"}, "https://example.org/portfolio/"),
        (
            {
                "READTHEDOCS_CANONICAL_URL": "https://sublee.readthedocs.io/en/latest/",
                "PORTFOLIO_BASE_URL": "https://example.org/",
            },
            "https://sublee.readthedocs.io/en/latest/",
        ),
    ],
    ids=["portfolio-base-url", "read-the-docs-wins"],
)
def test_the_public_address_is_in_every_absolute_url(
    resume_site: Path, tmp_path: Path, env: dict[str, str], base: str
) -> None:
    build = built(resume_site, tmp_path / "out", **env)
    page = build.soup("index")
    canonical = page.find("link", rel="canonical")
    assert isinstance(canonical, Tag)
    assert canonical["href"] == f"{base}index.html"
    og_url = page.find("meta", property="og:url")
    assert isinstance(og_url, Tag)
    assert og_url["content"] == f"{base}index.html"
    assert f"<loc>{base}index.html</loc>" in (build.out / "sitemap.xml").read_text("utf-8")
    assert (build.out / "robots.txt").read_text("utf-8").endswith(f"Sitemap: {base}sitemap.xml\n")
    assert f'"@id": "{base}#person"' in json_ld(build)
    # The 404 page's links start at the address's path (notfound_urls_prefix).
    if "READTHEDOCS_CANONICAL_URL" not in env:
        notfound = BeautifulSoup((build.out / "404.html").read_text("utf-8"), "html.parser")
        stylesheets = [str(link["href"]) for link in notfound.select("link[rel=stylesheet]")]
        assert stylesheets
        assert all(href.startswith("/portfolio/_static/") for href in stylesheets)


def test_a_second_build_without_the_address_drops_robots_txt(
    resume_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    built(resume_site, out, PORTFOLIO_BASE_URL="https://example.org/")
    assert (out / "robots.txt").exists()
    built(resume_site, out)
    assert not (out / "robots.txt").exists()
