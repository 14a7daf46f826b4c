import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedMetadata, fixturePath, goldText } from './fixture-pages';
import { wordF1 } from '@/lib/extract/word-f1';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('scripts/extract.ts');

/** Runs `npm run extract -- …` the way other tools do (tsx on the script), returning stdout, stderr and the exit code. */
async function extractCli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('npm run extract', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gleaner-extract-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the extraction of a saved page as one JSON object', async () => {
    const { stdout, code } = await extractCli(fixturePath('lemonde-1'), '--url', 'http://fakehost/test/page.html');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['title', 'byline', 'siteName', 'lang', 'publishedTime', 'text']);
    const expected = expectedMetadata('lemonde-1');
    expect(out).toMatchObject({ title: expected.title, byline: expected.byline, lang: expected.lang });
    expect(wordF1(out.text, goldText('lemonde-1')).f1).toBeGreaterThan(0.97);
  });

  it('runs a batch in order, keeps going past broken inputs, and marks them with error', async () => {
    const garbage = path.join(dir, 'garbage.html');
    await writeFile(garbage, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0x10]));
    const list = path.join(dir, 'list.jsonl');
    const lines = [
      { file: fixturePath('001'), url: 'http://fakehost/test/page.html' },
      { file: path.join(dir, 'missing.html'), url: 'https://example.com/' },
      { file: garbage, url: 'https://example.com/g' },
      { file: fixturePath('yahoo-4'), url: 'http://fakehost/test/page.html' },
    ];
    await writeFile(list, lines.map((l) => JSON.stringify(l)).join('\n') + '\nnot json\n');
    const { stdout, code } = await extractCli('--batch', list);
    expect(code).toBe(0);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.file)).toEqual([...lines.map((l) => l.file), null]);
    expect(out[0]).toMatchObject({ title: expectedMetadata('001').title });
    expect(out[1].error).toMatch(/ENOENT|no such file/);
    expect(out[2].error).toMatch(/not an HTML page/);
    expect(out[3]).toMatchObject({ title: expectedMetadata('yahoo-4').title, lang: 'ja' });
    expect(out[4].error).toMatch(/not JSON/);
  });

  it('fails with a clear message for a missing file and for bad arguments', async () => {
    const missing = await extractCli(path.join(dir, 'nope.html'), '--url', 'https://example.com/');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot extract .*nope\.html/);
    const bad = await extractCli('--url');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage/);
  });
});
