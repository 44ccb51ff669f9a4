"""Measured speed of the portfolio: build, rebuild and page weight, against a floor.

``make bench`` runs this script. Every figure is measured in the same run as a
*floor*: a one-page site built with the same ``conf/`` (same extensions, same
theme), so a ratio means something on a busy machine where seconds alone do
not. What it measures (issue 6):

- **cold build** of the whole site and of the floor, serial and with ``-j auto``;
  and of both editions, English and Korean (into ``ko/``) side by side as
  ``make html`` builds them (issue 14: at most twice the English build alone);
- **incremental rebuild** after appending a paragraph to one résumé page and to
  one deep-dive (copies in a temporary folder, never the repository's files),
  checking that the computed-figure cache in the doctree folder is reused, and
  how many pages each edition reads again (issue 14: that page alone; every
  page is written on every build, by portfolio.verdict, so reading is what
  an edit costs);
- **page weight** of the landing page and of the heaviest page: the bytes of
  every response, raw and gzip, by kind, and whether all are same-origin —
  loaded in headless Chromium with Playwright when both are there, read from
  the HTML and CSS otherwise;
- **Lighthouse** scores, mobile and desktop, of the landing page and the
  heaviest page: the median of three runs each, when Chromium and ``npx`` are
  there (issue 13: mobile performance 100, cumulative layout shift 0).

It prints a table and writes the same figures to ``_build/bench.json``. It is
a benchmark, not a test: nothing in ``make test`` reads its timings.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CONF = REPO / "conf"
CHROMIUM = Path("/usr/bin/chromium")
LIGHTHOUSE = "lighthouse@12.2.3"
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

#: The pages edited for the incremental rebuilds: one résumé page, one deep-dive.
EDITED_PAGES = ("resume/work.md", "projects/torchgpipe.md")
#: Lighthouse runs per page and preset; the table shows the median.
LIGHTHOUSE_RUNS = 3

FLOOR_PAGE = """\
# Floor

A one-page site built with the portfolio's own configuration, so that the
benchmark has a baseline measured on the same machine in the same run.
"""

# The targets of issues 6 and 13: ratios to the floor, kilobytes of gzip, scores.
TARGET_COLD_RATIO = 4.0
TARGET_EDITIONS_RATIO = 2.0
TARGET_INCREMENTAL_RATIO = 1.5
TARGET_LANDING_KB = 35.0
TARGET_HEAVIEST_KB = 150.0
TARGET_CLS = 0.0
#: A first frame shown this long after the page loaded was held by headless
#: Chromium's compositor, not by the page (bench.frame_held_ms).
HELD_FRAME_MS = 500
TARGET_SCORES = {
    "mobile": {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100},
    "desktop": {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100},
}


def sphinx_flags() -> list[str]:
    """The sphinx-build arguments, read from the Makefile that owns them."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^SPHINXFLAGS\s*:=\s*(.+)$", makefile, re.MULTILINE)
    if not match:
        raise SystemExit("Makefile has no SPHINXFLAGS line")
    return [str(CONF) if flag == "conf" else flag for flag in shlex.split(match.group(1))]


# -- Builds ------------------------------------------------------------------


class BuildFailed(RuntimeError):
    """A benchmarked build failed or warned: its timing would mean nothing."""


#: "reading sources... [ 50%] resume/work": one line per page read (no -q).
READING = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")


