"""The CV's PDF: set in the font the project ships, right or absent, linked only if written.

The site's PDF (the session's ``site`` build) is checked for its fonts, glyphs
and metadata; the tiny résumé (``tests/roots/test-resume``) is broken on
purpose: system CJK fonts hidden, a stale font subset, no WeasyPrint, a CV
page without its directive (issues 10, 11 and 12).
"""

# The résumé writes date ranges with an en dash (2013–2018).

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import CONF, REPO, Build, edit, font_without

pytest.importorskip("weasyprint", reason="the pdf dependency group is not installed")
pypdf = pytest.importorskip("pypdf")
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # noqa: E402
from portfolio.resume import fonts  # noqa: E402

PDF_NAME = "heungsub-lee-cv.pdf"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: How pdffonts and pypdf name the bundled font: a subset tag, then its family.
BUNDLED = re.compile(r"^/?[A-Z]{6}\+Noto-Sans-KR-CV(-Bold)?$")


# -- Reading a PDF's fonts -------------------------------------------------------


def embedded_fonts(path: Path) -> dict[str, Any]:
    """The PDF's fonts by base name (``/ABCDEF+Noto-Sans-KR-CV``)."""
    found = {}
    for page in pypdf.PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def glyphs_of(path: Path) -> dict[str, list[tuple[str, bool]]]:
    """Each character of the PDF's text: the fonts that draw it, and whether
    the glyph they draw it with has an outline in the embedded font file."""
    result: dict[str, list[tuple[str, bool]]] = {}
    for name, font in embedded_fonts(path).items():
        descendant = font["/DescendantFonts"][0].get_object()
        data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        ttfont = TTFont(io.BytesIO(data))
        order = ttfont.getGlyphOrder()
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        for gid, text in re.findall(r"<([0-9a-f]{4})> <([0-9a-f]+)>", cmap):
            chars = bytes.fromhex(text).decode("utf-16-be")
            index = int(gid, 16)
            glyph = ttfont["glyf"][order[index]] if 0 < index < len(order) else None
            outline = glyph is not None and glyph.numberOfContours != 0
            for char in chars:
                result.setdefault(char, []).append((name, outline))
    return result


# -- The site's PDF ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site_pdf(site: Build) -> Path:
    path = site.out / PDF_NAME
    assert path.is_file(), f"the html build wrote no {PDF_NAME}"
    return path


def test_site_pdf_embeds_only_the_bundled_font(site_pdf: Path) -> None:
    names = sorted(embedded_fonts(site_pdf))
    assert names, "no fonts in the PDF"
    assert all(BUNDLED.match(name) for name in names), names


def test_every_hangul_character_of_the_cv_has_a_glyph_in_the_pdf(
    site: Build, site_pdf: Path
) -> None:
    korean = set(HANGUL.findall(site.article("cv").get_text()))
    assert korean, "the CV page has no Hangul to check"
    glyphs = glyphs_of(site_pdf)
    for char in sorted(korean):
        assert char in glyphs, f"{char!r} is not in the PDF's text"
        assert all(BUNDLED.match(name) and outline for name, outline in glyphs[char]), (
            char,
            glyphs[char],
        )


def test_site_pdf_has_a_title_author_subject_language_and_tags(site_pdf: Path) -> None:
    reader = pypdf.PdfReader(site_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Heungsub Lee: CV"  # the name once
    assert meta.author == "Heungsub Lee"
    assert meta.subject
    assert "CV" in meta.subject
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"] is True or str(catalog["/MarkInfo"]["/Marked"]) in (
        "true",
        "True",
    )
    assert "/StructTreeRoot" in catalog


