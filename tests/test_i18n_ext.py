"""The local extensions in the Korean edition (``-D language=ko``).

Each test builds a tiny résumé (``tests/roots/test-resume``, grown here by a
talk, a school and the spoken languages) with Sphinx's testing fixtures and a
stub catalog of the page, so the page's own text stays English and only what
the test translates changes.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages import pofile
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup
from conftest import CONF, edit

#: What the tiny résumé gets besides its role and project: one of each other
#: directive with options in words.
MORE = """
## Talks

### A talk

:::{resume-talk}
:event: Example Conf 2017
:date: 2017-06
:award: grand prize
:language: Korean
:links: [Slides](https://example.org/slides)
:about: How things are built.
:::

## Education

### A school

:::{resume-education}
:study: Computer Software
:url: https://example.org/school
:year: 2008
:note: Completed the first year only.
:::

## Languages

:::{resume-languages}
Korean: native
English: conversational
:::
"""

#: The stub catalog of the page: each option value in words, translated. The
#: links and dates keep their URLs and digits.
MESSAGES = {
    "Engineer": "엔지니어",
    "[The Lab](https://example.org/)": "[더 랩](https://example.org/)",
    "A laboratory.": "연구소.",
    "[Source](https://example.org/gadget)": "[소스](https://example.org/gadget)",
    "Example Conf 2017": "예시 콘퍼런스 2017",
    "grand prize": "대상",
    "Korean": "한국어",
    "[Slides](https://example.org/slides)": "[발표 자료](https://example.org/slides)",
    "How things are built.": "만드는 방법.",
    "Computer Software": "컴퓨터소프트웨어",
    "Completed the first year only.": "1학년만 수료.",
    "native": "모국어",
    "English": "영어",
    "conversational": "일상 회화",
}


@pytest.fixture
def resume_src(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-resume", src)
    edit(src, ":start: 2015\n", ":summary: A laboratory.\n:start: 2015\n")
    with (src / "index.md").open("a", encoding="utf-8") as page:
        page.write(MORE)
    return src


def write_catalog(src: Path, domain: str, messages: dict[str, str]) -> None:
    """``locale/ko/LC_MESSAGES/<domain>.po`` with ``messages``; Sphinx compiles it."""
    catalog = Catalog(locale="ko", domain=domain)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    path = src / "locale" / "ko" / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        pofile.write_po(file, catalog)


def build(make_app: Callable[..., Any], srcdir: Path, builder: str = "html", **kw: Any) -> Any:
    app = make_app(builder, srcdir=srcdir, freshenv=True, **kw)
    app.build()
    return app


KOREAN = {"language": "ko", "locale_dirs": ["locale"]}

#: The extensions' own catalog, in Korean.
KOREAN_CATALOG = CONF / "_ext" / "portfolio" / "locale" / "ko" / "LC_MESSAGES" / "portfolio.po"


def problems(app: Any) -> list[str]:
    """The build's warnings, but for the second app of a test registering
    Sphinx's nodes again (the fixtures clean up after the test)."""
    return [
        line
        for line in app.warning.getvalue().splitlines()
        if line.strip() and "is already registered" not in line
    ]


# -- The directives' options are messages ---------------------------------------


def test_gettext_extracts_every_option_in_words(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    app = build(make_app, resume_src, "gettext")
    assert app.warning.getvalue() == ""
    with (Path(app.outdir) / "index.pot").open("rb") as file:
        template = pofile.read_po(file)
    extracted = {str(message.id): message.locations for message in template if message.id}
    missing = sorted(set(MESSAGES) - set(extracted))
    assert not missing, f"not extracted: {missing}"
    # Each at the line of its option (or of its content line).
    lines = (resume_src / "index.md").read_text(encoding="utf-8").splitlines()
    for msgid, line in [("A laboratory.", ":summary: A laboratory."), ("English", "English: ")]:
        lineno = next(n for n, text in enumerate(lines, 1) if text.startswith(line))
        assert ("index.md", lineno) in [(Path(f).name, n) for f, n in extracted[msgid]], msgid
    # Dates, URLs and identifiers are not messages; nor are the labels, which
    # are the extension's (the portfolio catalog), not the page's.
    for value in ("2015", "2017-06", "2008", "https://example.org/school", "Role", "Dates"):
        assert value not in extracted


def test_korean_build_renders_the_translated_options(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    write_catalog(resume_src, "index", MESSAGES)
    app = build(make_app, resume_src, confoverrides=KOREAN)
    assert app.warning.getvalue() == ""
    article = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    text = " ".join(article.get_text(" ").split())
    for english, korean in MESSAGES.items():
        shown = BeautifulSoup(korean, "html.parser").get_text()
        if "](" in korean:  # a link: its text is shown, its URL kept
            shown = korean[1 : korean.index("]")]
            url = korean[korean.index("](") + 2 : -1]
            assert article.find("a", href=url, string=shown), korean
        assert shown in text, korean
        if "](" not in english and english not in korean:
            assert f" {english} " not in f" {text} ", english
    # The dates are the same digits.
    assert "2015–2019" in text
    assert "2008" in text


# -- The extensions' own words: the portfolio catalog -----------------------------


def entry_texts(outdir: Path) -> list[str]:
    page = BeautifulSoup((outdir / "index.html").read_text("utf-8"), "html.parser")
    return [" ".join(e.get_text(" ").split()) for e in page.select(".resume-entry")]


def test_labels_and_dates_follow_the_language(
    make_app: Callable[..., Any], resume_src: Path, tmp_path: Path
) -> None:
    english_src = tmp_path / "english"
    shutil.copytree(resume_src, english_src)
    english = entry_texts(Path(build(make_app, english_src).outdir))
    korean_app = build(make_app, resume_src, confoverrides=KOREAN)
    assert problems(korean_app) == []
    korean = entry_texts(Path(korean_app.outdir))
    labels = " ".join(
        f.get_text()
        for f in BeautifulSoup(
            (Path(korean_app.outdir) / "index.html").read_text("utf-8"), "html.parser"
        ).select(".resume-entry .field-list dt")
    )
    for word in ("Role", "Dates", "Event", "Study", "Note"):
        assert word in " ".join(english), word
    for word in ("직책", "소속", "기간", "행사", "언어", "수상", "날짜", "전공", "학교", "비고"):
        assert word in labels, word
    assert "Jun 2017" in " ".join(english)
    assert "2017년 6월" in " ".join(korean)
    assert "2016–현재" in " ".join(korean)  # the project has not ended
    assert "2016–" in " ".join(english)
    assert "현재" not in " ".join(english)
    # Every entry keeps its numbers (the facts agree across the editions); a
    # month's name is its number in Korean.
    assert [numbers(e) for e in korean] == [numbers(e) for e in english]


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def numbers(text: str) -> list[int]:
    """The numbers of ``text``, a month's name as its number, in order of value."""
    for number, month in enumerate(MONTHS, 1):
        text = re.sub(rf"\b{month}\b", str(number), text)
    return sorted(int(n) for n in re.findall(r"\d+", text))


def messages_in_code() -> dict[str, str]:
    """Each ``_("…")`` of the local extensions, and where it is."""
    found = {}
    for path in sorted((CONF / "_ext" / "portfolio").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = f"{path.relative_to(CONF)}:{node.lineno}"
    return found


def test_every_message_of_the_code_has_a_korean_translation() -> None:
    with KOREAN_CATALOG.open("rb") as file:
        catalog = pofile.read_po(file)
    translated = {str(m.id) for m in catalog if m.id and m.string and not m.fuzzy}
    code = messages_in_code()
    assert len(code) > 30  # the scan finds them
    untranslated = {msgid: where for msgid, where in code.items() if msgid not in translated}
    assert not untranslated, f"not in {KOREAN_CATALOG.name}: {untranslated}"
    # A translation uses no placeholder its message does not give; a date
    # also gives the month's number (portfolio.resume.model.format_date).
    for message in catalog:
        if message.id and message.string:
            given = set(re.findall(r"\{\w+\}", str(message.id)))
            given |= {"{month}"} if "{month_name}" in given else set()
            assert set(re.findall(r"\{\w+\}", str(message.string))) <= given, message.id