@dataclass
class Site:
    """A source folder and where its builds go."""

    name: str
    src: Path
    out: Path
    doctrees: Path
    #: sphinx-build arguments of its own: -D language=ko for the Korean edition.
    options: tuple[str, ...] = ()
    #: The pages the last build read.
    read: list[str] = field(default_factory=list)

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.doctrees, ignore_errors=True)

    def build(self, *extra: str) -> float:
        """Run sphinx-build as make does; return the wall-clock seconds."""
        warnings = self.out.parent / f"{self.out.name}-warnings.txt"
        cmd = [
            sys.executable, "-m", "sphinx", "-b", "html", *sphinx_flags(),
            "-d", str(self.doctrees), "-w", str(warnings), *self.options, *extra,
            str(self.src), str(self.out),
        ]  # fmt: skip
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False)
        seconds = time.perf_counter() - start
        logged = warnings.read_text(encoding="utf-8") if warnings.exists() else ""
        if proc.returncode or logged:
            raise BuildFailed(f"{self.name} {' '.join(extra)}: {logged}{proc.stderr[-2000:]}")
        self.read = READING.findall(proc.stdout)
        return seconds

    def figure_cache(self) -> dict[str, tuple[int, int]]:
        """The computed-figure cache: file name -> (mtime in ns, size)."""
        folder = self.doctrees / "computed-figures"
        if not folder.is_dir():
            return {}
        return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}

    def page_mtimes(self) -> dict[str, int]:
        return {
            str(p.relative_to(self.out)): p.stat().st_mtime_ns for p in self.out.rglob("*.html")
        }


@dataclass
class Timing:
    """Repeated measurements of one thing, in seconds."""

    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def spread(self) -> float:
        return max(self.runs) - min(self.runs)

    def as_json(self) -> dict[str, Any]:
        return {
            "median_s": round(self.median, 3),
            "min_s": round(min(self.runs), 3),
            "max_s": round(max(self.runs), 3),
            "runs_s": [round(r, 3) for r in self.runs],
        }


def make_sites(work: Path, korean: tuple[str, ...]) -> tuple[Site, Site, Site]:
    """A copy of docs/, its Korean edition in ko/, and a one-page floor."""
    site_src = work / "site-src"
    shutil.copytree(DOCS, site_src)
    floor_src = work / "floor-src"
    floor_src.mkdir()
    (floor_src / "index.md").write_text(FLOOR_PAGE, encoding="utf-8")
    site = Site("site", site_src, work / "site" / "html", work / "site" / "doctrees")
    return (
        site,
        Site("site ko", site_src, site.out / "ko", work / "site" / "doctrees-ko", korean),
        Site("floor", floor_src, work / "floor" / "html", work / "floor" / "doctrees"),
    )


def both(site: Site, korean: Site) -> float:
    """Both editions side by side, as `make html` builds them; the wall-clock seconds."""
    start = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        for build in [pool.submit(site.build), pool.submit(korean.build)]:
            build.result()
    return time.perf_counter() - start


def cold_builds(site: Site, korean: Site, floor: Site, runs: int) -> dict[str, Timing]:
    """Cold builds, interleaved so that load on the machine hits each alike."""
    timings = {
        "site": Timing(),
        "site -j auto": Timing(),
        "floor": Timing(),
        "both editions": Timing(),
    }
    parallel = Site(
        "site -j auto", site.src, site.out.parent / "html-j", site.doctrees.parent / "doctrees-j"
    )
    # One untimed build first: bytecode and Matplotlib's font cache.
    floor.clean()
    floor.build()
    for n in range(runs):
        for name, target, extra in (
            ("floor", floor, ()),
            ("site -j auto", parallel, ("-j", "auto")),
            ("site", site, ()),
        ):
            target.clean()
            timings[name].runs.append(target.build(*extra))
        site.clean()
        korean.clean()
        timings["both editions"].runs.append(both(site, korean))
        print(
            f"  cold round {n + 1}/{runs}: "
            + ", ".join(f"{k} {v.runs[-1]:.2f}s" for k, v in timings.items())
        )
    return timings


@dataclass
class Rebuild:
    """Incremental rebuilds after editing one page."""

    page: str
    timing: Timing = field(default_factory=Timing)
    pages_written: list[int] = field(default_factory=list)
    figures_redrawn: int = 0
    figures_cached: int = 0
    #: The pages each rebuild read again, English and Korean.
    pages_read: list[list[str]] = field(default_factory=list)
    pages_read_ko: list[list[str]] = field(default_factory=list)
    korean: Timing = field(default_factory=Timing)

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            **self.timing.as_json(),
            "pages_read": self.pages_read,
            "korean": {**self.korean.as_json(), "pages_read": self.pages_read_ko}
            if self.korean.runs
            else None,
            "pages_written": self.pages_written,
            "figure_files_cached": self.figures_cached,
            "figure_files_written": self.figures_redrawn,
        }


