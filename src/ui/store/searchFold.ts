// The one definition of free-text matching both backends share: the searched text and each
// search word are folded the same way here, in JavaScript, and a word matches when its folded
// form is a substring of the folded text. Folding here rather than in SQL keeps the result
// independent of the database's locale (PostgreSQL's lower() and ILIKE follow LC_CTYPE; in the
// C locale they fold ASCII only) and of SQLite's tokenizer tables.

/** Words of fewer code points than this cannot use a trigram index. */
export const TRIGRAM = 3;

/**
 * Lowercases each code point (Unicode's default mapping, as String.toLowerCase does) and writes
 * every sigma as σ: toLowerCase turns Σ into ς at the end of a word, which would make a word's
 * folding depend on what follows it, and ς is the same letter. NUL becomes U+FFFD, as
 * PostgreSQL text cannot hold it. Each code point folding on its own keeps substrings substrings.
 */
export function searchFold(s: string): string {
  return s.replaceAll('\u0000', '\uFFFD').toLowerCase().replaceAll('\u03c2', '\u03c3');
}

/** Whether a folded word is long enough for the trigram index. */
export const indexable = (folded: string): boolean => [...folded].length >= TRIGRAM;
