/** The output language of summaries and answers. */

/** Picks the BCP 47 tag answers are written in: a fixed setting wins, else the page's language, else none (match the question). */
export function outputLanguage(setting: string, pageLang: string | undefined): string | undefined {
  if (setting && setting !== 'page') return setting;
  const tag = pageLang?.trim();
  return tag ? tag : undefined;
}

/** The English name of a language tag ('de' → 'German'), or the tag itself when unknown. */
export function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    return name && name !== tag ? name : tag;
  } catch {
    return tag;
  }
}