def edit_and_rebuild(site: Site, rebuild: Rebuild, n: int, korean: Site | None = None) -> None:
    """Append a paragraph to the page (a copy) and rebuild the built site.

    A paragraph at the end leaves the page's title and description alone, as
    most edits do. The Korean edition is rebuilt after it, as `make html`
    does, without the translation check (as `make serve` does): the new
    paragraph is in no catalog yet.
    """
    before, pages_before = site.figure_cache(), site.page_mtimes()
    with (site.src / rebuild.page).open("a", encoding="utf-8") as f:
        f.write(f"\nBenchmark edit number {n}.\n")
    rebuild.timing.runs.append(site.build())
    rebuild.pages_read.append(site.read)
    if korean is not None:
        rebuild.korean.runs.append(korean.build("-D", "portfolio_translation_check=0"))
        rebuild.pages_read_ko.append(korean.read)
    after, pages_after = site.figure_cache(), site.page_mtimes()
    rebuild.figures_cached = len(after)
    rebuild.figures_redrawn += sum(1 for k, v in after.items() if before.get(k) != v)
    rebuild.pages_written.append(sum(1 for k, v in pages_after.items() if pages_before.get(k) != v))


def incremental(site: Site, korean: Site, floor: Site, runs: int) -> dict[str, Rebuild]:
    """Rebuilds after one edit, interleaved (floor, each page) round by round."""
    rebuilds = {"floor": Rebuild("index.md"), **{page: Rebuild(page) for page in EDITED_PAGES}}
    for n in range(1, runs + 1):
        for key, rebuild in rebuilds.items():
            if key == "floor":
                edit_and_rebuild(floor, rebuild, n)
            else:
                edit_and_rebuild(site, rebuild, n, korean)
    return rebuilds


# -- Serving -----------------------------------------------------------------

COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".map")


