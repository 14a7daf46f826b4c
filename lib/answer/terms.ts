/**
 * Query terms for in-page ranking, relevance checks and passage focusing:
 * lowercase words of letters or digits, without the most common English
 * function words. Deliberately simple and language-agnostic.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this those to was we were what when ' +
    'where which who whom whose why will with would you your about after also any before between both during each more ' +
    'most other over same some such through under until up very just only own too should may might must shall us'
  ).split(' '),
);

/** Words of a text, lowercased (letters and digits in any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The content words of a question: distinct, no stopwords. */
export function contentTerms(text: string): string[] {
  return [...new Set(words(text).filter((word) => !STOPWORDS.has(word) && (word.length > 1 || /\p{N}/u.test(word))))];
}
