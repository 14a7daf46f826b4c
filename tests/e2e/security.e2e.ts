/**
 * Issue 11 in the built extension (see docs/security.md): what a web page and
 * a content-script world may not do.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, EXTENSION_DIR, launchExtension, requestFromPage, serve, type Extension, type StaticServer } from './harness';
import type { CaptureStatusReply } from '@/lib/capture/status';
import { readabilityPagesDir } from '../support/fixtures';

// Real saved pages (Mozilla Readability's test pages, Apache-2.0: tests/fixtures/readability-pages/LICENSE.md).
const PAGES = readabilityPagesDir;
const ARS = path.join(PAGES, 'ars-1/source.html');
const ARTICLE = readFileSync(path.join(PAGES, '001/source.html'), 'utf8');
/** The real article with `extra` HTML at the end of its body. */
const articleWith = (extra: string) => ARTICLE.replace(/<\/body>/i, `${extra}</body>`);
const PASSWORD = '<input type="password" name="p">';
const DWELL_MS = 400;

/** What happened to an engine Port request: its first reply frame, or the Port being closed on it. */
type PortOutcome = { kind: 'reply'; frame: { kind: string } } | { kind: 'disconnected' } | { kind: 'silent' };

describe('security of the built extension (issue 11)', () => {
  let ext: Extension;
  let site: StaticServer;
  let frames: StaticServer;
  let popup: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    frames = await serve({
      '/login-frame.html': `<!doctype html><title>Sign in</title><form><input name="u">${PASSWORD}</form>`,
      '/plain-frame.html': '<!doctype html><title>Widget</title><p>A widget without a form.</p>',
    });
    site = await serve({
      '/article.html': '<!doctype html><title>Ordinary page</title><h1>Hello</h1><p>Some text.</p>',
      '/ars.html': `file:${ARS}`,
      '/hidden-password.html': articleWith(`<form style="display:none"><input name="u">${PASSWORD}</form>`),
      '/open-shadow.html': articleWith(
        `<div id="host"></div><script>document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<form>${PASSWORD}</form>';</script>`,
      ),
      '/closed-shadow.html': articleWith(
        `<div id="host"></div><script>document.getElementById('host').attachShadow({ mode: 'closed' }).innerHTML = '<form>${PASSWORD}</form>';</script>`,
      ),
      '/same-origin-frame.html': articleWith(`<iframe srcdoc='<form>${PASSWORD}</form>'></iframe>`),
      '/cross-origin-frame.html': articleWith(`<iframe src="${frames.origin}/login-frame.html" width="400" height="200"></iframe>`),
      '/ad-frames.html': articleWith(
        `<iframe sandbox srcdoc="<p>An ad</p>"></iframe><iframe src="data:text/html,<p>Data frame</p>"></iframe><iframe src="about:blank"></iframe><iframe src="${frames.origin}/plain-frame.html"></iframe>`,
      ),
      // Inline SVG and MathML: chrome.dom.openOrClosedShadowRoot throws on non-HTML elements (41 of 130 saved pages failed to capture).
      '/svg.html': articleWith('<svg width="20" height="20"><circle cx="10" cy="10" r="8"/></svg><math><mi>x</mi></math>'),
      '/en/login': articleWith(''),
      '/account/signin': articleWith(''),
      '/u/0/checkout': articleWith(''),
    });
    // A short dwell through the real settings storage.
    await ext.worker.evaluate((dwellMs) => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs } } }), DWELL_MS);
    popup = await ext.openPage('popup.html');
    // Start the engine host (the offscreen document) so the Port has someone to reach.
    await requestFromPage(popup, 'core.hostPing', { from: 'popup' });
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
    await frames?.close();
  });

  /** Connects the engine Port and sends `status`; runs in whichever world it is given to. */
  const askEngineStatus = () =>
    new Promise<PortOutcome>((resolve) => {
      const port = chrome.runtime.connect({ name: 'engine' });
      port.onMessage.addListener((frame) => resolve({ kind: 'reply', frame }));
      port.onDisconnect.addListener(() => resolve({ kind: 'disconnected' }));
      port.postMessage({ id: 'probe-1', kind: 'request', method: 'status', params: {} });
      setTimeout(() => resolve({ kind: 'silent' }), 10_000);
    });

  it('item 3: serves the engine Port to an extension page', async () => {
    const outcome = await popup.evaluate(askEngineStatus);
    expect(outcome).toMatchObject({ kind: 'reply', frame: { kind: 'done' } });
  });

  it('item 3: refuses the engine Port to a content script on an http page (127.0.0.1)', async () => {
    const page = await ext.context.newPage();
    const url = `${site.origin}/article.html`;
    await page.goto(url);
    // Gleaner's own content-script world of that tab (ISOLATED), as a compromised content script would be.
    // (The probe is written out again: the worker's CSP forbids building a function from text.)
    const outcome = await ext.worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      const [injected] = await chrome.scripting.executeScript({
        target: { tabId: tab!.id! },
        world: 'ISOLATED',
        func: () =>
          new Promise((resolve) => {
            const port = chrome.runtime.connect({ name: 'engine' });
            port.onMessage.addListener((frame) => resolve({ kind: 'reply', frame }));
            port.onDisconnect.addListener(() => resolve({ kind: 'disconnected' }));
            port.postMessage({ id: 'probe-1', kind: 'request', method: 'status', params: {} });
            setTimeout(() => resolve({ kind: 'silent' }), 10_000);
          }),
      });
      return injected?.result;
    }, url);
    expect(outcome).toEqual({ kind: 'disconnected' });
    await page.close();
  });

  it('item 4: refuses a capture from 127.0.0.1 that names another site as its canonical URL', async () => {
    const page = await ext.context.newPage();
    const url = `${site.origin}/article.html`;
    await page.goto(url);
    const text = 'Ordinary words of a forged page. '.repeat(60);
    const forged = { url, canonicalUrl: 'https://seed.example/0', title: 'Poison', text, blocks: [], isArticle: true, wordCount: 360, hasPasswordField: false };
    const reply = await ext.worker.evaluate(
      async ([url, forged]) => {
        const [tab] = await chrome.tabs.query({ url });
        const [injected] = await chrome.scripting.executeScript({
          target: { tabId: tab!.id! },
          world: 'ISOLATED',
          args: [forged],
          func: (page) => chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'content.capture', data: { page } }),
        });
        return injected?.result;
      },
      [url, forged] as const,
    );
    expect(reply).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringContaining('canonicalUrl') } });
    const { pages } = await requestFromPage<{ pages: { url: string }[] }>(popup, 'library.recent', { limit: 50 });
    expect(pages.map((p) => p.url)).not.toContain('https://seed.example/0');
    await page.close();
  });

  it('item 10: settings changes sent at once from two extension pages all stay', async () => {
    const panel = await ext.openPage('sidepanel.html#settings');
    const sites = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}${i}.example`);
    const exclude = (page: Page, list: string[]) =>
      page.evaluate(
        (list) => Promise.all(list.map((site) => chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'capture.excludeSite', data: { site, excluded: true } }))),
        list,
      );
    await Promise.all([exclude(popup, sites('popup')), exclude(panel, sites('panel'))]);
    const stored = await ext.worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings as { capture: { excludedSites: string[] } });
    expect([...stored.capture.excludedSites].sort()).toEqual([...sites('popup'), ...sites('panel')].sort());
    await panel.close();
  });

  /** Opens a served page, waits until the capture policy has decided on it, and returns that decision. */
  async function captureOutcome(pathname: string) {
    const page = await ext.context.newPage();
    const url = `${site.origin}${pathname}`;
    await page.goto(url);
    await page.bringToFront();
    const tabId = await ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, url);
    let status: CaptureStatusReply['status'] | undefined;
    await expect
      .poll(
        async () => {
          status = (await requestFromPage<CaptureStatusReply>(popup, 'capture.status', { tabId })).status;
          return status.state;
        },
        { timeout: 30_000 },
      )
      .toMatch(/^(indexed|updated|unchanged|skipped|excluded|paused|failed)$/);
    await page.close();
    return status!;
  }

  it('item 5: captures the real Ars Technica article although its site header hides a sign-in box', async () => {
    expect(await captureOutcome('/ars.html')).toMatchObject({ state: 'indexed' });
  });

  it('item 5: captures an article with inline SVG and MathML (the shadow-root probe only asks HTML elements)', async () => {
    expect(await captureOutcome('/svg.html')).toMatchObject({ state: 'indexed' });
  });

  it('item 5: captures an article whose password field is not shown', async () => {
    expect(await captureOutcome('/hidden-password.html')).toMatchObject({ state: 'indexed' });
  });

  it('item 5: captures an article with sandboxed, data:, blank and cross-origin frames that show no password field', async () => {
    expect(await captureOutcome('/ad-frames.html')).toMatchObject({ state: 'indexed' });
  });

  it.each(['/open-shadow.html', '/closed-shadow.html', '/same-origin-frame.html', '/cross-origin-frame.html'])(
    'item 5: skips an article with a password field in %s',
    async (pathname) => {
      expect(await captureOutcome(pathname)).toMatchObject({ state: 'skipped', reason: 'password' });
    },
  );

  it.each(['/en/login', '/account/signin', '/u/0/checkout'])('item 5: skips the sensitive path %s', async (pathname) => {
    expect(await captureOutcome(pathname)).toMatchObject({ state: 'skipped', reason: 'sensitive' });
  });
});

describe('private windows in the built extension (issue 11 item 6)', () => {
  let context: BrowserContext;
  let views: Page;
  let site: StaticServer;
  let userDataDir: string;
  const ARTICLE_TITLE = 'Get your Frontend JavaScript Code Covered | Code';

  beforeAll(async () => {
    site = await serve({ '/private.html': ARTICLE, '/public.html': ARTICLE });
    userDataDir = await mkdtemp(path.join(tmpdir(), 'gleaner-e2e-incognito-'));
    // The person allowed Gleaner in incognito: the extension is loaded through CDP with that
    // permission (the command-line --load-extension cannot grant it).
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--enable-unsafe-extension-debugging',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-sandbox',
      ],
    });
    const cdp = await context.browser()!.newBrowserCDPSession();
    const { id } = (await cdp.send('Extensions.loadUnpacked' as never, { path: EXTENSION_DIR, enableInIncognito: true } as never)) as { id: string };
    views = await context.newPage();
    await views.goto(`chrome-extension://${id}/popup.html`);
    await views.evaluate((dwellMs) => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs } } }), DWELL_MS);
  });
  afterAll(async () => {
    await context?.close();
    await site?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  const draftAbout = (url: string, title: string) => ({
    title: 'What is this page about?',
    scope: { kind: 'page', url, title },
    createdAt: Date.now(),
    updatedAt: Date.now(),
    turns: [
      { question: 'What is this page about?', answer: 'Code coverage.', sources: [{ id: 1, title, url, passage: 'Code coverage of frontend JavaScript.' }], askedAt: Date.now() },
    ],
  });

  it('reads a private tab on demand, but neither captures it nor saves a conversation about it', async () => {
    const url = `${site.origin}/private.html`;
    const tabId = await views.evaluate(async (url) => {
      const window = await chrome.windows.create({ incognito: true, url });
      return window!.tabs![0]!.id!;
    }, url);
    const tab = await views.evaluate((tabId) => chrome.tabs.get(tabId), tabId);
    expect(tab.incognito).toBe(true);

    // On-demand reading works (the person asked for it) ...
    await expect
      .poll(
        () =>
          requestFromPage<{ title: string }>(views, 'answers.readTab', { tabId }).then(
            (p) => p.title,
            () => '',
          ),
        { timeout: 30_000 },
      )
      .toBe(ARTICLE_TITLE);
    // ... but the conversation about it is refused by the background, whatever the view sends.
    await expect(requestFromPage(views, 'answers.saveConversation', draftAbout(url, ARTICLE_TITLE))).rejects.toThrow(/Private window: nothing from this tab is saved/);
    await expect(requestFromPage(views, 'answers.listConversations', {})).resolves.toEqual([]);

    // Automatic capture refuses the private tab: after several dwell periods the library has nothing of it.
    await views.waitForTimeout(DWELL_MS * 6);
    const { pages } = await requestFromPage<{ pages: { url: string }[] }>(views, 'library.recent', { limit: 50 });
    expect(pages.map((p) => p.url)).not.toContain(url);
  });

  it('the real side panel of a private window answers about its tab and says the conversation is not saved', async () => {
    await views.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { dwellMs: 400 } } }));
    const windowId = await views.evaluate(async (url) => (await chrome.windows.create({ incognito: true, url }))!.id!, `${site.origin}/private.html`);
    // sidePanel.open needs a user gesture: an evaluate in an extension page counts.
    await views.evaluate((windowId) => chrome.sidePanel.open({ windowId }), windowId);
    const panel = await attachToSidePanel();
    await expect.poll(() => panel.evaluate(`!!document.querySelector('textarea#question')`), { timeout: 20_000 }).toBe(true);
    await panel.evaluate(`(() => {
      document.querySelector('input[name="scope"][value="page"]').click();
      const box = document.querySelector('textarea#question');
      box.value = 'What is this page about?';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    await expect.poll(() => panel.evaluate(`!document.querySelector('form.ask button[type="submit"]').disabled`)).toBe(true);
    await panel.evaluate(`document.querySelector('form.ask button[type="submit"]').click()`);
    await expect
      .poll(() => panel.evaluate(`document.querySelector('[data-testid="private-note"]')?.textContent ?? document.querySelector('.chat-view [role="alert"]')?.textContent ?? ''`), {
        timeout: 60_000,
      })
      .toBe('Private window: nothing from this tab is saved. This conversation is kept only while the panel is open.');
    await expect(requestFromPage(views, 'answers.listConversations', {})).resolves.toEqual([]);
    await panel.detach();
  });

  /** The real side panel is not a Playwright page: reach it over CDP (Target.attachToTarget) and evaluate there. */
  async function attachToSidePanel() {
    const cdp = await context.browser()!.newBrowserCDPSession();
    let targetId: string | undefined;
    await expect
      .poll(async () => {
        const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; url: string; type: string }[] };
        targetId = targetInfos.find((t) => t.type === 'page' && t.url.endsWith('/sidepanel.html'))?.targetId;
        return targetId !== undefined;
      })
      .toBe(true);
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: targetId!, flatten: false })) as { sessionId: string };
    let nextId = 1;
    const waiting = new Map<number, (reply: { result?: { result?: { value?: unknown } }; error?: unknown }) => void>();
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const reply = JSON.parse(event.message) as { id?: number; result?: { result?: { value?: unknown } }; error?: unknown };
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
    });
    return {
      async evaluate(expression: string): Promise<unknown> {
        const id = nextId++;
        const reply = new Promise<{ result?: { result?: { value?: unknown } }; error?: unknown }>((resolve) => waiting.set(id, resolve));
        await cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true } }),
        });
        const { result, error } = await reply;
        if (error) throw new Error(JSON.stringify(error));
        return result?.result?.value;
      },
      detach: () => cdp.detach(),
    };
  }

  it('still saves a conversation about an ordinary tab', async () => {
    const url = `${site.origin}/public.html`;
    const page = await context.newPage();
    await page.goto(url);
    const tabId = await views.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]!.id!, url);
    await requestFromPage(views, 'answers.readTab', { tabId });
    await expect(requestFromPage<{ id: number }>(views, 'answers.saveConversation', draftAbout(url, ARTICLE_TITLE))).resolves.toMatchObject({ id: expect.any(Number) });
    await page.close();
  });
});
