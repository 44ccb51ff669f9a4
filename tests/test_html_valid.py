"""Every page of the built site is valid HTML: the W3C Nu HTML Checker finds no error.

The checker is npm's ``vnu-jar``, at the version the Makefile pins; ``make
test`` installs it into ``.tools/`` (gitignored). It needs Java 11 or newer
(Debian: ``default-jre-headless``). Without either the test fails and says
how to get them; it is never skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, Build

# A page the checker must reject, checked in the same run: proof that it runs
# and reads the files it is given.
INVALID = """<!DOCTYPE html>
<html lang="en"><head><title>Invalid</title></head>
<body><p id="twice">One</p><p id="twice">Two</p></body></html>
"""


def vnu_jar() -> Path:
    """Where ``make test`` puts vnu.jar, read from the Makefile."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    variables: dict[str, str] = dict(
        re.findall(r"^(VNU_\w+)\s*:=\s*(\S+)\s*$", makefile, re.MULTILINE)
    )
    assert {"VNU_VERSION", "VNU_JAR"} <= variables.keys(), "Makefile sets no VNU_JAR"
    return REPO / variables["VNU_JAR"].replace("$(VNU_VERSION)", variables["VNU_VERSION"])


def check(paths: list[Path]) -> list[dict[str, object]]:
    """The checker's errors for ``paths``."""
    jar = vnu_jar()
    assert jar.is_file(), f"no {jar.relative_to(REPO)}: run `make test`, which installs it"
    java = shutil.which("java")
    assert java, "no java on PATH: install Java 11+ (Debian: apt-get install default-jre-headless)"
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages: list[dict[str, object]] = json.loads(result.stderr)["messages"]
    return messages


def test_every_page_is_valid_html(site: Build, tmp_path: Path) -> None:
    pages = sorted(site.out.rglob("*.html"))
    assert len(pages) > 10, pages
    invalid = tmp_path / "invalid.html"
    invalid.write_text(INVALID, encoding="utf-8")
    messages = check([invalid, *pages])
    about_invalid = [m for m in messages if str(m.get("url", "")).endswith("/invalid.html")]
    assert [m["message"] for m in about_invalid] == ["Duplicate ID “twice”."], messages
    errors = [
        f"{str(m.get('url', '')).removeprefix(site.out.as_uri() + '/')}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m not in about_invalid
    ]
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("page", ["projects/hangulize", "projects/torchgpipe"])
def test_a_captioned_table_has_its_id_once(site: Build, page: str) -> None:
    main = site.article(page)
    tables = main.find_all("table", id=True)
    assert tables, f"{page}: no table with an id"
    for table in tables:
        assert len(main.find_all(id=table["id"])) == 1, table["id"]


def test_make_test_installs_the_checker() -> None:
    """On a fresh machine `make test` fetches vnu.jar before it runs the tests."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    test_rule = re.search(r"^test:(.*)$", makefile, re.MULTILINE)
    assert test_rule, "Makefile has no test target"
    assert "$(VNU_JAR)" in test_rule.group(1).split()
    install = re.search(r"^\$\(VNU_JAR\):\n(.+?)\n\n", makefile, re.MULTILINE | re.DOTALL)
    assert install, "Makefile has no rule for $(VNU_JAR)"
    assert "npm install" in install.group(1)
    assert "vnu-jar@$(VNU_VERSION)" in install.group(1)
    assert vnu_jar().is_relative_to(REPO / ".tools")
    assert "/.tools/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()
