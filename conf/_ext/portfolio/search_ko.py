"""Korean full-text search for the HTML builder (``language = "ko"``).

Sphinx ships no Korean search language, and without one it indexes a Korean
page with its English stemmer: every word keeps the particle (조사) Korean
attaches to it, so ``파이프라인을`` and ``파이프라인은`` are two index terms and
neither is ``파이프라인``. PyPI has no Sphinx search language for Korean; its
particle libraries *attach* particles (josa, tossi, pyjosa), and the
morphological analysers (Kiwi, MeCab-ko) need native code and a dictionary
on the index side that the reader's browser would need again on the query
side. So this is a light, rule-based stemmer, written twice: here for the
index, and in ``search_ko.js`` for the query. One table of particles,
``PARTICLES``, feeds both (it is written into the JavaScript as JSON), and
``tests/test_search_ko.py`` runs both stemmers on the same words.

How a word is stemmed:

1. It is put in NFC (a decomposed 파 from a macOS file is one syllable again)
   and lowercased.
2. A word with no Hangul syllable is stemmed as Sphinx's English search stems
   it (Snowball's English stemmer): deep-dive pages mix English terms and code
   names into Korean sentences, and ``torchgpipe`` must meet the same index
   term in both editions.
3. Otherwise the longest particle in ``PARTICLES`` that ends the word is
   stripped, if its rule allows (below); then again, until none can go. The
   repetition peels stacked particles (``서버에서는`` → ``서버에서`` →
   ``서버``) and keeps a noun and the noun with a particle on one stem.
4. If what is left has no Hangul syllable (``GPipe를`` → ``gpipe``), it is
   stemmed as English too.

The rules that keep a particle on the word:

- **Sound.** Several particles come in pairs chosen by the syllable before
  them: 은/는, 이/가, 을/를, 과/와, 으로/로. The one for a final consonant
  (받침) is stripped only after a syllable with one, the other only after one
  without (로 also after ㄹ, 으로 never after it). So 전문가 keeps its 가 (문
  has a 받침, and the subject particle there would be 이) and 플레이 its 이. After
  a Latin letter or a digit the sound is unknown (``API를``), so any may go.
- **Length.** A one-syllable particle, or one that begins with the copula's
  이 (이다, 입니다, 이며…), is stripped only if it leaves at least two
  characters: many two-syllable nouns end in a particle's syllable (결과, 효과,
  경로, 속도, 평가, 회의, 정의, 나이, 사이). Stripping those to one syllable
  would also split 결과 (→ 결) from 결과를 (→ 결과). The cost: a one-syllable
  noun keeps such a particle (팀이, 책을), and a query for 팀 misses 팀이.
  Longer particles (에서, 까지, 부터, 으로, 에게, 처럼…) end no common noun
  and may leave one syllable: 팀에서 → 팀. After a Latin letter or a digit
  one character is enough (``C의`` → ``c``). A word that is all particle is
  never stripped to nothing.
- **Left out on purpose:** bare 다, 고, 며 and 인 (the copula without its 이),
  and 나: too many verb endings and loanwords end so (한다, 라인, 브레인, 세미나).

Sphinx then indexes the stems; a query is split the same way (Sphinx's
default splitter on both sides) and stemmed by ``KoreanStemmer`` in the
browser. Input: ``language`` (or ``html_search_language``) ``"ko"``.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from sphinx import package_dir
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0"
# The stems live in Sphinx's pickled environment between builds, so a change
# to the rules here must start a fresh one: the environment's version is this
# file's digest, and a build after an edit re-reads every page.
ENV_VERSION: Final = int.from_bytes(hashlib.sha256(Path(__file__).read_bytes()).digest()[:4])

# What the syllable before a particle must end in: "consonant" (a 받침),
# "vowel" (none), "vowel-or-rieul" (none, or ㄹ: 로), "consonant-not-rieul"
# (a 받침 other than ㄹ: 으로), or "any".
After = Literal["any", "consonant", "vowel", "vowel-or-rieul", "consonant-not-rieul"]

# (particle, what it follows, the fewest characters it must leave).
# Order does not matter: the longest match is tried first.
PARTICLES: Final[tuple[tuple[str, After, int], ...]] = (
    # Subject, object, topic.
    ("이", "consonant", 2),
    ("가", "vowel", 2),
    ("을", "consonant", 2),
    ("를", "vowel", 2),
    ("은", "consonant", 2),
    ("는", "vowel", 2),
    # And, with.
    ("과", "consonant", 2),
    ("와", "vowel", 2),
    # By, to, as.
    ("으로", "consonant-not-rieul", 1),
    ("로", "vowel-or-rieul", 2),
    ("으로서", "consonant-not-rieul", 1),
    ("로서", "vowel-or-rieul", 1),
    ("으로써", "consonant-not-rieul", 1),
    ("로써", "vowel-or-rieul", 1),
    # Of, at, in, from, to.
    ("의", "any", 2),
    ("에", "any", 2),
    ("에서", "any", 1),
    ("에게", "any", 1),
    ("에게서", "any", 1),
    ("께서", "any", 1),
    # Also, only, until, from, each, than, like, even, as much as.
    ("도", "any", 2),
    ("만", "any", 2),
    ("뿐", "any", 2),
    ("까지", "any", 1),
    ("부터", "any", 1),
    ("마다", "any", 1),
    ("보다", "any", 1),
    ("처럼", "any", 1),
    ("조차", "any", 1),
    ("마저", "any", 1),
    ("만큼", "any", 1),
    ("밖에", "any", 1),
    # The plural suffix, which comes before the particles (개발자들의).
    ("들", "any", 2),
    # The copula 이다 and its forms; after a vowel its 이 is often dropped.
    ("이다", "any", 2),
    ("입니다", "any", 2),
    ("이었다", "any", 2),
    ("였다", "vowel", 2),
    ("이었습니다", "any", 2),
    ("였습니다", "vowel", 2),
    ("이며", "any", 2),
    ("이고", "any", 2),
    ("이지만", "any", 2),
    ("이므로", "any", 2),
    ("이면", "any", 2),
    ("이자", "any", 2),
    ("이라", "any", 2),
    ("이라는", "any", 2),
    ("라는", "vowel", 2),
    ("이라고", "any", 2),
    ("라고", "vowel", 2),
    ("이라도", "any", 2),
    ("이란", "any", 2),
    ("인데", "any", 2),
)

# Longest first, so 으로 is tried before 로 and 에서 before 에.
_BY_LENGTH: Final = sorted(PARTICLES, key=lambda row: (-len(row[0]), row[0]))

_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3  # 가 … 힣
_FINALS = 28  # a syllable's code is 0xAC00 + (initial * 21 + medial) * 28 + final
_RIEUL = 8  # the final ㄹ


def _is_syllable(char: str) -> bool:
    return _FIRST_SYLLABLE <= ord(char) <= _LAST_SYLLABLE


def _has_hangul(word: str) -> bool:
    return any(_is_syllable(c) for c in word)


def _follows(before: str, after: After) -> bool:
    """Whether a particle that follows ``after`` may follow the character ``before``."""
    if after == "any" or not _is_syllable(before):
        return True  # a Latin letter or a digit: its sound is unknown
    final = (ord(before) - _FIRST_SYLLABLE) % _FINALS
    return {
        "consonant": final != 0,
        "vowel": final == 0,
        "vowel-or-rieul": final in {0, _RIEUL},
        "consonant-not-rieul": final not in {0, _RIEUL},
    }[after]


def _strip_once(word: str) -> str | None:
    """``word`` without its last particle, or None if none may be stripped."""
    for particle, after, min_stem in _BY_LENGTH:
        if not word.endswith(particle):
            continue
        stem = word[: -len(particle)]
        # After a Latin letter or a digit, the boundary is certain: one is enough.
        needed = min_stem if stem and _is_syllable(stem[-1]) else 1
        if len(stem) >= needed and _follows(stem[-1], after):
            return stem
    return None


def strip_particles(word: str) -> str:
    """``word`` (NFC, lowercased) without the particles that end it."""
    word = unicodedata.normalize("NFC", word).lower()
    while _has_hangul(word) and (stem := _strip_once(word)) is not None:
        word = stem
    return word


class SearchKorean(SearchLanguage):
    """Korean words lose their particles; other words are stemmed as in English."""

    lang = "ko"
    language_name = "Korean"
    # Korean has no stop words worth dropping from a site this small; the
    # English ones stay out, as in the English edition.
    stopwords = SearchEnglish.stopwords
    # Snowball's English stemmer as Sphinx ships it for the English search,
    # then PARTICLES and the Korean stemmer (it defines ``Stemmer``).
    js_stemmer_code = "\n".join(
        (
            (package_dir / "search" / "minified-js" / "base-stemmer.js").read_text("utf-8"),
            (package_dir / "search" / "minified-js" / "english-stemmer.js").read_text("utf-8"),
            f"var KOREAN_PARTICLES = {json.dumps(_BY_LENGTH, ensure_ascii=False)};",
            Path(__file__).with_name("search_ko.js").read_text("utf-8"),
        )
    )

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.english = SearchEnglish(options)

    def stem(self, word: str) -> str:
        stem = strip_particles(word)
        return stem if _has_hangul(stem) else self.english.stem(stem)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchKorean)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
