"""The CV's font, which comes with the project: a subset of Noto Sans KR.

The PDF of the CV is printed by WeasyPrint in this font alone (``cv-font.css``
beside the font files names it in ``@font-face``), so it looks the same on any
machine, with or without Korean fonts installed. The Korean edition's computed
figures are drawn in it too (:mod:`portfolio.figures`). The subset holds
printable ASCII and every character of the built CV pages of both editions
and of the words the Korean figures draw, in the two weights they use.
``make font`` regenerates it from builds of the site; :func:`missing` is what
the build checks the CV against.

The source is Noto Sans KR (SIL Open Font License 1.1; ``OFL.txt`` beside the
subset) as the npm package ``@expo-google-fonts/noto-sans-kr`` ships it, in
full, one TrueType file per weight. Each TEXT is a built page (``.html``), a
folder of the figures' records (``computed-figures`` in a doctree folder,
whose ``.json`` files hold the words each figure draws) or a catalog of the
extensions' words (``.po``: the social preview card's, among others)::

    python -m portfolio.resume.fonts SOURCE_DIR FONT_DIR TEXT...

Before those builds, ``--full SOURCE_DIR FONT_DIR`` puts the whole fonts
under the subset's names (and its stylesheet beside them), so a build with
``portfolio_cv_font_dir`` set to that folder draws every character.
"""

from __future__ import annotations

import argparse
import html.parser
import json
import shutil
import sys
from pathlib import Path

#: Where the subset lives in this repository (``conf/_fonts``).
DEFAULT_DIR = Path(__file__).resolve().parents[3] / "_fonts"

#: The stylesheet beside the font files, with their ``@font-face`` rules.
STYLESHEET = "cv-font.css"

#: The family name the stylesheet gives the subset.
FAMILY = "Noto Sans KR CV"

#: The subset's files by CSS weight, and the source files they come from
#: (paths inside the npm package).
FILES = {
    400: ("NotoSansKR-CV-Regular.woff2", "400Regular/NotoSansKR_400Regular.ttf"),
    700: ("NotoSansKR-CV-Bold.woff2", "700Bold/NotoSansKR_700Bold.ttf"),
}

#: The font's license, as the package ships it, and its name beside the subset.
LICENSE = ("NotoSansKR-OFL.txt", "LICENSE_FONT")

#: Always in the subset, so an edit in English needs no new font.
BASE_CHARS = {chr(c) for c in range(0x20, 0x7F)} | set(
    "\N{MIDDLE DOT}\N{HYPHEN}\N{EN DASH}\N{EM DASH}\N{LEFT SINGLE QUOTATION MARK}"
    "\N{RIGHT SINGLE QUOTATION MARK}\N{LEFT DOUBLE QUOTATION MARK}"
    "\N{RIGHT DOUBLE QUOTATION MARK}«»…•◦▪©×é™"
)


def describe(chars: set[str], limit: int = 20) -> str:
    """``'é' (U+00E9), '한' (U+D55C)``, in code point order (the first ``limit``)."""
    ordered = sorted(chars)
    text = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in ordered[:limit])
    return text + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


def covered(font_dir: Path) -> set[str]:
    """The characters every weight of the subset in ``font_dir`` has a glyph for."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    sets = []
    for name, _ in FILES.values():
        with TTFont(font_dir / name) as font:
            cmap = font.getBestCmap() or {}
            sets.append({chr(cp) for cp, glyph in cmap.items() if glyph != ".notdef"})
    return set.intersection(*sets)


def missing(font_dir: Path, text: str) -> set[str]:
    """The characters of ``text`` (spaces aside) the subset has no glyph for."""
    return {c for c in text if not c.isspace()} - covered(font_dir)


class _TextOf(html.parser.HTMLParser):
    """The text of an HTML page, outside ``<script>`` and ``<style>``."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html_file: Path) -> str:
    parser = _TextOf()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def text_of(path: Path) -> str:
    """The text of a built page, the words of a folder of figure records, or
    the translations of a catalog (``.po``)."""
    if path.suffix == ".po":
        from babel.messages import pofile

        with path.open("rb") as file:
            return "\n".join(str(m.string) for m in pofile.read_po(file) if m.id and m.string)
    if path.is_dir():
        records = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(path.glob("*.json"))]
        return "\n".join(r["text"] for r in records if isinstance(r, dict) and "text" in r)
    return page_text(path)


def full(source_dir: Path, font_dir: Path) -> None:
    """The whole fonts under the subset's names in ``font_dir``, for the builds
    that collect the characters to keep."""
    font_dir.mkdir(parents=True, exist_ok=True)
    for name, source in FILES.values():
        shutil.copyfile(source_dir / source, font_dir / name)  # fontTools reads either
    shutil.copyfile(DEFAULT_DIR / STYLESHEET, font_dir / STYLESHEET)
    shutil.copyfile(source_dir / LICENSE[1], font_dir / LICENSE[0])


def subset(source_dir: Path, texts: list[Path], font_dir: Path) -> set[str]:
    """Write the subset of the fonts in ``source_dir`` for the ``texts`` (:func:`text_of`)."""
    from fontTools import subset as ft_subset  # type: ignore[import-untyped]

    chars = {c for path in texts for c in text_of(path) if not c.isspace()} | BASE_CHARS
    font_dir.mkdir(parents=True, exist_ok=True)
    for name, source in FILES.values():
        options = ft_subset.Options()
        options.flavor = "woff2"
        options.hinting = False  # PDFs and screens of today do without
        options.desubroutinize = True  # smaller once compressed
        options.notdef_outline = True
        font = ft_subset.load_font(str(source_dir / source), options)
        subsetter = ft_subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(chars)))
        subsetter.subset(font)
        font.recalcTimestamp = False  # the same text gives the same file
        ft_subset.save_font(font, str(font_dir / name), options)
        font.close()
    shutil.copyfile(source_dir / LICENSE[1], font_dir / LICENSE[0])
    return chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--full", action="store_true", help="copy the whole fonts instead")
    parser.add_argument("source", type=Path, help="the npm package's folder")
    parser.add_argument("font_dir", type=Path, help="where the subset goes")
    parser.add_argument("texts", type=Path, nargs="*", help="built pages, figure records")
    args = parser.parse_args(argv)
    if args.full:
        full(args.source, args.font_dir)
        return 0
    if not args.texts:
        parser.error("name the built pages and figure records to subset for")
    chars = subset(args.source, args.texts, args.font_dir)
    for name, _ in FILES.values():
        path = args.font_dir / name
        print(f"{path}: {len(chars)} characters, {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
