/**
 * Versioned settings, kept in `storage.local` (not in Dexie: they are small,
 * read by every context, and must survive a library wipe). Each version bump
 * adds one migration below; `loadSettings` upgrades whatever it finds.
 */

/** The settings as the current version defines them. */
export interface Settings {
  version: typeof SETTINGS_VERSION;
  // ----- library: capture policy
  capture: {
    /** Global pause of automatic capture (on-demand use is always allowed). */
    paused: boolean;
    /** How long a page must stay open (and visible) before it is captured. */
    dwellMs: number;
    /** Sites (hosts) never captured; a subdomain of a listed host is excluded too. */
    excludedSites: string[];
    /** Sensitive pages never captured: `host` or `host/path` globs with `*` (see lib/capture/policy.ts). */
    sensitiveSites: string[];
    /** Skip pages that show a password field (login and payment forms). */
    skipPasswordPages: boolean;
    /** Pages with fewer words are not worth indexing. */
    minWords: number;
  };

  // ----- library: index and storage
  library: {
    /** Storage budget for the library, in MB; the least recently visited pages are evicted past it. */
    budgetMB: number;
    /** Embed passages with the local embedding model for hybrid (lexical + semantic) search. Off by default: it downloads a model. */
    semanticSearch: boolean;
  };

  // ----- engine: backend and model
  engine: {
    /**
     * Which backend answers: WebLLM on the GPU, llama.cpp (WebAssembly) on the CPU,
     * Chrome's built-in model (Prompt API), or an OpenAI-compatible server.
     */
    backend: 'webllm' | 'cpu' | 'builtin' | 'openai' | 'test';
    /** WebLLM model id (catalog or custom); empty until the person picks one. */
    webllmModelId: string;
    /** CPU engine model: a CPU catalog id or the https link of a GGUF file; empty until the person picks one. */
    cpuModelId: string;
    /** CPU engine embedding model for semantic search (catalog id or GGUF link). */
    cpuEmbeddingModelId: string;
    /** CPU threads (0: as many as the host allows; always 1 where it cannot be cross-origin isolated). */
    cpuThreads: number;
    /** WebLLM embedding model for semantic search. */
    embeddingModelId: string;
    /** Base URL of an OpenAI-compatible server, e.g. http://localhost:11434/v1 (requests go only there). */
    serverUrl: string;
    /** Model name on that server (from its /v1/models). */
    serverModel: string;
    /** Optional API key for the server. */
    serverApiKey: string;
    /**
     * The server's context window in tokens, as the person set it (0: the figure the server
     * lists, else 4,096). Ollama lists none; summaries plan their parts with this.
     */
    serverContextWindow: number;
    /** Minutes without requests after which the engine host is closed and the GPU freed. */
    idleMinutes: number;
  };

  // ----- tokens: the token counter
  tokens: {
    /** Count messages as the model sees them, with its chat template. */
    chatTemplate: boolean;
    /** Reference tokenizers shown beside the model's own (names from lib/tokens/registry.ts). */
    referenceTokenizers: string[];
  };

  // ----- answers: summaries and chat
  answers: {
    /** Language of summaries and answers: the page's, or a fixed BCP 47 code. */
    language: 'page' | string;
    /** Default summary style. */
    style: 'key-points' | 'tldr' | 'detailed';
    /** Default summary length. */
    length: 'short' | 'medium' | 'long';
  };
}

export const SETTINGS_VERSION = 1;

/**
 * Sites whose pages are private by nature (banking, mail, health portals,
 * sign-in pages); the person can edit the list. Globs: `host` or `host/path`.
 */
export const DEFAULT_SENSITIVE_SITES: string[] = [
  // banking and payments
  '*.paypal.com',
  '*.chase.com',
  '*.bankofamerica.com',
  '*.wellsfargo.com',
  '*.citi.com',
  '*.hsbc.com',
  '*.barclays.co.uk',
  '*.revolut.com',
  '*.wise.com',
  'dashboard.stripe.com',
  'onlinebanking.*',
  'banking.*',
  '*.banking.*',
  // mail and private documents
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'mail.yahoo.com',
  'mail.proton.me',
  '*.fastmail.com',
  'mail.*',
  'webmail.*',
  'docs.google.com',
  'drive.google.com',
  // health portals
  'mychart.*',
  '*.mychart.com',
  'patient.*',
  'patientportal.*',
  '*.healthvault.com',
  // sign-in and account pages anywhere
  'accounts.google.com',
  'login.*',
  'auth.*',
  'sso.*',
  'signin.*',
  '*/login*',
  '*/signin*',
  '*/sign-in*',
  '*/sign_in*',
  '*/logon*',
  '*/auth/*',
  '*/oauth*',
  '*/password*',
  '*/checkout*',
];
export const SETTINGS_KEY = 'settings';

/** Defaults for a new install. */
export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  capture: {
    paused: false,
    dwellMs: 4000,
    excludedSites: [],
    sensitiveSites: DEFAULT_SENSITIVE_SITES,
    skipPasswordPages: true,
    minWords: 80,
  },
  library: { budgetMB: 1024, semanticSearch: false },
  engine: {
    backend: 'webllm',
    webllmModelId: '',
    cpuModelId: '',
    cpuEmbeddingModelId: 'bge-small-en-v1.5-f16',
    cpuThreads: 0,
    embeddingModelId: 'snowflake-arctic-embed-s-q0f32-MLC-b4',
    serverUrl: '',
    serverModel: '',
    serverApiKey: '',
    serverContextWindow: 0,
    idleMinutes: 10,
  },
  tokens: { chatTemplate: false, referenceTokenizers: ['llama-3', 'qwen2.5', 'gpt-4o', 'gpt-4'] },
  answers: { language: 'page', style: 'key-points', length: 'medium' },
};

