const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago", "just now": when a page was read, in the person's language. */
export function readWhen(time: number, now = Date.now()): string {
  const diff = time - now;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, ms] of units) if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  return format.format(0, 'minute');
}

/** Bytes in words: "12.3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 pages and 1 saved conversation": what "Delete everything" removes, and what an export holds. */
export function pagesAndConversations(pages: number, conversations: number): string {
  return `${count(pages, 'page', 'pages')} and ${count(conversations, 'saved conversation', 'saved conversations')}`;
}
