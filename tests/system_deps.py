"""What `make` needs from the machine beyond .venv: a browser and Pango.

``python tests/system_deps.py chromium`` prints the path of the Chromium or
Chrome that ``make test`` uses, and says on stderr which one and why. It
looks, in this order, at

1. ``$CHROMIUM``, if set (and fails if that is not an executable file);
2. ``chromium``, ``chromium-browser``, ``google-chrome`` and
   ``google-chrome-stable`` on ``$PATH``;
3. the usual macOS applications (Google Chrome, Chromium);
4. Playwright's own Chromium, downloaded with ``playwright install chromium``
   if it is not there yet (given ``DOWNLOAD_TIMEOUT`` seconds: the download
   host is unreachable on some machines);
5. on Debian or Ubuntu as root, ``apt-get install chromium``.

Without any of these it exits with status 1 and the one command that fixes
it. It never lets the browser tests skip.

``python tests/system_deps.py pango [--required]`` makes sure WeasyPrint loads
(it needs Pango, which the CV's PDF is printed with): as root on Debian or
Ubuntu it installs the libraries; elsewhere it names the command, and with
``--required`` (``make test``) fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MAC_APPS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
DOWNLOAD_TIMEOUT = 300.0
PANGO_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")


class Missing(Exception):
    """Nothing found or installed; the message ends with the command that fixes it."""


def _run(cmd: Sequence[str], timeout: float | None = None) -> bool:
    """Run ``cmd``; True if it succeeded. On failure, its last error lines."""
    print("+", " ".join(cmd), file=sys.stderr)
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, errors="replace", timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"  failed: {error}", file=sys.stderr)
        return False
    if proc.returncode:
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        tail = ([line for line in lines if "rror" in line or "ail" in line] or lines)[-2:]
        print(*(f"  {line}" for line in tail), sep="\n", file=sys.stderr)
    return proc.returncode == 0


def _playwright_chromium() -> str | None:
    """Where Playwright keeps its Chromium, whether or not it is downloaded yet."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def _distro() -> str:
    """``debian``, ``ubuntu`` (or a derivative's ``ID_LIKE``), or ``""``."""
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return ""
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    names = [fields.get("ID", ""), *fields.get("ID_LIKE", "").split()]
    for name in (n.strip('"') for n in names):
        if name in {"debian", "ubuntu"}:
            return name
    return ""


@dataclass
class Machine:
    """What the search looks at and may change; the tests pass fakes."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    platform: str = sys.platform
    distro: str = field(default_factory=_distro)
    root: bool = field(default_factory=lambda: hasattr(os, "geteuid") and os.geteuid() == 0)
    mac_apps: Sequence[str] = MAC_APPS
    run: Callable[[Sequence[str], float | None], bool] = _run
    playwright_chromium: Callable[[], str | None] = _playwright_chromium
    python: str = sys.executable

    def executable(self, path: str) -> bool:
        return os.path.isfile(path) and os.access(path, os.X_OK)

    def which(self, name: str) -> str | None:
        return shutil.which(name, path=self.env.get("PATH", ""))


def find_chromium(machine: Machine) -> tuple[str, str]:
    """The browser for the tests and how it was found; raises ``Missing``."""
    if chosen := machine.env.get("CHROMIUM"):
        if machine.executable(chosen):
            return chosen, "$CHROMIUM"
        raise Missing(
            f"CHROMIUM={chosen} is not an executable file. Point it at a Chromium or "
            "Chrome binary, or unset it to let make find or install one."
        )
    for name in PATH_NAMES:
        if found := machine.which(name):
            return found, f"`{name}` on PATH"
    for app in machine.mac_apps:
        if machine.executable(app):
            return app, "the macOS application"
    playwright = machine.playwright_chromium()
    if playwright:
        if machine.executable(playwright):
            return playwright, "Playwright's Chromium"
        install = [machine.python, "-m", "playwright", "install", "chromium"]
        # As root on Debian/Ubuntu, Playwright also installs the libraries its
        # build needs (its own apt-get call).
        if machine.root and machine.distro:
            install.insert(-1, "--with-deps")
        if machine.run(install, DOWNLOAD_TIMEOUT) and machine.executable(playwright):
            return playwright, "Playwright's Chromium, just downloaded"
    if machine.root and machine.distro:
        package = "chromium-browser" if machine.distro == "ubuntu" else "chromium"
        env = ["env", "DEBIAN_FRONTEND=noninteractive"]
        if (
            machine.run([*env, "apt-get", "update", "-qq"], None)
            and machine.run(
                [*env, "apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                None,
            )
            and (found := machine.which(package) or machine.which("chromium"))
        ):
            return found, f"Debian's {package}, just installed"
    raise Missing(f"No Chromium or Chrome found, and none could be installed. Run: {fix(machine)}")


def fix(machine: Machine) -> str:
    """The one command that gives this machine a browser."""
    if machine.platform == "darwin":
        return "brew install --cask google-chrome"
    if machine.distro == "ubuntu":
        return "sudo apt-get install chromium-browser"
    if machine.distro == "debian":
        return "sudo apt-get install chromium"
    return "make test CHROMIUM=/path/to/chromium-or-chrome"


def weasyprint_loads(python: str) -> bool:
    """Whether WeasyPrint imports in ``python`` (it loads Pango when imported)."""
    proc = subprocess.run(
        [python, "-c", "import weasyprint"], capture_output=True, text=True, check=False
    )
    return proc.returncode == 0


def ensure_pango(machine: Machine) -> str:
    """Make WeasyPrint load; raises ``Missing`` with the command that does."""
    if weasyprint_loads(machine.python):
        return "WeasyPrint loads (Pango found)"
    if machine.root and machine.distro:
        env = ["env", "DEBIAN_FRONTEND=noninteractive"]
        install = [*env, "apt-get", "install", "-y", "-qq", "--no-install-recommends"]
        if (
            machine.run([*env, "apt-get", "update", "-qq"], None)
            and machine.run([*install, *PANGO_PACKAGES], None)
            and weasyprint_loads(machine.python)
        ):
            return "Pango installed: " + " ".join(PANGO_PACKAGES)
    if machine.platform == "darwin":
        command = "brew install pango"
    elif machine.distro:
        command = "sudo apt-get install " + " ".join(PANGO_PACKAGES)
    else:
        command = "install Pango 1.44 or newer with your system's package manager"
    raise Missing(f"WeasyPrint does not load: Pango is missing. Run: {command}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["chromium", "pango"])
    parser.add_argument(
        "--required", action="store_true", help="pango: fail, not warn, where it is missing"
    )
    args = parser.parse_args(argv)
    machine = Machine()
    try:
        if args.what == "chromium":
            path, how = find_chromium(machine)
            print(f"make test: browser tests use {path} ({how})", file=sys.stderr)
            print(path)
        else:
            print(f"make: {ensure_pango(machine)}", file=sys.stderr)
    except Missing as missing:
        if args.what == "pango" and not args.required:
            print(f"make: note: {missing} (until then, no CV PDF)", file=sys.stderr)
            return 0
        print(f"make: {missing}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
