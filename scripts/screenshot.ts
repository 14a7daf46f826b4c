import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { launchExtension, requestFromPage, serve } from '../tests/e2e/harness';
import { NO_BUILD, scriptArgs } from './args';

const { values: args } = scriptArgs(
  { ...NO_BUILD, squad: { type: 'string', default: '../shared/fixtures/squad/squad-v2-4-articles.json' } },
  'npm run screenshot -- [--squad <squad.json>] [--no-build]',
);

// Renders docs/screenshot.png for the README: the side panel answering a
// question from two pages read earlier, with the named test engine replying
// (no model weights can be downloaded where this runs); and docs/first-run.png
// (and -dark): the onboarding a fresh install opens.
const squad = JSON.parse(readFileSync(args.squad, 'utf8')) as {
  data: { title: string; paragraphs: { context: string }[] }[];
};
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const page = (index: number) => {
  const article = squad.data[index]!;
  const title = article.title.replace(/_/g, ' ');
  return `<!doctype html><html lang="en"><title>${title}</title><article><h1>${title}</h1>${article.paragraphs
    .map((p) => `<p>${escape(p.context)}</p>`)
    .join('')}</article></html>`;
};

if (!args['no-build']) execSync('npx wxt build', { stdio: 'ignore' });
const site = await serve({ '/normans.html': page(0), '/steam.html': page(1) });
const ext = await launchExtension();
try {
  await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { dwellMs: 300 } } }));
  const probe = await ext.openPage('popup.html');
  for (const path of ['/normans.html', '/steam.html']) {
    const tab = await ext.context.newPage();
    await tab.goto(`${site.origin}${path}`);
    for (let i = 0; i < 100; i++) {
      const { pages } = await requestFromPage<{ pages: { url: string }[] }>(probe, 'library.recent', { limit: 20 });
      if (pages.some((p) => p.url.endsWith(path))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await tab.close();
  }
  const panel = await ext.openPage('sidepanel.html#chat');
  await panel.setViewportSize({ width: 420, height: 760 });
  await panel.getByLabel('Your question').fill('Who agreed to swear fealty to King Charles III?');
  await panel.getByRole('button', { name: 'Ask' }).click();
  await panel.getByTestId('answer').first().locator('.citation-ref').first().waitFor({ timeout: 30_000 });
  await panel.getByRole('button', { name: 'Ask' }).waitFor();
  await panel.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await ext.close();
  await site.close();
}

// The first run: the onboarding a fresh profile opens on install, at panel size, light and dark.
const fresh = await launchExtension();
try {
  const welcomeUrl = `chrome-extension://${fresh.id}/welcome.html`;
  for (let i = 0; i < 100 && !fresh.context.pages().some((p) => p.url() === welcomeUrl); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const welcome = fresh.context.pages().find((p) => p.url() === welcomeUrl) ?? (await fresh.openPage('welcome.html'));
  await welcome.setViewportSize({ width: 420, height: 760 });
  await welcome.getByRole('button', { name: /^Download / }).waitFor({ timeout: 30_000 });
  for (const scheme of ['light', 'dark'] as const) {
    await welcome.emulateMedia({ colorScheme: scheme });
    const file = scheme === 'light' ? 'docs/first-run.png' : 'docs/first-run-dark.png';
    await welcome.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
} finally {
  await fresh.close();
}
