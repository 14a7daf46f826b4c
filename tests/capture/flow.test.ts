import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCapturedPage, type CaptureFlowDeps } from '@/lib/capture/flow';
import { loadTabStatus, type SessionArea } from '@/lib/capture/status';
import { openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { ingestPage } from '@/lib/library/ingest';
import { extractPage } from '@/lib/extract/extract-page';
import { validateExtractedPage } from '@/lib/extract/validate-page';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { FIXTURE_URL, sourceDocument } from '../extract/fixture-pages';

/** storage.session's semantics over a Map (the real area only exists in the browser; e2e covers it). */
function memorySession(): SessionArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (key) => void data.delete(key),
  };
}

const PAGE_URL = 'https://blog.example.com/test/page.html';

describe('handleCapturedPage with the real ingest on IndexedDB', () => {
  let db: LibraryDb;
  let deps: CaptureFlowDeps & { session: ReturnType<typeof memorySession>; settings: Settings['capture'] };
  let name: string;

  beforeEach(() => {
    name = `capture-flow-${Math.random()}`;
    db = openLibraryDb({ name });
    deps = {
      settings: structuredClone(DEFAULT_SETTINGS.capture),
      session: memorySession(),
      ingest: (page) => ingestPage(db, page),
      now: () => 1_700_000_000_000,
    };
  });
  afterEach(async () => {
    db.close();
    indexedDB.deleteDatabase(name);
  });

  // The message a content script sends, after the background's validation.
  const captured = (fixture = '001') => validateExtractedPage(JSON.parse(JSON.stringify(extractPage(sourceDocument(fixture), PAGE_URL))));

  it('stores a real article and records "indexed" for the tab, then "unchanged" on a revisit', async () => {
    const page = captured();
    const first = await handleCapturedPage(page, { tabId: 7, incognito: false, url: PAGE_URL }, deps);
    expect(first).toMatchObject({ outcome: 'stored', state: 'indexed' });
    expect(await db.table('pages').count()).toBe(1);
    const status = await loadTabStatus(deps.session, 7);
    expect(status).toMatchObject({ state: 'indexed', url: PAGE_URL, title: page.title });
    expect(typeof status.pageId).toBe('number');

    const again = await handleCapturedPage(page, { tabId: 7, incognito: false, url: PAGE_URL }, deps);
    expect(again).toMatchObject({ outcome: 'stored', state: 'unchanged' });
    expect(await db.table('pages').count()).toBe(1);
  });

  it('skips a page with a password field and stores nothing', async () => {
    const page = { ...captured(), hasPasswordField: true };
    const outcome = await handleCapturedPage(page, { tabId: 3, incognito: false }, deps);
    expect(outcome).toMatchObject({ outcome: 'skipped', state: 'skipped' });
    expect(await loadTabStatus(deps.session, 3)).toMatchObject({ state: 'skipped', reason: 'password' });
    expect(await db.table('pages').count()).toBe(0);
  });

  it('records paused and excluded as their own states', async () => {
    await handleCapturedPage(captured(), { tabId: 1, incognito: false }, { ...deps, settings: { ...deps.settings, paused: true } });
    expect(await loadTabStatus(deps.session, 1)).toMatchObject({ state: 'paused' });
    await handleCapturedPage(captured(), { tabId: 2, incognito: false }, { ...deps, settings: { ...deps.settings, excludedSites: ['example.com'] } });
    expect(await loadTabStatus(deps.session, 2)).toMatchObject({ state: 'excluded', reason: 'excluded' });
    expect(await db.table('pages').count()).toBe(0);
  });

  it('"Save this page" saves a paused, excluded or sensitive page once, through the same path, and says so', async () => {
    const paused = await handleCapturedPage(captured(), { tabId: 1, incognito: false }, { ...deps, settings: { ...deps.settings, paused: true } }, { saveAnyway: true });
    expect(paused).toEqual({ outcome: 'stored', state: 'indexed', detail: 'Saved once, as you asked; capture stays paused.' });
    expect(await loadTabStatus(deps.session, 1)).toMatchObject({ state: 'indexed', detail: 'Saved once, as you asked; capture stays paused.' });
    expect(await db.table('pages').count()).toBe(1);

    const other = validateExtractedPage(JSON.parse(JSON.stringify(extractPage(sourceDocument('bbc-1'), 'https://blog.example.com/test/other.html'))));
    const excluded = await handleCapturedPage(
      other,
      { tabId: 2, incognito: false },
      { ...deps, settings: { ...deps.settings, excludedSites: ['example.com'] } },
      { saveAnyway: true },
    );
    expect(excluded).toMatchObject({ outcome: 'stored', state: 'indexed', detail: 'Saved once, as you asked; blog.example.com stays excluded.' });
    const login = {
      ...validateExtractedPage(JSON.parse(JSON.stringify(extractPage(sourceDocument('ars-1'), 'https://blog.example.com/test/login.html')))),
      hasPasswordField: true,
    };
    await expect(handleCapturedPage(login, { tabId: 3, incognito: false }, deps, { saveAnyway: true })).resolves.toMatchObject({ outcome: 'stored' });
    expect(await db.table('pages').count()).toBe(3);
    // Without the request nothing changed: the next paused capture is skipped again.
    await expect(handleCapturedPage(captured(), { tabId: 1, incognito: false }, { ...deps, settings: { ...deps.settings, paused: true } })).resolves.toMatchObject({
      outcome: 'skipped',
    });
  });

  it('"Save this page" never saves a private window\'s page, nor past a limit or unreadable settings', async () => {
    await expect(handleCapturedPage(captured(), { tabId: 4, incognito: true }, deps, { saveAnyway: true })).resolves.toMatchObject({ outcome: 'skipped', state: 'skipped' });
    expect(await loadTabStatus(deps.session, 4)).toMatchObject({ reason: 'incognito' });
    await expect(handleCapturedPage(captured(), { tabId: 5, incognito: false }, { ...deps, settings: null }, { saveAnyway: true })).resolves.toMatchObject({ outcome: 'skipped' });
    const pdfImage = { ...captured(), contentType: 'image/png' };
    await expect(handleCapturedPage(pdfImage, { tabId: 6, incognito: false }, deps, { saveAnyway: true })).resolves.toMatchObject({ outcome: 'skipped' });
    expect(await db.table('pages').count()).toBe(0);
  });

  it('captures nothing when the capture settings could not be read (fail closed, issue 11 item 10)', async () => {
    const outcome = await handleCapturedPage(captured(), { tabId: 5, incognito: false }, { ...deps, settings: null });
    expect(outcome).toMatchObject({ outcome: 'skipped', state: 'skipped' });
    expect(await loadTabStatus(deps.session, 5)).toMatchObject({ reason: 'settings', detail: expect.stringContaining('could not read your capture settings') });
    expect(await db.table('pages').count()).toBe(0);
  });

  it('refuses a page that claims another origin than its sender', async () => {
    await expect(handleCapturedPage(captured(), { tabId: 1, incognito: false, url: 'https://evil.example.org/' }, deps)).rejects.toThrow(/does not belong/);
  });

  it("refuses a capture whose canonical URL names another origin, and the other site's page stays (issue 11 item 4)", async () => {
    // The stored page of another site, read earlier.
    const seed = { ...captured(), url: 'https://seed.example/0', canonicalUrl: 'https://seed.example/0', title: 'Seed page' };
    await handleCapturedPage(validateExtractedPage(seed), { tabId: 1, incognito: false, url: seed.url }, deps);
    const before = await db.table('pages').toArray();
    expect(before.map((p: { url: string; title: string }) => [p.url, p.title])).toEqual([['https://seed.example/0', 'Seed page']]);

    // A forged capture from a page on 127.0.0.1 that names the seed's URL as its canonical one.
    const attacker = 'http://127.0.0.1:8080/x.html';
    const forged = JSON.parse(JSON.stringify({ ...captured('yahoo-4'), url: attacker, canonicalUrl: 'https://seed.example/0', title: 'Poison' }));
    const receive = async () => handleCapturedPage(validateExtractedPage(forged), { tabId: 2, incognito: false, url: attacker }, deps);
    await expect(receive()).rejects.toThrow(/canonicalUrl: must be on the page's own origin/);
    // A subdomain may not claim its parent either.
    const sub = { ...forged, url: 'https://news.seed.example/1', canonicalUrl: 'https://seed.example/0' };
    expect(() => validateExtractedPage(sub)).toThrow(/canonicalUrl/);
    expect(await db.table('pages').toArray()).toEqual(before);
  });

  it('reports a failed write in words and keeps going', async () => {
    const outcome = await handleCapturedPage(captured(), { tabId: 9, incognito: false }, { ...deps, ingest: async () => Promise.reject(new Error('QuotaExceededError')) });
    expect(outcome).toEqual({
      outcome: 'failed',
      state: 'failed',
      detail: 'The disk is full, so this page could not be saved. The pages already in your library are kept. Free some disk space; saving resumes by itself.',
    });
  });

  it('a page in a script without spaces goes through whole', async () => {
    const page = captured('yahoo-4');
    expect(await handleCapturedPage(page, { tabId: 4, incognito: false }, deps)).toMatchObject({ state: 'indexed' });
    const stored = (await db.table('pages').toArray())[0] as { title: string };
    expect(stored.title).toBe(page.title);
  });
});

describe('validateExtractedPage', () => {
  const good = () => JSON.parse(JSON.stringify(extractPage(sourceDocument('001'), FIXTURE_URL)));

  it('accepts a real extraction unchanged', () => {
    const page = good();
    expect(validateExtractedPage(page)).toEqual(page);
  });

  it.each([
    ['a non-object', () => 'page', /expected an object/],
    ['a javascript: URL', () => ({ ...good(), url: 'javascript:alert(1)' }), /url/],
    ['text that is not a string', () => ({ ...good(), text: 42 }), /text/],
    ['a block past the end of the text', () => ({ ...good(), blocks: [{ kind: 'paragraph', start: 0, end: 10 ** 9 }] }), /blocks\[0\]\.end/],
    ['an unknown block kind', () => ({ ...good(), blocks: [{ kind: 'script', start: 0, end: 1 }] }), /kind/],
    ['a heading without level', () => ({ ...good(), blocks: [{ kind: 'heading', start: 0, end: 1 }] }), /level/],
    ['a huge title', () => ({ ...good(), title: 'x'.repeat(10_000) }), /title: too long/],
    ['a non-boolean flag', () => ({ ...good(), hasPasswordField: 'no' }), /hasPasswordField/],
  ])('rejects %s with a clear message', (_what, make, message) => {
    expect(() => validateExtractedPage(make())).toThrow(message);
  });
});
