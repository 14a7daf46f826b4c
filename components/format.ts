/** Formatting for the views: sizes, durations and dates in words a person reads at a glance (one of each, for every view). */

/** Bytes as KB, MB or GB, e.g. "1.2 GB", "350 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Seconds as "about 3 min" / "about 20 s". */
export function formatEta(seconds: number): string {
  if (seconds >= 90) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${Math.max(1, Math.round(seconds))} s left`;
}

/** When a page was read, by the day: "today", "yesterday", "3 days ago", "on 2/1/2026" (after 30 days). */
export function readWhen(readAt: number, now = Date.now()): string {
  const days = Math.floor((now - readAt) / 86_400_000);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 30) return `${days} days ago`;
  return `on ${new Date(readAt).toLocaleDateString()}`;
}
