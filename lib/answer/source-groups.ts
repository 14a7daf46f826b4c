import type { SourceCard } from './conversation';

/** The sources of an answer that come from one page: the page once, its passages listed. */
export interface SourceGroup {
  /** The page's address without its fragment (what makes two sources one page). */
  key: string;
  title: string;
  url: string;
  site?: string;
  /** When the page was last read (the latest of its passages'). */
  readAt?: number;
  /** The page's passages in source-number order. */
  passages: SourceCard[];
}

function pageKey(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/**
 * Groups an answer's sources by page, in the order each page first appears (the sources
 * come best first), so nine sources of which seven are one article show as three pages
 * rather than seven cards repeating one title. Numbers stay the sources' own: [4] in the
 * answer is still passage [4] under its page.
 */
export function groupSourcesByPage(sources: readonly SourceCard[]): SourceGroup[] {
  const groups = new Map<string, SourceGroup>();
  for (const source of sources) {
    const key = pageKey(source.url);
    let group = groups.get(key);
    if (!group) {
      group = { key, title: source.title, url: source.url, ...(source.site ? { site: source.site } : {}), passages: [] };
      groups.set(key, group);
    }
    if (!group.title && source.title) group.title = source.title;
    if (source.readAt && (!group.readAt || source.readAt > group.readAt)) group.readAt = source.readAt;
    group.passages.push(source);
  }
  for (const group of groups.values()) group.passages.sort((a, b) => a.id - b.id);
  return [...groups.values()];
}
