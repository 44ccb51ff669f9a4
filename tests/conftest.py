"""Shared fixtures: the whole site, built once per test run into a temporary folder."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from filelock import FileLock

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CONF = REPO / "conf"

# A folder the whole run shares, its workers included: pytest-xdist starts them
# with the environment of the process that imported this file first. It holds
# the session's site, built by the first worker that asks for it, and the
# figures and PDFs that every sphinx-build of the site here draws and prints,
# or reuses (conf.py's PORTFOLIO_CACHE): each file is named by a hash of
# everything that makes it. The test that two clean builds give the same files
# draws and prints into a folder of its own (tests/test_figures.py).
SHARED_ENV = "PORTFOLIO_TESTS_SHARED"
TOKEN_ENV = "PORTFOLIO_TESTS_TOKEN"
_OWNS_SHARED = SHARED_ENV not in os.environ
if _OWNS_SHARED:
    os.environ[SHARED_ENV] = tempfile.mkdtemp(prefix="portfolio-tests-")
    os.environ[TOKEN_ENV] = "ghp_" + secrets.token_hex(16)

# The session's site is built as if published at the address `make serve`
# uses, and with a GitHub token in its environment that must leak nowhere
# (tests/test_setup.py).
SITE_BASE_URL = "http://127.0.0.1:8000/"
SITE_TOKEN = os.environ[TOKEN_ENV]


def pytest_configure(config: pytest.Config) -> None:
    if _OWNS_SHARED:
        config.add_cleanup(lambda: shutil.rmtree(shared_folder(), ignore_errors=True))


# Under pytest-xdist (make test) each file goes whole to the next free worker,
# in collection order (--no-loadscope-reorder): the slowest files first, so no
# worker starts a long file while the others are nearly done. The first needs
# the session's site; the next two build their own, while it is built.
SLOWEST_FIRST = (
    "test_browser.py",
    "test_verdict.py",
    "test_hosting.py",
    "test_i18n.py",
    "test_phone.py",
    "test_figures.py",
    "test_i18n_ext.py",
    "test_faults.py",
    "test_setup.py",
    "test_design.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: each file's tests keep their order


def shared_folder() -> Path:
    """The run's shared folder (see SHARED_ENV)."""
    return Path(os.environ[SHARED_ENV])


def build_cache() -> Path:
    """The folder of drawn figures and printed PDFs the run's builds share,
    filled first by the session's site (:func:`session_site`), so that builds
    started together do not each draw the same figures."""
    session_site()
    return shared_cache()


def shared_cache() -> Path:
    """The run's folder of drawn figures and printed PDFs (PORTFOLIO_CACHE)."""
    return shared_folder() / "cache"


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

    def soup(self, name: str) -> BeautifulSoup:
        """The built page ``name``, parsed."""
        return BeautifulSoup(self.page(name), "html.parser")

    def article(self, name: str) -> Tag:
        """The page's main content, without Furo's navigation (which links everywhere)."""
        main = self.soup(name).select_one("article[role=main]")
        assert main is not None, f"{name}: no <article role=main>"
        return main


class PendingBuild:
    """A sphinx-build running in the background; ``result()`` waits for it."""

    def __init__(
        self,
        srcdir: Path,
        outdir: Path,
        builder: str,
        *extra: str,
        env: Mapping[str, str] | None = None,
    ) -> None:
        flags = [str(CONF) if f == "conf" else f for f in sphinx_flags()]
        self.outdir = outdir
        self.doctrees = outdir.parent / f"{outdir.name}-doctrees"
        self.warnfile = outdir.parent / f"{outdir.name}-warnings.txt"
        cmd = [
            sys.executable, "-m", "sphinx", "-b", builder, *flags,
            "-d", str(self.doctrees),
            "-w", str(self.warnfile), "-q", "-N", *extra, str(srcdir), str(outdir),
        ]  # fmt: skip
        env = dict(os.environ if env is None else env)
        if "PORTFOLIO_CACHE" not in env:
            env["PORTFOLIO_CACHE"] = str(build_cache())
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )

    def result(self) -> Build:
        _, stderr = self.proc.communicate()
        warnings = self.warnfile.read_text(encoding="utf-8") if self.warnfile.exists() else ""
        if self.proc.returncode:  # show why, even where no warning was written
            warnings += stderr
        return Build(self.proc.returncode, self.outdir, warnings)


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    builder: str = "html",
    *extra: str,
    env: Mapping[str, str] | None = None,
) -> Build:
    """Run sphinx-build the way make does, with the repo's conf/ folder."""
    return PendingBuild(srcdir, outdir, builder, *extra, env=env).result()


def build_env(**variables: str) -> dict[str, str]:
    """This environment without a public address or token, plus ``variables``."""
    env = dict(os.environ)
    for name in ("READTHEDOCS", "READTHEDOCS_CANONICAL_URL", "PORTFOLIO_BASE_URL", "GITHUB_TOKEN"):
        env.pop(name, None)
    return env | variables


# The linkcheck pass over the site mostly waits on the network; it starts as
# soon as tests are collected and runs while the other tests do.
_linkcheck: PendingBuild | None = None