def handler_for(root: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    """A quiet static handler that gzips text, as the hosting's CDN does."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
                super().do_GET()
                return
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1, on a free port; yield the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -- Page weight -------------------------------------------------------------

KINDS = ("html", "css", "js", "font", "image", "other")


def kind_of(url: str, content_type: str = "") -> str:
    path = urlsplit(url).path.lower()
    suffix = Path(path).suffix
    if suffix in ("", ".html") or "html" in content_type:
        return "html"
    if suffix == ".css":
        return "css"
    if suffix in (".js", ".mjs"):
        return "js"
    if suffix in (".woff", ".woff2", ".ttf", ".otf", ".eot"):
        return "font"
    if suffix in (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"):
        return "image"
    return "other"


@dataclass
class Weight:
    """What one page loads."""

    page: str
    method: str
    raw: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gzip: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    requests: int = 0
    foreign: list[str] = field(default_factory=list)
    unsized_images: list[str] = field(default_factory=list)

    def add(self, url: str, body: bytes, content_type: str = "") -> None:
        kind = kind_of(url, content_type)
        self.requests += 1
        self.raw[kind] += len(body)
        self.gzip[kind] += len(gzip.compress(body, compresslevel=6, mtime=0))

    @property
    def gzip_kb(self) -> float:
        return sum(self.gzip.values()) / 1000

    @property
    def raw_kb(self) -> float:
        return sum(self.raw.values()) / 1000

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "method": self.method,
            "requests": self.requests,
            "raw_bytes": self.raw,
            "gzip_bytes": self.gzip,
            "raw_kb": round(self.raw_kb, 1),
            "gzip_kb": round(self.gzip_kb, 1),
            "all_same_origin": not self.foreign,
            "foreign_requests": self.foreign,
            "images_without_width_and_height": self.unsized_images,
        }


def weigh_in_chromium(base: str, pages: list[str]) -> list[Weight]:
    """Load each page in headless Chromium and add up every response."""
    from playwright.sync_api import Response, sync_playwright

    weights = []
    origin = urlsplit(base).netloc
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_FLAGS)
        for page_name in pages:
            context = browser.new_context()  # a fresh cache for every page
            page = context.new_page()
            responses: list[Response] = []

            def record(response: Response, into: list[Response] = responses) -> None:
                into.append(response)

            page.on("response", record)
            page.goto(urljoin(base, page_name), wait_until="networkidle")
            weight = Weight(page_name, "chromium")
            for response in responses:
                url = response.url
                if urlsplit(url).scheme not in ("http", "https"):
                    continue
                if urlsplit(url).netloc != origin:
                    weight.foreign.append(url)
                body = response.body() if response.status < 300 else b""
                weight.add(url, body, response.headers.get("content-type", ""))
            weight.unsized_images = page.eval_on_selector_all(
                "img",
                "els => els.filter(e => !e.hasAttribute('width') || !e.hasAttribute('height'))"
                ".map(e => e.getAttribute('src'))",
            )
            weights.append(weight)
            context.close()
        browser.close()
    return weights


class _References(HTMLParser):
    """What an HTML page makes a browser fetch: stylesheets, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.unsized_images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and a.get("href") and {"stylesheet", "preload", "icon"} & set(rel):
            self.urls.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        elif tag == "img" and a.get("src"):
            self.urls.append(a["src"] or "")
            if not (a.get("width") and a.get("height")):
                self.unsized_images.append(a["src"] or "")


def weigh_statically(out: Path, base: str, pages: list[str]) -> list[Weight]:
    """Without a browser: follow the HTML's references and the CSS's url()s."""
    weights = []
    for page_name in pages:
        weight = Weight(page_name, "static")
        page_url = urljoin(base, page_name)
        parser = _References()
        parser.feed((out / page_name).read_text(encoding="utf-8"))
        weight.unsized_images = parser.unsized_images
        queue, seen = [page_url, *(urljoin(page_url, u) for u in parser.urls)], set()
        while queue:
            url = queue.pop(0).split("#")[0]
            if url in seen or urlsplit(url).scheme not in ("http", "https"):
                continue
            seen.add(url)
            if not url.startswith(base):
                weight.foreign.append(url)
                weight.requests += 1
                continue
            path = out / urlsplit(url).path.removeprefix("/")
            body = path.read_bytes() if path.is_file() else b""
            weight.add(url, body)
            if path.suffix == ".css":
                css = body.decode("utf-8", errors="replace")
                for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
                    if not ref.startswith("data:"):
                        queue.append(urljoin(url, ref))
        weights.append(weight)
    return weights


def page_weights(out: Path, base: str, use_browser: bool) -> tuple[Weight, Weight, list[Weight]]:
    """The landing page, the heaviest page, and every page's weight."""
    pages = sorted(
        str(p.relative_to(out)) for p in out.rglob("*.html") if not p.name.startswith("_")
    )
    pages.remove("index.html")
    pages.insert(0, "index.html")
    weights = weigh_in_chromium(base, pages) if use_browser else weigh_statically(out, base, pages)
    return weights[0], max(weights, key=lambda w: w.gzip_kb), weights


# -- Lighthouse --------------------------------------------------------------


def lighthouse(url: str, preset: str, work: Path) -> dict[str, Any]:
    """Lighthouse's four category scores (0-100) and what cost points."""
    report = work / f"lighthouse-{preset}-{len(list(work.glob('lighthouse-*')))}.json"
    cmd = [
        "npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless " + " ".join(CHROME_FLAGS),
    ]  # fmt: skip
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=300)
    if proc.returncode or not report.exists():
        return {"error": proc.stderr.strip()[-500:] or f"exit {proc.returncode}"}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {k: round((c["score"] or 0) * 100) for k, c in data["categories"].items()}
    lost = sorted(
        {
            ref["id"]
            for c in data["categories"].values()
            for ref in c["auditRefs"]
            if ref["weight"] > 0
            and (data["audits"][ref["id"]]["score"] or 0) < 1
            and data["audits"][ref["id"]]["scoreDisplayMode"]
            not in ("notApplicable", "manual", "informative")
        }
    )
    metrics = data["audits"]
    observed = metrics["metrics"]["details"]["items"][0]
    return {
        "scores": scores,
        "audits_below_full_score": lost,
        "offending_elements": {audit: offenders(data["audits"][audit]) for audit in lost},
        "lcp_ms": round(metrics["largest-contentful-paint"]["numericValue"]),
        "cls": round(metrics["cumulative-layout-shift"]["numericValue"], 3),
        "tbt_ms": round(metrics["total-blocking-time"]["numericValue"]),
        "si_ms": round(metrics["speed-index"]["numericValue"]),
        "long_tasks": long_tasks(metrics["long-tasks"]),
        "frame_held_ms": frame_held_ms(observed),
    }


