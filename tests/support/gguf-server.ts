import { createServer } from 'node:http';
import { open, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';

/** A model host on 127.0.0.1 serving GGUF files with sizes, Range requests and a chosen pace. */
export interface GgufServer {
  origin: string;
  /** Every request: path and the Range header it carried. */
  requests: Array<{ path: string; range: string | null }>;
  /** Delay between 1 MiB chunks (ms), changeable while running (0: as fast as possible). */
  chunkDelayMs: number;
  close(): Promise<void>;
}

/** Serves `files` (URL path → file on disk) like a model hub: content-length, etag, 206 for ranges. */
export async function startGgufServer(files: Record<string, string>, options: { chunkDelayMs?: number } = {}): Promise<GgufServer> {
  const requests: GgufServer['requests'] = [];
  const state: GgufServer = { origin: '', requests, chunkDelayMs: options.chunkDelayMs ?? 0, close: async () => undefined };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range ?? null;
    requests.push({ path, range });
    const file = files[path];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    const size = (await stat(file)).size;
    const match = range ? /^bytes=(\d+)-$/.exec(range) : null;
    const start = match ? Number(match[1]) : 0;
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(size - start),
      etag: `"${size}"`,
      'accept-ranges': 'bytes',
      'access-control-allow-origin': '*',
    };
    res.writeHead(match ? 206 : 200, match ? { ...headers, 'content-range': `bytes ${start}-${size - 1}/${size}` } : headers);
    const handle = await open(file);
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      for (let at = start; at < size && !res.destroyed;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, at);
        if (!res.write(chunk.subarray(0, bytesRead))) await new Promise((r) => res.once('drain', r));
        at += bytesRead;
        if (state.chunkDelayMs > 0) await new Promise((r) => setTimeout(r, state.chunkDelayMs));
      }
      res.end();
    } finally {
      await handle.close();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
