import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGgufServer, type GgufServer } from './gguf-server';

/** Writes one model file at `file`; `sibling(name)` is the path of a file written before it (a damaged copy reads its original). */
export type GgufWriter = (file: string, sibling: (name: string) => string) => Promise<unknown>;

/** A test file's model host: its server (from `beforeAll` on) and the link to each of its files. */
export interface GgufFixture {
  readonly server: GgufServer;
  /** The http link of one of the fixture's files (`/models/<name>`). */
  url(name: string): string;
}

/**
 * Synthetic GGUF files written at test time into a temp folder and served from 127.0.0.1 at
 * `/models/<name>` for the whole test file (or describe block) it is called in: written and
 * started in `beforeAll` (in the order given), stopped and removed in `afterAll`. Call it at
 * the top level of the file or block; the server is there once the tests run.
 */
export function withGgufServer(files: Record<string, GgufWriter>, options: { chunkDelayMs?: number } = {}): GgufFixture {
  let dir: string | null = null;
  let server: GgufServer | null = null;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gleaner-gguf-'));
    const sibling = (name: string) => path.join(dir!, name);
    const served: Record<string, string> = {};
    for (const [name, write] of Object.entries(files)) {
      await write(sibling(name), sibling);
      served[`/models/${name}`] = sibling(name);
    }
    server = await startGgufServer(served, options);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const started = () => {
    if (!server) throw new Error('withGgufServer: the model host starts in beforeAll; use it inside a test or a later hook');
    return server;
  };
  return {
    get server() {
      return started();
    },
    url: (name) => `${started().origin}/models/${name}`,
  };
}
