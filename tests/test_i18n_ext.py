"""The local extensions in the Korean edition (``-D language=ko``).

Each test builds a tiny résumé (``tests/roots/test-resume``, grown here by a
talk, a school and the spoken languages) with Sphinx's testing fixtures and a
stub catalog of the page, so the page's own text stays English and only what
the test translates changes.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pytest
from babel.messages import pofile
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup
from conftest import CONF, DOCS, edit, font_without
from portfolio import figures, i18n
from portfolio.resume import fonts
from sphinx import locale

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
:korean-title: 예시 발표
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


# Stub catalogs translate only what each test looks at, so the edition's
# completeness check (portfolio.editions, tested in test_i18n) is off.
KOREAN = {"language": "ko", "locale_dirs": ["locale"], "portfolio_translation_check": False}

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
    label_list = [
        f.get_text()
        for f in BeautifulSoup(
            (Path(korean_app.outdir) / "index.html").read_text("utf-8"), "html.parser"
        ).select(".resume-entry .field-list dt")
    ]
    # Every label in Korean (the languages' names are the page's messages).
    untranslated = [t for t in label_list if not re.search(r"[\uac00-\ud7a3]", t)]
    assert untranslated == [], untranslated
    labels = " ".join(label_list)
    for word in ("Role", "Dates", "Event", "Study", "Note"):
        assert word in " ".join(english), word
    for word in (
        "직책",
        "소속",
        "기간",
        "행사",
        "언어",
        "수상",
        "날짜",
        "전공",
        "학교",
        "비고",
    ):
        assert word in labels, word
    assert "Jun 2017" in " ".join(english)
    assert "2017년 6월" in " ".join(korean)
    assert "2016–현재" in " ".join(korean)  # the project has not ended
    assert "2016–" in " ".join(english)
    assert "현재" not in " ".join(english)
    # Every entry keeps its numbers (the facts agree across the editions); a
    # month's name is its number in Korean.
    assert [numbers(e) for e in korean] == [numbers(e) for e in english]
    # A talk's Korean title is its heading in the Korean edition, not a field.
    assert "Korean title" in " ".join(english)
    assert "한국어 제목" not in labels


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


# -- Figures: translated words, drawn in the Hangul font ---------------------------

FIGURE_PAGE = """# Ratings

:::{computed-figure} trueskill.beliefs
:alt: Three bell curves of skill.