def long_tasks(audit: dict[str, Any], limit: int = 4) -> list[str]:
    """The main thread's long tasks as the simulated phone counts them: the
    script or page each is attributed to, and its simulated milliseconds. Total
    blocking time is what each lasts beyond 50 ms after the first paint."""
    items = (audit.get("details") or {}).get("items", [])[:limit]
    return [
        f"{urlsplit(i['url']).path.rsplit('/', 1)[-1] or i['url']} {i['duration']:.0f}"
        for i in items
    ]


def frame_held_ms(observed: dict[str, Any]) -> int:
    """How long after the page had loaded its first frame was shown, in the
    unthrottled load Lighthouse observes (0 if it was shown before). Headless
    Chromium's compositor sometimes offers the page no frame for up to a second
    (GoogleChrome/lighthouse#17148); the simulation then counts every request
    and task before that late paint as needed for it, and the speed index
    follows the late frame."""
    loaded = max(float(observed["observedLoad"]), float(observed["observedDomContentLoaded"]))
    return max(0, round(float(observed["observedFirstPaint"]) - loaded))


def lighthouse_median(url: str, preset: str, work: Path, runs: int) -> dict[str, Any]:
    """``runs`` Lighthouse runs; each score and metric is their median."""
    reports = [lighthouse(url, preset, work) for _ in range(runs)]
    good = [r for r in reports if "error" not in r]
    if not good:
        return reports[0]
    median = {
        "runs": len(good),
        "scores": {
            k: statistics.median_low(r["scores"][k] for r in good) for k in good[0]["scores"]
        },
        "scores_per_run": [r["scores"] for r in good],
        "audits_below_full_score": sorted({a for r in good for a in r["audits_below_full_score"]}),
        "offending_elements": {k: v for r in good for k, v in r["offending_elements"].items()},
    }
    for metric in ("lcp_ms", "cls", "tbt_ms", "si_ms"):
        median[metric] = statistics.median_low(r[metric] for r in good)
    median["frame_held_ms_per_run"] = [r["frame_held_ms"] for r in good]
    median["tbt_ms_per_run"] = [r["tbt_ms"] for r in good]
    median["long_tasks_per_run"] = [r["long_tasks"] for r in good]
    return median


def offenders(audit: dict[str, Any], limit: int = 5) -> list[str]:
    """The first elements or URLs a Lighthouse audit names, to find the cause."""
    found = []
    for item in (audit.get("details") or {}).get("items", [])[:limit]:
        node = item.get("node") or {}
        found.append(
            node.get("selector") or node.get("snippet") or item.get("url") or str(item)[:120]
        )
    return found


# -- Report ------------------------------------------------------------------


Row = tuple[str, str, str, str]


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def spread(t: dict[str, Any]) -> str:
    """Median and half the range of a timing, in seconds."""
    return f"{t['median_s']:.2f}s ±{(t['max_s'] - t['min_s']) / 2:.2f}"


