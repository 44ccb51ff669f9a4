"""The Korean search (portfolio.search_ko): its stemmer, its index, its page.

- The Python stemmer on words whose stem is known: particles go, nouns that
  only look like they end in one stay, English words stem as in English.
- The browser's stemmer (search_ko.js, run by Node.js exactly as Sphinx
  writes it into language_data.js) gives the same stem as Python's for every
  noun with every particle, and for the edge cases above.
- A tiny Korean site (tests/roots/test-search-ko) whose pages say only
  파이프라인을 and only 파이프라인은: its searchindex.js maps 파이프라인 to both,
  where Sphinx's English search language does not.
- That site's search page, in headless Chromium, lists both pages for 파이프라인,
  for 파이프라인을 and for the two-syllable 서버 (too short for Sphinx's partial
  matching, so only a stem finds 서버를 and 서버는).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import serve
from playwright.sync_api import sync_playwright
from portfolio import search_ko
from portfolio.search_ko import PARTICLES, SearchKorean, strip_particles
from sphinx.search import js_index
from test_browser import CHROMIUM, CHROMIUM_ARGS

# -- The stemmer ------------------------------------------------------------------

STEMS = {
    # The example: object and topic particles.
    "파이프라인을": "파이프라인",
    "파이프라인은": "파이프라인",
    "파이프라인": "파이프라인",
    # The pairs follow the syllable's sound: 를/는/가/와/로 after a vowel.
    "서버를": "서버",
    "서버는": "서버",
    "서버가": "서버",
    "서버와": "서버",
    "서버로": "서버",
    "모델이": "모델",
    "모델과": "모델",
    "모델로": "모델",
    "파이프라인으로": "파이프라인",
    # Longest match first, and stacked particles peel one by one.
    "서버에서": "서버",
    "서버에서는": "서버",
    "서버에서의": "서버",
    "파이프라인으로부터": "파이프라인",
    "개발자들의": "개발자",
    "논문까지도": "논문",
    # The copula, with and without its 이.
    "파이프라인이다": "파이프라인",
    "파이프라인입니다": "파이프라인",
    "파이프라인이며": "파이프라인",
    "데이터였습니다": "데이터",
    "데이터라는": "데이터",
    # Two-syllable nouns that end in a particle's syllable keep it ...
    "결과": "결과",
    "효과": "효과",
    "경로": "경로",
    "속도": "속도",
    "회의": "회의",
    "나이": "나이",
    "사이다": "사이다",
    # ... and so meet the same nouns with a particle.
    "결과를": "결과",
    "경로는": "경로",
    "나이가": "나이",
    # A particle of the wrong sound is part of the noun.
    "전문가": "전문가",
    "플레이": "플레이",
    # One-syllable particles leave two characters; longer ones may leave one.
    "팀이": "팀이",
    "팀에서": "팀",
    "팀으로": "팀",
    # Never stripped to nothing.
    "이": "이",
    "에서": "에서",
    "이다": "이다",
    # Loanwords ending in 인 (no bare 인 in the table).
    "카카오브레인": "카카오브레인",
    "플러그인을": "플러그인",
    # English words and code names stem as Sphinx's English search stems them.
    "pipelines": "pipelin",
    "Running": "run",
    "torchgpipe": "torchgpip",
    # After a Latin letter or a digit any particle goes, and what is left is English.
    "torchgpipe의": "torchgpip",
    "GPipe를": "gpipe",
    "API로": "api",
    "pipelines는": "pipelin",
    "x86의": "x86",
    "C의": "c",
    "2019년에": "2019년",
    "15는": "15",
}


@pytest.mark.parametrize(("word", "stem"), STEMS.items())
def test_python_stem(word: str, stem: str) -> None:
    assert SearchKorean({}).stem(word) == stem


def test_decomposed_hangul_is_composed_first() -> None:
    """Text from a macOS file may hold 파 as three jamo; the stem is the same."""
    decomposed = unicodedata.normalize("NFD", "파이프라인을")
    assert decomposed != "파이프라인을"
    assert strip_particles(decomposed) == "파이프라인"


def test_every_particle_is_stripped_after_some_noun() -> None:
    """No row of the table is dead: each strips after a noun its rule admits."""
    nouns = {"consonant": "파이프라인", "consonant-not-rieul": "파이프라인", "any": "파이프라인"}
    nouns |= {"vowel": "데이터", "vowel-or-rieul": "데이터"}
    for particle, after, _ in PARTICLES:
        assert strip_particles(nouns[after] + particle) == nouns[after], particle


# -- Python and JavaScript agree -------------------------------------------------

NOUNS = ["파이프라인", "데이터", "모델", "서버", "결과", "경로", "팀", "전문가", "GPipe", "2019년"]
AGREE = sorted(
    {noun + particle for noun in NOUNS for particle, _, _ in PARTICLES}
    | {noun + "들" + particle for noun in NOUNS for particle in ("의", "이", "에서는")}
    | set(NOUNS)
    | set(STEMS)
    | {unicodedata.normalize("NFD", "서버에서는"), "", "😀의", "ab이", "Ⅻ를"}
)


def node_stems(words: list[str], tmp_path: Path) -> list[str]:
    """The browser's stems of ``words``: language_data.js's stemmer, run by Node.js."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run the search's JavaScript (Debian: apt-get install nodejs)"
    script = tmp_path / "stem.js"
    script.write_text(
        SearchKorean.js_stemmer_code
        + "\nconst stemmer = new Stemmer();"
        + "\nconst words = JSON.parse(require('fs').readFileSync(0, 'utf-8'));"
        + "\nconsole.log(JSON.stringify(words.map((w) => stemmer.stemWord(w))));\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [node, str(script)], input=json.dumps(words), capture_output=True, text=True, check=True
    )
    stems: list[str] = json.loads(run.stdout)
    return stems