/** The embedding model semantic search uses with this engine (null where the backend has none: a server, Chrome's built-in model). */
export function embeddingModelOf(engine: Settings['engine']): string | null {
  if (engine.backend === 'openai' || engine.backend === 'builtin') return null;
  return (engine.backend === 'cpu' ? engine.cpuEmbeddingModelId : engine.embeddingModelId) || null;
}

/** `migrations[n]` turns settings of version n into version n + 1. */
const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

/** The subset of `storage.StorageArea` settings need (real `storage.local` in the extension). */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fills missing keys from `defaults`, recursing into plain objects. */
function withDefaults<T>(defaults: T, value: unknown): T {
  if (!isObject(defaults) || !isObject(value)) return (value === undefined ? defaults : value) as T;
  const out: Record<string, unknown> = { ...value };
  for (const [key, def] of Object.entries(defaults)) out[key] = withDefaults(def, value[key]);
  return out as T;
}

/** Upgrades stored settings of any earlier version to the current one, filling defaults. */
export function migrateSettings(stored: unknown): Settings {
  if (!isObject(stored)) return structuredClone(DEFAULT_SETTINGS);
  let current: Record<string, unknown> = stored;
  let version = typeof current.version === 'number' ? current.version : 0;
  while (version < SETTINGS_VERSION) {
    const step = migrations[version];
    current = step ? step(current) : current;
    version += 1;
    current.version = version;
  }
  return withDefaults(structuredClone(DEFAULT_SETTINGS), current);
}

/** Reads (and upgrades) the settings. */
export async function loadSettings(area: SettingsArea): Promise<Settings> {
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  return migrateSettings(stored);
}

/** Thrown when the stored settings cannot be read or do not make sense. */
export class SettingsUnreadableError extends Error {
  override name = 'SettingsUnreadableError';
}

/** The capture section's fields and their types: a stored value of another type is not trusted. */
const CAPTURE_FIELD_TYPES: Record<keyof Settings['capture'], 'boolean' | 'number' | 'string[]'> = {
  paused: 'boolean',
  dwellMs: 'number',
  excludedSites: 'string[]',
  sensitiveSites: 'string[]',
  skipPasswordPages: 'boolean',
  minWords: 'number',
};

/**
 * Reads the capture settings for a capture decision, failing *closed*: when
 * storage cannot be read, or what it holds is not settings (a stored pause
 * that is not `true`/`false`, an exclusion list that is not a list), this
 * throws instead of falling back to the defaults, which capture everything.
 * Only a fresh install (nothing stored) gets the defaults.
 */
export async function loadCaptureSettings(area: SettingsArea): Promise<Settings['capture']> {
  let stored: unknown;
  try {
    stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch (error) {
    throw new SettingsUnreadableError(`The settings could not be read (${(error as Error)?.message ?? error}).`);
  }
  if (stored === undefined) return structuredClone(DEFAULT_SETTINGS.capture);
  if (!isObject(stored) || (stored.capture !== undefined && !isObject(stored.capture))) {
    throw new SettingsUnreadableError('The stored settings are damaged.');
  }
  const capture = migrateSettings(stored).capture;
  for (const [field, type] of Object.entries(CAPTURE_FIELD_TYPES)) {
    const value = (capture as unknown as Record<string, unknown>)[field];
    const ok =
      type === 'string[]' ? Array.isArray(value) && value.every((item) => typeof item === 'string') : typeof value === type && (type !== 'number' || Number.isFinite(value));
    if (!ok) throw new SettingsUnreadableError(`The stored capture setting "${field}" is damaged.`);
  }
  return capture;
}

/** A deep partial of Settings, for updates. */
export type SettingsPatch = { [K in keyof Settings]?: Settings[K] extends object ? Partial<Settings[K]> : Settings[K] };

/** The name of the Web Lock every context takes to change the settings. */
export const SETTINGS_LOCK = 'gleaner-settings';

/** The part of the Web Locks API (`navigator.locks`) settings writes use. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

let localQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` while holding the settings lock. Every extension context (worker,
 * popup, side panel, offscreen document) shares one origin and so one set of
 * Web Locks: a read-modify-write in one context cannot interleave with another
 * context's. Where Web Locks do not exist (Node), writes of this context are
 * queued one after the other.
 */
export function withSettingsLock<T>(
  fn: () => Promise<T>,
  locks: LockManagerLike | undefined = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks,
): Promise<T> {
  if (locks) return locks.request(SETTINGS_LOCK, fn);
  const run = localQueue.then(fn, fn);
  localQueue = run.catch(() => undefined);
  return run;
}

/**
 * Applies a patch (one level deep per section) and saves the result, as one
 * atomic read-modify-write across contexts (see withSettingsLock). `patch` may
 * be a function of the current settings, for changes that depend on them
 * (adding a site to a list): it runs inside the lock.
 */
export async function updateSettings(area: SettingsArea, patch: SettingsPatch | ((current: Settings) => SettingsPatch)): Promise<Settings> {
  return withSettingsLock(async () => {
    const current = await loadSettings(area);
    const changes = typeof patch === 'function' ? patch(current) : patch;
    const next = { ...current } as Record<string, unknown>;
    for (const [key, value] of Object.entries(changes)) {
      const old = (current as unknown as Record<string, unknown>)[key];
      next[key] = isObject(old) && isObject(value) ? { ...old, ...value } : value;
    }
    const settings = migrateSettings(next);
    await area.set({ [SETTINGS_KEY]: settings });
    return settings;
  });
}