def build_rows(results: dict[str, Any]) -> list[Row]:
    """Cold builds, -j auto, incremental rebuilds: measure, target, verdict, figure."""
    rows: list[Row] = []
    cold = results["cold"]
    floor_cold = cold["floor"]["median_s"]
    for name in ("floor", "site", "site -j auto"):
        ratio = cold[name]["median_s"] / floor_cold
        target, ok = "", ""
        if name == "site":
            target = f"<= {TARGET_COLD_RATIO:g}x floor"
            ok = verdict(ratio <= TARGET_COLD_RATIO)
        rows.append(
            (f"cold build, {name}", target, ok, f"{spread(cold[name])} ({ratio:.1f}x floor)")
        )
    editions = cold["both editions"]["median_s"] / cold["site"]["median_s"]
    rows.append((
        "cold build, both editions (make html)", f"<= {TARGET_EDITIONS_RATIO:g}x site",
        verdict(editions <= TARGET_EDITIONS_RATIO),
        f"{spread(cold['both editions'])} ({editions:.2f}x the English site alone)",
    ))  # fmt: skip
    speedup = cold["site"]["median_s"] / cold["site -j auto"]["median_s"]
    rows.append((
        "-j auto against serial", "works, no warning", "helps" if speedup > 1.05 else "no gain",
        f"{speedup:.2f}x as fast (built under -W, so no warning)",
    ))  # fmt: skip
    floor_inc = results["incremental"]["floor"]["median_s"]
    for key, r in results["incremental"].items():
        ratio = r["median_s"] / floor_inc
        of_cold = r["median_s"] / cold["floor" if key == "floor" else "site"]["median_s"]
        figure = (
            f"{spread(r)} ({ratio:.1f}x floor's, {of_cold:.2f}x cold, "
            f"{statistics.median(r['pages_written']):g} pages written"
        )
        target, ok = "", ""
        if key != "floor":
            figure += (
                f", figure files rewritten {r['figure_files_written']}/{r['figure_files_cached']}"
            )
            target = f"<= {TARGET_INCREMENTAL_RATIO:g}x floor's"
            ok = verdict(ratio <= TARGET_INCREMENTAL_RATIO and r["figure_files_written"] == 0)
        rows.append((f"edit {r['page']}", target, ok, figure + ")"))
        if r.get("korean"):
            read = [len(pages) for pages in r["pages_read"]]
            read_ko = [len(pages) for pages in r["korean"]["pages_read"]]
            one = all(p == [r["page"].removesuffix(".md")] for p in r["pages_read"]) and all(
                p == [r["page"].removesuffix(".md")] for p in r["korean"]["pages_read"]
            )
            rows.append((
                "  pages read again, en / ko", "that page alone", verdict(one),
                f"{max(read)} / {max(read_ko)} (most of {len(read)} rebuilds); Korean rebuild "
                f"{spread(r['korean'])}",
            ))  # fmt: skip
    return rows


def weight_rows(weights: dict[str, Any]) -> list[Row]:
    """The landing page and the heaviest page."""
    rows: list[Row] = []
    for label, w, limit in (
        ("landing page", weights["landing"], TARGET_LANDING_KB),
        ("heaviest page", weights["heaviest"], TARGET_HEAVIEST_KB),
    ):
        foreign, unsized = w["foreign_requests"], w["images_without_width_and_height"]
        ok = w["gzip_kb"] <= limit and not foreign and not (label == "landing page" and unsized)
        rows.append((
            f"{label} {w['page']}", f"<= {limit:g} KB gzip", verdict(ok),
            f"{w['gzip_kb']:.1f} KB gzip ({w['raw_kb']:.1f} raw), {w['requests']} requests, "
            + ("all same-origin" if not foreign else f"{len(foreign)} FOREIGN")
            + (", every img sized" if not unsized else f", {len(unsized)} img UNSIZED"),
        ))  # fmt: skip
        by_kind = ", ".join(
            f"{k} {w['raw_bytes'][k] / 1000:.1f}/{v / 1000:.1f}"
            for k, v in w["gzip_bytes"].items()
            if v
        )
        rows.append(("  by kind, KB raw/gzip", "", "", by_kind))
    return rows