def test_javascript_and_python_stem_alike(tmp_path: Path) -> None:
    korean = SearchKorean({})
    python = [korean.stem(word) for word in AGREE]
    javascript = node_stems(AGREE, tmp_path)
    differ = [(word, p, j) for word, p, j in zip(AGREE, python, javascript, strict=True) if p != j]
    assert differ == [], "(word, Python's stem, the browser's stem)"
    # The list is not all no-ops: most words lose something.
    assert sum(p != w.lower() for w, p in zip(AGREE, python, strict=True)) > len(AGREE) / 2


# -- The index of a tiny Korean site ---------------------------------------------


def build_root(make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, **conf: Any) -> Path:
    """Build tests/roots/test-search-ko; return its output folder."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-search-ko", src)
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=conf)
    app.build()
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


def index_terms(outdir: Path) -> tuple[list[str], dict[str, Any]]:
    index = js_index.loads((outdir / "searchindex.js").read_text(encoding="utf-8"))
    return index["docnames"], index["terms"]


def docs_of(term: str, docnames: list[str], terms: dict[str, Any]) -> set[str]:
    found = terms.get(term, [])
    return {docnames[i] for i in ([found] if isinstance(found, int) else found)}


def test_index_maps_the_stem_to_both_pages(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    out = build_root(make_app, rootdir, tmp_path)
    docnames, terms = index_terms(out)
    assert docs_of("파이프라인", docnames, terms) == {"object", "topic"}
    assert docs_of("서버", docnames, terms) == {"object", "topic"}
    # The English word on the Korean page meets the English edition's stem.
    assert docs_of("torchgpip", docnames, terms) == {"object"}
    # No particle is left in the index.
    assert not [t for t in terms if t.endswith(("을", "은", "를", "는"))]
    # The browser gets the Korean stemmer.
    language_data = (out / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "var Stemmer = KoreanStemmer;" in language_data


def test_english_search_language_would_miss_it(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    """The control: without portfolio.search_ko, Korean words keep their particles."""
    docnames, terms = index_terms(
        build_root(make_app, rootdir, tmp_path, html_search_language="en")
    )
    assert docs_of("파이프라인", docnames, terms) == set()
    assert docs_of("파이프라인을", docnames, terms) == {"object"}


def test_a_change_to_the_rules_rereads_every_page(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stems are kept between builds; new rules must not leave old stems in the index."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-search-ko", src)

    def build() -> list[str]:
        app = make_app("html", srcdir=src)
        read: list[str] = []
        app.connect("source-read", lambda _app, docname, _source: read.append(docname))
        app.build()
        return sorted(read)

    assert build() == ["index", "object", "topic"]
    assert build() == []  # nothing changed: nothing read
    monkeypatch.setattr(search_ko, "ENV_VERSION", search_ko.ENV_VERSION + 1)
    assert build() == ["index", "object", "topic"]


# -- The search page, in a browser ------------------------------------------------


@pytest.fixture
def served_root(make_app: Callable[..., Any], rootdir: Path, tmp_path: Path) -> Iterator[str]:
    """The tiny Korean site, built and served on 127.0.0.1 at a free port."""
    with serve(build_root(make_app, rootdir, tmp_path)) as url:
        yield url


# searchtools.js shows a heading with pulsing dots while it searches, and
# replaces the heading's text, dots and all, once every result is listed. (Its
# summary line is no sign: Sphinx's Korean catalog translates the "found N
# pages" message as an empty string.)
SEARCH_FINISHED = """() => {
  const heading = document.querySelector("#search-results h2");
  return heading !== null && heading.querySelector("span") === null;
}"""


@pytest.mark.browser
def test_search_page_finds_both_pages(served_root: str) -> None:
    assert CHROMIUM.exists(), f"no Chromium at {CHROMIUM}; set CHROMIUM=/path/to/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []  # a stemmer that throws stops the search
        page.on("pageerror", lambda error: errors.append(str(error)))
        found = {}
        for query in ("파이프라인", "파이프라인을", "서버"):
            page.goto(f"{served_root}search.html?q={quote(query)}")
            page.wait_for_function(SEARCH_FINISHED, timeout=10_000)
            hrefs = page.locator("#search-results ul.search li a").evaluate_all(
                "(links) => links.map((a) => a.getAttribute('href'))"
            )
            found[query] = sorted({href.split("?")[0].split("#")[0] for href in hrefs})
        browser.close()
    both = ["object.html", "topic.html"]
    assert found == {"파이프라인": both, "파이프라인을": both, "서버": both}
    assert errors == []