Two players before and after one match.
:::
"""

#: The page's stub catalog: the figure's alt text and caption.
FIGURE_MESSAGES = {
    "Three bell curves of skill.": "실력의 종 모양 곡선 세 개.",
    "Two players before and after one match.": "경기 한 번 전후의 두 선수.",
}


@pytest.fixture
def figure_src(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "figure-src"
    src.mkdir()
    shutil.copy(rootdir / "test-resume" / "conf.py", src)
    (src / "index.md").write_text(FIGURE_PAGE, encoding="utf-8")
    return src


def figure_records(app: Any) -> list[dict[str, Any]]:
    folder = Path(app.doctreedir) / "computed-figures"
    return [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))]


def svgs(app: Any) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(Path(app.outdir, "_images").glob("*.svg"))}


def test_gettext_extracts_a_figures_alt_text_and_caption(
    make_app: Callable[..., Any], figure_src: Path
) -> None:
    app = build(make_app, figure_src, "gettext")
    assert app.warning.getvalue() == ""
    with (Path(app.outdir) / "index.pot").open("rb") as file:
        extracted = {str(m.id) for m in pofile.read_po(file) if m.id}
    assert set(FIGURE_MESSAGES) <= extracted


def test_korean_figure_draws_korean_words_in_the_hangul_font(
    make_app: Callable[..., Any], figure_src: Path, tmp_path: Path
) -> None:
    english_src = tmp_path / "english"
    shutil.copytree(figure_src, english_src)
    english = build(make_app, english_src)
    write_catalog(figure_src, "index", FIGURE_MESSAGES)
    korean = build(make_app, figure_src, confoverrides=KOREAN)
    assert problems(korean) == []
    # The words drawn: from the portfolio catalog, the numbers unchanged.
    english_text = "\n".join(r["text"] for r in figure_records(english))
    korean_text = "\n".join(r["text"] for r in figure_records(korean))
    assert "Match quality: 44.7% before the match" in english_text
    assert "매치 품질: 경기 전 44.7%, 재경기 37.9%" in korean_text
    assert "실력" in korean_text
    assert "Match quality" not in korean_text
    assert numbers(korean_text) == numbers(english_text)
    assert {r["language"] for r in figure_records(korean)} == {"ko"}
    # Four files each (two modes, two widths), and none the same as English's.
    assert len(svgs(korean)) == len(svgs(english)) == 4
    assert not set(svgs(korean).values()) & set(svgs(english).values())
    # The alt text and the caption are the page's messages.
    page = BeautifulSoup((Path(korean.outdir) / "index.html").read_text("utf-8"), "html.parser")
    alts = {str(img["alt"]) for img in page.select("figure img")}
    assert alts == {FIGURE_MESSAGES["Three bell curves of skill."]}
    caption = page.select_one("figcaption")
    assert caption is not None
    assert FIGURE_MESSAGES["Two players before and after one match."] in caption.get_text()


def test_korean_figures_are_the_same_bytes_on_a_clean_rebuild(
    make_app: Callable[..., Any], figure_src: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    shutil.copytree(figure_src, again)
    first = svgs(build(make_app, figure_src, confoverrides=KOREAN))
    second = svgs(build(make_app, again, confoverrides=KOREAN))
    assert first == second


def test_a_character_the_font_lacks_fails_the_figure_at_its_line(
    make_app: Callable[..., Any], figure_src: Path, tmp_path: Path
) -> None:
    stale = font_without(tmp_path, "품")
    app = build(make_app, figure_src, confoverrides={**KOREAN, "portfolio_cv_font_dir": str(stale)})
    warnings = app.warning.getvalue()
    assert (
        f"{figure_src / 'index.md'}:3: ERROR: computed-figure 'trueskill.beliefs' failed: "
        "draws characters that its font, Noto Sans KR CV, has no glyph for: '품' (U+D488); "
        "run `make font`"
    ) in warnings, warnings
    assert not svgs(app)


@pytest.fixture
def korean_words() -> Iterator[None]:
    """The portfolio catalog's Korean, as a Korean build loads it."""
    with tempfile.TemporaryDirectory() as folder:
        i18n.compile_catalog(KOREAN_CATALOG, Path(folder), "ko")
        locale.translators.pop(("general", i18n.CATALOG), None)
        locale.init([folder], "ko", i18n.CATALOG)
        yield
    locale.translators.pop(("general", i18n.CATALOG), None)


@pytest.mark.parametrize(
    ("target", "kwargs"),
    [
        ("torchgpipe.schedule", {"partitions": 4, "chunks": [1, 4, 8]}),
        ("torchgpipe.benchmarks", {"data": DOCS / "_data" / "torchgpipe-benchmarks.csv"}),
        ("trueskill.beliefs", {}),
    ],
)
def test_every_figure_fits_its_korean_words_at_both_widths(
    korean_words: None, target: str, kwargs: dict[str, Any], tmp_path: Path
) -> None:
    """The real plots in Korean: Hangul drawn, every glyph in the font, no text
    past an edge, on the phone's copy too."""
    font = figures.figure_font("ko", fonts.DEFAULT_DIR, tmp_path)
    _, func = figures.resolve(target)
    for variant in figures.VARIANTS:
        with matplotlib.rc_context(figures.apply_theme(figures.LIGHT, font.family)):
            figure = figures.draw(func, figures.LIGHT, variant, kwargs, font)
            assert re.search(r"[\uac00-\ud7a3]", figures.drawn_text(figure)), variant
            assert figures.overflowing_text(figure) == [], variant
            plt.close(figure)


# -- The Korean CV's PDF and the JSON-LD ----------------------------------------------


def json_ld_person(outdir: Path) -> dict[str, Any]:
    page = BeautifulSoup((outdir / "index.html").read_text("utf-8"), "html.parser")
    script = page.select_one('script[type="application/ld+json"]')
    assert script is not None
    graph = json.loads(script.get_text())["@graph"]
    person: dict[str, Any] = next(n for n in graph if n["@type"] == "Person")
    return person


