import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';

// `npm run dev` opened no browser: WXT starts one only through web-ext, an optional peer
// dependency that was not installed, so WXT fell back to "Load … as an unpacked extension
// manually". Debian names its browsers so that web-ext does not find them: web-ext.config.ts
// names them, only where they exist.

async function webExtConfig(): Promise<{ binaries?: Record<string, string> }> {
  vi.resetModules();
  return (await import('../../web-ext.config')).default as { binaries?: Record<string, string> };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('npm run dev opens a browser', () => {
  it('has web-ext installed, the runner WXT needs to open one', async () => {
    const name = 'web-ext'; // it ships no types: imported by name, as WXT does
    const webExt = (await import(name)) as { default: { cmd: { run: unknown } } };
    expect(typeof webExt.default.cmd.run).toBe('function');
  });

  it.runIf(existsSync('/usr/bin/chromium'))("names Debian's Chromium and Firefox ESR where they are installed", async () => {
    const config = await webExtConfig();
    expect(config.binaries?.chrome).toBe('/usr/bin/chromium');
    if (existsSync('/usr/bin/firefox-esr')) expect(config.binaries?.firefox).toBe('/usr/bin/firefox-esr');
  });

  it('leaves a browser that is not installed to web-ext’s own search', async () => {
    vi.stubEnv('GLEANER_CHROMIUM', '/nonexistent/chromium');
    vi.stubEnv('GLEANER_FIREFOX', '/nonexistent/firefox');
    const config = await webExtConfig();
    expect(config.binaries).toEqual({});
  });
});
