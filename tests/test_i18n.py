"""The Korean edition (issue 14): built from the same pages, never behind them.

The session's site (conftest) holds both editions: English in ``site.out``,
Korean in ``site.out / "ko"``. What is checked:

- **Facts agree**: for every page, the Korean article's numbers (digits in the
  text, English month names read as numbers, 70k = 7만 = 70000), its external
  links and its code blocks equal the English article's, as multisets.
- **Nothing untranslated**: the Korean build reports no warning; on a small
  site of its own, an untranslated, a fuzzy and a missing message each fail
  the build at the catalog's line or the page's (portfolio.editions).
- The switcher on every page leads to the same page in the other edition and
  back; ``<html lang>``, ``hreflang`` alternates (head and sitemap) and
  ``og:locale`` are right in each edition; Furo's strings are in Korean.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import DOCS, SITE_BASE_URL, Build, PendingBuild, docnames, sphinx_build
from portfolio import editions

PAGES = docnames()
#: Every page a reader can open, by its file in each edition.
FILES = [f"{name}.html" for name in PAGES] + ["search.html", "404.html"]

# -- Facts agree --------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
#: A month's name before a day or a year: "June 2019", "May 14, 2019", "Feb. 2019".
MONTH = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?(?=\s+\d)")
#: A number: 70,000, 2.808, 0.0.7, 15; then 70k (thousands), 7만 (ten thousands),
#: 557 million or 5.57억 (hundred millions), 1.84 billion or 18.4억.
NUMBER = re.compile(
    r"(?P<digits>\d+(?:[.,]\d+)*)(?:\s?(?P<unit>k(?![A-Za-z])|만|억|million\b|billion\b))?"
)
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
MULTIPLIER = {"k": 1000, "만": 10**4, "억": 10**8, "million": 10**6, "billion": 10**9}


def numbers(text: str) -> Counter[str]:
    """Every number written with digits, as a normal value: "June 2019" gives 6 and 2019."""
    text = MONTH.sub(lambda m: str(MONTHS[m.group(1)]), text)
    found: Counter[str] = Counter()
    for match in NUMBER.finditer(text):
        digits, unit = match.group("digits"), match.group("unit")
        parts = [digits.replace(",", "")] if THOUSANDS.fullmatch(digits) else digits.split(",")
        for i, part in enumerate(parts):
            if part.count(".") > 1:  # a version: 0.0.7
                found[part] += 1
                continue
            value = Decimal(part) * (MULTIPLIER[unit] if unit and i == len(parts) - 1 else 1)
            found[format(value.normalize(), "f")] += 1
    return found


def facts(article: Tag, *, quoted_korean: bool = True) -> dict[str, Counter[str]]:
    """The article's numbers, external links and code blocks.

    Without ``quoted_korean``, less the Korean the English edition quotes (a
    talk's Korean title, which is the Korean edition's heading).
    """
    article = BeautifulSoup(str(article), "html.parser")
    code = Counter(pre.get_text() for pre in article.select("pre"))
    for pre in article.select("pre"):
        pre.decompose()
    if not quoted_korean:
        for quoted in article.select('[lang="ko"]'):
            quoted.decompose()
    links = Counter(
        str(a["href"])
        for a in article.select("a[href]")
        if urlsplit(str(a["href"])).scheme in {"http", "https", "mailto", "tel"}
    )
    return {"numbers": numbers(article.get_text(" ")), "links": links, "code blocks": code}


def fact_differences(page: str, english: Tag, korean: Tag) -> list[str]:
    """What one edition of ``page`` states that the other does not, one line each."""
    found = []
    mine, theirs = facts(english, quoted_korean=False), facts(korean)
    for kind in mine:
        only_en, only_ko = mine[kind] - theirs[kind], theirs[kind] - mine[kind]
        for value, count in sorted(only_en.items()):
            found.append(f"{page}: {kind}: {value!r} {count} more time(s) in English than Korean")
        for value, count in sorted(only_ko.items()):
            found.append(f"{page}: {kind}: {value!r} {count} more time(s) in Korean than English")
    return found


def test_numbers_read_months_and_units_alike() -> None:
    english = numbers(
        "Released June 2019 (v0.0.7), used by 70k readers, 2.808× faster, 1,500 GPUs."
    )
    korean = numbers("2019년 6월에 공개(v0.0.7), 독자 7만 명, 2.808배 빠름, GPU 1,500개.")
    assert english == korean
    assert english == Counter({"6": 1, "2019": 1, "0.0.7": 1, "70000": 1, "2.808": 1, "1500": 1})
    # A changed digit shows.
    assert numbers("2.809×") != numbers("2.808×")
    # "may" the verb is no month; "May 14, 2019" is.
    assert numbers("It may take 3 steps.") == Counter({"3": 1})
    assert numbers("May 14, 2019") == numbers("2019년 5월 14일")
    # Large numbers in Korean units: 557 million is 5.57억, 1.84 billion 18.4억.
    assert numbers("557 million and 1.84 billion") == numbers("5.57억과 18.4억")
    assert numbers("557 million") != numbers("5.58억")


@pytest.mark.parametrize("name", PAGES)
def test_facts_agree_between_the_editions(site: Build, site_ko: Build, name: str) -> None:
    assert fact_differences(name, site.article(name), site_ko.article(name)) == []


# -- The switcher, lang, hreflang and og:locale -------------------------------------


def switch(build: Build, page: str) -> Tag:
    (link,) = build.soup(page.removesuffix(".html")).select("a.language-switch")
    return link


def resolve(out: Path, page: str, href: str) -> Path:
    """The file a link on ``page`` (in the folder ``out``) leads to."""
    path = urlsplit(href).path
    if path.startswith("/"):  # the 404 page's absolute paths; the site is served at /
        site_root = out.parent if out.name == "ko" else out
        return site_root / path.lstrip("/")
    return (out / page).parent.joinpath(path).resolve()


@pytest.mark.parametrize("page", FILES)
def test_switcher_leads_to_the_same_page_and_back(site: Build, site_ko: Build, page: str) -> None:
    to_ko, to_en = switch(site, page), switch(site_ko, page)
    assert (to_ko.get_text(), to_ko["lang"], to_ko["hreflang"]) == ("한국어", "ko", "ko")
    assert (to_en.get_text(), to_en["lang"], to_en["hreflang"]) == ("English", "en", "en")
    # The 404 page, served at any address, leads to the other edition's home.
    same = "index.html" if page == "404.html" else page
    assert resolve(site.out, page, str(to_ko["href"])) == (site_ko.out / same).resolve()
    assert resolve(site_ko.out, page, str(to_en["href"])) == (site.out / same).resolve()


@pytest.mark.parametrize("page", FILES)
def test_each_edition_names_its_language_and_the_other(
    site: Build, site_ko: Build, page: str
) -> None:
    name = page.removesuffix(".html")
    for build, lang, locale, other in (
        (site, "en", "en_US", "ko_KR"),
        (site_ko, "ko", "ko_KR", "en_US"),
    ):
        soup = build.soup(name)
        assert soup.html is not None
        assert soup.html["lang"] == lang
        og = {
            str(m["property"]): str(m["content"])
            for m in soup.select('meta[property^="og:locale"]')
        }
        # sphinxext-opengraph describes documents only, not search or 404.
        if name in PAGES:
            assert og == {"og:locale": locale, "og:locale:alternate": other}
        alternates = {
            str(link["hreflang"]): str(link["href"])
            for link in soup.select('head link[rel="alternate"][hreflang]')
        }
        assert alternates == {
            "en": urljoin(SITE_BASE_URL, page),
            "ko": urljoin(SITE_BASE_URL, "ko/" + page),
            "x-default": urljoin(SITE_BASE_URL, page),
        }
        canonical = soup.select_one('link[rel="canonical"]')
        if canonical is not None:
            assert canonical["href"] == alternates[lang]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_sitemaps_list_each_page_with_its_alternates(site: Build, site_ko: Build) -> None:
    for build, prefix in ((site, ""), (site_ko, "ko/")):
        root = ElementTree.parse(build.out / "sitemap.xml").getroot()
        urls = root.findall(f"{SITEMAP}url")
        assert sorted(str(u.findtext(f"{SITEMAP}loc")) for u in urls) == sorted(
            urljoin(SITE_BASE_URL, f"{prefix}{name}.html") for name in PAGES
        )
        for url in urls:
            page = str(url.findtext(f"{SITEMAP}loc")).removeprefix(SITE_BASE_URL + prefix)
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
            }
            assert alternates == {
                "en": SITE_BASE_URL + page,
                "ko": SITE_BASE_URL + "ko/" + page,
                "x-default": SITE_BASE_URL + page,
            }, page
    # Crawlers find the English sitemap in robots.txt, and the Korean pages
    # through its alternates.
    robots = (site.out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_BASE_URL}sitemap.xml" in robots


#: Furo's words on every page, by where they are, in English and in Korean:
#: Sphinx's Korean catalog lacks them, so sphinx.po gives them
#: (portfolio.editions extracts Furo's templates into it).
FURO_TEXT = {
    ".skip-to-content": ("Skip to content", "본문으로 건너뛰기"),
    ".back-to-top span": ("Back to top", "맨 위로"),
    ".toc-title": ("On this page", "이 페이지의 내용"),
    ".next-page .context span": ("Next", "다음"),
    ".prev-page .context span": ("Previous", "이전"),
}
#: Labels Furo writes outside its catalog, replaced in conf/_templates/page.html.
FURO_LABELS = {
    "#__navigation": ("Toggle site navigation sidebar", "사이트 내비게이션 사이드바 열고 닫기"),
    "#__toc": ("Toggle table of contents sidebar", "목차 사이드바 열고 닫기"),
    ".theme-toggle-header .theme-toggle": (
        "Toggle Light / Dark / Auto color theme",
        "밝은 / 어두운 / 자동 색 테마 바꾸기",
    ),
    ".sidebar-drawer": ("Site navigation", "사이트 내비게이션"),
    ".toc-drawer": ("Contents of this page", "이 페이지의 목차"),
    ".language-switcher": ("Languages", "언어"),
}


@pytest.mark.parametrize("page", ["resume/work", "projects/torchgpipe"])
def test_furo_and_template_strings_are_korean_in_the_korean_edition(
    site: Build, site_ko: Build, page: str
) -> None:
    for build, index in ((site, 0), (site_ko, 1)):
        soup = build.soup(page)
        for selector, words in FURO_TEXT.items():
            found = soup.select_one(selector)
            assert found is not None, selector
            assert found.get_text(strip=True) == words[index], selector
        for selector, words in FURO_LABELS.items():
            found = soup.select_one(selector)
            assert found is not None, selector
            assert found["aria-label"] == words[index], selector
        titles = [t.get_text() for t in soup.select("svg symbol title")]
        assert ("Menu" in titles) == (index == 0), titles
    not_found = BeautifulSoup((site_ko.out / "404.html").read_text("utf-8"), "html.parser")
    assert not_found.select_one("article h1").get_text() == "페이지를 찾을 수 없습니다"  # type: ignore[union-attr]
    assert not_found.title is not None
    assert not_found.title.get_text().startswith("페이지를")
    search = site_ko.soup("search")
    assert search.select_one("article h1").get_text() == "검색"  # type: ignore[union-attr]


def test_the_korean_edition_builds_with_every_message_translated(site_ko: Build) -> None:
    """The build fails on an untranslated or fuzzy message (portfolio.editions)."""
    assert site_ko.warnings == "", site_ko.warnings
    assert site_ko.returncode == 0


# -- Where editions live: local folders and Read the Docs projects -----------------


def config(language: str, baseurl: str, *, rtd: bool, prefix: str = "/") -> Any:
    return SimpleNamespace(
        language=language,
        html_baseurl=baseurl,
        portfolio_editions={"en": "English", "ko": "한국어"},
        portfolio_editions_on_read_the_docs=rtd,
        notfound_urls_prefix=prefix,
    )


def test_read_the_docs_editions_swap_the_language_segment() -> None:
    en = config("en", "https://x.readthedocs.io/en/latest/", rtd=True)
    ko = config("ko", "https://x.readthedocs.io/ko/latest/", rtd=True)
    assert editions.public_base(en, "ko") == "https://x.readthedocs.io/ko/latest/"
    assert editions.public_base(ko, "en") == "https://x.readthedocs.io/en/latest/"
    assert editions.public_base(ko, "ko") == "https://x.readthedocs.io/ko/latest/"


def test_local_editions_are_folders_beside_the_source() -> None:
    en = config("en", "https://host/site/", rtd=False)
    ko = config("ko", "https://host/site/ko/", rtd=False, prefix="/site/ko/")
    assert editions.public_base(en, "ko") == "https://host/site/ko/"
    assert editions.public_base(ko, "en") == "https://host/site/"
    assert editions.relative_link(en, "projects/x.html", "ko") == "../ko/projects/x.html"
    assert editions.relative_link(ko, "projects/x.html", "en") == "../../projects/x.html"
    assert editions.relative_link(ko, "index.html", "en") == "../index.html"
    assert editions.root_path(ko) == "/site/"
    # No public address: no absolute URL of any edition.
    assert editions.public_base(config("en", "", rtd=False), "ko") == ""


# -- A small site of its own: faults injected -----------------------------------------

PAGE = """\
# Numbers