def test_json_ld_names_the_person_in_korean_too_in_both_editions(
    make_app: Callable[..., Any], resume_src: Path, tmp_path: Path
) -> None:
    edit(resume_src, ":name: Ada Example\n", ":name: Ada Example\n:alternate-name: 에이다\n")
    english_src = tmp_path / "english"
    shutil.copytree(resume_src, english_src)
    english = json_ld_person(Path(build(make_app, english_src).outdir))
    write_catalog(resume_src, "index", MESSAGES)
    korean_app = build(make_app, resume_src, confoverrides=KOREAN)
    assert problems(korean_app) == []
    korean = json_ld_person(Path(korean_app.outdir))
    assert english["name"] == korean["name"] == "Ada Example"
    assert english["alternateName"] == korean["alternateName"] == "에이다"
    # The rest follows the page's language; dates and URLs stay.
    assert english["worksFor"][0]["roleName"] == "Engineer"
    assert korean["worksFor"][0]["roleName"] == "엔지니어"
    assert korean["worksFor"][0]["startDate"] == english["worksFor"][0]["startDate"] == "2015"
    assert korean["worksFor"][0]["worksFor"]["url"] == "https://example.org/"
    # resume.json too, its sentences from the portfolio catalog.
    data = json.loads((Path(korean_app.outdir) / "resume.json").read_text("utf-8"))
    assert data["work"][0]["position"] == "엔지니어"
    assert data["publications"][0]["summary"] == "한국어 발표."
    assert data["awards"][0]["summary"] == "발표 “A talk”: 대상 수상."


#: Korean words for the CV test, of characters the bundled subset has (the
#: PDF's glyph check rejects any other): the role and the school's note.
CV_MESSAGES = {"Engineer": "기술", "Completed the first year only.": "수상 경력."}


def test_korean_cv_pdf_embeds_the_hangul_font_and_has_korean_text(
    make_app: Callable[..., Any], resume_src: Path
) -> None:
    words = "".join(CV_MESSAGES.values()) + "현재경력"
    assert not fonts.missing(fonts.DEFAULT_DIR, words), "run `make font`"
    edit(resume_src, ":email: ada@example.org\n", ":email: ada@example.org\n:cv: cv\n")
    (resume_src / "cv.md").write_text("# CV\n\n:::{resume-cv}\n:::\n", encoding="utf-8")
    edit(resume_src, "# A résumé\n", "# A résumé\n\n```{toctree}\n:hidden:\n\ncv\n```\n")
    write_catalog(resume_src, "index", CV_MESSAGES)
    app = build(make_app, resume_src, confoverrides=KOREAN)
    assert app.warning.getvalue() == ""
    pdf = Path(app.outdir) / "cv.pdf"
    assert pdf.is_file()
    rows = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert re.match(r"^[A-Z]{6}\+Noto-Sans-KR-CV(-Bold)?$", name), row
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "기술" in text  # the role, from the page's catalog
    assert "수상 경력." in text
    assert "2016–현재" in text  # the open range, from the portfolio catalog
    assert "Also as" not in text  # the screen-only note is not printed


# -- The social preview card -------------------------------------------------------

CARD = {"portfolio_preview_title": "Heungsub Lee", "portfolio_preview_lines": ["Software engineer"]}


def test_korean_social_preview_is_drawn_in_korean(
    make_app: Callable[..., Any], resume_src: Path, tmp_path: Path
) -> None:
    english_src = tmp_path / "english"
    shutil.copytree(resume_src, english_src)
    english = build(make_app, english_src, confoverrides=CARD)
    korean = build(make_app, resume_src, confoverrides={**KOREAN, **CARD})
    assert problems(korean) == []
    card = Path("_static", "social-preview.png")
    assert (Path(korean.outdir) / card).read_bytes() != (Path(english.outdir) / card).read_bytes()
    # Drawn in the Hangul font: a subset without 흥 cannot draw the name.
    stale = font_without(tmp_path, "흥")
    again = tmp_path / "again"
    shutil.copytree(english_src, again)
    app = build(
        make_app, again, confoverrides={**KOREAN, **CARD, "portfolio_cv_font_dir": str(stale)}
    )
    assert "the social preview's font (Noto Sans KR CV) cannot draw '흥'" in app.warning.getvalue()
