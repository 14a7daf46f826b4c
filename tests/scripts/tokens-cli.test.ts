import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles, nodeTokenizerPath } from '@/lib/tokens/node-files';
import { chatTemplateFor, encodeWithTemplate } from '@/lib/tokens/chat-template';
import { realPagesText } from '../../scripts/fixture-pages';
import { readabilityPagesDir } from '../support/fixtures';

// `npm run tokens` spawned as a user runs it (tsx), checked against the library.

const text = realPagesText(readabilityPagesDir, 6);
const dir = mkdtempSync(path.join(tmpdir(), 'gleaner-tokens-'));
const file = path.join(dir, 'pages.txt');
writeFileSync(file, text);

function run(args: string[], input?: string) {
  const result = spawnSync('npx', ['tsx', 'scripts/tokens.ts', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

// Each test starts the CLI in a new Node process (tsx compiles it first): slow on a busy two-core machine.
describe('npm run tokens', { timeout: 120_000 }, () => {
  it('prints the count and the ids of a file', async () => {
    const llama = await loadTokenizer('llama-3', nodeTokenizerFiles);
    const { code, out } = run(['--tokenizer', 'llama-3', '--ids', file]);
    expect(code).toBe(0);
    const [count, ids] = out.trim().split('\n');
    expect(JSON.parse(ids!)).toEqual(llama.encode(text));
    expect(Number(count)).toBe(llama.count(text));
  });

  it('reads standard input, for a tokenizer.json path and with --template', async () => {
    const qwen = await loadTokenizer('qwen3', nodeTokenizerFiles);
    const plain = run(['--tokenizer', nodeTokenizerPath('qwen')], 'Hello, world');
    expect(plain.out.trim()).toBe(String(qwen.count('Hello, world')));
    const gpt4o = await loadTokenizer('gpt-4o', nodeTokenizerFiles);
    const templated = run(['--tokenizer', 'gpt-4o', '--template'], 'Hello, world');
    expect(templated.out.trim()).toBe(String(encodeWithTemplate(gpt4o, chatTemplateFor(gpt4o)!, 'Hello, world').length));
  });

  it('explains bad input with a non-zero exit code', () => {
    const unknown = run(['--tokenizer', 'llama-9', file]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Unknown tokenizer "llama-9"/);
    const missing = run([file]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Missing --tokenizer/);
  });
});