Released in June 2019 to 70k readers; see [the paper](https://example.org/paper).

```python
print(2.808)
```

A second paragraph, with 15 words or so.
"""

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ko\\n"

#: ../../index.md:1
msgid "Numbers"
msgstr "숫자"

#: ../../index.md:3
msgid ""
"Released in June 2019 to 70k readers; see [the paper](https://example.org/"
"paper)."
msgstr ""
"2019년 6월에 독자 7만 명에게 공개되었습니다. [논문](https://example.org/"
"paper)을 보십시오."

#: ../../index.md:9
msgid "A second paragraph, with 15 words or so."
msgstr "두 번째 문단으로, 15개쯤의 낱말입니다."
"""

STALE = "A new paragraph that its catalog has never seen.\n"


def small_site(folder: Path, po: str = PO, page: str = PAGE) -> Path:
    messages = folder / "locale" / "ko" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (folder / "index.md").write_text(page, encoding="utf-8")
    (messages / "index.po").write_text(po, encoding="utf-8")
    shutil.copy(DOCS / "locale" / "ko" / "LC_MESSAGES" / "sphinx.po", messages)
    return folder


def faulty_catalog() -> str:
    """PO with one message changed in number, one emptied, one marked fuzzy."""
    po = PO.replace("독자 7만 명", "독자 8만 명")
    po = po.replace('msgstr "숫자"', 'msgstr ""')
    return po.replace(
        '#: ../../index.md:9\nmsgid "A second', '#: ../../index.md:9\n#, fuzzy\nmsgid "A second'
    )


class SmallSite:
    def __init__(self, tmp: Path) -> None:
        self.good = small_site(tmp / "good")
        self.bad = small_site(tmp / "bad", faulty_catalog(), PAGE + "\n" + STALE)
        english = PendingBuild(self.good, tmp / "out", "html")
        korean = PendingBuild(self.good, tmp / "ko-clean", "html", "-D", "language=ko")
        faulty = PendingBuild(self.bad, tmp / "ko-faulty", "html", "-D", "language=ko")
        self.english, self.korean, self.faulty = english.result(), korean.result(), faulty.result()
        self.tmp = tmp


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> SmallSite:
    return SmallSite(tmp_path_factory.mktemp("i18n-small"))


def test_small_site_translated_builds_clean_and_agrees(small: SmallSite) -> None:
    assert small.english.warnings == small.korean.warnings == ""
    assert "독자 7만 명" in small.korean.page("index")
    assert (
        fact_differences("index", small.english.article("index"), small.korean.article("index"))
        == []
    )


def test_a_changed_number_fails_naming_the_page_and_value(small: SmallSite) -> None:
    found = fact_differences("index", small.english.article("index"), small.faulty.article("index"))
    assert found == [
        "index: numbers: '70000' 1 more time(s) in English than Korean",
        "index: numbers: '80000' 1 more time(s) in Korean than English",
    ]


def test_untranslated_fuzzy_and_missing_messages_fail_at_their_lines(small: SmallSite) -> None:
    po = small.bad / "locale" / "ko" / "LC_MESSAGES" / "index.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    untranslated = lines.index('msgid "Numbers"') + 1
    fuzzy = lines.index('msgid "A second paragraph, with 15 words or so."') + 1
    stale = (PAGE + "\n" + STALE).splitlines().index(STALE.strip()) + 1
    assert small.faulty.returncode != 0
    warnings = small.faulty.warnings
    assert f"{po}:{untranslated}: WARNING: the message 'Numbers' is not translated" in warnings
    assert (
        f"{po}:{fuzzy}: WARNING: the message 'A second paragraph, with 15 words or so.' is fuzzy"
        in warnings
    )
    assert (
        f"{small.bad / 'index.md'}:{stale}: WARNING: the message "
        f"'A new paragraph that its catalog has never seen.' is not in {po}"
    ) in warnings
    assert len({line for line in warnings.splitlines() if "WARNING" in line}) == 3, warnings


def test_the_check_can_be_turned_off_and_lists_what_stays(small: SmallSite, tmp_path: Path) -> None:
    off = sphinx_build(
        small.bad,
        tmp_path / "off",
        "html",
        "-D",
        "language=ko",
        "-D",
        "portfolio_translation_check=0",
    )
    assert off.returncode == 0, off.warnings
    # A message copied unchanged fails, unless portfolio_translation_keep
    # (conf.py) matches it, as it matches a project's name alone.
    name = '\n#: ../../index.md:13\nmsgid "torchgpipe"\nmsgstr "torchgpipe"\n'
    copied = small_site(
        tmp_path / "copied",
        PO.replace('msgstr "숫자"', 'msgstr "Numbers"') + name,
        PAGE + "\n## torchgpipe\n",
    )
    build = sphinx_build(copied, tmp_path / "copied-out", "html", "-D", "language=ko")
    po = copied / "locale" / "ko" / "LC_MESSAGES" / "index.po"
    # (Build.warnings adds the failed build's stderr: each line comes twice.)
    assert sorted(set(build.warnings.splitlines())) == [
        f"{po}:7: WARNING: the message 'Numbers' is copied unchanged: translate it, or, if it "
        "stays as it is, match it in portfolio_translation_keep (conf.py) [portfolio.translation]"
    ]


def test_editions_share_a_folder_and_rebuild_as_clean_builds_do(small: SmallSite) -> None:
    """The English build leaves ko/ alone; a fixed Korean catalog rebuilds to the clean site."""
    site = small.tmp / "out"
    shutil.copytree(small.korean.out, site / "ko")
    again = sphinx_build(small.good, site, "html")
    assert again.returncode == 0, again.warnings
    assert (site / "ko" / "index.html").is_file()
    assert (site / "ko" / "search.html").is_file()
    # Fix the faulty source: the incremental build equals the clean Korean one.
    shutil.copy(small.good / "index.md", small.bad / "index.md")
    shutil.copy(
        small.good / "locale" / "ko" / "LC_MESSAGES" / "index.po",
        small.bad / "locale" / "ko" / "LC_MESSAGES" / "index.po",
    )
    fixed = sphinx_build(small.bad, small.faulty.out, "html", "-D", "language=ko")
    assert fixed.returncode == 0, fixed.warnings

    def files(out: Path) -> dict[str, bytes]:
        return {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    mine, clean = files(fixed.out), files(small.korean.out)
    assert sorted(mine) == sorted(clean)
    assert [name for name in mine if mine[name] != clean[name]] == []


def test_korean_search_page_says_how_many_pages_it_found(site_ko: Build) -> None:
    """Sphinx's own Korean script catalog leaves this message empty (Sphinx 9.0):
    the project's copy (docs/locale/ko/LC_MESSAGES/sphinx.js) fills it."""
    script = (site_ko.out / "_static" / "translations.js").read_text(encoding="utf-8")
    start = script.index("addTranslations(") + len("addTranslations(")
    catalog = json.loads(script[start : script.rindex(")")])
    found = catalog["messages"]["Search finished, found one page matching the search query."]
    assert found[0].strip(), "the Korean search page would show no result count"
    assert "${resultCount}" in found[0]


def test_each_talks_korean_title_is_its_heading_in_the_korean_edition(
    site: Build, site_ko: Build
) -> None:
    """The English edition shows a talk's Korean title as a field; the Korean
    edition drops the field (portfolio.resume), so its heading must be that title."""
    titles = [
        dd.get_text(" ", strip=True)
        for dt in site.article("resume/talks").select("dt")
        if dt.get_text(strip=True).startswith("Korean title")
        for dd in [dt.find_next_sibling("dd")]
        if dd is not None
    ]
    assert titles, "the English talks page shows no Korean title"
    headings = {
        h.get_text(" ", strip=True).rstrip("#¶ ")
        for h in site_ko.article("resume/talks").select("h2")
    }
    missing = [title for title in titles if title not in headings]
    assert missing == [], f"Korean titles with no Korean heading: {missing}; headings: {headings}"
