import { describe, expect, it } from 'vitest';
import { StreamClient, StreamServer } from '@/lib/messaging/port';
import { AbortedError, ConnectionError } from '@/lib/messaging/errors';
import { portPair } from '../support/port-pair';

type Methods = {
  count: { params: { to: number }; chunk: number; result: { total: number } };
  wait: { params: Record<string, never>; chunk: never; result: string };
};

function setup() {
  const server = new StreamServer<Methods>({
    count: async ({ to }, ctx) => {
      for (let i = 1; i <= to; i++) ctx.emit(i);
      return { total: to };
    },
    wait: (_params, ctx) =>
      new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => reject(new AbortedError('Stopped.')));
      }),
  });
  const serverPorts: ReturnType<typeof portPair>[1][] = [];
  const client = new StreamClient<Methods>(() => {
    const [clientPort, serverPort] = portPair('engine');
    serverPorts.push(serverPort);
    server.accept(serverPort);
    return clientPort;
  });
  return { server, client, serverPorts };
}

describe('streams over a Port', () => {
  it('deliver chunks in order, then the result', async () => {
    const { client } = setup();
    const chunks: number[] = [];
    await expect(client.call('count', { to: 5 }, { onChunk: (n) => chunks.push(n) })).resolves.toEqual({ total: 5 });
    expect(chunks).toEqual([1, 2, 3, 4, 5]);
  });

  it('cancel on the server when the caller aborts', async () => {
    const { client } = setup();
    const controller = new AbortController();
    const pending = client.call('wait', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it('broadcast events to every connected client', async () => {
    const { server, client } = setup();
    const seen: unknown[] = [];
    client.on('progress', (data) => seen.push(data));
    await client.open();
    server.broadcast('progress', { fraction: 0.5 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([{ fraction: 0.5 }]);
    expect(server.clientCount).toBe(1);
  });

  it('fail pending calls with a retryable error when the host goes away, and reconnect on the next call', async () => {
    const { client, serverPorts } = setup();
    const pending = client.call('wait', {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    serverPorts[0]!.disconnect();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retryable).toBe(true);
    await expect(client.call('count', { to: 1 })).resolves.toEqual({ total: 1 });
    expect(serverPorts).toHaveLength(2);
  });
});