def test_pdffonts_shows_the_bundled_font_embedded(site_pdf: Path) -> None:
    """The same check with poppler's pdffonts, as a reader would run it."""
    pdffonts = shutil.which("pdffonts")
    assert pdffonts, "pdffonts (poppler-utils) is not installed"
    rows = subprocess.run(
        [pdffonts, str(site_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert BUNDLED.match(name), row
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_linkcheck_ignore_hides_none_of_the_sites_own_files() -> None:
    namespace: dict[str, Any] = {"__file__": str(CONF / "conf.py")}
    exec(compile((CONF / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    for pattern in namespace["linkcheck_ignore"]:
        for own in ("resume.json", "../resume.json", PDF_NAME, f"../{PDF_NAME}", "cv.html"):
            assert not re.match(pattern, own), (pattern, own)


# -- The tiny résumé, broken on purpose ----------------------------------------------

KOREAN = "고랭코리아"


@pytest.fixture
def src(rootdir: Path, tmp_path: Path) -> Path:
    """The tiny résumé with a CV page and a Korean word in a highlight."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-resume", src)
    edit(src, ":email: ada@example.org\n", ":email: ada@example.org\n:cv: cv\n")
    (src / "cv.md").write_text("# CV\n\n:::{resume-cv}\n:::\n", encoding="utf-8")
    edit(src, "# A résumé\n", "# A résumé\n\n```{toctree}\n:hidden:\n\ncv\n```\n")
    edit(src, "- Built things.", f"- Built things at {KOREAN}.")
    return src


def hrefs(page: Path) -> set[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {str(a["href"]) for a in soup.select("a[href]")}


def latin_font() -> Path:
    """A font file of this machine with no Hangul in it."""
    for path in sorted(Path("/usr/share/fonts").rglob("*.[ot]tf")):
        with TTFont(path, lazy=True) as font:
            if ord("가") not in (font.getBestCmap() or {}):
                return path
    raise AssertionError("no font without Hangul under /usr/share/fonts")


def test_with_the_systems_cjk_fonts_hidden_the_pdf_still_has_hangul_glyphs(
    src: Path, tmp_path: Path
) -> None:
    """A machine without Korean fonts: fontconfig sees one font without Hangul.

    (Pango needs at least one font; with none at all it crashes.)
    """
    empty = tmp_path / "one-latin-font"
    empty.mkdir()
    shutil.copy(latin_font(), empty)
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{empty}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "PYTHONPATH": str(CONF / "_ext")}
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
         "-d", str(tmp_path / "doctrees"), str(src), str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    pdf = out / "cv.pdf"
    glyphs = glyphs_of(pdf)
    for char in KOREAN:
        assert char in glyphs
        assert all(BUNDLED.match(n) and outline for n, outline in glyphs[char]), glyphs[char]
    assert all(BUNDLED.match(name) for name in embedded_fonts(pdf))


def test_a_stale_font_fails_the_build_naming_the_character(
    make_app: Callable[..., Any], src: Path, tmp_path: Path
) -> None:
    stale = font_without(tmp_path, "랭")
    app = make_app(
        "html", srcdir=src, freshenv=True, confoverrides={"portfolio_cv_font_dir": str(stale)}
    )
    app.build()
    warnings = app.warning.getvalue()
    assert f"{src / 'cv.md'}:3: ERROR: cv.pdf not written: " in warnings, warnings
    assert "no glyph for '랭' (U+B7AD); run `make font`" in warnings, warnings
    assert not (Path(app.outdir) / "cv.pdf").exists()


def test_a_new_font_rewrites_the_pdf(
    make_app: Callable[..., Any], src: Path, tmp_path: Path
) -> None:
    """The font is part of what the PDF is made of: a new subset prints it anew."""
    font_dir = tmp_path / "font"
    shutil.copytree(fonts.DEFAULT_DIR, font_dir)
    overrides = {"portfolio_cv_font_dir": str(font_dir)}
    make_app("html", srcdir=src, freshenv=True, confoverrides=overrides).build()
    (font_dir / fonts.FILES[400][0]).write_bytes(
        (font_without(tmp_path, "Z") / fonts.FILES[400][0]).read_bytes()
    )
    app = make_app("html", srcdir=src, freshenv=False, confoverrides=overrides)
    app.build()
    assert "writing cv.pdf from cv.html" in app.status.getvalue()


def test_without_weasyprint_an_old_pdf_is_removed_and_not_linked(
    make_app: Callable[..., Any], src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portfolio.resume import pdf

    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    outdir = Path(app.outdir)
    assert (outdir / "cv.pdf").is_file()
    assert "cv.pdf" in hrefs(outdir / "index.html")

    monkeypatch.setattr(pdf, "weasyprint_available", lambda: False)
    app = make_app("html", srcdir=src, freshenv=False)
    app.build()
    assert "ERROR" not in app.warning.getvalue()
    assert not (outdir / "cv.pdf").exists()
    assert "cv.pdf" not in hrefs(outdir / "index.html")
    assert "cv.pdf" not in hrefs(outdir / "cv.html")
    assert "resume.json" in hrefs(outdir / "index.html")


def test_a_cv_page_without_its_directive_is_an_error_and_links_no_pdf(
    make_app: Callable[..., Any], src: Path
) -> None:
    (src / "cv.md").write_text("# CV\n\nNothing here yet.\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    index = src / "index.md"
    line = index.read_text(encoding="utf-8").splitlines().index(":::{resume-person}") + 1
    assert (
        f"{index}:{line}: ERROR: resume-person: :cv: cv is not a page with a resume-cv directive"
    ) in app.warning.getvalue(), app.warning.getvalue()
    outdir = Path(app.outdir)
    assert not (outdir / "cv.pdf").exists()
    assert "cv.pdf" not in hrefs(outdir / "index.html")


def test_linkcheck_finds_no_broken_link_to_the_sites_own_files(
    make_app: Callable[..., Any], src: Path
) -> None:
    """The links to resume.json and the PDF exist only in the html build's
    output, which writes both: the linkcheck pass (which reads the sources)
    has none to report broken, and no linkcheck_ignore entry for them."""
    app = make_app(
        "linkcheck",
        srcdir=src,
        freshenv=True,
        confoverrides={"linkcheck_ignore": [r"https://example\.org/"]},
    )
    app.build()
    lines = (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
    results = [json.loads(line) for line in lines if line.strip()]
    assert not [r for r in results if r["status"] == "broken"], results
