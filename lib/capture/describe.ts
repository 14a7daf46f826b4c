/**
 * A tab's capture status in words and as the toolbar badge: the popup's headline
 * and the badge's title come from the same words, so both always say the same.
 * Also which skips the person may override for one page ("Save this page").
 */
import type { SkipReason } from './policy';
import type { CaptureStatusReply, TabCaptureStatus } from './status';

/** The headline of a status and its tone (the popup's coloured dot). */
export interface StatusWords {
  headline: string;
  tone: 'ok' | 'off' | 'neutral';
}

const SKIPPED: Record<SkipReason, string> = {
  incognito: 'Not captured: private window',
  settings: 'Not captured: settings could not be read',
  'not-http': 'Not captured: not a web page',
  paused: 'Capture is paused',
  excluded: 'Not captured: site excluded',
  sensitive: 'Not captured: sensitive site',
  password: 'Not captured: page has a password field',
  'not-text': 'Not captured: not a text page',
  'too-large': 'Not captured: page too large',
  'too-short': 'Not captured: too short',
  'not-article': 'Not captured: not an article',
};

/** The words for a tab's capture status. */
export function describeCaptureStatus(status: TabCaptureStatus): StatusWords {
  switch (status.state) {
    case 'indexed':
      return { headline: 'Saved to your library', tone: 'ok' };
    case 'updated':
      return { headline: 'Updated in your library', tone: 'ok' };
    case 'unchanged':
      return { headline: 'In your library', tone: 'ok' };
    case 'captured':
      return { headline: 'Captured', tone: 'ok' };
    case 'paused':
      return { headline: 'Capture is paused', tone: 'off' };
    case 'excluded':
      return { headline: 'Not captured: site excluded', tone: 'off' };
    case 'failed':
      return { headline: 'Could not save this page', tone: 'off' };
    case 'storage-full':
      return { headline: 'Not saved: your disk is almost full', tone: 'off' };
    case 'skipped':
      return { headline: SKIPPED[status.reason ?? 'not-article'] ?? 'Not captured', tone: 'neutral' };
    default:
      return { headline: 'Not saved yet', tone: 'neutral' };
  }
}

/** The toolbar badge of a tab: a short text, its colour, and the button's title that explains it. */
export interface CaptureBadge {
  /** '' shows no badge. */
  text: string;
  color: string;
  title: string;
}

/** The button's title when the tab has no capture state to tell. */
const PLAIN_TITLE = 'Gleaner';

/** The badge for each kind of state: saved (green ✓), skipped (grey –), paused (amber II), private (purple P), error (red !). */
const KINDS = {
  saved: { text: '✓', color: '#1a7f37' },
  skipped: { text: '–', color: '#6e7781' },
  paused: { text: 'II', color: '#9a6700' },
  private: { text: 'P', color: '#8250df' },
  error: { text: '!', color: '#cf222e' },
} as const;

function kindOf(status: TabCaptureStatus): keyof typeof KINDS | null {
  switch (status.state) {
    case 'indexed':
    case 'updated':
    case 'unchanged':
    case 'captured':
      return 'saved';
    case 'paused':
      return 'paused';
    case 'excluded':
      return 'skipped';
    case 'failed':
    case 'storage-full':
      return 'error';
    case 'skipped':
      if (status.reason === 'incognito') return 'private';
      if (status.reason === 'paused') return 'paused';
      if (status.reason === 'settings') return 'error';
      // Browser pages, the new tab page: nothing Gleaner could have done, nothing to say.
      if (status.reason === 'not-http') return null;
      return 'skipped';
    default:
      return null;
  }
}

/** The toolbar badge for a tab's capture status (no badge while nothing has happened yet). */
export function captureBadge(status: TabCaptureStatus): CaptureBadge {
  const kind = kindOf(status);
  if (!kind) return { text: '', color: KINDS.skipped.color, title: PLAIN_TITLE };
  const { headline } = describeCaptureStatus(status);
  return { ...KINDS[kind], title: `${PLAIN_TITLE}: ${headline}. ${status.detail}`.trim() };
}

/**
 * Skips the person may override for this one page ("Save this page"): their own pause and
 * exclusions, the sensitive-site and password-page guards, and the article heuristics. Never a
 * private window, a page that is not a web page, unreadable settings, or a limit (too large, not text).
 */
const OVERRIDABLE: ReadonlySet<SkipReason> = new Set<SkipReason>(['paused', 'excluded', 'sensitive', 'password', 'too-short', 'not-article']);

/** True when a page skipped for `reason` may be saved once at the person's request. */
export function maySaveAnyway(reason: SkipReason | undefined): boolean {
  return reason !== undefined && OVERRIDABLE.has(reason);
}

/** States in which the page is in the library. */
const SAVED: ReadonlySet<TabCaptureStatus['state']> = new Set(['indexed', 'updated', 'unchanged', 'captured']);

/**
 * Whether the popup offers to save this page once, and with which words: for a page skipped
 * for a reason the person may override, or not saved while capture is paused or the site
 * excluded. Never for a private window or a page that is not a web page (not capturable).
 */
export function saveOffer(reply: Pick<CaptureStatusReply, 'status' | 'capturable' | 'paused' | 'siteExcluded'>): string | null {
  const { status } = reply;
  if (!reply.capturable || SAVED.has(status.state)) return null;
  if (status.reason === 'sensitive' || status.reason === 'password') return 'Save anyway';
  if (maySaveAnyway(status.reason)) return 'Save this page';
  if (status.state === 'not-yet' && (reply.paused || reply.siteExcluded)) return 'Save this page';
  return null;
}
