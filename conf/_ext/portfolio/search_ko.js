/*
 * The query side of the Korean search: the twin of search_ko.py, which
 * explains the rules and owns the table. Sphinx puts this in
 * language_data.js after Snowball's EnglishStemmer and after
 *   var KOREAN_PARTICLES = [[particle, follows, fewestLeft], ...];
 * (longest particle first), written from search_ko.PARTICLES. searchtools.js
 * stems each query word with `new Stemmer().stemWord(word)`.
 */
var KoreanStemmer = function () {
  const FIRST_SYLLABLE = 0xac00; // 가
  const LAST_SYLLABLE = 0xd7a3; // 힣
  const FINALS = 28; // a syllable's code is 0xAC00 + (initial * 21 + medial) * 28 + final
  const RIEUL = 8; // the final ㄹ
  const english = new EnglishStemmer();

  const isSyllable = (char) => {
    const code = char.codePointAt(0);
    return code >= FIRST_SYLLABLE && code <= LAST_SYLLABLE;
  };
  const hasHangul = (chars) => chars.some(isSyllable);

  // Whether a particle that follows `after` may follow the character `before`.
  const follows = (before, after) => {
    if (after === "any" || !isSyllable(before)) return true;
    const final = (before.codePointAt(0) - FIRST_SYLLABLE) % FINALS;
    switch (after) {
      case "consonant":
        return final !== 0;
      case "vowel":
        return final === 0;
      case "vowel-or-rieul":
        return final === 0 || final === RIEUL;
      case "consonant-not-rieul":
        return final !== 0 && final !== RIEUL;
    }
    throw new Error(`search_ko: unknown rule ${after}`);
  };

  // `chars` without its last particle, or null if none may be stripped.
  // Characters are counted as code points, as Python counts them.
  const stripOnce = (chars) => {
    const word = chars.join("");
    for (const [particle, after, fewestLeft] of KOREAN_PARTICLES) {
      if (!word.endsWith(particle)) continue;
      const stem = chars.slice(0, chars.length - Array.from(particle).length);
      const last = stem[stem.length - 1];
      // After a Latin letter or a digit, the boundary is certain: one is enough.
      const needed = stem.length && isSyllable(last) ? fewestLeft : 1;
      if (stem.length >= needed && follows(last, after)) return stem;
    }
    return null;
  };

  this.stemWord = (word) => {
    let chars = Array.from(word.normalize("NFC").toLowerCase());
    for (let stem; hasHangul(chars) && (stem = stripOnce(chars)) !== null; ) chars = stem;
    const rest = chars.join("");
    return hasHangul(chars) ? rest : english.stemWord(rest);
  };
};
var Stemmer = KoreanStemmer;
