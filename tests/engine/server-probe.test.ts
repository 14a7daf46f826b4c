import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_SERVER_PORTS, probeLocalServers } from '@/lib/engine/server-probe';
import { startOpenAISseServer, type OpenAISseServer } from '../support/openai-sse-server';

/** A real HTTP server on 127.0.0.1 (port 0); `handler` answers its requests. */
async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let ollama: OpenAISseServer;
let closedPort: number;
beforeAll(async () => {
  ollama = await startOpenAISseServer();
  const closed = await listen((_req, res) => res.end());
  closedPort = closed.port;
  await closed.close();
});
afterAll(() => ollama.close());

const portOf = (server: OpenAISseServer) => Number(new URL(server.baseUrl).port);

describe('looking for a server on this machine', () => {
  it('knows the usual ports of Ollama, LM Studio and llama.cpp', () => {
    expect(LOCAL_SERVER_PORTS.map((p) => [p.label, p.port])).toEqual(
      expect.arrayContaining([
        ['Ollama', 11434],
        ['LM Studio', 1234],
        ['llama.cpp server', 8080],
      ]),
    );
  });

  it('finds a server, names it Ollama when it answers /api/tags, and lists its models', async () => {
    const found = await probeLocalServers({ ports: [{ kind: 'lm-studio', label: 'LM Studio', port: closedPort }], extraPorts: [portOf(ollama)] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'ollama', label: 'Ollama', baseUrl: `http://127.0.0.1:${portOf(ollama)}/v1` });
    expect(found[0]!.models.map((m) => m.id)).toContain('gleaner-test-engine');
    // One GET for the list, one to name it; nothing else was sent.
    expect(ollama.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/models', 'GET /api/tags']);
  });

  it('reports another OpenAI-compatible server under the name of its port, and skips what is not one', async () => {
    const llamacpp = await listen((req, res) => {
      if (req.url === '/v1/models') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'qwen2.5-1.5b' }] }));
      else res.writeHead(404).end();
    });
    const webPage = await listen((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>a web app, not a model server</p>'));
    try {
      const found = await probeLocalServers({
        ports: [
          { kind: 'llama.cpp', label: 'llama.cpp server', port: llamacpp.port },
          { kind: 'vllm', label: 'vLLM', port: webPage.port },
        ],
      });
      expect(found).toEqual([{ kind: 'llama.cpp', label: 'llama.cpp server', baseUrl: `http://127.0.0.1:${llamacpp.port}/v1`, models: [{ id: 'qwen2.5-1.5b' }] }]);
    } finally {
      await llamacpp.close();
      await webPage.close();
    }
  });

  it('gives up on a port that accepts but never answers', async () => {
    const silent = await listen(() => undefined);
    try {
      expect(await probeLocalServers({ ports: [{ kind: 'jan', label: 'Jan', port: silent.port }], timeoutMs: 300 })).toEqual([]);
    } finally {
      await silent.close();
    }
  });

  it('ignores extra ports that are not ports', async () => {
    expect(await probeLocalServers({ ports: [], extraPorts: [0, -1, 70000, 1.5] })).toEqual([]);
  });
});