def lighthouse_rows(reports: dict[str, Any]) -> list[Row]:
    """Scores against targets, and what cost points in a category below target."""
    rows: list[Row] = []
    for key, lh in reports.items():
        preset = key.rsplit(" ", 1)[1]
        if "error" in lh:
            rows.append((f"lighthouse {key}", "", "ERROR", lh["error"][:100]))
            continue
        scores, targets = lh["scores"], TARGET_SCORES[preset]
        figure = "/".join(str(scores[c]) for c in targets)
        figure += f" (LCP {lh['lcp_ms']} ms, TBT {lh['tbt_ms']} ms, CLS {lh['cls']}"
        figure += f", median of {lh['runs']})" if "runs" in lh else ")"
        if "tbt_ms_per_run" in lh:
            figure += f"; TBT per run {'/'.join(map(str, lh['tbt_ms_per_run']))} ms"
        held = [ms for ms in lh.get("frame_held_ms_per_run", []) if ms >= HELD_FRAME_MS]
        if held:
            figure += (
                f"; first frame shown {min(held)}-{max(held)} ms after load in {len(held)} of"
                f" {lh['runs']} runs (headless compositor, lighthouse#17148; SI {lh['si_ms']} ms)"
            )
        costly = [
            f"{audit}: {', '.join(lh['offending_elements'].get(audit, [])[:2]) or '-'}"
            for audit in lh["audits_below_full_score"]
            if not audit.endswith(("-paint", "-index", "-blocking-time", "-layout-shift"))
        ]
        if costly:
            figure += "; " + "; ".join(costly)
        ok = all(scores[c] >= v for c, v in targets.items()) and lh["cls"] <= TARGET_CLS
        target = "/".join(str(v) for v in targets.values())
        target += f", CLS {TARGET_CLS:g}"
        rows.append((f"lighthouse {key} perf/a11y/bp/seo", target, verdict(ok), figure))
    return rows


def report(results: dict[str, Any]) -> list[Row]:
    return (
        build_rows(results)
        + weight_rows(results["weight"])
        + lighthouse_rows(results.get("lighthouse", {}))
    )


def print_table(rows: list[Row]) -> None:
    header: Row = ("measure", "target", "", "figure")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        print("  ".join(f"{cell:<{w}}" for cell, w in zip(row[:3], widths, strict=True)), row[3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each build (default 5)")
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "_build" / "bench.json",
        help="where to write the figures",
    )
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="skip Lighthouse even if Chromium is there"
    )
    parser.add_argument(
        "--no-translation-check",
        action="store_true",
        help="build the Korean edition with -D portfolio_translation_check=0 (catalogs unfinished)",
    )
    args = parser.parse_args()

    has_chromium = CHROMIUM.exists()
    try:
        import playwright  # noqa: F401
    except ImportError:
        has_playwright = False
    else:
        has_playwright = True

    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        ).stdout.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg": os.getloadavg(),
        },
        "runs": args.runs,
        "sphinx_flags": sphinx_flags(),
    }
    with tempfile.TemporaryDirectory(prefix="portfolio-bench-") as tmp:
        work = Path(tmp)
        korean: tuple[str, ...] = ("-D", "language=ko")
        if args.no_translation_check:
            korean += ("-D", "portfolio_translation_check=0")
        site, site_ko, floor = make_sites(work, korean)
        print(f"cold builds, {args.runs} rounds of floor, site -j auto, site, both editions ...")
        cold = cold_builds(site, site_ko, floor, args.runs)
        results["cold"] = {k: v.as_json() for k, v in cold.items()}

        print("incremental rebuilds ...")
        rebuilds = incremental(site, site_ko, floor, args.runs)
        results["incremental"] = {k: v.as_json() for k, v in rebuilds.items()}

        print("page weight ...")
        with serve(site.out) as base:
            use_browser = has_chromium and has_playwright
            landing, heaviest, every = page_weights(site.out, base, use_browser)
            results["weight"] = {
                "landing": landing.as_json(),
                "heaviest": heaviest.as_json(),
                "pages": {w.page: round(w.gzip_kb, 1) for w in every},
            }
            if has_chromium and shutil.which("npx") and not args.no_lighthouse:
                print("lighthouse ...")
                results["lighthouse"] = {
                    f"{page} {preset}": lighthouse_median(
                        urljoin(base, page), preset, work, LIGHTHOUSE_RUNS
                    )
                    for page in dict.fromkeys(("index.html", heaviest.page))
                    for preset in ("mobile", "desktop")
                }
            else:
                print("lighthouse skipped: needs Chromium at /usr/bin/chromium and npx")

    rows = report(results)
    results["table"] = [list(r) for r in rows]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print_table(rows)
    shown = args.json.relative_to(REPO) if args.json.is_relative_to(REPO) else args.json
    print(f"\nwritten to {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
