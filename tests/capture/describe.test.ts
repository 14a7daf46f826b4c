import { describe, expect, it } from 'vitest';
import { captureBadge, describeCaptureStatus, saveOffer } from '@/lib/capture/describe';
import { NOT_YET, skippedStatus, type TabCaptureStatus } from '@/lib/capture/status';

const at = 1_700_000_000_000;
const url = 'https://example.com/a';

describe('the toolbar badge of a tab', () => {
  it('maps each capture state to a short text, a colour and a title that explains it', () => {
    const cases: [TabCaptureStatus, string, string][] = [
      [{ state: 'indexed', detail: 'You can search it in the Library.', url }, '✓', '#1a7f37'],
      [{ state: 'updated', detail: 'Its new text replaced the old.', url }, '✓', '#1a7f37'],
      [{ state: 'unchanged', detail: 'Already in your library.', url }, '✓', '#1a7f37'],
      [skippedStatus('sensitive', 'example.com looks private.', url, at), '–', '#6e7781'],
      [skippedStatus('password', 'The page has a password field.', url, at), '–', '#6e7781'],
      [skippedStatus('excluded', 'You chose not to capture example.com.', url, at), '–', '#6e7781'],
      [skippedStatus('not-article', 'Not an article.', url, at), '–', '#6e7781'],
      [skippedStatus('paused', 'Capture is paused.', url, at), 'II', '#9a6700'],
      [skippedStatus('incognito', 'Private windows are never captured.', url, at), 'P', '#8250df'],
      [{ state: 'failed', detail: 'The browser refused the write.', url }, '!', '#cf222e'],
      [{ state: 'storage-full', detail: 'Your disk is almost full.', url }, '!', '#cf222e'],
      [skippedStatus('settings', 'Settings could not be read.', url, at), '!', '#cf222e'],
    ];
    for (const [status, text, color] of cases) {
      const badge = captureBadge(status);
      expect([badge.text, badge.color], status.state + (status.reason ?? '')).toEqual([text, color]);
      // The title says it in words: the popup's headline and the status's own sentence.
      expect(badge.title).toBe(`Gleaner: ${describeCaptureStatus(status).headline}. ${status.detail}`);
    }
  });

  it('shows nothing before anything happened, and for pages Gleaner never captures', () => {
    expect(captureBadge(NOT_YET)).toMatchObject({ text: '', title: 'Gleaner' });
    expect(captureBadge({ ...NOT_YET, detail: 'Will be saved after 8 s on the page.', url })).toMatchObject({ text: '', title: 'Gleaner' });
    expect(captureBadge(skippedStatus('not-http', 'Only web pages are captured.', 'chrome://newtab', at)).text).toBe('');
  });
});

describe('"Save this page" in the popup', () => {
  const reply = (status: TabCaptureStatus, more: Partial<{ capturable: boolean; paused: boolean; siteExcluded: boolean }> = {}) => ({
    status,
    capturable: true,
    paused: false,
    siteExcluded: false,
    ...more,
  });

  it('is offered for a page skipped for a reason the person may override, or not saved while paused or excluded', () => {
    expect(saveOffer(reply(skippedStatus('paused', 'Capture is paused.', url, at), { paused: true }))).toBe('Save this page');
    expect(saveOffer(reply(skippedStatus('excluded', 'You chose not to capture example.com.', url, at), { siteExcluded: true }))).toBe('Save this page');
    expect(saveOffer(reply(skippedStatus('not-article', 'Not an article.', url, at)))).toBe('Save this page');
    expect(saveOffer(reply(skippedStatus('sensitive', 'example.com looks private.', url, at)))).toBe('Save anyway');
    expect(saveOffer(reply(skippedStatus('password', 'The page has a password field.', url, at)))).toBe('Save anyway');
    expect(saveOffer(reply(NOT_YET, { paused: true }))).toBe('Save this page');
  });

  it('is never offered in a private window, for a page saved already, past a limit, or while the page will be saved by itself', () => {
    expect(saveOffer(reply(skippedStatus('incognito', 'Private windows are never captured.', url, at), { capturable: false }))).toBeNull();
    expect(saveOffer(reply(skippedStatus('paused', 'Capture is paused.', url, at), { capturable: false, paused: true }))).toBeNull();
    expect(saveOffer(reply({ state: 'indexed', detail: 'Saved.', url }, { paused: true }))).toBeNull();
    expect(saveOffer(reply(skippedStatus('too-large', 'Page too large to index.', url, at)))).toBeNull();
    expect(saveOffer(reply(skippedStatus('settings', 'Settings could not be read.', url, at)))).toBeNull();
    expect(saveOffer(reply(NOT_YET))).toBeNull();
  });
});
