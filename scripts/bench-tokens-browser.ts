import { execSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../tests/e2e/driver/chromium';
import { launchFirefox } from '../tests/e2e/driver/firefox';
import type { Driver } from '../tests/e2e/driver/types';
import { loadTokenizer } from '../lib/tokens/registry';
import { nodeTokenizerFiles } from '../lib/tokens/node-files';
import { realPagesText } from './fixture-pages';

// npm run bench:tokens -- --browser firefox|chromium [--mb 4] [--no-build]
// Token counting throughput in the built extension: the counter worker the Tokens view
// starts (its bundled module, with the tokenizer files the extension ships), in a
// Tokens view page of Firefox ESR or Chromium, on the same real article text as the
// Node run of `npm run bench:tokens`. One count per tokenizer after a warm-up (the
// tokenizer's files loaded and compiled), timed in the page from the request to the
// worker's `done`; the count must equal Node's (the script aborts otherwise).

const TOKENIZERS = ['gpt-4o', 'gpt-4', 'llama-3', 'qwen3'];

/** The options `npm run bench:tokens -- --browser …` parsed (scripts/args.ts). */
export async function benchTokensInBrowser(options: { browser: string; mb: number; pages: string; build: boolean }): Promise<void> {
  const browserName = options.browser;
  if (browserName !== 'chromium' && browserName !== 'firefox') throw new Error('--browser is chromium or firefox');
  const targetMB = options.mb;
  const pages = realPagesText(options.pages);
  let text = pages;
  while (Buffer.byteLength(text) < targetMB * 1e6) text += `\n${pages}`;
  const mb = Buffer.byteLength(text) / 1e6;

  const outDir = browserName === 'firefox' ? '.output/firefox-mv3' : '.output/chrome-mv3';
  if (options.build) execSync(browserName === 'firefox' ? 'npx wxt build -b firefox' : 'npx wxt build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const workerFile = readdirSync(path.join(outDir, 'assets')).find((name) => /^worker-.*\.js$/.test(name));
  if (!workerFile) throw new Error(`no counter worker in ${outDir}/assets`);

  const d: Driver = browserName === 'firefox' ? await launchFirefox() : await launchChromium();
  const rows: Array<{ tokenizer: string; tokens: number; MBps: number; seconds: number }> = [];
  try {
    const page = await d.openExtensionPage('sidepanel.html#tokens');
    await page.evaluate((t) => void ((globalThis as unknown as { benchText: string }).benchText = t), text);
    for (const tokenizer of TOKENIZERS) {
      const count = (sample: boolean) =>
        page.evaluate(
          ([file, tok, small]) =>
            new Promise<{ tokens: number; ms: number }>((resolve, reject) => {
              const worker = ((globalThis as unknown as { benchWorker?: Worker }).benchWorker ??= new Worker(`/assets/${file}`, { type: 'module' }));
              const body = small ? 'warm up the tokenizer' : (globalThis as unknown as { benchText: string }).benchText;
              const requestId = Math.floor(Math.random() * 1e9);
              let tokens = -1;
              const started = performance.now();
              const onMessage = (event: MessageEvent) => {
                const reply = event.data as { type: string; requestId: number; count?: { tokens: number }; message?: string };
                if (reply.requestId !== requestId) return;
                if (reply.type === 'result') tokens = reply.count!.tokens;
                if (reply.type === 'error') reject(new Error(reply.message));
                if (reply.type === 'done') {
                  worker.removeEventListener('message', onMessage);
                  resolve({ tokens, ms: performance.now() - started });
                }
              };
              worker.addEventListener('message', onMessage);
              worker.postMessage({ type: 'count', requestId, text: body, tokenizers: [tok], template: false, maxShownTokens: 0 });
            }),
          [workerFile, tokenizer, sample] as const,
        );
      await count(true);
      const { tokens, ms } = await count(false);
      const expected = (await loadTokenizer(tokenizer, nodeTokenizerFiles)).count(text);
      if (tokens !== expected) throw new Error(`${tokenizer}: ${browserName} counted ${tokens}, Node ${expected}`);
      rows.push({ tokenizer, tokens, MBps: +(mb / (ms / 1000)).toFixed(2), seconds: +(ms / 1000).toFixed(2) });
      process.stderr.write(`${tokenizer}: ${rows.at(-1)!.MBps} MB/s\n`);
    }
  } finally {
    await d.close();
  }
  console.log(`Text: ${mb.toFixed(2)} MB (UTF-8) of real article text; ${browserName}, the extension's counter worker`);
  console.log('| tokenizer | tokens | MB/s | seconds |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.tokenizer} | ${r.tokens.toLocaleString('en-US')} | ${r.MBps} | ${r.seconds} |`);
  console.log(JSON.stringify({ date: new Date().toISOString(), browser: browserName, mb: +mb.toFixed(2), rows }));
}
