import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { launchExtension, requestFromPage, serve, type Extension } from '../tests/e2e/harness';
import { NO_BUILD, scriptArgs } from './args';

const { values: args } = scriptArgs(
  { ...NO_BUILD, squad: { type: 'string', default: '../shared/fixtures/squad/squad-v2-4-articles.json' }, out: { type: 'string', default: 'docs/screenshots' } },
  'npm run screenshot -- [--squad <squad.json>] [--out docs/screenshots] [--no-build]',
);

// Renders the README's and docs' screenshots of the built extension in Debian's headless
// Chromium, each in light and dark (prefers-color-scheme), at side-panel size:
//   first-run-welcome, first-run-popup, first-run-panel: what a fresh profile shows (the
//   onboarding in the tab the install opens, the popup, the side panel);
//   chat: the side panel answering from pages read earlier, the named test engine replying
//   (no model weights can be downloaded where this runs); library; tokens; models.
// Files: <out>/<name>-<light|dark>.png.

const PANEL = { width: 400, height: 700 };
// The popup is as tall as its content (Chrome sizes it so): a short viewport and a full-page shot.
const POPUP = { width: 360, height: 200 };
const THEMES = ['light', 'dark'] as const;

const squad = JSON.parse(readFileSync(args.squad, 'utf8')) as { data: { title: string; paragraphs: { context: string }[] }[] };
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const article = (index: number) => {
  const item = squad.data[index]!;
  const title = item.title.replace(/_/g, ' ');
  return `<!doctype html><html lang="en"><title>${title}</title><article><h1>${title}</h1>${item.paragraphs.map((p) => `<p>${escape(p.context)}</p>`).join('')}</article></html>`;
};

async function shoot(page: Page, name: string, viewport: { width: number; height: number }, ready: (page: Page) => Promise<void>): Promise<void> {
  await page.setViewportSize(viewport);
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    await ready(page);
    const path = `${args.out}/${name}-${colorScheme}.png`;
    await page.screenshot({ path, fullPage: viewport === POPUP });
    console.log(`wrote ${path}`);
  }
}

/** Waits until nothing in the page says it is busy or loading (the views' own signals). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !/Loading…|Connecting…/.test(document.body.innerText), null, {
    timeout: 60_000,
    polling: 200,
  });
}

async function openAt(ext: Extension, pathname: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`chrome-extension://${ext.id}/${pathname}`);
  return page;
}

if (!args['no-build']) execSync('npx wxt build', { stdio: 'ignore' });
await mkdir(args.out, { recursive: true });
const paths = squad.data.slice(0, 4).map((_, i) => `/article-${i}.html`);
const site = await serve(Object.fromEntries(paths.map((path, i) => [path, article(i)])));

// 1. First run: a fresh profile, nothing chosen yet.
const fresh = await launchExtension();
try {
  const welcomeUrl = `chrome-extension://${fresh.id}/welcome.html`;
  for (let i = 0; i < 100 && !fresh.context.pages().some((p) => p.url() === welcomeUrl); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const welcome = fresh.context.pages().find((p) => p.url() === welcomeUrl) ?? (await fresh.openPage('welcome.html'));
  await shoot(welcome, 'first-run-welcome', PANEL, async (page) => {
    await page.getByRole('button', { name: /^Download / }).waitFor({ timeout: 30_000 });
    await settled(page);
  });
  await shoot(await openAt(fresh, 'popup.html', POPUP), 'first-run-popup', POPUP, settled);
  await shoot(await openAt(fresh, 'sidepanel.html', PANEL), 'first-run-panel', PANEL, settled);
} finally {
  await fresh.close();
}

// 2. In use: the named test engine answers; four articles were read.
const ext = await launchExtension();
try {
  await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { dwellMs: 300 } } }));
  const probe = await ext.openPage('popup.html');
  for (const path of paths) {
    const tab = await ext.context.newPage();
    await tab.goto(`${site.origin}${path}`);
    for (let i = 0; i < 150; i++) {
      const { pages } = await requestFromPage<{ pages: { url: string }[] }>(probe, 'library.recent', { limit: 20 });
      if (pages.some((p) => p.url.endsWith(path))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await tab.close();
  }
  await probe.close();

  const chat = await openAt(ext, 'sidepanel.html#chat', PANEL);
  await chat.getByLabel('Your question').fill('Who agreed to swear fealty to King Charles III?');
  await chat.getByRole('button', { name: 'Ask' }).click();
  await chat.getByTestId('answer').first().locator('.citation-ref').first().waitFor({ timeout: 60_000 });
  await chat.getByRole('button', { name: 'Ask' }).waitFor({ timeout: 60_000 });
  await shoot(chat, 'chat', PANEL, settled);
  await chat.close();

  const library = await openAt(ext, 'sidepanel.html#library', PANEL);
  await shoot(library, 'library', PANEL, async (page) => {
    await page.getByText(squad.data[0]!.title.replace(/_/g, ' ')).first().waitFor({ timeout: 30_000 });
    await settled(page);
  });
  await library.close();

  const tokens = await openAt(ext, 'sidepanel.html#tokens', PANEL);
  await tokens.getByLabel('Text to count').fill(squad.data[1]!.paragraphs[0]!.context);
  await shoot(tokens, 'tokens', PANEL, async (page) => {
    await page.getByTestId('token-count').first().waitFor({ timeout: 120_000 });
    await settled(page);
  });
  await tokens.close();

  const models = await openAt(ext, 'sidepanel.html#models', PANEL);
  await shoot(models, 'models', PANEL, settled);
  await models.close();
} finally {
  await ext.close();
  await site.close();
}
