"""The linkcheck pass: proven against a local server, then run over the site.

These machines reach no host but the package registries, so the site's
external links usually cannot be verified here. The test tells that from the
link results themselves: if no external link got any HTTP answer, the network
is unreachable and the external check is *skipped* with the count of links it
could not verify. Wherever an answer comes back (Read the Docs, a laptop),
broken and moved links fail it. Internal links and anchors are checked always.
"""

from __future__ import annotations

import json
import re
import runpy
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import CONF, Build, linkcheck_site

PLACEHOLDER = "http://linkcheck.invalid"

# Hosts the build machines reach as package registries only.
REGISTRIES = {"pypi.org", "files.pythonhosted.org", "registry.npmjs.org", "deb.debian.org"}

# What requests and urllib3 say when no answer came back at all.
NO_ANSWER = re.compile(
    r"NameResolutionError|Failed to resolve|Name or service not known|"
    r"Temporary failure in name resolution|No address associated|"
    r"Network is unreachable|Connection refused|ConnectTimeout|timed out|"
    r"Max retries exceeded",
    re.IGNORECASE,
)


# -- The pass, proven against a local HTTP server ----------------------------


class _Handler(BaseHTTPRequestHandler):
    PAGE = b'<html><body><h1 id="present">Present</h1></body></html>'

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def _answer(self, *, with_body: bool) -> None:
        found = self.path.split("#")[0] == "/ok"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.PAGE) if found else 0))
        self.end_headers()
        if with_body and found:
            self.wfile.write(self.PAGE)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep the test output quiet."""


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_linkcheck_settings() -> dict[str, Any]:
    """The site's own linkcheck settings, so the proof tests the real config."""
    namespace = runpy.run_path(str(CONF / "conf.py"))
    return {k: v for k, v in namespace.items() if k.startswith("linkcheck_")}


def read_output(outdir: Path) -> dict[str, dict[str, Any]]:
    lines = (outdir / "output.json").read_text(encoding="utf-8").splitlines()
    return {entry["uri"]: entry for entry in map(json.loads, lines)}


@pytest.mark.sphinx("linkcheck", testroot="linkcheck")
def test_pass_reports_broken_links_against_a_local_server(
    make_app: Callable[..., Any], rootdir: Path, local_server: str, tmp_path: Path
) -> None:
    app = make_app(
        "linkcheck",
        srcdir=rootdir / "test-linkcheck",
        builddir=tmp_path,
        confoverrides=site_linkcheck_settings(),
    )
    app.connect(
        "linkcheck-process-uri",
        lambda _app, uri: uri.replace(PLACEHOLDER, local_server),
    )
    app.build()
    results = read_output(Path(app.outdir))

    assert results[f"{local_server}/ok"]["status"] == "working"
    assert results[f"{local_server}/ok#present"]["status"] == "working"
    assert results[f"{local_server}/missing"]["status"] == "broken"
    assert "404" in results[f"{local_server}/missing"]["info"]
    assert results[f"{local_server}/ok#absent"]["status"] == "broken"
    assert "Anchor 'absent' not found" in results[f"{local_server}/ok#absent"]["info"]
    # Each result names the page and line it came from.
    assert {(r["filename"], r["lineno"]) for r in results.values()} >= {
        ("index.rst", 6),
        ("index.rst", 7),
    }


# -- The pass over the whole site --------------------------------------------


@dataclass
class LinkReport:
    build: Build
    results: dict[str, dict[str, Any]]

    def external(self) -> list[dict[str, Any]]:
        return [r for r in self.results.values() if r["uri"].startswith(("http:", "https:"))]


@pytest.fixture(scope="session")
def site_links() -> LinkReport:
    build = linkcheck_site()  # started in the background at collection
    return LinkReport(build, read_output(build.out))


def test_every_internal_link_resolves(site_links: LinkReport) -> None:
    """Links between pages in the source: none broken (the build names page:line)."""
    internal = [r for r in site_links.results.values() if r not in site_links.external()]
    broken = [f"{r['filename']}:{r['lineno']}: {r['uri']} ({r['info']})" for r in internal
              if r["status"] == "broken"]  # fmt: skip
    assert not broken, "\n".join(broken)


def test_every_internal_anchor_exists_in_the_built_site(site: Build) -> None:
    """Every same-site href in the HTML points at a file and id that exist."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            ids[page] = {str(tag["id"]) for tag in soup.find_all(id=True)}
        return ids[page]

    problems = []
    for page in sorted(site.out.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.find_all("a", href=True):
            href = str(link["href"])
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
                continue
            path = unquote(parts.path)
            if not path:
                target = page
            elif path.startswith("/"):  # the 404 page's root-absolute links
                target = site.out / path.lstrip("/")
            else:
                target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site.out)} (line {link.sourceline})"
            if not target.exists():
                problems.append(f"{where}: {href}: no such file")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in ids_of(target)
            ):
                problems.append(f"{where}: {href}: no id {parts.fragment!r}")
    assert not problems, "\n".join(problems)


def test_external_links_work_or_are_reported_unverified(site_links: LinkReport) -> None:
    external = site_links.external()
    assert external, "the site has no external links: the pass checked nothing"
    checkable = [r for r in external if r["status"] != "ignored"]
    # Evidence of a network: an HTTP answer from a host that is not a package
    # registry (registries are reachable from the build machines, but they
    # serve only their package indexes: their other pages answer 404 there).
    evidence = [
        r for r in checkable
        if not NO_ANSWER.search(r["info"]) and urlsplit(r["uri"]).hostname not in REGISTRIES
    ]  # fmt: skip
    if not evidence:
        pytest.skip(
            f"network unreachable: {len(checkable)} external links could not be verified "
            "(no host but the package registries answered); "
            f"{len(external) - len(checkable)} more are ignored by linkcheck_ignore. "
            "Run `make linkcheck` where the network is reachable."
        )
    bad = [
        f"{r['filename']}:{r['lineno']}: {r['uri']}: {r['status']} {r['info']}"
        for r in checkable
        if r["status"] not in {"working", "unchecked"}
    ]
    assert not bad, "\n".join(bad)
