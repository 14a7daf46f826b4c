/**
 * Looks for an AI server already running on this machine (Ollama, LM Studio,
 * llama.cpp's server, vLLM, Jan, KoboldCpp, text-generation-webui) on the
 * ports they use by default. Only ever run after the person asked for it (the
 * onboarding's button says what it does): it sends one short GET per port to
 * 127.0.0.1 / localhost, nothing leaves the machine, and each try gives up
 * after a short timeout.
 */
import { listServerModels, type ServerModel } from './openai-adapter';

/** A kind of local server and the port it listens on by default. */
export interface LocalServerPort {
  kind: 'ollama' | 'lm-studio' | 'llama.cpp' | 'vllm' | 'jan' | 'koboldcpp' | 'text-generation-webui' | 'openai-compatible';
  label: string;
  port: number;
}

/** The usual ports, most common first. */
export const LOCAL_SERVER_PORTS: readonly LocalServerPort[] = [
  { kind: 'ollama', label: 'Ollama', port: 11434 },
  { kind: 'lm-studio', label: 'LM Studio', port: 1234 },
  { kind: 'llama.cpp', label: 'llama.cpp server', port: 8080 },
  { kind: 'vllm', label: 'vLLM', port: 8000 },
  { kind: 'jan', label: 'Jan', port: 1337 },
  { kind: 'koboldcpp', label: 'KoboldCpp', port: 5001 },
  { kind: 'text-generation-webui', label: 'text-generation-webui', port: 5000 },
];

/** Asked in this order; the first that answers for a port is the one reported. */
const PROBE_HOSTS = ['127.0.0.1', 'localhost'] as const;

/**
 * `storage.local` key of extra loopback ports to look at besides the usual ones. No view
 * writes it: the end-to-end test's stand-in server listens on a random port (a fixed
 * well-known port may be held by a real server on the machine running the tests).
 */
export const PROBE_EXTRA_PORTS_KEY = 'probe.extraPorts';

/** A server found on this machine. */
export interface FoundServer {
  kind: LocalServerPort['kind'];
  label: string;
  /** The API base URL to use, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: string;
  models: ServerModel[];
}

export interface ProbeOptions {
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per request (default 1.5 s: a server on this machine answers in milliseconds; a closed port fails at once). */
  timeoutMs?: number;
  /** More ports to look at (as an unnamed OpenAI-compatible server unless it identifies itself). */
  extraPorts?: readonly number[];
  /** The candidates (default LOCAL_SERVER_PORTS). */
  ports?: readonly LocalServerPort[];
}

/** Ollama answers GET /api/tags with its own model list: that names it whatever its port. */
async function isOllama(origin: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetchImpl(`${origin}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const body = (await response.json()) as { models?: unknown };
    return Array.isArray(body?.models);
  } catch {
    return false;
  }
}

async function probePort(candidate: LocalServerPort, fetchImpl: typeof fetch, timeoutMs: number): Promise<FoundServer | null> {
  for (const host of PROBE_HOSTS) {
    const origin = `http://${host}:${candidate.port}`;
    let models: ServerModel[];
    try {
      models = await listServerModels(`${origin}/v1`, '', fetchImpl, AbortSignal.timeout(timeoutMs));
    } catch {
      continue;
    }
    const ollama = candidate.kind !== 'ollama' && (await isOllama(origin, fetchImpl, timeoutMs));
    return { kind: ollama ? 'ollama' : candidate.kind, label: ollama ? 'Ollama' : candidate.label, baseUrl: `${origin}/v1`, models };
  }
  return null;
}

/** Probes the usual ports (all at once) and returns the servers that answered with an OpenAI-compatible model list. */
export async function probeLocalServers(options: ProbeOptions = {}): Promise<FoundServer[]> {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 1500;
  const known = options.ports ?? LOCAL_SERVER_PORTS;
  const extra = (options.extraPorts ?? [])
    .filter((port) => Number.isInteger(port) && port > 0 && port < 65536 && !known.some((k) => k.port === port))
    .map((port): LocalServerPort => ({ kind: 'openai-compatible', label: 'OpenAI-compatible server', port }));
  const found = await Promise.all([...known, ...extra].map((candidate) => probePort(candidate, fetchImpl, timeoutMs)));
  return found.filter((server): server is FoundServer => server !== null);
}