def pytest_collection_finish(session: pytest.Session) -> None:
    global _linkcheck
    if any("site_links" in getattr(item, "fixturenames", ()) for item in session.items):
        tmp = Path(tempfile.mkdtemp(prefix="portfolio-linkcheck-"))
        _linkcheck = PendingBuild(DOCS, tmp / "out", "linkcheck")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _linkcheck is not None:
        _linkcheck.proc.kill()
        _linkcheck.proc.communicate()
        shutil.rmtree(_linkcheck.outdir.parent, ignore_errors=True)


def linkcheck_site() -> Build:
    """The background linkcheck pass over the whole site, waited for."""
    assert _linkcheck is not None, "started at collection for tests that use site_links"
    return _linkcheck.result()


#: The editions besides English, each built into its folder of the English
#: site, as `make html` lays them out (conf.py's portfolio_editions).
LANGUAGES = ("ko",)


@pytest.fixture(scope="session")
def editions() -> dict[str, Build]:
    """Both editions, built once per run (:func:`session_site`)."""
    return session_site()


def session_site() -> dict[str, Build]:
    """Both editions, built once per run, side by side (two processes).

    English is built into ``html/`` and Korean into a folder beside it, moved
    into ``html/ko`` once both are done: laid out as `make html` lays them
    out, without either build seeing the other's half-written output. Each
    build's warnings are the caller's to assert (``site``, ``site_ko``).

    The first worker to ask builds them in the run's shared folder; the others
    wait for it and read the same builds (``builds.json``).
    """
    root = shared_folder() / "site"
    record = root / "builds.json"
    with FileLock(shared_folder() / "site.lock"):
        if not record.exists():
            shutil.rmtree(root, ignore_errors=True)  # what a failed attempt left
            root.mkdir()
            record.write_text(json.dumps(build_editions(root)), encoding="utf-8")
    built = json.loads(record.read_text(encoding="utf-8"))
    return {lang: Build(code, Path(out), warnings) for lang, (code, out, warnings) in built.items()}


def build_editions(root: Path) -> dict[str, tuple[int, str, str]]:
    """Build both editions into ``root/html``: each one's exit code, folder and warnings."""
    env = build_env(
        PORTFOLIO_BASE_URL=SITE_BASE_URL,
        GITHUB_TOKEN=SITE_TOKEN,
        PORTFOLIO_CACHE=str(shared_cache()),  # filled here: not build_cache()
    )
    pending = {"en": PendingBuild(DOCS, root / "html", "html", env=env)}
    for lang in LANGUAGES:
        pending[lang] = PendingBuild(
            DOCS, root / f"html-{lang}", "html", "-D", f"language={lang}", env=env
        )
    built = {lang: build.result() for lang, build in pending.items()}
    for lang in LANGUAGES:
        out = shutil.move(built[lang].out, built["en"].out / lang)
        built[lang] = Build(built[lang].returncode, Path(out), built[lang].warnings)
    return {lang: (b.returncode, str(b.out), b.warnings) for lang, b in built.items()}


@pytest.fixture(scope="session")
def site(editions: dict[str, Build]) -> Build:
    """The whole site, built once with ``-n -W --keep-going``; no warning allowed.

    Its folder holds the Korean edition too, in ``ko/``.
    """
    build = editions["en"]
    assert build.warnings == "", build.warnings
    assert build.returncode == 0
    return build


@pytest.fixture(scope="session")
def site_ko(site: Build, editions: dict[str, Build]) -> Build:
    """The Korean edition, ``site.out / "ko"``, as built (its warnings are
    asserted by tests/test_i18n.py, which names what is untranslated)."""
    return editions["ko"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the tiny test sites of Sphinx's testing fixtures live."""
    return Path(__file__).parent / "roots"


def edit(src: Path, old: str, new: str, page: str = "index.md") -> Path:
    """Replace the first ``old`` with ``new`` in the page ``src/page``; return its path."""
    path = src / page
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def docnames() -> list[str]:
    """Every page's docname, from the source tree."""
    return sorted(
        str(p.relative_to(DOCS).with_suffix(""))
        for p in DOCS.rglob("*.md")
        if not any(part.startswith("_") for part in p.relative_to(DOCS).parts)
    )


def font_without(tmp_path: Path, drop: str) -> Path:
    """A copy of the bundled CV font subset (conf/_fonts) without the glyphs of ``drop``."""
    from fontTools import subset as ft_subset  # type: ignore[import-untyped]
    from portfolio.resume import fonts

    stale = tmp_path / "stale-font"
    shutil.copytree(fonts.DEFAULT_DIR, stale)
    keep = "".join(sorted(fonts.covered(fonts.DEFAULT_DIR) - set(drop)))
    for name, _ in fonts.FILES.values():
        options = ft_subset.Options()
        options.flavor = "woff2"
        options.notdef_outline = True
        font = ft_subset.load_font(str(stale / name), options)
        subsetter = ft_subset.Subsetter(options)
        subsetter.populate(text=keep)
        subsetter.subset(font)
        ft_subset.save_font(font, str(stale / name), options)
        font.close()
    assert not set(drop) & fonts.covered(stale)
    return stale


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


@contextlib.contextmanager
def serve(
    folder: Path, handler_class: type[SimpleHTTPRequestHandler] = QuietHandler
) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 at a free port by ``handler_class``: its base URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
