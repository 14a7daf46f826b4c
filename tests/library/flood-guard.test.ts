import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { ingestPage } from '@/lib/library/ingest';
import { deletePages, enforceBudget, libraryStats, markBurstPages } from '@/lib/library/maintenance';
import { handleCapturedPage, type CaptureFlowDeps } from '@/lib/capture/flow';
import { clearTabStatus, loadTabStatus, type SessionArea } from '@/lib/capture/status';
import { FLOOD_MAX_NEW_PAGES, FLOOD_QUIET_MS, evictionNotice, loadFloodState } from '@/lib/library/flood-guard';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import type { ExtractedPage } from '@/lib/extract/types';

function memorySession(): SessionArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (key) => void data.delete(key),
  };
}

const WORDS = ['river', 'harbour', 'lantern', 'meadow', 'copper', 'violin', 'glacier', 'orchard', 'pepper', 'saddle', 'tunnel', 'whisper'];
/** A page with long text of its own (distinct per page, so each flood version is a new page). */
function article(url: string, title: string, n: number, words = 1500): ExtractedPage {
  const text = Array.from({ length: words }, (_, i) => `${WORDS[(i * 7 + n) % WORDS.length]}${(i * 31 + n * 17) % 97}`).join(' ');
  return { url, canonicalUrl: url, title, text: `${title}. ${text}.`, blocks: [], isArticle: true, wordCount: words, hasPasswordField: false };
}

describe('one tab cannot flood the library (issue 11, item 2)', () => {
  let db: LibraryDb;
  afterEach(async () => {
    db?.close();
    await db?.delete();
  });

  it('20 pages read earlier all remain when a page rewrites itself every 2 s under a small budget', async () => {
    db = openLibraryDb({ name: `flood-${Math.random()}` });
    let clock = 1_700_000_000_000;
    const session = memorySession();
    const deps: CaptureFlowDeps = {
      settings: { ...structuredClone(DEFAULT_SETTINGS.capture), minWords: 1 },
      session,
      ingest: (p) => ingestPage(db, p, { now: () => clock }),
      now: () => clock,
      flood: {
        removePage: async (id) => void (await deletePages(db, [id])),
        markBurst: (ids) => markBurstPages(db, ids),
      },
    };

    // The person's reading: 20 pages on several sites, over a few days, each in its own tab.
    for (let i = 0; i < 20; i++) {
      clock += 3_600_000;
      const url = `https://site${i % 4}.example/read-${i}`;
      expect(await handleCapturedPage(article(url, `Read ${i}`, i), { tabId: 100 + i, incognito: false, url }, deps)).toMatchObject({ state: 'indexed' });
    }
    const earlier = await libraryStats(db);

    // The flood: one tab, pushState to a new URL with new long text every 2 s, 61 s long (31 captures).
    const flooding = 'http://127.0.0.1:8080';
    const outcomes = [];
    for (let i = 0; i < 31; i++) {
      clock += 2000;
      const url = `${flooding}/flood/${i}`;
      outcomes.push(await handleCapturedPage(article(url, `Flood ${i}`, 100 + i), { tabId: 7, incognito: false, url }, deps));
    }
    const floodPages = (await db.pages.toArray()).filter((p) => p.site === '127.0.0.1');
    expect(floodPages.length).toBeLessThanOrEqual(FLOOD_MAX_NEW_PAGES);
    // The newest version is kept (it replaced the earlier same-tab capture), and the person is told.
    expect(floodPages.map((p) => p.title)).toContain('Flood 30');
    expect(outcomes.at(-1)!.detail).toMatch(/keeps turning into new pages .* keeps only its latest version/);
    expect(await loadTabStatus(session, 7)).toMatchObject({ limited: true, url: `${flooding}/flood/30` });

    // A small budget: the earlier reading plus about one page. Eviction takes the flood first.
    const budget = earlier.estimatedBytes + Math.round(earlier.estimatedBytes / 20);
    const evicted = await enforceBudget(db, budget, clock);
    expect(evicted).toBeGreaterThan(0);
    const titles = (await db.pages.toArray()).map((p) => p.title);
    for (let i = 0; i < 20; i++) expect(titles).toContain(`Read ${i}`);
    const { lastEviction } = await libraryStats(db);
    expect(lastEviction).toMatchObject({ pages: evicted, burst: evicted, budgetBytes: budget });
    // The Library view says what the limit did.
    expect(evictionNotice(lastEviction, clock)).toMatch(
      new RegExp(`^To stay within your storage budget \\(\\d+ MB\\), Gleaner removed ${evicted} pages? on .+\\. All of them came from a tab that kept turning into new pages\\.`),
    );
  });

  it('a person reading pages of one site in one tab is not limited; a burst is, until a quiet spell; closing the tab forgets it', async () => {
    db = openLibraryDb({ name: `flood-${Math.random()}` });
    let clock = 1_700_000_000_000;
    const session = memorySession();
    const removed: number[] = [];
    const deps: CaptureFlowDeps = {
      settings: { ...structuredClone(DEFAULT_SETTINGS.capture), minWords: 1 },
      session,
      ingest: (p) => ingestPage(db, p, { now: () => clock }),
      now: () => clock,
      flood: { removePage: async (id) => void removed.push(id), markBurst: async () => undefined },
    };
    const read = async (n: number) => {
      clock += 30_000;
      const url = `https://wiki.example/article-${n}`;
      return handleCapturedPage(article(url, `Article ${n}`, n), { tabId: 3, incognito: false, url }, deps);
    };
    for (let n = 0; n < FLOOD_MAX_NEW_PAGES; n++) expect((await read(n)).detail).not.toMatch(/latest version/);
    expect(removed).toEqual([]);
    // Reading on at a page every 30 s: the window slides, nothing is replaced.
    for (let n = FLOOD_MAX_NEW_PAGES; n < FLOOD_MAX_NEW_PAGES + 6; n++) await read(n);
    expect(removed).toEqual([]);
    expect(await db.pages.count()).toBe(FLOOD_MAX_NEW_PAGES + 6);

    await clearTabStatus(session, 3);
    expect(await loadFloodState(session, 3)).toBeNull();

    // A burst in another tab: past the limit each new version replaces the previous one …
    const burst = async (n: number) => {
      const url = `https://feed.example/item-${n}`;
      return handleCapturedPage(article(url, `Item ${n}`, 200 + n), { tabId: 4, incognito: false, url }, deps);
    };
    for (let n = 0; n < FLOOD_MAX_NEW_PAGES + 2; n++) {
      clock += 2000;
      await burst(n);
    }
    expect(removed).toHaveLength(2);
    // … until the tab has been quiet for a while: then it adds pages normally again.
    clock += FLOOD_QUIET_MS + 1;
    expect((await burst(100)).detail).not.toMatch(/latest version/);
    expect(removed).toHaveLength(2);
  });
});
